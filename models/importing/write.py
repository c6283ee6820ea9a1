"""Writing a checked import plan: villages and grids it names, new members in bulk, updates of known members.

All in one `changing()` transaction with its audit rows: a failure, a cancel or a killed process leaves the
database exactly as it was. New members go in with executemany, with the same search_text and sort_key that
models.members computes for one member.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields
from functools import lru_cache
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from .. import clock, pinyin
from ..audit import changing
from ..db import LedgerDB, bulk_keys, indexes_made_after
from ..entities import Member
from ..members import STORED, search_text
from ..migrations import new_uids
from ..org import add_grids, add_villages, default_org_name

if TYPE_CHECKING:
    from .check import ImportPlan, ImportProblem, PreparedRow, Progress

CHUNK = 5000
IMPORT_WAIT_SECONDS = 60  # how long an import waits for another writer (a 100,000-row import writes in ~15 s)
# Bulk statements set the keys that travel themselves (models.db.bulk_keys), sparing the triggers' extra
# statement per row.
BULK_INDEXING = 5000  # new members from which the indexes are made after the INSERT (models.db)
_NOT_FROM_FILE = ("village_id", "grid_id", "status", "status_date", "status_detail")  # the import decides these
_FROM_FILE = tuple(c for c in STORED if c not in _NOT_FROM_FILE)  # check_member's values hold them all
_INSERT = (f"INSERT INTO members ({', '.join(_FROM_FILE + _NOT_FROM_FILE)}, search_text, sort_key, created_at, uid,"
           f" town_key, updated_at, updated_by) VALUES ({', '.join('?' * (len(STORED) + 7))})")  # created_at: one stamp
_UPDATE = (f"UPDATE members SET {', '.join(c + ' = ?' for c in STORED)}, search_text = ?, sort_key = ?,"
           " updated_at = ?, updated_by = ? WHERE id = ?")
_EVENT = ("INSERT INTO member_events (member_id, kind, detail, uid, town_key, updated_at, updated_by)"
          " VALUES (?, ?, ?, ?, ?, ?, ?)")  # the uid from new_uids


@dataclass
class Written:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    villages: list[str] = field(default_factory=list)
    grids: list[str] = field(default_factory=list)


def _villages(db: LedgerDB) -> dict[str, int]:
    return {name: vid for vid, name in db.execute("SELECT id, name FROM villages WHERE status = '在用'")}


def _grids(db: LedgerDB) -> dict[tuple[int, str], int]:
    return {(vid, name): gid for gid, vid, name in db.execute(
        "SELECT id, village_id, name FROM grids WHERE status = '在用'")}


def _column(plan: ImportPlan, sheet: str, key: str, label: str) -> str:
    return next((c.header for s in plan.sheets if s.name == sheet for c in s.columns if c.field == key), label)


Stored = tuple[Any, ...]  # a member's STORED columns as the database holds them
_AT = {c: i for i, c in enumerate(STORED)}
_NAME_AT, _ID_AT, _BRANCH_AT = _AT["name"], _AT["id_number"], _AT["branch"]
_FROM_NUMBER = ("id_number", "gender", "birth_date")  # always from the file: they follow the identity number
_NEVER = ("status", "status_date", "status_detail", "village_id", "grid_id", "branch")


def _known(db: LedgerDB) -> tuple[dict[str, int], dict[int, Stored]]:
    """Identity number → member id, and every member's stored columns (any status) by id."""
    rows = db.execute(f"SELECT id, {', '.join(STORED)} FROM members").fetchall()
    return {r[1 + _ID_AT]: r[0] for r in rows}, {r[0]: r[1:] for r in rows}


@lru_cache(maxsize=64)
def _taken(present: frozenset[str]) -> tuple[tuple[int, str], ...]:
    """The columns a row with these file columns changes (the rest of a known member stays)."""
    return tuple((i, c) for i, c in enumerate(STORED)
                 if (c in present or c in _FROM_NUMBER) and c not in _NEVER)


