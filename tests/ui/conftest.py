"""UI test helpers: typing Chinese without qtbot.keyClicks (which aborts on non-Latin-1 keys, see TECH-NOTES)
and answering message boxes."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from ui.messages import Messages


def type_text(w: QWidget, text: str) -> None:
    """Like typed keys, one character at a time (Chinese included)."""
    for ch in text:
        for t in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(w, QKeyEvent(t, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))


def commit_ime(w: QWidget, text: str) -> None:
    """Like a Chinese input method committing a phrase."""
    ev = QInputMethodEvent()
    ev.setCommitString(text)
    QApplication.sendEvent(w, ev)


@pytest.fixture
def messages() -> Iterator[list[tuple[str, str]]]:
    """Message boxes answered 'yes' without blocking; the list holds (kind, text) of each one shown."""
    Messages.shown = []
    Messages.auto_answer = lambda kind, text: True
    yield Messages.shown
    Messages.auto_answer = None


@pytest.fixture(autouse=True)
def _never_block_on_message_boxes() -> Iterator[None]:
    if Messages.auto_answer is None:
        Messages.auto_answer = lambda kind, text: False
        yield
        Messages.auto_answer = None
    else:
        yield
