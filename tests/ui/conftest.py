"""UI test helpers: typing Chinese without qtbot.keyClicks (which aborts on non-Latin-1 keys, see TECH-NOTES)
and answering message boxes."""
from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QWidget

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


@pytest.fixture(autouse=True)
def _settings_in_tmp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """QSettings (window geometry, column state) go to a temporary folder, never the user's."""
    from PySide6.QtCore import QSettings
    folder = tmp_path_factory.mktemp("settings")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield


@pytest.fixture
def dialogs() -> Iterator[list[Callable[[QDialog], bool]]]:
    """Append one callable per dialog the test expects; each gets the dialog, works it and returns accepted."""
    from ui.dialogs import Dialogs
    queue: list[Callable[[QDialog], bool]] = []

    def runner(dialog: QDialog) -> bool:
        assert queue, f"unexpected dialog {dialog.windowTitle()}"
        dialog.show()
        accepted = queue.pop(0)(dialog)
        return accepted

    refuse, Dialogs.runner = Dialogs.runner, runner
    yield queue
    Dialogs.runner = refuse
    assert not queue, "a dialog the test expected was never opened"


@pytest.fixture
def window(qtbot, town_db):  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow
    w = MainWindow(town_db, load_in_background=False)
    qtbot.addWidget(w)
    w.resize(1200, 700)
    w.show()
    w.show_page("members")  # the window opens on 首页; most window tests start from the 党员 page
    return w


@pytest.fixture(autouse=True)
def _workers_start_fresh() -> Iterator[None]:
    """Each test may start workers (an earlier test's closed window refuses new ones), and leaves none running."""
    from ui import workers
    workers.reopen()
    yield
    workers.stop_all()
    workers.reopen()
