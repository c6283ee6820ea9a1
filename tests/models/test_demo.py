from __future__ import annotations

import pytest

from models import idcard
from models.demo import fill_demo
from models.entities import MemberQuery
from models.members import count_members, search_members
from models.validation import check_member


def test_demo_town_is_valid_and_realistic(db) -> None:
    made = fill_demo(db, 400)
    assert made["members"] == 400 and made["villages"] >= 3
    everyone = search_members(db, MemberQuery(statuses=("在册", "转出", "去世", "出党")))
    assert len(everyone) == 400
    counts = count_members(db)
    assert 0 < counts["预备党员"] < counts["正式党员"]
    assert counts["在册"] < 400  # some transferred out or deceased
    assert any(m.is_central for m in everyone)
    for m in everyone:
        idcard.parse(m.id_number)
        checked = check_member(m.__dict__)
        assert checked.ok, (m, checked.errors)


def test_demo_refuses_a_database_with_members(db) -> None:
    fill_demo(db, 50)
    with pytest.raises(ValueError, match="已有党员数据"):
        fill_demo(db, 50)


def test_demo_names_are_mostly_distinct_and_fit_the_gender(db) -> None:
    fill_demo(db, 3000)
    everyone = search_members(db, MemberQuery(statuses=("在册", "转出", "去世", "出党")))
    assert len({m.name for m in everyone}) > 0.9 * len(everyone)
    manly, womanly = set("军强刚勇虎龙兵铁钢武"), set("芳娜婷秀娟丽艳霞莲娥")
    for m in everyone:
        given = set(m.name[1:])
        assert not (given & (manly if m.gender == "女" else womanly)), (m.name, m.gender)
    surnames = [m.name[0] for m in everyone]
    common = sorted(set(surnames), key=surnames.count, reverse=True)[:5]
    assert {"王", "李", "张"} <= set(common)
    assert "曾" in surnames and "单" in surnames  # the polyphonic surnames a Shandong roster has
