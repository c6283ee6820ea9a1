"""The organization chain: the town, its villages (村/社区) and grids (网格), and the operations a town does on
them — create, rename, move a grid, merge two villages, move members between grids. Each is one transaction."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, replace
from typing import Any

from . import codes, divisions, pinyin
from .audit import ChangeLog, changing
from .db import LedgerDB, keyed_tables, town_key
from .entities import Grid, Town, TreeCounts, Village
from .errors import Refused


class OrgError(Refused, ValueError):
    """A rejected organization change; the message is Chinese."""


_VILLAGE_COLS = "id, name, stat_code, org_type, org_name, status, merged_into_id"
_GRID_COLS = "id, village_id, name, leader, workers, households, population, area_desc, org_type, org_name, status"


def get_town(db: LedgerDB) -> Town | None:
    row = db.execute("SELECT id, name, county_code, town_code FROM town ORDER BY id LIMIT 1").fetchone()
    return Town(*row) if row else None


def town_name(db: LedgerDB) -> str:
    """The town's name, '' before it is set (the heading of every printed form)."""
    town = get_town(db)
    return town.name if town else ""


def county_warning(county_code: str) -> str | None:
    """A warning (not a refusal) for a 6-digit county code GB/T 2260 never listed (999999); None otherwise."""
    code = county_code.strip()
    if not re.fullmatch(r"\d{6}", code) or divisions.is_known(code):
        return None
    return f"县级行政区划代码 {code} 不在行政区划代码（GB/T 2260，含已撤销的代码）中，请核对"


def save_town(db: LedgerDB, name: str, county_code: str, town_code: str = "", *,
              warnings: list[str] | None = None) -> Town:
    """Create or update the town (one per database). An unknown county code is saved with a warning, appended to
    `warnings` when given and written into the audit entry."""
    name, county_code, town_code = name.strip(), county_code.strip(), town_code.strip()
    if not name:
        raise OrgError("镇（街道）名称不能为空")
    if not re.fullmatch(r"\d{6}", county_code):
        raise OrgError(f"县级行政区划代码“{county_code}”应为 6 位数字（如 370285 莱西市）")
    if town_code and not re.fullmatch(r"\d{9}", town_code):
        raise OrgError(f"乡镇代码“{town_code}”应为 9 位数字")
    warning = county_warning(county_code)
    if warning and warnings is not None:
        warnings.append(warning)
    summary = f"{name}（{warning}）" if warning else name
    old = get_town(db)
    values = {"name": name, "county_code": county_code, "town_code": town_code}
    with changing(db, "设置镇信息", "settings" if old else "edit") as log:
        if old:
            db.execute("UPDATE town SET name=?, county_code=?, town_code=? WHERE id=?",
                       [name, county_code, town_code, old.id])
            log.record("town", old.id, summary, asdict(old), values)
        else:
            cur = db.execute("INSERT INTO town (name, county_code, town_code) VALUES (?, ?, ?)",
                             [name, county_code, town_code])
            log.record("town", cur.lastrowid, summary, None, values)
            _claim_rows(db, log)
    town = get_town(db)
    assert town is not None
    return town


def _claim_rows(db: LedgerDB, log: ChangeLog) -> None:
    """Rows made before the town existed get the town's key (see models/migrations.py m006)."""
    tables = keyed_tables(db)  # none in a file before m006 (a test's old database)
    key = town_key(db) if tables else ""
    for table in tables:
        if table != "town":
            n = db.execute(f"UPDATE {table} SET town_key = ?, updated_at = gl_utc(), updated_by = gl_user()"
                           " WHERE town_key = ''", [key]).rowcount
            if n:
                log.record(table, None, f"{n} 条记录归属{key}")


def list_villages(db: LedgerDB, *, include_merged: bool = False) -> list[Village]:
    where = "" if include_merged else "WHERE status = '在用'"
    return [Village(*r) for r in db.execute(
        f"SELECT {_VILLAGE_COLS} FROM villages {where} ORDER BY sort_key, id").fetchall()]


def get_village(db: LedgerDB, village_id: int) -> Village:
    row = db.execute(f"SELECT {_VILLAGE_COLS} FROM villages WHERE id = ?", [village_id]).fetchone()
    if not row:
        raise OrgError(f"找不到编号为 {village_id} 的村（社区）")
    return Village(*row)