def _clash(plan: ImportPlan, row: PreparedRow, old: Stored, accept_renames: bool) -> ImportProblem | None:
    """The same identity number as a member in the system but another person's name, gender or birth date."""
    from .check import ImportProblem
    new = row.values
    old_name = old[_NAME_AT]
    for key, label in (("gender", "性别"), ("birth_date", "出生日期")):
        was = old[_AT[key]]
        if new.get(key) and was and new[key] != was:
            return ImportProblem(row.sheet, row.row, _column(plan, row.sheet, "id_number", "公民身份号码"),
                                 str(new["id_number"]), f"身份证号与系统中的{old_name}相同，{label}不同"
                                 f"（系统中为{was}，文件中为{new[key]}），请核对")
    if new["name"] == old_name:
        return None
    column = _column(plan, row.sheet, "name", "姓名")
    if accept_renames:
        plan.warnings.append(ImportProblem(row.sheet, row.row, column, str(new["name"]),
                                           f"身份证号与系统中的{old_name}相同，将改名为{new['name']}"))
        return None
    return ImportProblem(row.sheet, row.row, column, str(new["name"]),
                         f"身份证号与系统中的{old_name}相同，姓名不同：请核对；确属改名时选择“接受新姓名”后导入")


def merge_update(old: Stored, row: PreparedRow, village_id: int, grid_id: int | None, org_name: str) -> Stored:
    """A known member as the row leaves it: the fields the file has columns for change, the rest and the status
    stay; an empty 所在党支部 keeps the old one, or becomes the village's Party organization."""
    new = list(old)
    values = row.values
    for i, c in _taken(row.present):
        new[i] = values.get(c, new[i])
    if "grid" in row.present or old[_VILLAGE_AT] != village_id:
        new[_GRID_AT] = grid_id
    new[_VILLAGE_AT] = village_id
    branch = values.get("branch") if "branch" in row.present else ""
    new[_BRANCH_AT] = branch or old[_BRANCH_AT] or org_name
    return tuple(new)


def resolve(db: LedgerDB, plan: ImportPlan, *, accept_renames: bool = False) -> None:
    """Compare the plan with the database: reject merged villages and, unless accept_renames, a known identity
    number with another name; count new, changed and unchanged members; list the villages and grids to create;
    fill 所在党支部 of new members with their village's Party organization when the file gives none."""
    from .check import ImportProblem
    villages = _villages(db)
    orgs = dict(db.execute("SELECT name, org_name FROM villages WHERE status = '在用'").fetchall())
    merged = {name: into for name, into in db.execute(
        "SELECT v.name, coalesce(t.name, '') FROM villages v LEFT JOIN villages t ON t.id = v.merged_into_id"
        " WHERE v.status != '在用'")}
    grids = _grids(db)
    ids, members = _known(db)
    new_villages: dict[str, None] = {}
    new_grids: dict[str, None] = {}
    kept = []
    errors = len(plan.errors)
    plan.updates = plan.unchanged = 0
    for row in plan.rows:
        if row.village not in villages and row.village in merged:
            reason = f"{row.village}已合并到{merged[row.village] or '其他村'}，请改填合并后的村"
            plan.errors.append(ImportProblem(row.sheet, row.row, _column(plan, row.sheet, "village", "所在村（社区）"),
                                             row.village, reason))
            plan.rejected_rows += 1
            continue
        member_id = ids.get(str(row.values["id_number"]))
        old = members.get(member_id) if member_id is not None else None
        if old is not None:
            problem = _clash(plan, row, old, accept_renames)
            if problem:
                plan.errors.append(problem)
                plan.rejected_rows += 1
                continue
        kept.append(row)
        if row.village not in orgs:
            orgs[row.village] = default_org_name(db, row.village, "党支部")  # what add_village will give it
        vid = villages.get(row.village)
        if row.village not in villages and row.village not in new_villages:
            new_villages[row.village] = None
        gid = grids.get((vid, row.grid)) if vid is not None and row.grid else None
        if row.grid and gid is None and f"{row.village} {row.grid}" not in new_grids:
            new_grids[f"{row.village} {row.grid}"] = None
        if old is None:
            if not row.values.get("branch"):
                row.values["branch"] = orgs[row.village]
        elif vid is None or (row.grid and gid is None):
            plan.updates += 1
        elif merge_update(old, row, vid, gid, orgs[row.village]) == old:
            plan.unchanged += 1
        else:
            plan.updates += 1
    plan.rows = kept
    plan.new_villages, plan.new_grids = list(new_villages), list(new_grids)
    if len(plan.errors) > errors:
        from .check import sort_problems
        sort_problems(plan)


