"""Pinyin search keys (张三 → zhangsan / zs), name sort keys read by the surname, natural sort keys.

Readings come from pypinyin's per-character table (`pinyin_dict`, the first reading of each character), one dict
lookup a character, and a name's keys are computed once (`name_keys`). Surnames are read as surnames: 曾 is zeng,
单 shan, 解 xie …, and compound surnames (欧阳, 尉迟, 单于 …) as a whole. A name whose surname reads differently
from the character's common reading is indexed with both (a clerk may type either); it sorts by the surname
reading. Village and grid names keep `sort_key` (pinyin, numbers by value).
"""
from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

_NUMERALS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_RUN = re.compile(r"[零〇一二两三四五六七八九十百千]+|\d+")
_V = str.maketrans({"ü": "v", "ǖ": "v", "ǘ": "v", "ǚ": "v", "ǜ": "v"})

# Surnames whose surname reading is not the character's first (common) reading in pypinyin's table.
SURNAME_READINGS = {
    "曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "区": "ou", "查": "zha", "朴": "piao", "乐": "yue",
    "覃": "qin", "翟": "zhai", "盖": "ge", "缪": "miao", "秘": "bi", "种": "chong", "员": "yun", "能": "nai",
    "曲": "qu", "折": "she", "句": "gou", "阚": "kan", "隗": "wei", "召": "shao", "繁": "po", "薄": "bo",
    "燕": "yan", "宿": "su", "佴": "nai", "祭": "zhai", "莘": "shen", "长": "chang", "重": "chong",
    "朝": "chao", "柏": "bai", "藏": "zang", "沈": "shen", "华": "hua", "任": "ren", "尉": "wei",
    "冼": "xian", "牟": "mou", "都": "du", "率": "shuai", "过": "guo", "相": "xiang", "黑": "he",
}
# Compound surnames (复姓), read as pypinyin's phrase dictionary reads them.
COMPOUND_SURNAMES = {
    "欧阳": "ou yang", "司马": "si ma", "上官": "shang guan", "诸葛": "zhu ge", "东方": "dong fang",
    "皇甫": "huang fu", "尉迟": "yu chi", "公孙": "gong sun", "长孙": "zhang sun", "慕容": "mu rong",
    "令狐": "ling hu", "宇文": "yu wen", "司徒": "si tu", "万俟": "mo qi", "单于": "chan yu", "夏侯": "xia hou",
    "轩辕": "xuan yuan", "端木": "duan mu", "呼延": "hu yan", "南宫": "nan gong", "西门": "xi men",
    "独孤": "du gu", "澹台": "tan tai", "公冶": "gong ye", "宗政": "zong zheng", "濮阳": "pu yang",
    "淳于": "chun yu", "太叔": "tai shu", "申屠": "shen tu", "钟离": "zhong li", "闾丘": "lv qiu",
    "东郭": "dong guo", "百里": "bai li", "司空": "si kong", "鲜于": "xian yu", "赫连": "he lian",
    "拓跋": "tuo ba", "公羊": "gong yang", "左丘": "zuo qiu", "第五": "di wu", "乐正": "yue zheng",
    "仲孙": "zhong sun", "叔孙": "shu sun", "公西": "gong xi", "亓官": "qi guan", "司寇": "si kou",
}
_COMPOUND_FIRSTS = {c[0] for c in COMPOUND_SURNAMES}


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    """pypinyin's per-character table (code point → readings), read from its data file without importing the
    package (whose import loads the 0.5 s phrase dictionary)."""
    spec = importlib.util.find_spec("pypinyin")
    assert spec is not None and spec.submodule_search_locations
    path = Path(next(iter(spec.submodule_search_locations))) / "pinyin_dict.json"
    data: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return data


_READINGS: dict[str, str] = {}


def reading(ch: str) -> str:
    """The common reading of one character without tone (曾 → ceng, 吕 → lv); '' for anything else."""
    found = _READINGS.get(ch)
    if found is None:
        raw = _table().get(str(ord(ch)))
        first = unicodedata.normalize("NFD", raw.split(",", 1)[0].translate(_V)) if raw else ""
        found = _READINGS[ch] = "".join(c for c in first if not unicodedata.combining(c))
    return found


@dataclass(frozen=True)
class NameKeys:
    """search: what the search box matches for a name (name|full|initials[|surname full|surname initials]);
    sort: the name's order (by the surname reading)."""
    search: str
    sort: str


def _split_surname(name: str) -> tuple[str, list[str]] | None:
    """(surname, its syllables as a surname) when it reads differently from its characters' common readings."""
    first = name[:1]
    if first in _COMPOUND_FIRSTS and len(name) > 2 and name[:2] in COMPOUND_SURNAMES:
        return name[:2], COMPOUND_SURNAMES[name[:2]].split()
    if first in SURNAME_READINGS:
        return first, [SURNAME_READINGS[first]]
    return None


def name_keys(name: str) -> NameKeys:
    """The search and sort keys of a person's name, computed once per name."""
    syllables = [_READINGS.get(ch) or reading(ch) for ch in name]
    if all(syllables):
        common, order = syllables, syllables
    else:
        common = [s for s in syllables if s]
        order = [s or ch for s, ch in zip(syllables, name)]
    search = f"{name}|{''.join(common)}|{''.join([s[0] for s in common])}"
    split = _split_surname(name)
    if split is not None:
        surname, as_surname = split
        surname_full = as_surname + [s for s in syllables[len(surname):] if s]
        if surname_full != common:
            search += f"|{''.join(surname_full)}|{''.join([s[0] for s in surname_full])}"
        order = as_surname + order[len(surname):]
    return NameKeys(search, " ".join(order).lower())


def full(name: str) -> str:
    """All syllables of the common readings, run together (张三 → zhangsan)."""
    return "".join(reading(ch) for ch in name)


def initials(name: str) -> str:
    """First letters of the common readings (张三 → zs)."""
    return "".join(r[0] for r in map(reading, name) if r)


def name_sort_key(name: str) -> str:
    """A person's name in roster order: by pinyin, the surname read as a surname (曾 zeng, 单 shan)."""
    return name_keys(name).sort


def lazy_pinyin(text: str, **kwargs: Any) -> list[str]:
    from pypinyin import lazy_pinyin as convert
    return convert(text, **kwargs)


def _first_letter() -> Any:
    from pypinyin import Style
    return Style.FIRST_LETTER


def chinese_number(text: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20, 一百零五 → 105."""
    total, current = 0, 0
    for ch in text:
        if ch in _NUMERALS:
            current = _NUMERALS[ch]
        else:
            total += (current or 1) * _UNITS[ch]
            current = 0
    return total + current


@lru_cache(maxsize=65536)
def sort_key(name: str) -> str:
    """Order village and grid names as a clerk reads them: by pinyin, numbers (Chinese or Arabic) by value."""
    def number(m: re.Match[str]) -> str:
        s = m.group(0)
        return f"{int(s) if s.isdigit() else chinese_number(s):06d}"
    from pypinyin import lazy_pinyin  # the phrase dictionary (0.1 s to load) only when a place is named
    parts = _RUN.sub(lambda m: "\x01" + number(m) + "\x01", name)
    return " ".join(lazy_pinyin(parts, errors="default")).lower()
