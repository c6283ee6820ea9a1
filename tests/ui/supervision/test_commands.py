"""The supervision area on the command line: `reminders` gains rectification_overdue, rectification_due and
project_related_party (JSON as the other kinds)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import main
from models import supervision as sv
from models.db import LedgerDB


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def ledger(town_db: LedgerDB, db_path: Path) -> Path:
    v = int(town_db.execute("SELECT id FROM villages WHERE name = '院上村'").fetchone()[0])
    sv.save_problem(town_db, sv.Problem(v, "三务公开不及时", "程序监督", "2026-10-01", "2026-11-20"))
    sv.save_problem(town_db, sv.Problem(v, "会议记录不全", "组织监督", "2026-10-01", "2026-11-27"))
    sv.save_problem(town_db, sv.Problem(v, "远期问题", "制度监督", "2026-10-01", "2027-01-27"))
    sv.save_business(town_db, sv.Business(v, "莱西市鑫达建筑有限公司", "王小二", "儿子", "王书记"))
    sv.save_project(town_db, sv.Project(v, "村道硬化", 35.5, "村委会", "莱西市鑫达建筑有限责任公司"))
    return db_path


def test_reminders_json_has_the_supervision_kinds(ledger: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(ledger), "reminders", "--json")
    assert code == 0
    got = {r["kind"]: r for r in json.loads(out)["reminders"]}
    assert set(got) == {"rectification_overdue", "rectification_due", "project_related_party"}
    assert "逾期 6 天" in got["rectification_overdue"]["reason"]
    assert got["rectification_due"]["subject"] == "会议记录不全" and got["rectification_due"]["date"] == "2026-11-27"
    assert got["project_related_party"]["subject"] == "村道硬化"
    assert "莱西市鑫达建筑有限公司" in got["project_related_party"]["reason"]


def test_reminders_as_of_later_counts_more_overdue(ledger: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(ledger), "reminders", "--as-of", "2026-12-01")
    assert code == 0
    assert "逾期 11 天" in out and "逾期 4 天" in out and "远期问题" not in out
