"""FormDialog: the one scaffold of the program's forms — a form layout, a line for the problem (in red, beside
nothing else), 确定/取消, live validation (`set_problem` disables 确定), Enter saves, Esc cancels.

A form edits a value; what saving means is the caller's, given as `on_save` (usually a `DataEvents.write`): 确定
calls it and closes the dialog only when it returns True, so a refused save leaves the dialog open with
everything the clerk typed (the refusal itself is shown by the write helper)."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget

ERROR_STYLE = "color: #c62828;"


class FormDialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None = None, *, ok_text: str = "确定",
                 cancel_text: str = "取消") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.on_save: Callable[[], bool] | None = None
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.layout_.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.ok_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.layout_.addWidget(self.buttons)

    def set_problem(self, text: str) -> None:
        self.error.setText(text)
        self.ok_button.setEnabled(not text)

    def accept(self) -> None:
        if not self.ok_button.isEnabled():
            return
        if self.on_save is not None and not self.on_save():
            return  # refused: stay open with what was typed
        super().accept()
