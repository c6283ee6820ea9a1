"""What the households area shows: current central households with counts and last visit, households (linked or
not), visits (filtered by grid, period and kind), a member's designation history, and the reminders."""
from __future__ import annotations

import datetime as dt
from typing import Any

from ..db import LedgerDB
from ..reminders import Reminder, add_months
from ..settings import get_setting
from .entities import (
    DIFFICULT,
    DIFFICULT_ORDER,
    MAX_LINKED,
    MIN_LINKED,
    VISIT_MONTHS_SETTING,
    CentralRow,
    HouseholdRow,
)

_GRID_ORDER = "v.sort_key, v.name, g.id IS NULL, g.sort_key, g.id"  # the grids' own order, 未分网格 last
_LAST_VISIT = "(SELECT max(date) FROM household_visits x WHERE x.household_id = h.id AND x.status = '有效')"


def _scope(village_id: int | None, grid_id: int | None, village_col: str, grid_col: str) -> tuple[str, list[Any]]:
    clauses, params = [], []
    if village_id is not None:
        clauses.append(f"{village_col} = ?")
        params.append(village_id)
    if grid_id is not None:
        clauses.append(f"{grid_col} = ?")
        params.append(grid_id)
    return "".join(f" AND {c}" for c in clauses), params


def central_rows(db: LedgerDB, village_id: int | None = None, grid_id: int | None = None) -> list[CentralRow]:
    where, params = _scope(village_id, grid_id, "m.village_id", "m.grid_id")
    rows = db.execute(
        "SELECT d.id, m.id, m.name, v.name, coalesce(g.name, ''), m.grid_id, d.start_date,"
        " (SELECT count(*) FROM household_links l WHERE l.designation_id = d.id AND l.status = '联系中'),"
        " d.legacy_households,"
        " coalesce((SELECT max(x.date) FROM household_visits x JOIN household_links l"
        "   ON l.household_id = x.household_id AND l.designation_id = d.id AND l.status = '联系中'"
        "   WHERE x.status = '有效'), ''), d.method, d.notice_date"
        " FROM central_designations d JOIN members m ON m.id = d.member_id JOIN villages v ON v.id = m.village_id"
        " LEFT JOIN grids g ON g.id = m.grid_id WHERE d.status = '在任'" + where +
        f" ORDER BY {_GRID_ORDER}, m.name", params).fetchall()
    return [CentralRow(*r) for r in rows]


def household_rows(db: LedgerDB, village_id: int | None = None, grid_id: int | None = None, *,
                   designation_id: int | None = None, unlinked: bool = False) -> list[HouseholdRow]:
    where, params = _scope(village_id, grid_id, "h.village_id", "h.grid_id")
    if designation_id is not None:
        where += " AND l.designation_id = ?"
        params.append(designation_id)
    if unlinked:
        where += " AND l.id IS NULL"
    rows = db.execute(
        "SELECT h.id, h.head_name, v.name, coalesce(g.name, ''), h.address, h.persons, h.phone, h.tags,"
        f" h.party_household, coalesce(m.name, ''), l.designation_id, coalesce({_LAST_VISIT}, ''),"
        " h.head_id_number, h.grid_id FROM households h JOIN villages v ON v.id = h.village_id"
        " LEFT JOIN grids g ON g.id = h.grid_id"
        " LEFT JOIN household_links l ON l.household_id = h.id AND l.status = '联系中'"
        " LEFT JOIN central_designations d ON d.id = l.designation_id LEFT JOIN members m ON m.id = d.member_id"
        " WHERE h.status = '在用'" + where + f" ORDER BY {_GRID_ORDER}, h.address, h.head_name", params).fetchall()
    return [HouseholdRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], tuple(t for t in r[7].split("、") if t),
                         bool(r[8]), r[9], r[10], r[11], r[12], r[13]) for r in rows]


def visit_rows(db: LedgerDB, *, grid_id: int | None = None, village_id: int | None = None, since: str = "",
               until: str = "", kind: str = "") -> list[tuple[Any, ...]]:
    """(date, village, grid, head, kind, raised, handled, reported, visit id) newest first (voided ones not)."""
    where, params = _scope(village_id, grid_id, "h.village_id", "h.grid_id")
    for clause, value in ((" AND x.date >= ?", since), (" AND x.date <= ?", until), (" AND x.kind = ?", kind)):
        if value:
            where += clause
            params.append(value)
    return db.execute(
        "SELECT x.date, v.name, coalesce(g.name, ''), h.head_name, x.kind, x.raised, x.handled, x.reported, x.id"
        " FROM household_visits x JOIN households h ON h.id = x.household_id JOIN villages v ON v.id = h.village_id"
        " LEFT JOIN grids g ON g.id = h.grid_id WHERE x.status = '有效'" + where +
        " ORDER BY x.date DESC, x.id DESC", params).fetchall()


