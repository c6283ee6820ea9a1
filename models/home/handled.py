"""Reminders marked handled (已办): kept, hidden from the list, audited — and back as soon as their cause changes.

A reminder is the same reminder when its kind, record, village and subject match; its cause is its date (the
deadline, or the day the condition was reached). A reminder marked handled whose date has since moved (a new
deadline, a new loss of contact) is open again. Un-marking (撤销已办) shows it again at once.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import clock
from ..audit import changing
from ..db import LedgerDB
from ..errors import Refused
from ..reminders import Reminder, due, in_town


class HandledError(Refused):
    """A reminder that cannot be marked (or un-marked) as asked."""


@dataclass(frozen=True)
class Handled:
    reminder: Reminder
    handled_at: str
    handled_by: str
    note: str


def reminder_key(r: Reminder) -> str:
    return "|".join((r.kind, r.record, r.village, r.subject))


def _marks(db: LedgerDB) -> dict[str, tuple[str, str, str, str]]:
    return {key: (cause, at, by, note) for key, cause, at, by, note in db.execute(
        "SELECT reminder_key, cause, handled_at, handled_by, note FROM handled_reminders WHERE status = '已办'")}


def split(db: LedgerDB, reminders: list[Reminder]) -> tuple[list[Reminder], list[Handled]]:
    """(still open, handled): a mark counts only while the reminder's cause (date) is the one marked."""
    marks = _marks(db)
    open_, handled = [], []
    for r in reminders:
        mark = marks.get(reminder_key(r))
        if mark is not None and mark[0] == r.date:
            handled.append(Handled(r, mark[1], mark[2], mark[3]))
        else:
            open_.append(r)
    return open_, handled


def current(db: LedgerDB, as_of: dt.date | None = None, *,
            town_key: str | None = None) -> tuple[list[Reminder], list[Handled]]:
    """Every area's reminders on as_of, split into open and handled; in a district's database those about one
    town when town_key is given."""
    found = due(db, as_of)
    return split(db, in_town(db, found, town_key) if town_key else found)


def mark_handled(db: LedgerDB, r: Reminder, note: str = "") -> None:
    key = reminder_key(r)
    note = note.strip()
    if len(note) > 200:
        raise HandledError(f"办理说明最多 200 字（现有 {len(note)} 字）")
    before = db.execute("SELECT id, cause, status, note FROM handled_reminders WHERE reminder_key = ?",
                        (key,)).fetchone()
    summary = f"{r.village} {r.subject}：{r.reason}" + (f"（{note}）" if note else "")
    with changing(db, "标记提醒已办") as log:
        at = clock.local_stamp()
        values = (r.kind, r.village, r.subject, r.date, r.reason, note, at, db.user or "", "已办")
        if before is None:
            cur = db.execute("INSERT INTO handled_reminders (kind, village, subject, cause, reason, note, handled_at,"
                             " handled_by, status, reminder_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             values + (key,))
            log.record("handled_reminders", cur.lastrowid, summary, None, {"cause": r.date, "status": "已办"})
        else:
            db.execute("UPDATE handled_reminders SET kind = ?, village = ?, subject = ?, cause = ?, reason = ?,"
                       " note = ?, handled_at = ?, handled_by = ?, status = ? WHERE id = ?", values + (before[0],))
            log.record("handled_reminders", before[0], summary,
                       {"cause": before[1], "status": before[2], "note": before[3]},
                       {"cause": r.date, "status": "已办", "note": note})


def unmark(db: LedgerDB, r: Reminder) -> None:
    row = db.execute("SELECT id, cause FROM handled_reminders WHERE reminder_key = ? AND status = '已办'",
                     (reminder_key(r),)).fetchone()
    if row is None:
        raise HandledError(f"这条提醒没有标记为已办：{r.village} {r.subject}")
    with changing(db, "撤销提醒已办") as log:
        db.execute("UPDATE handled_reminders SET status = '已撤销' WHERE id = ?", (row[0],))
        log.record("handled_reminders", row[0], f"{r.village} {r.subject}：{r.reason}",
                   {"status": "已办"}, {"status": "已撤销"})
