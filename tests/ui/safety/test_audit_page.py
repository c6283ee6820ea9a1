"""操作日志 page: the table model, filters (user, period, member search, kind), paging, history, Excel export."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QLabel

from models import accounts, clock, members
from models.audit import log_event
from models.audit_query import PAGE_SIZE, AuditFilter, audit_rows
from models.db import LedgerDB
from models.entities import Member
from tests.conftest import add_member
from ui.safety.audit_page import AuditPage, AuditTableModel

PW = "mima-1234"


SHOTS = "/tmp/shots-accounts-audit"


@pytest.fixture
def logged(town_db: LedgerDB) -> LedgerDB:
    accounts.create_first_admin(town_db, "admin", PW, "王主任")
    accounts.add_account(town_db, "clerk", "录入员", PW)
    accounts.login(town_db, "clerk", PW)
    for name in ("张三", "张三丰", "李四"):
        mid = add_member(town_db, name, grid="第一网格", phone="13800000001")
    old = members.get_member(town_db, mid)
    members.save_member(town_db, Member(**{**old.__dict__, "phone": "13900000002", "address": "院上村 8 号"}))
    members.change_status(town_db, mid, "转出", "2025-03-01", "莱西市水集街道党工委")
    accounts.login(town_db, "admin", PW)
    return town_db


def page_for(qtbot, db: LedgerDB) -> AuditPage:
    page = AuditPage(db)
    qtbot.addWidget(page)
    page.resize(1200, 560)
    page.show()
    return page


def test_table_model(qtmodeltester, logged: LedgerDB) -> None:
    model = AuditTableModel(audit_rows(logged, AuditFilter()))
    qtmodeltester.check(model)
    assert model.index(0, 2).data() == "登录"


def test_rows_show_chinese_field_changes_and_filters_work(qtbot, logged: LedgerDB) -> None:
    page = page_for(qtbot, logged)
    texts = [page.model.index(r, 5).data() for r in range(page.model.rowCount())]
    assert "联系电话：13800000001 → 13900000002；家庭住址：（空） → 院上村 8 号" in texts
    page.table.selectRow(2)
    page.grab().save(f"{SHOTS}/audit-page.png")
    page.user_combo.setCurrentText("clerk")
    page.action_combo.setCurrentText("修改党员")
    page.search_button.click()
    assert page.model.rowCount() == 1 and page.model.index(0, 1).data() == "clerk"
    page.reset_button.click()
    page.set_period(dt.date(2000, 1, 2), dt.date(2001, 1, 1))
    page.apply()
    assert page.model.rowCount() == 0 and page.status.text().startswith("共 0 条")
    today = clock.today()
    page.set_period(today, today)
    page.apply()
    assert page.model.rowCount() == page.total > 5


def test_member_search_resolves_to_a_record(qtbot, logged: LedgerDB, messages) -> None:
    page = page_for(qtbot, logged)
    page.record_edit.setText("李四")
    page.record_find.click()
    assert [page.model.index(r, 2).data() for r in range(page.model.rowCount())] == ["党员转出", "修改党员",
                                                                                  "新增党员"]
    assert "李四（院上村）" in page.record_label.text()
    page.record_edit.setText("张三")  # two matches: 张三 and 张三丰, exact name first
    page.record_find.click()
    assert page.record_choice.isVisible() and page.record_choice.count() == 2
    assert page.record_choice.itemText(0) == "张三（院上村）"
    page.record_choice.setCurrentIndex(1)
    page.record_choice.activated.emit(1)
    assert page.model.rowCount() == 1 and "张三丰" in page.model.index(0, 3).data()
    page.record_edit.setText("王五")
    page.record_find.click()
    assert messages[-1] == ("warning", "没有找到姓名或身份证号为“王五”的党员")
    page.record_clear.click()
    assert page.model.rowCount() == page.total > 5


def test_open_history_of_selected_row(qtbot, logged: LedgerDB) -> None:
    page = page_for(qtbot, logged)
    page.action_combo.setCurrentText("党员转出")
    page.apply()
    page.table.selectRow(0)
    assert page.history_button.isEnabled()
    dialog = page.open_history()
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert [dialog.model.index(r, 2).data() for r in range(3)] == ["新增党员", "修改党员", "党员转出"]
    dialog.grab().save(f"{SHOTS}/audit-history.png")


def test_paging(qtbot, logged: LedgerDB) -> None:
    for i in range(PAGE_SIZE + 5):
        log_event(logged, "导出完整身份证号", f"第 {i} 次")
    page = page_for(qtbot, logged)
    page.action_combo.setCurrentText("导出完整身份证号")
    page.apply()
    assert page.model.rowCount() == PAGE_SIZE and page.status.text().startswith(f"共 {PAGE_SIZE + 5} 条，第 1/2 页")
    assert not page.prev_button.isEnabled()
    page.next_button.click()
    assert page.model.rowCount() == 5 and page.model.index(4, 4).data() == "第 0 次"
    assert not page.next_button.isEnabled()


def test_export_filtered_rows_to_excel(qtbot, logged: LedgerDB, tmp_path: Path, messages) -> None:
    page = page_for(qtbot, logged)
    page.user_combo.setCurrentText("clerk")
    page.apply()
    target = tmp_path / "操作日志"
    page.ask_save_path = lambda: str(target)  # type: ignore[method-assign]
    saved = page.export()
    assert saved == tmp_path / "操作日志.xlsx"
    sheet = openpyxl.load_workbook(saved).active
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert values[1][0] == "筛选条件：用户：clerk"
    assert len(values) - 3 == page.total and {v[1] for v in values[3:]} == {"clerk"}
    assert messages[-1][1].startswith(f"已导出 {page.total} 条操作日志")
    last = logged.execute("SELECT user, action FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert tuple(last) == ("admin", "导出操作日志")


def test_only_admin_sees_the_log(qtbot, logged: LedgerDB) -> None:
    accounts.login(logged, "clerk", PW)
    page = AuditPage(logged)
    qtbot.addWidget(page)
    assert page.findChild(QLabel).text() == "只有管理员可以查看操作日志。"
    assert page.model.rowCount() == 0


def test_filter_by_record_type(qtbot, logged: LedgerDB) -> None:
    page = page_for(qtbot, logged)
    page.table_combo.setCurrentText("用户")
    page.apply()
    assert {page.model.index(r, 2).data() for r in range(page.model.rowCount())} == {"创建管理员", "新增用户"}
    assert page.conditions_text() == "筛选条件：记录类型：用户"
