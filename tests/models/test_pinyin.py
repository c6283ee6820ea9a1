"""Pinyin keys of names: per-character readings, polyphonic surnames found by either reading, sorted by the
surname reading; compound surnames read as a whole."""
from __future__ import annotations

import sys

import pytest

from models import pinyin
from models.entities import MemberQuery
from models.members import search_members
from tests.conftest import add_member


@pytest.mark.parametrize("name, typed", [
    ("曾强", "zq"), ("曾强", "zengqiang"), ("曾强", "cq"), ("曾强", "cengqiang"),
    ("单田芳", "stf"), ("单田芳", "shantianfang"), ("单田芳", "dtf"),
    ("解放", "xief"), ("仇海", "qiuhai"), ("区丽", "oul"), ("查良", "zhal"), ("朴明", "piaom"),
    ("乐云", "yuey"), ("覃静", "qinj"), ("翟伟", "zhaiw"), ("盖军", "gej"), ("缪红", "miaoh"),
    ("尉迟恭", "yuchigong"), ("尉迟恭", "ycg"), ("单于文", "chanyuwen"), ("长孙明", "zhangsunm"),
    ("吕布", "lvbu"),
])
def test_a_clerk_finds_a_name_by_either_reading(town_db, name: str, typed: str) -> None:
    add_member(town_db, name)
    add_member(town_db, "王五")
    assert [m.name for m in search_members(town_db, MemberQuery(text=typed))] == [name]


@pytest.mark.parametrize("name, sort", [
    ("曾强", "zeng qiang"), ("单田芳", "shan tian fang"), ("翟伟", "zhai wei"), ("张三", "zhang san"),
    ("欧阳修", "ou yang xiu"), ("万俟卨", "mo qi xie"), ("令狐冲", "ling hu chong"), ("吕布", "lv bu"),
])
def test_names_sort_by_the_surname_reading(name: str, sort: str) -> None:
    assert pinyin.name_sort_key(name) == sort


def test_roster_order_reads_the_surname(town_db) -> None:
    for name in ("张三", "曾强", "陈明", "单田芳", "邓华"):
        add_member(town_db, name)
    # ceng/dan would put 曾 before 陈 and 单 before 邓; read as surnames they come after
    assert [m.name for m in search_members(town_db, MemberQuery())] == ["陈明", "邓华", "单田芳", "曾强", "张三"]


@pytest.mark.parametrize("name, search", [
    ("张三", "张三|zhangsan|zs"), ("王芳", "王芳|wangfang|wf"),
    ("曾强", "曾强|cengqiang|cq|zengqiang|zq"),
    ("阿依古丽·买买提", "阿依古丽·买买提|ayigulimaimaiti|ayglmmt"),
])
def test_search_keys(name: str, search: str) -> None:
    assert pinyin.name_keys(name).search == search


def test_readings_match_pypinyin_one_character_at_a_time() -> None:
    from pypinyin import lazy_pinyin
    for ch in "张王李赵曾单吕绿女略〇阿嗯":
        assert pinyin.reading(ch) == "".join(lazy_pinyin(ch)), ch


def test_name_keys_do_not_load_the_phrase_dictionary() -> None:
    import subprocess
    code = ("import sys; from models import pinyin; pinyin.name_keys('曾强');"
            " print('pypinyin.phrases_dict' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=str(pinyin.__file__).rsplit("/models/", 1)[0])
    assert out.stdout.strip() == "False"


def test_an_older_database_gets_the_surname_readings_on_upgrade(db_path) -> None:  # type: ignore[no-untyped-def]
    """m007: 曾强 saved with the old keys (cengqiang/cq only) is found by zq after the upgrade, updated_at kept."""
    import sqlite3

    from models.db import open_database
    from models.entities import MemberQuery
    from models.members import filter_cached, member_cache_rows
    from models.org import add_village, save_town
    from tests.conftest import add_member
    db = open_database(db_path)
    save_town(db, "院上镇", "370285")
    add_village(db, "院上村")
    add_member(db, "曾强")
    db.close()
    conn = sqlite3.connect(db_path)  # as an older version left it
    conn.execute("UPDATE members SET search_text = '曾强|cengqiang|cq|370285', sort_key = 'ceng qiang'")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm007_name_keys'")
    conn.commit()
    stamp = conn.execute("SELECT updated_at FROM members").fetchone()[0]
    conn.close()
    db = open_database(db_path)
    found = filter_cached(member_cache_rows(db), MemberQuery(text="zq"))
    assert [r[1] for r in found] == ["曾强"]
    assert db.execute("SELECT sort_key, updated_at FROM members").fetchone() == ("zeng qiang", stamp)
