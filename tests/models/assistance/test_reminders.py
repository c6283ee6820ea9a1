"""The area's reminders at their boundaries, through the shared `reminders.due`."""
from __future__ import annotations

import datetime as dt

import pytest

from models import assistance as a
from models.db import LedgerDB
from models.reminders import due
from tests.models.assistance.helpers import weak_town

AS_OF = dt.date(2026, 11, 26)


def kinds(db: LedgerDB, day: dt.date = AS_OF) -> list[tuple[str, str, str]]:
    return [(r.kind, r.village, r.subject) for r in due(db, day) if r.kind in
            ("four_ones_missing", "posting_ending", "assistance_no_log")]


def test_one_missing_reminder_per_missing_slot_naming_it(db: LedgerDB) -> None:
    weak_town(db)
    found = [r for r in due(db, AS_OF) if r.kind == "four_ones_missing"]
    assert [(r.village, r.subject) for r in found] == [
        ("姜家庄村", "区市部门结对"), ("姜家庄村", "区市领导联系"), ("姜家庄村", "第一书记驻点"), ("姜家庄村", "镇街领导帮包")]
    assert all("缺少" in r.reason and r.subject in r.reason for r in found)


@pytest.mark.parametrize(("days", "reminded"), [(29, True), (30, True), (31, False), (-1, False)])
def test_posting_ending_within_30_days(db: LedgerDB, days: int, reminded: bool) -> None:
    ids = weak_town(db)
    end = (AS_OF + dt.timedelta(days=days)).isoformat()
    a.assign(db, ids["姜家庄村"], 2026, "first_secretary", a.Person("郑洁", "第一书记", "13700000001"),
             posting_start="2024-12-01", posting_end=end)
    found = [r for r in due(db, AS_OF) if r.kind == "posting_ending"]
    assert [(r.village, r.subject, r.date) for r in found] == ([("姜家庄村", "郑洁", end)] if reminded else [])
    if reminded:
        assert f"还有 {days} 天" in found[0].reason


@pytest.mark.parametrize(("days", "reminded"), [(59, False), (60, True), (61, True)])
def test_no_log_for_60_days(db: LedgerDB, days: int, reminded: bool) -> None:
    ids = weak_town(db)
    for kind in a.KINDS:
        slot = a.holder(db, ids["院上村"], 2026, kind)
        a.add_log(db, slot.id, (AS_OF - dt.timedelta(days=days)).isoformat(), "座谈")  # type: ignore[union-attr]
    found = [r for r in due(db, AS_OF) if r.kind == "assistance_no_log" and r.village == "院上村"]
    assert len(found) == (4 if reminded else 0)


def test_a_replaced_holder_is_not_reminded_and_a_class_change_drops_reminders(db: LedgerDB) -> None:
    ids = weak_town(db)
    a.set_class(db, ids["姜家庄村"], 2026, "创优", 3)
    assert [k for k in kinds(db) if k[0] == "four_ones_missing"] == []
    a.assign(db, ids["院上村"], 2026, "first_secretary", a.Person("郑洁", "第一书记", "13700000001"),
             posting_start="2026-11-01", posting_end="2028-10-31", since="2026-11-01")
    assert ("assistance_no_log", "院上村", "孙丽") not in kinds(db)
    assert not [k for k in kinds(db) if k[0] == "posting_ending"]


def test_no_classes_no_reminders(db: LedgerDB) -> None:
    assert kinds(db) == []
