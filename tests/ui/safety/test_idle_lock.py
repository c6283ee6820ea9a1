"""Idle lock: locks after the idle time, holds back input, keeps open dialogs and unsaved input, asks the
password (wrong ones counted), and writes lock/unlock to the audit trail."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMainWindow, QVBoxLayout

from models import accounts
from models.db import LedgerDB
from tests.ui.conftest import commit_ime, type_text
from ui.safety.idle_lock import IdleLock, install_idle_lock

PW = "mima-1234"


SHOTS = "/tmp/shots-accounts-audit"


@pytest.fixture
def window(qtbot, db: LedgerDB) -> Iterator[QMainWindow]:
    accounts.create_first_admin(db, "admin", PW)
    accounts.add_account(db, "clerk", "录入员", PW)
    accounts.login(db, "clerk", PW)
    w = QMainWindow()
    w.setWindowTitle("网格党建台账")
    w.setCentralWidget(QLineEdit())
    w.resize(900, 600)
    qtbot.addWidget(w)
    w.show()
    yield w
    for lock in w.findChildren(IdleLock):
        if lock.locked:  # an application-modal panel left behind would swallow the next tests' keys
            lock.unlock(PW)
        lock.uninstall()


def actions(db: LedgerDB) -> list[str]:
    return [r[0] for r in db.execute("SELECT action FROM audit_log ORDER BY id")]


def key(widget, ch: str) -> None:
    for t in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(t, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, ch))


def test_default_minutes_come_from_the_setting(window: QMainWindow, db: LedgerDB) -> None:
    accounts.login(db, "admin", PW)
    accounts.set_idle_minutes(db, 7)
    lock = install_idle_lock(window, db)
    assert lock.minutes == 7 and lock.timer.interval() == 7 * 60_000 and lock.timer.isActive()


def test_input_restarts_the_timer_and_timeout_locks(qtbot, window: QMainWindow, db: LedgerDB) -> None:
    lock = IdleLock(window, db, 1)
    lock.timer.setInterval(150)
    edit = window.centralWidget()
    for _ in range(4):  # typing keeps it open longer than the idle time
        qtbot.wait(60)
        key(edit, "a")
    assert not lock.locked
    qtbot.waitUntil(lambda: lock.locked, timeout=2000)
    assert actions(db)[-1] == "锁定"


def test_lock_keeps_dialog_and_unsaved_input_and_holds_back_typing(qtbot, window: QMainWindow,
                                                                    db: LedgerDB) -> None:
    edit = window.centralWidget()
    assert isinstance(edit, QLineEdit)
    type_text(edit, "未保存的")
    dialog = QDialog(window)
    dialog.setWindowTitle("党员信息")
    form_edit = QLineEdit(dialog)
    QVBoxLayout(dialog).addWidget(form_edit)
    qtbot.addWidget(dialog)
    dialog.show()
    commit_ime(form_edit, "院上村 8 号")
    lock = IdleLock(window, db, 15)
    assert lock.lock()
    assert lock.panel is not None and lock.panel.isVisible()
    assert set(lock.covers) >= {window, dialog} and all(c.isVisible() for c in lock.covers.values())
    window.grab().save(f"{SHOTS}/idle-lock-window.png")
    lock.panel.grab().save(f"{SHOTS}/idle-lock-panel.png")
    key(edit, "x")  # held back while locked
    key(form_edit, "y")
    assert edit.text() == "未保存的" and form_edit.text() == "院上村 8 号"
    QApplication.sendEvent(dialog.windowHandle(), QCloseEvent())  # the window manager's close button
    QApplication.sendEvent(window.windowHandle(), QCloseEvent())
    assert dialog.isVisible() and window.isVisible(), "windows under the lock cannot be closed"
    lock.panel.password.setText("wrong-password")
    lock.panel.button.click()
    assert lock.locked and lock.panel.message.text() == "密码错误，还可以再试 4 次"
    qtbot.keyClicks(lock.panel.password, PW)  # typing into the panel is allowed
    assert lock.panel.password.text() == PW
    lock.panel.button.click()
    assert not lock.locked and not lock.covers
    assert dialog.isVisible() and edit.text() == "未保存的" and form_edit.text() == "院上村 8 号"
    key(edit, "!")
    assert edit.text() == "未保存的!"
    assert actions(db)[-3:] == ["锁定", "登录失败", "解锁"]
    assert lock.timer.isActive()


def test_no_lock_without_accounts_or_when_disabled(qtbot, db: LedgerDB) -> None:
    w = QMainWindow()
    qtbot.addWidget(w)
    lock = IdleLock(w, db, 15)
    assert not lock.lock(), "a database without accounts has no password to ask"
    off = IdleLock(w, db, 0)
    assert not off.timer.isActive()
    lock.uninstall()
    off.uninstall()


def test_window_resize_moves_the_cover(qtbot, window: QMainWindow, db: LedgerDB) -> None:
    lock = IdleLock(window, db, 15)
    lock.lock()
    window.resize(1000, 700)
    qtbot.waitUntil(lambda: lock.covers[window].size() == window.size(), timeout=1000)
    lock.unlock(PW)


def test_window_opened_while_locked_is_covered_too(qtbot, window: QMainWindow, db: LedgerDB) -> None:
    lock = IdleLock(window, db, 15)
    lock.lock()
    late = QDialog(window)
    qtbot.addWidget(late)
    late.show()  # e.g. a reminder popping up while the clerk is away
    assert late in lock.covers and lock.covers[late].isVisible()
    assert lock.panel is not None and lock.panel not in lock.covers
    cover = lock.covers[late]
    assert lock.unlock(PW) and not cover.isVisible() and late.isVisible()


def test_a_clerk_who_cannot_unlock_may_end_the_program(qtbot, window: QMainWindow, db: LedgerDB,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    quits: list[bool] = []
    monkeypatch.setattr(QApplication, "quit", lambda: quits.append(True))
    lock = install_idle_lock(window, db, 15)
    assert lock.lock()
    assert lock.panel is not None
    lock.panel.quit_button.click()  # the first click only asks
    assert quits == [] and lock.locked and "确认退出" in lock.panel.quit_button.text()
    lock.panel.quit_button.click()
    assert quits == [True] and not lock.locked
    assert db.execute("SELECT action FROM audit_log ORDER BY id DESC").fetchone()[0] == "锁定时退出"


def test_enter_on_an_empty_password_is_not_a_try(qtbot, window: QMainWindow, db: LedgerDB) -> None:
    lock = IdleLock(window, db, 15)
    assert lock.lock() and lock.panel is not None
    before = actions(db)
    for _ in range(accounts.MAX_ATTEMPTS + 1):  # more Enters than the lock allows wrong passwords
        qtbot.keyClick(lock.panel.password, Qt.Key.Key_Return)
    assert lock.locked and lock.panel.message.text() == "请输入密码"
    assert actions(db) == before, "nothing logged, in particular no 登录失败"
    assert db.execute("SELECT failed_count, locked_until FROM accounts WHERE name = 'clerk'").fetchone() == (0, "")
    qtbot.keyClicks(lock.panel.password, PW)
    qtbot.keyClick(lock.panel.password, Qt.Key.Key_Return)
    assert not lock.locked and actions(db)[-1] == "解锁"
