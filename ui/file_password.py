"""Passwords for copies that leave the PC (backups, exported rosters with full identity numbers): the choice
(encrypt or not, password twice) and the prompt for a protected file's password. Pages call `ask_new_password` /
`ask_password`, which run their dialog through ui.dialogs.run (tests work the dialogs there, or replace the two
functions on the page). Shared by every area: ui/safety's backups and ui/members' exports."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QWidget,
)

from models.crypto import MIN_PASSWORD, password_problem
from ui.dialogs import run
from ui.forms import FormDialog


class NewPasswordDialog(FormDialog):
    """Whether to protect the copy with a password, and which (typed twice). OK only when the form is valid."""

    def __init__(self, parent: QWidget | None = None, *, encrypt: bool = True, what: str = "备份",
                 title: str = "备份到其他位置", ok_text: str = "开始备份",
                 holds: str = "全部党员的身份证号、电话和住址") -> None:
        super().__init__(title, parent, ok_text=ok_text)
        intro = QLabel(f"这份{what}中有{holds}。U 盘丢失或被他人拿到时，"
                       f"只有加密的{what}才不会泄露这些信息。")
        intro.setWordWrap(True)
        self.encrypt_box = QCheckBox(f"用密码加密这份{what}（推荐）")
        self.encrypt_box.setChecked(encrypt)
        self.password = QLineEdit()
        self.repeat = QLineEdit()
        for edit in (self.password, self.repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(f"至少 {MIN_PASSWORD} 个字符")
        self.reason = self.error
        note = QLabel(f"请牢记这个密码：忘记密码后，这份{what}无法打开。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        self.form.addRow("密码", self.password)
        self.form.addRow("再输入一次", self.repeat)
        self.layout_.insertWidget(0, intro)
        self.layout_.insertWidget(1, self.encrypt_box)
        self.layout_.insertWidget(self.layout_.indexOf(self.buttons), note)
        self.encrypt_box.toggled.connect(self._update)
        self.password.textChanged.connect(self._update)
        self.repeat.textChanged.connect(self._update)
        self.resize(440, self.sizeHint().height())
        self._update()

    def problem(self) -> str:
        if not self.encrypt_box.isChecked():
            return ""
        if not self.password.text():
            return "请输入密码"
        return password_problem(self.password.text(), self.repeat.text() if self.repeat.text() else None) or (
            "" if self.repeat.text() else "请再输入一次密码")

    def _update(self) -> None:
        on = self.encrypt_box.isChecked()
        self.password.setEnabled(on)
        self.repeat.setEnabled(on)
        problem = self.problem()
        self.set_problem(problem)  # OK only when valid; the reason shows once something is typed
        self.reason.setText(problem if on and (self.password.text() or self.repeat.text()) else "")

    def answer(self) -> tuple[bool, str]:
        on = self.encrypt_box.isChecked()
        return on, self.password.text() if on else ""


def ask_new_password(parent: QWidget, encrypt: bool, **texts: str) -> tuple[bool, str] | None:
    """(encrypt, password) for a copy to a chosen place; None when the clerk cancels. texts: what, title,
    ok_text of the dialog (a backup by default)."""
    dialog = NewPasswordDialog(parent, encrypt=encrypt, **texts)
    return dialog.answer() if run(dialog) else None


def ask_password(parent: QWidget, name: str, wrong: bool, *, what: str = "备份", made: str = "备份") -> str | None:
    """The password of the protected copy `name` (a backup; `what` a 数据包 made by 导出); None when the clerk
    cancels."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(f"输入{what}密码")
    ask = "密码不正确，请重新输入：" if wrong else f"请输入{made}时设置的密码："
    dialog.setLabelText(f"{name} 是加密{what}。\n{ask}")
    dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
    dialog.setOkButtonText("确定")
    dialog.setCancelButtonText("取消")
    return dialog.textValue() or None if run(dialog) else None


def ask_package_password(parent: QWidget, name: str, wrong: bool) -> str | None:
    """The password of the sealed exchange package `name`; None when the clerk cancels."""
    return ask_password(parent, name, wrong, what="数据包", made="导出")
