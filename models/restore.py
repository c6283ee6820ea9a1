"""Restoring the ledger from a backup file, safely.

`inspect_backup(path)` says whether a file can be restored: a GridLedger database (application_id or its
migrations table), not from a newer program version (its applied migrations are all known here), passing
PRAGMA integrity_check; and what date its data is from (the newest change in it). It works on a temp copy, so a
file on a USB stick or a read-only medium is never touched.

`restore_database(db_path, source, ...)` then saves a verified safety copy of the current database into the
backup folder, replaces the current database in one SQLite transaction (the online backup API writing into the
live file, so open connections and the -wal/-shm files stay consistent; a damaged file that cannot be written
that way is swapped with os.replace), upgrades an older backup with the pending migrations and writes an
audit row. Any failure leaves the current database as it was, with a Chinese `RestoreError`.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import clock
from .backup import SAFETY, BackupError, Progress, backup_file, describe_error, remove_quietly, unique_target
from .db import APP_ID, DatabaseError, open_database
from .health import integrity_problems
from .migrations import MIGRATIONS


class RestoreError(Exception):
    """A backup that cannot be restored, or a restore that failed; the message is Chinese."""


@dataclass(frozen=True)
class BackupFileInfo:
    path: Path
    data_date: str        # 'YYYY-MM-DD HH:MM' of the newest change in it, '' when unknown
    migrations: list[str]
    members: int          # members 在册
    town: str


@dataclass(frozen=True)
class RestoreResult:
    info: BackupFileInfo
    safety_copy: Path | None  # where the database as it was before the restore was saved


def _copy_with_wal(source: Path, target: Path) -> None:
    shutil.copyfile(source, target)
    wal = Path(f"{source}-wal")
    if wal.is_file():
        shutil.copyfile(wal, Path(f"{target}-wal"))


def _sidecars(path: Path) -> list[Path]:
    return [Path(f"{path}{s}") for s in ("-wal", "-shm", "-journal")]


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


def _inspect_copy(copy: Path, shown: Path) -> BackupFileInfo:
    """Checks on a private copy of the file the clerk chose (named `shown` in messages)."""
    name = shown.name
    try:
        conn = sqlite3.connect(str(copy))
    except sqlite3.Error as exc:
        raise RestoreError(f"无法打开 {name}：{exc}") from exc
    try:
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as exc:
            if ((getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF) == 26:
                raise RestoreError(f"{name} 不是数据库文件，不能用来恢复。") from exc
            raise RestoreError(f"{name} 已损坏，无法读取（{exc}），不能用来恢复。") from exc
        if app_id != APP_ID and "_sqlite_migrations" not in tables:
            raise RestoreError(f"{name} 不是网格党建台账的数据库文件，不能用来恢复。")
        try:
            applied = [r[0] for r in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid", [MIGRATIONS.name])]
        except sqlite3.DatabaseError:
            applied = []
        known = {m.name for m in MIGRATIONS._migrations}
        unknown = [n for n in applied if n not in known]
        if unknown:
            raise RestoreError(f"{name} 来自较新版本的网格党建台账（含本程序不认识的数据结构 {'、'.join(unknown)}），"
                               "请先把本程序升级到新版本再恢复。")
        problems = integrity_problems(conn)
        if problems:
            raise RestoreError(f"{name} 已损坏（完整性检查未通过：{'；'.join(problems[:3])}），不能用来恢复。")
        try:
            members = conn.execute("SELECT count(*) FROM members WHERE status = '在册'").fetchone()[0]
            town_row = conn.execute("SELECT name FROM town ORDER BY id LIMIT 1").fetchone()
        except sqlite3.DatabaseError:
            members, town_row = 0, None
        return BackupFileInfo(shown, _data_date(conn, tables), applied, int(members), town_row[0] if town_row else "")
    finally:
        conn.close()


def inspect_backup(path: str | Path) -> BackupFileInfo:
    """Whether path can be restored, and what it holds; raises RestoreError with the Chinese reason."""
    path = Path(path)
    if not path.is_file():
        raise RestoreError(f"找不到备份文件 {path}")
    with tempfile.TemporaryDirectory(prefix="gridledger-inspect-") as tmpdir:
        copy = Path(tmpdir) / "candidate.db"
        try:
            _copy_with_wal(path, copy)
        except OSError as exc:
            raise RestoreError(f"无法读取 {path.name}：{exc.strerror or exc}") from exc
        return _inspect_copy(copy, path)


def _safety_copy(db_path: Path, folder: Path, now: dt.datetime) -> Path:
    """A verified copy of the current database; a raw copy of the files when it is too damaged to verify."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RestoreError("无法保存当前数据库的安全副本：" + describe_error(exc, folder) + " 恢复已取消。") from exc
    target = unique_target(folder, SAFETY, now)
    try:
        return backup_file(db_path, target)
    except BackupError as verified_failed:
        raw = target.with_name(target.stem + "-损坏.db")
        try:
            _copy_with_wal(db_path, raw)
        except OSError as exc:
            remove_quietly(raw, Path(f"{raw}-wal"))
            raise RestoreError(f"无法保存当前数据库的安全副本（{verified_failed}），恢复已取消，当前数据库没有改动。"
                               ) from exc
        return raw


