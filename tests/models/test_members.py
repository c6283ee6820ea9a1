from __future__ import annotations

import datetime as dt

import pytest

from models import clock, idcard
from models.audit import PermissionDenied, history
from models.entities import MemberQuery
from models.members import (
    MemberError,
    change_status,
    count_members,
    get_member,
    member_events,
    member_table,
    probation_due,
    restore_member,
    save_member,
    search_members,
)
from tests.conftest import add_member, make_id


def names(db, **query: object) -> list[str]:
    return [m.name for m in search_members(db, MemberQuery(**query))]  # type: ignore[arg-type]


def test_save_and_read_back(town_db) -> None:
    mid = add_member(town_db, "张三", grid="第一网格", phone="138-0532-1234", join_date="1995.07")
    m = get_member(town_db, mid)
    assert (m.name, m.gender, m.birth_date, m.phone, m.join_date, m.grid_name) == (
        "张三", "男", "1970-05-06", "13805321234", "1995-07", "第一网格")
    assert history(town_db, "members", mid)[0]["action"] == "新增党员"


def test_one_person_one_record(town_db) -> None:
    number = make_id()
    add_member(town_db, "张三", id_number=number)
    with pytest.raises(MemberError, match="已登记为 院上村 的张三"):
        add_member(town_db, "张三丰", id_number=number.lower(), village="姜家庄村")
    assert count_members(town_db)["全部"] == 1


def test_invalid_member_is_not_written(town_db) -> None:
    with pytest.raises(MemberError, match="加入党组织日期：入党时未满 18 周岁"):
        add_member(town_db, "张三", join_date="1980-01-01", full_date="")
    assert count_members(town_db)["全部"] == 0
    assert town_db.execute("SELECT count(*) FROM audit_log WHERE action = '新增党员'").fetchone()[0] == 0


def test_update_records_before_and_after(town_db) -> None:
    mid = add_member(town_db, "张三")
    m = get_member(town_db, mid)
    save_member(town_db, m.__class__(**{**m.__dict__, "phone": "13900001111"}))
    last = history(town_db, "members", mid)[-1]
    assert last["action"] == "修改党员" and '"phone": "13900001111"' in last["after"]


@pytest.mark.parametrize("query, expected", [
    ("zs", ["张三", "张三丰"]), ("zhangsanf", ["张三丰"]), ("lis", ["李四"]), ("张", ["张三", "张三丰"]), ("三丰", ["张三丰"]),
    ("13805", ["李四"]), ("0532-8888", ["王芳"]), ("0532", ["李四", "王芳"]), ("院上村8号", ["王芳"]), ("zsf", ["张三丰"]),
])
def test_search(town_db, query: str, expected: list[str]) -> None:
    add_member(town_db, "张三")
    add_member(town_db, "张三丰")
    add_member(town_db, "李四", phone="13805321234")
    add_member(town_db, "王芳", birth="1985-03-12", male=False, phone="0532-88886666", address="院上村8号",
               join_date="2010-07-01", full_date="2011-07-01")
    assert sorted(names(town_db, text=query)) == sorted(expected)


def test_search_is_literal_not_sql(town_db) -> None:
    add_member(town_db, "张三")
    assert names(town_db, text="%") == []
    assert names(town_db, text="' OR 1=1 --") == []


def test_sorted_by_village_grid_name(town_db) -> None:
    add_member(town_db, "赵六", grid="第二网格")
    add_member(town_db, "王五", village="姜家庄村")
    add_member(town_db, "李四", grid="第一网格")
    add_member(town_db, "阿三", grid="第二网格")
    assert names(town_db) == ["王五", "李四", "阿三", "赵六"]


def test_filters(town_db) -> None:
    add_member(town_db, "张三", is_central=True, linked_households=10)
    add_member(town_db, "李四", category="预备党员", join_date="2026-05-01", full_date="")
    add_member(town_db, "王五", mobile=True, outflow="江苏省苏州市")
    assert names(town_db, is_central=True) == ["张三"]
    assert names(town_db, category="预备党员") == ["李四"]
    assert names(town_db, mobile=True) == ["王五"]


def test_status_change_keeps_record_and_restore(town_db) -> None:
    mid = add_member(town_db, "张三")
    change_status(town_db, mid, "转出", "2025-03-01", "莱西市水集街道党工委")
    assert names(town_db) == []
    assert names(town_db, statuses=("在册", "转出", "去世", "出党")) == ["张三"]
    m = get_member(town_db, mid)
    assert (m.status, m.status_date, m.status_detail) == ("转出", "2025-03-01", "莱西市水集街道党工委")
    restore_member(town_db, mid, "误操作")
    assert names(town_db) == ["张三"]
    assert [e.kind for e in member_events(town_db, mid)] == ["登记", "转出", "恢复在册"]


