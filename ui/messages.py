"""The one way the program shows a message box, so tests can answer it instead of blocking.

Tests set `Messages.auto_answer` (a callable taking the kind and text and returning the answer) and read
`Messages.shown` to see what the clerk would have been told.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget


class Messages:
    auto_answer: Callable[[str, str], bool] | None = None
    shown: list[tuple[str, str]] = []

    @classmethod
    def _record(cls, kind: str, text: str) -> bool | None:
        cls.shown.append((kind, text))
        if cls.auto_answer is not None:
            return cls.auto_answer(kind, text)
        return None


def info(parent: QWidget | None, text: str, title: str = "提示") -> None:
    if Messages._record("info", text) is None:
        QMessageBox.information(parent, title, text)


def warn(parent: QWidget | None, text: str, title: str = "注意") -> None:
    if Messages._record("warning", text) is None:
        QMessageBox.warning(parent, title, text)


def error(parent: QWidget | None, text: str, title: str = "出错了") -> None:
    if Messages._record("error", text) is None:
        QMessageBox.critical(parent, title, text)


def confirm(parent: QWidget | None, text: str, title: str = "请确认") -> bool:
    answer = Messages._record("confirm", text)
    if answer is not None:
        return answer
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.Yes
                      | QMessageBox.StandardButton.No, parent)
    box.button(QMessageBox.StandardButton.Yes).setText("是")
    box.button(QMessageBox.StandardButton.No).setText("否")
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes
