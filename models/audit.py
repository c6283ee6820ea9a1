"""Every change goes through `changing()`: one transaction holding the change and its audit rows — and the
role-based permission checks that every change and every reveal of full identity numbers passes.

The audit row records who, when, what record and the fields' values before and after. It is written in the
same transaction as the change, so a failed change leaves no audit row and a logged change always happened.
Events that change no record (login, failed login, logout, lock/unlock, export of full identity numbers) are
written by `log_event()` in their own transaction.

Roles (管理员 / 录入员 / 查阅) are looked up in the accounts table for `db.user` on every check, so disabling an
account or changing its role takes effect at once. A database without accounts (new, or made by `demo`) allows
everything until the first 管理员 is created; once it has accounts, nobody signed in may change anything.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from . import clock
from .db import LedgerDB
from .idcard import mask


class PermissionDenied(Exception):
    """The signed-in user's role does not allow this; the message is Chinese."""


ROLES = ("管理员", "录入员", "查阅")
READ_ONLY_ROLES = ("查阅",)

# What each permission means, in the words of a refusal: "没有{label}的权限".
PERMISSION_LABELS: dict[str, str] = {
    "edit": "录入和修改数据",
    "import": "导入数据",
    "print": "查阅和打印",
    "full_ids": "查看完整身份证号",
    "backup": "备份数据",
    "accounts": "管理用户",
    "restore": "恢复数据",
    "settings": "修改设置",
    "audit": "查看操作日志",
    "self": "修改自己的密码",
}
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "管理员": frozenset(PERMISSION_LABELS),
    "录入员": frozenset({"edit", "import", "print", "full_ids", "backup", "self"}),
    "查阅": frozenset({"print", "self"}),
}
# Permissions that change the database: refused on a database opened read-only (second instance).
WRITE_PERMISSIONS = frozenset({"edit", "import", "accounts", "restore", "settings", "self"})


def has_accounts(db: LedgerDB) -> bool:
    """True once the first account exists (a database from before m002 has none)."""
    try:
        return bool(db.execute("SELECT EXISTS (SELECT 1 FROM accounts)").fetchone()[0])
    except sqlite3.OperationalError:
        return False


def current_role(db: LedgerDB) -> str | None:
    """The signed-in user's role; "" when the database has no accounts (unless a role was set on db by hand,
    as tests do); None when nobody may act."""
    if not has_accounts(db):
        return db.role if db.role in ROLES else ""
    if not db.user:
        return None
    row = db.execute("SELECT role, active FROM accounts WHERE name = ?", [db.user]).fetchone()
    if not row or not row[1]:
        return None
    return str(row[0])


def can(db: LedgerDB, permission: str) -> bool:
    try:
        require(db, permission)
    except PermissionDenied:
        return False
    return True


def require(db: LedgerDB, permission: str) -> None:
    """Raise PermissionDenied (Chinese message) unless the signed-in user may do `permission`."""
    if permission not in PERMISSION_LABELS:
        raise ValueError(f"unknown permission {permission!r}")
    if permission in WRITE_PERMISSIONS and db.read_only:
        raise PermissionDenied(db.read_only_reason or "数据库以只读方式打开，不能修改数据")
    role = current_role(db)
    if role == "":
        return
    if role is None:
        if db.user:
            raise PermissionDenied(f"用户 {db.user} 已停用或不存在，请重新登录")
        raise PermissionDenied("请先登录：此数据库已设置用户")
    if permission not in ROLE_PERMISSIONS[role]:
        if role in READ_ONLY_ROLES and permission in WRITE_PERMISSIONS:
            raise PermissionDenied(f"当前用户 {db.user}（{role}）只能查阅，不能修改数据")
        raise PermissionDenied(f"当前用户 {db.user}（{role}）没有{PERMISSION_LABELS[permission]}的权限")


def require_write(db: LedgerDB) -> None:
    """Kept for callers written before roles: the same as require(db, "edit")."""
    require(db, "edit")


def can_see_full_ids(db: LedgerDB) -> bool:
    """Whether functions may show full identity numbers (查阅 users and nobody-signed-in see them masked)."""
    return can(db, "full_ids")


def shown_id_number(db: LedgerDB, number: str) -> str:
    """The identity number as this user may see it: whole, or 370285********1234."""
    return number if can_see_full_ids(db) else mask(number)


FULL_ID_EXPORT = "导出完整身份证号"


def log_full_id_export(db: LedgerDB, what: str, count: int) -> bool:
    """Call after writing a file or printout that holds full identity numbers, e.g. ("党员花名册", 120)."""
    return log_event(db, FULL_ID_EXPORT, f"{what}，含 {count} 人的完整身份证号")


@dataclass
class ChangeLog:
    db: LedgerDB
    action: str
    rows: list[tuple[str, int | None, str, str | None, str | None]] = field(default_factory=list)

    def record(self, table: str, record_id: int | None, summary: str = "",
               before: Mapping[str, Any] | None = None, after: Mapping[str, Any] | None = None) -> None:
        """Note one changed record. Only fields that differ are kept when both sides are given."""
        if before is not None and after is not None:
            keys = [k for k in after if before.get(k) != after.get(k)]
            before = {k: before.get(k) for k in keys}
            after = {k: after.get(k) for k in keys}
        self.rows.append((table, record_id, summary, _dump(before), _dump(after)))


def _dump(values: Mapping[str, Any] | None) -> str | None:
    return None if values is None else json.dumps(dict(values), ensure_ascii=False, default=str)


@contextmanager
def changing(db: LedgerDB, action: str, permission: str = "edit") -> Iterator[ChangeLog]:
    """Run a change in one transaction with its audit rows; raise PermissionDenied unless the signed-in user
    has `permission` (default "edit"; account changes pass "accounts", restore "restore", settings "settings")."""
    require(db, permission)
    log = ChangeLog(db, action)
    with db.atomic():
        yield log
        at = clock.local_stamp()
        db.conn.executemany(
            "INSERT INTO audit_log (at, user, action, table_name, record_id, summary, before, after)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(at, db.user, action, t, rid, s, b, a) for t, rid, s, b, a in log.rows] or
            [(at, db.user, action, "", None, "", None, None)])


def log_event(db: LedgerDB, action: str, summary: str = "", *, user: str | None = None) -> bool:
    """Write one audit row for an event that changes no record (登录, 登录失败, 退出登录, 锁定, 解锁,
    导出完整身份证号 …) in its own transaction. Returns False when the file cannot be written (a read-only
    copy): the event is then lost rather than the clerk's work being blocked."""
    try:
        with db.atomic():
            db.execute("INSERT INTO audit_log (at, user, action, summary) VALUES (?, ?, ?, ?)",
                       [clock.local_stamp(), db.user if user is None else user, action, summary])
    except sqlite3.OperationalError:
        return False
    return True


def history(db: LedgerDB, table: str, record_id: int) -> list[dict[str, Any]]:
    """A record's audit rows, oldest first."""
    return [dict(r) for r in db.query(
        "SELECT at, user, action, summary, before, after FROM audit_log"
        " WHERE table_name = ? AND record_id = ? ORDER BY id", [table, record_id])]


def tables_changed_since(db: LedgerDB, audit_id: int) -> set[str]:
    """The tables named by the audit rows after audit row `audit_id` (0: all): what the writes since then changed,
    since every write audits every table it changes. A window notes `max(id)` before a write and emits one
    changed(tables) signal with this afterwards — a worker thread's write included."""
    return {r[0] for r in db.execute("SELECT DISTINCT table_name FROM audit_log WHERE id > ? AND table_name != ''",
                                     [audit_id])}
