"""What the printed forms show, read from the database into plain dataclasses the report builders take.

A report covers a scope: the whole town, one village, one grid, or the members a search shows (a MemberQuery).
Only members 在册 are listed; 统计汇总表 also counts those transferred out (转出) in the report's year.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from . import clock, codes, households, strokes, supervision
from .db import LedgerDB
from .entities import Member, MemberQuery, Village
from .errors import Refused
from .members import search_members
from .org import find_village, get_grid, get_village, list_grids, list_villages, town_name

NO_GRID = "未划分网格"
ORDERS: dict[str, str] = {"pinyin": "按姓名拼音", "strokes": "按姓氏笔画"}
AGE_BANDS = ("35岁及以下", "36-45岁", "46-55岁", "56-60岁", "61-70岁", "71岁及以上")
AGE_LIMITS = (35, 45, 55, 60, 70)


class ScopeError(Refused, ValueError):
    """A village or grid that does not exist; the message is Chinese."""


@dataclass(frozen=True)
class Scope:
    """kind: 'town', 'village' (village_id), 'grid' (village_id and grid_id) or 'query' (query). In a district's
    database (issue 17) 'town' with town_key is one town of those it merged (town_name: how the form names it);
    only the kinds whose registry entry says by_town print one town so (reports.fetch refuses the others)."""
    kind: str = "town"
    village_id: int | None = None
    grid_id: int | None = None
    query: MemberQuery | None = None
    town_key: str | None = None
    town_name: str = ""


def town_scope(db: LedgerDB, town: str) -> Scope:
    """One town of a district's database, named by its name or code (`report --town`); ScopeError otherwise."""
    from . import exchange
    wanted = town.strip()
    for t in exchange.towns(db):
        if wanted in (t.name, t.town):
            return Scope("town", town_key=t.town, town_name=t.name)
    known = "、".join(f"{t.name}（{t.town}）" for t in exchange.towns(db))
    raise ScopeError(f"本库没有名为“{wanted}”的乡镇" + (f"，可选：{known}" if known else "：这不是区（县）汇总库"))


def resolve_scope(db: LedgerDB, village: str | None = None, grid: str | None = None,
                  town: str | None = None) -> Scope:
    """The scope a clerk names on the command line; ScopeError when the town, village or grid is unknown."""
    v = None
    in_town = town_scope(db, town) if town else None
    if village and in_town is not None:
        row = db.execute("SELECT id FROM villages WHERE name = ? AND town_key = ? AND status = '在用'",
                         [village.strip(), in_town.town_key]).fetchone()
        if row is None:
            raise ScopeError(f"{in_town.town_name}没有名为“{village}”的村（社区）")
        v = get_village(db, int(row[0]))
    elif village:
        v = find_village(db, village)
        if v is None:
            raise ScopeError(f"找不到名为“{village}”的村（社区）")
        towns = [str(r[0]) for r in db.execute("SELECT DISTINCT town_key FROM villages WHERE name = ?"
                                                " AND status = '在用'", [village.strip()])]
        if len(towns) > 1:  # a district's database: two towns each have a village of this name
            from . import town_filter
            names = "、".join(town_filter.town_name(db, t) for t in towns)
            raise ScopeError(f"{names}都有名为“{village.strip()}”的村（社区），请同时用 --town 指定乡镇")
    if not grid:
        return Scope("village", v.id) if v else in_town or Scope()
    grids = [g for g in list_grids(db, v.id if v else None) if g.name == grid.strip()]
    if not grids:
        where = f"{v.name}中" if v else ""
        raise ScopeError(f"{where}找不到名为“{grid}”的网格")
    if len(grids) > 1:
        names = "、".join(get_village(db, g.village_id).name for g in grids)
        raise ScopeError(f"{names}都有“{grid}”，请同时用 --village 指定村（社区）")
    return Scope("grid", grids[0].village_id, grids[0].id)