def write_plan(db: LedgerDB, plan: ImportPlan, *, progress: Progress | None = None,
               cancelled: Callable[[], bool] | None = None) -> Written:
    """Write every valid row of the plan in one transaction."""
    out = Written()
    total = len(plan.rows)
    if progress:
        progress("写入数据库", 0, total)
    wait = int(db.execute("PRAGMA busy_timeout").fetchone()[0])
    db.execute(f"PRAGMA busy_timeout = {int(IMPORT_WAIT_SECONDS * 1000)}")  # another import may be writing
    try:
        return _write(db, plan, out, total, progress, cancelled)
    finally:
        db.execute(f"PRAGMA busy_timeout = {wait}")


def _write(db: LedgerDB, plan: ImportPlan, out: Written, total: int, progress: Progress | None,
           cancelled: Callable[[], bool] | None) -> Written:
    from .check import ImportCancelled
    with changing(db, "导入党员") as log:
        villages = _villages(db)
        grids = _grids(db)
        out.villages = [v for v in dict.fromkeys(row.village for row in plan.rows) if v not in villages]
        villages.update(add_villages(db, log, out.villages))
        new_grids = {(villages[row.village], row.grid): f"{row.village} {row.grid}" for row in plan.rows
                     if row.grid and (villages[row.village], row.grid) not in grids}
        grids.update(add_grids(db, log, new_grids))
        out.grids = list(new_grids.values())
        existing, members = _known(db)
        orgs = dict(db.execute("SELECT id, org_name FROM villages").fetchall())
        first_new = (db.execute("SELECT max(id) FROM members").fetchone()[0] or 0)
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[int, Stored, Stored, PreparedRow]] = []
        stamp = clock.local_stamp()  # what gl_now() would give, read once instead of once a row
        for row in plan.rows:
            vid = villages[row.village]
            gid = grids[(vid, row.grid)] if row.grid else None
            member_id = existing.get(str(row.values["id_number"]))
            if member_id is None:
                values = row.values if row.values.get("branch") else dict(row.values, branch=orgs[vid])
                inserts.append(_insert_row(values, vid, gid, stamp))
                continue
            old = members[member_id]
            new = merge_update(old, row, vid, gid, orgs[vid])
            if new == old:
                out.unchanged += 1  # nothing to write, no history
            else:
                updates.append((member_id, old, new, row))
        many = len(inserts) >= BULK_INDEXING and len(inserts) >= len(existing)  # a first import, mostly
        detail = f"导入自 {plan.path.name}"
        with bulk_keys(db, "members", "member_events") as keys:
            registered: list[list[tuple[Any, ...]]] = []  # the 登记 events' rows, if the new ids follow first_new
            maker = threading.Thread(target=lambda: registered.append(
                [(first_new + 1 + k, "登记", detail, u, *keys) for k, u in enumerate(new_uids(len(inserts)))]))
            with indexes_made_after(db, "members", when=many):
                uids = new_uids(len(inserts))
                for start in range(0, len(inserts), CHUNK):
                    if cancelled and cancelled():
                        raise ImportCancelled("已取消导入，没有写入任何数据")
                    db.conn.executemany(_INSERT, [(*r, u, *keys) for r, u in zip(inserts[start:start + CHUNK],
                                                                                 uids[start:start + CHUNK])])
                    if progress:
                        progress("写入数据库", start + len(inserts[start:start + CHUNK]), total)
                maker.start()  # made while SQLite makes the indexes (it lets go of the GIL meanwhile)
            maker.join()
            out.inserted = len(inserts)
            events = db.execute("SELECT count(*) FROM member_events").fetchone()[0] if many else 0
            with indexes_made_after(db, "member_events", when=many and len(inserts) >= events):
                if inserts:  # each new member gets its 登记 event; the audit keeps one row for the whole import
                    span = db.execute("SELECT min(id), max(id), count(*) FROM members WHERE id > ?",
                                      [first_new]).fetchone()
                    rows = registered[0] if span == (first_new + 1, first_new + len(inserts), len(inserts)) else [
                        (i, "登记", detail, u, *keys) for (i,), u in zip(
                            db.execute("SELECT id FROM members WHERE id > ? ORDER BY id", [first_new]),
                            new_uids(len(inserts)))]
                    db.conn.executemany(_EVENT, rows)
                    log.record("member_events", None, f"{out.inserted} 名党员的“登记”记录")
            out.updated = _update(db, plan, updates, log, keys)
        from ..households import designate_marked  # 是否党员中心户 = 是 makes a designation (the area's record)
        designate_marked(db, log)
        if progress:
            progress("写入数据库", total, total)
        log.record("members", None, f"从 {plan.path.name} 导入党员：新增 {out.inserted} 名，更新 {out.updated} 名，"
                                    f"未变 {out.unchanged} 名")
    return out


