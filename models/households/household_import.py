"""`import households FILE`: households (户) with their central household, from a village's spreadsheet.

All or nothing (unless skip_invalid), in one `changing()`. A household is the same household when the head's
identity number matches, or, without one, the same head's name at the same address in the same village: a
re-import updates, never duplicates. A 中心户 is found by identity number, or by name when that name is unique
among the village's 在册 members (else the row is refused naming the candidates); a row without one makes an
unlinked household (and, when the file has a 中心户 column, ends a household's link). A re-import changes only
what the file has columns for (a blank 户主身份证号 never erases one); without a 家庭住址 column the head's name
alone finds the household when it is unique in the village.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import clock, idcard
from ..audit import changing
from ..db import LedgerDB
from ..org import find_grid, find_village
from ..validation import parse_bool
from .entities import Household
from .rules import HouseholdError, _household_values, _kept_tags, current_link, parse_tags, sync_counts
from .sheets import HOUSEHOLD_COLUMNS, Outcome, Row, read_rows, text

_STORED = ("village_id", "grid_id", "head_name", "head_id_number", "address", "persons", "phone", "tags",
           "party_household")


@dataclass
class _Planned:
    row: Row
    household_id: int | None          # None: a new household
    values: dict[str, Any]
    designation_id: int | None        # the central household's designation (None: unlinked)
    link_column: bool                 # the file has a 中心户 column (an empty cell ends a link)
    changes: bool                     # the household's fields change
    relinks: bool                     # its link changes


def import_households(db: LedgerDB, path: str | Path, *, dry_run: bool = False,
                      skip_invalid: bool = False) -> Outcome:
    """Check every row; write them (nothing if a row is refused, unless skip_invalid) unless dry_run."""
    rows, unknown, ignored = read_rows(path, HOUSEHOLD_COLUMNS, ("head_name",),
                                       ("village", "address", "head_id", "central_name", "central_id"))
    out = Outcome()
    out.result.ignored_columns, out.result.ignored_sheets = unknown, ignored
    planned: list[_Planned] = []
    seen: dict[tuple[str, ...], int] = {}
    rejected = 0
    for row in rows:
        before = len(out.result.errors)
        plan = _check(db, row, out)
        if plan is not None:
            key = _identity(plan.values)
            if key in seen:
                out.problem(row, "head_name",
                            f"与第 {seen[key]} 行是同一户（户主身份证号相同，或户主姓名和家庭住址相同）")
                plan = None
            else:
                seen[key] = row.row
        if plan is None or len(out.result.errors) > before:
            rejected += 1
            continue
        planned.append(plan)
    blocked = bool(out.result.errors) and not skip_invalid
    todo = [] if blocked else planned
    out.result.imported = sum(p.household_id is None for p in todo)
    out.result.updated = sum(p.household_id is not None and (p.changes or p.relinks) for p in todo)
    out.result.unchanged = sum(p.household_id is not None and not (p.changes or p.relinks) for p in todo)
    out.result.skipped = len(rows) if blocked else rejected
    if not dry_run and todo and (out.result.imported or out.result.updated):
        _write(db, todo, Path(path).name)
        out.result.written = True
    return out


def _identity(values: dict[str, Any]) -> tuple[str, ...]:
    if values["head_id_number"]:
        return ("id", values["head_id_number"])
    return ("name", str(values["village_id"]), values["head_name"], values["address"])


def _check(db: LedgerDB, row: Row, out: Outcome) -> _Planned | None:
    c = row.cells
    ok = True
    village_name = text(c.get("village"))
    village = find_village(db, village_name) if village_name else None
    if village is None:  # the row's other cells are still checked: every problem of the row at once
        out.problem(row, "village", "不能为空" if not village_name else f"找不到村（社区）“{village_name}”")
        ok = False
    grid_id = None
    grid_name = text(c.get("grid"))
    if grid_name and village is not None:
        grid = find_grid(db, village.id, grid_name)
        if grid is None:
            out.problem(row, "grid", f"{village.name}没有“{grid_name}”")
            ok = False
        else:
            grid_id = grid.id
    number = ""
    if text(c.get("head_id")):
        try:
            number = idcard.parse(c.get("head_id")).number
        except idcard.IdNumberError as exc:
            out.problem(row, "head_id", str(exc))
            ok = False
    name, address = text(c.get("head_name")), text(c.get("address"))
    existing = None
    if ok and village is not None and name:
        if "address" in c or number:
            existing = _existing(db, village.id, number, name, address)
        else:  # a sheet without 家庭住址: the head's name alone, when it is unique in the village
            existing = _by_name(db, row, village.id, village.name, name, out)
            if existing == -1:
                return None
    persons_raw = c.get("persons")
    persons: object = 1 if not text(persons_raw) else text(persons_raw)
    if not name:
        out.problem(row, "head_name", "不能为空")
        ok = False
    if not _positive(persons):
        out.problem(row, "persons", "应为正整数（家庭人口数，如 3）")
        ok = False
    try:
        tags = parse_tags(text(c.get("tags")), db=db, keep=_kept_tags(db, existing))
    except HouseholdError as exc:
        out.problem(row, "tags", str(exc).split("：", 1)[-1])
        ok, tags = False, ("普通",)
    party = parse_bool(c.get("party"))
    if party is None:
        out.problem(row, "party", "应为 是 或 否")
        ok = False
    designation_id = _central(db, row, village.id, village.name, out) if village is not None else None
    if designation_id == -1:
        ok = False
    if not ok or village is None:
        return None
    house = Household(name, village.id, grid_id, number, address, persons,  # type: ignore[arg-type]
                      text(c.get("phone")), tags, bool(party), existing)
    if existing is not None:
        _keep_what_the_file_does_not_say(db, existing, c, house)
    try:
        values = _household_values(db, house)
    except HouseholdError as exc:
        label, _, reason = str(exc).partition("：")
        key = {"户主姓名": "head_name", "家庭人口": "persons", "户主身份证号": "head_id", "家庭住址": "address",
               "联系电话": "phone"}.get(label, "head_name")
        out.problem(row, key, reason or str(exc))
        return None
    link_column = "central_name" in c or "central_id" in c
    changes, relinks = True, designation_id is not None
    if existing is not None:
        old = db.execute(f"SELECT {', '.join(_STORED)} FROM households WHERE id = ?", [existing]).fetchone()
        changes = dict(zip(_STORED, old)) != values
        link = current_link(db, existing)
        now = link[1] if link else None
        relinks = link_column and now != designation_id
    return _Planned(row, existing, values, designation_id, link_column, changes, relinks)


# field of the file → the Household attribute and the stored column it leaves alone when the file has no such column
_KEPT = (("grid", "grid_id"), ("head_id", "head_id_number"), ("address", "address"), ("persons", "persons"),
         ("phone", "phone"), ("tags", "tags"), ("party", "party_household"))


def _keep_what_the_file_does_not_say(db: LedgerDB, household_id: int, cells: dict[str, object],
                                     house: Household) -> None:
    """A re-import changes what the file has columns for; the rest stays as stored (a sheet of names and
    addresses must not wipe the phones, tags and grids). A blank identity number never erases a stored one."""
    found = db.execute(f"SELECT village_id, {', '.join(a for _, a in _KEPT)} FROM households WHERE id = ?",
                       [household_id]).fetchone()
    stored = dict(zip((a for _, a in _KEPT), found[1:]))
    for key, attr in _KEPT:
        if key == "grid" and found[0] != house.village_id:
            continue  # moved to another village (same identity number): the old village's grid does not follow
        if key not in cells or (key == "head_id" and not house.head_id_number):
            value = stored[attr]
            if attr == "tags":
                value = tuple(t for t in str(value).split("、") if t)
            elif attr == "party_household":
                value = bool(value)
            setattr(house, attr, value)


def _by_name(db: LedgerDB, row: Row, village_id: int, village: str, name: str, out: Outcome) -> int | None:
    """The household whose head is `name` in the village (None: a new one; -1 after naming the candidates)."""
    found = db.execute("SELECT id, address FROM households WHERE village_id = ? AND head_name = ? AND status = '在用'"
                       " ORDER BY id", [village_id, name]).fetchall()
    if len(found) > 1:
        where = "、".join(r[1] or "未填住址" for r in found)
        out.problem(row, "head_name", f"{village}有 {len(found)} 户户主名为“{name}”（{where}）；"
                                      "请加上家庭住址或户主身份证号列")
        return -1
    return int(found[0][0]) if found else None


def _positive(persons: object) -> bool:
    """家庭人口 as rules._household_values reads it: a positive integer (3 or 3.0 from a numeric cell)."""
    text_value = str(persons).strip()
    try:
        n = int(float(text_value))
    except ValueError:
        return False
    return n >= 1 and text_value in (str(n), f"{n}.0")


def _existing(db: LedgerDB, village_id: int, number: str, name: str, address: str) -> int | None:
    if number:
        row = db.execute("SELECT id FROM households WHERE head_id_number = ? AND status = '在用'", [number]).fetchone()
        if row:
            return int(row[0])
    row = db.execute("SELECT id FROM households WHERE village_id = ? AND head_name = ? AND address = ?"
                     " AND status = '在用'" + (" AND head_id_number = ''" if number else "") + " ORDER BY id",
                     [village_id, name, address]).fetchone()
    return int(row[0]) if row else None


def _central(db: LedgerDB, row: Row, village_id: int, village: str, out: Outcome) -> int | None:
    """The central household's current designation id; None for none; -1 after a problem."""
    name, raw_id = text(row.cells.get("central_name")), row.cells.get("central_id")
    if text(raw_id):
        try:
            number = idcard.parse(raw_id).number
        except idcard.IdNumberError as exc:
            out.problem(row, "central_id", str(exc))
            return -1
        found = db.execute("SELECT m.id, m.name, m.status, m.village_id, v.name FROM members m"
                           " JOIN villages v ON v.id = m.village_id WHERE m.id_number = ?", [number]).fetchall()
        if not found:
            out.problem(row, "central_id", "系统中没有这个身份证号的党员")
            return -1
        member_id, member_name, status, member_village, member_village_name = found[0]
        if member_village != village_id and status == "在册":
            out.problem(row, "central_id", f"{member_name}是{member_village_name}的党员，不能联系{village}的户")
            return -1
        if name and name != member_name:
            out.problem(row, "central_name", f"与中心户身份证号不符（该号码是{member_name}）")
            return -1
        key = "central_id"
    elif name:
        found = db.execute("SELECT m.id, m.name, m.status, coalesce(g.name, ''), m.id_number FROM members m"
                           " LEFT JOIN grids g ON g.id = m.grid_id WHERE m.village_id = ? AND m.name = ?"
                           " AND m.status = '在册' ORDER BY g.name, m.id", [village_id, name]).fetchall()
        if not found:
            out.problem(row, "central_name", f"{village}没有名为“{name}”的在册党员")
            return -1
        if len(found) > 1:
            who = "、".join(f"{r[1]}（{r[3] or '未分网格'}，{idcard.mask(r[4])}）" for r in found)
            out.problem(row, "central_name", f"{village}有 {len(found)} 名同名在册党员：{who}；请填写中心户身份证号")
            return -1
        member_id, member_name, status = found[0][:3]
        key = "central_name"
    else:
        return None
    if status != "在册":
        out.problem(row, key, f"{member_name}为“{status}”状态，不能联系户")
        return -1
    d = db.execute("SELECT id FROM central_designations WHERE member_id = ? AND status = '在任'",
                   [member_id]).fetchone()
    if d is None:
        out.problem(row, key, f"{member_name}还不是党员中心户：请先在“党员中心户”页面确定")
        return -1
    return int(d[0])


