"""Issue 11.14: a click on a column header sorts the member list; search results are ranked (exact name, then
full pinyin / initials, then prefixes, then the rest); ranking is models.members.rank_matches."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from models.entities import MemberQuery
from models.members import filter_cached, match_rank, member_cache_rows, rank_matches
from tests.conftest import add_member

SHOTS = Path("/work/shots/uifix")


def names(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [page.model.index(r, 0).data() for r in range(page.model.rowCount())]


@pytest.fixture
def zhangs(town_db):  # type: ignore[no-untyped-def]
    # village/grid order (姜家庄村 first): 王张伟, 张卫东, 张文华 (第一网格), 张伟 (第二网格) last
    add_member(town_db, "张卫东", grid="第一网格", birth="1960-01-01")
    add_member(town_db, "张文华", grid="第一网格", birth="1980-01-01", join_date="2005-07-01", full_date="2006-07-01")
    add_member(town_db, "王张伟", village="姜家庄村", birth="1975-01-01")
    add_member(town_db, "张伟", grid="第二网格", birth="1990-01-01", join_date="2015-07-01", full_date="2016-07-01")
    return town_db


@pytest.mark.parametrize(("text", "expected"), [
    ("zw", ["张伟", "张卫东", "张文华", "王张伟"]),   # initials exact, then initials prefix, then inside
    ("zhangwei", ["张伟", "张卫东", "王张伟"]),       # full pinyin exact, then prefix (zhangweidong)
    ("张伟", ["张伟", "王张伟"]),                     # exact name first
    ("张", ["张卫东", "张文华", "张伟", "王张伟"]),     # prefixes keep the village order, the rest after
])
def test_rank_matches(zhangs, text, expected):  # type: ignore[no-untyped-def]
    rows = filter_cached(member_cache_rows(zhangs), MemberQuery(text=text))
    assert [r[1] for r in rank_matches(rows, text)] == expected


def test_match_rank_levels() -> None:
    assert match_rank("张伟|zhangwei|zw|370285|139|院上村", "张伟") == 0
    assert match_rank("张伟|zhangwei|zw|370285|139|院上村", "zhangwei") == 1
    assert match_rank("张卫东|zhangweidong|zwd||", "zw") == 2
    assert match_rank("王张伟|wangzhangwei|wzw||", "zw") == 3


def test_search_box_shows_ranked_results(qtbot, window, zhangs) -> None:  # type: ignore[no-untyped-def]
    page = window.members_page
    window.events.announce()
    for text, first in (("z", None), ("zw", "张伟"), ("zhangwei", "张伟")):
        page.search.setText(text)
        page.apply_text()
        if first:
            assert names(page)[0] == first, (text, names(page))
    page.search.setText("zw")
    page.apply_text()  # narrowing from "zhangwei" back to a fresh search still ranks from the plain order
    assert names(page) == ["张伟", "张卫东", "张文华", "王张伟"]


def test_header_click_sorts_and_keeps_the_selection(qtbot, window, zhangs) -> None:  # type: ignore[no-untyped-def]
    page = window.members_page
    window.show_page("members")
    window.events.announce()
    assert names(page) == ["王张伟", "张卫东", "张文华", "张伟"]  # village, grid, name
    page.table.selectRow(names(page).index("张伟"))
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(3) + 5  # 出生日期
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert names(page) == ["张卫东", "王张伟", "张文华", "张伟"]  # 1960, 1975, 1980, 1990
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert names(page) == ["张伟", "张文华", "王张伟", "张卫东"]
    assert page.selected_ids() and page.model.rows()[page.table.currentIndex().row()][1] == "张伟"
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # 姓名 by pinyin
    assert names(page) == ["王张伟", "张伟", "张卫东", "张文华"]  # wang…, zhangwei, zhangweidong, zhangwenhua
    add_member(window.db, "艾青", grid="第一网格")  # a reload keeps the clicked order
    window.events.announce()
    assert names(page)[0] == "艾青"
    window.resize(1366, 768)
    window.grab().save(str(SHOTS / "11.14-sorted-by-name.png"))


def test_a_restart_keeps_widths_but_starts_in_ranked_order(qtbot, town_db, zhangs) -> None:  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow
    first = MainWindow(town_db, load_in_background=False)
    qtbot.addWidget(first)
    first.members_page.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    first.members_page.table.setColumnWidth(0, 111)
    first.save_state()
    again = MainWindow(town_db, load_in_background=False)
    qtbot.addWidget(again)
    page = again.members_page
    assert page.table.columnWidth(0) == 111
    page.search.setText("zw")
    page.apply_text()
    assert names(page) == ["张伟", "张卫东", "张文华", "王张伟"]


def test_a_large_list_gets_its_index_between_events_and_ranks_alike_before(qtbot, window, zhangs,  # type: ignore[no-untyped-def]
                                                                         monkeypatch) -> None:
    """From INDEX_THRESHOLD rows the page fills the search index's prefix table a few rows at a time after the
    rows show; a search typed before it is complete already ranks the same."""
    import ui.members.page as page_module
    monkeypatch.setattr(page_module, "INDEX_THRESHOLD", 2)
    monkeypatch.setattr(page_module, "PREFIX_ROWS", 1)
    page = window.members_page
    window.events.announce()
    page.apply_filters()
    assert not page.search_ready()
    page.search.setText("zw")
    page.apply_text()
    assert names(page) == ["张伟", "张卫东", "张文华", "王张伟"]
    assert page._index is not None and page._index.prefixes is None, "not complete yet"
    qtbot.waitUntil(page.search_ready, timeout=3000)
    page.search.setText("")
    page.apply_text()
    page.search.setText("zw")
    page.apply_text()
    assert names(page) == ["张伟", "张卫东", "张文华", "王张伟"]
