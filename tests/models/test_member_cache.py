"""The in-memory member table filters exactly as the SQL search does (the 党员 page relies on it)."""
from __future__ import annotations

import pytest

from models.entities import MemberQuery
from models.members import change_status, database_file, filter_cached, member_cache_rows, member_table, search_members
from tests.conftest import add_member


@pytest.fixture
def people(town_db):
    add_member(town_db, "张三", grid="第一网格", is_central=True, linked_households=8)
    add_member(town_db, "张伟", grid="第二网格", phone="13912345678")
    add_member(town_db, "李四", village="姜家庄村", mobile=True, outflow="江苏省苏州市")
    gone = add_member(town_db, "王五", grid="第一网格", birth="1970-02-03", male=False)
    add_member(town_db, "赵六", category="预备党员", full_date="", join_date="2025-06-01")
    change_status(town_db, gone, "转出", "2024-01-05", "莱西市水集街道党工委")
    return town_db


@pytest.mark.parametrize("query", [
    MemberQuery(), MemberQuery(statuses=()), MemberQuery(text="zs"), MemberQuery(text="ZHANG"),
    MemberQuery(text="张"), MemberQuery(text="1391"), MemberQuery(statuses=("转出",)),
    MemberQuery(category="预备党员"), MemberQuery(is_central=True), MemberQuery(mobile=True),
    MemberQuery(lost_contact=False, statuses=()), MemberQuery(village_id=1, grid_id=1), MemberQuery(limit=2),
    MemberQuery(text="没有这个人"), MemberQuery(joined_by="2025-06-01", statuses=()), MemberQuery(joined_by="2025-05-31"),
    MemberQuery(joined_by="2025-06", category="预备党员"),
])
def test_filter_cached_matches_sql(people, query):
    cached = filter_cached(member_cache_rows(people), query)
    assert [r[0] for r in cached] == [m.id for m in search_members(people, query)]
    if not query.limit:
        assert [r[:12] for r in cached] == [tuple(r) for r in member_table(people, query)]


def test_pinyin_initials_find_the_name(people):
    names = [r[1] for r in filter_cached(member_cache_rows(people), MemberQuery(text="zs"))]
    assert names == ["张三"]


def test_database_file_names_the_file(people, db_path):
    assert database_file(people) == str(db_path)


def test_the_fast_ranking_orders_like_ranking_every_row(db) -> None:  # type: ignore[no-untyped-def]
    """rank_matches tests only the rows that can rank better than 3; its order must be the plain stable sort by
    match_rank over every matching row, for names, pinyin, initials, addresses and numbers alike."""
    from models.demo import fill_demo
    from models.members import _CACHE_INDEX, match_rank, rank_matches
    fill_demo(db, 600)
    rows = member_cache_rows(db)
    col = _CACHE_INDEX["search_text"]
    names = [r[1] for r in rows[:40]]
    queries = {"张", "王", "z", "zh", "w", "li", "村", "桥", "3", "37", "13", "x"} | set(names) | {n[:2] for n in names}
    for text in sorted(queries):
        t = text.lower()
        matched = [r for r in rows if t in r[col]]
        expected = sorted(matched, key=lambda r: match_rank(r[col], t))
        assert rank_matches(matched, t) == expected, text