def find_village(db: LedgerDB, name: str) -> Village | None:
    row = db.execute(f"SELECT {_VILLAGE_COLS} FROM villages WHERE name = ? AND status = '在用'",
                     [name.strip()]).fetchone()
    return Village(*row) if row else None


def default_org_name(db: LedgerDB, village_name: str, org_type: str) -> str:
    town = get_town(db)
    return f"{town.name if town else ''}{village_name}{org_type}"


def _check_village(db: LedgerDB, v: Village) -> Village:
    name = v.name.strip()
    if not name:
        raise OrgError("村（社区）名称不能为空")
    if v.org_type not in codes.village_org_types():
        raise OrgError(f"党组织类型“{v.org_type}”应为 {'、'.join(codes.village_org_types())} 之一")
    if v.stat_code and not re.fullmatch(r"\d{12}", v.stat_code.strip()):
        raise OrgError(f"统计用区划代码“{v.stat_code}”应为 12 位数字")
    clash = find_village(db, name)
    if clash and clash.id != v.id:
        raise OrgError(f"已有名为“{name}”的村（社区）")
    return replace(v, name=name, stat_code=v.stat_code.strip(),
                   org_name=v.org_name.strip() or default_org_name(db, name, v.org_type))


def add_village(db: LedgerDB, name: str, org_type: str = "党支部", org_name: str = "", stat_code: str = "",
                natural: list[str] | None = None) -> int:
    v = _check_village(db, Village(0, name, stat_code, org_type, org_name))
    with changing(db, "新建村（社区）") as log:
        return _insert_village(db, log, v, natural)


def add_villages(db: LedgerDB, log: ChangeLog, names: Iterable[str]) -> dict[str, int]:
    """New villages (党支部, the default organization name) inside the caller's change, each with its own audit
    row: what an import makes for the villages its rows name (one transaction and one audit append for all)."""
    ids: dict[str, int] = {}
    for name in names:
        v = _check_village(db, Village(0, name, "", "党支部", ""))
        ids[name] = _insert_village(db, log, v)
    return ids


def _insert_village(db: LedgerDB, log: ChangeLog, v: Village, natural: list[str] | None = None) -> int:
    cur = db.execute(
        "INSERT INTO villages (name, stat_code, org_type, org_name, sort_key) VALUES (?, ?, ?, ?, ?)",
        [v.name, v.stat_code, v.org_type, v.org_name, pinyin.sort_key(v.name)])
    vid = int(cur.lastrowid or 0)
    after: dict[str, Any] = dict(vars(v), id=vid)  # asdict's deep copy, without the cost: plain fields only
    if natural:
        after["natural_villages"] = _set_natural(db, vid, natural, log)
    log.record("villages", vid, v.name, None, after)
    return vid


def update_village(db: LedgerDB, village: Village, natural: list[str] | None = None) -> None:
    """Rename or change the Party organization of a village (and, when given, its list of natural villages)."""
    old = get_village(db, village.id)
    v = _check_village(db, village)
    with changing(db, "修改村（社区）") as log:
        db.execute("UPDATE villages SET name=?, stat_code=?, org_type=?, org_name=?, sort_key=? WHERE id=?",
                   [v.name, v.stat_code, v.org_type, v.org_name, pinyin.sort_key(v.name), v.id])
        before: dict[str, Any] = asdict(old)
        after: dict[str, Any] = asdict(v)
        if natural is not None:
            before["natural_villages"] = "、".join(natural_villages(db, v.id))
            after["natural_villages"] = _set_natural(db, v.id, natural, log)
        log.record("villages", v.id, v.name, before, after)


def natural_villages(db: LedgerDB, village_id: int) -> list[str]:
    """The 自然村 of a (merged) administrative village, in the order entered."""
    return [r[0] for r in db.execute("SELECT name FROM natural_villages WHERE village_id = ? ORDER BY id",
                                     [village_id]).fetchall()]


def split_names(text: str) -> list[str]:
    """'东庄、西庄, 南庄' → ['东庄', '西庄', '南庄'] (顿号, commas, semicolons or spaces; duplicates dropped)."""
    names: list[str] = []
    for part in re.split(r"[、,，;；\s]+", text):
        if part and part not in names:
            names.append(part)
    return names


