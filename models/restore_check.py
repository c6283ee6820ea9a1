"""Is a file a whole, sound GridLedger database that may replace the live one? Checked on a private copy.

`check_candidate(copy, shown)` runs every check on `copy` (a file nobody else uses: it is upgraded in place) and
names `shown` (the file the clerk chose) in its Chinese `RestoreError`s:
1. it opens as SQLite and carries the program's application_id AND its migrations table, with the first
   migration applied and no migration this program does not know (a newer version);
2. PRAGMA integrity_check passes;
3. the pending migrations of this version apply to it (an older backup is upgraded here, never in the live file);
4. afterwards it has every table and column of this version's schema (built from the migrations in memory, so
   the check follows new migrations by itself) and the audit log's protective triggers;
5. PRAGMA foreign_key_check finds nothing.
It returns what the file holds (BackupFileInfo) for the clerk's confirmation.
"""
from __future__ import annotations

import datetime as dt
import functools
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .db import APP_ID, DatabaseError, migration_sets, open_database
from .errors import Refused
from .health import integrity_problems
from .migrations import MIGRATIONS

TABLE_NAMES = {"town": "镇（街道）", "villages": "村（社区）", "village_years": "村年度分类",
               "natural_villages": "自然村", "grids": "网格", "members": "党员", "member_events": "党员变动记录",
               "audit_log": "操作日志", "accounts": "用户", "settings": "设置"}


class RestoreError(Refused):
    """A backup that cannot be restored, or a restore that failed; the message is Chinese."""


@dataclass(frozen=True)
class BackupFileInfo:
    path: Path
    data_date: str        # 'YYYY-MM-DD HH:MM' of the newest change in it, '' when unknown
    migrations: list[str]  # as applied in the file (before any upgrade)
    members: int          # members 在册
    town: str
    uid: str = ""         # the database's stable id (settings.database_uid), '' when it has none yet
    encrypted: bool = False


@dataclass(frozen=True)
class Schema:
    columns: dict[str, frozenset[str]]
    triggers: frozenset[str]


@functools.lru_cache(maxsize=1)
def current_schema() -> Schema:
    """Tables, columns and triggers of a fresh database of this version."""
    db = open_database(":memory:")  # the connection set up as the program's own (its SQL functions included)
    try:
        return _schema_of(db.conn)
    finally:
        db.close()


