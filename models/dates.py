"""Dates as clerks write them, kept at the precision they were known: 'YYYY-MM-DD' or 'YYYY-MM'.

Rosters often know a joining date only to the month (2001.07, 2001年7月); such a date is stored as 'YYYY-MM'
and compared by the range of days it may stand for.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache

_FULL = re.compile(r"^(\d{4})\s*[.\-/年]\s*(\d{1,2})\s*[.\-/月]\s*(\d{1,2})\s*日?$")
_MONTH = re.compile(r"^(\d{4})\s*[.\-/年]\s*(\d{1,2})\s*月?$")
_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_COMPACT_MONTH = re.compile(r"^(\d{4})(\d{2})$")


class DateError(ValueError):
    """A date that cannot be read or does not exist; the message is Chinese."""


def _full(y: int, m: int, d: int, raw: str) -> str:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        raise DateError(f"日期“{raw}”不存在") from None


def _month(y: int, m: int, raw: str) -> str:
    if not 1 <= m <= 12 or y < 1900:
        raise DateError(f"日期“{raw}”不存在")
    return f"{y:04d}-{m:02d}"


def parse_date(value: object) -> str:
    """Normalize a date to 'YYYY-MM-DD' or 'YYYY-MM'; '' for blank. Raises DateError with a Chinese reason."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return _parse_text(str(value).strip())


@lru_cache(maxsize=32768)
def _parse_text(raw: str) -> str:
    """parse_date for text; cached, since a roster repeats the same dates many times (errors are not cached)."""
    if not raw:
        return ""
    if len(raw) == 10 and _ISO.fullmatch(raw):  # the common case: already YYYY-MM-DD
        return _full(int(raw[:4]), int(raw[5:7]), int(raw[8:]), raw)
    text = raw.translate(_FULLWIDTH)
    for pattern in (_FULL, _COMPACT):
        m = pattern.match(text)
        if m:
            return _full(int(m[1]), int(m[2]), int(m[3]), raw)
    for pattern in (_MONTH, _COMPACT_MONTH):
        m = pattern.match(text)
        if m:
            return _month(int(m[1]), int(m[2]), raw)
    raise DateError(f"无法识别日期“{raw}”，请写成 1985-03-12 或 2001-07 这样的格式")


_FULLWIDTH = str.maketrans("０１２３４５６７８９．－／　", "0123456789.-/ ")


def is_month_only(date: str) -> bool:
    return len(date) == 7


@lru_cache(maxsize=8192)
def earliest(date: str) -> dt.date:
    """First day a (possibly month-precision) date may stand for."""
    if is_month_only(date):
        return dt.date(int(date[:4]), int(date[5:7]), 1)
    return dt.date.fromisoformat(date)


@lru_cache(maxsize=8192)
def latest(date: str) -> dt.date:
    """Last day a (possibly month-precision) date may stand for."""
    if is_month_only(date):
        y, m = int(date[:4]), int(date[5:7])
        return dt.date(y, m, calendar.monthrange(y, m)[1])
    return dt.date.fromisoformat(date)


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def display(date: str) -> str:
    """How a stored date is shown: 1985-03-12 or 2001-07 (unchanged; empty stays empty)."""
    return date or ""