def _set_natural(db: LedgerDB, village_id: int, names: list[str], log: ChangeLog) -> str:
    clean = split_names("、".join(names))
    if any(len(n) > 30 for n in clean):
        raise OrgError("自然村名称过长（超过 30 个字）")
    # A name that stays keeps its row (and its uid, HOUSE.md "Keys that will travel"); only the names taken
    # out are removed and only the new ones added.
    kept = dict(db.execute("SELECT name, id FROM natural_villages WHERE village_id = ?", [village_id]).fetchall())
    gone = [n for n in kept if n not in clean]
    new = [n for n in clean if n not in kept]
    db.conn.executemany("DELETE FROM natural_villages WHERE id = ?", [(kept[n],) for n in gone])
    db.conn.executemany("INSERT INTO natural_villages (village_id, name) VALUES (?, ?)", [(village_id, n) for n in new])
    if gone or new:
        log.record("natural_villages", None, "自然村" + "，".join(
            p for p in (f"增加{'、'.join(new)}" if new else "", f"去掉{'、'.join(gone)}" if gone else "") if p))
    return "、".join(clean)


def list_grids(db: LedgerDB, village_id: int | None = None) -> list[Grid]:
    if village_id is None:
        rows = db.execute(f"SELECT {_GRID_COLS} FROM grids WHERE status = '在用' ORDER BY village_id, sort_key, id")
    else:
        rows = db.execute(f"SELECT {_GRID_COLS} FROM grids WHERE status = '在用' AND village_id = ?"
                          " ORDER BY sort_key, id", [village_id])
    return [Grid(*r) for r in rows.fetchall()]


def get_grid(db: LedgerDB, grid_id: int) -> Grid:
    row = db.execute(f"SELECT {_GRID_COLS} FROM grids WHERE id = ?", [grid_id]).fetchone()
    if not row:
        raise OrgError(f"找不到编号为 {grid_id} 的网格")
    return Grid(*row)


def find_grid(db: LedgerDB, village_id: int, name: str) -> Grid | None:
    row = db.execute(f"SELECT {_GRID_COLS} FROM grids WHERE village_id = ? AND name = ? AND status = '在用'",
                     [village_id, name.strip()]).fetchone()
    return Grid(*row) if row else None


def _check_grid(db: LedgerDB, g: Grid) -> Grid:
    name = g.name.strip()
    if not name:
        raise OrgError("网格名称不能为空")
    get_village(db, g.village_id)
    if g.org_type not in codes.grid_org_types():
        raise OrgError(f"网格党组织类型“{g.org_type}”应为 {'、'.join(codes.grid_org_types())} 之一")
    if g.households < 0 or g.population < 0:
        raise OrgError("户数和人口数不能为负数")
    clash = find_grid(db, g.village_id, name)
    if clash and clash.id != g.id:
        raise OrgError(f"该村已有名为“{name}”的网格")
    return replace(g, name=name, leader=g.leader.strip(), workers=g.workers.strip())


def add_grid(db: LedgerDB, village_id: int, name: str, **fields: Any) -> int:
    g = _check_grid(db, Grid(0, village_id, name, **fields))
    with changing(db, "新建网格") as log:
        return _insert_grid(db, log, g)


def add_grids(db: LedgerDB, log: ChangeLog, grids: Iterable[tuple[int, str]]) -> dict[tuple[int, str], int]:
    """New grids, (village id, name) each, inside the caller's change, each with its own audit row (an import's
    new grids: one transaction and one audit append for all of them)."""
    ids: dict[tuple[int, str], int] = {}
    for village_id, name in grids:
        g = _check_grid(db, Grid(0, village_id, name))
        ids[(village_id, name)] = _insert_grid(db, log, g)
    return ids


def _insert_grid(db: LedgerDB, log: ChangeLog, g: Grid) -> int:
    cur = db.execute(
        "INSERT INTO grids (village_id, name, leader, workers, households, population, area_desc, org_type,"
        " org_name, sort_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [g.village_id, g.name, g.leader, g.workers, g.households, g.population, g.area_desc, g.org_type,
         g.org_name, pinyin.sort_key(g.name)])
    gid = int(cur.lastrowid or 0)
    log.record("grids", gid, g.name, None, dict(vars(g), id=gid))  # plain fields: asdict without its deep copy
    return gid


