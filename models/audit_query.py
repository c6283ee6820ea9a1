"""The 操作日志 page's queries: filter the audit trail by user, period, record and kind, a page at a time, and
turn each row's stored before/after JSON into Chinese field labels and readable values.

Reading the trail needs the "audit" permission (管理员; anyone while the database has no accounts).
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from .audit import require
from .db import LedgerDB
from .entities import BOOL_FIELDS, LABELS

TABLE_LABELS: dict[str, str] = {
    "members": "党员", "villages": "村（社区）", "grids": "网格", "town": "镇（街道）", "accounts": "用户",
    "settings": "设置",
}
_FIELD_LABELS: dict[str, dict[str, str]] = {
    "members": LABELS,
    "villages": {"name": "名称", "stat_code": "统计用区划代码", "org_type": "党组织类型", "org_name": "党组织名称",
                 "status": "状态", "merged_into_id": "并入", "id": "编号"},
    "grids": {"name": "名称", "village_id": "所属村（社区）", "leader": "网格长", "workers": "网格员",
              "households": "户数", "population": "人口数", "area_desc": "网格范围", "org_type": "党组织类型",
              "org_name": "党组织名称", "status": "状态", "id": "编号"},
    "town": {"name": "镇（街道）名称", "county_code": "县级行政区划代码", "town_code": "乡镇代码", "id": "编号"},
    "accounts": {"name": "用户名", "full_name": "姓名", "role": "角色", "active": "状态"},
    "settings": {"idle_minutes": "自动锁定（分钟）", "backup_folder": "备份文件夹"},
}
EMPTY = "（空）"
PAGE_SIZE = 200


@dataclass(frozen=True)
class AuditFilter:
    """Empty values mean 'any'. Dates are YYYY-MM-DD and include both ends."""
    user: str = ""
    date_from: str = ""
    date_to: str = ""
    table: str = ""
    record_id: int | None = None
    action: str = ""


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: str
    after: str
    created: bool = False  # the record was created: only `after` means something

    def text(self) -> str:
        return f"{self.label}：{self.after}" if self.created else f"{self.label}：{self.before} → {self.after}"


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: str
    user: str
    action: str
    table_name: str
    record_id: int | None
    record: str  # e.g. "党员 张三（#12）"
    summary: str
    changes: tuple[FieldChange, ...] = field(default_factory=tuple)

    def changes_text(self) -> str:
        return "；".join(c.text() for c in self.changes)


def _where(f: AuditFilter) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if f.user:
        clauses.append("user = ?")
        params.append(f.user)
    if f.action:
        clauses.append("action = ?")
        params.append(f.action)
    if f.date_from:
        clauses.append("at >= ?")
        params.append(dt.date.fromisoformat(f.date_from).isoformat())
    if f.date_to:
        clauses.append("at < ?")
        params.append((dt.date.fromisoformat(f.date_to) + dt.timedelta(days=1)).isoformat())
    if f.table:
        clauses.append("table_name = ?")
        params.append(f.table)
    if f.record_id is not None:
        clauses.append("record_id = ?")
        params.append(f.record_id)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def count_audit(db: LedgerDB, f: AuditFilter) -> int:
    require(db, "audit")
    where, params = _where(f)
    return int(db.execute("SELECT count(*) FROM audit_log" + where, params).fetchone()[0])


def audit_rows(db: LedgerDB, f: AuditFilter, *, limit: int | None = PAGE_SIZE, offset: int = 0,
               oldest_first: bool = False) -> list[AuditRow]:
    """One page of the filtered trail, newest first (or oldest first for a record's history)."""
    require(db, "audit")
    where, params = _where(f)
    order = " ORDER BY id" if oldest_first else " ORDER BY id DESC"
    page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit else ""
    raw = db.execute("SELECT id, at, user, action, table_name, record_id, summary, before, after FROM audit_log"
                     + where + order + page, params).fetchall()
    names = _Names(db)
    return [AuditRow(r[0], r[1][:19], r[2], r[3], r[4], r[5], names.record(r[4], r[5]), r[6],
                     _changes(names, r[4], r[7], r[8])) for r in raw]


def record_history(db: LedgerDB, table: str, record_id: int) -> list[AuditRow]:
    """Everything that happened to one record, oldest first."""
    return audit_rows(db, AuditFilter(table=table, record_id=record_id), limit=None, oldest_first=True)


def audit_users(db: LedgerDB) -> list[str]:
    return [r[0] for r in db.execute("SELECT DISTINCT user FROM audit_log WHERE user != '' ORDER BY user")]


def audit_actions(db: LedgerDB) -> list[str]:
    return [r[0] for r in db.execute("SELECT DISTINCT action FROM audit_log ORDER BY action")]


def find_members_for_audit(db: LedgerDB, text: str, limit: int = 20) -> list[tuple[int, str, str]]:
    """(id, name, village) of members — any status — whose name or identity number matches, for the record
    filter. A full identity number matches exactly; otherwise part of the name."""
    text = text.strip().upper()
    if not text:
        return []
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = db.execute(
        "SELECT m.id, m.name, v.name FROM members m JOIN villages v ON v.id = m.village_id"
        " WHERE m.id_number = ? OR m.name LIKE ? ESCAPE '\\' ORDER BY m.name = ? DESC, m.sort_key, m.id LIMIT ?",
        [text, f"%{escaped}%", text, limit]).fetchall()
    return [(r[0], r[1], r[2]) for r in rows]


def export_rows(rows: list[AuditRow]) -> list[tuple[str, ...]]:
    """Plain rows for the Excel export, in EXPORT_HEADERS order."""
    return [(r.at, r.user, r.action, r.record, r.summary, r.changes_text()) for r in rows]


EXPORT_HEADERS = ("时间", "用户", "操作", "记录", "摘要", "变更内容（原值 → 新值）")


class _Names:
    """Looks up the current names of villages, grids and members the rows refer to (cached per query)."""

    _SQL = {"members": "SELECT name FROM members WHERE id = ?", "villages": "SELECT name FROM villages WHERE id = ?",
            "grids": "SELECT name FROM grids WHERE id = ?", "town": "SELECT name FROM town WHERE id = ?",
            "accounts": "SELECT name FROM accounts WHERE id = ?"}

    def __init__(self, db: LedgerDB) -> None:
        self.db = db
        self.cache: dict[tuple[str, int], str] = {}

    def name(self, table: str, record_id: int) -> str:
        key = (table, record_id)
        if key not in self.cache:
            sql = self._SQL.get(table)
            row = self.db.execute(sql, [record_id]).fetchone() if sql else None
            self.cache[key] = str(row[0]) if row else ""
        return self.cache[key]

    def record(self, table: str, record_id: int | None) -> str:
        if not table:
            return ""
        label = TABLE_LABELS.get(table, table)
        if record_id is None:
            return label
        name = self.name(table, record_id)
        return f"{label} {name}（#{record_id}）" if name else f"{label} #{record_id}"


def field_label(table: str, key: str) -> str:
    return _FIELD_LABELS.get(table, {}).get(key) or LABELS.get(key, key)


def _value(names: _Names, table: str, key: str, value: Any) -> str:
    if value is None or value == "":
        return EMPTY
    if key in ("village_id", "merged_into_id") and isinstance(value, int):
        return names.name("villages", value) or f"#{value}"
    if key == "grid_id" and isinstance(value, int):
        return names.name("grids", value) or f"#{value}"
    if table == "accounts" and key == "active":
        return "启用" if value else "停用"
    if isinstance(value, bool) or key in BOOL_FIELDS:
        return "是" if value else "否"
    return str(value)


_SKIP = {"sort_key", "search_text", "id", "village_name", "grid_name"}


def _changes(names: _Names, table: str, before_json: str | None, after_json: str | None) -> tuple[FieldChange, ...]:
    before: dict[str, Any] = json.loads(before_json) if before_json else {}
    after: dict[str, Any] = json.loads(after_json) if after_json else {}
    created = before_json is None and after_json is not None
    out = []
    for key in list(after) + [k for k in before if k not in after]:
        if key in _SKIP or (created and after.get(key) in (None, "", False, 0)):
            continue
        out.append(FieldChange(key, field_label(table, key), _value(names, table, key, before.get(key)),
                               _value(names, table, key, after.get(key)), created))
    return tuple(out)
