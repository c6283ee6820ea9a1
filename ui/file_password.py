"""Passwords for copies that leave the PC (backups, exported rosters with full identity numbers): the choice
(encrypt or not, password twice) and the prompt for a protected file's password. Pages call `ask_new_password` /
`ask_password`, which run their dialog through ui.dialogs.run (tests work the dialogs there, or replace the two
functions on the page). Shared by every area: ui/safety's backups and ui/members' exports."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from models.crypto import MIN_PASSWORD, password_problem
from ui.dialogs import run


class NewPasswordDialog(QDialog):
    """Whether to protect the copy with a password, and which (typed twice). OK only when the form is valid."""

    def __init__(self, parent: QWidget | None = None, *, encrypt: bool = True, what: str = "备份",
                 title: str = "备份到其他位置", ok_text: str = "开始备份") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        intro = QLabel(f"这份{what}含全部党员的身份证号、电话和住址。U 盘丢失或被他人拿到时，"
                       f"只有加密的{what}才不会泄露这些信息。")
        intro.setWordWrap(True)
        self.encrypt_box = QCheckBox(f"用密码加密这份{what}（推荐）")
        self.encrypt_box.setChecked(encrypt)
        self.password = QLineEdit()
        self.repeat = QLineEdit()
        for edit in (self.password, self.repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(f"至少 {MIN_PASSWORD} 个字符")
        self.reason = QLabel()
        self.reason.setStyleSheet("color: #b00020;")
        note = QLabel(f"请牢记这个密码：忘记密码后，这份{what}无法打开。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        form = QFormLayout()
        form.addRow("密码", self.password)
        form.addRow("再输入一次", self.repeat)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for w in (intro, self.encrypt_box):
            layout.addWidget(w)
        layout.addLayout(form)
        for w in (self.reason, note, self.buttons):
            layout.addWidget(w)
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
        self.reason.setText(problem if on and (self.password.text() or self.repeat.text()) else "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    def answer(self) -> tuple[bool, str]:
        on = self.encrypt_box.isChecked()
        return on, self.password.text() if on else ""


def ask_new_password(parent: QWidget, encrypt: bool, **texts: str) -> tuple[bool, str] | None:
    """(encrypt, password) for a copy to a chosen place; None when the clerk cancels. texts: what, title,
    ok_text of the dialog (a backup by default)."""
    dialog = NewPasswordDialog(parent, encrypt=encrypt, **texts)
    return dialog.answer() if run(dialog) else None


def ask_password(parent: QWidget, name: str, wrong: bool) -> str | None:
    """The password of the protected backup `name`; None when the clerk cancels."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle("输入备份密码")
    ask = "密码不正确，请重新输入：" if wrong else "请输入备份时设置的密码："
    dialog.setLabelText(f"{name} 是加密备份。\n{ask}")
    dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
    dialog.setOkButtonText("确定")
    dialog.setCancelButtonText("取消")
    return dialog.textValue() or None if run(dialog) else None
