"""Pinyin search keys (张三 → zhangsan / zs) and natural sort keys (第二网格 before 第十网格).

pypinyin (with its phrase dictionary, ~0.15 s to import) is imported on the first name written, not when the
window starts: reading and searching members use the keys stored with them."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_NUMERALS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_RUN = re.compile(r"[零〇一二两三四五六七八九十百千]+|\d+")


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
def full(name: str) -> str:
    return "".join(lazy_pinyin(name, errors="ignore")).lower()


@lru_cache(maxsize=65536)
def initials(name: str) -> str:
    return "".join(p[:1] for p in lazy_pinyin(name, style=_first_letter(), errors="ignore")).lower()


@lru_cache(maxsize=65536)
def sort_key(name: str) -> str:
    """Order names as a clerk reads them: by pinyin, numbers (Chinese or Arabic) by value."""
    def number(m: re.Match[str]) -> str:
        s = m.group(0)
        return f"{int(s) if s.isdigit() else chinese_number(s):06d}"
    parts = _RUN.sub(lambda m: "\x01" + number(m) + "\x01", name)
    return " ".join(lazy_pinyin(parts, errors="default")).lower()
