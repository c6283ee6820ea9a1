"""Is the ledger sound? SQLite's integrity and foreign-key checks plus data-quality findings, in Chinese.

- `quick_check(path)` / `integrity_problems(conn)`: the page-level checks, run on a file or an open connection;
  an empty list means the database is sound. They never raise: an unreadable file is a problem, not a traceback.
- `check_database(db)`: everything `main.py check` prints — integrity, signs of tampering with the audit log (a
  broken hash chain, missing protection triggers, accounts or roles no audit row explains, accounts deleted),
  foreign keys, and the records a clerk
  should fix (duplicate identity numbers, members without a village or in a merged one, grids of merged
  villages, a grid in another village, 预备党员 whose probation is over).
"""
from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from . import audit_chain, clock
from .audit import accounts_vanished
from .db import LedgerDB
from .idcard import mask
from .members import probation_due


@dataclass(frozen=True)
class Finding:
    kind: str   # 完整性 / 操作日志 / 外键 / 身份号码重复 / 缺少村 / 已合并村 / 网格归属 / 预备期
    text: str


def integrity_problems(conn: sqlite3.Connection, *, quick: bool = False, limit: int = 20) -> list[str]:
    """Lines of PRAGMA integrity_check (or quick_check); [] when the database is sound."""
    pragma = "quick_check" if quick else "integrity_check"
    try:
        rows = conn.execute(f"PRAGMA {pragma}({int(limit)})").fetchall()
    except sqlite3.DatabaseError as exc:
        return [_sqlite_reason(exc)]
    lines = [str(r[0]) for r in rows]
    return [] if lines == ["ok"] else lines


def quick_check(path: str | Path) -> list[str]:
    """PRAGMA quick_check on the file at path, opened on its own connection; [] when sound."""
    path = Path(path)
    if not path.exists():
        return [f"找不到数据库文件 {path}"]
    try:
        conn = sqlite3.connect(str(path))
    except sqlite3.Error as exc:
        return [_sqlite_reason(exc)]
    try:
        return integrity_problems(conn, quick=True)
    finally:
        conn.close()


def _sqlite_reason(exc: sqlite3.Error) -> str:
    code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
    if code == 26:
        return f"不是数据库文件（{exc}）"
    if code == 11:
        return f"数据库文件已损坏（{exc}）"
    return f"无法读取数据库（{exc}）"


def check_database(db: LedgerDB, *, today: dt.date | None = None) -> list[Finding]:
    """All findings, integrity first; [] when the ledger is clean."""
    problems = integrity_problems(db.conn)
    if problems:
        return [Finding("完整性", f"数据库完整性检查未通过：{p}") for p in problems]
    findings = audit_findings(db)
    findings += _foreign_keys(db)
    findings += _duplicate_id_numbers(db)
    findings += _village_problems(db)
    findings += _probation_overdue(db, today or clock.today())
    return findings


def audit_findings(db: LedgerDB) -> list[Finding]:
    """Signs that the audit log or the accounts were changed behind the program's back."""
    texts = audit_chain.chain_problems(db) + audit_chain.protection_problems(db)
    if accounts_vanished(db):
        texts.append("数据库中的用户已全部被删除，而操作日志记录了曾有用户：此数据库需要登录才能使用，请从备份恢复")
    texts += audit_chain.account_problems(db)
    return [Finding("操作日志", t) for t in texts]


_FK_NAMES = {"members": "党员", "grids": "网格", "villages": "村（社区）", "natural_villages": "自然村",
             "village_years": "村年度分类", "member_events": "党员变动记录"}


def _foreign_keys(db: LedgerDB) -> list[Finding]:
    out = []
    for table, rowid, parent, _fk in db.execute("PRAGMA foreign_key_check").fetchall():
        out.append(Finding("外键", f"{_FK_NAMES.get(table, table)}（表 {table}，第 {rowid} 行）引用的"
                                   f"{_FK_NAMES.get(parent, parent)}记录不存在"))
    return out


def _duplicate_id_numbers(db: LedgerDB) -> list[Finding]:
    rows = db.execute(
        "SELECT upper(trim(id_number)) AS n, group_concat(name || '（ID ' || id || '）', '、'), count(*)"
        " FROM members GROUP BY n HAVING count(*) > 1 ORDER BY n").fetchall()
    return [Finding("身份号码重复", f"公民身份号码 {mask(n)} 重复 {c} 次：{names}") for n, names, c in rows]


def _village_problems(db: LedgerDB) -> list[Finding]:
    out = []
    for mid, name in db.execute(
            "SELECT m.id, m.name FROM members m LEFT JOIN villages v ON v.id = m.village_id"
            " WHERE v.id IS NULL ORDER BY m.id").fetchall():
        out.append(Finding("缺少村", f"党员 {name}（ID {mid}）没有所在村（社区）"))
    for mid, name, village, target in db.execute(
            "SELECT m.id, m.name, v.name, coalesce(t.name, '') FROM members m"
            " JOIN villages v ON v.id = m.village_id LEFT JOIN villages t ON t.id = v.merged_into_id"
            " WHERE v.status = '已合并' AND m.status = '在册' ORDER BY m.id").fetchall():
        out.append(Finding("已合并村", f"党员 {name}（ID {mid}）仍在已合并的 {village}"
                                       + (f"，应转到 {target}" if target else "")))
    for gid, grid, village, target in db.execute(
            "SELECT g.id, g.name, v.name, coalesce(t.name, '') FROM grids g"
            " JOIN villages v ON v.id = g.village_id LEFT JOIN villages t ON t.id = v.merged_into_id"
            " WHERE v.status = '已合并' AND g.status = '在用' ORDER BY g.id").fetchall():
        out.append(Finding("已合并村", f"网格 {grid}（ID {gid}）仍属于已合并的 {village}"
                                       + (f"（已并入 {target}）" if target else "")))
    for mid, name, grid, gvillage, mvillage in db.execute(
            "SELECT m.id, m.name, g.name, gv.name, mv.name FROM members m"
            " JOIN grids g ON g.id = m.grid_id JOIN villages gv ON gv.id = g.village_id"
            " JOIN villages mv ON mv.id = m.village_id WHERE g.village_id != m.village_id ORDER BY m.id").fetchall():
        out.append(Finding("网格归属", f"党员 {name}（ID {mid}）所在网格 {gvillage}{grid} 不属于其所在村 {mvillage}"))
    return out


def _probation_overdue(db: LedgerDB, today: dt.date) -> list[Finding]:
    out = []
    for m in probation_due(db, today=today, days=-1):  # probation ended before today
        out.append(Finding("预备期", f"预备党员 {m.name}（ID {m.id}）入党日期 {m.join_date}，"
                                     "一年预备期已满，尚未办理转正"))
    return out
