"""The district's side: its identity (init-district), 导入数据包 (one or many towns' packages), the conflicts a
merge found and their resolution (keep ours / take theirs / edit, each with a reason, audited), and the
decisions package sent back to the towns.

Importing a package: every check first (models/exchange/package.py for the file; here county, registration,
sequence, schema, applied before) — a refusal changes nothing. Then, in a child process, the engine fills an
empty staging file with the rows the package touches as this database holds them now (the district's own edits
included; it reads this file read-only, through the uid indexes) and applies the changeset to it, conflicts
recorded instead of overwriting; and in one transaction the district's ordinary
tables take the rows the package touched from that copy, the identity numbers the package added are looked up
in the other towns (`duplicate_id_number`: added twice, or a transfer), and the package, its conflicts and the
town's registration are recorded. The district's pages and reports then show every town.
"""
from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import clock
from ..audit import changing, log_event, require
from ..db import LedgerDB, bulk_keys, database_path
from ..org import get_town, save_town
from .common import District, ExchangeRefused, encode, get_district, run_engine, unpack
from .package import Package, write_package
from .staging import (
    Travelling,
    create_staging,
    fill_statements,
    q,
    refresh_rows,
    schema_of,
    schema_version,
    travelling,
)

KINDS = ("changed_both", "deleted_changed", "duplicate_id_number")
STATUSES = ("open", "kept_ours", "took_theirs", "edited")
KIND_NAMES = {"changed_both": "两边都改了", "deleted_changed": "一边删除（或改了状态）一边修改",
              "duplicate_id_number": "身份证号在两个乡镇出现（重复录入？转接？）"}
KIND_SHORT = {"changed_both": "两边都改", "deleted_changed": "删除/修改", "duplicate_id_number": "身份证号重复"}
TABLE_NAMES = {"members": "党员", "villages": "村（社区）", "grids": "网格", "member_events": "党员记事",
               "village_years": "村年度分类", "natural_villages": "自然村", "households": "联系户",
               "central_designations": "中心户", "household_links": "联系户关系", "household_visits": "走访记录",
               "assistance_people": "帮扶人员", "assistance_slots": "四个一帮扶", "assistance_logs": "帮扶记录",
               "sv_cadres": "村两委成员", "sv_inspections": "监督检查", "sv_problems": "整改问题",
               "sv_projects": "村级工程", "sc_filings": "书记备案", "dc_items": "议事事项", "dc_steps": "议事步骤"}
STATUS_NAMES = {"open": "待处理", "kept_ours": "保留本库", "took_theirs": "采用来件", "edited": "已修改"}


def init_district(db: LedgerDB, name: str, county_code: str) -> District:
    """Make this (new, empty) database a district's: its name and 6-digit county code."""
    name, county_code = name.strip(), county_code.strip()
    if not name:
        raise ExchangeRefused("区（县）名称不能为空")
    if not re.fullmatch(r"\d{6}", county_code):
        raise ExchangeRefused(f"县级行政区划代码“{county_code}”应为 6 位数字（如 370285 莱西市）")
    if get_district(db) is not None:
        raise ExchangeRefused("这个数据库已经是区（县）汇总库")
    if db.execute("SELECT EXISTS (SELECT 1 FROM villages) OR EXISTS (SELECT 1 FROM members)").fetchone()[0]:
        raise ExchangeRefused("这个数据库已有乡镇的村和党员数据：区（县）汇总库请用一个新的数据库文件（--db 新文件名）")
    if get_town(db) is None:
        save_town(db, name, county_code)
    with changing(db, "设为区县汇总库", "settings") as log:
        cur = db.execute("INSERT INTO ex_district (name, county_code, made_at) VALUES (?, ?, ?)",
                         [name, county_code, clock.local_stamp()])
        log.record("ex_district", cur.lastrowid, f"{name}（{county_code}）", None,
                   {"name": name, "county_code": county_code})
    district = get_district(db)
    assert district is not None
    return district


