"""Backups of the ledger: copies made with SQLite's online backup API, verified, named for their database and
rotated within it.

- `backup_file(src, target, password=...)`: copy a live database (its WAL included) to a temp name beside target,
  verify the copy with PRAGMA integrity_check, optionally encrypt it (models.crypto, checked by decrypting), then
  rename it. On a full disk, an unwritable folder or a failed check the temp file is removed and a `BackupError`
  with a Chinese message is raised: nothing half-written stays; what a killed process left is removed by the next
  backup, restore or start (models.temporaries).
- Names: `自动备份-院上镇-1a2b3c4d-20261126-090000.db` — kind, town, the database's tag (from its stable id,
  models.dbuid), time; `.db.enc` when password-protected. Several databases may share one backup folder.
- `auto_backup(db_path, folder, now)`: the automatic copy (at start-up, on exit): one a day, refreshed when the
  data changed that day, keeping 7 daily, 4 weekly and 12 monthly copies of THIS database (`plan_rotation`). A
  new copy is verified before any older one is pruned; only this database's 自动备份 files are ever pruned.
  `manual_backup` (立即备份) makes a 手动备份, which the rotation never touches.
- The backup folder is a setting stored in the database (`backup_folder`), by default `backups` beside it.
Restoring lives in `models.restore`.
"""
from __future__ import annotations

import datetime as dt
import errno
import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import clock
from .crypto import CryptoError, encrypt_verified
from .db import LedgerDB
from .dbuid import tag_of, town_of_file, uid_of_file
from .errors import Refused
from .health import integrity_problems
from .settings import get_setting
from .temporaries import clean_leftovers, clean_temporaries

__all__ = ["clean_leftovers", "clean_temporaries"]  # re-exported: the lead calls them at start

Progress = Callable[[int, int], None]  # (pages done, pages total)

AUTO = "自动备份"      # made at start and exit, rotated
NOW = "手动备份"       # 立即备份 into the backup folder: never rotated away
SAFETY = "恢复前副本"
MANUAL = "网格党建台账备份"  # 备份到… (a USB stick) and the command line
KINDS = (AUTO, NOW, SAFETY, MANUAL)
_KIND = "(" + "|".join(KINDS) + ")"
# 自动备份-院上镇-1a2b3c4d-20261126-090000.db: kind, town (may be absent), the database's tag, time
# (a password-protected copy ends in .db.enc)
_NAME = re.compile("^" + _KIND + r"-(?:([^-]*)-)?([0-9a-f]{8})-(\d{8})-(\d{6})(?:-\d+)?\.db(\.enc)?$")
_LEGACY = re.compile("^" + _KIND + r"-(\d{8})-(\d{6})(?:-\d+)?\.db()$")  # before backups named their database
ENCRYPTED_SUFFIX = ".enc"
_UNSAFE = re.compile(r'[\\/:*?"<>|\s\-.]+')
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12


class BackupError(Refused):
    """A backup that could not be made; the message is Chinese and says why."""


@dataclass(frozen=True)
class BackupEntry:
    path: Path
    kind: str          # 自动备份 / 手动备份 / 恢复前副本 / 网格党建台账备份
    when: dt.datetime  # from the file name
    size: int
    tag: str = ""      # the database it belongs to (models.dbuid.tag_of); '' for a backup of an older version
    town: str = ""     # as written in its name
    encrypted: bool = False  # password-protected (.db.enc): cannot be checked without the password


@dataclass(frozen=True)
class Identity:
    """Which database backups belong to: its tag (from its stable id) and its town's name."""
    tag: str
    town: str = ""


def identity_of(db_path: str | Path, *, create: bool = True) -> Identity:
    """The database's identity, its id made when missing (create) — unless the file cannot be written."""
    uid = uid_of_file(db_path, create=create)
    return Identity(tag_of(uid, db_path), town_of_file(db_path))