def _write(db: LedgerDB, todo: list[_Planned], source: str) -> None:
    day = clock.today().isoformat()
    added = updated = linked = ended = 0
    with changing(db, "导入户", "import") as log:
        for p in todo:
            cols = list(p.values)
            hid = p.household_id
            if hid is None:
                hid = int(db.execute(f"INSERT INTO households ({', '.join(cols)}) VALUES"
                                     f" ({', '.join('?' * len(cols))})", list(p.values.values())).lastrowid or 0)
                added += 1
            elif p.changes:
                db.execute(f"UPDATE households SET {', '.join(c + ' = ?' for c in cols)} WHERE id = ?",
                           [*p.values.values(), hid])
                updated += 1
            if p.household_id is not None and p.relinks:
                if db.execute("UPDATE household_links SET status = '已结束', end_date = ?, end_reason = '导入调整'"
                              " WHERE household_id = ? AND status = '联系中'", [day, hid]).rowcount:
                    ended += 1
            if p.designation_id is not None and (p.household_id is None or p.relinks):
                db.execute("INSERT INTO household_links (household_id, designation_id, start_date) VALUES (?, ?, ?)",
                           [hid, p.designation_id, day])
                linked += 1
        log.record("households", None, f"从 {source} 导入户：新增 {added} 户，更新 {updated} 户", None,
                   {"added": added, "updated": updated})
        if linked or ended:
            log.record("household_links", None, f"从 {source} 导入：确定联系 {linked} 户，结束联系 {ended} 户",
                       None, {"linked": linked, "ended": ended})
            sync_counts(db, log)