def update_grid(db: LedgerDB, grid: Grid) -> None:
    old = get_grid(db, grid.id)
    if old.village_id != grid.village_id:
        raise OrgError("请用“移动网格”把网格移到其他村")
    g = _check_grid(db, grid)
    with changing(db, "修改网格") as log:
        db.execute("UPDATE grids SET name=?, leader=?, workers=?, households=?, population=?, area_desc=?,"
                   " org_type=?, org_name=?, sort_key=? WHERE id=?",
                   [g.name, g.leader, g.workers, g.households, g.population, g.area_desc, g.org_type, g.org_name,
                    pinyin.sort_key(g.name), g.id])
        log.record("grids", g.id, g.name, asdict(old), asdict(g))


def _member_event(db: LedgerDB, log: ChangeLog, member_ids: list[int], kind: str, detail: str) -> None:
    """The same event in the history of each member, audited as one summary row."""
    if member_ids:
        db.conn.executemany("INSERT INTO member_events (member_id, kind, detail) VALUES (?, ?, ?)",
                            [(m, kind, detail) for m in member_ids])
        log.record("member_events", None, f"{len(member_ids)} 名党员：{kind} {detail}")


def _members_of(db: LedgerDB, where: str, params: list[Any]) -> list[int]:
    return [r[0] for r in db.execute(f"SELECT id FROM members WHERE {where}", params).fetchall()]


def move_grid(db: LedgerDB, grid_id: int, village_id: int) -> None:
    """Move a grid, with its members, to another village."""
    grid, target = get_grid(db, grid_id), get_village(db, village_id)
    source = get_village(db, grid.village_id)
    if grid.village_id == village_id:
        return
    if find_grid(db, village_id, grid.name):
        raise OrgError(f"{target.name}已有名为“{grid.name}”的网格，请先改名再移动")
    with changing(db, "移动网格") as log:
        db.execute("UPDATE grids SET village_id = ? WHERE id = ?", [village_id, grid_id])
        ids = _members_of(db, "grid_id = ?", [grid_id])
        db.execute("UPDATE members SET village_id = ?"
                   " WHERE grid_id = ?", [village_id, grid_id])
        if ids:
            log.record("members", None, f"{len(ids)} 名党员随{grid.name}划入{target.name}")
        _member_event(db, log, ids, "移动网格", f"{grid.name}由{source.name}划入{target.name}")
        log.record("grids", grid_id, f"{grid.name}：{source.name} → {target.name}",
                   {"village_id": source.id}, {"village_id": target.id})


def merge_villages(db: LedgerDB, source_id: int, target_id: int) -> None:
    """村庄建制调整: the source village's grids, members and history move to the surviving target village.

    The source stays in the database marked 已合并 (with merged_into_id) so its history remains readable. A grid
    whose name already exists in the target is renamed '原<source>…'.
    """
    if source_id == target_id:
        raise OrgError("不能把村（社区）合并到它自己")
    source, target = get_village(db, source_id), get_village(db, target_id)
    if source.status != "在用" or target.status != "在用":
        raise OrgError("已合并的村（社区）不能再合并")
    with changing(db, "合并村（社区）") as log:
        for grid in list_grids(db, source_id):
            name = grid.name
            if find_grid(db, target_id, name):
                name = f"原{source.name}{grid.name}"
            db.execute("UPDATE grids SET village_id = ?, name = ?, sort_key = ? WHERE id = ?",
                       [target_id, name, pinyin.sort_key(name), grid.id])
            log.record("grids", grid.id, f"{source.name}{grid.name}并入{target.name}",
                       {"village_id": source_id, "name": grid.name}, {"village_id": target_id, "name": name})
        ids = _members_of(db, "village_id = ?", [source_id])
        db.execute("UPDATE members SET village_id = ?"
                   " WHERE village_id = ?", [target_id, source_id])
        if ids:
            log.record("members", None, f"{len(ids)} 名党员随{source.name}并入{target.name}")
        moved = db.execute("UPDATE natural_villages SET village_id = ? WHERE village_id = ?",
                           [target_id, source_id]).rowcount
        moved += db.execute("INSERT OR IGNORE INTO natural_villages (village_id, name) VALUES (?, ?)",
                            [target_id, source.name]).rowcount
        if moved:
            log.record("natural_villages", None, f"{source.name}的自然村（含{source.name}本身）归入{target.name}")
        db.execute("UPDATE villages SET status = '已合并', merged_into_id = ?, merged_at = date(gl_now())"
                   " WHERE id = ?", [target_id, source_id])
        _member_event(db, log, ids, "村庄合并", f"{source.name}并入{target.name}")
        log.record("villages", source_id, f"{source.name}并入{target.name}（{len(ids)} 名党员）",
                   {"status": "在用"}, {"status": "已合并", "merged_into_id": target_id})