@dataclass(frozen=True)
class ImportOutcome:
    """One package's result: applied (with counts) or refused (with the Chinese reason)."""
    file: str
    town: str = ""
    town_name: str = ""
    sequence: int = 0
    full: bool = False
    added: int = 0
    changed: int = 0
    deleted: int = 0
    conflicts: int = 0
    refused: str = ""
    kind: str = "changes"
    lines: tuple[str, ...] = ()  # a decisions package: each value written, and each finding for the clerk

    @property
    def applied(self) -> bool:
        return not self.refused

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"file": self.file, "kind": self.kind, "town": self.town, "town_name": self.town_name,
                               "sequence": self.sequence, "full": self.full, "applied": self.applied}
        if self.applied:
            out.update(added=self.added, changed=self.changed, deleted=self.deleted, conflicts=self.conflicts)
            if self.kind == "decisions":
                out["lines"] = list(self.lines)
        else:
            out["reason"] = self.refused
        return out


def _check(db: LedgerDB, district: District, pkg: Package, schema: dict[str, list[str]]) -> int:
    """Every reason to refuse the package whole; returns the town's last sequence (0 when not registered)."""
    m = pkg.manifest
    name = f"{m.get('town_name', '')}（{pkg.town}）"
    if m.get("county_code") != district.county_code:
        raise ExchangeRefused(f"数据包来自县级代码 {m.get('county_code')} 的{name}，不属于本区（县）"
                              f"{district.name}（{district.county_code}），已拒绝")
    if m.get("schema_version") != schema_version(schema):
        raw = m.get("schema")
        theirs: dict[str, Any] = raw if isinstance(raw, dict) else {}
        differ = sorted(t for t in set(schema) | set(theirs) if schema.get(t) != theirs.get(t))
        raise ExchangeRefused(f"数据包的数据结构版本（{m.get('schema_version')}）与本库（{schema_version(schema)}）"
                              f"不同（{'、'.join(differ[:5]) or '清单'}），整个数据包已拒绝：请乡镇和区县使用同一版本的"
                              "程序，再重新导出")
    seen = db.execute("SELECT town, sequence, applied_at FROM ex_received WHERE sha256 = ?", [pkg.sha256]).fetchone()
    if seen:
        raise ExchangeRefused(f"这个数据包（{seen[0]} 第 {seen[1]} 号）已于 {seen[2]} 导入过，不再重复导入")
    row = db.execute("SELECT last_sequence FROM ex_towns WHERE town = ?", [pkg.town]).fetchone()
    last = int(row[0]) if row else 0
    if row is None and not pkg.full:
        raise ExchangeRefused(f"{name}尚未在本区（县）登记：乡镇的第一个数据包必须是完整数据包"
                              "（请乡镇导出完整数据包：exchange export --full）")
    if pkg.sequence < 1:
        raise ExchangeRefused(f"数据包的序号（{pkg.sequence}）无效")
    if row is not None and pkg.sequence <= last:
        raise ExchangeRefused(f"{name}第 {pkg.sequence} 号数据包序号重复：本库已导入到第 {last} 号，已拒绝")
    if row is not None and not pkg.full and pkg.sequence != last + 1:
        raise ExchangeRefused(f"{name}的数据包序号不连续：本库已导入到第 {last} 号，这是第 {pkg.sequence} 号，"
                              f"缺少第 {last + 1} 号起的数据包（请先导入缺少的，或请乡镇导出完整数据包）")
    return last


