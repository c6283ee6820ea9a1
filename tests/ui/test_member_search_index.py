"""The 党员 page's search index finds exactly the rows the plain filter finds, in the same order, and ranks them
exactly as rank_matches does: Chinese names, pinyin, initials, identity-number fragments, texts matching almost
every row, and none."""
from __future__ import annotations

from typing import Any

import pytest

from models.entities import MemberQuery
from models.member_search import SearchIndex
from models.members import CACHE_COLUMNS, filter_cached, match_rank, rank_matches

SEARCH = CACHE_COLUMNS.index("search_text")
NAMES = ("张伟", "张卫东", "王建国", "李娜", "单田芳", "欧阳娜娜", "张三", "赵敏", "翟志刚", "曾强")
PINYIN = ("zhangwei|zw", "zhangweidong|zwd", "wangjianguo|wjg", "lina|ln", "shantianfang|stf",
          "ouyangnana|oynn", "zhangsan|zs", "zhaomin|zm", "zhaizhigang|zzg", "zengqiang|zq")


def rows(n: int) -> list[tuple[Any, ...]]:
    out = []
    for i in range(n):
        k = i % len(NAMES)
        text = f"{NAMES[k]}|{PINYIN[k]}|370285{19500101 + i:08d}{i % 10}|1380000{i:04d}|院上村{i % 7}号"
        row: list[Any] = [None] * len(CACHE_COLUMNS)
        row[0], row[SEARCH] = i, text
        out.append(tuple(row))
    return out


@pytest.mark.parametrize("text", ["张", "张伟", "zw", "zhangwei", "3702851950", "3", "370285", "z", "138",
                                  "院上村3号", "娜娜", "|", "q", "没有这个人", "zq", "0000001"])
def test_the_index_finds_what_the_filter_finds(text: str) -> None:
    data = rows(3000)
    index = SearchIndex(data)
    found = index.rows_at(index.find(text))
    assert found == filter_cached(data, MemberQuery(text=text, statuses=()))
    if text == "没有这个人":
        assert found == []


def test_first_and_last_rows_are_found() -> None:
    data = rows(50)
    index = SearchIndex(data)
    assert index.rows_at(index.find(data[0][SEARCH])) == [data[0]]
    assert index.rows_at(index.find(data[-1][SEARCH].split("|")[3])) == [data[-1]]


@pytest.mark.parametrize("text", ["张", "张伟", "zw", "zhangwei", "z", "zh", "q", "zq", "li", "ln", "lina", "娜",
                                  "oy", "wjg", "zhangweidong", "院上村", "没有这个人"])
def test_ranking_is_match_rank_order(text: str) -> None:
    """rank_matches' string tests at the fields' places give exactly match_rank's order (stable within a rank)."""
    data = filter_cached(rows(3000), MemberQuery(text=text, statuses=()))
    expected = sorted(data, key=lambda r: match_rank(r[SEARCH], text))
    assert rank_matches(data, text) == expected


RANKED = ["张", "张伟", "zw", "zhangwei", "z", "zh", "q", "zq", "li", "ln", "lina", "娜", "oy", "wjg", "zhangweidong",
          "院上村", "没有这个人", "3", "|", "zw|", "w", "n", "zhang", "单田芳", "s"]


@pytest.mark.parametrize("text", RANKED)
def test_the_index_ranks_as_match_rank(text: str) -> None:
    """SearchIndex.ranked (C-level tests on each row's |name|pinyin|initials| head) gives rank_matches' order, and
    so match_rank's, stable within a rank — over an exact name, exact pinyin, prefixes and the rest mixed."""
    data = rows(3000)
    index = SearchIndex(data)
    filtered = filter_cached(data, MemberQuery(text=text, statuses=()))
    ranked = index.ranked(index.find(text), text)
    assert ranked == rank_matches(filtered, text)
    assert ranked == sorted(filtered, key=lambda r: match_rank(r[SEARCH], text)) or any(c.isdigit() for c in text)


def test_an_exact_name_and_exact_pinyin_lead() -> None:
    data = rows(30)
    index = SearchIndex(data)
    names = [r[SEARCH].split("|")[0] for r in index.ranked(index.find("张伟"), "张伟")]
    assert names == ["张伟"] * 3
    first = [r[SEARCH].split("|")[1] for r in index.ranked(index.find("zw"), "zw")]
    assert first[:3] == ["zhangwei"] * 3, "the initials exactly (zw) before those beginning with them (zwd)"
    assert "zhangweidong" in first[3:]


def realistic_rows(n: int) -> list[tuple[Any, ...]]:
    """Search texts as members.search_text makes them, for the demo's names (surname frequencies, polyphonic
    surnames with their second reading, one- and two-character given names)."""
    import random

    from models import pinyin
    from models.demo import person_name
    rng = random.Random(4)
    out = []
    for i in range(n):
        name = person_name(rng, "男" if i % 2 else "女")
        row: list[Any] = [None] * len(CACHE_COLUMNS)
        row[0] = i
        row[SEARCH] = "|".join((pinyin.name_keys(name).search, f"370285{19600101 + i:08d}{i % 10}", "", ""))
        out.append(tuple(row))
    return out


@pytest.mark.parametrize("text", ["z", "zh", "zw", "w", "王", "张伟", "zq", "zeng", "c", "ch", "s", "sh", "x", "li", "l",
                                  "单", "曾", "zhang", "wang", "3", "a"])
def test_an_index_filled_a_part_at_a_time_ranks_as_rank_matches_before_and_after(text: str) -> None:
    """The page fills the prefix table between events (add_prefixes); a search before it is complete tests the
    heads instead. Either way: rank_matches' order, over realistic names."""
    data = realistic_rows(4000)
    filtered = filter_cached(data, MemberQuery(text=text, statuses=()))
    expected = rank_matches(filtered, text)
    index = SearchIndex(data, prefixes=False)
    steps = 0
    while True:
        assert index.ranked(index.find(text), text) == expected, f"after {steps} steps"
        steps += 1
        if index.add_prefixes(1500):
            break
    assert steps == 3 and index.prefixes is not None
    assert index.ranked(index.find(text), text) == expected
    assert SearchIndex(data).ranked(index.find(text), text) == expected


def test_typing_on_backspacing_and_starting_again_find_what_the_filter_finds() -> None:
    """One index over a whole session of typing: a longer text tests only the last one's places, a shorter or
    another text starts again; every answer is the plain filter's."""
    data = rows(3000) + realistic_rows(3000)
    index = SearchIndex(data)
    typed = ["3", "37", "370", "3702851", "370285195", "37028", "z", "zh", "zha", "zhang", "zhangw", "zh", "张",
             "张伟", "张", "院", "院上村3", "院上村3号", "3号", "号", "0000001", "00000012", "l", "li", "lin", "lina",
             "单", "单田", "|", "zw|", "y", "yu", "yuan"]
    for text in typed:
        assert index.find(text) == [i for i, r in enumerate(data) if text in r[SEARCH]], text
