"""备份与恢复 page: list, 立即备份, 备份到…, restore with confirmation and the data date, folder setting."""
from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from models import clock
from models.backup import auto_backup, backup_file, list_backups
from models.db import LedgerDB
from models.settings import get_setting
from tests.conftest import add_member
from ui.events import DataEvents
from ui.safety.backup_page import BackupPage
from ui.safety.backup_table import wait_for_threads

SHOTS = Path("/tmp/shots-backups")


@pytest.fixture(autouse=True)
def _threads_done() -> Iterator[None]:
    yield
    wait_for_threads()  # no QThread may outlive its test (or the QApplication)


@pytest.fixture
def ledger(town_db: LedgerDB) -> LedgerDB:
    add_member(town_db, "张三", grid="第一网格")
    add_member(town_db, "李四", village="姜家庄村")
    return town_db


def make_page(qtbot: QtBot, db: LedgerDB, db_path: Path, **kw: object) -> BackupPage:
    page = BackupPage(db, db_path, **kw)  # type: ignore[arg-type]
    qtbot.addWidget(page)
    page.resize(900, 560)
    page.show()
    return page


def finish(qtbot: QtBot, page: BackupPage) -> None:
    qtbot.waitUntil(lambda: not page.busy(), timeout=10_000)


def test_lists_backups_newest_first(qtbot: QtBot, qtmodeltester, ledger: LedgerDB, db_path: Path) -> None:
    folder = db_path.parent.resolve() / "backups"
    for day in (3, 1, 2):
        auto_backup(db_path, folder, dt.datetime(2026, 11, day, 17, 30), force=True)
    (folder / "自动备份-20261030-173000.db").write_bytes(b"SQLite format 3\x00" + os.urandom(9000))  # bad disk
    page = make_page(qtbot, ledger, db_path)
    qtmodeltester.check(page.model)
    qtbot.waitUntil(lambda: not page.checking(), timeout=10_000)
    assert [page.model.index(r, 3).data() for r in range(4)] == ["完好", "完好", "完好", "已损坏"]
    assert page.folder_edit.text() == str(folder)
    assert [page.model.index(r, 0).data() for r in range(3)] == ["2026-11-03 17:30", "2026-11-02 17:30",
                                                                 "2026-11-01 17:30"]
    assert page.model.index(0, 1).data() == "自动备份"
    assert page.empty_label.isHidden()
    SHOTS.mkdir(exist_ok=True)
    page.grab().save(str(SHOTS / "backup_page.png"))


def test_backup_now_runs_in_a_thread_and_lists_the_copy(qtbot: QtBot, ledger: LedgerDB, db_path: Path) -> None:
    page = make_page(qtbot, ledger, db_path)
    assert not page.empty_label.isHidden()
    assert "还没有备份到 U 盘" in page.external_label.text()
    with qtbot.waitSignal(page.job_finished, timeout=10_000) as blocker:
        page.backup_now_button.click()
        assert page.busy() and not page.backup_now_button.isEnabled() and page.progress.isVisible()
    assert blocker.args == [True]
    assert page.model.rowCount() == 1 and "已备份" in page.status.text()
    assert not page.progress.isVisible()


def test_backup_to_a_usb_folder_is_audited(qtbot: QtBot, ledger: LedgerDB, db_path: Path, tmp_path: Path,
                                           messages: list[tuple[str, str]]) -> None:
    usb = tmp_path / "U盘"
    usb.mkdir()
    page = make_page(qtbot, ledger, db_path)
    page.choose_folder = lambda parent, start: str(usb)  # type: ignore[method-assign]
    page.ask_new_password = lambda parent, encrypt: (False, "")  # type: ignore[method-assign]
    page.backup_to_button.click()
    finish(qtbot, page)
    made = list(usb.glob("网格党建台账备份-*.db"))
    assert len(made) == 1 and messages[-1][0] == "info" and "可以安全拔出" in messages[-1][1]
    assert ledger.execute("SELECT action FROM audit_log ORDER BY id DESC").fetchone()[0] == "备份到外部位置"
    assert "上次备份到其他位置" in page.external_label.text()
    page._show_external(today=clock.today() + dt.timedelta(days=10))
    assert "10 天前" in page.external_label.text() and "再备份一次" in page.external_label.text()


