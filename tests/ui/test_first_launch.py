"""Issue 11.12: the first launch opens within the screen's available area (maximized when the usual size does
not fit), so the title bar never pushes the status bar — current user, reminders — off the screen."""
from __future__ import annotations

from PySide6.QtCore import QRect, QSize

from ui.main_window import MainWindow, first_geometry


def test_first_geometry_centres_when_it_fits_and_maximizes_when_not() -> None:
    big = QRect(0, 0, 1920, 1040)  # 1080p less a taskbar
    rect = first_geometry(big)
    assert rect is not None and rect.size() == QSize(1366, 768) and big.contains(rect)
    assert rect.center() == big.center()
    assert first_geometry(QRect(0, 0, 1366, 728)) is None  # a 1366x768 laptop with a taskbar: maximize
    assert first_geometry(QRect(0, 0, 1366, 768)) is None  # even without one: the title bar would not fit


def test_first_launch_fits_the_available_screen(qtbot, town_db) -> None:  # type: ignore[no-untyped-def]
    w = MainWindow(town_db, load_in_background=False)  # no saved geometry (fresh settings)
    qtbot.addWidget(w)
    w.show()
    available = w.screen().availableGeometry()  # offscreen: 800 wide, narrower than 1366
    assert w.isMaximized()
    assert w.height() <= available.height()
    # maximized on a 1366x768 laptop with a taskbar, everything (the status bar included) fits
    hint = w.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() + 48 <= 728, hint
    assert w.statusBar().isVisible()


def test_a_saved_geometry_wins_over_the_first_launch_rule(qtbot, town_db) -> None:  # type: ignore[no-untyped-def]
    first = MainWindow(town_db, load_in_background=False)
    qtbot.addWidget(first)
    first.setWindowState(first.windowState() & ~first.windowState().WindowMaximized)
    first.resize(700, 500)
    first.save_state()
    again = MainWindow(town_db, load_in_background=False)
    qtbot.addWidget(again)
    assert not again.isMaximized() and again.size() == QSize(700, 500)
