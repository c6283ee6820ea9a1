"""Operations that must not overlap on one database file: a restore and an import exclude each other.

`exclusive(db_path, what)` holds an operating-system lock (fcntl.flock / msvcrt.locking) on `<db>.busy` beside
the database for the length of the `with` block. The lock belongs to the process: a killed import or restore
leaves no lock behind (only its file, reused and removed by the next one). Whoever comes second waits up to
`wait` seconds and then gets an `OperationBusy` naming what runs (written into the file by its holder:
导入党员名册, 从备份恢复 …).
"""
from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from . import clock

WAIT_SECONDS = 5.0  # how long the second one waits before it gives up


class OperationBusy(Exception):
    """Another import or restore is running on this database; the message is Chinese."""


def busy_path(db_path: str | Path) -> Path:
    p = Path(db_path)
    return p.with_name(p.name + ".busy")


def _try_lock(f: IO[bytes]) -> bool:
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import msvcrt
        try:
            f.seek(0)
            msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
            return True
        except OSError:
            return False
    import fcntl
    try:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def _unlock(f: IO[bytes]) -> None:
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import msvcrt
        f.seek(0)
        msvcrt.locking(f.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        return
    import fcntl
    fcntl.flock(f.fileno(), fcntl.LOCK_UN)


def _holder(path: Path) -> str:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return f"{data['what']}（进程 {data['pid']}，自 {str(data['since'])[:16]} 起）"
    except (OSError, ValueError, KeyError, TypeError):
        return "另一项导入或恢复"


def _same_file(f: IO[bytes], path: Path) -> bool:
    """Still the file at path? (its holder may have removed it between our open and our lock)"""
    try:
        return os.fstat(f.fileno()).st_ino == os.stat(path).st_ino
    except OSError:
        return False


def _acquire(path: Path, db_name: str, what: str, wait: float) -> IO[bytes] | None:
    """The locked, open lock file; None when the folder cannot hold one. OperationBusy after `wait` s."""
    deadline = time.monotonic() + wait
    while True:
        try:
            f = open(path, "a+b")  # noqa: SIM115 - held for the whole block
        except OSError:
            return None
        if _try_lock(f) and (sys.platform == "win32" or _same_file(f, path)):
            return f
        f.close()
        if time.monotonic() >= deadline:
            raise OperationBusy(f"数据库 {db_name} 正在{_holder(path)}，不能同时{what}。"
                                "请等它完成后再试，数据没有改动。")
        time.sleep(0.1)


@contextmanager
def exclusive(db_path: str | Path, what: str, *, wait: float | None = None) -> Iterator[None]:
    """Run the block as the only import/restore on db_path; OperationBusy when another one holds it.

    The lock file exists only while it is held (removed before it is unlocked; a waiter that locked the removed
    file notices and opens the new one), so nothing is left beside the database."""
    path = busy_path(db_path)
    f = _acquire(path, Path(db_path).name, what, WAIT_SECONDS if wait is None else wait)
    if f is None:
        yield  # a folder we cannot write to: nobody can import or restore into it either
        return
    try:
        try:
            note = json.dumps({"what": what, "pid": os.getpid(), "since": clock.now().isoformat()},
                              ensure_ascii=False).encode("utf-8")
            f.seek(0)
            f.truncate()
            f.write(note)
            f.flush()
        except OSError:
            pass
        yield
    finally:
        try:
            path.unlink()
        except OSError:
            pass  # Windows: an open file cannot be removed; it is reused next time
        _unlock(f)
        f.close()