def test_backup_to_a_full_disk_says_so(qtbot: QtBot, ledger: LedgerDB, db_path: Path, tmp_path: Path,
                                       messages: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch) -> None:
    import models.backup as backup_mod

    def tiny(path: Path) -> sqlite3.Connection:
        conn = sqlite3.connect(str(path))
        conn.execute("PRAGMA max_page_count = 3")
        return conn
    monkeypatch.setattr(backup_mod, "_open_target", tiny)
    page = make_page(qtbot, ledger, db_path)
    page.choose_folder = lambda parent, start: str(tmp_path)  # type: ignore[method-assign]
    page.ask_new_password = lambda parent, encrypt: (False, "")  # type: ignore[method-assign]
    page.backup_to_button.click()
    finish(qtbot, page)
    assert messages[-1][0] == "error" and "磁盘空间不足" in messages[-1][1]
    assert "磁盘空间不足" in page.status.text()
    assert not list(tmp_path.glob("*备份*"))


def test_restore_confirms_with_the_data_date(qtbot: QtBot, ledger: LedgerDB, db_path: Path, tmp_path: Path,
                                             messages: list[tuple[str, str]]) -> None:
    copy = backup_file(db_path, tmp_path / "copy.db")
    when = ledger.execute("SELECT substr(max(at), 1, 16) FROM audit_log").fetchone()[0]
    ledger.execute("DELETE FROM member_events")
    ledger.execute("UPDATE members SET name = '误改'")
    ledger.conn.commit()
    events = DataEvents(ledger)
    page = make_page(qtbot, ledger, db_path, events=events)
    page.choose_file = lambda parent, start: str(copy)  # type: ignore[method-assign]
    with qtbot.waitSignal(events.changed, timeout=10_000):
        page.restore_file_button.click()
    finish(qtbot, page)
    confirm = [t for k, t in messages if k == "confirm"]
    assert len(confirm) == 1 and f"备份的数据日期：{when}" in confirm[0] and "在册党员 2 名" in confirm[0]
    assert messages[-1][0] == "info" and when in messages[-1][1]
    assert {r[0] for r in ledger.execute("SELECT name FROM members")} == {"张三", "李四"}
    assert [e.kind for e in list_backups(page.folder())] == ["恢复前副本"]
    assert page.model.rowCount() == 1


def test_restore_cancelled_changes_nothing(qtbot: QtBot, ledger: LedgerDB, db_path: Path, tmp_path: Path) -> None:
    copy = backup_file(db_path, tmp_path / "copy.db")
    ledger.execute("UPDATE members SET name = '新名字'")
    ledger.conn.commit()
    page = make_page(qtbot, ledger, db_path)  # the autouse fixture answers "no" to confirm
    page.restore_from(copy)
    finish(qtbot, page)
    assert "已取消" in page.status.text()
    assert {r[0] for r in ledger.execute("SELECT name FROM members")} == {"新名字"}


def test_restore_refuses_a_damaged_file(qtbot: QtBot, ledger: LedgerDB, db_path: Path, tmp_path: Path,
                                        messages: list[tuple[str, str]]) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + os.urandom(8000))
    page = make_page(qtbot, ledger, db_path)
    page.restore_from(bad)
    finish(qtbot, page)
    assert messages[-1][0] == "error" and "bad.db" in messages[-1][1]
    assert not [k for k, _ in messages if k == "confirm"]


def test_read_only_window_cannot_restore_or_change_the_folder(qtbot: QtBot, ledger: LedgerDB,
                                                             db_path: Path) -> None:
    ledger.read_only = True
    ledger.read_only_reason = "数据库正在被 王会计 使用，本窗口为只读，不能修改数据。"
    page = make_page(qtbot, ledger, db_path)
    assert page.banner.isVisible() and "王会计" in page.banner.text()
    assert not page.restore_file_button.isEnabled() and not page.change_folder_button.isEnabled()
    assert not page.backup_now_button.isEnabled() and page.backup_to_button.isEnabled()


def test_change_the_backup_folder(qtbot: QtBot, ledger: LedgerDB, db_path: Path, tmp_path: Path,
                                  messages: list[tuple[str, str]]) -> None:
    target = tmp_path / "D盘备份"
    page = make_page(qtbot, ledger, db_path)
    page.choose_folder = lambda parent, start: str(target)  # type: ignore[method-assign]
    page.change_folder_button.click()
    assert get_setting(ledger, "backup_folder") == str(target) and page.folder_edit.text() == str(target)
    assert target.is_dir()
    page.reset_folder_button.click()
    assert page.folder_edit.text() == str(db_path.parent.resolve() / "backups")
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    page.choose_folder = lambda parent, start: str(blocker / "sub")  # type: ignore[method-assign]
    page.change_folder_button.click()
    assert messages[-1][0] == "error" and "不能使用文件夹" in messages[-1][1]