_DEFAULTS = {f.name: f.default for f in fields(Member) if f.default is not MISSING}
_PICK = itemgetter(*_FROM_FILE)
_VILLAGE_AT, _GRID_AT = STORED.index("village_id"), STORED.index("grid_id")
_NEW = (_DEFAULTS["status"], _DEFAULTS["status_date"], _DEFAULTS["status_detail"])


def _insert_row(values: dict[str, object], village_id: int, grid_id: int | None, stamp: str) -> tuple[Any, ...]:
    """The INSERT parameters for one new member, as save_member stores it (same search_text and sort_key)."""
    get = values.get
    keys = pinyin.name_keys(str(values["name"]))
    search = "|".join((keys.search, str(values["id_number"]), str(get("phone", "")), str(get("address", ""))))
    try:
        picked = _PICK(values)  # one C call for the twenty-odd columns
    except KeyError:  # values not from check_member: the model's defaults for what they lack
        picked = tuple(get(c, _DEFAULTS.get(c)) for c in _FROM_FILE)
    return (*picked, village_id, grid_id, *_NEW, search, keys.sort, stamp)


def _update(db: LedgerDB, plan: ImportPlan, updates: list[tuple[int, Stored, Stored, PreparedRow]],
            log: Any, keys: tuple[str, str, str]) -> int:
    """Write the members whose values change, each with its audit row and a 导入更新 event (an unchanged
    member keeps its updated_at: nothing to send to the district)."""
    params = []
    events = []
    uids = new_uids(len(updates))
    for (member_id, old, new, row), uid in zip(updates, uids):
        member = Member(**dict(zip(STORED, new)))
        params.append(new + (search_text(member), pinyin.name_sort_key(member.name), keys[1], keys[2], member_id))
        log.record("members", member_id, f"导入更新：{member.name}", dict(zip(STORED, old)), dict(zip(STORED, new)))
        events.append((member_id, "导入更新", f"由 {plan.path.name} 第 {row.row} 行更新", uid, *keys))
    db.conn.executemany(_UPDATE, params)
    db.conn.executemany(_EVENT, events)
    if events:
        log.record("member_events", None, f"{len(events)} 名党员的“导入更新”记录")
    return len(updates)