def _connect_live(path: Path) -> sqlite3.Connection:
    """The connection the restored pages are written through (tests patch this to simulate a full disk)."""
    return sqlite3.connect(str(path))


def _replace_live(staged: Path, db_path: Path, progress: Progress | None) -> None:
    """Write staged into the live file in one transaction; swap files when the live one is unreadable."""
    try:
        src = sqlite3.connect(str(staged))
        try:
            dst = _connect_live(db_path)
            try:
                dst.execute("PRAGMA busy_timeout = 5000")
                src.backup(dst, progress=(lambda _s, left, total: progress(total - left, total))
                           if progress else None)
                dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.DatabaseError as exc:
        if ((getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF) not in (11, 26):
            raise
        for side in _sidecars(db_path):  # damaged live file: nobody can have it open usefully
            remove_quietly(side)
        os.replace(staged, db_path)


def restore_database(db_path: str | Path, source: str | Path, *, backup_folder: str | Path,
                     now: dt.datetime | None = None, user: str = "",
                     progress: Progress | None = None) -> RestoreResult:
    """Replace the database at db_path with the backup at source. Raises RestoreError; then nothing changed."""
    db_path, source, folder = Path(db_path), Path(source), Path(backup_folder)
    now = now or clock.now()
    if not source.is_file():
        raise RestoreError(f"找不到备份文件 {source}")
    if db_path.exists() and source.resolve() == db_path.resolve():
        raise RestoreError("不能用正在使用的数据库文件本身来恢复。")
    staged = db_path.with_name(f".{db_path.name}.restore-{os.getpid()}.tmp")
    try:
        try:
            _copy_with_wal(source, staged)
        except OSError as exc:
            raise RestoreError(describe_error(exc, db_path.parent) + " 恢复已取消。") from exc
        info = _inspect_copy(staged, source)
        safety = _safety_copy(db_path, folder, now) if db_path.exists() else None
        try:
            if db_path.exists():
                _replace_live(staged, db_path, progress)
            else:
                os.replace(staged, db_path)
        except (sqlite3.Error, OSError) as exc:
            raise RestoreError(describe_error(exc, db_path.parent) + " 恢复未完成，当前数据库没有改动。") from exc
        _after_restore(db_path, info, user)
        return RestoreResult(info, safety)
    finally:
        remove_quietly(staged, *_sidecars(staged))


def _after_restore(db_path: Path, info: BackupFileInfo, user: str) -> None:
    """Bring an older backup up to this version's schema and note the restore in the audit trail.

    The row is written directly, not through `changing()`: the caller authorized the restore against the
    database as it was, and the restored file's accounts may not know that user.
    """
    try:
        db = open_database(db_path)
    except DatabaseError as exc:
        raise RestoreError(f"数据已恢复，但打开时出错：{exc}") from exc
    try:
        with db.atomic():
            db.execute("INSERT INTO audit_log (at, user, action, summary) VALUES (?, ?, '从备份恢复', ?)",
                       [clock.local_stamp(), user, f"从备份 {info.path.name} 恢复，数据日期 {info.data_date or '未知'}"])
    except sqlite3.Error:
        pass  # the data is back; a missing note must not turn a good restore into an error
    finally:
        db.close()