def test_closing_the_page_during_a_backup_neither_crashes_nor_cuts_it_short(
        qtbot: QtBot, ledger: LedgerDB, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from PySide6.QtCore import QCoreApplication, QEvent

    import ui.safety.backup_page as page_mod
    go_on = threading.Event()
    real = page_mod.backup_file

    def slow_backup(src: Path, target: Path, progress: object = None, **kw: object) -> Path:
        go_on.wait(10)
        return real(src, target)
    monkeypatch.setattr(page_mod, "backup_file", slow_backup)
    page = BackupPage(ledger, db_path)
    page.choose_folder = lambda parent, start: str(tmp_path)  # type: ignore[method-assign]
    page.ask_new_password = lambda parent, encrypt: (False, "")  # type: ignore[method-assign]
    page.backup_to_button.click()
    assert page.busy()
    page.deleteLater()
    del page
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the window is gone …
    go_on.set()
    wait_for_threads()  # … as when the program quits
    QCoreApplication.processEvents()
    made = list(tmp_path.glob("网格党建台账备份-*.db"))
    assert len(made) == 1 and sqlite3.connect(str(made[0])).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_reader_may_not_copy_the_data_out_or_restore(qtbot, town_db, db_path, messages) -> None:  # type: ignore[no-untyped-def]
    from models import accounts
    from ui.safety.backup_page import BackupPage
    accounts.create_first_admin(town_db, "admin", "admin-pass-1")
    accounts.add_account(town_db, "reader", "查阅", "reader-pass-1")
    accounts.login(town_db, "reader", "reader-pass-1")
    page = BackupPage(town_db, db_path)
    qtbot.addWidget(page)
    page.choose_folder = lambda *a: pytest.fail("no folder should be asked for")  # type: ignore[assignment]
    page.backup_to()
    assert messages[-1][0] == "error" and "没有备份数据的权限" in messages[-1][1]
    page.restore_from(db_path)
    assert messages[-1][0] == "error" and "只能查阅" in messages[-1][1] and "请由管理员操作" in messages[-1][1]


# --- backups belong to their database (issue 9.7) ---

def other_town(path: Path, town: str) -> Path:
    from models.db import open_database
    from models.org import save_town
    other = open_database(path)
    save_town(other, town, "370285")
    other.close()
    return path


def test_the_list_shows_only_this_databases_backups_and_backup_now_is_manual(
        qtbot: QtBot, ledger: LedgerDB, db_path: Path) -> None:
    folder = db_path.parent.resolve() / "backups"
    neighbour = other_town(db_path.parent / "南墅.db", "南墅镇")  # kept in the same folder, same backup folder
    theirs = auto_backup(neighbour, folder, dt.datetime(2026, 11, 25, 17, 0)).made
    ours = auto_backup(db_path, folder, dt.datetime(2026, 11, 24, 17, 0)).made
    page = make_page(qtbot, ledger, db_path)
    assert [e.path for e in page.model.entries] == [ours]
    with qtbot.waitSignal(page.job_finished, timeout=10_000):
        page.backup_now_button.click()
    assert [page.model.index(r, 1).data() for r in range(2)] == ["手动备份", "自动备份"]
    assert "不会被自动清理" in page.status.text()
    assert theirs is not None and theirs.exists() and theirs not in [e.path for e in page.model.entries]
    SHOTS.mkdir(exist_ok=True)
    page.grab().save(str(SHOTS / "backup_page_own_only.png"))


def test_restoring_another_towns_backup_asks_naming_both(qtbot: QtBot, ledger: LedgerDB, db_path: Path,
                                                         tmp_path: Path, messages: list[tuple[str, str]]) -> None:
    neighbour = other_town(tmp_path / "南墅.db", "南墅镇")
    copy = backup_file(neighbour, tmp_path / "南墅备份.db")
    page = make_page(qtbot, ledger, db_path)
    page.restore_from(copy)
    finish(qtbot, page)
    (confirm,) = [t for k, t in messages if k == "confirm"]
    assert "另一个数据库的备份" in confirm and "南墅镇" in confirm and "院上镇" in confirm
    assert ledger.execute("SELECT name FROM town").fetchone()[0] == "南墅镇"  # the clerk said yes


# --- password-protected copies (issue 9.5) ---

@pytest.fixture
def fast_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    from models import crypto
    monkeypatch.setattr(crypto, "SCRYPT_LOG2N", 10)


def test_the_password_dialog_allows_ok_only_for_a_good_password(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from ui.safety.backup_password import NewPasswordDialog
    dialog = NewPasswordDialog(encrypt=True)
    qtbot.addWidget(dialog)
    dialog.show()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.encrypt_box.isChecked() and not ok.isEnabled()
    qtbot.keyClicks(dialog.password, "abc")
    qtbot.keyClicks(dialog.repeat, "abc")
    assert not ok.isEnabled() and "至少 6 个字符" in dialog.reason.text()
    qtbot.keyClicks(dialog.password, "defg")
    qtbot.keyClicks(dialog.repeat, "xyz1")
    assert not ok.isEnabled() and "不一致" in dialog.reason.text()
    dialog.repeat.setText("abcdefg")
    assert ok.isEnabled() and dialog.answer() == (True, "abcdefg")
    dialog.encrypt_box.setChecked(False)
    assert ok.isEnabled() and dialog.answer() == (False, "") and not dialog.password.isEnabled()
    SHOTS.mkdir(exist_ok=True)
    dialog.repeat.setText("abc")
    dialog.encrypt_box.setChecked(True)
    dialog.grab().save(str(SHOTS / "backup_password_dialog.png"))


def test_backup_to_a_stick_is_encrypted_by_default_once_there_are_accounts(
        qtbot: QtBot, town_db: LedgerDB, db_path: Path, tmp_path: Path, messages: list[tuple[str, str]],
        dialogs: list, fast_scrypt: None) -> None:  # type: ignore[type-arg]
    from models import accounts
    from models.crypto import is_encrypted
    from ui.safety.backup_password import NewPasswordDialog
    accounts.create_first_admin(town_db, "admin", "admin-pass-1")
    accounts.login(town_db, "admin", "admin-pass-1")
    usb = tmp_path / "U盘"
    usb.mkdir()
    page = make_page(qtbot, town_db, db_path)
    page.choose_folder = lambda parent, start: str(usb)  # type: ignore[method-assign]

    def fill(dialog: NewPasswordDialog) -> bool:
        assert dialog.encrypt_box.isChecked()  # the default with accounts
        dialog.password.setText("U盘密码2026")
        dialog.repeat.setText("U盘密码2026")
        return True
    dialogs.append(fill)  # type: ignore[arg-type]
    page.backup_to_button.click()
    finish(qtbot, page)
    (made,) = usb.iterdir()
    assert made.name.endswith(".db.enc") and is_encrypted(made)
    assert "已加密" in messages[-1][1]
    row = town_db.execute("SELECT summary FROM audit_log WHERE action = '备份到外部位置'").fetchone()
    assert "已加密" in row[0]


def test_restoring_an_encrypted_backup_asks_for_the_password_again_when_wrong(
        qtbot: QtBot, ledger: LedgerDB, db_path: Path, tmp_path: Path, messages: list[tuple[str, str]],
        fast_scrypt: None) -> None:
    sealed = backup_file(db_path, tmp_path / "备份.db.enc", password="U盘密码2026")
    ledger.execute("UPDATE members SET name = '误改'")
    ledger.conn.commit()
    page = make_page(qtbot, ledger, db_path)
    asked: list[bool] = []
    answers = iter(["wrong-password", "U盘密码2026"])

    def ask(parent: object, name: str, wrong: bool) -> str:
        asked.append(wrong)
        return next(answers)
    page.ask_password = ask  # type: ignore[method-assign,assignment]
    page.restore_from(sealed)
    qtbot.waitUntil(lambda: len(asked) == 2 and not page.busy(), timeout=10_000)
    finish(qtbot, page)
    assert asked == [False, True]  # the second time it says the password was wrong
    assert [k for k, _ in messages].count("confirm") == 1
    assert {r[0] for r in ledger.execute("SELECT name FROM members")} == {"张三", "李四"}


def test_cancelling_the_password_changes_nothing(qtbot: QtBot, ledger: LedgerDB, db_path: Path,
                                                 tmp_path: Path, fast_scrypt: None) -> None:
    sealed = backup_file(db_path, tmp_path / "备份.db.enc", password="U盘密码2026")
    page = make_page(qtbot, ledger, db_path)
    page.ask_password = lambda parent, name, wrong: None  # type: ignore[method-assign,assignment]
    page.restore_from(sealed)
    assert not page.busy() and "已取消" in page.status.text()