def designation_history(db: LedgerDB, member_id: int) -> list[tuple[str, str, str, str, str, str]]:
    """(start_date, method, notice_date, end_date, end_reason, status), oldest first."""
    return db.execute("SELECT start_date, method, notice_date, end_date, end_reason, status"
                      " FROM central_designations WHERE member_id = ? ORDER BY id", [member_id]).fetchall()


def designation_rows(db: LedgerDB, village_id: int | None = None,
                     grid_id: int | None = None) -> list[tuple[str, str, str, str, str, str, str, str]]:
    """Every designation, current and ended, of the members of the scope — the history a clerk looks up:
    (name, grid, start_date, method, notice_date, end_date, end_reason, status), current first, then the most
    recently ended."""
    where, params = _scope(village_id, grid_id, "m.village_id", "m.grid_id")
    return db.execute(
        "SELECT m.name, coalesce(g.name, ''), d.start_date, d.method, d.notice_date, d.end_date, d.end_reason,"
        " d.status FROM central_designations d JOIN members m ON m.id = d.member_id"
        " LEFT JOIN grids g ON g.id = m.grid_id WHERE 1 = 1" + where +
        " ORDER BY d.status != '在任', d.end_date DESC, m.name, d.id", params).fetchall()


def visit_months(db: LedgerDB) -> int:
    try:
        return max(1, int(get_setting(db, VISIT_MONTHS_SETTING, "3")))
    except ValueError:
        return 3


def reminders(db: LedgerDB, as_of: dt.date, *, village_id: int | None = None,
              grid_id: int | None = None) -> list[Reminder]:
    """central_too_few / central_too_many (fewer than 5 or more than 15 households; before any household is
    linked, the member record's old count is used), grid_without_central (once the file has any central
    household at all: a town that has not started this register is not told so for every grid),
    household_unlinked (a household in difficulty linked to no one),
    household_not_visited (no visit for N months, N the setting, default 3). village_id/grid_id: only those
    of that village or grid (the page's selection)."""
    today = as_of.isoformat()
    out: list[Reminder] = []
    where, params = _scope(village_id, grid_id, "m.village_id", "m.grid_id")
    for member_id, name, village, legacy, linked in db.execute(
            "SELECT m.id, m.name, v.name, d.legacy_households, coalesce(c.n, 0) FROM central_designations d"
            " JOIN members m ON m.id = d.member_id JOIN villages v ON v.id = m.village_id"
            " LEFT JOIN (SELECT designation_id, count(*) AS n FROM household_links WHERE status = '联系中'"
            " GROUP BY designation_id) c ON c.designation_id = d.id WHERE d.status = '在任'" + where +
            " ORDER BY v.sort_key, v.name, m.name", params).fetchall():
        count = linked or legacy
        if count < MIN_LINKED:
            out.append(Reminder("central_too_few", today, village, name,
                                f"党员中心户只联系 {count} 户，少于 {MIN_LINKED} 户", f"members:{member_id}"))
        elif count > MAX_LINKED:
            out.append(Reminder("central_too_many", today, village, name,
                                f"党员中心户联系 {count} 户，多于 {MAX_LINKED} 户", f"members:{member_id}"))
    in_use = db.execute("SELECT 1 FROM central_designations LIMIT 1").fetchone() is not None
    where, params = _scope(village_id, grid_id, "g.village_id", "g.id")
    for gid, grid, village in [] if not in_use else db.execute(
            "SELECT g.id, g.name, v.name FROM grids g JOIN villages v ON v.id = g.village_id"
            " WHERE g.status = '在用' AND v.status = '在用'" + where + " AND NOT EXISTS (SELECT 1 FROM members m"
            " JOIN central_designations d ON d.member_id = m.id AND d.status = '在任' WHERE m.grid_id = g.id)"
            " ORDER BY v.sort_key, v.name, g.sort_key, g.name", params).fetchall():
        out.append(Reminder("grid_without_central", today, village, grid, f"{grid}没有党员中心户", f"grids:{gid}"))
    months = visit_months(db)
    # only households that may be due (a few days' margin for month ends; the exact rule is applied below)
    # or in difficulty and unlinked are read in full
    cutoff = (add_months(as_of, -months) + dt.timedelta(days=4)).isoformat()
    where, params = _scope(village_id, grid_id, "h.village_id", "h.grid_id")
    rows = db.execute(
        "SELECT h.id, h.head_name, v.name, coalesce(g.name, ''), h.tags, l.id, coalesce(m.name, ''), last_visit,"
        " coalesce(l.start_date, '') FROM (SELECT h.*, coalesce("
        + _LAST_VISIT + ", '') AS last_visit FROM households h WHERE h.status = '在用'" + where + ") h"
        " JOIN villages v ON v.id = h.village_id LEFT JOIN grids g ON g.id = h.grid_id"
        " LEFT JOIN household_links l ON l.household_id = h.id AND l.status = '联系中'"
        " LEFT JOIN central_designations d ON d.id = l.designation_id LEFT JOIN members m ON m.id = d.member_id"
        " WHERE (l.id IS NULL AND h.tags != '普通') OR (l.id IS NOT NULL AND"
        " coalesce(nullif(h.last_visit, ''), l.start_date) <= ?)"
        f" ORDER BY {_GRID_ORDER}, h.address, h.head_name", [*params, cutoff]).fetchall()
    for hid, head, village, grid, tags, link, central, last_visit, link_start in rows:
        if link is None:
            hard = DIFFICULT.intersection(tags.split("、"))
            if hard:
                what = "、".join(t for t in DIFFICULT_ORDER if t in hard)  # the order, not code points
                out.append(Reminder("household_unlinked", today, village, head,
                                    f"{what}户（{grid or '未分网格'}）没有党员中心户联系",
                                    f"households:{hid}"))
            continue
        since = last_visit or link_start
        if not since:
            continue
        reached = add_months(dt.date.fromisoformat(since), months)
        if reached <= as_of:
            what = f"自 {since} 最后一次走访" if last_visit else f"自 {since} 确定联系以来未走访"
            out.append(Reminder("household_not_visited", reached.isoformat(), village, head,
                                f"{what}已满 {months} 个月（联系人：{central}）", f"households:{hid}"))
    return out


