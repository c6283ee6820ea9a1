"""公民身份号码 (GB 11643-1999): normalization, checksum, 15→18 conversion and what the number tells."""
from __future__ import annotations

import datetime as dt
import operator
import re
from typing import NamedTuple

from . import clock

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
_FULLWIDTH = str.maketrans("０１２３４５６７８９ＸｘＥｅ＋．", "0123456789XxEe+.")
_CLEAN = re.compile(r"[0-9]{17}[0-9Xx]")
_JUNK = re.compile(r"[\s\u3000'\u2018\u2019`]")
_DIGITS15 = re.compile(r"[0-9]{15}")
_SCIENTIFIC = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")


class IdNumberError(ValueError):
    """An identity number that cannot be right; the message is Chinese."""


class IdInfo(NamedTuple):  # a tuple: made once per imported row, so cheap to build
    number: str
    birth_date: str  # YYYY-MM-DD
    gender: str  # 男 / 女
    address_code: str


_ZERO_SUM = ord("0") * sum(WEIGHTS)


def check_char(first17: str) -> str:
    """The check character of 17 ASCII digits (their code points minus '0', weighted)."""
    return CHECK_CHARS[(sum(map(operator.mul, first17.encode("ascii"), WEIGHTS)) - _ZERO_SUM) % 11]


def clean(value: object) -> str:
    """Strip spaces, full-width digits → ASCII, trailing x → X. Floats are kept recognizable for parse()."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    text = str(value)
    if _CLEAN.fullmatch(text):  # the common case: 18 ASCII characters already
        return text.upper()
    text = _JUNK.sub("", text.translate(_FULLWIDTH))
    return text.upper()


def _integer(value: int | float) -> str:
    """The digits of a whole number cell (370285700506111.0 → '370285700506111'); '' for a fraction."""
    if isinstance(value, float) and not value.is_integer() or value < 0:
        return ""
    return str(int(value))


def parse(value: object, *, today: dt.date | None = None) -> IdInfo:
    """Validate and normalize a number; raise IdNumberError with the reason in Chinese."""
    if type(value) is str and _CLEAN.fullmatch(value):  # the common case: 18 ASCII characters already
        return _parse18(value.upper(), today)
    text = clean(value)
    if not text:
        raise IdNumberError("公民身份号码不能为空")
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < len(_integer(value)) <= 15:
        text = _integer(value)  # up to 15 digits (an old 15-digit number) fit in Excel's precision: intact
    elif isinstance(value, (int, float)) and not isinstance(value, bool) or _SCIENTIFIC.match(text):
        raise IdNumberError(
            "公民身份号码被 Excel 存成了数字，末几位已经丢失（如 3.70285E+17）；"
            "请把该列设置为“文本”格式后重新填写")
    if _DIGITS15.fullmatch(text):
        text = text[:6] + "19" + text[6:]
        text += check_char(text)
    if "*" in text:
        raise IdNumberError("这是部分隐藏的号码，请填写完整的公民身份号码")
    if len(text) == 18 and not _CLEAN.fullmatch(text):
        raise IdNumberError("公民身份号码只能由数字组成（最后一位可为 X）")
    if not _CLEAN.fullmatch(text):
        raise IdNumberError(f"公民身份号码应为 18 位（最后一位可为 X），现为 {len(text)} 位")
    return _parse18(text, today)


def _parse18(text: str, today: dt.date | None) -> IdInfo:
    """The checks on 18 ASCII characters (17 digits and a digit or X): birth date, check character."""
    try:
        birth = dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise IdNumberError(f"公民身份号码中的出生日期 {text[6:14]} 不存在") from None
    if birth > (today or clock.today()) or birth.year < 1900:
        raise IdNumberError(f"公民身份号码中的出生日期 {birth.isoformat()} 不可能")
    expected = check_char(text[:17])
    if text[17] != expected:
        raise IdNumberError(f"公民身份号码校验位错误：最后一位应为 {expected}，请核对号码")
    gender = "男" if int(text[16]) % 2 == 1 else "女"
    return IdInfo(text, birth.isoformat(), gender, text[:6])


def mask(number: str) -> str:
    """3702************** — for rosters and read-only users: only the province and city digits stay.

    The birth date and gender are printed beside the number, so hiding only the birth digits let anyone rebuild
    it (the sequence code has 500 choices once the gender is known, the check character narrows them to ~45).
    With the county digits, the sequence code and the check character hidden too, 50,000 full numbers fit
    what a masked row shows (tests/models/test_id_mask.py counts them)."""
    if len(number) != 18:
        return number
    return number[:MASK_KEEP] + "*" * (18 - MASK_KEEP)


MASK_KEEP = 4  # visible leading digits of a masked number: province (2) and city (2)


def make(address_code: str, birth: dt.date, sequence: int) -> str:
    """Build a valid number (for sample data and tests)."""
    first17 = f"{address_code}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_char(first17)
