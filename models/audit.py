"""Every change goes through `changing()`: one transaction holding the change and its audit rows.

The audit row records who, when, what record and the fields' values before and after. It is written in the
same transaction as the change, so a failed change leaves no audit row and a logged change always happened.
Permission checks for signed-in users hook in here too (`require_write`).
"""
from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from .db import LedgerDB


class PermissionDenied(Exception):
    """The signed-in user's role does not allow this; the message is Chinese."""


READ_ONLY_ROLES = ("查阅",)


def require_write(db: LedgerDB) -> None:
    if db.read_only:
        raise PermissionDenied(db.read_only_reason or "数据库以只读方式打开，不能修改数据")
    if db.role in READ_ONLY_ROLES:
        raise PermissionDenied(f"当前用户 {db.user}（{db.role}）只能查阅，不能修改数据")


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
def changing(db: LedgerDB, action: str) -> Iterator[ChangeLog]:
    """Run a change in one transaction with its audit rows; raise PermissionDenied for read-only users."""
    require_write(db)
    log = ChangeLog(db, action)
    with db.atomic():
        yield log
        db.conn.executemany(
            "INSERT INTO audit_log (user, action, table_name, record_id, summary, before, after)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(db.user, action, t, rid, s, b, a) for t, rid, s, b, a in log.rows] or
            [(db.user, action, "", None, "", None, None)])


def history(db: LedgerDB, table: str, record_id: int) -> list[dict[str, Any]]:
    """A record's audit rows, oldest first."""
    return [dict(r) for r in db.query(
        "SELECT at, user, action, summary, before, after FROM audit_log"
        " WHERE table_name = ? AND record_id = ? ORDER BY id", [table, record_id])]