def candidates(db: LedgerDB, village_id: int | None = None, grid_id: int | None = None) -> list[tuple[int, str, str]]:
    """(member id, name, grid) of the 在册 members in scope who are not a central household now."""
    where, params = _scope(village_id, grid_id, "m.village_id", "m.grid_id")
    return db.execute("SELECT m.id, m.name, coalesce(g.name, '') FROM members m LEFT JOIN grids g ON g.id = m.grid_id"
                      " WHERE m.status = '在册' AND NOT EXISTS (SELECT 1 FROM central_designations d"
                      " WHERE d.member_id = m.id AND d.status = '在任')" + where + " ORDER BY g.name, m.name",
                      params).fetchall()


def linked_by_member(db: LedgerDB) -> dict[int, tuple[int, list[HouseholdRow]]]:
    """member id → (households linked now, those households) for every current central household."""
    out: dict[int, tuple[int, list[HouseholdRow]]] = {}
    by_designation: dict[int, list[HouseholdRow]] = {}
    for h in household_rows(db):
        if h.designation_id is not None:
            by_designation.setdefault(h.designation_id, []).append(h)
    for designation_id, member_id, legacy in db.execute(
            "SELECT id, member_id, legacy_households FROM central_designations WHERE status = '在任'").fetchall():
        homes = by_designation.get(designation_id, [])
        out[member_id] = (len(homes) if homes else legacy, homes)
    return out


def village_of(db: LedgerDB, household_id: int) -> int | None:
    """The village a household belongs to (None: no such household)."""
    row = db.execute("SELECT village_id FROM households WHERE id = ?", [household_id]).fetchone()
    return int(row[0]) if row else None


def export_rows(db: LedgerDB, village_id: int | None = None) -> list[list[object]]:
    """The households in the import's column order (sheets.HOUSEHOLD_COLUMNS), full identity numbers: what
    `import households` reads back unchanged."""
    where, params = _scope(village_id, None, "h.village_id", "h.grid_id")
    rows = db.execute(
        "SELECT coalesce(m.name, ''), coalesce(m.id_number, ''), h.head_name, h.head_id_number, h.address,"
        " h.persons, h.phone, h.tags, h.party_household, v.name, coalesce(g.name, '')"
        " FROM households h JOIN villages v ON v.id = h.village_id LEFT JOIN grids g ON g.id = h.grid_id"
        " LEFT JOIN household_links l ON l.household_id = h.id AND l.status = '联系中'"
        " LEFT JOIN central_designations d ON d.id = l.designation_id LEFT JOIN members m ON m.id = d.member_id"
        " WHERE h.status = '在用'" + where + f" ORDER BY {_GRID_ORDER}, m.name, h.address, h.head_name",
        params).fetchall()
    return [[*r[:8], "是" if r[8] else "否", r[9], r[10]] for r in rows]