@pytest.mark.parametrize("status, date, detail, message", [
    ("转出", "2025-03-01", "", "转出时必须填写转往的党组织"),
    ("出党", "2025-03-01", "", "出党原因"),
    ("去世", "", "", "变动日期：不能为空"),
    ("去世", "2099-01-01", "", "在今天之后"),
    ("转出", "1990-01-01", "外地", "早于入党日期"),
    ("开除", "2025-01-01", "", "应为 转出、去世 或 出党"),
])
def test_status_change_rules(town_db, status: str, date: str, detail: str, message: str) -> None:
    mid = add_member(town_db, "张三")
    with pytest.raises(MemberError, match=message):
        change_status(town_db, mid, status, date, detail)
    assert get_member(town_db, mid).status == "在册"


def test_read_only_user_cannot_write(town_db) -> None:
    mid = add_member(town_db, "张三")
    town_db.user, town_db.role = "小王", "查阅"
    with pytest.raises(PermissionDenied, match="只能查阅"):
        change_status(town_db, mid, "去世", "2025-01-01")
    assert get_member(town_db, mid).status == "在册"


def test_probation_reminder(town_db) -> None:
    today = clock.today()
    add_member(town_db, "李四", category="预备党员", join_date=(today - dt.timedelta(days=350)).isoformat(),
               full_date="")
    add_member(town_db, "王五", category="预备党员", join_date=(today - dt.timedelta(days=100)).isoformat(),
               full_date="")
    assert [m.name for m in probation_due(town_db, today=today)] == ["李四"]


@pytest.mark.parametrize("today", ["2025-01-29", "2025-02-27", "2025-02-28", "2025-03-01", "2026-12-02", "2027-01-01"])
def test_probation_reminder_reads_only_the_year_before_and_misses_no_one(town_db, today: str) -> None:
    """probation_due reads only the 预备党员 who joined about a year before its horizon; it names exactly those
    whose probation_end (29 February, a month alone) falls by the horizon, as the rule on every one of them."""
    from models.members import probation_end
    joins = ("2024-02-29", "2024-01-28", "2024-01-29", "2024-01", "2024-02", "2025-11-01", "2025-12-02",
             "2025-12", "2026-01-01", "2026-01-02", "2026-11", "2023-05-05")
    for n, join in enumerate(joins):
        add_member(town_db, f"预备{n}", category="预备党员", join_date=join, full_date="", birth="1990-01-01")
    day = dt.date.fromisoformat(today)
    horizon = (day + dt.timedelta(days=30)).isoformat()
    expected = sorted(f"预备{n}" for n, j in enumerate(joins) if probation_end(j) <= horizon)
    assert sorted(m.name for m in probation_due(town_db, today=day)) == expected


def test_table_rows_match_search(town_db) -> None:
    add_member(town_db, "张三", grid="第一网格")
    rows = member_table(town_db, MemberQuery())
    assert rows[0][1:2] == ("张三",) and rows[0][9] == "第一网格"


def test_read_only_database_refuses_writes(town_db) -> None:
    town_db.read_only, town_db.read_only_reason = True, "数据库正被 小李 使用，已以只读方式打开"
    with pytest.raises(PermissionDenied, match="小李"):
        add_member(town_db, "张三")
    assert count_members(town_db)["全部"] == 0


def test_reader_sees_masked_identity_numbers_everywhere(town_db) -> None:
    from models.accounts import add_account, create_first_admin, login
    from models.members import filter_cached, member_cache_rows
    number = make_id()
    mid = add_member(town_db, "张三", id_number=number)
    create_first_admin(town_db, "admin", "admin-pass-1")
    login(town_db, "admin", "admin-pass-1")
    assert get_member(town_db, mid).id_number == number
    add_account(town_db, "reader", "查阅", "reader-pass-1")
    login(town_db, "reader", "reader-pass-1")
    masked = idcard.mask(number)
    assert get_member(town_db, mid).id_number == masked
    assert [m.id_number for m in search_members(town_db, MemberQuery())] == [masked]
    assert member_table(town_db, MemberQuery())[0][3] == masked
    rows = member_cache_rows(town_db)
    assert rows[0][3] == masked
    assert filter_cached(rows, MemberQuery(text=number[6:14])) == []  # the hidden digits cannot be searched
    assert len(filter_cached(rows, MemberQuery(text="zs"))) == 1


def test_members_without_a_grid(town_db) -> None:
    from models.members import filter_cached, member_cache_rows
    add_member(town_db, "张三", grid="第一网格")
    add_member(town_db, "李四")
    add_member(town_db, "王五", village="姜家庄村")
    village = town_db.execute("SELECT id FROM villages WHERE name = '院上村'").fetchone()[0]
    query = MemberQuery(village_id=village, no_grid=True)
    assert names(town_db, village_id=village, no_grid=True) == ["李四"]
    assert [r[1] for r in filter_cached(member_cache_rows(town_db), query)] == ["李四"]
