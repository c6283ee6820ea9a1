"""用户管理 (管理员 only): list users, add, disable/enable, reset a password, change a role, and the idle-lock
minutes. Every change goes through models.accounts, which enforces the roles and keeps one active 管理员."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models import accounts
from models.audit import ROLES, can
from models.db import LedgerDB
from ui import messages
from ui.events import DataEvents
from ui.forms import FormDialog
from ui.list_model import RowsTableModel
from ui.safety.login_dialog import password_edit, run_dialog

ROLE_HINTS = {"管理员": "全部功能，含用户管理、恢复、设置", "录入员": "录入、修改、导入、打印",
              "查阅": "只能查阅和打印，身份证号只显示前 4 位"}




class AccountsTableModel(RowsTableModel[accounts.Account]):
    HEADERS = ("用户名", "姓名", "角色", "状态", "最近登录")

    def cell(self, a: accounts.Account, row_number: int, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (a.name, a.full_name, a.role, "启用" if a.active else "已停用",
                    a.last_login_at or "从未登录")[column]
        if role == Qt.ItemDataRole.ForegroundRole and not a.active:
            return QColor("#888888")
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return ROLE_HINTS.get(a.role, "")
        return None


class _FormDialog(FormDialog):
    """The shared form scaffold with live validation: OK is enabled only when problem() is empty."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(title, parent)
        self.setMinimumWidth(380)
        self.message = self.error

    def problem(self) -> str:
        return ""

    def validate(self) -> None:
        self.set_problem(self.problem())


class PasswordDialog(_FormDialog):
    def __init__(self, user: str, parent: QWidget | None = None) -> None:
        super().__init__(f"重置 {user} 的密码", parent)
        self.user = user
        self.password_edit = password_edit(f"至少 {accounts.MIN_PASSWORD} 位")
        self.confirm_edit = password_edit("再输入一次")
        self.form.addRow("新密码", self.password_edit)
        self.form.addRow("确认密码", self.confirm_edit)
        for edit in (self.password_edit, self.confirm_edit):
            edit.textChanged.connect(self.validate)
        self.validate()

    def problem(self) -> str:
        password = self.password_edit.text()
        if not password:
            return f"请输入新密码（至少 {accounts.MIN_PASSWORD} 位）"
        problem = accounts.password_problem(password, self.user)
        if problem:
            return problem
        return "两次输入的密码不一致" if self.confirm_edit.text() != password else ""


