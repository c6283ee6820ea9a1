"""The 党员 page as a clerk uses it: add a member through the form (Chinese typed as an input method would), find
it by name and pinyin initials, change its status and restore it, move members between grids."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from models import idcard
from models.entities import MemberQuery
from models.members import get_member, member_events
from tests.conftest import add_member
from tests.ui.conftest import commit_ime, type_text
from ui.members.table_models import MemberTableModel

NEW_ID = idcard.make("370285", dt.date(1975, 4, 9), 24)  # even sequence: female


def names(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [r[1] for r in page.model.rows()]


def search(qtbot, page, text: str, *, ime: bool = False) -> None:  # type: ignore[no-untyped-def]
    page.search.clear()
    if ime:
        commit_ime(page.search, text)
    else:
        qtbot.keyClicks(page.search, text)
    qtbot.waitUntil(lambda: page._last_text == text.strip().lower(), timeout=2000)


def fill_new_member(qtbot, d) -> bool:  # type: ignore[no-untyped-def]
    commit_ime(d.fields["name"], "李秀英")
    qtbot.keyClicks(d.fields["id_number"], NEW_ID)
    assert d.value("gender") == "女" and d.value("birth_date") == "1975-04-09"
    qtbot.keyClicks(d.fields["join_date"], "2001.07")
    qtbot.keyClicks(d.fields["full_date"], "2002-07-01")
    d.fields["education"].setEditText("")
    type_text(d.fields["education"].lineEdit(), "大专")
    qtbot.keyClicks(d.fields["phone"], "13912345678")
    type_text(d.fields["address"], "院上村8号")
    d.village_box.setCurrentIndex(d.village_box.findText("院上村"))
    d.grid_box.setCurrentIndex(d.grid_box.findText("第二网格"))
    assert d.save_button.isEnabled(), d.summary.text()
    qtbot.mouseClick(d.save_button, Qt.MouseButton.LeftButton)
    return d.result() == QDialog.DialogCode.Accepted


def test_add_search_change_status_and_restore(qtbot, window, dialogs, messages):  # type: ignore[no-untyped-def]
    page = window.members_page
    window.show_page("members")
    add_member(window.db, "张三", grid="第一网格")
    window.events.announce()
    dialogs.append(lambda d: fill_new_member(qtbot, d))
    assert page.add_member()
    assert "李秀英" in names(page)
    row = page.model.row_of(page.selected_ids()[0])
    assert page.model.rows()[row][1] == "李秀英" and page.model.rows()[row][9] == "第二网格"
    assert "在册党员 2 名" in window.counts.text()
    assert "李秀英" in page.detail.toPlainText() and "大学专科" in page.detail.toPlainText()

    search(qtbot, page, "李秀", ime=True)
    assert names(page) == ["李秀英"]
    search(qtbot, page, "lxy")
    assert names(page) == ["李秀英"]
    search(qtbot, page, "zs")
    assert names(page) == ["张三"]
    search(qtbot, page, "13912")
    assert names(page) == ["李秀英"]

    search(qtbot, page, "lxy")
    page.table.selectRow(0)

    def transfer(d) -> bool:  # type: ignore[no-untyped-def]
        assert not d.ok_button.isEnabled()  # a destination is required for 转出
        commit_ime(d.detail_edit, "莱西市水集街道党工委")
        qtbot.mouseClick(d.ok_button, Qt.MouseButton.LeftButton)
        return d.result() == QDialog.DialogCode.Accepted

    dialogs.append(transfer)
    assert page.change("转出")
    assert names(page) == []  # 在册 is the default: the record left the list
    assert "在册党员 1 名" in window.counts.text()
    page.status.setCurrentIndex(page.status.findText("全部状态"))
    assert names(page) == ["李秀英"]
    page.table.selectRow(0)
    assert page.acts["restore"].isEnabled() and not page.acts["转出"].isEnabled()

    def restore(d) -> bool:  # type: ignore[no-untyped-def]
        commit_ime(d.detail_edit, "误操作")
        qtbot.mouseClick(d.ok_button, Qt.MouseButton.LeftButton)
        return d.result() == QDialog.DialogCode.Accepted

    dialogs.append(restore)
    assert page.change("恢复在册")
    page.status.setCurrentIndex(page.status.findText("在册"))
    assert names(page) == ["李秀英"]
    member_id = page.model.member_id(0)
    assert [e.kind for e in member_events(window.db, member_id)] == ["登记", "转出", "恢复在册"]


def test_a_refused_save_keeps_the_dialog_open_with_the_reason(qtbot, window, dialogs, messages):  # type: ignore[no-untyped-def]
    page = window.members_page
    add_member(window.db, "张三", id_number=NEW_ID, birth="1975-04-09", male=False)

    def try_save(d) -> bool:  # type: ignore[no-untyped-def]
        # the refusal comes at save time (the database became read-only while the form was open)
        window.db.read_only, window.db.read_only_reason = True, "另一台电脑正在使用该数据库，只能查阅"
        commit_ime(d.fields["name"], "王芳")
        qtbot.keyClicks(d.fields["id_number"], idcard.make("370285", dt.date(1980, 1, 2), 2))
        qtbot.keyClicks(d.fields["join_date"], "2005-07-01")
        qtbot.mouseClick(d.save_button, Qt.MouseButton.LeftButton)
        assert d.isVisible()
        return False

    dialogs.append(try_save)
    assert not page.add_member()
    assert messages == [("error", "另一台电脑正在使用该数据库，只能查阅")]


def test_filters_and_current_query(qtbot, window):  # type: ignore[no-untyped-def]
    page = window.members_page
    db = window.db
    add_member(db, "张三", grid="第一网格", is_central=True, linked_households=9)
    add_member(db, "李四", grid="第二网格", mobile=True, outflow="江苏省苏州市")
    add_member(db, "王五", village="姜家庄村", category="预备党员", full_date="", join_date="2025-09-01")
    window.events.announce()
    assert names(page) == ["王五", "张三", "李四"]  # by village (pinyin), grid, name
    page.village.setCurrentIndex(page.village.findText("院上村"))
    assert names(page) == ["张三", "李四"]
    page.grid.setCurrentIndex(page.grid.findText("第二网格"))
    assert names(page) == ["李四"]
    query = page.current_query()
    assert query.village_id is not None and query.grid_id is not None and query.statuses == ("在册",)
    page.set_node(None, None)
    page.central.setChecked(True)
    assert names(page) == ["张三"]
    page.central.setChecked(False)
    page.mobile.setChecked(True)
    assert names(page) == ["李四"]
    page.mobile.setChecked(False)
    page.category.setCurrentIndex(page.category.findText("预备党员"))
    assert names(page) == ["王五"]
    assert page.current_query() == MemberQuery(category="预备党员")


def test_move_selected_members_to_another_grid(qtbot, window, dialogs, messages):  # type: ignore[no-untyped-def]
    page = window.members_page
    for name in ("张三", "李四"):
        add_member(window.db, name, grid="第一网格")
    window.events.announce()
    page.table.selectAll()

    def pick(d) -> bool:  # type: ignore[no-untyped-def]
        d.grid.setCurrentIndex(d.grid.findText("第二网格"))
        return True

    dialogs.append(pick)
    assert page.move_selected()
    assert {r[9] for r in page.model.rows()} == {"第二网格"}
    assert "已把 2 名党员调入院上村第二网格" in messages[-1][1]


def test_keyboard_ctrl_f_and_enter_and_edit(qtbot, window, dialogs):  # type: ignore[no-untyped-def]
    page = window.members_page
    window.show_page("members")
    member_id = add_member(window.db, "张三", grid="第一网格")
    window.events.announce()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    page.table.setFocus()
    page.table.selectRow(0)

    def edit(d) -> bool:  # type: ignore[no-untyped-def]
        assert d.value("name") == "张三"
        d.fields["phone"].setText("0532-88881234")
        qtbot.keyClick(d.fields["phone"], Qt.Key.Key_Return)  # Enter saves
        return d.result() == QDialog.DialogCode.Accepted

    dialogs.append(edit)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert get_member(window.db, member_id).phone == "0532-88881234"


def test_import_export_buttons_open_the_roster_tools(window, tmp_path, monkeypatch, dialogs):  # type: ignore[no-untyped-def]
    """导出… writes the members the page shows (here: one village) and logs the full numbers leaving;
    下载导入模板 saves the template; 导入… opens the import dialog."""
    from openpyxl import load_workbook

    from models.audit import FULL_ID_EXPORT
    from ui import file_dialogs
    from ui.members import roster_io
    add_member(window.db, "张三")
    add_member(window.db, "李四", village="姜家庄村")
    window.members_page.reload(sync=True)
    page = window.members_page
    village = window.db.execute("SELECT id FROM villages WHERE name = '院上村'").fetchone()[0]
    page.set_node(village, None)
    targets = iter([str(tmp_path / "名册.xlsx"), str(tmp_path / "模板.xlsx")])
    monkeypatch.setattr(file_dialogs.dialogs, "save_file", lambda *a, **k: next(targets))
    opened: list[object] = []
    monkeypatch.setattr(roster_io, "open_import", lambda parent, db, events: opened.append(db))
    dialogs.append(lambda dialog: True)  # 导出党员名册: the password question, left unencrypted (no accounts)
    page.acts["export"].trigger()
    page.acts["template"].trigger()
    page.acts["import"].trigger()
    sheet = load_workbook(tmp_path / "名册.xlsx").active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True) if row[1]]
    assert names == ["张三"]
    assert (tmp_path / "模板.xlsx").stat().st_size > 0
    assert opened == [window.db]
    assert window.db.execute("SELECT count(*) FROM audit_log WHERE action = ?", [FULL_ID_EXPORT]).fetchone()[0] == 1


def test_large_database_loads_in_a_worker_thread(qtbot, town_db, monkeypatch):  # type: ignore[no-untyped-def]
    import ui.members.page as members_page
    from ui.main_window import MainWindow
    monkeypatch.setattr(members_page, "THREAD_THRESHOLD", 1)
    add_member(town_db, "张三")
    w = MainWindow(town_db)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.members_page.loaded, timeout=5000):
        w.show()
    assert names(w.members_page) == ["张三"]


@pytest.mark.parametrize("count", [0, 3])
def test_member_table_model_passes_the_model_tester(qtmodeltester, town_db, count):  # type: ignore[no-untyped-def]
    from models.members import member_cache_rows
    for i in range(count):
        add_member(town_db, f"张{'一二三'[i]}")
    model = MemberTableModel()
    model.set_rows(member_cache_rows(town_db))
    qtmodeltester.check(model)
    assert model.rowCount() == count


def test_ctrl_n_opens_the_new_member_form(qtbot, window, dialogs):  # type: ignore[no-untyped-def]
    page = window.members_page
    window.show_page("members")
    window.activateWindow()
    page.table.setFocus()
    seen: list[str] = []
    dialogs.append(lambda d: seen.append(d.windowTitle()) or False)
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert seen == ["新增党员"]


def test_a_write_selects_the_member_after_a_background_reload(qtbot, town_db, dialogs, monkeypatch):  # type: ignore[no-untyped-def]
    import ui.members.page as members_page
    from ui.main_window import MainWindow
    monkeypatch.setattr(members_page, "THREAD_THRESHOLD", 1)
    add_member(town_db, "张三")
    w = MainWindow(town_db)
    qtbot.addWidget(w)
    w.show_page("members")
    page = w.members_page
    with qtbot.waitSignal(page.loaded, timeout=5000):
        w.show()
    dialogs.append(lambda d: fill_new_member(qtbot, d))
    with qtbot.waitSignal(page.loaded, timeout=5000):
        assert page.add_member()
    assert [page.model.rows()[r][1] for r in {i.row() for i in page.table.selectionModel().selectedRows()}] \
        == ["李秀英"]


def test_central_household_from_the_members_panel_goes_through_designations(qtbot, window, dialogs,  # type: ignore[no-untyped-def]
                                                                           messages):
    from models import households as hh
    page = window.members_page
    member_id = add_member(window.db, "张三", grid="第一网格")
    window.events.announce()
    page.select_member(member_id)
    assert page.acts["central"].isEnabled()

    def designate(d) -> bool:  # type: ignore[no-untyped-def]
        d.date.setText("2026-12-30")
        assert not d.on_save()  # in the future: refused, the dialog stays open
        assert "晚于今天" in messages[-1][1]
        d.date.setText("2026-03-01")
        return True

    dialogs.append(designate)
    assert page.central_household()
    assert hh.designation_history(window.db, member_id)[0][:2] == ("2026-03-01", "两推两审一公示")
    assert get_member(window.db, member_id).is_central

    def form(d) -> bool:  # type: ignore[no-untyped-def]
        assert d.fields["is_central"].isChecked() and not d.fields["is_central"].isEnabled()
        assert not d.fields["linked_households"].isEnabled()
        return False

    dialogs.append(form)
    page.select_member(member_id)
    page.edit_member()

    def end(d) -> bool:  # type: ignore[no-untyped-def]
        assert d.windowTitle() == "结束党员中心户 — 张三"
        commit_ime(d.reason, "年龄原因")
        return True

    dialogs.append(end)
    page.select_member(member_id)
    assert page.central_household()
    assert hh.designation_history(window.db, member_id)[0][3:] == ("2026-11-26", "年龄原因", "已结束")
    assert not get_member(window.db, member_id).is_central


def test_at_1366_by_768_the_table_fits_without_a_horizontal_scroll_bar(qtbot, window):  # type: ignore[no-untyped-def]
    """The usual office screen, a village's roster (a vertical scroll bar): every column is in view beside the
    detail panel (no horizontal scroll bar for a few pixels), and an 18-digit identity number and an 11-digit
    phone number are shown whole, not elided."""
    add_member(window.db, "欧阳秀英", id_number=NEW_ID, phone="13912345678")
    for n in range(40):
        add_member(window.db, f"张{n}")
    window.resize(1366, 768)
    page = window.members_page
    page.reload(sync=True)
    qtbot.waitUntil(lambda: page.model.rowCount() >= 41)
    qtbot.wait(20)
    table = page.table
    assert table.verticalScrollBar().isVisible()
    assert not table.horizontalScrollBar().isVisible() and table.horizontalScrollBar().maximum() == 0
    metrics = table.fontMetrics()
    margin = 2 * (table.style().pixelMetric(table.style().PixelMetric.PM_FocusFrameHMargin) + 1)
    for column, text in ((2, NEW_ID), (6, "13912345678")):
        assert metrics.horizontalAdvance(text) + margin <= table.horizontalHeader().sectionSize(column), (column, text)


def test_a_keystroke_that_keeps_the_same_members_repaints_nothing(qtbot, window):  # type: ignore[no-untyped-def]
    """Typing 3, then 37, then 370 where every number begins 370…: the list stays as it is (no reset, no repaint
    of the table); the first key that changes the list shows the new one, with its count."""
    page = window.members_page
    for n in range(6):
        add_member(window.db, f"王{n}", phone="")
    page.reload(sync=True)
    qtbot.waitUntil(lambda: page.model.rowCount() == 6)
    resets: list[int] = []
    page.model.modelReset.connect(lambda: resets.append(page.model.rowCount()))
    for text in ("3", "37", "370"):  # every generated number begins 370285
        page.search.setText(text)
        page.apply_text()
    assert resets == [] and page.model.rowCount() == 6 and page.count_label.text() == "共 6 名"
    page.search.setText("王3")
    page.apply_text()
    assert resets == [1] and names(page) == ["王3"] and page.count_label.text() == "共 1 名（筛选前 6 名）"
    page.search.setText("")
    page.apply_text()
    assert resets == [1, 6] and page.count_label.text() == "共 6 名"
