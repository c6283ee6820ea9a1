from __future__ import annotations

import datetime as dt

import pytest

from models import idcard

TODAY = dt.date(2026, 11, 26)
VALID = "11010519491231002X"  # the GB 11643 example


@pytest.mark.parametrize("raw, expected", [
    (VALID, VALID),
    ("11010519491231002x", VALID),                      # lowercase x
    ("１１０１０５１９４９１２３１００２Ｘ", VALID),      # full-width digits
    (" 110105 19491231 002X ", VALID),                  # spaces
    ("110105491231002", VALID),          # 15-digit card converted
    (110105491231002.0, VALID),          # 15 digits in a number cell: Excel keeps 15 significant digits
    (110105491231002, VALID),
])
def test_normalizes(raw: str, expected: str) -> None:
    assert idcard.parse(raw, today=TODAY).number == expected


@pytest.mark.parametrize("raw, message", [
    ("110105194912310021", "校验位错误：最后一位应为 X"),
    ("110105194902300028", "出生日期 19490230 不存在"),
    ("110105203001010010", "不可能"),
    ("1101051949", "应为 18 位"),
    ("370285********0011", "部分隐藏的号码"),
    ("3702**************", "部分隐藏的号码"),
    ("11010519491231002Y", "只能由数字组成"),
    ("", "不能为空"),
    (3.70285e17, "被 Excel 存成了数字"),
    ("3.70285E+17", "被 Excel 存成了数字"),
    (370285197005060011, "被 Excel 存成了数字"),
    (110105194912310020.0, "末几位已经丢失"),          # 18 digits in a number cell: the last ones are gone
    ("1.10105E+14", "被 Excel 存成了数字"),          # a 15-digit number as Excel shows it: digits gone
    (110105491231.0, "应为 18 位"),
    (1101054912310.5, "被 Excel 存成了数字"),
])
def test_rejects(raw: object, message: str) -> None:
    with pytest.raises(idcard.IdNumberError, match=message):
        idcard.parse(raw, today=TODAY)


def test_tells_gender_and_birth() -> None:
    info = idcard.parse(VALID, today=TODAY)
    assert (info.birth_date, info.gender) == ("1949-12-31", "女")
    assert idcard.parse(idcard.make("370285", dt.date(1980, 1, 2), 11), today=TODAY).gender == "男"


def test_mask_keeps_only_province_and_city() -> None:
    assert idcard.mask("370285197005060011") == "3702**************"
    assert idcard.mask("37028519700506001") == "37028519700506001"  # not a number: shown as typed
