"""The second-instance lock: who holds it, stale locks after a crash, release only of our own lock."""
from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from models import clock
from models.lock import DatabaseInUse, LockError, acquire, lock_path, read_lock

ROOT = Path(__file__).resolve().parents[2]


def write_lock(db_path: Path, *, pid: int, host: str | None = None, seen: dt.datetime | None = None,
               user: str = "王会计") -> None:
    stamp = (seen or clock.now()).isoformat(timespec="seconds")
    lock_path(db_path).write_text(json.dumps({"user": user, "host": host or socket.gethostname(), "pid": pid,
                                              "since": stamp, "seen": stamp, "token": "theirs"}), encoding="utf-8")


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_acquire_writes_who_and_release_removes(db_path: Path) -> None:
    lock = acquire(db_path, user="李文书")
    info = read_lock(db_path)
    assert info is not None and info.user == "李文书" and info.pid == os.getpid()
    assert info.host == socket.gethostname()
    lock.release()
    assert not lock_path(db_path).exists()


def test_second_instance_is_told_who_and_since(db_path: Path) -> None:
    first = acquire(db_path, user="李文书", now=dt.datetime(2026, 11, 26, 8, 30))
    with pytest.raises(DatabaseInUse) as caught:
        acquire(db_path, user="张三")
    text = str(caught.value)
    assert "李文书" in text and "2026-11-26 08:30" in text and socket.gethostname() in text and "只读" in text
    first.release()
    acquire(db_path).release()  # free again


def test_lock_held_by_another_live_process(db_path: Path) -> None:
    code = ("import sys, time; sys.path.insert(0, sys.argv[1]); from models.lock import acquire;"
            "acquire(sys.argv[2], user='另一实例'); print('locked', flush=True); time.sleep(30)")
    proc = subprocess.Popen([sys.executable, "-c", code, str(ROOT), str(db_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
        with pytest.raises(DatabaseInUse, match="另一实例"):
            acquire(db_path)
        proc.kill()  # crash: the lock file stays behind …
        proc.wait()
        assert lock_path(db_path).exists()
        lock = acquire(db_path)  # … and is recognized as stale
        assert read_lock(db_path).pid == os.getpid()  # type: ignore[union-attr]
        lock.release()
    finally:
        proc.kill()
        proc.wait()


def test_stale_lock_of_a_dead_process_is_cleared(db_path: Path) -> None:
    write_lock(db_path, pid=dead_pid())
    lock = acquire(db_path, user="新的")
    assert read_lock(db_path).user == "新的"  # type: ignore[union-attr]
    lock.release()


def test_lock_from_another_computer_is_stale_only_after_a_long_silence(db_path: Path) -> None:
    write_lock(db_path, pid=12345, host="办公室另一台电脑", seen=clock.now() - dt.timedelta(hours=1))
    with pytest.raises(DatabaseInUse, match="办公室另一台电脑"):
        acquire(db_path)
    write_lock(db_path, pid=12345, host="办公室另一台电脑", seen=clock.now() - dt.timedelta(days=2))
    acquire(db_path).release()


def test_refresh_keeps_a_long_running_instance_fresh(db_path: Path) -> None:
    start = dt.datetime(2026, 11, 20, 8, 0)
    lock = acquire(db_path, now=start)
    lock.refresh(user="已登录的管理员", now=start + dt.timedelta(days=3))
    info = read_lock(db_path)
    assert info is not None and info.user == "已登录的管理员" and info.seen.startswith("2026-11-23")
    lock.release()


def test_garbled_lock_file_is_stale_once_old(db_path: Path) -> None:
    lock_path(db_path).write_text("")
    with pytest.raises(DatabaseInUse):  # maybe being written right now
        acquire(db_path)
    old = time.time() - 600
    os.utime(lock_path(db_path), (old, old))
    acquire(db_path).release()


def test_release_leaves_someone_elses_lock(db_path: Path) -> None:
    lock = acquire(db_path)
    write_lock(db_path, pid=os.getppid(), user="后来者")  # ours was cleared as stale and taken over
    lock.release()
    assert read_lock(db_path).user == "后来者"  # type: ignore[union-attr]


def test_unwritable_data_folder_is_a_clear_message(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(LockError, match="无法写入.*不是文件夹"):
        acquire(blocker / "ledger.db")