class AddUserDialog(PasswordDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setWindowTitle("新增用户")
        self.name_edit = QLineEdit()
        self.full_name_edit = QLineEdit()
        self.role_combo = QComboBox()
        for role in ROLES:
            self.role_combo.addItem(f"{role}（{ROLE_HINTS[role]}）", role)
        self.role_combo.setCurrentIndex(ROLES.index("录入员"))
        self.form.insertRow(0, "用户名", self.name_edit)
        self.form.insertRow(1, "姓名", self.full_name_edit)
        self.form.insertRow(2, "角色", self.role_combo)
        label = self.form.labelForField(self.password_edit)
        if isinstance(label, QLabel):
            label.setText("密码")
        self.name_edit.textChanged.connect(self.validate)
        self.validate()

    def problem(self) -> str:
        if not hasattr(self, "name_edit"):  # still being built
            return "请填写用户名"
        name = self.name_edit.text().strip()
        if not name:
            return "请填写用户名"
        self.user = name
        return accounts.name_problem(name) or super().problem()

    def values(self) -> tuple[str, str, str, str]:
        return (self.name_edit.text().strip(), self.full_name_edit.text().strip(),
                str(self.role_combo.currentData()), self.password_edit.text())


class RoleDialog(_FormDialog):
    def __init__(self, account: accounts.Account, parent: QWidget | None = None) -> None:
        super().__init__(f"修改 {account.name} 的角色", parent)
        self.role_combo = QComboBox()
        for role in ROLES:
            self.role_combo.addItem(f"{role}（{ROLE_HINTS[role]}）", role)
        self.role_combo.setCurrentIndex(ROLES.index(account.role))
        self.form.addRow("角色", self.role_combo)
        self.validate()

    def role(self) -> str:
        return str(self.role_combo.currentData())


class AccountsDialog(QDialog):
    """The 用户管理 window (管理员). `idle_minutes_changed` lets the running idle lock follow the setting."""

    idle_minutes_changed = Signal(int)

    def __init__(self, db: LedgerDB, parent: QWidget | None = None, events: DataEvents | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.events = events if events is not None else DataEvents(db)  # the window's one write path
        self.setWindowTitle("用户管理")
        self.resize(720, 420)
        self.model = AccountsTableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.ResizeToContents)  # 最近登录: date and time whole
        self.add_button = QPushButton("新增用户…")
        self.role_button = QPushButton("修改角色…")
        self.reset_button = QPushButton("重置密码…")
        self.active_button = QPushButton("停用")
        self.add_button.clicked.connect(self.add_user)
        self.role_button.clicked.connect(self.change_role)
        self.reset_button.clicked.connect(self.reset_password)
        self.active_button.clicked.connect(self.toggle_active)
        buttons = QVBoxLayout()
        for b in (self.add_button, self.role_button, self.reset_button, self.active_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.table, 1)
        top.addLayout(buttons)
        self.idle_spin = QSpinBox()
        self.idle_spin.setRange(0, 240)
        self.idle_spin.setSuffix(" 分钟")
        self.idle_spin.setSpecialValueText("不自动锁定")
        self.idle_spin.setValue(accounts.idle_minutes(db))
        self.idle_save = QPushButton("保存")
        self.idle_save.clicked.connect(self.save_idle_minutes)
        idle = QHBoxLayout()
        idle.addWidget(QLabel("无操作自动锁定："))
        idle.addWidget(self.idle_spin)
        idle.addWidget(self.idle_save)
        idle.addStretch(1)
        note = QLabel("用户不能删除，只能停用；至少保留一位启用的管理员。")
        note.setStyleSheet("color: #555;")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(idle)
        layout.addWidget(note)
        layout.addWidget(close)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.refresh()
        if not can(db, "accounts"):
            for b in (self.add_button, self.role_button, self.reset_button, self.active_button, self.idle_save):
                b.setEnabled(False)
            note.setText("只有管理员可以管理用户。")

    def refresh(self, select: str = "") -> None:
        self.model.set_rows(accounts.list_accounts(self.db))
        for row, a in enumerate(self.model.rows):
            if a.name == select:
                self.table.selectRow(row)
        self._update_buttons()

    def selected(self) -> accounts.Account | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def select(self, name: str) -> None:
        for row, a in enumerate(self.model.rows):
            if a.name == name:
                self.table.selectRow(row)

    def _update_buttons(self) -> None:
        account = self.selected()
        allowed = can(self.db, "accounts")
        for b in (self.role_button, self.reset_button, self.active_button):
            b.setEnabled(allowed and account is not None)
        self.active_button.setText("重新启用" if account and not account.active else "停用")

    def _do(self, action: Any, *args: Any, done: str = "", select: str = "", over: QWidget | None = None) -> bool:
        """One write through the window's write path: a refusal is shown over `over` (the form that asked, which
        then stays open with what was typed) or this window; a success refreshes the list and says `done`."""
        def then(_: object) -> None:
            self.refresh(select)
            if done:
                messages.info(self, done)
        return self.events.write(over or self, lambda: action(self.db, *args), then)

    def _form(self, dialog: _FormDialog, save: Callable[[], bool]) -> None:
        """Run a form whose 确定 saves: refused, it stays open; saved, it closes."""
        dialog.on_save = save
        run_dialog(dialog)

    def add_user(self) -> None:
        dialog = AddUserDialog(self)

        def save() -> bool:
            name, full_name, role, password = dialog.values()
            return self._do(accounts.add_account, name, role, password, full_name,
                            done=f"已新增用户 {name}（{role}）", select=name, over=dialog)
        self._form(dialog, save)

    def change_role(self) -> None:
        account = self.selected()
        if account is None:
            return
        dialog = RoleDialog(account, self)
        self._form(dialog, lambda: self._do(accounts.set_role, account.name, dialog.role(), select=account.name,
                                            over=dialog))

    def reset_password(self) -> None:
        account = self.selected()
        if account is None:
            return
        dialog = PasswordDialog(account.name, self)
        self._form(dialog, lambda: self._do(
            accounts.reset_password, account.name, dialog.password_edit.text(), over=dialog,
            done=f"已重置 {account.name} 的密码，请告知本人并提醒其登录后修改", select=account.name))

    def toggle_active(self) -> None:
        account = self.selected()
        if account is None:
            return
        if account.active and not messages.confirm(
                self, f"停用用户 {account.name}？停用后不能登录，其操作记录保留；以后可以重新启用。"):
            return
        self._do(accounts.set_active, account.name, not account.active, select=account.name)

    def save_idle_minutes(self) -> None:
        minutes = self.idle_spin.value()
        what = f"无操作 {minutes} 分钟后锁定窗口" if minutes else "不自动锁定"
        if self._do(accounts.set_idle_minutes, minutes, done=f"已保存：{what}"):
            self.idle_minutes_changed.emit(minutes)