def backup_name(kind: str, now: dt.datetime, who: Identity | None = None, *, n: int = 1,
                encrypted: bool = False) -> str:
    town = _UNSAFE.sub("", who.town)[:20] if who else ""
    owner = f"{town + '-' if town else ''}{who.tag}-" if who else ""
    return (f"{kind}-{owner}{now:%Y%m%d-%H%M%S}{f'-{n}' if n > 1 else ''}.db"
            + (ENCRYPTED_SUFFIX if encrypted else ""))


def size_text(n: int) -> str:
    """A file size as the clerk reads it: 524 KB, 48.3 MB."""
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} KB"


def describe_error(exc: BaseException, where: Path) -> str:
    """A Chinese reason for a failed write at `where` (disk full, not writable, damaged source …)."""
    if isinstance(exc, sqlite3.Error):
        code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
        if code == 13:  # SQLITE_FULL
            return f"磁盘空间不足，无法写入 {where}。请清理磁盘或换一个位置后再试，原有文件没有改动。"
        if code in (3, 8, 14, 23):  # PERM, READONLY, CANTOPEN, AUTH
            return f"无法写入 {where}：文件夹不存在、只读或没有写入权限。"
        if code in (11, 26):  # CORRUPT, NOTADB
            return f"数据库文件已损坏，无法读取（{exc}）。"
        if code == 5:  # BUSY
            return "数据库正忙（另一程序正在写入），请稍后再试。"
        return f"写入 {where} 失败：{exc}"
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
            return f"磁盘空间不足，无法写入 {where}。请清理磁盘或换一个位置后再试，原有文件没有改动。"
        if exc.errno in (errno.EEXIST, errno.ENOTDIR):
            return f"无法写入 {where}：路径中有一部分是文件而不是文件夹。"
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOENT):
            return f"无法写入 {where}：文件夹不存在、只读或没有写入权限。"
        return f"写入 {where} 失败：{exc.strerror or exc}"
    return f"写入 {where} 失败：{exc}"


def remove_quietly(*paths: Path) -> None:
    for p in paths:
        try:
            p.unlink()
        except OSError:
            pass


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))  # Windows flushes only handles open for writing
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _open_target(path: Path) -> sqlite3.Connection:
    """The connection a copy is written through (tests patch this to simulate a full disk)."""
    return sqlite3.connect(str(path))


def copy_database(src_path: Path, target: Path, progress: Progress | None = None) -> None:
    """Online-backup src into target (a fresh file), in rollback-journal mode, and verify it.

    Raises sqlite3.Error / OSError as they come, or BackupError when the copy fails its integrity check.
    """
    src = sqlite3.connect(str(src_path))
    try:
        src.execute("PRAGMA busy_timeout = 5000")
        dst = _open_target(target)
        try:
            src.backup(dst, pages=256, progress=(lambda _s, left, total: progress(total - left, total))
                       if progress else None)
            dst.execute("PRAGMA journal_mode = delete")  # rollback journal: one self-contained file
            problems = integrity_problems(dst)
        finally:
            dst.close()
    finally:
        src.close()
    if problems:
        raise BackupError("备份校验未通过（完整性检查：" + "；".join(problems[:3]) + "），这份备份已删除。")


def backup_file(src_path: str | Path, target: str | Path, progress: Progress | None = None, *,
                password: str = "") -> Path:
    """Copy the database at src_path to target, verified; returns target. Raises BackupError.

    With a password the copy is encrypted (models.crypto): the plain verified copy is made beside the database
    (never on the stick), encrypted into target's temporary, checked by decrypting it, then renamed."""
    src_path, target = Path(src_path), Path(target)
    if not src_path.is_file():
        raise BackupError(f"找不到数据库文件 {src_path}")
    if target.resolve() in {Path(f"{src_path.resolve()}{s}") for s in ("", "-wal", "-shm", "-journal")}:
        raise BackupError("不能把备份写到数据库文件本身，请换一个文件名或位置。")
    tmp = target.with_name(f".{target.name}.{os.getpid()}.part")
    plain = src_path.with_name(f".{src_path.name}.backup.{os.getpid()}.part") if password else tmp
    clean_temporaries(target.parent)
    try:
        copy_database(src_path, plain, progress)
        if password:
            encrypt_verified(plain, tmp, password, progress)
        _fsync(tmp)
        os.replace(tmp, target)
    except (sqlite3.Error, OSError) as exc:
        raise BackupError(describe_error(exc, target.parent)) from exc
    except CryptoError as exc:
        raise BackupError(f"加密备份失败：{exc}") from exc
    finally:
        remove_quietly(tmp, Path(f"{tmp}-journal"), plain, Path(f"{plain}-journal"))
    return target


