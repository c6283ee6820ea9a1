"""Dates as clerks and documents write them, kept at the precision they were known: 'YYYY-MM-DD' or 'YYYY-MM'.

Rosters often know a joining date only to the month (2001.07, 2001年7月); such a date is stored as 'YYYY-MM'
and compared by the range of days it may stand for. Read: 1985-03-12, 1985.3.12, 1985/3/12, 1985年3月12日 (or
12号/號), 2022 11 23, 19850312, 2001-07, 2001年7月, Chinese numerals as Party documents write them (二〇〇一年十月一日,
二零一六年九月三号, 二〇〇六年十二月), and a date followed by a time (2019-05-27 09:36:46, 2018-11-29 18:59,
2019-05-27T09:36:46+08:00: the date part). Refused with a reason: a year alone, a two-digit year, digits run
together, a time of day in words.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache

_FULL = re.compile(r"^(\d{4})(?:\s*[.\-/年]\s*|\s+)(\d{1,2})(?:\s*[.\-/月]\s*|\s+)(\d{1,2})\s*[日号]?$")
_MONTH = re.compile(r"^(\d{4})(?:\s*[.\-/年]\s*|\s+)(\d{1,2})\s*月?$")
_CN_DIGIT = "〇零○一二三四五六七八九"
_CN_NUMBER = r"(?:[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_CHINESE = re.compile(rf"^([{_CN_DIGIT}]{{4}}|\d{{4}})\s*年\s*({_CN_NUMBER}|\d{{1,2}})\s*月"
                      rf"(?:\s*({_CN_NUMBER}|\d{{1,2}})\s*[日号])?$")
_TIME_TAIL = re.compile(r"^(.*?[\d日号])(?:\s+|T)([01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?"
                        r"\s*(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?$")
_TWO_DIGIT_YEAR = re.compile(r"^\d{2}\s*[.\-/年]\s*\d{1,2}\s*(?:月|[.\-/月]\s*\d{1,2}\s*[日号]?)?$")
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
    tail = _TIME_TAIL.match(text)
    if tail:  # a date followed by a time of day: the date part
        text = tail[1]
    cn = _CHINESE.match(text)
    if cn:
        year, month = _cn_int(cn[1], digits=True), _cn_int(cn[2])
        return _full(year, month, _cn_int(cn[3]), raw) if cn[3] else _month(year, month, raw)
    for pattern in (_FULL, _COMPACT):
        m = pattern.match(text)
        if m:
            return _full(int(m[1]), int(m[2]), int(m[3]), raw)
    for pattern in (_MONTH, _COMPACT_MONTH):
        m = pattern.match(text)
        if m:
            return _month(int(m[1]), int(m[2]), raw)
    raise DateError(f"无法识别日期“{raw}”，{_why(text)}请写成 1985-03-12 或 2001-07 这样的格式")


def _why(text: str) -> str:
    """The reason a date was not understood, where it is one a clerk can act on."""
    if re.fullmatch(r"\d{4}\s*年?", text):
        return "只有年份，缺少月份；"
    if _TWO_DIGIT_YEAR.match(text):
        return "年份要写全四位；"
    if re.search(r"[点時时分秒]|上午|下午|中午|晚上|凌晨", text):
        return "日期后面的时间只能写成 09:30 这样；"
    if re.fullmatch(r"\d+", text):
        return "数字连在一起分不清年月日；"
    return ""


def _cn_int(text: str, *, digits: bool = False) -> int:
    """二〇〇一 → 2001 (digit by digit, digits=True); 十 → 10, 十二 → 12, 二十 → 20, 三十一 → 31; 12 → 12."""
    if text.isdigit():
        return int(text)
    if digits:
        return int("".join(str(_CN_VALUE[ch]) for ch in text))
    tens, _, ones = text.rpartition("十")
    if "十" not in text:
        return _CN_VALUE[text]
    return (_CN_VALUE[tens] if tens else 1) * 10 + (_CN_VALUE[ones] if ones else 0)


_CN_VALUE = {ch: i for i, ch in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0}
_FULLWIDTH = str.maketrans("０１２３４５６７８９．－／　：號", "0123456789.-/ :号")


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