def import_package(db: LedgerDB, pkg: Package) -> ImportOutcome:
    """Apply one town's change package (checked whole first; ExchangeRefused when refused)."""
    require(db, "import")
    district = get_district(db)
    if district is None:
        raise ExchangeRefused("本库是乡镇的数据库，不能导入乡镇上报的数据包：请在区（县）汇总库中导入"
                              "（新建汇总库：exchange init-district）")
    tables = travelling(db)
    _check(db, district, pkg, schema_of(tables))
    folder = Path(database_path(db)).parent
    with tempfile.TemporaryDirectory(prefix=".exchange-", dir=folder) as tmp:
        merged = Path(tmp) / "merged.db"
        create_staging(merged, tables)
        statements = Path(tmp) / "fill.json"
        statements.write_text(json.dumps(fill_statements(tables)), encoding="utf-8")
        changeset = Path(tmp) / "changes.bin"
        changeset.write_bytes(pkg.payload)
        result = run_engine("apply", merged, changeset, database_path(db), statements, pkg.town)
        db.execute("ATTACH DATABASE ? AS ex_merged", [str(merged)])
        try:
            outcome = _record(db, pkg, tables, result)
        finally:
            db.execute("DETACH DATABASE ex_merged")
    return outcome


def _record(db: LedgerDB, pkg: Package, tables: list[Travelling], result: dict[str, Any]) -> ImportOutcome:
    m = pkg.manifest
    town_name = str(m.get("town_name", ""))
    touched: dict[str, dict[str, Any]] = result["tables"]
    conflicts: list[dict[str, Any]] = list(result["conflicts"])
    added = sum(int(t["added"]) for t in touched.values())
    changed = sum(int(t["changed"]) for t in touched.values())
    deleted = sum(int(t["deleted"]) for t in touched.values())
    db.execute("CREATE TEMP TABLE IF NOT EXISTS ex_touched (uid TEXT PRIMARY KEY)")
    with changing(db, "导入数据包", "import") as log:
        with bulk_keys(db, *[t.name for t in tables]):
            for t in tables:
                if t.name not in touched:
                    continue
                _, foreign = refresh_rows(db, "ex_merged", t, list(touched[t.name]["uids"]), pkg.town)
                reported = {c["uid"] for c in conflicts if c["table"] == t.name}
                for uid in (u for u in foreign if u not in reported):
                    other = db.execute(f"SELECT town_key FROM {q(t.name)} WHERE uid = ?", [uid]).fetchone()[0]
                    conflicts.append({"table": t.name, "uid": uid, "kind": "changed_both", "field": "*",
                                      "ours": f"属于 {other}", "theirs": f"{town_name}也有这条记录",
                                      "name": "", "id_number": "", "other_town": other})
                t_counts = touched[t.name]
                log.record(t.name, None, f"{town_name} 第 {pkg.sequence} 号数据包：新增 {t_counts['added']}，"
                                         f"修改 {t_counts['changed']}，删除 {t_counts['deleted']}")
        conflicts += _duplicate_ids(db, pkg, result["id_numbers"])
        derive_member_keys(db, [uid for table, uid in result.get("merged", []) if table == "members"])
        cur = db.execute("INSERT INTO ex_received (town, sequence, sha256, full, file_name, rows_added, rows_changed,"
                         " conflicts, applied_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         [pkg.town, pkg.sequence, pkg.sha256, int(pkg.full), pkg.path.name, added, changed,
                          len(conflicts), clock.local_stamp()])
        received = cur.lastrowid
        log.record("ex_received", received, f"{town_name}（{pkg.town}）第 {pkg.sequence} 号"
                                            f"{'完整' if pkg.full else '增量'}数据包：新增 {added}，修改 {changed}，"
                                            f"冲突 {len(conflicts)}")
        for c in conflicts:
            db.execute("INSERT INTO ex_conflicts (table_name, row_uid, town, kind, id_number, name, field, ours,"
                       " theirs, other_uid, other_town, received_id, theirs_at)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       [c["table"], c["uid"], pkg.town, c["kind"], str(c.get("id_number") or ""),
                        str(c.get("name") or ""), c["field"], encode(unpack(c["ours"])),
                        encode(unpack(c["theirs"])), c.get("other_uid", ""), c.get("other_town", ""), received,
                        str(c.get("theirs_at") or "")])
        if conflicts:
            log.record("ex_conflicts", None, f"{town_name} 第 {pkg.sequence} 号数据包：{len(conflicts)} 处冲突待处理")
        registered = db.execute("SELECT id FROM ex_towns WHERE town = ?", [pkg.town]).fetchone()
        values = [str(m.get("town_name", "")), str(m.get("county_code", "")), str(m.get("town_code", "")),
                  pkg.sequence, clock.local_stamp()]
        if registered:
            db.execute("UPDATE ex_towns SET name = ?, county_code = ?, town_code = ?, last_sequence = ?,"
                       " last_applied_at = ? WHERE id = ?", [*values, registered[0]])
            log.record("ex_towns", registered[0], f"{town_name} 已导入到第 {pkg.sequence} 号")
        else:
            cur = db.execute("INSERT INTO ex_towns (town, name, county_code, town_code, last_sequence, last_applied_at,"
                             " registered_at) VALUES (?, ?, ?, ?, ?, ?, ?)", [pkg.town, *values, clock.local_stamp()])
            log.record("ex_towns", cur.lastrowid, f"登记乡镇 {town_name}（{pkg.town}）")
    return ImportOutcome(pkg.path.name, pkg.town, town_name, pkg.sequence, pkg.full, added, changed, deleted,
                         len(conflicts))