def describe_scope(db: LedgerDB, scope: Scope) -> str:
    if scope.kind == "village" and scope.village_id is not None:
        return get_village(db, scope.village_id).name
    if scope.kind == "grid" and scope.grid_id is not None:
        g = get_grid(db, scope.grid_id)
        return f"{get_village(db, g.village_id).name}{g.name}"
    if scope.kind == "query" and scope.query is not None:
        q = scope.query
        parts = []
        if q.village_id is not None:
            parts.append(get_village(db, q.village_id).name)
        if q.grid_id is not None:
            parts.append(get_grid(db, q.grid_id).name)
        if q.text.strip():
            parts.append(f"含“{q.text.strip()}”")
        if q.category:
            parts.append(q.category)
        for flag, label in ((q.is_central, "党员中心户"), (q.mobile, "流动党员"), (q.lost_contact, "失联党员")):
            if flag is not None:
                parts.append(label if flag else f"非{label}")
        return "查询结果" + (f"（{'，'.join(parts)}）" if parts else "")
    from .town_filter import whole_scope
    return whole_scope(db, scope.town_key if scope.kind == "town" else None, scope.town_name)


def _villages(db: LedgerDB, scope: Scope) -> list[Village]:
    """The villages of a town-wide scope: all in use, or in a district's database those of its one town."""
    villages = list_villages(db)
    if scope.town_key:
        mine = {r[0] for r in db.execute("SELECT id FROM villages WHERE town_key = ?", [scope.town_key])}
        villages = [v for v in villages if v.id in mine]
    return villages


def _query(scope: Scope, statuses: tuple[str, ...] = ("在册",)) -> MemberQuery:
    if scope.kind == "query" and scope.query is not None:
        return replace(scope.query, limit=None, statuses=statuses if statuses != ("在册",) else scope.query.statuses)
    return MemberQuery(village_id=scope.village_id, grid_id=scope.grid_id, statuses=statuses,
                       town_key=scope.town_key if scope.kind == "town" else None)


def _ordered(members: list[Member], order: str) -> list[Member]:
    """Members in name order within each village and grid (the village and grid order stays): by pinyin as
    search_members gives them, or 按姓氏笔画 (surname stroke count, then stroke order)."""
    if order not in ORDERS:
        raise ValueError(f"排列顺序应为 {' 或 '.join(ORDERS)}，不是“{order}”")
    if order == "pinyin" or len(members) < 2:
        return members
    place: dict[tuple[int, int | None], int] = {}
    for m in members:
        place.setdefault((m.village_id, m.grid_id), len(place))
    return sorted(members, key=lambda m: (place[(m.village_id, m.grid_id)], strokes.sort_key(m.name)))


# ---- 党员基本信息采集表 -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MemberFormData:
    town: str
    scope: str
    members: tuple[Member, ...]


def member_form_data(db: LedgerDB, scope: Scope, *, order: str = "pinyin") -> MemberFormData:
    members = _ordered(search_members(db, _query(scope)), order)
    return MemberFormData(town_name(db), describe_scope(db, scope), tuple(members))


# ---- 党员花名册 ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RosterRow:
    name: str
    gender: str
    ethnicity: str
    id_number: str
    birth_date: str
    education: str
    category: str
    join_date: str
    full_date: str
    phone: str
    address: str
    remarks: str = ""


@dataclass(frozen=True)
class GridRows:
    """The members of one grid (grid NO_GRID = not assigned to a grid), in roster order."""
    village: str
    grid: str
    rows: tuple[RosterRow, ...]


@dataclass(frozen=True)
class RosterData:
    town: str
    scope: str
    grids: tuple[GridRows, ...]


def _roster_row(m: Member) -> RosterRow:
    remarks = "；".join(x for x in (m.remarks, "流动党员" if m.mobile else "", "失联党员" if m.lost_contact else "",
                                   "停止党籍" if m.party_status == "停止党籍" else "") if x)
    return RosterRow(m.name, m.gender, m.ethnicity, m.id_number, m.birth_date, m.education, m.category,
                     m.join_date, m.full_date, m.phone, m.address, remarks)


def _group(members: list[Member]) -> list[tuple[str, str, list[Member]]]:
    groups: list[tuple[str, str, list[Member]]] = []
    for m in members:
        key = (m.village_name, m.grid_name or NO_GRID)
        if not groups or groups[-1][:2] != key:
            groups.append((key[0], key[1], []))
        groups[-1][2].append(m)
    return groups


