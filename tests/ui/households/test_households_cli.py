"""The households area on the command line: `reminders` carries its five kinds with village, subject and a
Chinese reason."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import main
from models import households as hh
from models.db import LedgerDB
from tests.conftest import add_member


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_reminders_json_carries_the_central_household_kinds(town_db: LedgerDB, db_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    vid, gid = town_db.execute("SELECT village_id, id FROM grids WHERE name = '第一网格'").fetchone()
    d = hh.designate(town_db, add_member(town_db, "王芳", grid="第一网格"), "2025-01-01")
    linked = hh.save_household(town_db, hh.Household("刘一", vid, gid, persons=2))
    hh.link_household(town_db, linked, d, "2026-01-01")
    hh.save_household(town_db, hh.Household("孙二", vid, gid, persons=1, tags=("空巢老人",)))
    code, out, _ = run(capsys, "--db", str(db_path), "reminders", "--json")
    assert code == 0
    found = {(r["kind"], r["village"], r["subject"]) for r in json.loads(out)["reminders"]}
    assert found == {("central_too_few", "院上村", "王芳"), ("grid_without_central", "院上村", "第二网格"),
                     ("household_unlinked", "院上村", "孙二"), ("household_not_visited", "院上村", "刘一")}
    reasons = {r["kind"]: r["reason"] for r in json.loads(out)["reminders"]}
    assert reasons["household_not_visited"] == "自 2026-01-01 确定联系以来未走访已满 3 个月（联系人：王芳）"
    assert reasons["central_too_few"] == "党员中心户只联系 1 户，少于 5 户"