def derive_member_keys(db: LedgerDB, uids: list[str]) -> None:
    """The search text and sort key of members whose row mixes both sides of a merge (or took a decision)."""
    from ..pinyin import name_keys, name_sort_key
    for uid in uids:  # as models.members.search_text makes them (read unmasked: this is no display)
        row = db.execute("SELECT id, name, id_number, phone, address FROM members WHERE uid = ?", [uid]).fetchone()
        if row is None:
            continue
        text = "|".join((name_keys(str(row[1])).search, str(row[2]), str(row[3]), str(row[4])))
        db.execute("UPDATE members SET search_text = ?, sort_key = ? WHERE id = ?",
                   [text, name_sort_key(str(row[1])), row[0]])


def _duplicate_ids(db: LedgerDB, pkg: Package, id_numbers: list[list[str]]) -> list[dict[str, Any]]:
    """Identity numbers this package added (or changed to) that another town's record has too."""
    found: list[dict[str, Any]] = []
    names = dict(db.execute("SELECT town, name FROM ex_towns").fetchall())
    names[pkg.town] = str(pkg.manifest.get("town_name", ""))
    for uid, number in id_numbers:
        mine = db.execute("SELECT name, status FROM members WHERE uid = ?", [uid]).fetchone()
        if mine is None or not number:
            continue
        for other_uid, other_town, name, status in db.execute(
                "SELECT uid, town_key, name, status FROM members WHERE id_number = ? AND town_key != ?",
                [number, pkg.town]).fetchall():
            known = db.execute("SELECT 1 FROM ex_conflicts WHERE kind = 'duplicate_id_number' AND"
                               " ((row_uid = ? AND other_uid = ?) OR (row_uid = ? AND other_uid = ?))",
                               [uid, other_uid, other_uid, uid]).fetchone()
            if known:
                continue
            found.append({"table": "members", "uid": uid, "kind": "duplicate_id_number", "field": "id_number",
                          "ours": f"{names.get(other_town, other_town)}：{name}（{status}）",
                          "theirs": f"{names[pkg.town]}：{mine[0]}（{mine[1]}）", "name": mine[0],
                          "id_number": number, "other_uid": other_uid, "other_town": other_town})
    return found


@dataclass(frozen=True)
class Conflict:
    id: int
    table: str
    uid: str
    town: str
    kind: str
    id_number: str
    name: str
    field: str
    ours: Any
    theirs: Any
    status: str
    reason: str
    resolved_by: str
    resolved_at: str
    value: Any
    other_town: str
    conflict_uid: str

    def as_json(self) -> dict[str, Any]:
        from .common import encode as enc
        return {"id": self.id, "table": self.table, "uid": self.uid, "town": self.town, "kind": self.kind,
                "id_number": self.id_number, "name": self.name, "field": self.field,
                "ours": json.loads(enc(self.ours)), "theirs": json.loads(enc(self.theirs)), "status": self.status,
                "reason": self.reason, "resolved_by": self.resolved_by, "resolved_at": self.resolved_at}


