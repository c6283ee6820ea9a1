"""Signing in: the login dialog (wrong password with attempts left, locked for N seconds), the first
administrator dialog, and the start-up flows the main window calls: `login_flow` and `first_admin_flow`."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QWidget

from models import accounts, clock
from models.audit import accounts_vanished, current_role, has_accounts
from models.db import LedgerDB
from models.errors import Refused
from ui import messages
from ui.dialogs import run
from ui.events import DataEvents
from ui.forms import FormDialog

ERROR_STYLE = "color: #b00020;"
OK_STYLE = "color: #2e7d32;"


def run_dialog(dialog: QDialog) -> int:
    """A modal dialog through ui.dialogs.run (the one place tests fill dialogs in), as a DialogCode."""
    return QDialog.DialogCode.Accepted if run(dialog) else QDialog.DialogCode.Rejected


def error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    return label


def password_edit(placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setPlaceholderText(placeholder)
    return edit


class LoginDialog(FormDialog):
    """User name and password; signs in on 登录 and stays open with the reason when refused."""

    def __init__(self, db: LedgerDB, parent: QWidget | None = None, *, user: str = "",
                 now: Callable[[], dt.datetime] | None = None) -> None:
        super().__init__("登录 — 网格党建台账", parent, ok_text="登录", cancel_text="退出")
        self.db = db
        self.now = now or clock.now
        self.account: accounts.Account | None = None
        self.setMinimumWidth(360)
        title = QLabel("网格党建台账")
        title.setStyleSheet("font-size: 18px; font-weight: bold;")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.user_edit = QLineEdit(user)
        self.user_edit.setPlaceholderText("用户名")
        self.password_edit = password_edit("密码")
        self.message = self.error
        self.form.addRow("用户名", self.user_edit)
        self.form.addRow("密码", self.password_edit)
        self.login_button = self.ok_button
        self.on_save = self._sign_in
        self.layout_.insertWidget(0, title)
        self._unlock_timer = QTimer(self)
        self._unlock_timer.setSingleShot(True)
        self._unlock_timer.timeout.connect(self._lock_over)
        (self.password_edit if user else self.user_edit).setFocus()

    def try_login(self) -> None:
        """登录 pressed: signs in and closes, or shows the reason and stays open."""
        self.accept()

    def _sign_in(self) -> bool:
        """The scaffold's on_save: True when signed in, so the dialog closes; else the reason, and it stays."""
        self.message.setStyleSheet(ERROR_STYLE)
        name = self.user_edit.text().strip()
        if not name:
            self.message.setText("请输入用户名")
            self.user_edit.setFocus()
            return False
        if not self.password_edit.text():  # not a try: nothing counted or logged as 登录失败
            self.message.setText("请输入密码")
            self.password_edit.setFocus()
            return False
        try:
            self.account = accounts.login(self.db, name, self.password_edit.text(), now=self.now())
        except accounts.LoginError as exc:
            self.message.setText(str(exc))
            self.password_edit.clear()
            self.password_edit.setFocus()
            if exc.locked_seconds:
                self.login_button.setEnabled(False)
                self._unlock_timer.start(exc.locked_seconds * 1000)
            return False
        return True

    def _lock_over(self) -> None:
        self.login_button.setEnabled(True)
        self.message.setStyleSheet(OK_STYLE)  # good news, not an error
        self.message.setText("可以再次登录了")


class FirstAdminDialog(FormDialog):
    """The first run: name and password of the first 管理员. Validated live; the caller creates the account."""

    def __init__(self, parent: QWidget | None = None, *, title: str = "创建管理员账户") -> None:
        super().__init__(title, parent, ok_text="创建")
        self.setMinimumWidth(420)
        intro = QLabel("此数据库还没有用户。请先创建管理员账户：管理员可以管理用户、恢复备份、修改设置，"
                       "并查看操作日志。请牢记密码——忘记后只能由其他管理员重置。")
        intro.setWordWrap(True)
        self.name_edit = QLineEdit()
        self.full_name_edit = QLineEdit()
        self.password_edit = password_edit(f"至少 {accounts.MIN_PASSWORD} 位")
        self.confirm_edit = password_edit("再输入一次")
        self.message = self.error
        self.form.addRow("用户名", self.name_edit)
        self.form.addRow("姓名", self.full_name_edit)
        self.form.addRow("密码", self.password_edit)
        self.form.addRow("确认密码", self.confirm_edit)
        self.layout_.insertWidget(0, intro)
        for edit in (self.name_edit, self.password_edit, self.confirm_edit):
            edit.textChanged.connect(self.validate)
        self.validate()

    def problem(self) -> str:
        name = self.name_edit.text().strip()
        password = self.password_edit.text()
        if not name:
            return "请填写用户名"
        problem = accounts.name_problem(name)
        if problem:
            return problem
        if not password:
            return f"请设置密码（至少 {accounts.MIN_PASSWORD} 位）"
        problem = accounts.password_problem(password, name)
        if problem:
            return problem
        if self.confirm_edit.text() != password:
            return "两次输入的密码不一致"
        return ""

    def validate(self) -> None:
        self.set_problem(self.problem())

    def values(self) -> tuple[str, str, str]:
        return self.name_edit.text().strip(), self.full_name_edit.text().strip(), self.password_edit.text()


