"""The home page's figures and series against hand-computed fixtures: age bands on boundary birthdays (the clock
is 2026-11-26), month-precision dates, members not 在册 left out, the area figures, the 统计汇总表 agreeing."""
from __future__ import annotations

import datetime as dt

import pytest

from models import home
from models.db import LedgerDB
from models.members import change_status
from models.report_data import resolve_scope, statistics_data
from tests.conftest import add_member

DAY = dt.date(2026, 11, 26)


def band_of(s: home.Stats, band: str) -> tuple[int, int]:
    return next((m, w) for b, m, w in s.age_bands if b == band)


@pytest.fixture
def town(town_db: LedgerDB) -> LedgerDB:
    db = town_db
    young = {"join_date": "2015-07-01", "full_date": "2016-07-01"}
    add_member(db, "满三五", birth="1991-11-26", **young)            # 35 today: still 35岁及以下
    add_member(db, "明天满", birth="1990-11-27", **young)            # 36 tomorrow: 35 today
    add_member(db, "今天满", birth="1990-11-26", male=False, **young)  # 36 today: 36-45岁
    add_member(db, "月底生", birth="1990-11-30", **young)            # 36 on the 30th: 35 today
    add_member(db, "老党员", birth="1955-11-27", village="姜家庄村", join_date="1979-06")  # 70: 61-70岁
    add_member(db, "七十一", birth="1955-11-26", village="姜家庄村", category="预备党员", full_date="",
               join_date="2026-03-01", education="大学本科")  # 71 today
    gone = add_member(db, "转走了", birth="1991-01-01", join_date="2012-07-01", full_date="2013-07-01")
    change_status(db, gone, "转出", "2026-10-01", "莱西市水集街道党工委")
    return db


def test_age_bands_on_boundary_birthdays_and_not_in_register_left_out(town: LedgerDB) -> None:
    s = home.stats(town, DAY)
    assert s.members == 6 and (s.full, s.probationary) == (5, 1)
    assert band_of(s, "35岁及以下") == (3, 0)       # 满三五, 明天满, 月底生 (转走了 is not counted)
    assert band_of(s, "36-45岁") == (0, 1)          # 今天满
    assert band_of(s, "61-70岁") == (1, 0)          # 老党员: 71 tomorrow
    assert band_of(s, "71岁及以上") == (1, 0)        # 七十一 turned 71 today
    # on the day before, 今天满 is 35 and 七十一 is 70
    before = home.stats(town, DAY - dt.timedelta(days=1))
    assert band_of(before, "35岁及以下") == (3, 1) and band_of(before, "71岁及以上") == (0, 0)


def test_decades_education_villages_and_a_village_scope(town: LedgerDB) -> None:
    s = home.stats(town, DAY)
    assert dict(s.join_decades) == {"1970年代": 1, "2010年代": 4, "2020年代": 1}  # 1979-06 by its year
    assert dict(s.education_bands)["大学本科"] == 1 and dict(s.education_bands)["初中及以下"] == 5
    assert [(name, n) for _, name, n in s.by_village] == [("姜家庄村", 2), ("院上村", 4)]  # pinyin order
    assert (s.villages, s.grids) == (2, 2)
    vid = town.execute("SELECT id FROM villages WHERE name = '姜家庄村'").fetchone()[0]
    one = home.stats(town, DAY, vid)
    assert (one.village, one.villages, one.grids, one.members, one.probationary) == ("姜家庄村", 1, 0, 2, 1)
    assert [name for _, name, _ in one.by_village] == ["姜家庄村"]


def test_members_behind_a_bar(town: LedgerDB) -> None:
    names = {mid: name for mid, name in town.execute("SELECT id, name FROM members")}
    assert {names[i] for i in home.member_ids(town, DAY, band="36-45岁", gender="女")} == {"今天满"}
    assert {names[i] for i in home.member_ids(town, DAY, band="35岁及以下")} == {"满三五", "明天满", "月底生"}
    assert {names[i] for i in home.member_ids(town, DAY, category="预备党员")} == {"七十一"}
    assert {names[i] for i in home.member_ids(town, DAY, decade="1970年代")} == {"老党员"}
    assert {names[i] for i in home.member_ids(town, DAY, education="大学本科")} == {"七十一"}


def test_the_statistics_table_and_the_home_page_agree(town: LedgerDB) -> None:
    table = statistics_data(town, resolve_scope(town), today=DAY)
    s = home.stats(town, DAY)
    assert tuple(m + w for _, m, w in s.age_bands) == table.total.ages
    assert tuple(n for _, n in s.education_bands) == table.total.education
    assert (s.members, s.full, s.probationary) == (table.total.members, table.total.full, table.total.probationary)


def test_area_figures_count_central_households_and_open_problems(town: LedgerDB) -> None:
    from models import households, supervision
    mid = town.execute("SELECT id FROM members WHERE name = '满三五'").fetchone()[0]
    households.designate(town, mid, "2026-01-10")
    vid = town.execute("SELECT id FROM villages WHERE name = '院上村'").fetchone()[0]
    for deadline in ("2026-11-25", "2026-12-20"):
        supervision.save_problem(town, supervision.Problem(
            village_id=vid, description=f"账目公开不及时（{deadline}）", source="组织监督", found_on="2026-10-01",
            deadline=deadline))
    s = home.stats(town, DAY)
    assert (s.areas["central_households"], s.areas["rectification_open"], s.areas["rectification_overdue"]) \
        == (1, 2, 1)
    assert home.stats(town, DAY - dt.timedelta(days=2)).areas["rectification_overdue"] == 0  # not yet passed
    other = town.execute("SELECT id FROM villages WHERE name = '姜家庄村'").fetchone()[0]
    assert home.stats(town, DAY, other).areas == {"central_households": 0, "rectification_open": 0,
                                                  "rectification_overdue": 0, "weak_villages": 0,
                                                  "weak_villages_covered": 0}  # the assistance area's too
