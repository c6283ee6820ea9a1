"""Issue 11.17: the small things a clerk noticed — the program name once in the title bar, first-run text not
broken mid-word, the navigation highlighting the page shown, numbers not wrapped, columns wide enough, a manual
lock that says so (its text not hidden behind the panel), good news not in red, and progress texts that do not
contradict themselves."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QLabel

from models import accounts
from tests.conftest import add_member, make_id
from tests.ui.test_areas import signed_in_window
from ui.app import make_app
from ui.main_window import MainWindow

SHOTS = Path("/work/shots/uifix")


def test_title_names_the_program_once_at_the_end(window) -> None:  # type: ignore[no-untyped-def]
    make_app()  # sets the application display name, which Qt adds to a title that does not end with it
    title = window.windowTitle()
    assert title.endswith(QApplication.applicationDisplayName()) and title.count("网格党建台账") == 1
    assert title.startswith("院上镇 — ")


def test_first_run_lines_fit_and_organization_is_highlighted_after(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    w = MainWindow(db, load_in_background=False)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    page = w.first_run
    intro = page.findChild(QLabel, "intro")
    lines = intro.text().split("\n")
    assert len(lines) == 3 and any("“党员”页" in line for line in lines)
    assert all(intro.fontMetrics().horizontalAdvance(line) <= intro.width() for line in lines)  # no wrapping
    w.grab().save(str(SHOTS / "11.17-first-run.png"))
    w.nav.setFocus()  # the list makes a row current on focus, without selecting it
    page.name.setText("院上镇")
    page.county.setText("370285")
    page.save_button.click()
    assert w.first_run is None
    assert [i.text() for i in w.nav.selectedItems()] == ["组织"]
    assert w.stack.currentWidget() is w.org_page


def test_identity_number_stays_on_one_line_in_the_detail_panel(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    number = make_id()
    add_member(window.db, "张三", id_number=number, grid="第一网格")
    window.resize(1366, 768)
    window.show_page("members")
    window.events.announce()
    page = window.members_page
    page.table.selectRow(0)
    detail = page.detail
    start = detail.document().find(number)
    assert not start.isNull()
    first, last = QTextCursor(start), QTextCursor(start)
    first.setPosition(start.selectionStart())
    last.setPosition(start.selectionEnd())
    assert detail.cursorRect(first).top() == detail.cursorRect(last).top()  # one line
    window.grab().save(str(SHOTS / "11.17-detail-panel.png"))


def test_grid_and_last_login_columns_show_their_text_whole(qtbot, town_db, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.safety.accounts_dialog import AccountsDialog
    w = signed_in_window(qtbot, town_db, db_path)
    w.resize(1366, 768)
    w.show()
    w.show_page("organization")
    org = w.org_page
    org.select("village", town_db.execute("SELECT id FROM villages WHERE name = '院上村'").fetchone()[0])
    table = org.grid_table
    for r in range(table.rowCount()):
        text = table.item(r, 0).text()
        assert table.columnWidth(0) >= table.fontMetrics().horizontalAdvance(text) + 20, text
    w.grab().save(str(SHOTS / "11.17-grid-table.png"))
    dialog = AccountsDialog(town_db, w)
    qtbot.addWidget(dialog)
    dialog.show()
    view = dialog.table
    shown = dialog.model.index(0, 4).data()
    assert shown and view.columnWidth(4) >= max(view.sizeHintForColumn(4), view.fontMetrics().horizontalAdvance(shown)), shown
    dialog.grab().save(str(SHOTS / "11.17-accounts.png"))


def test_manual_lock_says_so_and_its_text_is_not_behind_the_panel(qtbot, town_db, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    w = signed_in_window(qtbot, town_db, db_path)
    w.resize(1366, 768)
    w.show()
    QApplication.processEvents()
    qtbot.keyClick(w, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    lock = w.idle_lock
    assert lock.locked
    assert "长时间无操作" not in lock.panel.hint.text() and lock.panel.hint.text().startswith("请输入用户 admin 的密码")
    QApplication.processEvents()
    cover = lock.covers[w]
    label = cover.label
    top_left = label.mapToGlobal(label.rect().topLeft())
    text_rect = label.fontMetrics().boundingRect(label.text())
    text_rect.moveTopLeft(top_left)
    text_rect.moveLeft(top_left.x() + (label.width() - text_rect.width()) // 2)
    assert not text_rect.intersects(lock.panel.frameGeometry()), (text_rect, lock.panel.frameGeometry())
    last = town_db.execute("SELECT summary FROM audit_log WHERE action = '锁定' ORDER BY id DESC").fetchone()[0]
    assert last == "手动锁定窗口"
    assert lock.unlock("admin-pass-1")


def test_lockout_over_is_not_shown_in_red(qtbot, town_db) -> None:  # type: ignore[no-untyped-def]
    from ui.safety.login_dialog import ERROR_STYLE, LoginDialog
    accounts.create_first_admin(town_db, "admin", "admin-pass-1")
    d = LoginDialog(town_db)
    qtbot.addWidget(d)
    d._lock_over()
    assert d.message.text() == "可以再次登录了" and d.message.styleSheet() != ERROR_STYLE
    d.user_edit.setText("admin")
    d.password_edit.setText("wrong-pass-1")
    d.try_login()
    assert d.message.styleSheet() == ERROR_STYLE  # a refusal is red again


def test_progress_texts_do_not_contradict(qtbot, town_db, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from ui.members.import_dialog import ImportDialog
    from ui.printing.page import ReportsPage
    dialog = ImportDialog(town_db)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(dialog.worker, "start", lambda *a, **k: None)  # stays "reading"
    dialog.load(tmp_path / "名册.xlsx")
    assert "尚未选择文件" not in dialog.summary.text() and "正在读取" in dialog.summary.text()

    add_member(town_db, "张伟", grid="第一网格")
    page = ReportsPage(town_db)
    page.printed_on = dt.date(2026, 11, 26)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.finished, timeout=20_000):
        page.make_preview()
        assert "尚未生成预览" not in page.preview.image_label.text()
        assert "正在生成" in page.preview.image_label.text()


def test_status_bar_user_shows_again_after_the_first_run(qtbot, db, dialogs) -> None:  # type: ignore[no-untyped-def]
    from ui.areas import ask_first_admin_after_setup, install_areas
    w = MainWindow(db, load_in_background=False)
    qtbot.addWidget(w)
    install_areas(w)
    ask_first_admin_after_setup(w)
    w.show()
    dialogs.append(lambda d: False)  # 创建管理员账户: not now
    w.first_run.name.setText("院上镇")
    w.first_run.county.setText("370285")
    w.first_run.save_button.click()
    assert w.user_label.isVisible() and w.user_label.text() == "未设置用户"
