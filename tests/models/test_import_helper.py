"""A large roster's check is shared with a second process (models.importing.helper): the plan — rows, problems
named by sheet and row, duplicates between the two halves, counts — is the one a single process makes, and a
helper that fails or an import that is cancelled leaves no process behind and loses nothing."""
from __future__ import annotations

import datetime as dt
import marshal
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from models import idcard, pinyin
from models.db import LedgerDB, open_database
from models.entities import MemberQuery
from models.importing import ImportCancelled, helper, import_members, prepare_import
from models.importing import check as check_module
from models.members import search_members, search_text
from tests.models.test_import_files import write_xlsx

HEADER = ["姓名", "公民身份号码", "性别", "人员类别", "入党日期", "联系电话", "所在村", "网格", "备注"]
TODAY = dt.date(2026, 12, 1)


def _row(i: int, village: str) -> list[object]:
    number = idcard.make("370285", dt.date(1960, 1, 1) + dt.timedelta(days=37 * i), i % 2)
    return [f"党员{i}", number, "男" if i % 2 else "女", "正式党员", "1995-07-01", f"1380000{i:04d}", village,
            f"第{i % 3 + 1}网格", ""]


@pytest.fixture()
def roster(tmp_path: Path) -> Path:
    """Two sheets of 60 members; problems near the top and the bottom of each sheet, so in both halves."""
    one = [_row(i, "院上村") for i in range(60)]
    two = [_row(100 + i, "姜家庄村") for i in range(60)]
    one[2][1] = "370285199913320000"  # a wrong identity number: first half
    one[40][4] = "2030-01-01"  # a date after today
    two[5][5] = "12345"  # a wrong phone number: second half
    two[50][2] = "未知"  # a wrong gender
    two[58][1] = one[10][1]  # the same person in both halves: both rows rejected, each naming the other
    one[20][8] = "工作岗位：外出务工"  # harmless
    two[30][3] = "预备党员"
    two[20][4] = dt.datetime(1996, 7, 1)  # a date cell: the rows go to the helper by pickle, not marshal
    return write_xlsx(tmp_path / "roster.xlsx", {"一村": [HEADER, *one], "二村": [["二村党员名册"], HEADER, *two]})


def _plan(db: LedgerDB, path: Path) -> dict[str, Any]:
    plan = prepare_import(db, path, today=TODAY)
    return {"rows": [(r.sheet, r.row, r.values, r.village, r.grid, r.present) for r in plan.rows],
            "errors": plan.errors, "warnings": plan.warnings, "rejected": plan.rejected_rows,
            "sheets": plan.sheets, "ignored": (plan.ignored_sheets, plan.ignored_columns)}


@pytest.fixture()
def helpers(monkeypatch: pytest.MonkeyPatch) -> list[helper.Helper]:
    """Every helper started (a roster of any size gets one)."""
    started: list[helper.Helper] = []
    start = helper.start

    def recording(*args: Any, **kwargs: Any) -> helper.Helper | None:
        made = start(*args, **kwargs)
        if made:
            started.append(made)
        return made

    monkeypatch.setattr(helper, "MIN_BYTES", 0)
    monkeypatch.setattr(helper, "start", recording)
    return started


