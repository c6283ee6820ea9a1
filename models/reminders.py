"""Reminders: what the rules say the clerk must see to, on a given day.

`due(db, as_of)` gathers every area's reminders, sorted by date. The core rules (members) live here; each later
area adds its own `reminders(db, as_of) -> list[Reminder]` to `models.areas.AREAS`, and `due` asks each of them.
Evaluating on another day (`--as-of`) never changes what is stored.

Kinds (documented in the README):
- `probation_due`: a 预备党员's one-year probation ends within 30 days (date: the day it ends);
- `probation_overdue`: the probation has ended and the member is still 预备党员 (date: the day it ended);
- `lost_contact`: a member 失联 for 6 months or more (date: the day six months were reached).
"""
from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass

from . import clock
from .dates import add_years, earliest
from .db import LedgerDB

PROBATION_NOTICE_DAYS = 30
LOST_CONTACT_MONTHS = 6


@dataclass(frozen=True)
class Reminder:
    kind: str
    date: str        # ISO date the reminder is about (a deadline, or when the condition was reached)
    village: str
    subject: str     # who or what (a member's name, a grid, a village)
    reason: str      # one Chinese sentence
    record: str = ""  # where the window goes on a click: "members:123", "villages:4" …

    def as_json(self) -> dict[str, str]:
        # built directly: dataclasses.asdict deep-copies, a fifth of `reminders --json` on a big town
        return {"kind": self.kind, "date": self.date, "village": self.village, "subject": self.subject,
                "reason": self.reason}


def add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    y, m = day.year + year, month + 1
    last = (dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(y, m, min(day.day, last))


def member_reminders(db: LedgerDB, as_of: dt.date) -> list[Reminder]:
    out: list[Reminder] = []
    rows = db.execute(
        "SELECT m.id, m.name, v.name, m.category, m.join_date, m.lost_contact, m.lost_date FROM members m"
        " JOIN villages v ON v.id = m.village_id WHERE m.status = '在册'"
        " AND ((m.category = '预备党员' AND m.join_date != '') OR m.lost_contact)").fetchall()
    horizon = as_of + dt.timedelta(days=PROBATION_NOTICE_DAYS)
    for mid, name, village, category, join_date, lost, lost_date in rows:
        record = f"members:{mid}"
        if category == "预备党员" and join_date:
            try:
                ends = add_years(earliest(join_date), 1)
            except ValueError:
                continue
            if ends < as_of:
                out.append(Reminder("probation_overdue", ends.isoformat(), village, name,
                                    f"预备期已于 {ends.isoformat()} 期满，尚未办理转正"
                                    "（或延长预备期、取消预备党员资格）",
                                    record))
            elif ends <= horizon:
                out.append(Reminder("probation_due", ends.isoformat(), village, name,
                                    f"预备期将于 {ends.isoformat()} 期满（还有 {(ends - as_of).days} 天），"
                                    "请及时讨论转正",
                                    record))
        if lost and lost_date:
            try:
                reached = add_months(earliest(lost_date), LOST_CONTACT_MONTHS)
            except ValueError:
                continue
            if reached <= as_of:
                out.append(Reminder("lost_contact", reached.isoformat(), village, name,
                                    f"自 {lost_date} 失去联系已满 {LOST_CONTACT_MONTHS} 个月，请按规定查找或处置",
                                    record))
    return out


def due(db: LedgerDB, as_of: dt.date | None = None) -> list[Reminder]:
    """Every reminder on as_of (default: today by the program's clock), sorted by date, then village, subject."""
    day = as_of or clock.today()
    found = member_reminders(db, day)
    from .areas import AREAS
    for name in AREAS:
        module = importlib.import_module(f"models.{name}")
        collect = getattr(module, "reminders", None)
        if collect is not None:
            found += collect(db, day)
    return sorted(found, key=lambda r: (r.date, r.village, r.subject, r.kind))


def in_town(db: LedgerDB, reminders: list[Reminder], town_key: str) -> list[Reminder]:
    """The reminders about one town of a district's database (issue 17). A reminder's record ("members:12",
    "grids:3", "sv_problems:7" …) is a row of a village, and the village carries its town: the row's village
    decides (a village's own record, its own town key). A reminder with no record belongs to no one town."""
    wanted: dict[str, set[int]] = {}
    for r in reminders:
        table, _, ident = r.record.partition(":")
        if ident.isdigit():
            wanted.setdefault(table, set()).add(int(ident))
    known = {str(row[0]) for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    mine: dict[str, set[int]] = {}
    for table in wanted:
        if table not in known:
            continue
        columns = {str(row[1]) for row in db.execute(f'PRAGMA table_info("{table}")')}
        if table == "villages" or "village_id" not in columns:
            if "town_key" not in columns:
                continue
            sql = f'SELECT id FROM "{table}" WHERE town_key = ?'
        else:
            sql = f'SELECT t.id FROM "{table}" t JOIN villages v ON v.id = t.village_id WHERE v.town_key = ?'
        mine[table] = {int(row[0]) for row in db.execute(sql, [town_key])}
    out = []
    for r in reminders:
        table, _, ident = r.record.partition(":")
        if ident.isdigit() and int(ident) in mine.get(table, ()):
            out.append(r)
    return out
