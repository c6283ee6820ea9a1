"""The town's side: 导出上报数据包 (a change package since the last one, or a full one) and applying the
district's decisions package.

The town keeps `<database>.sent.db`, the staging copy (models/exchange/staging.py) as last sent. An export
builds a fresh staging copy of the town's own rows, has the engine diff the sent copy against it (a full package:
an empty copy), writes the package, records it in ex_sent, and only then makes the fresh copy the sent one (an
atomic rename). A crash at any point loses no record of changes: the next package is computed from whatever
copy was last kept, and a change sent twice applies as nothing at the district.
"""
from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import clock
from ..audit import changing, require
from ..db import LedgerDB, database_path, town_key
from ..org import get_town
from .common import ExchangeRefused, get_district, run_engine, unpack
from .district import derive_member_keys
from .package import Package, write_package
from .staging import build_staging, create_staging, q, schema_of, schema_version, to_local, travelling


@dataclass(frozen=True)
class ExportResult:
    path: Path
    town: str
    sequence: int
    full: bool
    changes: dict[str, dict[str, int]]
    size: int
    rows: dict[str, int]
    note: str = ""
    encrypted: bool = False

    @property
    def count(self) -> int:
        return sum(sum(c.values()) for c in self.changes.values())

    def as_json(self) -> dict[str, Any]:
        return {"file": str(self.path), "town": self.town, "sequence": self.sequence, "full": self.full,
                "changes": self.count, "tables": self.changes, "size": self.size, "note": self.note,
                "encrypted": self.encrypted}


@dataclass(frozen=True)
class SentInfo:
    sequence: int
    full: bool
    changes: int
    size: int
    sent_at: str
    file_name: str


def sent_path(db: LedgerDB) -> Path:
    return Path(database_path(db) + ".sent.db")


def last_sent(db: LedgerDB) -> SentInfo | None:
    row = db.execute("SELECT sequence, full, changes, size, sent_at, file_name FROM ex_sent"
                     " ORDER BY sequence DESC LIMIT 1").fetchone()
    return SentInfo(int(row[0]), bool(row[1]), int(row[2]), int(row[3]), str(row[4]), str(row[5])) if row else None


def sent_history(db: LedgerDB) -> list[SentInfo]:
    """Every package this town exported, newest first."""
    return [SentInfo(int(r[0]), bool(r[1]), int(r[2]), int(r[3]), str(r[4]), str(r[5])) for r in db.execute(
        "SELECT sequence, full, changes, size, sent_at, file_name FROM ex_sent ORDER BY sequence DESC").fetchall()]


def _sent_schema(path: Path) -> dict[str, list[str]] | None:
    if not path.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            return {n: [str(r[1]) for r in conn.execute(f"PRAGMA table_info({q(n)})")] for n in names}
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return None


def export_package(db: LedgerDB, out: Path, *, full: bool = False, password: str = "") -> ExportResult:
    """Write the town's change package to `out` (.glpkg): the changes since the last package, or everything
    (`full`, and always the first time, or when the copy last sent is gone or of an older schema); sealed with
    `password` when one is given (the audit row says whether it was)."""
    require(db, "import")
    if get_district(db) is not None:
        raise ExchangeRefused("这是区（县）汇总库，不导出上报数据包；向乡镇发回处理决定请用“处理决定数据包”"
                              "（exchange decisions）")
    town = get_town(db)
    if town is None or not town.name or len(town.county_code) != 6:
        raise ExchangeRefused("请先设置本镇信息（名称、6 位县级代码、9 位乡镇代码：town set）再导出数据包")
    if out.suffix.lower() != ".glpkg":
        raise ExchangeRefused(f"输出文件“{out.name}”应以 .glpkg 结尾")
    if not out.parent.is_dir():
        raise ExchangeRefused(f"文件夹“{out.parent}”不存在")
    key = town_key(db)
    tables = travelling(db)
    schema = schema_of(tables)
    last = last_sent(db)
    sent = sent_path(db)
    note = ""
    if not full:
        if last is None:
            full, note = True, "第一个数据包为完整数据包（区县据此登记本镇）"
        elif _sent_schema(sent) != schema:
            full, note = True, "上次发送的副本不见了或属于旧版本的数据结构，已改为导出完整数据包"
    sequence = (last.sequence if last else 0) + 1
    with tempfile.TemporaryDirectory(prefix=".exchange-", dir=sent.parent) as tmp:
        new = Path(tmp) / "new.db"
        rows = build_staging(db, new, key, tables)
        old = sent
        if full:
            old = Path(tmp) / "empty.db"
            create_staging(old, tables)
        changeset = Path(tmp) / "changes.bin"
        diffed = run_engine("diff", old, new, changeset)
        payload = changeset.read_bytes()
        manifest = {"kind": "changes", "town_key": key, "town_name": town.name, "county_code": town.county_code,
                    "town_code": town.town_code, "sequence": sequence, "full": full,
                    "schema_version": schema_version(schema), "schema": schema, "rows": rows,
                    "changes": diffed["changes"], "made_at": clock.utc_stamp(), "made_by": db.user}
        digest = write_package(out, manifest, payload, password)
        with changing(db, "导出上报数据包", "import") as log:
            cur = db.execute("INSERT INTO ex_sent (sequence, sha256, full, changes, size, file_name, sent_at)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?)",
                             [sequence, digest, int(full), sum(sum(c.values()) for c in diffed["changes"].values()),
                              len(payload), out.name, clock.local_stamp()])
            log.record("ex_sent", cur.lastrowid, f"第 {sequence} 号{'完整' if full else '增量'}数据包 {out.name}，"
                                                 f"{'已加密' if password else '未加密'}")
        os.replace(new, sent)
    return ExportResult(out, key, sequence, full, diffed["changes"], len(payload), rows, note, bool(password))