_CONFLICT_COLS = ("id, table_name, row_uid, town, kind, id_number, name, field, ours, theirs, status, reason,"
                  " resolved_by, resolved_at, value, other_town, uid")


def _conflict(row: Any) -> Conflict:
    from .common import decode
    r = list(row)
    r[8], r[9], r[14] = decode(r[8]), decode(r[9]), decode(r[14])
    return Conflict(*r)


def list_conflicts(db: LedgerDB, *, status: str | None = None, town: str | None = None) -> list[Conflict]:
    where, params = [], []
    if status:
        where.append("status = ?")
        params.append(status)
    if town:
        where.append("town = ?")
        params.append(town)
    sql = f"SELECT {_CONFLICT_COLS} FROM ex_conflicts{' WHERE ' + ' AND '.join(where) if where else ''} ORDER BY id"
    return [_conflict(r) for r in db.execute(sql, params).fetchall()]


def get_conflict(db: LedgerDB, conflict_id: int) -> Conflict:
    row = db.execute(f"SELECT {_CONFLICT_COLS} FROM ex_conflicts WHERE id = ?", [conflict_id]).fetchone()
    if row is None:
        raise ExchangeRefused(f"没有编号为 {conflict_id} 的冲突")
    return _conflict(row)


_UNSET: Any = object()


def resolve(db: LedgerDB, conflict_id: int, keep: str | None = None, *, value: Any = _UNSET,
            reason: str = "") -> Conflict:
    """Decide a conflict: keep "ours" (the district's value stays), take "theirs" (the incoming value is written
    into the district's record), or give `value` (edited). Audited with the reason; the decision travels back
    to the town in the decisions package. An identity number seen in two towns changes no record here: the
    decision (which town's record is the person's) is recorded and sent to the town."""
    c = get_conflict(db, conflict_id)
    if c.status != "open":
        raise ExchangeRefused(f"冲突 {c.id} 已处理（{STATUS_NAMES.get(c.status, c.status)}，{c.resolved_by}"
                              f" {c.resolved_at}）")
    if value is not _UNSET:
        status, decided = "edited", value
    elif keep == "ours":
        status, decided = "kept_ours", c.ours
    elif keep == "theirs":
        status, decided = "took_theirs", c.theirs
    else:
        raise ExchangeRefused("请选择保留本库（ours）、采用来件（theirs）或填写新的值")
    if c.kind == "duplicate_id_number" and status == "edited":
        raise ExchangeRefused("身份证号重复的冲突只能选择保留本库的记录或采用来件的记录")
    tables = {t.name: t for t in travelling(db)}
    with changing(db, "处理数据冲突") as log:
        if c.kind != "duplicate_id_number" and status != "kept_ours":
            t = tables.get(c.table)
            if t is None:
                raise ExchangeRefused(f"表 {c.table} 不在交换的数据中")
            _write_decision(db, log, t, c, decided)
        db.execute("UPDATE ex_conflicts SET status = ?, value = ?, reason = ?, resolved_by = ?, resolved_at = ?"
                   " WHERE id = ?", [status, encode(decided), reason.strip(), db.user, clock.local_stamp(), c.id])
        if c.kind != "duplicate_id_number" and c.field != "*":
            _settled(db, c)
        log.record("ex_conflicts", c.id, f"冲突 {c.id}（{c.name} {c.field}）：{STATUS_NAMES[status]}"
                                         f"{'，' + reason.strip() if reason.strip() else ''}",
                   {"status": c.status}, {"status": status, "value": decided, "reason": reason.strip()})
    return get_conflict(db, conflict_id)


