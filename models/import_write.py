"""Writing a checked import plan: villages and grids it names, new members in bulk, updates of known members.

All in one `changing()` transaction with its audit rows: a failure, a cancel or a killed process leaves the
database exactly as it was. New members go in with executemany, with the same search_text and sort_key that
models.members computes for one member.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any

from . import clock, pinyin
from .audit import changing
from .db import LedgerDB
from .entities import Member, MemberQuery
from .members import STORED, member_from_values, search_members, search_text
from .org import add_grid, add_village

if TYPE_CHECKING:
    from .importing import ImportPlan, Progress

CHUNK = 5000
_INSERT = (f"INSERT INTO members ({', '.join(STORED)}, search_text, sort_key, created_at, updated_at)"
           f" VALUES ({', '.join('?' * (len(STORED) + 4))})")  # created_at, updated_at: one stamp per import
_UPDATE = (f"UPDATE members SET {', '.join(c + ' = ?' for c in STORED)}, search_text = ?, sort_key = ?,"
           " updated_at = gl_now() WHERE id = ?")


@dataclass
class Written:
    inserted: int = 0
    updated: int = 0
    villages: list[str] = field(default_factory=list)
    grids: list[str] = field(default_factory=list)


def _villages(db: LedgerDB) -> dict[str, int]:
    return {name: vid for vid, name in db.execute("SELECT id, name FROM villages WHERE status = '在用'")}


def _grids(db: LedgerDB) -> dict[tuple[int, str], int]:
    return {(vid, name): gid for gid, vid, name in db.execute(
        "SELECT id, village_id, name FROM grids WHERE status = '在用'")}


def resolve(db: LedgerDB, plan: ImportPlan) -> None:
    """Count updates and list the villages and grids the import would create; reject merged villages."""
    from .importing import ImportProblem
    villages = _villages(db)
    merged = {name: into for name, into in db.execute(
        "SELECT v.name, coalesce(t.name, '') FROM villages v LEFT JOIN villages t ON t.id = v.merged_into_id"
        " WHERE v.status != '在用'")}
    grids = _grids(db)
    existing = {n for (n,) in db.execute("SELECT id_number FROM members")}
    new_villages: dict[str, None] = {}
    new_grids: dict[str, None] = {}
    kept = []
    for row in plan.rows:
        if row.village not in villages and row.village in merged:
            column = next((c.header for s in plan.sheets if s.name == row.sheet for c in s.columns
                           if c.field == "village"), "所在村（社区）")
            reason = f"{row.village}已合并到{merged[row.village] or '其他村'}，请改填合并后的村"
            plan.errors.append(ImportProblem(row.sheet, row.row, column, row.village, reason))
            plan.rejected_rows += 1
            continue
        kept.append(row)
        if row.village not in villages and row.village not in new_villages:
            new_villages[row.village] = None
        if row.grid:
            label = f"{row.village} {row.grid}"
            vid = villages.get(row.village)
            if (vid is None or (vid, row.grid) not in grids) and label not in new_grids:
                new_grids[label] = None
    plan.rows = kept
    plan.new_villages, plan.new_grids = list(new_villages), list(new_grids)
    plan.updates = sum(1 for r in plan.rows if r.values["id_number"] in existing)


def write_plan(db: LedgerDB, plan: ImportPlan, *, progress: Progress | None = None,
               cancelled: Callable[[], bool] | None = None) -> Written:
    """Write every valid row of the plan in one transaction."""
    from .importing import ImportCancelled
    out = Written()
    total = len(plan.rows)
    if progress:
        progress("写入数据库", 0, total)
    with changing(db, "导入党员") as log:
        villages = _villages(db)
        grids = _grids(db)
        for row in plan.rows:
            if row.village not in villages:
                villages[row.village] = add_village(db, row.village)
                out.villages.append(row.village)
            vid = villages[row.village]
            if row.grid and (vid, row.grid) not in grids:
                grids[(vid, row.grid)] = add_grid(db, vid, row.grid)
                out.grids.append(f"{row.village} {row.grid}")
        existing = dict(db.execute("SELECT id_number, id FROM members").fetchall())
        first_new = (db.execute("SELECT max(id) FROM members").fetchone()[0] or 0)
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[int, Member]] = []
        stamp = clock.local_stamp()  # what gl_now() would give, read once instead of twice a row
        for row in plan.rows:
            vid = villages[row.village]
            gid = grids[(vid, row.grid)] if row.grid else None
            member_id = existing.get(str(row.values["id_number"]))
            if member_id is None:
                inserts.append(_insert_row(row.values, vid, gid, stamp))
            else:
                updates.append((member_id, member_from_values(row.values, vid, gid)))
        for start in range(0, len(inserts), CHUNK):
            if cancelled and cancelled():
                raise ImportCancelled("已取消导入，没有写入任何数据")
            db.conn.executemany(_INSERT, inserts[start:start + CHUNK])
            if progress:
                progress("写入数据库", start + len(inserts[start:start + CHUNK]), total)
        out.inserted = len(inserts)
        if inserts:  # each new member gets its 登记 event; the audit keeps one row for the whole import
            db.execute("INSERT INTO member_events (member_id, kind, detail) SELECT id, '登记', ? FROM members"
                       " WHERE id > ? ORDER BY id", [f"导入自 {plan.path.name}", first_new])
        out.updated = _update(db, plan, updates, log)
        if progress:
            progress("写入数据库", total, total)
        log.record("members", None, f"从 {plan.path.name} 导入党员：新增 {out.inserted} 名，更新 {out.updated} 名")
    return out


_DEFAULTS = {f.name: f.default for f in fields(Member) if f.default is not MISSING}
_STORED_DEFAULTS = tuple((c, _DEFAULTS.get(c)) for c in STORED)
_VILLAGE_AT, _GRID_AT = STORED.index("village_id"), STORED.index("grid_id")


def _insert_row(values: dict[str, object], village_id: int, grid_id: int | None, stamp: str) -> tuple[Any, ...]:
    """The INSERT parameters for one new member, as save_member stores it (same search_text and sort_key)."""
    get = values.get
    name = str(values["name"])
    keys = pinyin.name_keys(name)
    search = "|".join((keys.search, str(values["id_number"]), str(get("phone", "")), str(get("address", ""))))
    row = [get(c, d) for c, d in _STORED_DEFAULTS]
    row[_VILLAGE_AT], row[_GRID_AT] = village_id, grid_id
    row += (search, keys.sort, stamp, stamp)
    return tuple(row)


def _update(db: LedgerDB, plan: ImportPlan, updates: list[tuple[int, Member]], log: Any) -> int:
    """A known identity number: change the fields the file has columns for; keep the rest and the status."""
    if not updates:
        return 0
    present = {(r.sheet, r.row): r.present for r in plan.rows}
    rows_by_id = {}
    for row in plan.rows:
        rows_by_id[str(row.values["id_number"])] = row
    old_by_id = {m.id: m for m in search_members(db, MemberQuery(statuses=()))}
    params = []
    events = []
    for member_id, new in updates:
        old = old_by_id[member_id]
        row = rows_by_id[new.id_number]
        keep = present[(row.sheet, row.row)] | {"id_number", "gender", "birth_date", "village_id", "grid_id"}
        changes = {k: getattr(new, k) for k in STORED
                   if k in keep and k not in ("status", "status_date", "status_detail")}
        if "grid" not in keep and old.village_id == new.village_id:
            changes["grid_id"] = old.grid_id
        merged = replace(old, **changes)
        params.append(tuple(getattr(merged, c) for c in STORED)
                      + (search_text(merged), pinyin.name_sort_key(merged.name), member_id))
        before = {k: getattr(old, k) for k in STORED}
        after = {k: getattr(merged, k) for k in STORED}
        if before != after:
            log.record("members", member_id, f"导入更新：{merged.name}", before, after)
            events.append((member_id, "导入更新", f"由 {plan.path.name} 第 {row.row} 行更新"))
    db.conn.executemany(_UPDATE, params)
    db.conn.executemany("INSERT INTO member_events (member_id, kind, detail) VALUES (?, ?, ?)", events)
    return len(updates)