@dataclass(frozen=True)
class DecisionsResult:
    decisions: int
    changed: int
    skipped: int
    lines: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"kind": "decisions", "decisions": self.decisions, "changed": self.changed, "skipped": self.skipped,
                "lines": self.lines}


def _whole_record_line(db: LedgerDB, table: str, d: dict[str, Any]) -> str:
    """What the clerk is told of a decision about a whole record ('' when nothing is left to do here)."""
    here = db.execute(f"SELECT 1 FROM {q(table)} WHERE uid = ?", [d.get("row_uid")]).fetchone() is not None
    name = d.get("name") or "一条记录"
    why = f"（{d.get('reason')}）" if d.get("reason") else ""
    kept = d.get("status") == "kept_ours"
    if kept and here:
        return f"区县认定：{name}的记录在区县已删除，本镇仍保留着：请核实，如确应删除请告知区县{why}"
    if kept:
        return f"区县认定：本镇已删除的{name}的记录在区县保留：请核实，如仍需要请重新录入{why}"
    if here:
        return f"区县认定：{name}的记录以本镇为准（本镇保留，区县的删除不作数）{why}"
    return ""


def apply_decisions(db: LedgerDB, pkg: Package) -> DecisionsResult:
    """Apply the district's decisions on the town's own records (those of this town not applied before): the
    value the district decided is written into the field, audited; a decision about an identity number seen in
    two towns changes nothing here: it is recorded and told to the clerk (which record is the person's), who
    records the transfer or corrects the record typed twice."""
    require(db, "import")
    town = get_town(db)
    if get_district(db) is not None:
        raise ExchangeRefused("这是区（县）发给乡镇的处理决定，应在乡镇的数据库中导入")
    if town is None:
        raise ExchangeRefused("请先设置本镇信息（town set）再导入区县的处理决定")
    if pkg.manifest.get("county_code") != town.county_code:
        raise ExchangeRefused(f"处理决定来自县级代码 {pkg.manifest.get('county_code')}（"
                              f"{pkg.manifest.get('district_name', '')}），本镇属于 {town.county_code}，已拒绝")
    seen = db.execute("SELECT applied_at FROM ex_decisions_applied WHERE sha256 = ?", [pkg.sha256]).fetchone()
    if seen:
        raise ExchangeRefused(f"这个处理决定数据包已于 {seen[0]} 导入过，不再重复导入")
    try:
        decisions = json.loads(pkg.payload.decode("utf-8"))["decisions"]
    except (ValueError, KeyError, TypeError) as exc:
        raise ExchangeRefused("处理决定数据包的内容无法读取，已拒绝") from exc
    key = town_key(db)
    done_before = {u for (text,) in db.execute("SELECT decision_uids FROM ex_decisions_applied")
                   for u in json.loads(text)}
    tables = {t.name: t for t in travelling(db)}
    mine = [d for d in decisions if isinstance(d, dict) and d.get("town") == key and d.get("uid") not in done_before]
    changed, skipped, lines = 0, 0, []
    with changing(db, "导入区县处理决定", "import") as log:
        for d in mine:
            t = tables.get(str(d.get("table")))
            column = str(d.get("field", ""))
            if d.get("kind") == "duplicate_id_number" and d.get("status") in ("kept_ours", "took_theirs"):
                # which town's record is the person's: a matter for the clerk (a transfer to record, or a record
                # typed twice to correct), never a change made here behind them
                other = "另一乡镇的记录为准：如是转接，请办理转出；如是重复录入，请核实后改正" \
                    if d.get("status") == "kept_ours" else "本镇的记录为准"
                lines.append(f"区县认定：{d.get('name', '')}（身份证号在本镇和另一乡镇都有记录）以{other}"
                             + (f"（{d.get('reason')}）" if d.get("reason") else ""))
                skipped += 1
                continue
            if column == "*" and t is not None and d.get("status") in ("kept_ours", "took_theirs"):
                # a whole record deleted on one side (normal work never deletes: a record removed by hand): told
                # to the clerk, never deleted or typed again here behind them
                line = _whole_record_line(db, t.name, d)
                if line:
                    lines.append(line)
                skipped += 1
                continue
            if t is None or column not in t.own or d.get("kind") == "duplicate_id_number" or d.get("status") == "open":
                skipped += 1
                continue
            value = to_local(db, t, column, unpack(d.get("value")))
            row = db.execute(f"SELECT id, {q(column)} FROM {q(t.name)} WHERE uid = ?", [d.get("row_uid")]).fetchone()
            if row is None or row[1] == value:
                skipped += 1
                continue
            db.execute(f"UPDATE {q(t.name)} SET {q(column)} = ? WHERE id = ?", [value, row[0]])
            if t.name == "members":
                derive_member_keys(db, [str(d.get("row_uid"))])
            summary = f"区县处理决定：{d.get('name', '')} {column} 改为“{value}”（{d.get('reason', '')}）"
            log.record(t.name, int(row[0]), summary, {column: row[1]}, {column: value})
            lines.append(summary)
            changed += 1
        cur = db.execute("INSERT INTO ex_decisions_applied (sha256, district, decisions, changed, decision_uids,"
                         " applied_at) VALUES (?, ?, ?, ?, ?, ?)",
                         [pkg.sha256, str(pkg.manifest.get("district_name", "")), len(mine), changed,
                          json.dumps([d.get("uid") for d in mine]), clock.local_stamp()])
        log.record("ex_decisions_applied", cur.lastrowid, f"区县处理决定 {len(mine)} 项，修改 {changed} 处"
                   + "".join(f"；{line}" for line in lines if line.startswith("区县认定")))
    return DecisionsResult(len(mine), changed, skipped, lines)
