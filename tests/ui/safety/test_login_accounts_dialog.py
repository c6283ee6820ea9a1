"""用户管理 dialog: the table model, adding, role change, password reset, disabling, the idle-minutes setting."""
from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from models import accounts
from models.db import LedgerDB
from tests.ui.conftest import type_text
from ui.safety import accounts_dialog
from ui.safety.accounts_dialog import AccountsDialog, AccountsTableModel, AddUserDialog, PasswordDialog, RoleDialog

PW = "mima-1234"


SHOTS = "/tmp/shots-accounts-audit"


@pytest.fixture
def staffed(db: LedgerDB) -> LedgerDB:
    accounts.create_first_admin(db, "admin", PW, "王主任")
    accounts.add_account(db, "clerk", "录入员", PW, "李干事")
    accounts.add_account(db, "reader", "查阅", PW, "赵会计")
    return db


def answer(monkeypatch: pytest.MonkeyPatch, fill: Callable[[QDialog], None]) -> None:
    def run(dialog: QDialog) -> int:
        fill(dialog)
        dialog.accept()  # 确定: the form saves and closes, or shows the refusal and stays open
        return dialog.result()
    monkeypatch.setattr(accounts_dialog, "run_dialog", run)


def test_table_model(qtmodeltester, staffed: LedgerDB) -> None:
    model = AccountsTableModel(accounts.list_accounts(staffed))
    qtmodeltester.check(model)
    assert [model.index(r, 2).data() for r in range(3)] == ["管理员", "录入员", "查阅"]
    assert model.headerData(0, Qt.Orientation.Horizontal) == "用户名"


def test_add_user_with_live_validation(qtbot, staffed: LedgerDB, monkeypatch: pytest.MonkeyPatch, messages) -> None:
    dialog = AccountsDialog(staffed)
    qtbot.addWidget(dialog)
    seen: list[str] = []

    def fill(d: QDialog) -> None:
        assert isinstance(d, AddUserDialog)
        d.name_edit.setText("xiaoliu")
        type_text(d.full_name_edit, "刘干事")
        d.role_combo.setCurrentIndex(2)
        d.password_edit.setText("1234")
        seen.append(d.message.text())
        d.password_edit.setText("liu-pass-1")
        d.confirm_edit.setText("liu-pass-1")
    answer(monkeypatch, fill)
    dialog.add_button.click()
    assert seen == ["密码至少 8 位，现为 4 位"]
    assert messages[-1] == ("info", "已新增用户 xiaoliu（查阅）")
    assert [a.name for a in dialog.model.rows][-1] == "xiaoliu"
    assert dialog.selected().name == "xiaoliu"  # type: ignore[union-attr]
    assert accounts.login(staffed, "xiaoliu", "liu-pass-1").full_name == "刘干事"


def test_refused_new_user_keeps_the_form_and_what_was_typed(qtbot, staffed: LedgerDB,
                                                            monkeypatch: pytest.MonkeyPatch, messages) -> None:
    dialog = AccountsDialog(staffed)
    qtbot.addWidget(dialog)
    forms: list[AddUserDialog] = []

    def fill(d: QDialog) -> None:
        assert isinstance(d, AddUserDialog)
        forms.append(d)
        d.name_edit.setText("clerk")  # taken
        d.full_name_edit.setText("另一个李干事")
        d.password_edit.setText("liu-pass-1")
        d.confirm_edit.setText("liu-pass-1")
    answer(monkeypatch, fill)
    dialog.add_button.click()
    kind, text = messages[-1]
    assert kind == "error" and "clerk" in text
    form = forms[0]
    assert form.result() != QDialog.DialogCode.Accepted, "the refused form stays open"
    assert (form.name_edit.text(), form.full_name_edit.text(), form.password_edit.text()) == (
        "clerk", "另一个李干事", "liu-pass-1")
    assert [a.name for a in accounts.list_accounts(staffed)] == ["admin", "clerk", "reader"]


def test_change_role_reset_password_disable(qtbot, staffed: LedgerDB, monkeypatch: pytest.MonkeyPatch,
                                            messages) -> None:
    dialog = AccountsDialog(staffed)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.table.selectRow(1)  # clerk
    answer(monkeypatch, lambda d: isinstance(d, RoleDialog) and d.role_combo.setCurrentIndex(0))
    dialog.role_button.click()
    assert accounts.get_account(staffed, "clerk").role == "管理员"  # type: ignore[union-attr]

    def new_password(d: QDialog) -> None:
        assert isinstance(d, PasswordDialog)
        d.password_edit.setText("clerk-new-1")
        d.confirm_edit.setText("clerk-new-1")
    answer(monkeypatch, new_password)
    dialog.reset_button.click()
    assert "已重置 clerk 的密码" in messages[-1][1]

    dialog.table.selectRow(2)  # reader
    assert dialog.active_button.text() == "停用"
    dialog.active_button.click()
    assert "停用用户 reader？" in messages[-1][1]
    assert accounts.get_account(staffed, "reader").active is False  # type: ignore[union-attr]
    assert dialog.selected().name == "reader" and dialog.active_button.text() == "重新启用"  # type: ignore[union-attr]
    dialog.grab().save(f"{SHOTS}/accounts.png")
    accounts.login(staffed, "clerk", "clerk-new-1")


def test_refusals_are_shown_not_raised(qtbot, staffed: LedgerDB, messages) -> None:
    dialog = AccountsDialog(staffed)
    qtbot.addWidget(dialog)
    dialog.table.selectRow(0)  # admin, signed in
    dialog.active_button.click()
    assert messages[-1] == ("error", "不能停用当前登录的用户")
    assert accounts.get_account(staffed, "admin").active is True  # type: ignore[union-attr]


def test_idle_minutes_saved(qtbot, staffed: LedgerDB, messages) -> None:
    dialog = AccountsDialog(staffed)
    qtbot.addWidget(dialog)
    assert dialog.idle_spin.value() == 15
    dialog.idle_spin.setValue(5)
    with qtbot.waitSignal(dialog.idle_minutes_changed) as sent:
        dialog.idle_save.click()
    assert sent.args == [5]
    assert accounts.idle_minutes(staffed) == 5
    assert "无操作 5 分钟后锁定窗口" in messages[-1][1]


def test_non_admin_sees_buttons_disabled(qtbot, staffed: LedgerDB) -> None:
    accounts.login(staffed, "clerk", PW)
    dialog = AccountsDialog(staffed)
    qtbot.addWidget(dialog)
    dialog.table.selectRow(0)
    assert not any(b.isEnabled() for b in (dialog.add_button, dialog.role_button, dialog.reset_button,
                                           dialog.active_button, dialog.idle_save))
