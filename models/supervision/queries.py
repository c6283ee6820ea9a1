"""Reading the ledger: rows with days left or overdue, filters (village, source, status, overdue, due within N
days, period) and the counts by status and source shown at the top of the 监督 page."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from .. import clock
from ..db import LedgerDB
from .rules import SOURCES, STATUSES


class LedgerRow(NamedTuple):
    """One ledger line (a named tuple: immutable, and cheap enough for a district's 5,000 problems)."""
    id: int
    village: str
    description: str
    source: str
    found_on: str
    unit: str
    person: str
    measures: str
    deadline: str
    completed_on: str
    status: str
    progress: str      # the latest note
    days_left: int     # negative: overdue
    overdue: bool
    time_text: str     # 剩 N 天 / 今天到期 / 逾期 N 天 / 已销号
    mistaken: bool = False  # 误录 (listed only with include_mistaken)
    village_id: int = 0


@dataclass
class LedgerFilter:
    village_id: int | None = None  # by key: two towns of a district may each have a village of one name
    town_key: str | None = None    # a district's database: only the problems of this town's villages
    source: str = ""
    status: str = ""          # one of STATUSES, or "逾期"
    due_within: int = 0       # 10, 20: not closed and due within so many days
    period_from: str = ""     # found on or after
    period_to: str = ""
    include_mistaken: bool = False


def ledger(db: LedgerDB, f: LedgerFilter | None = None, today: dt.date | None = None) -> list[LedgerRow]:
    f = f or LedgerFilter()
    day = today or clock.today()
    where, params = ["1 = 1"], []  # type: tuple[list[str], list[Any]]
    if not f.include_mistaken:
        where.append("p.mistaken = 0")
    if f.village_id is not None:
        where.append("p.village_id = ?")
        params.append(f.village_id)
    if f.town_key:
        where.append("v.town_key = ?")
        params.append(f.town_key)
    if f.source:
        where.append("p.source = ?")
        params.append(f.source)
    if f.status in STATUSES:
        where.append("p.status = ?")
        params.append(f.status)
    elif f.status == "逾期":
        where.append("p.status != '已销号' AND p.deadline < ?")
        params.append(day.isoformat())
    if f.due_within:
        where.append("p.status != '已销号' AND p.deadline >= ? AND p.deadline <= ?")
        params += [day.isoformat(), (day + dt.timedelta(days=f.due_within)).isoformat()]
    if f.period_from:
        where.append("p.found_on >= ?")
        params.append(f.period_from)
    if f.period_to:
        where.append("p.found_on <= ?")
        params.append(f.period_to)
    rows = db.execute(
        "SELECT p.id, v.name, p.description, p.source, p.found_on, p.unit, p.person, p.measures, p.deadline,"
        " p.completed_on, p.status, coalesce((SELECT note FROM sv_progress g WHERE g.problem_id = p.id"
        " ORDER BY g.day DESC, g.id DESC LIMIT 1), ''), p.mistaken, p.village_id"
        f" FROM sv_problems p JOIN villages v ON v.id = p.village_id WHERE {' AND '.join(where)}"
        " ORDER BY v.sort_key, v.id, p.deadline, p.id", params).fetchall()
    out = []
    parse, ordinal = dt.date.fromisoformat, day.toordinal()
    for *r, mistaken, village_id in rows:
        left = parse(r[8]).toordinal() - ordinal  # rules.days_left, once a row
        if r[10] == "已销号":
            late, text = False, "已销号"
        else:
            late = left < 0
            text = f"逾期 {-left} 天" if late else ("今天到期" if left == 0 else f"剩 {left} 天")
        out.append(LedgerRow(*r, left, late, text, bool(mistaken), village_id))
    return out


def found_quarters(db: LedgerDB) -> list[tuple[int, int]]:
    """(year, quarter) of every found-on date in the ledger, newest first: the 时段 the filter offers."""
    return [(int(y), int(q)) for y, q in db.execute(
        "SELECT DISTINCT substr(found_on, 1, 4), (CAST(substr(found_on, 6, 2) AS INTEGER) + 2) / 3"
        " FROM sv_problems WHERE found_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]*' ORDER BY 1 DESC, 2 DESC")]


def counts(db: LedgerDB, today: dt.date | None = None, *, town_key: str | None = None) -> dict[str, dict[str, int]]:
    """{"status": {待整改: n, 整改中: n, 已销号: n, 逾期: n}, "source": {组织监督: n, …}} (误录 left out); in a
    district's database those of one town's villages when town_key is given."""
    day = (today or clock.today()).isoformat()
    status = dict.fromkeys((*STATUSES, "逾期"), 0)
    source = dict.fromkeys(SOURCES, 0)
    in_town = " AND village_id IN (SELECT id FROM villages WHERE town_key = ?)" if town_key else ""
    for st, src, n, late in db.execute(
            "SELECT status, source, count(*), sum(status != '已销号' AND deadline < ?) FROM sv_problems"
            f" WHERE mistaken = 0{in_town} GROUP BY status, source", [day, *([town_key] if town_key else [])]):
        status[st] = status.get(st, 0) + n
        status["逾期"] += late or 0
        source[src] = source.get(src, 0) + n
    return {"status": status, "source": source}
