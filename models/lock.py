"""One program instance per database: a lock file beside it saying who holds it (user, host, pid, since).

`acquire(db_path)` creates `<db>.lock` atomically (O_EXCL) or raises `DatabaseInUse` describing the holder in
Chinese; the caller then opens the database read-only or quits. A lock left by a crash is stale and cleared: its
process is gone on this host, or its holder has not refreshed it (`LockHandle.refresh`, every few minutes)
for longer than `STALE_AFTER`. `LockHandle.release()` removes the file only while it is still ours.
"""
from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import socket
import sys
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

from . import clock
from .backup import describe_error
from .errors import Refused

STALE_AFTER = dt.timedelta(hours=12)   # generous: a running program refreshes its lock every few minutes
UNREADABLE_GRACE = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class LockInfo:
    user: str
    host: str
    pid: int
    since: str   # ISO time the holder opened the database
    seen: str    # ISO time the holder last refreshed the lock
    token: str = ""

    def describe(self) -> str:
        since = self.since[:16].replace("T", " ")
        return f"{self.user or '未知用户'}（电脑 {self.host or '未知'}，进程 {self.pid}）自 {since} 起"


class DatabaseInUse(Refused):
    """Another instance holds the database; the message is Chinese."""

    def __init__(self, info: LockInfo | None, path: Path) -> None:
        self.info = info
        who = info.describe() if info else "另一个程序"
        super().__init__(f"数据库 {path.name} 正在被 {who} 使用。可以只读打开（不能修改数据），或退出。")


class LockError(Refused):
    """The lock file cannot be written (folder not writable, disk full); the message is Chinese."""


def lock_path(db_path: str | Path) -> Path:
    p = Path(db_path)
    return p.with_name(p.name + ".lock")


def _now_iso(now: dt.datetime | None) -> str:
    return (now or clock.now()).isoformat(timespec="seconds")


def read_lock(db_path: str | Path) -> LockInfo | None:
    """The lock's holder; None when there is no lock or it cannot be read."""
    try:
        data = json.loads(lock_path(db_path).read_text(encoding="utf-8"))
        return LockInfo(str(data["user"]), str(data["host"]), int(data["pid"]), str(data["since"]),
                        str(data.get("seen", data["since"])), str(data.get("token", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":  # os.kill(pid, 0) would terminate the process on Windows
        import ctypes
        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return bool(kernel32.GetLastError() == 5)  # access denied: it exists
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def is_stale(info: LockInfo | None, path: Path, *, now: dt.datetime | None = None,
             stale_after: dt.timedelta = STALE_AFTER) -> bool:
    now = now or clock.now()
    if info is None:  # empty or garbled: stale unless it is being written right now
        try:
            age = time.time() - path.stat().st_mtime  # a file's age is the file system's, not the rules' clock
        except OSError:
            return True
        return age > UNREADABLE_GRACE.total_seconds()
    if info.host == socket.gethostname() and not pid_alive(info.pid):
        return True
    try:
        seen = dt.datetime.fromisoformat(info.seen)
    except ValueError:
        return True
    return now - seen > stale_after


class LockHandle:
    """The lock this process holds."""

    def __init__(self, path: Path, info: LockInfo) -> None:
        self.path = path
        self.info = info
        self.released = False

    def _write(self, info: LockInfo) -> None:
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(asdict(info), ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.path)
        self.info = info

    def refresh(self, *, user: str | None = None, now: dt.datetime | None = None) -> None:
        """Say we are still here (and, after sign-in, who). Quietly does nothing when the lock is no longer ours."""
        if self.released or not self.is_ours():
            return
        info = LockInfo(self.info.user if user is None else user, self.info.host, self.info.pid,
                        self.info.since, _now_iso(now), self.info.token)
        try:
            self._write(info)
        except OSError:
            pass

    def is_ours(self) -> bool:
        held = read_lock(self.path.with_name(self.path.name[:-len(".lock")]))
        return held is not None and held.token == self.info.token

    def release(self) -> None:
        if self.released:
            return
        self.released = True
        if self.is_ours():
            try:
                self.path.unlink()
            except OSError:
                pass


def _create(path: Path, info: LockInfo) -> bool:
    """Create the lock file exclusively; False when it already exists."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return False
    try:
        os.write(fd, json.dumps(asdict(info), ensure_ascii=False).encode("utf-8"))
        os.fsync(fd)
    except OSError:
        os.close(fd)
        os.unlink(path)
        raise
    os.close(fd)
    return True


def acquire(db_path: str | Path, *, user: str | None = None, now: dt.datetime | None = None,
            stale_after: dt.timedelta = STALE_AFTER) -> LockHandle:
    """Take the database's lock; raises DatabaseInUse (held by a live instance) or LockError (cannot write)."""
    db_path = Path(db_path)
    path = lock_path(db_path)
    stamp = _now_iso(now)
    if user is None:
        try:
            user = getpass.getuser()
        except (OSError, KeyError):
            user = ""
    info = LockInfo(user, socket.gethostname(), os.getpid(), stamp, stamp, uuid.uuid4().hex)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)  # first run: the data folder does not exist yet
    except OSError as exc:
        raise LockError("无法建立数据文件夹：" + describe_error(exc, path.parent)) from exc
    for _attempt in range(2):
        try:
            if _create(path, info):
                return LockHandle(path, info)
        except OSError as exc:
            raise LockError("无法在数据文件夹中建立锁文件：" + describe_error(exc, path.parent)) from exc
        held = read_lock(db_path)
        if not is_stale(held, path, now=now, stale_after=stale_after):
            raise DatabaseInUse(held, db_path)
        try:
            path.unlink()  # a crash left it: clear and try again
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise LockError("无法清除过期的锁文件：" + describe_error(exc, path.parent)) from exc
    raise DatabaseInUse(read_lock(db_path), db_path)