def roster_data(db: LedgerDB, scope: Scope, *, order: str = "pinyin") -> RosterData:
    """党员花名册: members grouped by village and grid, by name in `order` ("pinyin" or "strokes") in each."""
    members = _ordered(search_members(db, _query(scope)), order)
    grids = tuple(GridRows(v, g, tuple(_roster_row(m) for m in ms)) for v, g, ms in _group(members))
    return RosterData(town_name(db), describe_scope(db, scope), grids)


# ---- 党员中心户名册 ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CentralRow:
    name: str
    gender: str
    birth_date: str
    category: str
    phone: str
    address: str
    linked_households: int
    remarks: str = ""
    households: tuple[str, ...] = ()  # the linked households (户主（住址，户类型）), from models.households


@dataclass(frozen=True)
class CentralGrid:
    village: str
    grid: str
    leader: str
    rows: tuple[CentralRow, ...]


@dataclass(frozen=True)
class CentralData:
    town: str
    scope: str
    grids: tuple[CentralGrid, ...]


def central_data(db: LedgerDB, scope: Scope, *, order: str = "pinyin") -> CentralData:
    """Every grid of the scope with its central households; a grid without any is listed too (town, village
    and grid scopes) so the clerk sees where one is missing. Names in `order` ("pinyin" or "strokes")."""
    members = _ordered(search_members(db, replace(_query(scope), is_central=True)), order)
    by_grid: dict[tuple[str, str], list[Member]] = {}
    for m in members:
        by_grid.setdefault((m.village_name, m.grid_name or NO_GRID), []).append(m)
    village_names = {v.id: v.name for v in list_villages(db, include_merged=True)}
    leaders = {(village_names[g.village_id], g.name): g.leader for g in list_grids(db)}
    if scope.kind == "query":
        keys = [(v, g) for v, g, _ in _group(members)]
    else:
        keys = []
        others: dict[str, list[tuple[str, str]]] = {}  # no grid, or a grid no longer in use: after the grids
        for key in by_grid:
            others.setdefault(key[0], []).append(key)
        villages = [get_village(db, scope.village_id)] if scope.village_id is not None else _villages(db, scope)
        for v in villages:
            listed = [(v.name, g.name) for g in list_grids(db, v.id) if scope.grid_id in (None, g.id)]
            keys += listed + [k for k in others.get(v.name, []) if k not in listed]
    linked = households.linked_by_member(db)

    def row(m: Member) -> CentralRow:
        count, homes = linked.get(m.id or 0, (m.linked_households, []))
        return CentralRow(m.name, m.gender, m.birth_date, m.category, m.phone, m.address, count, m.remarks,
                          tuple(_household_label(h) for h in homes))

    grids = tuple(CentralGrid(v, g, leaders.get((v, g), ""), tuple(row(m) for m in by_grid.get((v, g), [])))
                  for v, g in keys)
    return CentralData(town_name(db), describe_scope(db, scope), grids)


def _household_label(h: Any) -> str:
    tags = "、".join(t for t in h.tags if t != "普通")
    details = "，".join(x for x in (h.address, tags) if x)
    return f"{h.head_name}（{details}）" if details else h.head_name


# ---- 统计汇总表 ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StatRow:
    village: str
    members: int = 0
    full: int = 0
    probationary: int = 0
    male: int = 0
    female: int = 0
    ages: tuple[int, ...] = (0,) * len(AGE_BANDS)
    education: tuple[int, ...] = ()
    central: int = 0
    transferred_out: int = 0


@dataclass(frozen=True)
class StatisticsData:
    town: str
    scope: str
    year: int
    as_of: dt.date
    age_bands: tuple[str, ...]
    education_bands: tuple[str, ...]
    rows: tuple[StatRow, ...]
    total: StatRow


def education_band_names() -> tuple[str, ...]:
    return tuple(band for band, _ in codes.education_bands())


def age_on(birth_date: str, id_number: str, day: dt.date) -> int | None:
    text = birth_date or (f"{id_number[6:10]}-{id_number[10:12]}-{id_number[12:14]}" if len(id_number) == 18 else "")
    try:
        y, m, d = (int(x) for x in (text.split("-") + ["1"])[:3])
    except ValueError:
        return None
    return day.year - y - ((day.month, day.day) < (m, d))


def age_band(age: int) -> int:
    for i, limit in enumerate(AGE_LIMITS):
        if age <= limit:
            return i
    return len(AGE_LIMITS)


