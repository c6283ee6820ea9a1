"""Issue 11.10: Ctrl+F and Ctrl+N work wherever the focus is while the 党员 page is shown — right after clicking
党员 in the navigation too — and do nothing on other pages."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.conftest import add_member


def click_nav(qtbot, window, key: str) -> None:  # type: ignore[no-untyped-def]
    item = window.items[key]
    rect = window.nav.visualItemRect(item)
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_page() == key


def test_ctrl_f_and_ctrl_n_right_after_clicking_members_in_the_navigation(qtbot, window, dialogs) -> None:  # type: ignore[no-untyped-def]
    add_member(window.db, "张三", grid="第一网格")
    window.events.announce()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.show_page("organization")
    click_nav(qtbot, window, "members")
    window.nav.setFocus()
    assert window.nav.hasFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.members_page.search.hasFocus()
    window.nav.setFocus()
    seen: list[str] = []
    dialogs.append(lambda d: seen.append(d.windowTitle()) or False)
    qtbot.keyClick(window.nav, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert seen == ["新增党员"]


def test_ctrl_n_on_another_page_opens_no_member_form(qtbot, window, dialogs) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    click_nav(qtbot, window, "organization")
    qtbot.keyClick(window.nav, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # dialogs fails on any dialog
    qtbot.keyClick(window.nav, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert not window.members_page.search.hasFocus()
