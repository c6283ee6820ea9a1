"""The supervision area's plain rules: the word lists, dates checked, days left or overdue, and the contractor
name normalized for the related-party check. No database here."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

from ..errors import Refused

SOURCES = ("组织监督", "程序监督", "制度监督", "群众监督")
STATUSES = ("待整改", "整改中", "已销号")
POSTS = ("书记", "副书记", "主任", "副主任", "委员", "监委会主任", "监委会委员")
DUE_SOON_DAYS = 10
EVIDENCE_LIMIT_KEY = "evidence_max_mb"
EVIDENCE_LIMIT_MB = 50


class SupervisionError(Refused):
    """A supervision record the rules refuse; the message is Chinese and names the field."""


def parse_day(text: str, field: str, *, required: bool = True) -> str:
    """An ISO date from 2026-11-26 / 2026.11.26 / 2026/11/26 / 2026年11月26日; '' when allowed and blank."""
    value = (text or "").strip()
    if not value:
        if required:
            raise SupervisionError(f"{field}不能为空")
        return ""
    m = re.fullmatch(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?", value)
    if not m:
        raise SupervisionError(f"{field}“{value}”不是日期（应写成 2026-11-26）")
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        raise SupervisionError(f"{field}“{value}”不是真实的日期") from None


def check_choice(value: str, choices: tuple[str, ...], field: str) -> str:
    value = (value or "").strip()
    if value not in choices:
        raise SupervisionError(f"{field}“{value}”不在可选范围内（{'、'.join(choices)}）")
    return value


def days_left(deadline: str, today: dt.date) -> int:
    """Days from today to the deadline: 0 on the day, negative once passed."""
    return (dt.date.fromisoformat(deadline) - today).days


def overdue(status: str, deadline: str, today: dt.date) -> bool:
    """逾期: the deadline has passed (yesterday or earlier) and the problem is not closed."""
    return status != "已销号" and days_left(deadline, today) < 0


def due_soon(status: str, deadline: str, today: dt.date, within: int = DUE_SOON_DAYS) -> bool:
    """Not closed and due today or within `within` days."""
    return status != "已销号" and 0 <= days_left(deadline, today) <= within


def time_text(status: str, deadline: str, today: dt.date) -> str:
    """What the ledger shows beside the deadline: 剩 N 天 / 今天到期 / 逾期 N 天 / 已销号."""
    if status == "已销号":
        return "已销号"
    left = days_left(deadline, today)
    if left < 0:
        return f"逾期 {-left} 天"
    return "今天到期" if left == 0 else f"剩 {left} 天"


_SUFFIXES = ("有限责任公司", "股份有限公司", "有限公司", "责任公司", "公司", "合作社", "专业合作社", "工程队",
             "建筑队", "经营部", "门市部", "个体工商户", "个人", "本人")
_BRACKETS = re.compile(r"[()（）\[\]【】〔〕<>《》「」]")


def normalize_name(name: str) -> str:
    """A business name compared by what it says: full-/half-width folded, spaces, brackets and punctuation
    dropped, and the legal-form suffix (有限公司 / 有限责任公司 / 股份有限公司 …) taken off."""
    text = unicodedata.normalize("NFKC", name or "").lower()
    text = _BRACKETS.sub("", text)
    text = re.sub(r"[\s·.,，。、\-—_'\"“”‘’]", "", text)
    changed = True
    while changed:
        changed = False
        for suffix in sorted(_SUFFIXES, key=len, reverse=True):
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)]
                changed = True
                break
    return text