def _add(a: StatRow, b: StatRow, village: str) -> StatRow:
    return StatRow(village, a.members + b.members, a.full + b.full, a.probationary + b.probationary,
                   a.male + b.male, a.female + b.female, tuple(x + y for x, y in zip(a.ages, b.ages, strict=True)),
                   tuple(x + y for x, y in zip(a.education, b.education, strict=True)), a.central + b.central,
                   a.transferred_out + b.transferred_out)


def statistics_data(db: LedgerDB, scope: Scope, *, today: dt.date | None = None) -> StatisticsData:
    """Counts per village; ages are on `today` and 转出 counts those transferred out in today's year."""
    day = today or clock.today()
    bands = education_band_names()
    empty = StatRow("", education=(0,) * len(bands))
    names: list[str] = []
    if scope.kind == "town":
        names = [v.name for v in _villages(db, scope)]
    elif scope.village_id is not None:
        names = [get_village(db, scope.village_id).name]
    counts: dict[str, dict[str, Any]] = {}

    def slot(village: str) -> dict[str, Any]:
        if village not in counts:
            counts[village] = {"members": 0, "full": 0, "probationary": 0, "male": 0, "female": 0,
                               "ages": [0] * len(AGE_BANDS), "education": [0] * len(bands), "central": 0,
                               "transferred_out": 0}
            if village not in names:
                names.append(village)
        return counts[village]

    for m in search_members(db, _query(scope)):
        c = slot(m.village_name)
        c["members"] += 1
        c["full" if m.category == "正式党员" else "probationary"] += 1
        if m.gender in ("男", "女"):
            c["male" if m.gender == "男" else "female"] += 1
        age = age_on(m.birth_date, m.id_number, day)
        if age is not None:
            c["ages"][age_band(age)] += 1
        c["education"][bands.index(codes.education_band(m.education))] += 1
        c["central"] += int(m.is_central)
    for m in search_members(db, _query(scope, ("转出",))):
        if m.status_date.startswith(str(day.year)):
            slot(m.village_name)["transferred_out"] += 1
    rows = []
    for name in names:
        got = counts.get(name)
        rows.append(replace(empty, village=name) if got is None else StatRow(
            name, got["members"], got["full"], got["probationary"], got["male"], got["female"], tuple(got["ages"]),
            tuple(got["education"]), got["central"], got["transferred_out"]))
    total = empty
    for r in rows:
        total = _add(total, r, "合计")
    return StatisticsData(town_name(db), describe_scope(db, scope), day.year, day, AGE_BANDS, bands, tuple(rows),
                          replace(total, village="合计"))


def _no_order(fetch: Callable[..., Any]) -> Callable[..., Any]:
    return lambda db, scope, *, today=None, order="pinyin": fetch(db, scope, today=today)


def _no_today(fetch: Callable[..., Any]) -> Callable[..., Any]:
    return lambda db, scope, *, today=None, order="pinyin": fetch(db, scope, order=order)


# Each report kind's data function, with the one signature reports/__init__.py's REPORTS expects:
# (db, scope, *, today=None, order="pinyin") -> the builder's data.
member_form_fetch = _no_today(member_form_data)
roster_fetch = _no_today(roster_data)
central_fetch = _no_today(central_data)
statistics_fetch = _no_order(statistics_data)


def rectification_fetch(db: LedgerDB, scope: Scope, *, today: dt.date | None = None, order: str = "pinyin",
                        status: str = "", **_: Any) -> Any:
    return supervision.rectification_data(db, scope.village_id, status, today, town_key=scope.town_key,
                                          town_name=scope.town_name)


def inspection_fetch(db: LedgerDB, scope: Scope, *, today: dt.date | None = None, order: str = "pinyin",
                     record_id: int | None = None, **_: Any) -> Any:
    return supervision.inspection_data(db, scope.village_id, record_id, today, town_key=scope.town_key,
                                       town_name=scope.town_name)


def person_count(data: Any) -> int:
    """How many people's identity numbers a report's data holds (for the audit trail of full-number prints)."""
    if isinstance(data, MemberFormData):
        return len(data.members)
    if isinstance(data, RosterData):
        return sum(len(g.rows) for g in data.grids)
    return 0