def move_members(db: LedgerDB, member_ids: list[int], grid_id: int | None, village_id: int | None = None) -> int:
    """Move selected members to a grid (and its village) — or, with grid_id None, to a village's 'no grid'."""
    if grid_id is not None:
        grid = get_grid(db, grid_id)
        village = get_village(db, grid.village_id)
        where_to = f"{village.name}{grid.name}"
    elif village_id is not None:
        village = get_village(db, village_id)
        where_to = f"{village.name}（未分网格）"
    else:
        raise OrgError("请选择要移入的网格或村（社区）")
    if not member_ids:
        raise OrgError("没有选中党员")
    with changing(db, "调整网格") as log:
        rows = db.execute(
            f"SELECT id, name, village_id, grid_id FROM members WHERE id IN ({','.join('?' * len(member_ids))})",
            member_ids).fetchall()
        if len(rows) != len(set(member_ids)):
            raise OrgError("部分党员记录不存在")
        db.conn.executemany(
            "UPDATE members SET village_id = ?, grid_id = ? WHERE id = ?",
            [(village.id, grid_id, r[0]) for r in rows])
        _member_event(db, log, [r[0] for r in rows], "调整网格", f"调入{where_to}")
        for mid, name, old_v, old_g in rows:
            log.record("members", mid, f"{name} 调入{where_to}", {"village_id": old_v, "grid_id": old_g},
                       {"village_id": village.id, "grid_id": grid_id})
    return len(rows)


def tree_counts(db: LedgerDB) -> TreeCounts:
    """在册 member counts per village and grid (and per village for members without a grid)."""
    villages: dict[int, int] = {}
    grids: dict[int, int] = {}
    no_grid: dict[int, int] = {}
    for vid, gid, n in db.execute("SELECT village_id, grid_id, count(*) FROM members WHERE status = '在册'"
                                  " GROUP BY village_id, grid_id"):
        villages[vid] = villages.get(vid, 0) + n
        if gid is None:
            no_grid[vid] = n
        else:
            grids[gid] = n
    return TreeCounts(sum(villages.values()), villages, grids, no_grid)


def org_warnings(db: LedgerDB) -> list[str]:
    """Rules the Party constitution sets for organization sizes: warn, don't refuse."""
    out = []
    # Counted in one pass over members, then joined: joined per village, SQLite picked the status index and
    # took 8 s at 100,000 members.
    rows = db.execute(
        "SELECT v.name, v.org_type, coalesce(c.total, 0), coalesce(c.full, 0) FROM villages v"
        " LEFT JOIN (SELECT village_id, count(*) AS total, sum(category = '正式党员') AS full FROM members"
        " WHERE status = '在册' GROUP BY village_id) c ON c.village_id = v.id"
        " WHERE v.status = '在用' ORDER BY v.sort_key, v.id").fetchall()
    for name, org_type, total, full in rows:
        full = full or 0
        if org_type == "党支部" and full < 3:
            out.append(f"{name}：正式党员 {full} 名，不足 3 名，应成立联合党支部")
        elif org_type == "党总支" and total < 50:
            out.append(f"{name}：党员 {total} 名，不足 50 名，一般不设党总支")
        elif org_type == "党委" and total < 100:
            out.append(f"{name}：党员 {total} 名，不足 100 名，一般不设党委")
    rows = db.execute(
        "SELECT v.name, g.name, count(m.id) FROM grids g JOIN villages v ON v.id = g.village_id"
        " LEFT JOIN members m ON m.grid_id = g.id AND m.status = '在册' AND m.category = '正式党员'"
        " WHERE g.status = '在用' AND g.org_type = '网格党小组' GROUP BY g.id").fetchall()
    out.extend(f"{v}{g}：正式党员 {n} 名，党小组应有 3 名以上党员" for v, g, n in rows if n < 3)
    return out
