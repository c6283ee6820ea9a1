"""`stats`: the home page's figures as text or in the issue's JSON shape, for the town or one village, on a day."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import main
from models.db import LedgerDB
from tests.conftest import add_member

KEYS = ["villages", "grids", "members", "full", "probationary", "central_households", "weak_villages",
        "weak_villages_covered", "rectification_open", "rectification_overdue", "by_village", "age_bands",
        "education_bands", "join_decades"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def ledger(town_db: LedgerDB, db_path: Path) -> Path:
    add_member(town_db, "张伟", birth="1990-11-27", join_date="2015-07-01", full_date="2016-07-01")
    add_member(town_db, "李娜", birth="1960-03-01", male=False, village="姜家庄村", join_date="1985-06")
    add_member(town_db, "王强", category="预备党员", full_date="", join_date="2026-02-01")
    return db_path


def test_stats_json_has_exactly_the_issue_shape(ledger: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(ledger), "stats", "--json")
    data = json.loads(out)
    assert code == 0 and list(data) == KEYS
    assert (data["villages"], data["grids"], data["members"], data["full"], data["probationary"]) == (2, 2, 3, 2, 1)
    assert data["by_village"] == [{"village": "姜家庄村", "members": 1}, {"village": "院上村", "members": 2}]
    assert data["age_bands"][0] == {"band": "35岁及以下", "男": 1, "女": 0}  # 张伟 turns 36 tomorrow
    assert {"band": "61-70岁", "男": 0, "女": 1} in data["age_bands"]
    assert {"decade": "1980年代", "count": 1} in data["join_decades"]


def test_stats_as_of_a_day_and_for_a_village(ledger: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(ledger), "stats", "--json", "--as-of", "2026-11-27")
    assert code == 0 and json.loads(out)["age_bands"][1] == {"band": "36-45岁", "男": 1, "女": 0}
    code, out, _ = run(capsys, "--db", str(ledger), "stats", "--village", "姜家庄村")
    assert code == 0 and "姜家庄村" in out and "在册党员 1 名" in out and "各村党员" not in out


def test_stats_bad_input_is_named(ledger: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--db", str(ledger), "stats", "--village", "无此村")
    assert code == 1 and "没有名为“无此村”的村（社区）" in err
    code, _, err = run(capsys, "--db", str(ledger), "stats", "--as-of", "2026-02-30")
    assert code == 2 and "--as-of “2026-02-30”应为日期" in err
