"""Reminders marked handled: hidden while their cause (date) is the one marked, back when it changes or the mark
is undone; every mark audited; a reader may not mark."""
from __future__ import annotations

import datetime as dt

import pytest

from models import accounts, home
from models.audit import PermissionDenied
from models.db import LedgerDB
from tests.conftest import add_member

DAY = dt.date(2026, 11, 26)


@pytest.fixture
def due_db(town_db: LedgerDB) -> LedgerDB:
    add_member(town_db, "李四", category="预备党员", full_date="", join_date="2025-12-10")  # due 2026-12-10
    add_member(town_db, "王五", category="预备党员", full_date="", join_date="2025-12-20")  # due 2026-12-20
    return town_db


def subjects(rows: list) -> list[str]:  # type: ignore[type-arg]
    return [getattr(r, "reminder", r).subject for r in rows]


def test_a_handled_reminder_is_hidden_kept_and_audited(due_db: LedgerDB) -> None:
    open_, handled = home.current(due_db, DAY)
    assert subjects(open_) == ["李四", "王五"] and handled == []
    home.mark_handled(due_db, open_[0], "已召开支部大会讨论转正")
    open_, handled = home.current(due_db, DAY)
    assert subjects(open_) == ["王五"] and subjects(handled) == ["李四"]
    assert handled[0].note == "已召开支部大会讨论转正" and handled[0].handled_at.startswith("2026-11-26")
    action, summary = due_db.execute("SELECT action, summary FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert action == "标记提醒已办" and "李四" in summary and "已召开支部大会讨论转正" in summary
    # the engine itself is unchanged: the `reminders` verb still lists both
    from models.reminders import due
    assert subjects(due(due_db, DAY)) == ["李四", "王五"]


def test_undone_or_a_changed_cause_brings_it_back(due_db: LedgerDB) -> None:
    first = home.current(due_db, DAY)[0][0]
    home.mark_handled(due_db, first)
    # the join date was corrected: the probation now ends on another day, so the reminder is new again
    due_db.execute("UPDATE members SET join_date = '2025-12-12' WHERE name = '李四'")
    open_, handled = home.current(due_db, DAY)
    assert subjects(open_) == ["李四", "王五"] and handled == []
    again = open_[0]
    home.mark_handled(due_db, again)
    assert subjects(home.current(due_db, DAY)[1]) == ["李四"]
    home.unmark(due_db, again)
    assert subjects(home.current(due_db, DAY)[0]) == ["李四", "王五"]
    assert due_db.execute("SELECT status FROM handled_reminders").fetchall() == [("已撤销",)]  # kept
    with pytest.raises(home.HandledError, match="没有标记为已办"):
        home.unmark(due_db, again)


def test_a_reader_may_not_mark_and_a_long_note_is_refused(due_db: LedgerDB) -> None:
    r = home.current(due_db, DAY)[0][0]
    with pytest.raises(home.HandledError, match="最多 200 字"):
        home.mark_handled(due_db, r, "很" * 201)
    accounts.create_first_admin(due_db, "admin", "secret-pass-1")
    accounts.add_account(due_db, "reader", "查阅", "secret-pass-1")
    accounts.login(due_db, "reader", "secret-pass-1")
    with pytest.raises(PermissionDenied):
        home.mark_handled(due_db, r)
    assert due_db.execute("SELECT count(*) FROM handled_reminders").fetchone()[0] == 0
