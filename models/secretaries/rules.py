"""The secretaries area's plain rules: word lists, the 5-year term, dates checked, the reminder horizon. No SQL."""
from __future__ import annotations

import datetime as dt
import re

from ..dates import add_years
from ..errors import Refused

APPOINTED_BY = ("选举", "选派", "调整")
REVIEW_RESULTS = ("通过", "不通过")
TERM_YEARS = 5
TERM_NOTICE_DAYS = 90
SECRETARY_POST = "书记"


class SecretaryError(Refused):
    """A filing or evaluation the rules refuse; the message is Chinese and names the field."""


def parse_day(text: object, field: str, *, required: bool = True) -> str:
    """An ISO date from 2026-11-26 / 2026.11.26 / 2026/11/26 / 2026年11月26日 (or a date cell); '' when allowed."""
    if isinstance(text, dt.datetime):
        return text.date().isoformat()
    if isinstance(text, dt.date):
        return text.isoformat()
    value = str(text or "").strip()
    if not value:
        if required:
            raise SecretaryError(f"{field}不能为空")
        return ""
    m = re.fullmatch(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?(?:\s+00:00:00)?", value)
    if not m:
        raise SecretaryError(f"{field}“{value}”不是日期（应写成 2026-11-26）")
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        raise SecretaryError(f"{field}“{value}”不是真实的日期") from None


def term_end(appointment_date: str) -> str:
    """任期届满日期 when none is given: the appointment date plus 5 years (29 Feb → 28 Feb)."""
    return add_years(dt.date.fromisoformat(appointment_date), TERM_YEARS).isoformat()


def days_left(day: str, today: dt.date) -> int:
    return (dt.date.fromisoformat(day) - today).days


def term_ending(end: str, today: dt.date, within: int = TERM_NOTICE_DAYS) -> bool:
    """The term ends within `within` days (today counts; a term already over counts too)."""
    return bool(end) and days_left(end, today) <= within


def yes_no(value: object, field: str) -> bool:
    text = str(value if value is not None else "").strip()
    if text in ("是", "1", "True", "true", "Y", "y", "√"):
        return True
    if text in ("否", "", "0", "False", "false", "N", "n"):
        return False
    raise SecretaryError(f"{field}“{text}”应为 是 或 否")
