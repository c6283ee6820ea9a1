"""The 统计汇总表 with its charts page (`report statistics --charts`): the charts follow the table's own numbers."""
from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

import main
from models.db import LedgerDB
from tests.conftest import add_member


@pytest.fixture
def ledger(town_db: LedgerDB, db_path: Path) -> Path:
    for i in range(3):
        add_member(town_db, f"院上{i}", birth=f"197{i}-05-06")
    add_member(town_db, "姜一", village="姜家庄村", category="预备党员", full_date="", join_date="2026-03-01",
               birth="2000-01-01")
    return db_path


def pdf_pages(path: Path) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(str(path)).pages]


def test_the_charts_page_is_added_on_request(ledger: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) \
        -> None:
    plain, charts = tmp_path / "plain.pdf", tmp_path / "charts.pdf"
    assert main.main(["--db", str(ledger), "report", "statistics", "--out", str(plain)]) == 0
    assert main.main(["--db", str(ledger), "report", "statistics", "--charts", "--out", str(charts)]) == 0
    capsys.readouterr()
    assert len(pdf_pages(plain)) == 1 and "统计图表" not in pdf_pages(plain)[0]
    pages = pdf_pages(charts)
    assert len(pages) == 2 and "统计图表" not in pages[0]
    page = pages[1]
    for text in ("统计图表", "各村（社区）党员人数", "年龄结构", "学历", "人员类别", "院上村", "姜家庄村", "正式党员",
                 "预备党员"):
        assert text in page, text
    # the bar labels are the table's numbers: 院上村 3, 姜家庄村 1; 正式 3, 预备 1
    assert "1\n3\n姜家庄村\n院上村" in page and "人员类别\n3\n1\n正式党员\n预备党员" in page
    assert "0.5" not in page  # whole people on the axes
