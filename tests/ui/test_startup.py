"""Start-up and exit: the lock, the damaged-database dialog with restore, the daily/exit backups, no traceback."""
from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from models import clock
from models.audit import PermissionDenied, changing
from models.backup import AUTO, auto_backup, backup_file, list_backups
from models.db import open_database
from models.lock import acquire, lock_path, read_lock
from models.org import add_village, save_town
from ui import startup
from ui.startup import ChoiceDialog, Dialogs, shutdown, startup_checks

SHOTS = Path("/tmp/shots-backups")


@pytest.fixture
def answer() -> Iterator[Callable[[str], None]]:
    """answer('restore') makes every start-up dialog choose that key; Dialogs.shown keeps what was asked."""
    Dialogs.shown = []

    def set_choice(key: str) -> None:
        Dialogs.auto_answer = lambda dialog: key
    set_choice("quit")
    yield set_choice
    Dialogs.auto_answer = None
    for dialog in Dialogs.shown:  # no Python-held widget may outlive the QApplication
        dialog.deleteLater()
    Dialogs.shown = []


def make_ledger(path: Path, villages: int = 60) -> None:
    db = open_database(path)
    save_town(db, "院上镇", "370285")
    for i in range(villages):
        add_village(db, f"第{i}村" + "某" * 40)
    db.close()


def corrupt(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[2 * 4096:len(data)] = os.urandom(len(data) - 2 * 4096)
    path.write_bytes(bytes(data))


def village_count(path: Path) -> int:
    conn = sqlite3.connect(str(path))
    try:
        return int(conn.execute("SELECT count(*) FROM villages").fetchone()[0])
    finally:
        conn.close()


def test_clean_start_locks_backs_up_and_exit_releases(qtbot: QtBot, db_path: Path, answer: object) -> None:
    make_ledger(db_path)
    db = startup_checks(db_path)
    assert db is not None and not db.read_only
    assert read_lock(db_path).pid == os.getpid()  # type: ignore[union-attr]
    folder = db_path.parent.resolve() / "backups"
    assert len(list_backups(folder, [AUTO])) == 1  # the day's automatic backup
    add_village(db, "新村")
    shutdown(db, now=clock.now() + dt.timedelta(seconds=2))
    shutdown(db)  # twice is harmless
    assert not lock_path(db_path).exists()
    newest = list_backups(folder, [AUTO])[0].path
    assert village_count(newest) == 61  # the exit backup holds the day's last change
    assert not Dialogs.shown
    db.close()


def test_second_instance_opens_read_only(qtbot: QtBot, db_path: Path, answer: Callable[[str], None]) -> None:
    make_ledger(db_path, 2)
    other = acquire(db_path, user="王会计")
    try:
        answer("readonly")
        db = startup_checks(db_path)
        assert db is not None and db.read_only
        asked = Dialogs.shown[-1]
        assert "王会计" in asked.text() and set(asked.buttons) == {"readonly", "quit"}
        SHOTS.mkdir(exist_ok=True)
        asked.grab().save(str(SHOTS / "in_use_dialog.png"))
        with pytest.raises(PermissionDenied, match="王会计"):
            with changing(db, "新增村"):
                pass
        shutdown(db)
        db.close()
        assert read_lock(db_path).user == "王会计"  # type: ignore[union-attr]
        answer("quit")
        assert startup_checks(db_path) is None
    finally:
        other.release()


def test_damaged_database_offers_the_newest_good_backup(qtbot: QtBot, db_path: Path, answer: Callable[[str], None],
                                                       messages: list[tuple[str, str]]) -> None:
    make_ledger(db_path)
    folder = db_path.parent.resolve() / "backups"
    auto_backup(db_path, folder, dt.datetime(2026, 11, 20, 17, 0))
    newest = auto_backup(db_path, folder, dt.datetime(2026, 11, 25, 17, 0), force=True).made
    assert newest is not None
    (folder / "自动备份-20261126-090000.db").write_bytes(b"broken" * 2000)  # a newer, unusable copy is skipped
    corrupt(db_path)
    shots: list[ChoiceDialog] = []

    def restore(dialog: ChoiceDialog) -> str:
        shots.append(dialog)
        return "restore"
    Dialogs.auto_answer = restore
    db = startup_checks(db_path)
    assert db is not None
    dialog = shots[0]
    assert "已损坏" in dialog.text() and newest.name in dialog.text() and "restore" in dialog.buttons
    dialog.resize(dialog.sizeHint())
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "damaged_dialog.png"))
    assert db.execute("SELECT count(*) FROM villages").fetchone()[0] == 60
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    info = [t for k, t in messages if k == "info"]
    assert info and "恢复的数据日期" in info[0] and "另存为" in info[0]
    assert list(folder.glob("恢复前副本-*-损坏.db")) or list(folder.glob("恢复前副本-*.db"))
    shutdown(db)
    db.close()


