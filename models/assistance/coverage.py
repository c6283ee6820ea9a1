"""Coverage at a glance: the matrix of 强基 villages × the four slots on a chosen day (holder, entry count and
last log date per cell), its counts and filters, and the area's reminders."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..db import LedgerDB
from ..reminders import Reminder
from .classes import WEAK
from .slots import KIND_NAMES, KINDS, Person

POSTING_NOTICE_DAYS = 30
NO_LOG_DAYS = 60


@dataclass(frozen=True)
class Cell:
    slot_id: int | None = None
    person: Person | None = None
    held_from: str = ""
    posting_end: str = ""
    entries: int = 0
    last_log: str = ""

    @property
    def missing(self) -> bool:
        return self.slot_id is None

    def silent_since(self) -> str:
        """The day the slot's silence is counted from: its last log entry, or the day its holder started."""
        return self.last_log or self.held_from


@dataclass(frozen=True)
class Row:
    village_id: int
    village: str
    stars: int | None
    cells: dict[str, Cell] = field(default_factory=dict)

    @property
    def missing(self) -> list[str]:
        return [k for k in KINDS if self.cells[k].missing]


@dataclass(frozen=True)
class Matrix:
    year: int
    day: dt.date
    rows: list[Row]

    @property
    def weak(self) -> int:
        return len(self.rows)

    @property
    def covered(self) -> int:
        return sum(1 for r in self.rows if not r.missing)

    def missing_by_kind(self) -> dict[str, int]:
        return {k: sum(1 for r in self.rows if r.cells[k].missing) for k in KINDS}

    def filtered(self, *, missing_any: bool = False, ending_within: int | None = None,
                 no_log_days: int | None = None) -> list[Row]:
        out = self.rows
        if missing_any:
            out = [r for r in out if r.missing]
        if ending_within is not None:
            out = [r for r in out if posting_ends_within(r.cells["first_secretary"], self.day, ending_within)]
        if no_log_days is not None:
            out = [r for r in out if any(silent(r.cells[k], self.day, no_log_days) for k in KINDS)]
        return out


def posting_ends_within(cell: Cell, day: dt.date, days: int) -> bool:
    if cell.missing or not cell.posting_end:
        return False
    left = (dt.date.fromisoformat(cell.posting_end) - day).days
    return 0 <= left <= days


def silent(cell: Cell, day: dt.date, days: int) -> bool:
    since = cell.silent_since()
    return not cell.missing and bool(since) and (day - dt.date.fromisoformat(since)).days >= days


def class_year(db: LedgerDB, day: dt.date) -> int | None:
    """The year whose classes apply on `day`: its own year, or the latest classed year before it."""
    row = db.execute("SELECT max(year) FROM village_years WHERE year <= ? AND class != ''", [day.year]).fetchone()
    return int(row[0]) if row and row[0] is not None else None


def matrix(db: LedgerDB, year: int, day: dt.date | None = None, *, town_key: str | None = None) -> Matrix:
    """One row per village classed 强基 in `year`, the holder of each slot on `day` (default: the year's last day,
    or today's date when it falls in the year); in a district's database only one town's villages (town_key)."""
    from .. import clock
    if day is None:
        today = clock.today()
        day = today if today.year == year else dt.date(year, 12, 31)
    d = day.isoformat()
    in_town, params = (" AND v.town_key = ?", [town_key]) if town_key else ("", [])
    villages = db.execute("SELECT v.id, v.name, y.stars FROM village_years y JOIN villages v ON v.id = y.village_id"
                          f" WHERE y.year = ? AND y.class = ? AND v.status = '在用'{in_town}"
                          " ORDER BY v.sort_key, v.name", [year, WEAK, *params]).fetchall()
    held = db.execute(
        "SELECT s.village_id, s.kind, s.id, p.name, p.post, p.phone, p.unit, p.contact, s.held_from, s.posting_end,"
        " (SELECT count(*) FROM assistance_logs l WHERE l.slot_id = s.id AND l.status = '有效'),"
        " (SELECT coalesce(max(l.day), '') FROM assistance_logs l WHERE l.slot_id = s.id AND l.status = '有效')"
        " FROM assistance_slots s JOIN assistance_people p ON p.id = s.person_id"
        " WHERE s.year = ? AND s.status != '撤销' AND s.held_from <= ? AND (s.held_until = '' OR s.held_until >= ?)"
        " ORDER BY s.held_from, s.id", [year, d, d]).fetchall()
    cells: dict[tuple[int, str], Cell] = {}
    for vid, kind, sid, name, post, phone, unit, contact, since, end, count, last in held:
        cells[(vid, kind)] = Cell(sid, Person(name, post, phone, unit, contact), since, end, count, last)
    rows = [Row(vid, name, stars, {k: cells.get((vid, k), Cell()) for k in KINDS}) for vid, name, stars in villages]
    return Matrix(year, day, rows)


def reminders(db: LedgerDB, as_of: dt.date) -> list[Reminder]:
    """`four_ones_missing` (one per missing slot of a 强基 village), `posting_ending` (a first secretary's
    posting ends within 30 days of as_of) and `assistance_no_log` (a slot with no log entry for 60 days)."""
    year = class_year(db, as_of)
    if year is None:
        return []
    m = matrix(db, year, as_of)
    out: list[Reminder] = []
    for row in m.rows:
        record = f"villages:{row.village_id}"
        for kind in row.missing:
            out.append(Reminder("four_ones_missing", as_of.isoformat(), row.village, KIND_NAMES[kind],
                                f"{year} 年强基村缺少{KIND_NAMES[kind]}，请落实", record))
        sec = row.cells["first_secretary"]
        if posting_ends_within(sec, as_of, POSTING_NOTICE_DAYS) and sec.person:
            left = (dt.date.fromisoformat(sec.posting_end) - as_of).days
            out.append(Reminder("posting_ending", sec.posting_end, row.village, sec.person.name,
                                f"第一书记驻村将于 {sec.posting_end} 期满（还有 {left} 天），请及时安排接续", record))
        for kind in KINDS:
            cell = row.cells[kind]
            if silent(cell, as_of, NO_LOG_DAYS) and cell.person:
                since = dt.date.fromisoformat(cell.silent_since())
                what = f"最近一次帮扶记录为 {cell.last_log}" if cell.last_log else f"自 {cell.held_from} 起没有帮扶记录"
                out.append(Reminder("assistance_no_log", (since + dt.timedelta(days=NO_LOG_DAYS)).isoformat(),
                                    row.village, cell.person.name,
                                    f"{KIND_NAMES[kind]}已 {NO_LOG_DAYS} 天以上没有帮扶记录（{what}）", record))
    return out


def figures(db: LedgerDB, as_of: dt.date, village_id: int | None = None, *,
            town_key: str | None = None) -> dict[str, int]:
    """The home page's figures: 强基 villages of the year in force on as_of, and how many have all four slots
    (of one village, or in a district's database of one town)."""
    year = class_year(db, as_of)
    if year is None:
        return {"weak_villages": 0, "weak_villages_covered": 0}
    rows = [r for r in matrix(db, year, as_of, town_key=town_key).rows
            if village_id is None or r.village_id == village_id]
    return {"weak_villages": len(rows), "weak_villages_covered": sum(1 for r in rows if not r.missing)}
