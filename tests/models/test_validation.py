"""Member rules as tables of (input, expected message)."""
from __future__ import annotations

import datetime as dt

import pytest

from models import idcard
from models.validation import check_member, clean_name, clean_phone, parse_bool

TODAY = dt.date(2026, 11, 26)
ID = idcard.make("370285", dt.date(1970, 5, 6), 11)        # male, born 1970-05-06
ID_F = idcard.make("370285", dt.date(1985, 3, 12), 22)     # female
BASE = {"name": "张三", "id_number": ID, "category": "正式党员", "join_date": "1995-07-01",
        "full_date": "1996-07-01", "ethnicity": "汉族", "education": "初中"}


def check(**changes: object):
    return check_member({**BASE, **changes}, today=TODAY)


def test_valid_member_fills_gender_and_birth_from_id() -> None:
    c = check()
    assert c.ok, c.errors
    assert (c.values["gender"], c.values["birth_date"]) == ("男", "1970-05-06")


@pytest.mark.parametrize("changes, field, message", [
    ({"name": "  "}, "name", "姓名不能为空"),
    ({"id_number": ID[:17] + ("0" if ID[17] != "0" else "1")}, "id_number", "校验位错误"),
    ({"id_number": 3.70285197005e17}, "id_number", "Excel"),
    ({"gender": "女"}, "gender", "与公民身份号码不符（号码显示为男）"),
    ({"birth_date": "1971-05-06"}, "birth_date", "与公民身份号码不符"),
    ({"join_date": "1987-01-01", "full_date": ""}, "join_date", "入党时未满 18 周岁"),
    ({"join_date": "1988-04"}, "join_date", "入党时未满 18 周岁"),
    ({"full_date": "1994-01-01"}, "full_date", "转正日期早于加入党组织日期"),
    ({"category": "预备党员", "full_date": "1996-07-01"}, "full_date", "预备党员不应填写"),
    ({"category": "入党积极分子"}, "category", "不是党员"),
    ({"category": ""}, "category", "人员类别不能为空"),
    ({"join_date": ""}, "join_date", "加入党组织日期不能为空"),
    ({"join_date": "1995-02-30"}, "join_date", "不存在"),
    ({"join_date": "2030-01-01"}, "join_date", "在今天之后"),
    ({"join_date": "去年"}, "join_date", "无法识别日期"),
    ({"phone": "12345"}, "phone", "不是有效号码"),
    ({"ethnicity": "火星族"}, "ethnicity", "不在民族代码表中"),
    ({"education": "幼儿园"}, "education", "不在学历代码表中"),
    ({"party_status": "暂停"}, "party_status", "应为 正常 或 停止党籍"),
    ({"is_central": "也许"}, "is_central", "应为 是 或 否"),
    ({"linked_households": "-3"}, "linked_households", "不小于 0 的整数"),
    ({"lost_date": "2020-05"}, "lost_date", "未标记为失联党员"),
])
def test_rejects_with_field_and_reason(changes: dict[str, object], field: str, message: str) -> None:
    c = check(**changes)
    assert not c.ok
    assert message in c.errors_by_field().get(field, ""), c.errors


@pytest.mark.parametrize("changes, key, expected", [
    ({"category": "预备", "full_date": ""}, "category", "预备党员"),
    ({"category": "正式"}, "category", "正式党员"),
    ({"education": "大专"}, "education", "大学专科"),
    ({"education": "本科毕业"}, "education", "大学本科毕业"),
    ({"ethnicity": "回"}, "ethnicity", "回族"),
    ({"join_date": "1995.07"}, "join_date", "1995-07"),
    ({"join_date": "1995年7月1日"}, "join_date", "1995-07-01"),
    ({"join_date": "19950701"}, "join_date", "1995-07-01"),
    ({"join_date": dt.date(1995, 7, 1)}, "join_date", "1995-07-01"),
    ({"phone": "138 0532 1234"}, "phone", "13805321234"),
    ({"phone": "0532-88886666"}, "phone", "0532-88886666"),
    ({"phone": "(0532)88886666"}, "phone", "0532-88886666"),
    ({"is_central": "√", "linked_households": "10"}, "is_central", True),
    ({"name": "王　芳", "id_number": ID_F, "join_date": "2010-07-01", "full_date": ""}, "name", "王芳"),
    ({"id_number": ID.lower()}, "id_number", ID),
])
def test_normalizes(changes: dict[str, object], key: str, expected: object) -> None:
    c = check(**changes)
    assert c.ok, c.errors
    assert c.values[key] == expected


