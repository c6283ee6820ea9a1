"""GB/T 2260 administrative division codes (县级及以上), the retired ones included, from
resources/codes/gbt2260.tsv: is a 6-digit address code one the state has ever issued, and what it is called.

An old identity number carries the county code of the year it was issued (370225 莱西县, retired 1989), so a
code that is no longer in use is still a known code.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

SOURCE = Path(__file__).resolve().parent.parent / "resources" / "codes" / "gbt2260.tsv"


class Division(NamedTuple):
    code: str
    name: str
    since: int | None  # first year listed (None: since the earliest edition)
    until: int | None  # year retired (None: still in use)


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[Division, ...]]:
    table: dict[str, list[Division]] = {}
    for line in SOURCE.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        code, name, since, until = line.split("\t")
        table.setdefault(code, []).append(
            Division(code, name, int(since) if since else None, int(until) if until else None))
    return {code: tuple(items) for code, items in table.items()}


def is_known(code: str) -> bool:
    """A code listed in GB/T 2260 at any time (in use or retired)."""
    return code in _table()


def lookup(code: str) -> tuple[Division, ...]:
    """Every name the code has had, oldest first; () for a code never issued."""
    return _table().get(code, ())


def describe(code: str) -> str:
    """'370285 莱西市', '370225 莱西县（1989 年撤销）', or the code alone when unknown."""
    found = lookup(code)
    if not found:
        return code
    last = found[-1]
    return f"{code} {last.name}" + (f"（{last.until} 年撤销）" if last.until else "")


def unknown_code_warning(code: str) -> str | None:
    """The warning for a 6-digit code that GB/T 2260 never listed, or None."""
    if is_known(code):
        return None
    return f"地址码 {code} 不在行政区划代码（GB/T 2260，含已撤销的代码）中，请核对"
