"""The audit log's hash chain: every row of audit_log holds a SHA-256 over its own content and the previous row's
hash (`chain_hash`), so a changed, inserted or deleted row breaks the chain from there on.

- `append(db, rows)`: the one way rows enter audit_log (changing(), log_event(), the restore note). Call it inside
  the transaction that writes them; it reads the last hash and inserts the rows with their ids and hashes.
- `chain_problems(db)`: the first row where the chain breaks (in Chinese), [] when it holds.
- `head(db)`: the short 日志校验码 printed in the footer of every report: a log shortened afterwards no longer has
  a row with the code on the paper (`find_code`).
- `protection_problems(db)`, `account_problems(db)`: missing no-update/no-delete triggers; accounts, roles or
  enabled states that no audit row explains (written behind the program's back).

The hash input is fixed (ROW_COLUMNS, JSON, "|" between the previous hash and the row): m005_audit_chain chained
the rows that existed then with it, so it can never change.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # models.db imports the migrations, which import this module
    from sqlite_utils import Database

ROW_COLUMNS = ("id", "at", "user", "action", "table_name", "record_id", "summary", "before", "after")
CODE_LENGTH = 8
TRIGGERS = {"audit_log_no_update": "修改", "audit_log_no_delete": "删除"}

def row_hash(previous: str, row: Sequence[Any]) -> str:
    """SHA-256 (hex) of the previous row's hash and this row's ROW_COLUMNS values."""
    content = json.dumps(list(row), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{previous}|{content}".encode()).hexdigest()


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def append(db: Database, rows: Iterable[Sequence[Any]]) -> None:
    """Insert audit rows, each (at, user, action, table_name, record_id, summary, before, after), with their ids
    and chain hashes; inside the caller's transaction (which should already hold the write lock)."""
    last = db.execute("SELECT id, chain_hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    next_id, previous = (int(last[0]) + 1, str(last[1])) if last else (1, "")
    out = []
    for at, user, action, table, record_id, summary, before, after in rows:
        # the values exactly as SQLite will give them back, so that the stored hash can be recomputed
        values = (next_id, str(at), str(user or ""), str(action), str(table or ""),
                  None if record_id is None else int(record_id), str(summary or ""), _text(before), _text(after))
        previous = row_hash(previous, values)
        out.append((*values, previous))
        next_id += 1
    db.conn.executemany("INSERT INTO audit_log (id, at, user, action, table_name, record_id, summary, before, after,"
                        " chain_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", out)


def head(db: Database) -> str:
    """日志校验码: the first CODE_LENGTH hex characters of the last row's hash ("" for an empty or older log)."""
    try:
        row = db.execute("SELECT chain_hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    except sqlite3.OperationalError:
        return ""
    return str(row[0])[:CODE_LENGTH] if row else ""


def find_code(db: Database, code: str) -> int | None:
    """The id of the audit row whose hash starts with a 日志校验码 read off a printout; None when no row has it
    (the log was shortened or replaced since that printout)."""
    code = code.strip().lower()
    if len(code) < CODE_LENGTH:
        return None
    row = db.execute("SELECT id FROM audit_log WHERE substr(chain_hash, 1, ?) = ? ORDER BY id LIMIT 1",
                     [len(code), code]).fetchone()
    return int(row[0]) if row else None


def _describe(row: Sequence[Any]) -> str:
    return f"ID {row[0]}，{row[1]}，{row[2] or '（无用户）'}，{row[3]}"


def chain_problems(db: Database) -> list[str]:
    """The first break of the chain, in Chinese; [] when every row follows from the one before."""
    columns = {r[1] for r in db.execute("PRAGMA table_info(audit_log)").fetchall()}
    if "chain_hash" not in columns:
        try:
            chained = db.execute("SELECT 1 FROM _sqlite_migrations WHERE name = 'm005_audit_chain'").fetchone()
        except sqlite3.OperationalError:
            chained = None
        return ["操作日志的校验列 chain_hash 已被删除" if chained else
                "操作日志还没有校验链（数据库来自旧版本，用本程序打开一次即会升级）"]
    cursor = db.execute(f"SELECT {', '.join(ROW_COLUMNS)}, chain_hash FROM audit_log ORDER BY id")
    previous, last_id = "", 0
    for number, row in enumerate(cursor, start=1):
        if row[0] != last_id + 1 and last_id:
            return [f"操作日志第 {number} 条（{_describe(row)}）之前缺少 ID {last_id + 1}–{row[0] - 1} 的记录："
                    "有记录被删除"]
        expected = row_hash(previous, row[:len(ROW_COLUMNS)])
        if row[-1] != expected:
            return [f"操作日志第 {number} 条（{_describe(row)}）与校验链不符：该条或它之前的记录被改动、"
                    "删除或伪造过"]
        previous, last_id = expected, row[0]
    return []


def protection_problems(db: Database) -> list[str]:
    """The no-update / no-delete triggers that are missing."""
    present = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"
                                        " AND tbl_name = 'audit_log'").fetchall()}
    return [f"操作日志的保护触发器 {name} 已被删除：操作日志现在可以被{verb}" for name, verb in TRIGGERS.items()
            if name not in present]


def account_problems(db: Database) -> list[str]:
    """Accounts (and their role, enabled state) that the audit rows of table accounts do not explain."""
    audited: dict[int, dict[str, Any]] = {}
    created: set[int] = set()
    try:
        for record_id, before, after in db.execute(
                "SELECT record_id, before, after FROM audit_log WHERE table_name = 'accounts' ORDER BY id"):
            if record_id is None or after is None:
                continue
            if before is None:
                created.add(int(record_id))
            audited.setdefault(int(record_id), {}).update(json.loads(after))
        actual = db.execute("SELECT id, name, role, active FROM accounts ORDER BY id").fetchall()
    except (sqlite3.OperationalError, ValueError) as exc:
        return [f"用户记录无法与操作日志核对（{exc}）"]
    out = []
    for account_id, name, role, active in actual:
        state = audited.get(account_id, {})
        if account_id not in created:
            out.append(f"用户 {name}（{role}）在操作日志中没有新增记录：是绕过程序写入数据库的")
            continue
        if str(state.get("name", "")).lower() != str(name).lower():
            out.append(f"用户 {name} 在操作日志中新增时名为“{state.get('name', '')}”：用户名被绕过程序改动")
        if state.get("role") != role:
            out.append(f"用户 {name} 的角色是{role}，操作日志记录的是{state.get('role')}：角色被绕过程序改动")
        if bool(state.get("active", True)) != bool(active):
            out.append(f"用户 {name} 现为{'启用' if active else '停用'}，操作日志记录的是"
                       f"{'启用' if state.get('active', True) else '停用'}：被绕过程序改动")
    present = {r[0] for r in actual}
    for account_id in sorted(created - present):
        out.append(f"用户 {audited[account_id].get('name', account_id)} 的记录已被删除（操作日志记录了其新增）")
    return out
