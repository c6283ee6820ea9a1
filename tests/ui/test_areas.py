"""The assembled program: every built area has its real page, the 账户 menu follows the signed-in user, a 查阅
user sees masked numbers and no 操作日志, and run_window goes through lock → check → login → window."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLabel

from models import accounts, idcard
from models.db import open_database
from models.org import save_town
from tests.conftest import add_member, make_id
from ui.areas import PAGES, install_areas, refresh_user
from ui.home.page import HomePage
from ui.main_window import SOON, MainWindow
from ui.printing.page import ReportsPage
from ui.safety.audit_page import AuditPage
from ui.safety.backup_page import BackupPage


def nav_texts(w: MainWindow) -> list[str]:
    return [w.nav.item(i).text() for i in range(w.nav.count())]


def signed_in_window(qtbot, db, db_path: Path, role: str = "管理员") -> MainWindow:  # type: ignore[no-untyped-def]
    """The assembled window with an administrator created and `role` signed in (a second account if not 管理员)."""
    accounts.create_first_admin(db, "admin", "admin-pass-1")
    user = "admin"
    if role != "管理员":
        user = "reader" if role == "查阅" else "clerk"
        accounts.add_account(db, user, role, f"{user}-pass-1")
    accounts.login(db, user, f"{user}-pass-1")
    w = MainWindow(db, load_in_background=False)
    qtbot.addWidget(w)
    install_areas(w, db_path)
    return w


def test_built_areas_replace_their_placeholders(window, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    install_areas(window, db_path)
    texts = nav_texts(window)
    assert texts[:5] == ["首页", "组织", "党员", "中心户", "报表"] and texts[-2:] == ["操作日志", "备份与恢复"]
    assert [SOON in t for t in texts[5:-2]] == [not spec.built_here for spec in PAGES[5:-2]]  # coming areas
    assert isinstance(window.page("home"), HomePage)
    assert "四个一帮扶" in texts
    from ui.assistance.page import AssistancePage
    assert isinstance(window.page("four-ones"), AssistancePage)
    assert isinstance(window.page("reports"), ReportsPage)
    assert isinstance(window.page("audit"), AuditPage)
    assert isinstance(window.page("backup"), BackupPage)
    assert window.account_actions["accounts"].text() == "创建管理员账户…"
    assert window.user_label.text() == "未设置用户"


def test_reports_page_offers_the_members_page_search(window, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    install_areas(window, db_path)
    window.show_page("members")
    window.members_page.search.setText("zs")
    window.show_page("reports")
    page = window.page("reports")
    assert page.query is not None and page.query.text == "zs"


def test_reader_gets_masked_numbers_and_no_audit_log(qtbot, town_db, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    number = make_id()
    add_member(town_db, "张三", id_number=number)
    w = signed_in_window(qtbot, town_db, db_path, "查阅")
    model = w.members_page.model
    shown = {model.data(model.index(0, c)) for c in range(model.columnCount())}
    assert number not in shown and idcard.mask(number) in shown
    assert w.page("audit").findChild(QLabel).text() == "只有管理员可以查看操作日志。"
    assert w.user_label.text() == "当前用户：reader（查阅）"
    assert not w.account_actions["accounts"].isEnabled() and w.account_actions["switch"].isEnabled()
    assert not w.page("reports").full_id.isEnabled()


def test_admin_signed_in_sees_the_audit_log(qtbot, town_db, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    w = signed_in_window(qtbot, town_db, db_path)
    audit = w.page("audit")
    assert isinstance(audit, AuditPage) and hasattr(audit, "user_combo")  # the filters, not the refusal
    assert audit.model.rowCount() > 0 and audit.model.index(0, 1).data() == "admin"
    assert w.account_actions["accounts"].text() == "用户管理…"
    refresh_user(w)
    assert w.user_label.text() == "当前用户：admin（管理员）"


@pytest.fixture
def no_event_loop(monkeypatch: pytest.MonkeyPatch) -> list[MainWindow]:
    """run_window without blocking: exec() returns at once; the shown window is kept for the test."""
    shown: list[MainWindow] = []
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    monkeypatch.setattr(MainWindow, "show", lambda self: shown.append(self))
    return shown


def test_run_window_signs_in_and_opens_every_area(qtbot, db_path: Path, no_event_loop, dialogs) -> None:  # type: ignore[no-untyped-def]
    from ui.app import run_window
    from ui.startup import shutdown
    db = open_database(db_path)
    save_town(db, "院上镇", "370285")
    accounts.create_first_admin(db, "admin", "admin-pass-1")
    db.close()

    def sign_in(dialog) -> bool:  # type: ignore[no-untyped-def]
        dialog.user_edit.setText("admin")
        dialog.password_edit.setText("admin-pass-1")
        dialog.login_button.click()
        return dialog.result() == 1

    dialogs.append(sign_in)
    assert run_window(db_path) == 0
    [window] = no_event_loop
    qtbot.addWidget(window)
    assert window.db.user == "admin" and isinstance(window.page("backup"), BackupPage)
    assert db_path.with_name(db_path.name + ".lock").exists()
    shutdown(window.db)
    assert not db_path.with_name(db_path.name + ".lock").exists()
    actions = [r[0] for r in window.db.execute("SELECT action FROM audit_log ORDER BY id")]
    assert "登录" in actions


def test_run_window_quits_when_login_is_cancelled(qtbot, db_path: Path, no_event_loop, dialogs) -> None:  # type: ignore[no-untyped-def]
    from ui.app import run_window
    db = open_database(db_path)
    save_town(db, "院上镇", "370285")
    accounts.create_first_admin(db, "admin", "admin-pass-1")
    db.close()
    dialogs.append(lambda dialog: False)
    assert run_window(db_path) == 0  # 退出 at the login is a normal end (issue 11.17)
    assert no_event_loop == []
    assert not db_path.with_name(db_path.name + ".lock").exists()


def test_column_widths_of_plugged_in_pages_are_remembered(qtbot, town_db, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = signed_in_window(qtbot, town_db, db_path)
    first.page("audit").table.setColumnWidth(4, 333)
    first.save_state()
    second = MainWindow(town_db, load_in_background=False)
    qtbot.addWidget(second)
    install_areas(second, db_path)
    assert second.page("audit").table.columnWidth(4) == 333


def test_ctrl_l_locks_the_window_at_once(qtbot, town_db, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    w = signed_in_window(qtbot, town_db, db_path)
    w.show()
    w.activateWindow()  # a window shortcut needs the active window (another test's window may still be it)
    qtbot.waitUntil(w.isActiveWindow, timeout=5000)
    qtbot.keyClick(w, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert w.idle_lock.locked
    assert w.idle_lock.unlock("admin-pass-1") and not w.idle_lock.locked
