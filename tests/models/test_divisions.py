"""The shipped GB/T 2260 list: current and retired county codes are known, never-issued ones are not."""
from __future__ import annotations

import pytest

from models import divisions


@pytest.mark.parametrize("code, known, described", [
    ("370285", True, "370285 莱西市"), ("370225", True, "370225 莱西县（1989 年撤销）"),
    ("110103", True, "110103 崇文区（2009 年撤销）"), ("370000", True, "370000 山东省"),
    ("710000", True, "710000 台湾省"), ("111111", False, "111111"), ("999999", False, "999999"),
])
def test_known_codes(code: str, known: bool, described: str) -> None:
    assert divisions.is_known(code) is known
    assert divisions.describe(code) == described
    assert (divisions.unknown_code_warning(code) is None) is known


def test_the_list_is_whole_and_carries_its_licence() -> None:
    lines = [ln for ln in divisions.SOURCE.read_text(encoding="utf-8").splitlines() if ln and ln[0] != "#"]
    assert len({ln[:6] for ln in lines}) > 7000
    assert sum(1 for ln in lines if ln.split("\t")[3]) > 3000  # retired codes are there
    assert "MIT" in (divisions.SOURCE.parent / "gbt2260.LICENSE").read_text(encoding="utf-8")
