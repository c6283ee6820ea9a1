"""Classes and stars per year, the four slots with replacement history, year copy, the matrix and its filters."""
from __future__ import annotations

import datetime as dt

import pytest

from models import assistance as a
from models.db import LedgerDB
from tests.models.assistance.helpers import LEADER, SECRETARY, TOWN_LEADER, weak_town  # noqa: F401


def test_class_and_stars_per_year_with_history(db: LedgerDB) -> None:
    ids = weak_town(db)
    a.set_class(db, ids["后庄村"], 2025, "创优", 4, decided_on="2025-01-15", note="年初评定")
    history = a.village_history(db, ids["后庄村"])
    assert [(h.year, h.klass, h.stars) for h in history] == [(2025, "创优", 4), (2026, "示范", 5)]
    assert history[0].decided_on == "2025-01-15" and history[0].note == "年初评定"


@pytest.mark.parametrize(("klass", "stars", "year", "words"), [
    ("强基", 6, 2026, "星级 6"), ("强基", 0, 2026, "星级 0"), ("弱村", 2, 2026, "分类“弱村”"),
    ("示范", 3, 1899, "年度 1899"), ("示范", 3, 2090, "年度 2090"), ("示范", "三", 2026, "星级“三”")])
def test_bad_class_stars_and_year_are_refused_in_chinese(db: LedgerDB, klass: str, stars: object, year: int,
                                                         words: str) -> None:
    ids = weak_town(db)
    with pytest.raises(a.AssistanceError, match=words):
        a.set_class(db, ids["后庄村"], year, klass, stars)
    assert a.get_year(db, ids["后庄村"], 2026).klass == "示范"  # type: ignore[union-attr]


def test_many_villages_classed_for_a_new_year_from_last_year(db: LedgerDB) -> None:
    ids = weak_town(db)
    start = {vid: (k, s) for vid, k, s in a.start_year_from(db, 2027)}
    assert start[ids["院上村"]] == ("强基", 2) and start[ids["后庄村"]] == ("示范", 5)
    rows = [(vid, "创优" if vid == ids["院上村"] else k, s) for vid, (k, s) in start.items()]
    assert a.set_classes(db, 2027, rows) == 3
    assert [(c.village, c.klass) for c in a.year_classes(db, 2027)] == [
        ("后庄村", "示范"), ("姜家庄村", "强基"), ("院上村", "创优")]
    # one bad row refuses the whole batch, naming the village
    with pytest.raises(a.AssistanceError, match="姜家庄村：星级 9"):
        a.set_classes(db, 2027, [(ids["院上村"], "强基", 1), (ids["姜家庄村"], "强基", 9)])
    assert a.get_year(db, ids["院上村"], 2027).klass == "创优"  # type: ignore[union-attr]


def test_a_slot_only_for_a_weak_village_and_posting_end_after_start(db: LedgerDB) -> None:
    ids = weak_town(db)
    with pytest.raises(a.AssistanceError, match="后庄村 2026 年不是强基村"):
        a.assign(db, ids["后庄村"], 2026, "leader", LEADER)
    with pytest.raises(a.AssistanceError, match="驻村结束日期 2026-01-01 应晚于开始日期 2026-03-01"):
        a.assign(db, ids["姜家庄村"], 2026, "first_secretary", SECRETARY, posting_start="2026-03-01",
                 posting_end="2026-01-01")
    with pytest.raises(a.AssistanceError, match="镇街领导帮包：联系电话"):
        a.assign(db, ids["姜家庄村"], 2026, "town_leader", a.Person("钱七", "副镇长", "12345"))
    assert a.holder(db, ids["姜家庄村"], 2026, "first_secretary") is None


def test_the_same_person_typed_twice_is_one_person(db: LedgerDB) -> None:
    ids = weak_town(db)
    a.assign(db, ids["姜家庄村"], 2026, "town_leader", TOWN_LEADER)
    assert db.execute("SELECT count(*) FROM assistance_people WHERE name = '李明'").fetchone()[0] == 1
    assert [p.name for p in a.known_people(db, "town_leader", "李")] == ["李明"]