def _write_decision(db: LedgerDB, log: Any, t: Travelling, c: Conflict, decided: Any) -> None:
    from .staging import to_local
    row = db.execute(f"SELECT id FROM {q(t.name)} WHERE uid = ?", [c.uid]).fetchone()
    if c.field == "*":
        if row is None:
            raise ExchangeRefused("本库已没有这条记录，不能采用来件的修改：请选择保留本库")
        if decided is not None:
            raise ExchangeRefused("这处冲突涉及整条记录，只能保留本库，或采用来件的删除")
        try:
            db.execute(f"DELETE FROM {q(t.name)} WHERE id = ?", [row[0]])
        except Exception as exc:
            raise ExchangeRefused(f"不能删除这条记录：还有其他记录引用它（{exc}）") from exc
        log.record(t.name, int(row[0]), f"冲突 {c.id}：采用来件的删除", None, None)
        return
    if c.field not in t.own:
        raise ExchangeRefused(f"表 {t.name} 没有字段 {c.field}")
    if row is None:
        raise ExchangeRefused("本库已没有这条记录，不能修改：请选择保留本库")
    local = to_local(db, t, c.field, decided)
    before = db.execute(f"SELECT {q(c.field)} FROM {q(t.name)} WHERE id = ?", [row[0]]).fetchone()[0]
    db.execute(f"UPDATE {q(t.name)} SET {q(c.field)} = ? WHERE id = ?", [local, row[0]])
    if t.name == "members":
        derive_member_keys(db, [c.uid])
    log.record(t.name, int(row[0]), f"冲突 {c.id}：{c.name} {c.field}", {c.field: before}, {c.field: local})


def _settled(db: LedgerDB, c: Conflict) -> None:
    """When the record's last open conflict is decided, its row takes the incoming row's time: the record is
    as the town last sent it plus the decisions (which go back to the town), so the town's next change of it
    is not mistaken for one made on both sides."""
    left = db.execute("SELECT count(*) FROM ex_conflicts WHERE table_name = ? AND row_uid = ? AND status = 'open'",
                      [c.table, c.uid]).fetchone()[0]
    stamp = db.execute("SELECT max(theirs_at) FROM ex_conflicts WHERE table_name = ? AND row_uid = ?",
                       [c.table, c.uid]).fetchone()[0]
    if not left and stamp and c.table in {t.name for t in travelling(db)}:
        db.execute(f"UPDATE {q(c.table)} SET updated_at = ? WHERE uid = ?", [stamp, c.uid])


def decisions_package(db: LedgerDB, out: Path, town: str | None = None, password: str = "") -> int:
    """Write the decisions package (every resolved conflict, or one town's) for the towns, sealed with
    `password` when one is given (it names members and may carry their identity numbers); audited; returns
    how many decisions it holds."""
    require(db, "print")
    district = get_district(db)
    if district is None:
        raise ExchangeRefused("只有区（县）汇总库才能发出处理决定（本库是乡镇的数据库）")
    if out.suffix.lower() != ".glpkg":
        raise ExchangeRefused(f"输出文件“{out.name}”应以 .glpkg 结尾")
    rows = [c for c in list_conflicts(db, town=town) if c.status != "open"]
    decisions = [{"uid": c.conflict_uid, "id": c.id, "table": c.table, "row_uid": c.uid, "town": c.town,
                  "kind": c.kind, "field": c.field, "name": c.name, "status": c.status,
                  "value": json.loads(encode(c.value)), "reason": c.reason, "resolved_by": c.resolved_by,
                  "resolved_at": c.resolved_at} for c in rows]
    payload = json.dumps({"decisions": decisions}, ensure_ascii=False).encode("utf-8")
    manifest = {"kind": "decisions", "district_name": district.name, "county_code": district.county_code,
                "sequence": max((c.id for c in rows), default=0), "towns": sorted({c.town for c in rows}),
                "decisions": len(decisions), "made_at": clock.utc_stamp(), "made_by": db.user}
    write_package(out, manifest, payload, password)
    log_event(db, "导出处理决定数据包", f"{out.name}：处理决定 {len(decisions)} 项"
                                  f"{f'（乡镇 {town}）' if town else ''}，{'已加密' if password else '未加密'}")
    return len(decisions)