def test_damaged_without_backup_can_choose_a_file_or_quit(qtbot: QtBot, db_path: Path, tmp_path: Path,
                                                         answer: Callable[[str], None],
                                                         messages: list[tuple[str, str]],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    make_ledger(db_path)
    usb = backup_file(db_path, tmp_path / "U盘.db")
    corrupt(db_path)
    assert startup_checks(db_path) is None  # quit
    assert "restore" not in Dialogs.shown[-1].buttons and "没有找到完好的备份" in Dialogs.shown[-1].text()
    assert not lock_path(db_path).exists()
    monkeypatch.setattr(startup, "choose_backup_file", lambda parent, folder: str(usb))
    answer("choose")
    db = startup_checks(db_path)
    assert db is not None and db.execute("SELECT count(*) FROM villages").fetchone()[0] == 60
    shutdown(db)
    db.close()


def test_unwritable_data_folder_is_a_message_not_a_traceback(qtbot: QtBot, tmp_path: Path, answer: object,
                                                             messages: list[tuple[str, str]]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert startup_checks(blocker / "ledger.db") is None
    assert messages[-1][0] == "error" and "无法写入" in messages[-1][1] and "不是文件夹" in messages[-1][1]


def test_first_run_creates_the_data_folder(qtbot: QtBot, tmp_path: Path, answer: object) -> None:
    path = tmp_path / "新电脑" / "GridLedger" / "gridledger.db"
    db = startup_checks(path)
    assert db is not None and path.exists() and lock_path(path).exists()
    shutdown(db)
    db.close()
    assert not lock_path(path).exists()


def test_read_only_window_never_upgrades_the_database(qtbot: QtBot, db_path: Path, answer: Callable[[str], None],
                                                     messages: list[tuple[str, str]]) -> None:
    make_ledger(db_path, 1)
    conn = sqlite3.connect(str(db_path))  # as if an older program version wrote it
    conn.execute("DROP TABLE settings")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm003_settings'")
    conn.commit()
    conn.close()
    other = acquire(db_path, user="旧版本")
    try:
        answer("readonly")
        assert startup_checks(db_path) is None
        assert messages[-1][0] == "error" and "需要升级" in messages[-1][1]
        conn = sqlite3.connect(str(db_path))
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'settings'").fetchone()[0] == 0
        conn.close()
    finally:
        other.release()


def test_unexpected_error_is_shown_in_chinese(qtbot: QtBot, db_path: Path, answer: object,
                                              messages: list[tuple[str, str]],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    make_ledger(db_path, 1)

    def boom(path: Path) -> list[str]:
        raise RuntimeError("磁盘控制器错误")
    monkeypatch.setattr(startup, "quick_check", boom)
    assert startup_checks(db_path) is None
    assert messages[-1][0] == "error" and "意外错误" in messages[-1][1]
    assert not lock_path(db_path).exists()


def test_failed_exit_backup_warns_and_still_releases(qtbot: QtBot, db_path: Path, answer: object,
                                                    messages: list[tuple[str, str]],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    make_ledger(db_path, 1)
    db = startup_checks(db_path)
    assert db is not None
    add_village(db, "新村")
    monkeypatch.setattr("models.backup._open_target", lambda p: _tiny(p))
    shutdown(db, now=clock.now() + dt.timedelta(seconds=2))
    assert messages[-1][0] == "warning" and "磁盘空间不足" in messages[-1][1]
    assert not lock_path(db_path).exists()
    db.close()


def _tiny(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path))
    conn.execute("PRAGMA max_page_count = 2")
    return conn


def test_open_overnight_makes_the_next_days_backup_and_keeps_the_lock_fresh(qtbot: QtBot, db_path: Path,
                                                                            answer: object) -> None:
    make_ledger(db_path, 1)
    day1 = dt.datetime(2026, 11, 26, 8, 0)
    db = startup_checks(db_path, now=day1)
    assert db is not None
    folder = db_path.parent.resolve() / "backups"
    db.user = "李文书"  # signed in meanwhile
    startup.tick(db, now=day1 + dt.timedelta(hours=3))
    assert [e.when for e in list_backups(folder)] == [day1]
    assert read_lock(db_path).user == "李文书"  # type: ignore[union-attr]
    day2 = dt.datetime(2026, 11, 27, 0, 5)
    startup.tick(db, now=day2)
    startup.tick(db, now=day2 + dt.timedelta(minutes=5))
    assert [e.when for e in list_backups(folder)] == [day2, day1]
    assert read_lock(db_path).seen.startswith("2026-11-27T00:10")  # type: ignore[union-attr]
    shutdown(db, now=day2 + dt.timedelta(hours=9))
    db.close()


def test_window_start_leaves_the_days_backup_to_the_first_tick(qtbot: QtBot, db_path: Path, answer: object) -> None:
    """run_window opens without copying the file first (a big database would delay the window); the first
    tick after the window is up makes the day's backup, and a second tick the same day does not repeat it."""
    make_ledger(db_path)
    db = startup_checks(db_path, backup_now=False)
    assert db is not None
    folder = db_path.parent.resolve() / "backups"
    assert list_backups(folder, [AUTO]) == []
    startup.tick(db)
    assert len(list_backups(folder, [AUTO])) == 1
    startup.tick(db)
    assert len(list_backups(folder, [AUTO])) == 1
    shutdown(db)
    db.close()