def test_replacement_keeps_history_and_who_holds_it_on_a_day(db: LedgerDB) -> None:
    ids = weak_town(db)
    v = ids["院上村"]
    a.assign(db, v, 2026, "town_leader", a.Person("周涛", "副镇长", "13900000009"), since="2026-07-01")
    history = [s for s in a.slot_history(db, v, 2026) if s.kind == "town_leader"]
    assert [(s.person.name, s.held_from, s.held_until, s.status) for s in history] == [
        ("李明", "2026-01-01", "2026-06-30", "已替换"), ("周涛", "2026-07-01", "", "在任")]
    assert a.holder(db, v, 2026, "town_leader", dt.date(2026, 6, 30)).person.name == "李明"  # type: ignore
    assert a.holder(db, v, 2026, "town_leader", dt.date(2026, 7, 1)).person.name == "周涛"  # type: ignore
    cells = a.matrix(db, 2026, dt.date(2026, 6, 15)).rows
    assert {r.village: r.cells["town_leader"].person.name for r in cells if r.village == "院上村"} == {  # type: ignore
        "院上村": "李明"}
    with pytest.raises(a.AssistanceError, match="接任日期"):
        a.assign(db, v, 2026, "town_leader", a.Person("吴刚", "", ""), since="2026-05-01")


def test_changing_the_class_keeps_slots_but_drops_them_from_the_matrix(db: LedgerDB) -> None:
    ids = weak_town(db)
    a.set_class(db, ids["院上村"], 2026, "示范", 3)
    assert len(a.slot_history(db, ids["院上村"], 2026)) == 4
    assert [r.village for r in a.matrix(db, 2026).rows] == ["姜家庄村"]


def test_matrix_counts_and_filters(db: LedgerDB) -> None:
    ids = weak_town(db)
    a.assign(db, ids["姜家庄村"], 2026, "first_secretary", a.Person("郑洁", "第一书记", "13700000001", unit="区教育局"),
             posting_start="2024-12-01", posting_end="2026-12-20")
    m = a.matrix(db, 2026)
    assert m.day == dt.date(2026, 11, 26)
    assert (m.weak, m.covered) == (2, 1)
    assert m.missing_by_kind() == {"leader": 1, "town_leader": 1, "department": 1, "first_secretary": 0}
    assert [r.village for r in m.filtered(missing_any=True)] == ["姜家庄村"]
    assert [r.village for r in m.filtered(ending_within=30)] == ["姜家庄村"]
    assert [r.village for r in m.filtered(ending_within=60)] == ["姜家庄村"]
    slot = a.holder(db, ids["院上村"], 2026, "leader")
    a.add_log(db, slot.id, "2026-11-01", "走访", learned="路灯不亮", done="协调维修", amount="2.5")  # type: ignore
    m = a.matrix(db, 2026)
    cell = [r for r in m.rows if r.village == "院上村"][0].cells["leader"]
    assert (cell.entries, cell.last_log) == (1, "2026-11-01")
    # 院上村's other three slots have had no entry since 2026-01-01 / 2025-03-01: silent for 60 days
    assert [r.village for r in m.filtered(no_log_days=60)] == ["姜家庄村", "院上村"]


def test_copy_a_years_assignments_to_the_next_year(db: LedgerDB) -> None:
    ids = weak_town(db)
    a.copy_classes(db, 2027)
    a.set_class(db, ids["姜家庄村"], 2027, "创优", 3)
    assert a.copy_year(db, 2027) == 4
    names = {s.kind: s.person.name for s in a.slot_history(db, ids["院上村"], 2027)}
    assert names == {"leader": "王建国", "town_leader": "李明", "department": "区农业农村局",
                     "first_secretary": "孙丽"}
    assert a.copy_year(db, 2027) == 0  # already there


def test_log_entries_are_checked(db: LedgerDB) -> None:
    weak_town(db)
    slot = a.holder(db, 1, 2026, "leader")
    with pytest.raises(a.AssistanceError, match="方式“微信打卡”"):
        a.add_log(db, slot.id, "2026-11-01", "微信打卡")  # type: ignore[union-attr]
    with pytest.raises(a.AssistanceError, match="金额“很多”"):
        a.add_log(db, slot.id, "2026-11-01", "座谈", amount="很多")  # type: ignore[union-attr]
    assert a.slot_logs(db, slot.id) == []  # type: ignore[union-attr]