@dataclass(frozen=True)
class TownState:
    town: str
    name: str
    last_sequence: int
    last_applied_at: str
    open_conflicts: int
    members: int


def towns(db: LedgerDB) -> list[TownState]:
    """The towns registered with this district, with their last package and open conflicts."""
    return [TownState(str(r[0]), str(r[1]), int(r[2]), str(r[3]), int(r[4]), int(r[5])) for r in db.execute(
        "SELECT t.town, t.name, t.last_sequence, t.last_applied_at,"
        " (SELECT count(*) FROM ex_conflicts c WHERE c.town = t.town AND c.status = 'open'),"
        " (SELECT count(*) FROM members m WHERE m.town_key = t.town AND m.status = '在册')"
        " FROM ex_towns t ORDER BY t.name, t.town").fetchall()]


_HIDDEN = ("uid", "town_key", "updated_at", "updated_by", "search_text", "sort_key", "created_at")


@dataclass(frozen=True)
class SideRow:
    """One field of a conflicted record, side by side: the district's value and the incoming one."""
    field: str
    label: str
    ours: Any
    theirs: Any
    differs: bool


def field_label(table: str, column: str) -> str:
    """A column's name as a clerk reads it (党员's fields by their form labels)."""
    from ..entities import LABELS
    if column == "*":
        return "整条记录"
    return LABELS.get(column, column) if table == "members" else column


def side_by_side(db: LedgerDB, c: Conflict) -> list[SideRow]:
    """The conflicted record field by field: ours as the district holds it now, theirs with every incoming
    value the package brought for that record (its other conflicts of the same record included)."""
    if c.kind == "duplicate_id_number":
        return [SideRow("id_number", field_label("members", "id_number"), c.ours, c.theirs, True)]
    t = next((t for t in travelling(db) if t.name == c.table), None)
    if t is None:
        return []
    row = db.execute(f"SELECT {', '.join(q(x) for x in t.own)} FROM {q(t.name)} WHERE uid = ?", [c.uid]).fetchone()
    ours = dict(zip(t.own, row)) if row else {}
    for column, target in t.refs.items():  # a referenced row by its name, not its id here
        if ours.get(column) is not None:
            name = db.execute(f"SELECT * FROM {q(target)} WHERE id = ?", [ours[column]]).fetchone()
            names = [d[0] for d in db.execute(f"SELECT * FROM {q(target)} LIMIT 0").description]
            ours[column] = dict(zip(names, name)).get("name", ours[column]) if name else ours[column]
    theirs = dict(ours)
    whole: Any = _UNSET
    for other in list_conflicts(db, town=c.town):
        if other.table == c.table and other.uid == c.uid and (other.status == "open" or other.id == c.id):
            if other.field == "*":
                whole = other.theirs
            elif other.field in theirs:
                theirs[other.field] = other.theirs
    if whole is not _UNSET:
        theirs = {k: (whole or {}).get(k, "（已删除）" if whole is None else v) for k, v in ours.items()} \
            if ours else dict(whole or {})
    columns = [x for x in (t.own if ours else theirs) if x not in _HIDDEN]
    return [SideRow(x, field_label(t.name, x), ours.get(x, "（本库没有）") if ours else "（本库没有）",
                    theirs.get(x), (ours.get(x) if ours else None) != theirs.get(x)) for x in columns]


def town_names(db: LedgerDB) -> dict[str, str]:
    """{town key: name} of the towns registered with this district, by name (a light towns(): no counting)."""
    return {str(k): str(n) for k, n in db.execute("SELECT town, name FROM ex_towns ORDER BY name, town")}


def town_villages(db: LedgerDB, town: str) -> set[int]:
    """The ids of the villages (村/社区) of one town in a district's database."""
    return {int(r[0]) for r in db.execute("SELECT id FROM villages WHERE town_key = ?", [town])}