def _schema_of(conn: sqlite3.Connection) -> Schema:
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                         " AND name NOT LIKE 'sqlite_%'")]
    columns = {t: frozenset(r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')) for t in tables}
    triggers = frozenset(r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
    return Schema(columns, triggers)


def _label(table: str) -> str:
    return f"{TABLE_NAMES[table]}（{table}）" if table in TABLE_NAMES else table


def _code(exc: sqlite3.Error) -> int:
    return (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF


def _local_minute(stamp: str) -> str:
    """'2026-11-26 09:00' from a local time or from a UTC `...T01:00:00Z` (members.updated_at since m006)."""
    if stamp.endswith("Z"):
        try:
            moment = dt.datetime.fromisoformat(stamp[:-1]).replace(tzinfo=dt.UTC).astimezone()
        except ValueError:
            return stamp[:16]
        return moment.strftime("%Y-%m-%d %H:%M")
    return stamp[:16]


def _data_date(conn: sqlite3.Connection, tables: set[str]) -> str:
    """The newest change to records: audit rows naming a table (not logins, exports or restores), members'
    updated_at; the newest audit row of any kind when there is no such change."""
    queries = [("audit_log", "SELECT max(at) FROM audit_log WHERE table_name != ''"),
               ("members", "SELECT max(updated_at) FROM members")]
    stamps = []
    for table, sql in queries:
        if table in tables:
            row = conn.execute(sql).fetchone()
            if row and row[0]:
                stamps.append(_local_minute(str(row[0])))
    if not stamps and "audit_log" in tables:
        row = conn.execute("SELECT max(at) FROM audit_log").fetchone()
        stamps += [str(row[0])[:16]] if row and row[0] else []
    return max(stamps) if stamps else ""


def _identify(conn: sqlite3.Connection, name: str) -> list[str]:
    """Step 1: a GridLedger file of this or an older version; returns its applied migrations."""
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        if _code(exc) == 26:
            raise RestoreError(f"{name} 不是数据库文件，不能用来恢复。") from exc
        raise RestoreError(f"{name} 已损坏，无法读取（{exc}），不能用来恢复。") from exc
    if app_id != APP_ID and "_sqlite_migrations" not in tables:
        raise RestoreError(f"{name} 不是网格党建台账的数据库文件，不能用来恢复。")
    if app_id != APP_ID:
        raise RestoreError(f"{name} 缺少网格党建台账的文件标记（application_id），不是本程序保存的数据库，"
                           "不能用来恢复。")
    if "_sqlite_migrations" not in tables:
        raise RestoreError(f"{name} 缺少数据结构版本记录（_sqlite_migrations 表），无法确认其中的数据结构，"
                           "不能用来恢复。")
    try:
        applied = [str(r[0]) for r in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid", [MIGRATIONS.name])]
        recorded = conn.execute("SELECT migration_set, name FROM _sqlite_migrations").fetchall()
    except sqlite3.DatabaseError as exc:
        raise RestoreError(f"{name} 已损坏，数据结构版本记录无法读取（{exc}），不能用来恢复。") from exc
    known = [m.name for m in MIGRATIONS._migrations]
    every = {(m.name, step.name) for m in migration_sets() for step in m._migrations}
    unknown = [f"{n}" if s == MIGRATIONS.name else f"{s}/{n}" for s, n in recorded if (s, n) not in every]
    if unknown:
        raise RestoreError(f"{name} 来自较新版本的网格党建台账（含本程序不认识的数据结构 {'、'.join(unknown)}），"
                           "请先把本程序升级到新版本再恢复。")
    if known[0] not in applied:
        raise RestoreError(f"{name} 的版本记录中没有建立台账数据表的记录，不是完整的台账备份，不能用来恢复。")
    return applied


def _upgrade(copy: Path, name: str) -> None:
    """Step 3: apply this version's pending migrations to the private copy."""
    try:
        db = open_database(copy, migrate=False)  # set up as the program's own connections, not yet upgraded
    except DatabaseError as exc:
        raise RestoreError(f"{name} 无法打开（{exc}），不能用来恢复。") from exc
    try:
        sets = migration_sets()  # the core set and every area's: a backup from before an area gains its tables
        if any(m.pending(db) for m in sets):
            for migrations in sets:  # here, not in open_database: no upgrade copy beside a private copy
                migrations.apply(db)
            db.execute(f"PRAGMA application_id = {APP_ID}")
        db.execute("PRAGMA journal_mode = delete")  # one self-contained file again
    except sqlite3.Error as exc:
        have = set(db.table_names())
        missing = [t for t in current_schema().columns if t not in have]
        if missing:  # the version record says the tables were made, but they are not there
            raise RestoreError(f"{name} 不是完整的台账数据库：缺少数据表 {'、'.join(_label(t) for t in missing)}。"
                               "不能用来恢复。") from exc
        raise RestoreError(f"{name} 的数据结构无法升级到本程序的版本（{exc}），其中的表与版本记录不一致，"
                           "不能用来恢复。") from exc
    finally:
        db.close()


def _schema_problems(conn: sqlite3.Connection) -> list[str]:
    """Step 4: what this version's schema has and the file lacks."""
    want, have = current_schema(), _schema_of(conn)
    missing = [t for t in want.columns if t not in have.columns]
    out = [f"缺少数据表 {'、'.join(_label(t) for t in missing)}"] if missing else []
    for table, cols in want.columns.items():
        lacking = sorted(cols - have.columns.get(table, cols))
        if lacking:
            out.append(f"数据表 {_label(table)} 缺少字段 {'、'.join(lacking)}")
    gone = sorted(want.triggers - have.triggers)
    if gone:
        out.append(f"操作日志的保护已被删除（缺少触发器 {'、'.join(gone)}）")
    return out


def _foreign_key_problems(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("PRAGMA foreign_key_check").fetchall()
    return [f"{_label(str(t))}第 {rowid} 行引用的{_label(str(parent))}记录不存在" for t, rowid, parent, _ in rows[:3]]


def _facts(conn: sqlite3.Connection) -> tuple[int, str, str]:
    members = conn.execute("SELECT count(*) FROM members WHERE status = '在册'").fetchone()[0]
    town = conn.execute("SELECT name FROM town ORDER BY id LIMIT 1").fetchone()
    uid = conn.execute("SELECT value FROM settings WHERE key = 'database_uid'").fetchone()
    return int(members), str(town[0]) if town else "", str(uid[0]) if uid else ""


def check_candidate(copy: Path, shown: Path) -> BackupFileInfo:
    """Every check, in order, on the private copy `copy` (upgraded in place); RestoreError naming `shown`."""
    name = shown.name
    try:
        conn = sqlite3.connect(str(copy))
    except sqlite3.Error as exc:
        raise RestoreError(f"无法打开 {name}：{exc}") from exc
    try:
        applied = _identify(conn, name)
        problems = integrity_problems(conn)
        if problems:
            raise RestoreError(f"{name} 已损坏（完整性检查未通过：{'；'.join(problems[:3])}），不能用来恢复。")
    finally:
        conn.close()
    _upgrade(copy, name)
    conn = sqlite3.connect(str(copy))
    try:
        try:
            problems = _schema_problems(conn)
            if problems:
                raise RestoreError(f"{name} 不是完整的台账数据库：{'；'.join(problems)}。不能用来恢复。")
            problems = integrity_problems(conn) or _foreign_key_problems(conn)
            if problems:
                raise RestoreError(f"{name} 的数据不一致（{'；'.join(problems)}），不能用来恢复。")
            members, town, uid = _facts(conn)
            tables = set(current_schema().columns)
            return BackupFileInfo(shown, _data_date(conn, tables), applied, members, town, uid)
        except sqlite3.DatabaseError as exc:
            raise RestoreError(f"{name} 无法读取（{exc}），不能用来恢复。") from exc
    finally:
        conn.close()
