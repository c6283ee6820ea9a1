"""The database's own stable id (`settings.database_uid`), so that backups know which database they belong to.

Several towns' databases may be kept in one folder, and a file may be renamed or moved: its backups are named,
listed and rotated by this id, and a restore compares the backup's id with the live one. The id is made
(uuid4) the first time it is needed and never changed; it travels inside every backup. Making it is an internal
write, noted in the audit trail as 生成数据库标识; it needs no permission (a 查阅 user's start-up backup makes it).
"""
from __future__ import annotations

import hashlib
import sqlite3
import uuid
from pathlib import Path

from . import clock

KEY = "database_uid"
ACTION = "生成数据库标识"


def read_uid(conn: sqlite3.Connection) -> str:
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", [KEY]).fetchone()
    except sqlite3.Error:
        return ""
    return str(row[0]) if row and row[0] else ""


def _audit(conn: sqlite3.Connection, summary: str) -> None:
    """The audit row of the new id, chained like every other."""
    from sqlite_utils import Database

    from .audit_chain import append
    append(Database(conn), [(clock.local_stamp(), "", ACTION, "", None, summary, None, None)])


def ensure_uid(conn: sqlite3.Connection) -> str:
    """The id of the database on conn, made when missing; '' when it has none and cannot be written."""
    uid = read_uid(conn)
    if uid:
        return uid
    new = uuid.uuid4().hex
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            uid = read_uid(conn)  # another process may have made it meanwhile
            if not uid:
                conn.execute("INSERT INTO settings (key, value) VALUES (?, ?)", [KEY, new])
                _audit(conn, f"数据库标识 {new[:8]}")
                uid = new
            conn.execute("COMMIT")
        except sqlite3.Error:
            conn.execute("ROLLBACK")
            raise
    except sqlite3.Error:
        return ""
    return uid


def uid_of_file(path: str | Path, *, create: bool = False) -> str:
    """The id stored in the database file at path ('' when unreadable or none and not `create`)."""
    path = Path(path)
    if not path.is_file():
        return ""
    try:
        conn = sqlite3.connect(str(path), isolation_level=None)
    except sqlite3.Error:
        return ""
    try:
        conn.execute("PRAGMA busy_timeout = 5000")
        return ensure_uid(conn) if create else read_uid(conn)
    finally:
        conn.close()


def tag_of(uid: str, path: str | Path = "") -> str:
    """The 8 characters a backup's name carries: the id's start, or (no id can be stored) one from the path."""
    if uid:
        return uid[:8].lower()
    return hashlib.sha256(str(Path(path).resolve()).encode("utf-8")).hexdigest()[:8]


def town_of_file(path: str | Path) -> str:
    """The town name stored in a database file ('' when unreadable)."""
    try:
        conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error:
        return ""
    try:
        row = conn.execute("SELECT name FROM town ORDER BY id LIMIT 1").fetchone()
        return str(row[0]) if row and row[0] else ""
    except sqlite3.Error:
        return ""
    finally:
        conn.close()
