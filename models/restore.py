"""Restoring the ledger from a backup file, safely.

`inspect_backup(path)` says whether a file can be restored and what it holds: every check of
`models.restore_check` (the program's file, known schema and tables, upgraded to this version, integrity and
foreign keys, the audit log's triggers) on a temp copy, so a file on a USB stick is never touched.

`restore_database(db_path, source, ...)` takes the import/restore lock (models.oplock), runs the same checks on a
private copy beside the database and upgrades it there, then saves a verified safety copy of the current
database into the backup folder and replaces the current database in one SQLite transaction (the online backup
API writing into the live file, so open connections and the -wal/-shm files stay consistent; a damaged file that
cannot be written that way is swapped with os.replace) and writes an audit row. A candidate that fails any check
never touches the live file; every failure is a Chinese `RestoreError`.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from . import clock
from .audit import write_transaction
from .audit_chain import append as append_audit_rows
from .backup import (
    SAFETY,
    BackupError,
    Progress,
    backup_file,
    clean_temporaries,
    describe_error,
    identity_of,
    remove_quietly,
    unique_target,
)
from .crypto import CryptoError, WrongPassword, decrypt_file, is_encrypted
from .db import DatabaseError, open_database
from .dbuid import town_of_file, uid_of_file
from .oplock import OperationBusy, exclusive
from .restore_check import BackupFileInfo, RestoreError, check_candidate

__all__ = ["BackupFileInfo", "OtherDatabase", "PasswordNeeded", "RestoreError", "RestoreResult",
           "WrongBackupPassword", "inspect_backup", "other_database", "restore_database"]


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


class PasswordNeeded(RestoreError):
    """The backup is password-protected and no password was given."""


class WrongBackupPassword(RestoreError):
    """The password does not open the protected backup."""


def _bring_in(source: Path, copy: Path, password: str, where: Path) -> bool:
    """Copy source to the private copy, decrypting a protected backup; True when it was protected."""
    if is_encrypted(source):
        if not password:
            raise PasswordNeeded(f"{source.name} 是加密备份，需要输入备份时设置的密码才能恢复。")
        try:
            decrypt_file(source, copy, password)
        except WrongPassword as exc:
            raise WrongBackupPassword(f"{source.name} 的密码不正确，无法解密。请检查后重新输入，数据没有改动。"
                                      ) from exc
        except CryptoError as exc:
            raise RestoreError(f"{source.name}：{exc}不能用来恢复。") from exc
        except OSError as exc:
            raise RestoreError(describe_error(exc, where) + " 恢复已取消。") from exc
        return True
    try:
        _copy_with_wal(source, copy)
    except OSError as exc:
        raise RestoreError(describe_error(exc, where) + " 恢复已取消。") from exc
    return False


def inspect_backup(path: str | Path, *, password: str = "") -> BackupFileInfo:
    """Whether path can be restored, and what it holds; raises RestoreError with the Chinese reason
    (PasswordNeeded / WrongBackupPassword for a protected backup)."""
    path = Path(path)
    if not path.is_file():
        raise RestoreError(f"找不到备份文件 {path}")
    with tempfile.TemporaryDirectory(prefix="gridledger-inspect-") as tmpdir:
        copy = Path(tmpdir) / "candidate.db"
        encrypted = _bring_in(path, copy, password, Path(tmpdir))
        return replace(check_candidate(copy, path), encrypted=encrypted)


def _safety_copy(db_path: Path, folder: Path, now: dt.datetime) -> Path:
    """A verified copy of the current database; a raw copy of the files when it is too damaged to verify."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RestoreError("无法保存当前数据库的安全副本：" + describe_error(exc, folder) + " 恢复已取消。") from exc
    target = unique_target(folder, SAFETY, now, identity_of(db_path, create=False))
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


