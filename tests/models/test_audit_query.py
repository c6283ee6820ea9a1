"""The 操作日志 queries: filters, paging, Chinese field labels with before → after, a record's history, export."""
from __future__ import annotations

import io

import openpyxl
import pytest

from models import accounts, clock, members, org
from models.audit import PermissionDenied, log_event
from models.audit_query import (
    EXPORT_HEADERS,
    AuditFilter,
    audit_actions,
    audit_rows,
    audit_users,
    count_audit,
    export_rows,
    find_members_for_audit,
    record_history,
)
from models.db import LedgerDB
from models.entities import Member
from reports.audit_xlsx import build_audit_xlsx
from tests.conftest import add_member

PW = "mima-1234"




@pytest.fixture
def logged(town_db: LedgerDB) -> LedgerDB:
    accounts.create_first_admin(town_db, "admin", PW)
    accounts.add_account(town_db, "clerk", "录入员", PW)
    accounts.login(town_db, "clerk", PW)
    mid = add_member(town_db, "张三", grid="第一网格", phone="13800000001")
    old = members.get_member(town_db, mid)
    members.save_member(town_db, Member(**{**old.__dict__, "phone": "13900000002", "is_central": True}))
    org.move_members(town_db, [mid], None, org.find_village(town_db, "姜家庄村").id)  # type: ignore[union-attr]
    add_member(town_db, "李四")
    accounts.login(town_db, "admin", PW)
    return town_db


def test_changed_fields_show_chinese_labels_before_and_after(logged: LedgerDB) -> None:
    mid = find_members_for_audit(logged, "张三")[0][0]
    rows = record_history(logged, "members", mid)
    assert [r.action for r in rows] == ["新增党员", "修改党员", "调整网格"]
    assert all(r.record == f"党员 张三（#{mid}）" for r in rows)
    edit = rows[1]
    assert edit.user == "clerk"
    assert edit.changes_text() == "联系电话：13800000001 → 13900000002；是否党员中心户：否 → 是"
    assert rows[2].changes_text() == "所在村（社区）：院上村 → 姜家庄村；所在网格：第一网格 → （空）"
    created = rows[0].changes_text()
    assert "姓名：张三" in created and "所在村（社区）：院上村" in created and "（空）" not in created


def test_filters_by_user_action_period_and_record(logged: LedgerDB) -> None:
    everything = count_audit(logged, AuditFilter())
    by_clerk = audit_rows(logged, AuditFilter(user="clerk"))
    assert {r.user for r in by_clerk} == {"clerk"} and 0 < len(by_clerk) < everything
    assert [r.action for r in audit_rows(logged, AuditFilter(action="修改党员"))] == ["修改党员"]
    today = clock.today().isoformat()
    assert count_audit(logged, AuditFilter(date_from=today, date_to=today)) == everything
    assert count_audit(logged, AuditFilter(date_to="2000-01-01")) == 0
    assert count_audit(logged, AuditFilter(date_from="2999-01-01")) == 0
    lisi = find_members_for_audit(logged, "李四")[0][0]
    assert [r.action for r in audit_rows(logged, AuditFilter(table="members", record_id=lisi))] == ["新增党员"]
    assert "clerk" in audit_users(logged) and "登录" in audit_actions(logged)


def test_member_found_by_identity_number_even_after_leaving(logged: LedgerDB) -> None:
    m = members.search_members(logged, members.MemberQuery(text="李四"))[0]
    members.change_status(logged, m.id, "去世", "2024-01-01")  # type: ignore[arg-type]
    assert find_members_for_audit(logged, m.id_number.lower()) == [(m.id, "李四", "院上村")]
    assert find_members_for_audit(logged, "   ") == []


def test_newest_first_and_paged(logged: LedgerDB) -> None:
    for i in range(30):
        log_event(logged, "导出完整身份证号", f"第 {i} 次")
    first = audit_rows(logged, AuditFilter(action="导出完整身份证号"), limit=10)
    second = audit_rows(logged, AuditFilter(action="导出完整身份证号"), limit=10, offset=10)
    assert first[0].summary == "第 29 次" and second[0].summary == "第 19 次"
    assert len(first) == len(second) == 10


def test_only_admin_reads_the_trail(logged: LedgerDB) -> None:
    accounts.login(logged, "clerk", PW)
    with pytest.raises(PermissionDenied, match="没有查看操作日志的权限"):
        audit_rows(logged, AuditFilter())
    with pytest.raises(PermissionDenied):
        count_audit(logged, AuditFilter())


def test_account_changes_are_readable_without_password_data(logged: LedgerDB) -> None:
    accounts.set_role(logged, "clerk", "查阅")
    accounts.set_active(logged, "clerk", False)
    rows = audit_rows(logged, AuditFilter(table="accounts"), limit=3)
    assert [r.changes_text() for r in rows[:2]] == ["状态：启用 → 停用", "角色：录入员 → 查阅"]
    assert rows[0].record.startswith("用户 clerk")


def test_export_to_excel(logged: LedgerDB) -> None:
    rows = audit_rows(logged, AuditFilter(action="修改党员"), limit=None)
    out = io.BytesIO()
    build_audit_xlsx(EXPORT_HEADERS, export_rows(rows), out, conditions="操作：修改党员")
    sheet = openpyxl.load_workbook(io.BytesIO(out.getvalue())).active
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert values[0][0] == "操作日志" and values[1][0] == "操作：修改党员"
    assert values[2] == list(EXPORT_HEADERS)
    assert values[3][1:4] == ["clerk", "修改党员", rows[0].record]
    assert "联系电话：13800000001 → 13900000002" in values[3][5]
    assert len(values) == 4
