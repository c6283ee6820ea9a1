"""The data of the "四个一"帮扶责任表, as plain dataclasses: per 强基 village of the year its class, stars, the four
slots' holders on the print day (with posts, phones and posting dates), the year's goals (the class note) and a
summary of the work log; `four_ones_fetch` is the REPORTS fetch."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .. import clock
from ..db import LedgerDB
from ..town_filter import whole_scope
from .classes import check_year, get_year
from .coverage import class_year, matrix
from .slots import KIND_NAMES, KINDS, Person, village_logs


@dataclass(frozen=True)
class SlotLine:
    kind_name: str
    person: Person | None           # None: 缺
    posting_start: str = ""
    posting_end: str = ""
    entries: int = 0
    last_log: str = ""


@dataclass(frozen=True)
class VillageSheet:
    village: str
    klass: str
    stars: int | None
    decided_on: str
    goals: str
    slots: tuple[SlotLine, ...]
    log_count: int
    funds_total: float
    needs_town: int
    recent: tuple[str, ...]         # the latest entries, one line each

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(s.kind_name for s in self.slots if s.person is None)


@dataclass(frozen=True)
class FourOnesData:
    town: str
    scope: str
    year: int
    as_of: dt.date
    villages: tuple[VillageSheet, ...]
    summary: bool = True            # the landscape table of all weak villages (not for one village)


RECENT = 5


def four_ones_data(db: LedgerDB, year: object = None, village_id: int | None = None,
                   today: dt.date | None = None, *, town_key: str | None = None,
                   town_name: str = "") -> FourOnesData:
    """The year's sheets of one village, of the whole file, or (a district's database) of one town's 强基
    villages: town_key, headed with town_name."""
    day = today or clock.today()
    y = check_year(year) if year not in (None, "") else (class_year(db, day) or day.year)
    on = day if day.year == y else dt.date(y, 12, 31)
    town_key = town_key if village_id is None else None
    m = matrix(db, y, on, town_key=town_key)
    rows = [r for r in m.rows if village_id is None or r.village_id == village_id]
    sheets = []
    for row in rows:
        vy = get_year(db, row.village_id, y)
        start = {s.id: s for s in _slots_of(db, row.village_id, y)}
        lines = []
        for k in KINDS:
            cell = row.cells[k]
            slot = start.get(cell.slot_id) if cell.slot_id else None
            lines.append(SlotLine(KIND_NAMES[k], cell.person, slot.posting_start if slot else "",
                                  cell.posting_end, cell.entries, cell.last_log))
        logs = [e for _, e in village_logs(db, row.village_id, y)]
        recent = tuple(f"{e.day} {e.form}：{e.done or e.learned or e.result}"
                       + (f"（{e.funds}{'，' + _money(e.amount) if e.amount is not None else ''}）"
                          if e.funds or e.amount is not None else "")
                       for e in reversed(logs[-RECENT:]))
        sheets.append(VillageSheet(row.village, vy.klass if vy else "", row.stars, vy.decided_on if vy else "",
                                   vy.note if vy else "", tuple(lines), len(logs),
                                   sum(e.amount or 0 for e in logs), sum(1 for e in logs if e.needs_town), recent))
    town = db.execute("SELECT name FROM town ORDER BY id LIMIT 1").fetchone()
    if village_id is not None:
        scope = rows[0].village if rows else ""
    else:
        scope = whole_scope(db, town_key, town_name)
    return FourOnesData(str(town[0]) if town else "", scope, y, on, tuple(sheets), summary=village_id is None)


def _slots_of(db: LedgerDB, village_id: int, year: int) -> list[Any]:
    from .slots import slot_history
    return slot_history(db, village_id, year)


def _money(amount: float) -> str:
    return f"金额 {amount:g}"


def four_ones_fetch(db: LedgerDB, scope: Any, *, today: dt.date | None = None, order: str = "pinyin",
                    year: object = None, **_: Any) -> FourOnesData:
    return four_ones_data(db, year, getattr(scope, "village_id", None), today,
                          town_key=getattr(scope, "town_key", None), town_name=getattr(scope, "town_name", ""))
