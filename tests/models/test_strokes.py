"""按姓氏笔画: names by the surname's stroke count, then stroke order (横竖撇点折), then the next characters; and
the name lists of the printed reports in that order."""
from __future__ import annotations

import pytest

from models import strokes
from models.db import LedgerDB
from models.report_data import Scope, central_data, member_form_data, roster_data
from reports import fetch
from tests.conftest import add_member


@pytest.mark.parametrize("first, second", [
    ("丁一", "王五"),      # 2 strokes before 4
    ("王五", "李四"),      # 4 before 7
    ("于洋", "万里"),      # both 3 strokes: 于 starts 横横 (112), 万 横折 (153)
    ("万里", "马丽"),      # 3 strokes: 横 before 折 (马 551)
    ("李四", "张三"),      # both 7: 李 starts 横 (1), 张 starts 折 (5)
    ("张三", "阿依古丽·买买提"),  # both 7, both 折: 张 515… before 阿 52…
    ("王一", "王五"),      # same surname: the given name decides
    ("王五", "王五一"),
    ("欧阳修", "曾强"),    # 8 before 12
    ("田丽", "白雪"),      # both 5: 田 starts 竖 (2), 白 撇 (3)
])
def test_stroke_order(first: str, second: str) -> None:
    assert strokes.sort_key(first) < strokes.sort_key(second)
    assert strokes.sort_names([second, first]) == [first, second]


def test_characters_outside_the_table_come_last_and_non_han_do_not_count() -> None:
    assert strokes.sort_key("阿依古丽·买买提") == strokes.sort_key("阿依古丽买买提")
    assert strokes.sort_key("龘") < strokes.sort_key("\U0002A6A5")  # an extension-B character is not listed
    assert strokes.sort_key("Tom") == ()


def test_the_table_ships_with_its_licence() -> None:
    assert "MIT" in (strokes.SOURCE.parent / "LICENSE").read_text(encoding="utf-8")
    assert len(strokes._ranks()) > 20000


NAMES = ("张三", "王五", "丁一", "曾强", "马丽")


def test_roster_in_stroke_order(town_db: LedgerDB) -> None:
    for i, name in enumerate(NAMES):
        add_member(town_db, name, grid="第一网格", is_central=i % 2 == 0, linked_households=8 if i % 2 == 0 else 0)
    add_member(town_db, "丁二", village="姜家庄村")
    by_pinyin = roster_data(town_db, Scope())
    by_strokes = roster_data(town_db, Scope(), order="strokes")
    assert [(g.village, g.grid) for g in by_strokes.grids] == [(g.village, g.grid) for g in by_pinyin.grids]
    shown = {(g.village, g.grid): [r.name for r in g.rows] for g in by_strokes.grids}
    assert shown[("院上村", "第一网格")] == ["丁一", "马丽", "王五", "张三", "曾强"]
    assert [r.name for g in by_pinyin.grids for r in g.rows if g.village == "院上村"] == [
        "丁一", "马丽", "王五", "曾强", "张三"]
    central = central_data(town_db, Scope(), order="strokes")
    assert [r.name for g in central.grids for r in g.rows] == ["丁一", "马丽", "张三"]  # the central ones
    forms = member_form_data(town_db, Scope(), order="strokes")
    in_order = ["丁二", "丁一", "马丽", "王五", "张三", "曾强"]  # 姜家庄村 (jiang) before 院上村 (yuan)
    assert [m.name for m in forms.members] == in_order
    assert [r.name for g in fetch(town_db, "roster", Scope(), order="strokes").grids for r in g.rows] == in_order


def test_an_unknown_order_is_refused_in_chinese(town_db: LedgerDB) -> None:
    with pytest.raises(ValueError, match="排列顺序应为 pinyin 或 strokes"):
        roster_data(town_db, Scope(), order="alphabet")