def first_admin_flow(db: LedgerDB, parent: QWidget | None = None, events: DataEvents | None = None) -> bool:
    """Ask for the first 管理员 and create it (signed in afterwards). False when cancelled. A refusal is shown
    over the form, which stays open with what was typed."""
    dialog = FirstAdminDialog(parent)
    writer = events if events is not None else DataEvents(db)  # at start-up the window has none yet

    def save() -> bool:
        name, full_name, password = dialog.values()
        return writer.write(dialog, lambda: accounts.create_first_admin(db, name, password, full_name))
    dialog.on_save = save
    if run_dialog(dialog) != QDialog.DialogCode.Accepted:
        return False
    messages.info(parent, f"已创建管理员 {dialog.values()[0]}，并已登录。")
    return True


def login_flow(db: LedgerDB, parent: QWidget | None = None, *, user: str = "") -> bool:
    """At start-up: True when the database has no accounts or the clerk signed in (or was already signed in,
    e.g. with `main.py --user NAME`); False when they quit."""
    if not has_accounts(db) or (db.user and current_role(db) is not None):
        return True
    return run_dialog(LoginDialog(db, parent, user=user)) == QDialog.DialogCode.Accepted


class ChangePasswordDialog(FormDialog):
    """The signed-in user changes their own password: the old one is checked (wrong ones count towards the
    login lock), the new one validated live."""

    def __init__(self, db: LedgerDB, parent: QWidget | None = None) -> None:
        super().__init__(f"修改密码 — {db.user}", parent, ok_text="修改")
        self.db = db
        self.setMinimumWidth(380)
        self.old_edit = password_edit()
        self.new_edit = password_edit(f"至少 {accounts.MIN_PASSWORD} 位")
        self.confirm_edit = password_edit("再输入一次")
        self.message = self.error
        self.form.addRow("原密码", self.old_edit)
        self.form.addRow("新密码", self.new_edit)
        self.form.addRow("确认新密码", self.confirm_edit)
        self.on_save = self.save
        for edit in (self.old_edit, self.new_edit, self.confirm_edit):
            edit.textChanged.connect(self.validate)
        self.validate()

    def validate(self) -> None:
        new = self.new_edit.text()
        problem = ("请输入原密码" if not self.old_edit.text() else
                   accounts.password_problem(new, self.db.user) if new else "请输入新密码")
        if not problem and self.confirm_edit.text() != new:
            problem = "两次输入的新密码不一致"
        self.set_problem(problem)

    def save(self) -> bool:
        """修改 (the scaffold's OK): True when changed, so the dialog closes; else the reason under the fields, and
        it stays (the reason in the form itself rather than over it: the old password is cleared for another try)."""
        try:
            accounts.change_password(self.db, self.db.user, self.old_edit.text(), self.new_edit.text())
        except Refused as exc:
            self.old_edit.clear()
            self.old_edit.setFocus()
            self.message.setText(str(exc))
            return False
        messages.info(self, "密码已修改，下次登录请使用新密码。")
        return True


VANISHED = ("这个数据库的用户账户全部不见了，而操作日志记录着曾经设置过用户：数据库文件可能被人改动过。\n\n"
            "为保护党员信息，程序不能在无人登录的情况下打开它。请用命令行 check 查看改动情况，"
            "并用 restore 从最近的完好备份恢复（恢复前会保存当前文件的副本）。")


def startup_flow(db: LedgerDB, parent: QWidget | None = None, *, offer_first_admin: bool = True) -> bool:
    """What the program does before showing the main window. With accounts: the login (False = quit).
    Without: offer to create the first 管理员; cancelling goes on without accounts (it can be done later in
    用户管理), so a new or demo database is never locked out."""
    if accounts_vanished(db):
        messages.error(parent, VANISHED, "无法登录")
        return False
    if has_accounts(db):
        return login_flow(db, parent)
    if offer_first_admin:
        first_admin_flow(db, parent)
    return True


def switch_user(db: LedgerDB, parent: QWidget | None = None) -> bool:
    """退出登录 / 切换用户: sign out (audited) and ask for a login. False when nobody signed in again — the
    caller should then close the main window, since nothing can be changed without a user."""
    accounts.logout(db)
    return run_dialog(LoginDialog(db, parent)) == QDialog.DialogCode.Accepted