def test_month_precision_join_is_kept() -> None:
    c = check(join_date="2001年7月", full_date="2002.07")
    assert c.ok and (c.values["join_date"], c.values["full_date"]) == ("2001-07", "2002-07")


def test_warnings_do_not_block() -> None:
    c = check(full_date="1995-12-01", job="宇航员")
    assert c.ok
    assert {w.field for w in c.warnings} == {"full_date", "job"}


@pytest.mark.parametrize("raw, expected", [("阿依古丽·买买提", "阿依古丽·买买提"), (" 王 芳 ", "王芳"),
                                           ("John Smith", "John Smith")])
def test_clean_name(raw: str, expected: str) -> None:
    assert clean_name(raw) == expected


@pytest.mark.parametrize("raw, ok", [("13805321234", True), ("+86 138-0532-1234", True), ("88886666", False),
                                     ("0532 8888 6666", True), ("2345678901", False)])
def test_phone(raw: str, ok: bool) -> None:
    assert (clean_phone(raw)[1] is None) is ok


@pytest.mark.parametrize("raw, expected", [("是", True), ("✓", True), ("√", True), ("", False), ("否", False),
                                           (None, False), ("maybe", None)])
def test_bool(raw: object, expected: bool | None) -> None:
    assert parse_bool(raw) is expected


@pytest.mark.parametrize("changes, key, expected", [
    ({"phone": "１３８０５３２１２３４"}, "phone", "13805321234"),
    ({"join_date": "１９９５-０７-０１"}, "join_date", "1995-07-01"),
])
def test_full_width_digits_become_ascii(changes: dict[str, object], key: str, expected: str) -> None:
    c = check(**changes)
    assert c.ok, c.errors
    assert c.values[key] == expected


@pytest.mark.parametrize("address_code, warned", [
    ("370285", False), ("110105", False),
    ("370225", False),   # 莱西县, retired 1989: old numbers still carry it
    ("110103", False),   # 崇文区, retired 2010
    ("111111", True), ("999999", True), ("370299", True),
])
def test_unknown_county_codes_are_warned_not_refused(address_code: str, warned: bool) -> None:
    c = check(id_number=idcard.make(address_code, dt.date(1970, 5, 6), 11))
    assert c.ok, c.errors
    message = "；".join(w.message for w in c.warnings if w.field == "id_number")
    assert (f"地址码 {address_code} 不在行政区划代码" in message) is warned, message


def test_cached_rules_tell_values_of_the_same_hash_apart() -> None:
    """The rules are cached by value: 1.0 (a number cell), 1 and True must each be read as themselves, in any
    order, and a value seen before gives the same message again (the cache never swallows an error)."""
    assert check(linked_households=3.0).values["linked_households"] == 3
    assert check(is_central=True, linked_households=3).values["is_central"] is True
    for _ in range(2):
        refused = check(gender="中", join_date="2026-12-25", full_date="")
        assert refused.errors_by_field() == {"gender": "“中”不是有效性别，应为 男 或 女",
                                             "join_date": "日期 2026-12-25 在今天之后"}
    assert check(linked_households=-1.0).errors_by_field() == {"linked_households": "“-1”应为不小于 0 的整数"}


def test_unhashable_value_is_read_as_its_text() -> None:
    """A list from a JSON file where a word was due is refused with its text named, not a traceback."""
    checked = check(gender=["男"], mobile={"是": 1})
    assert checked.errors_by_field() == {"gender": "“['男']”不是有效性别，应为 男 或 女",
                                         "mobile": "“{'是': 1}”应为 是 或 否"}