@pytest.mark.parametrize("meet", [0, 3, 6])
def test_wherever_the_two_meet_the_plan_is_the_same(tmp_path: Path, roster: Path, meet: int,
                                                    helpers: list[helper.Helper],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The helper's 55 rows in chunks of 10; this process waits until the helper has sent chunks `meet`… (all
    six, three, none) and checks the ones below itself. Rows, problems and counts are those of one process."""
    monkeypatch.setattr(helper, "CHUNK", 10)
    monkeypatch.setattr(helper, "SHARE", 0.45)
    total = 1 + 60 + 2 + 60
    split = helper.split(total)
    spans = helper.chunks(split, total)
    assert len(spans) == 6
    has = helper.Helper.has

    def waiting(self: helper.Helper, chunk: int) -> bool:  # as if the helper had sent chunks meet… when asked
        deadline = time.monotonic() + 30
        while self.lowest > meet and time.monotonic() < deadline and meet < len(spans):
            time.sleep(0.01)
        return chunk >= meet and has(self, chunk)

    monkeypatch.setattr(helper.Helper, "has", waiting)
    if meet == len(spans):  # a helper that never sends anything
        monkeypatch.setattr(sys, "executable", shutil.which("false"))
    db = open_database(tmp_path / "t.db")
    checked: list[tuple[int, int]] = []
    check_part = check_module.check_part
    monkeypatch.setattr(check_module, "check_part", lambda *a, **k: checked.append(a[2]) or check_part(*a, **k))
    shared = _plan(db, roster)
    assert len(helpers) == 1 and helpers[0].process.poll() is not None, "stopped once the two met"
    assert checked == [(0, split)] + spans[:meet], "this process checked its rows and the chunks below `meet`"
    monkeypatch.setenv("GRIDLEDGER_IMPORT_HELPER", "0")
    alone = _plan(db, roster)
    assert len(helpers) == 1, "no helper when it is switched off"
    assert shared == alone
    rows = {(e.sheet, e.row, e.column) for e in alone["errors"]}
    assert {("一村", 4, "公民身份号码"), ("一村", 42, "入党日期"), ("二村", 8, "联系电话"), ("二村", 53, "性别"),
            ("一村", 12, "公民身份号码"), ("二村", 61, "公民身份号码")} <= rows
    clash = [e.message for e in alone["errors"] if (e.sheet, e.row) == ("一村", 12)]
    assert clash == ["公民身份号码与“二村”第 61 行重复，同一人只能有一行"]
    assert alone["rejected"] == 6 and len(alone["rows"]) == 114
    assert [s.rows for s in alone["sheets"]] == [60, 60]


def test_an_import_with_the_helper_stores_what_save_member_stores(tmp_path: Path, roster: Path,
                                                                  helpers: list[helper.Helper]) -> None:
    db = open_database(tmp_path / "t.db")
    result = import_members(db, roster, skip_invalid=True)
    assert (result.imported, len(helpers)) == (114, 1)
    for m in search_members(db, MemberQuery(statuses=())):
        stored = db.execute("SELECT search_text, sort_key FROM members WHERE id = ?", [m.id]).fetchone()
        assert stored == (search_text(m), pinyin.name_sort_key(m.name)), m.name


@pytest.mark.parametrize("failure", ["no program", "bad answer"])
def test_a_helper_that_fails_leaves_the_check_to_the_import(tmp_path: Path, roster: Path, failure: str,
                                                            helpers: list[helper.Helper],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    db = open_database(tmp_path / "t.db")
    monkeypatch.setenv("GRIDLEDGER_IMPORT_HELPER", "0")
    alone = _plan(db, roster)
    monkeypatch.delenv("GRIDLEDGER_IMPORT_HELPER")
    if failure == "no program":  # the helper exits at once, before it reads a row
        monkeypatch.setattr(sys, "executable", shutil.which("false"))
    else:  # it gets a request it cannot read and ends with a traceback (on its own stderr, not the clerk's)
        monkeypatch.setattr(helper, "_dumps", lambda data: b"M" + marshal.dumps({"no": "rows"}))
    failed = _plan(db, roster)
    assert len(helpers) == 1 and helpers[0].process.poll() is not None
    assert helpers[0].process.poll() in (1, -9) or failure == "no program", "the helper itself failed"
    assert failed == alone
    result = import_members(db, roster, skip_invalid=True)
    assert (result.imported, result.skipped) == (114, 6)


def test_a_cancelled_import_stops_its_helper(tmp_path: Path, roster: Path, helpers: list[helper.Helper]) -> None:
    db = open_database(tmp_path / "t.db")
    with pytest.raises(ImportCancelled):
        prepare_import(db, roster, today=TODAY, cancelled=lambda: True)
    assert len(helpers) == 1 and helpers[0].process.poll() is not None, "no process left running"
    assert db.execute("SELECT count(*) FROM members").fetchone()[0] == 0


@pytest.fixture()
def stuck(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A helper that never answers (a program that only sleeps in its place)."""
    script = tmp_path / "stuck.sh"
    script.write_text("#!/bin/sh\nexec sleep 60\n")
    script.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(script))


def test_a_helper_that_never_answers_is_stopped_and_the_import_checks_the_rest(
        tmp_path: Path, roster: Path, helpers: list[helper.Helper], stuck: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    db = open_database(tmp_path / "t.db")
    monkeypatch.setenv("GRIDLEDGER_IMPORT_HELPER", "0")
    alone = _plan(db, roster)
    monkeypatch.delenv("GRIDLEDGER_IMPORT_HELPER")
    started = time.monotonic()
    assert _plan(db, roster) == alone
    assert time.monotonic() - started < 10
    assert len(helpers) == 1 and helpers[0].process.poll() is not None, "stopped, not left sleeping"


def test_a_cancel_while_the_helper_works_stops_both(tmp_path: Path, roster: Path, helpers: list[helper.Helper],
                                                    stuck: None) -> None:
    db = open_database(tmp_path / "t.db")
    asked: list[bool] = []  # asked after the file is read, then before each chunk this process takes over

    def cancelled() -> bool:  # not yet when the file has been read; then at once
        asked.append(True)
        return len(asked) > 1

    started = time.monotonic()
    with pytest.raises(ImportCancelled):
        prepare_import(db, roster, today=TODAY, cancelled=cancelled)
    assert time.monotonic() - started < 10, "the clerk does not wait for the helper"
    assert len(helpers) == 1 and helpers[0].reader is not None and helpers[0].process.poll() is not None
