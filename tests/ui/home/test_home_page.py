"""The 首页 in a real window: figures and charts show the aggregates (values read back from the plot), hovering
says the values, a bar or a figure opens the 党员 page filtered to it, a reminder is marked handled in its dialog
and comes back when undone, a chart saves as a PNG, and a reader cannot mark."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from models import accounts, home
from models.db import LedgerDB
from tests.conftest import add_member
from ui.areas import install_areas
from ui.file_dialogs import dialogs as file_dialogs
from ui.home.page import HomePage


@pytest.fixture
def filled(town_db: LedgerDB) -> LedgerDB:
    young = {"join_date": "2015-07-01", "full_date": "2016-07-01"}
    add_member(town_db, "张伟", birth="1991-03-01", **young)
    add_member(town_db, "刘洋", birth="1992-03-01", **young)
    add_member(town_db, "李娜", birth="1960-03-01", male=False, village="姜家庄村", join_date="1985-06")
    add_member(town_db, "王强", birth="1993-01-01", category="预备党员", full_date="", join_date="2025-12-10")
    return town_db


@pytest.fixture
def shown(qtbot, filled: LedgerDB, db_path: Path):  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow
    w = MainWindow(filled, load_in_background=False)
    qtbot.addWidget(w)
    install_areas(w, db_path)
    w.resize(1366, 768)
    w.show()
    page = w.page("home")
    assert isinstance(page, HomePage) and w.current_page() == "home"  # the page the program opens on
    qtbot.waitUntil(lambda: bool(page.charts))
    return w, page


def test_figures_and_charts_show_the_aggregates(shown) -> None:  # type: ignore[no-untyped-def]
    _, page = shown
    assert page.tiles["members"].text() == "4\n在册党员" and page.tiles["probationary"].value == 1
    ages = page.charts["ages"]
    assert ages.plotted() == [[3.0, 0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 1.0, 0.0]]  # 男, 女
    assert page.charts["village"].plotted() == [[1.0, 3.0]] and page.charts["village"].categories == ["姜家庄村",
                                                                                                        "院上村"]
    assert ages.describe(0) == "35岁及以下：男 3，女 0"
    page.sort_by_count.setChecked(True)
    assert page.charts["village"].categories == ["院上村", "姜家庄村"]
    page.scope.setCurrentIndex(page.scope.findText("姜家庄村"))
    assert page.tiles["members"].value == 1 and ages.plotted()[1][4] == 1.0 and sum(ages.plotted()[0]) == 0


def test_a_bar_clicked_with_the_mouse_opens_its_members(qtbot, shown) -> None:  # type: ignore[no-untyped-def]
    w, page = shown
    ages = page.charts["ages"]
    spot = ages.plot.mapFromScene(ages.bar_center(0, 0))
    assert ages.bar_at(ages.bar_center(0, 0)) == (0, 0)
    qtbot.mouseClick(ages.plot.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    assert w.current_page() == "members"
    model = w.members_page.model
    assert sorted(model.index(r, 0).data() for r in range(model.rowCount())) == ["刘洋", "张伟", "王强"]
    assert "35岁及以下的男党员" in w.members_page.only_label.text()


def test_a_figure_opens_its_page(shown) -> None:  # type: ignore[no-untyped-def]
    w, page = shown
    page.tiles["probationary"].click()
    model = w.members_page.model
    assert w.current_page() == "members" and [model.index(r, 0).data() for r in range(model.rowCount())] == ["王强"]
    w.show_page("home")
    page.tiles["grids"].click()
    assert w.current_page() == "organization"
    w.show_page("home")
    page.tiles["central_households"].click()
    assert w.current_page() == "central-households"


def test_marking_a_reminder_handled_hides_it_until_undone(qtbot, shown, dialogs) -> None:  # type: ignore[no-untyped-def]
    w, page = shown
    assert [r.subject for r in page.rows] == ["王强"] and page.reminder_count.text() == "待办 1 条"
    page.table.selectRow(0)

    def fill(dialog) -> bool:  # type: ignore[no-untyped-def]
        dialog.note.setText("已召开支部大会")  # ASCII-free text set directly: qtbot cannot type Chinese
        return True

    dialogs.append(fill)
    assert page.mark_current()
    assert page.rows == [] and "已办 1 条" in page.reminder_count.text()
    page.show_handled.setChecked(True)
    assert isinstance(page.rows[0], home.Handled) and page.model.index(0, 4).data().startswith("已办")
    page.table.selectRow(0)
    assert page.unmark_button.isEnabled() and not page.mark.isEnabled()
    assert page.unmark_current()
    assert [type(r).__name__ for r in page.rows] == ["Reminder"]
    page.table.selectRow(0)
    page.open_button.click()
    assert w.current_page() == "members" and w.members_page.model.rowCount() == 1


def test_a_chart_saves_as_png(shown, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    _, page = shown
    out = tmp_path / "年龄结构"
    monkeypatch.setattr(file_dialogs, "save_file", lambda *a, **k: str(out) + ".png")
    assert page.save_chart("ages") == str(out) + ".png"
    assert (tmp_path / "年龄结构.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_reader_cannot_mark(qtbot, filled: LedgerDB, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    accounts.create_first_admin(filled, "admin", "secret-pass-1")
    accounts.add_account(filled, "reader", "查阅", "secret-pass-1")
    accounts.login(filled, "reader", "secret-pass-1")
    page = HomePage(filled)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.table.selectRow(0)
    assert not page.mark.isEnabled() and "查阅" in page.mark.toolTip()  # the reason, on the button


def test_a_large_file_counts_in_a_worker_and_the_members_load_after(qtbot, filled: LedgerDB, db_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """From BACKGROUND_FROM members (here: any) the figures and reminders come from a worker thread, the page
    says it is counting meanwhile, the 党员 page's own load waits for it, and a village chosen during the count
    is the one the figures show."""
    import ui.home.page as home_page
    from ui.main_window import MainWindow
    monkeypatch.setattr(home_page, "BACKGROUND_FROM", 0)
    w = MainWindow(filled, load_in_background=True)
    qtbot.addWidget(w)
    install_areas(w, db_path)
    page = w.page("home")
    assert isinstance(page, HomePage)
    loads = []
    monkeypatch.setattr(w.members_page, "reload", lambda **k: loads.append(page.is_loading()))
    w.show()
    qtbot.waitUntil(lambda: page.is_loading() and "正在统计" in page.as_of.text())
    page.scope.setCurrentIndex(page.scope.findText("姜家庄村"))  # while the worker counts the town
    qtbot.waitUntil(lambda: not page.is_loading() and bool(page.charts) and page.stats is not None)
    assert page.stats is not None and page.stats.village == "姜家庄村" and page.tiles["members"].value == 1
    assert page.charts["ages"].plotted()[1][4] == 1.0 and "按 " in page.as_of.text()
    assert [r.subject for r in page.rows] == ["王强"]
    qtbot.waitUntil(lambda: bool(loads))
    assert loads == [False]  # the members were loaded once the home page had its data, not beside it


def test_leaving_before_the_first_paint_counts_nothing_until_shown_again(qtbot, filled: LedgerDB, db_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The window opens on 首页; a clerk (or `screenshot --page members`) who goes on at once does not pay for its
    figures meanwhile: they are counted when 首页 is shown again."""
    import ui.home.page as home_page
    from ui.main_window import MainWindow
    monkeypatch.setattr(home_page, "BACKGROUND_FROM", 0)
    w = MainWindow(filled, load_in_background=False)
    qtbot.addWidget(w)
    install_areas(w, db_path)
    page = w.page("home")
    assert isinstance(page, HomePage)
    w.show()
    w.show_page("members")  # before the deferred first refresh runs
    qtbot.wait(50)
    assert page.stats is None and not page.is_loading() and page.is_stale()
    w.show_page("home")
    qtbot.waitUntil(lambda: page.stats is not None and not page.is_loading())
    assert page.tiles["members"].value == 4