def unique_target(folder: Path, kind: str, now: dt.datetime, who: Identity | None = None, *,
                  encrypted: bool = False) -> Path:
    n = 1
    target = folder / backup_name(kind, now, who, encrypted=encrypted)
    while target.exists():
        n += 1
        target = folder / backup_name(kind, now, who, n=n, encrypted=encrypted)
    return target


def _parse(p: Path) -> tuple[str, str, str, str, str, bool] | None:
    """(kind, town, tag, date, time, encrypted) from a backup's name; None when it is not one of ours."""
    m = _NAME.match(p.name)
    if m:
        return m[1], m[2] or "", m[3], m[4], m[5], bool(m[6])
    m = _LEGACY.match(p.name)
    return (m[1], "", "", m[2], m[3], False) if m else None


def _of_another_town(path: Path, town: str) -> bool:
    """A backup of an older version (no tag in its name) is another database's when its town is known and
    differs; an unreadable one is shown (marked damaged) rather than hidden."""
    theirs = town_of_file(path)
    return bool(town and theirs and theirs != town)


def list_backups(folder: str | Path, kinds: Iterable[str] = KINDS, *,
                 owner: Identity | None = None) -> list[BackupEntry]:
    """The backups in folder recognized by name, newest first; with `owner`, only that database's: those named
    with its tag, and older unnamed ones not known to be another town's."""
    folder, wanted = Path(folder), set(kinds)
    out = []
    try:
        children = list(folder.iterdir())
    except OSError:
        return []
    for p in children:
        parts = _parse(p)
        if not parts or parts[0] not in wanted or not p.is_file():
            continue
        kind, town, tag, day, hms, encrypted = parts
        if owner is not None and tag != owner.tag and (tag or _of_another_town(p, owner.town)):
            continue
        try:
            when = dt.datetime.strptime(day + hms, "%Y%m%d%H%M%S")
            size = p.stat().st_size
        except (ValueError, OSError):
            continue
        out.append(BackupEntry(p, kind, when, size, tag, town, encrypted))
    return sorted(out, key=lambda e: (e.when, e.path.name), reverse=True)


def plan_rotation(stamps: Sequence[dt.datetime], *, daily: int = KEEP_DAILY, weekly: int = KEEP_WEEKLY,
                  monthly: int = KEEP_MONTHLY) -> set[dt.datetime]:
    """Which backups to keep: the newest of each of the last `daily` days, `weekly` ISO weeks and `monthly`
    months that have a backup. Everything else may be pruned."""
    ordered = sorted(set(stamps), reverse=True)
    keep: set[dt.datetime] = set()
    periods: list[tuple[int, Callable[[dt.datetime], object]]] = [
        (daily, lambda t: t.date()), (weekly, lambda t: t.isocalendar()[:2]), (monthly, lambda t: (t.year, t.month))]
    for count, key in periods:
        seen: set[object] = set()
        for t in ordered:
            k = key(t)
            if k in seen:
                continue
            if len(seen) >= count:
                break
            seen.add(k)
            keep.add(t)
    return keep


@dataclass(frozen=True)
class AutoBackupResult:
    made: Path | None
    pruned: list[Path]
    skipped: str = ""  # why no copy was made (Chinese), when made is None


