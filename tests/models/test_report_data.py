"""The report queries: scopes, grouping by village and grid, counts and bands of 统计汇总表."""
from __future__ import annotations

import datetime as dt

import pytest

from models.db import LedgerDB
from models.entities import MemberQuery
from models.members import change_status
from models.org import add_grid, find_village
from models.report_data import (
    NO_GRID,
    Scope,
    ScopeError,
    age_band,
    age_on,
    central_data,
    describe_scope,
    member_form_data,
    resolve_scope,
    roster_data,
    statistics_data,
)
from reports import fetch
from tests.conftest import add_member

TODAY = dt.date(2026, 11, 26)


def test_scopes_by_name(town_db: LedgerDB) -> None:
    v = find_village(town_db, "院上村")
    assert v is not None
    assert resolve_scope(town_db) == Scope()
    assert resolve_scope(town_db, "院上村") == Scope("village", v.id)
    grid = resolve_scope(town_db, "院上村", "第二网格")
    assert grid.kind == "grid" and describe_scope(town_db, grid) == "院上村第二网格"
    assert resolve_scope(town_db, None, "第一网格").village_id == v.id  # unique in the town


@pytest.mark.parametrize("village, grid, message", [
    ("院下村", None, "找不到名为“院下村”的村（社区）"),
    ("院上村", "第九网格", "院上村中找不到名为“第九网格”的网格"),
    (None, "第九网格", "找不到名为“第九网格”的网格"),
    (None, "第一网格", "院上村、姜家庄村都有“第一网格”，请同时用 --village 指定村（社区）"),
])
def test_bad_scopes_are_refused_in_chinese(town_db: LedgerDB, village: str | None, grid: str | None,
                                           message: str) -> None:
    jiang = find_village(town_db, "姜家庄村")
    assert jiang is not None
    add_grid(town_db, jiang.id, "第一网格")
    with pytest.raises(ScopeError) as err:
        resolve_scope(town_db, village, grid)
    assert str(err.value) == message


def test_roster_groups_by_village_then_grid_and_leaves_out_former_members(town_db: LedgerDB) -> None:
    add_member(town_db, "张伟", grid="第二网格")
    add_member(town_db, "李娜", grid="第一网格", male=False)
    add_member(town_db, "王强", village="姜家庄村")
    gone = add_member(town_db, "赵敏", grid="第一网格")
    change_status(town_db, gone, "转出", "2026-03-01", "莱西市水集街道党工委", today=TODAY)
    data = roster_data(town_db, Scope())
    assert data.town == "院上镇" and data.scope == "全镇"
    assert [(g.village, g.grid, [r.name for r in g.rows]) for g in data.grids] == [
        ("姜家庄村", NO_GRID, ["王强"]), ("院上村", "第一网格", ["李娜"]), ("院上村", "第二网格", ["张伟"])]
    v = find_village(town_db, "院上村")
    assert v is not None
    assert [g.grid for g in roster_data(town_db, Scope("village", v.id)).grids] == ["第一网格", "第二网格"]


def test_current_search_scope_prints_what_the_search_shows(town_db: LedgerDB) -> None:
    add_member(town_db, "张伟", grid="第二网格")
    add_member(town_db, "张秀英", village="姜家庄村", male=False)
    add_member(town_db, "李娜", grid="第一网格", male=False)
    scope = Scope("query", query=MemberQuery(text="张", limit=50))
    assert describe_scope(town_db, scope) == "查询结果（含“张”）"
    names = [m.name for m in member_form_data(town_db, scope).members]
    assert sorted(names) == ["张伟", "张秀英"]


def test_central_households_per_grid_including_grids_without_one(town_db: LedgerDB) -> None:
    add_member(town_db, "张伟", grid="第二网格", is_central=True, linked_households=10)
    add_member(town_db, "李娜", grid="第二网格", male=False)
    add_member(town_db, "王强", village="姜家庄村", is_central=True, linked_households=8)
    data = central_data(town_db, Scope())
    assert [(g.village, g.grid, [(r.name, r.linked_households) for r in g.rows]) for g in data.grids] == [
        ("姜家庄村", NO_GRID, [("王强", 8)]), ("院上村", "第一网格", []), ("院上村", "第二网格", [("张伟", 10)])]


@pytest.mark.parametrize("birth, band", [
    ("1990-11-27", 0), ("1990-11-26", 1), ("1981-11-26", 1), ("1980-11-25", 2), ("1966-11-26", 3),
    ("1965-11-26", 4), ("1956-11-26", 4), ("1955-11-25", 5)])
def test_age_bands_on_the_report_day(birth: str, band: int) -> None:
    age = age_on(birth, "", TODAY)
    assert age is not None and age_band(age) == band


def test_statistics_count_per_village_with_town_total(town_db: LedgerDB) -> None:
    add_member(town_db, "张伟", grid="第一网格", birth="1990-01-01", education="大学专科", is_central=True,
               linked_households=9, join_date="2010-07-01", full_date="2011-07-01")
    add_member(town_db, "李娜", grid="第二网格", birth="1950-01-01", male=False, education="小学")
    add_member(town_db, "刘洋", grid="第二网格", birth="2000-01-01", category="预备党员",
               join_date="2026-05-01", full_date="", education="本科")
    add_member(town_db, "王强", village="姜家庄村", birth="1960-06-01", education="中专")
    left = add_member(town_db, "赵敏", village="姜家庄村")
    change_status(town_db, left, "转出", "2026-03-01", "外地", today=TODAY)
    earlier = add_member(town_db, "孙磊", village="姜家庄村")
    change_status(town_db, earlier, "转出", "2025-12-31", "外地", today=TODAY)
    data = statistics_data(town_db, Scope(), today=TODAY)
    rows = {r.village: r for r in data.rows}
    yuan = rows["院上村"]
    assert (yuan.members, yuan.full, yuan.probationary, yuan.male, yuan.female) == (3, 2, 1, 2, 1)
    assert yuan.ages == (1, 1, 0, 0, 0, 1)  # 26, 36 and 76 years old
    assert dict(zip(data.education_bands, yuan.education, strict=True)) == {
        "研究生": 0, "大学本科": 1, "大学专科": 1, "中专": 0, "高中": 0, "初中及以下": 1}
    assert yuan.central == 1 and yuan.transferred_out == 0
    jiang = rows["姜家庄村"]
    assert (jiang.members, jiang.ages[4], jiang.transferred_out) == (1, 1, 1)
    assert (data.total.village, data.total.members, data.total.transferred_out) == ("合计", 4, 1)
    assert data.total.ages == tuple(a + b for a, b in zip(yuan.ages, jiang.ages, strict=True))
    assert fetch(town_db, "statistics", Scope(), today=TODAY) == data


def test_statistics_for_one_grid(town_db: LedgerDB) -> None:
    add_member(town_db, "张伟", grid="第一网格")
    add_member(town_db, "李娜", grid="第二网格", male=False)
    scope = resolve_scope(town_db, "院上村", "第二网格")
    data = statistics_data(town_db, scope, today=TODAY)
    assert [(r.village, r.members, r.female) for r in data.rows] == [("院上村", 1, 1)]