def _page_size(path: Path) -> int | None:
    try:
        conn = sqlite3.connect(str(path))
        try:
            return int(conn.execute("PRAGMA page_size").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def _match_page_size(staged: Path, db_path: Path) -> None:
    """Rebuild staged with the live file's page size: the backup API cannot change a WAL file's page size
    (a backup made with 1024- or 65536-byte pages was refused as 'read-only')."""
    want = _page_size(db_path)
    if want is None or want == _page_size(staged):
        return
    conn = sqlite3.connect(str(staged))
    try:
        conn.execute("PRAGMA journal_mode = delete")
        conn.execute(f"PRAGMA page_size = {int(want)}")
        conn.execute("VACUUM")
    finally:
        conn.close()


def staged_name(db_path: Path) -> Path:
    """The private copy a restore checks and upgrades: `.NAME.restore-PID.tmp` beside the database
    (models.backup.clean_temporaries removes those a killed restore left)."""
    return db_path.with_name(f".{db_path.name}.restore-{os.getpid()}.tmp")


class OtherDatabase(RestoreError):
    """The backup belongs to another database (another town); restoring it needs the clerk's yes."""

    def __init__(self, name: str, backup_town: str, live_town: str) -> None:
        self.backup_town, self.live_town = backup_town, live_town
        same = "（两个数据库同名）" if backup_town == live_town else ""
        theirs, ours = backup_town or "未填镇名", live_town or "未填镇名"
        super().__init__(f"{name} 是另一个数据库的备份{same}：备份中是“{theirs}”的数据，当前数据库是“{ours}”。"
                         f"恢复后当前数据库将变成“{theirs}”的数据。")


def other_database(info: BackupFileInfo, db_path: str | Path) -> OtherDatabase | None:
    """Whether the backup described by info comes from another database than the one at db_path: their stable
    ids differ, or (a backup of an older version has none) their towns' names do."""
    live_uid, live_town = uid_of_file(db_path), town_of_file(db_path)
    if info.uid and live_uid:
        foreign = info.uid != live_uid
    else:
        foreign = bool(info.town and live_town and info.town != live_town)
    return OtherDatabase(info.path.name, info.town, live_town) if foreign else None


def restore_database(db_path: str | Path, source: str | Path, *, backup_folder: str | Path,
                     now: dt.datetime | None = None, user: str = "",
                     progress: Progress | None = None, allow_other: bool = False,
                     password: str = "") -> RestoreResult:
    """Replace the database at db_path with the backup at source. Raises RestoreError; then nothing changed.

    The whole candidate is checked (models.restore_check) and upgraded on a private copy before the live file
    is touched; an import running on the same database makes the restore wait, then refuse."""
    db_path, source, folder = Path(db_path), Path(source), Path(backup_folder)
    now = now or clock.now()
    if not source.is_file():
        raise RestoreError(f"找不到备份文件 {source}")
    if db_path.exists() and source.resolve() == db_path.resolve():
        raise RestoreError("不能用正在使用的数据库文件本身来恢复。")
    try:
        with exclusive(db_path, "从备份恢复"):
            return _restore(db_path, source, folder, now, user, progress, allow_other, password)
    except OperationBusy as exc:
        raise RestoreError(str(exc)) from exc


def _restore(db_path: Path, source: Path, folder: Path, now: dt.datetime, user: str,
             progress: Progress | None, allow_other: bool, password: str) -> RestoreResult:
    staged = staged_name(db_path)
    clean_temporaries(db_path.parent)
    try:
        encrypted = _bring_in(source, staged, password, db_path.parent)
        info = replace(check_candidate(staged, source), encrypted=encrypted)
        other = other_database(info, db_path) if db_path.exists() else None
        if other is not None and not allow_other:
            raise other
        if not info.uid and other is None:  # an older backup of this database: it keeps this database's id
            _keep_uid(staged, uid_of_file(db_path))
        try:
            _match_page_size(staged, db_path)
        except sqlite3.Error as exc:
            raise RestoreError(describe_error(exc, db_path.parent) + " 恢复已取消，当前数据库没有改动。") from exc
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


def _keep_uid(staged: Path, uid: str) -> None:
    if not uid:
        return
    conn = sqlite3.connect(str(staged))
    try:
        with conn:
            conn.execute("INSERT OR IGNORE INTO settings (key, value) VALUES ('database_uid', ?)", [uid])
    except sqlite3.Error:
        pass
    finally:
        conn.close()


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
        with write_transaction(db):
            append_audit_rows(db, [(clock.local_stamp(), user, "从备份恢复", "", None,
                                    f"从备份 {info.path.name} 恢复，数据日期 {info.data_date or '未知'}", None, None)])
    except sqlite3.Error:
        pass  # the data is back; a missing note must not turn a good restore into an error
    finally:
        db.close()
