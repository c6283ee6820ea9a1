"""Opening a GridLedger database: pragmas, the schema's migrations, and who is working in it."""
from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import sqlite_utils

from . import clock
from .migrations import MIGRATIONS

APP_ID = 0x47524C44  # "GRLD" in PRAGMA application_id marks a GridLedger file


class LedgerDB(sqlite_utils.Database):
    """A sqlite-utils Database that also knows the signed-in user (empty when the file has no accounts)."""

    user: str = ""
    role: str = ""
    read_only: bool = False  # set when another instance holds the database: every write is refused
    read_only_reason: str = ""


class DatabaseError(Exception):
    """A database that cannot be opened or upgraded; the message is Chinese."""


def _backup_before_migration(path: Path) -> Path | None:
    if not path.exists() or path.stat().st_size == 0:
        return None
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.before-upgrade-{stamp}{path.suffix}")
    src = sqlite3.connect(str(path))
    try:
        dst = sqlite3.connect(str(target))
        with dst:
            src.backup(dst)
        dst.close()
    finally:
        src.close()
    return target


def open_database(path: str | Path, *, migrate: bool = True) -> LedgerDB:
    """Open (or create) the database at path, set pragmas and apply pending migrations.

    Before a pending migration runs on an existing file, a copy is saved beside it.
    """
    path = Path(path)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        db = LedgerDB(path)
        # gl_now(): the program's clock (models.clock) in SQL, so that stored times follow the clock tests set
        db.conn.create_function("gl_now", 0, clock.local_stamp)
        db.execute("PRAGMA busy_timeout = 5000")
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"无法打开数据库文件 {path}：{exc}") from exc
    app_id = db.execute("PRAGMA application_id").fetchone()[0]
    tables = db.table_names()
    if tables and app_id != APP_ID and "_sqlite_migrations" not in tables:
        db.close()
        raise DatabaseError(f"{path} 不是网格党建台账的数据库文件")
    if migrate:
        pending = MIGRATIONS.pending(db)
        if pending:
            if tables:
                _backup_before_migration(path)
            MIGRATIONS.apply(db)
            db.execute(f"PRAGMA application_id = {APP_ID}")
    return db


def database_path(db: sqlite_utils.Database) -> str:
    """The file behind a connection ('' for an in-memory database)."""
    row = db.execute("PRAGMA database_list").fetchone()
    return str(row[2] or "")


def open_same(db: LedgerDB, path: str = "") -> LedgerDB:
    """A second connection to db's file for a worker thread, as the same signed-in user and read-only state.

    Called in the worker thread, pass `path` (database_path(db), read in db's own thread): a sqlite
    connection may only be used by the thread that made it."""
    other = open_database(path or database_path(db), migrate=False)
    other.user, other.role = db.user, db.role
    other.read_only, other.read_only_reason = db.read_only, db.read_only_reason
    return other


def schema_version(db: sqlite_utils.Database) -> list[str]:
    return [m.name for m in MIGRATIONS.applied(db)]