def last_change_mark(path: Path) -> tuple[int, int] | None:
    """(newest audit row id, applied migrations) of a database file: equal marks mean the same data."""
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(str(path))
        try:
            row = conn.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()
            mig = conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()
            return int(row[0]), int(mig[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def auto_backup(db_path: str | Path, folder: str | Path, now: dt.datetime | None = None, *, force: bool = False,
                progress: Progress | None = None) -> AutoBackupResult:
    """Make today's automatic backup of this database (unless today's already holds the current data) and
    rotate this database's automatic backups, no other's. BackupError."""
    db_path, folder = Path(db_path), Path(folder)
    now = now or clock.now()
    _ensure_folder(folder)
    clean_temporaries(db_path.parent)  # at start-up: what a killed backup or restore left beside the database
    who = identity_of(db_path) if db_path.is_file() else Identity(tag_of("", db_path))
    existing = [e for e in list_backups(folder, [AUTO]) if e.tag == who.tag]
    if not force and existing and existing[0].when.date() == now.date():
        mark = last_change_mark(db_path)
        if mark is not None and mark == last_change_mark(existing[0].path):
            return AutoBackupResult(None, [], "今天的自动备份已是最新数据")
    made = backup_file(db_path, unique_target(folder, AUTO, now, who), progress)
    return AutoBackupResult(made, prune(folder, who.tag))


def manual_backup(db_path: str | Path, folder: str | Path, now: dt.datetime | None = None, *,
                  progress: Progress | None = None) -> Path:
    """立即备份: a copy of its own kind (手动备份) in the backup folder, never pruned by the rotation."""
    db_path, folder = Path(db_path), Path(folder)
    _ensure_folder(folder)
    who = identity_of(db_path) if db_path.is_file() else Identity(tag_of("", db_path))
    return backup_file(db_path, unique_target(folder, NOW, now or clock.now(), who), progress)


def _ensure_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(describe_error(exc, folder)) from exc


def prune(folder: Path, tag: str) -> list[Path]:
    """Delete the database's (tag) automatic backups the rotation no longer keeps; returns what was deleted.
    Backups of other databases, manual ones and unnamed ones of an older version are never touched."""
    entries = [e for e in list_backups(folder, [AUTO]) if e.tag == tag]
    keep = plan_rotation([e.when for e in entries])
    kept_times: set[dt.datetime] = set()
    pruned = []
    for e in entries:  # newest first: of two copies with the same time stamp keep the first
        if e.when in keep and e.when not in kept_times:
            kept_times.add(e.when)
            continue
        try:
            e.path.unlink()
            pruned.append(e.path)
        except OSError:
            pass
    return pruned


def newest_auto_backup(folder: str | Path, owner: Identity | None = None) -> BackupEntry | None:
    entries = list_backups(folder, [AUTO], owner=owner)
    return entries[0] if entries else None


EXTERNAL_ACTION = "备份到外部位置"  # the audit action of a copy made to a chosen place (a USB stick)


def last_external_backup(db: LedgerDB) -> dt.datetime | None:
    """When a copy was last made to a chosen place (from the audit trail); None when never."""
    row = db.execute("SELECT max(at) FROM audit_log WHERE action = ?", [EXTERNAL_ACTION]).fetchone()
    try:
        return dt.datetime.fromisoformat(str(row[0])[:19]) if row and row[0] else None
    except ValueError:
        return None


def default_backup_folder(db_path: str | Path) -> Path:
    return Path(db_path).resolve().parent / "backups"


def backup_folder(db: LedgerDB | None, db_path: str | Path) -> Path:
    """The backup folder setting, or `backups` beside the database."""
    value = ""
    if db is not None:
        try:
            value = get_setting(db, "backup_folder")
        except sqlite3.Error:
            value = ""
    return Path(value) if value else default_backup_folder(db_path)


def backup_folder_of_file(db_path: str | Path) -> Path:
    """The backup folder setting read from a file that may be damaged; the default when unreadable."""
    path = Path(db_path)
    try:
        if not path.is_file():
            raise sqlite3.OperationalError("missing")
        conn = sqlite3.connect(str(path))
        try:
            row = conn.execute("SELECT value FROM settings WHERE key = 'backup_folder'").fetchone()
        finally:
            conn.close()
        if row and row[0]:
            return Path(row[0])
    except sqlite3.Error:
        pass
    return default_backup_folder(path)
