"""按姓氏笔画: the order official name lists are printed in — by the surname's stroke count, then its stroke order
(横、竖、撇、点、折), then the following characters the same way.

The order of 20,897 characters is shipped in resources/strokes/stroke_order.txt (from cn-sort, MIT). A character
the table lacks comes after every listed one, by code point; characters that are not Han (the · in 阿依古丽·买买提)
do not count.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "resources" / "strokes" / "stroke_order.txt"
_UNLISTED = 1 << 21  # after every listed character


@lru_cache(maxsize=1)
def _ranks() -> dict[str, int]:
    lines = [ln for ln in SOURCE.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return {ch: i for i, line in enumerate(lines) for ch in line}


def _is_han(ch: str) -> bool:
    cp = ord(ch)
    return 0x3400 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x3FFFF


def rank(ch: str) -> int | None:
    """The place of one character in stroke order (一 first); None for a character that is not Han."""
    found = _ranks().get(ch)
    if found is not None:
        return found
    return _UNLISTED + ord(ch) if _is_han(ch) else None


def sort_key(name: str) -> tuple[int, ...]:
    """A name's key in 按姓氏笔画 order: each Han character's place in stroke order, surname first."""
    ranks = _ranks()
    out = []
    for ch in name:
        r = ranks.get(ch)
        if r is None:
            r = rank(ch)
            if r is None:
                continue
        out.append(r)
    return tuple(out)


def sort_names(names: list[str]) -> list[str]:
    """Names in 按姓氏笔画 order (equal keys keep their order)."""
    return sorted(names, key=sort_key)
