"""The 党员 page's search index finds exactly the rows the plain filter finds, in the same order: Chinese names,
pinyin, initials, identity-number fragments, texts matching almost every row, and none."""
from __future__ import annotations

from typing import Any

import pytest

from models.entities import MemberQuery
from models.members import CACHE_COLUMNS, filter_cached, match_rank, rank_matches
from ui.members.page import TextIndex

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
    found = TextIndex(data).search(text)
    assert found == filter_cached(data, MemberQuery(text=text, statuses=()))
    if text == "没有这个人":
        assert found == []


def test_first_and_last_rows_are_found() -> None:
    data = rows(50)
    index = TextIndex(data)
    assert index.search(data[0][SEARCH]) == [data[0]]
    assert index.search(data[-1][SEARCH].split("|")[3]) == [data[-1]]


@pytest.mark.parametrize("text", ["张", "张伟", "zw", "zhangwei", "z", "zh", "q", "zq", "li", "ln", "lina", "娜",
                                  "oy", "wjg", "zhangweidong", "院上村", "没有这个人"])
def test_ranking_is_match_rank_order(text: str) -> None:
    """rank_matches' string tests at the fields' places give exactly match_rank's order (stable within a rank)."""
    data = filter_cached(rows(3000), MemberQuery(text=text, statuses=()))
    expected = sorted(data, key=lambda r: match_rank(r[SEARCH], text))
    assert rank_matches(data, text) == expected
