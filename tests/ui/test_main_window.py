"""The main window: navigation with 即将推出 placeholders, set_page for later parts, status bar counts, title,
remembered state, and the first-run setup on an empty database."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from models import clock
from models.members import count_members
from models.org import get_town
from tests.conftest import add_member
from tests.ui.conftest import commit_ime
from ui.areas import PAGES
from ui.main_window import MainWindow


def nav_texts(w: MainWindow) -> list[str]:
    return [w.nav.item(i).text() for i in range(w.nav.count())]


def test_navigation_lists_every_area_with_placeholders_marked(window):  # type: ignore[no-untyped-def]
    texts = nav_texts(window)
    assert texts[:3] == ["首页 · 即将推出", "组织", "党员"]  # 首页 first: the page the program opens on
    assert all("即将推出" in t for t in texts[3:]) and len(texts) == len(PAGES)
    window.show_page("audit")
    label = window.stack.currentWidget().findChild(QLabel)
    assert "操作日志" in label.text() and "即将推出" in label.text()
    window.show_page("organization")
    assert window.stack.currentWidget() is window.org_page


def test_set_page_replaces_a_placeholder(window):  # type: ignore[no-untyped-def]
    real = QLabel("报表页面")
    window.show_page("reports")
    window.set_page("reports", "报表", real)
    assert nav_texts(window)[4] == "报表"  # after 首页, 组织, 党员, 中心户
    assert window.stack.currentWidget() is real and window.page("reports") is real


def test_title_and_status_bar(window, db_path):  # type: ignore[no-untyped-def]
    assert "院上镇" in window.windowTitle() and str(db_path) in window.windowTitle()
    add_member(window.db, "张三")
    add_member(window.db, "李四", category="预备党员", full_date="", join_date="2025-09-01")
    window.events.announce()
    assert window.counts.text().startswith("在册党员 2 名：正式党员 1 名，预备党员 1 名")


def test_window_state_is_remembered(qtbot, town_db):  # type: ignore[no-untyped-def]
    w = MainWindow(town_db, load_in_background=False)
    qtbot.addWidget(w)
    w.resize(760, 540)  # the offscreen screen is 800x600
    w.show_page("organization")
    w.members_page.table.setColumnWidth(0, 133)
    w.close()
    again = MainWindow(town_db, load_in_background=False)
    qtbot.addWidget(again)
    assert again.current_page() == "home"  # the program always opens on 首页 (issue 16); the rest is remembered
    assert again.size().width() == 760 and again.size().height() == 540
    assert again.members_page.table.columnWidth(0) == 133


def test_first_run_asks_for_the_town(qtbot, db):  # type: ignore[no-untyped-def]
    w = MainWindow(db, load_in_background=False)
    qtbot.addWidget(w)
    w.show()
    page = w.first_run
    assert page is not None and w.outer.currentWidget() is page
    assert not page.save_button.isEnabled()
    commit_ime(page.name, "院上镇")
    qtbot.keyClicks(page.county, "37028")
    assert "6 位数字" in page.errors["county"].text() and not page.save_button.isEnabled()
    qtbot.keyClicks(page.county, "5")
    qtbot.keyClicks(page.town_code, "1234")
    assert "9 位数字" in page.errors["town"].text()
    page.town_code.clear()
    assert page.save_button.isEnabled()
    page.save_button.click()
    assert get_town(db).name == "院上镇" and w.first_run is None
    assert w.outer.currentWidget() is w.splitter and "院上镇" in w.windowTitle()


def test_sample_data_only_after_the_clerk_confirms(qtbot, db):  # type: ignore[no-untyped-def]
    """Sample members cannot be told apart from real ones later: the clerk is told so and may decline."""
    from ui.messages import Messages
    w = MainWindow(db, load_in_background=False)
    qtbot.addWidget(w)
    w.show()
    Messages.shown = []
    w.first_run.demo_button.click()  # the autouse answer is 否
    assert Messages.shown[0][0] == "confirm" and "只用于试用" in Messages.shown[0][1] and "--db" in Messages.shown[0][1]
    assert count_members(db)["全部"] == 0 and w.first_run is not None


def test_first_run_loads_sample_data(qtbot, db, messages):  # type: ignore[no-untyped-def]
    w = MainWindow(db, load_in_background=False)
    qtbot.addWidget(w)
    w.show()
    w.first_run.demo_button.click()
    assert messages[0][0] == "confirm"
    counts = count_members(db)
    assert counts["全部"] == 600 and get_town(db).name == "院上镇"
    assert w.members_page.model.rowCount() == counts["在册"]
    assert f"在册党员 {counts['在册']} 名" in w.counts.text()


def test_status_bar_reminds_of_probation_ending_within_30_days(window):  # type: ignore[no-untyped-def]
    import datetime as dt
    today = clock.today()
    add_member(window.db, "李四", category="预备党员", full_date="",
               join_date=(today - dt.timedelta(days=350)).isoformat())
    add_member(window.db, "王五", category="预备党员", full_date="",
               join_date=(today - dt.timedelta(days=100)).isoformat())
    add_member(window.db, "张三")
    window.events.announce()
    window.members_page.reload(sync=True)
    assert not window.probation.isHidden()
    assert "预备期 30 天内期满：1 名" in window.probation.text()
    assert "李四" in window.probation.toolTip() and "王五" not in window.probation.toolTip()
    window.probation.linkActivated.emit("#")
    model = window.members_page.model
    assert window.current_page() == "members"
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["李四"]  # only the one due
    assert "预备期 30 天内期满的 1 名预备党员" in window.members_page.only_label.text()
    window.members_page.only_label.linkActivated.emit("#")  # 显示全部
    assert sorted(model.index(r, 0).data() for r in range(model.rowCount())) == ["张三", "李四", "王五"]
    assert window.members_page.only_label.isHidden()


def test_every_area_in_the_navigation_opens_its_page(window, db_path):  # type: ignore[no-untyped-def]
    """Every area is built: none of the navigation's entries says 即将推出 or opens a placeholder."""
    from ui.areas import install_areas
    from ui.main_window import SOON, PlaceholderPage
    install_areas(window, db_path)
    for row in range(window.nav.count()):
        item = window.nav.item(row)
        key = item.data(Qt.ItemDataRole.UserRole)
        assert SOON not in item.text(), item.text()
        window.show_page(key)
        assert window.current_page() == key
        assert not isinstance(window.page(key), PlaceholderPage), key
