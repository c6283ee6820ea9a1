"""Login dialog, first-administrator dialog and the start-up flows."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from models import accounts
from models.db import LedgerDB
from tests.ui.conftest import type_text
from ui.safety import login_dialog
from ui.safety.login_dialog import FirstAdminDialog, LoginDialog, first_admin_flow, login_flow

PW = "mima-1234"


SHOTS = "/tmp/shots-accounts-audit"


@pytest.fixture
def staffed(db: LedgerDB) -> LedgerDB:
    accounts.create_first_admin(db, "admin", PW, "王主任")
    accounts.add_account(db, "clerk", "录入员", PW)
    accounts.logout(db)
    return db


def test_login_with_right_password(qtbot, staffed: LedgerDB) -> None:
    dialog = LoginDialog(staffed)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.user_edit, "clerk")
    qtbot.keyClicks(dialog.password_edit, PW)
    dialog.login_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert (staffed.user, staffed.role) == ("clerk", "录入员")


def test_wrong_password_says_attempts_left_then_locked(qtbot, staffed: LedgerDB) -> None:
    t0 = dt.datetime(2026, 11, 26, 9, 0)
    dialog = LoginDialog(staffed, user="clerk", now=lambda: t0)
    qtbot.addWidget(dialog)
    dialog.show()
    for left in (4, 3, 2, 1):
        qtbot.keyClicks(dialog.password_edit, "wrong-password")
        dialog.login_button.click()
        assert dialog.message.text() == f"密码错误，还可以再试 {left} 次"
        assert dialog.password_edit.text() == "" and dialog.result() != QDialog.DialogCode.Accepted
    qtbot.keyClicks(dialog.password_edit, "wrong-password")
    dialog.login_button.click()
    assert dialog.message.text() == "密码错误已达 5 次，用户 clerk 锁定 60 秒"
    assert not dialog.login_button.isEnabled()
    dialog.grab().save(f"{SHOTS}/login-locked.png")
    dialog._lock_over()
    assert dialog.login_button.isEnabled()
    qtbot.keyClicks(dialog.password_edit, PW)
    dialog.login_button.click()
    assert "请 60 秒后再试" in dialog.message.text() and staffed.user == ""


def test_login_dialog_screenshot(qtbot, staffed: LedgerDB) -> None:
    dialog = LoginDialog(staffed, user="clerk")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.password_edit, "wrong")
    dialog.login_button.click()
    dialog.grab().save(f"{SHOTS}/login.png")
    assert "还可以再试 4 次" in dialog.message.text()


def test_first_admin_dialog_validates_live(qtbot) -> None:
    dialog = FirstAdminDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.ok_button.isEnabled() and dialog.message.text() == "请填写用户名"
    qtbot.keyClicks(dialog.name_edit, "admin")
    type_text(dialog.full_name_edit, "王主任")
    qtbot.keyClicks(dialog.password_edit, "short")
    assert dialog.message.text() == "密码至少 8 位，现为 5 位" and not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.password_edit, "-pass")
    qtbot.keyClicks(dialog.confirm_edit, "short-pas")
    assert dialog.message.text() == "两次输入的密码不一致"
    dialog.grab().save(f"{SHOTS}/first-admin.png")
    qtbot.keyClicks(dialog.confirm_edit, "s")
    assert dialog.ok_button.isEnabled() and dialog.message.text() == ""
    assert dialog.values() == ("admin", "王主任", "short-pass")


def test_flows(qtbot, db: LedgerDB, monkeypatch: pytest.MonkeyPatch, messages) -> None:
    assert login_flow(db) is True, "no accounts: no login"

    def fill_first(dialog: QDialog) -> int:
        assert isinstance(dialog, FirstAdminDialog)
        dialog.name_edit.setText("admin")
        dialog.password_edit.setText(PW)
        dialog.confirm_edit.setText(PW)
        dialog.accept()  # 确定: creates the administrator, or shows the refusal and stays open
        return dialog.result()

    monkeypatch.setattr(login_dialog, "run_dialog", fill_first)
    assert first_admin_flow(db) is True
    assert db.user == "admin" and accounts.get_account(db, "admin").role == "管理员"  # type: ignore[union-attr]
    assert messages[-1] == ("info", "已创建管理员 admin，并已登录。")
    accounts.logout(db)

    def cancel(dialog: QDialog) -> int:
        assert isinstance(dialog, LoginDialog)
        return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(login_dialog, "run_dialog", cancel)
    assert login_flow(db) is False and db.user == ""

    def sign_in(dialog: QDialog) -> int:
        assert isinstance(dialog, LoginDialog) and dialog.user_edit.text() == "admin"
        dialog.password_edit.setText(PW)
        dialog.try_login()
        return dialog.result()

    monkeypatch.setattr(login_dialog, "run_dialog", sign_in)
    assert login_flow(db, user="admin") is True and db.user == "admin"
    monkeypatch.setattr(login_dialog, "run_dialog", cancel)
    assert login_flow(db) is True, "already signed in (main.py --user): no second login"


def test_change_own_password(qtbot, staffed: LedgerDB, messages) -> None:
    from ui.safety.login_dialog import ChangePasswordDialog
    accounts.login(staffed, "clerk", PW)
    dialog = ChangePasswordDialog(staffed)
    qtbot.addWidget(dialog)
    dialog.old_edit.setText("not-the-old")
    dialog.new_edit.setText("clerk-new-1")
    assert dialog.message.text() == "两次输入的新密码不一致" and not dialog.ok_button.isEnabled()
    dialog.confirm_edit.setText("clerk-new-1")
    dialog.ok_button.click()
    assert dialog.message.text() == "密码错误，还可以再试 4 次" and dialog.old_edit.text() == ""
    dialog.old_edit.setText(PW)
    dialog.ok_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert messages[-1] == ("info", "密码已修改，下次登录请使用新密码。")
    accounts.login(staffed, "clerk", "clerk-new-1")


def test_startup_flow_offers_first_admin_but_never_locks_out(qtbot, db: LedgerDB,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.safety.login_dialog import startup_flow
    shown: list[str] = []

    def cancel(dialog: QDialog) -> int:
        shown.append(type(dialog).__name__)
        return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(login_dialog, "run_dialog", cancel)
    assert startup_flow(db) is True and shown == ["FirstAdminDialog"]
    accounts.create_first_admin(db, "admin", PW)
    accounts.logout(db)
    assert startup_flow(db) is False and shown[-1] == "LoginDialog"


def test_switch_user(qtbot, staffed: LedgerDB, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.safety.login_dialog import switch_user
    accounts.login(staffed, "admin", PW)

    def as_clerk(dialog: QDialog) -> int:
        assert isinstance(dialog, LoginDialog) and staffed.user == ""
        dialog.user_edit.setText("clerk")
        dialog.password_edit.setText(PW)
        dialog.try_login()
        return dialog.result()

    monkeypatch.setattr(login_dialog, "run_dialog", as_clerk)
    assert switch_user(staffed) is True and staffed.user == "clerk"
    actions = [r[0] for r in staffed.execute("SELECT action FROM audit_log ORDER BY id DESC LIMIT 2")]
    assert actions == ["登录", "退出登录"]


def test_empty_password_is_not_a_try(qtbot, staffed: LedgerDB) -> None:
    dialog = LoginDialog(staffed, user="clerk")
    qtbot.addWidget(dialog)
    dialog.show()
    before = staffed.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    for _ in range(accounts.MAX_ATTEMPTS + 1):
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.message.text() == "请输入密码" and dialog.login_button.isEnabled()
    assert dialog.result() != QDialog.DialogCode.Accepted and staffed.user == ""
    assert staffed.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before
    assert staffed.execute("SELECT failed_count, locked_until FROM accounts WHERE name = 'clerk'").fetchone() == (0, "")
    qtbot.keyClicks(dialog.password_edit, PW)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted and staffed.user == "clerk"


def test_refused_first_admin_keeps_the_form(qtbot, db: LedgerDB, monkeypatch: pytest.MonkeyPatch, messages) -> None:
    """Another process set up accounts while the form was open: the refusal is shown over the form, which stays
    open with what was typed (nothing is created twice)."""
    seen: list[FirstAdminDialog] = []

    def fill_first(dialog: QDialog) -> int:
        assert isinstance(dialog, FirstAdminDialog)
        seen.append(dialog)
        dialog.name_edit.setText("zhang")
        dialog.full_name_edit.setText("张书记")
        dialog.password_edit.setText(PW)
        dialog.confirm_edit.setText(PW)
        accounts.create_first_admin(db, "other", PW, "别人")  # meanwhile, elsewhere
        accounts.logout(db)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(login_dialog, "run_dialog", fill_first)
    assert first_admin_flow(db) is False
    assert messages[-1][0] == "error"
    form = seen[0]
    assert form.result() != QDialog.DialogCode.Accepted
    assert (form.name_edit.text(), form.full_name_edit.text()) == ("zhang", "张书记")
    assert [a.name for a in accounts.list_accounts(db)] == ["other"]
