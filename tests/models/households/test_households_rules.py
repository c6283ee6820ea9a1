"""Central households: designation lifecycle (a member transferred out: households unlinked, listed), linking
and moving, refusals, migration of the old yes/no and count, and the warnings at their boundaries."""
from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest

from models import households as hh
from models import members, settings
from models.db import LedgerDB, open_database
from models.reminders import due
from tests.conftest import add_member, make_id


def _grid(db: LedgerDB, name: str = "第一网格") -> tuple[int, int]:
    return db.execute("SELECT village_id, id FROM grids WHERE name = ?", [name]).fetchone()


_doors = itertools.count(1)


def _houses(db: LedgerDB, n: int, tags: str = "普通", grid: str = "第一网格") -> list[int]:
    """n households 户主0 … of that grid, each at a door of its own (same head and address: the same household)."""
    vid, gid = _grid(db, grid)
    return [hh.save_household(db, hh.Household(f"户主{i}", vid, gid, address=f"院上村{next(_doors)}号", persons=3,
                                                tags=hh.parse_tags(tags))) for i in range(n)]


def _kinds(db: LedgerDB, day: dt.date | None = None) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for r in due(db, day):
        out.setdefault(r.kind, []).append(r.subject)
    return out


def test_designation_lifecycle_and_member_transferred_out(town_db: LedgerDB) -> None:
    m = add_member(town_db, "王芳", grid="第一网格")
    d = hh.designate(town_db, m, "2025-03-01", notice_date="2025-02-20")
    with pytest.raises(hh.HouseholdError, match="王芳已是党员中心户"):
        hh.designate(town_db, m, "2025-04-01")
    homes = _houses(town_db, 6)
    for h in homes:
        hh.link_household(town_db, h, d, "2025-03-02")
    assert [c.linked for c in hh.central_rows(town_db)] == [6]
    members.change_status(town_db, m, "转出", "2026-10-01", "莱西市委组织部")
    assert hh.central_rows(town_db) == []
    unlinked = hh.household_rows(town_db, unlinked=True)
    assert sorted(h.id for h in unlinked) == sorted(homes)  # listed as unlinked, never lost
    assert hh.designation_history(town_db, m) == [("2025-03-01", "两推两审一公示", "2025-02-20", "2026-10-01",
                                                    "党员转出", "已结束")]
    with pytest.raises(hh.HouseholdError, match="只有在册党员"):
        hh.designate(town_db, m, "2026-11-01")


def test_end_designation_keeps_history_and_a_new_one_can_follow(town_db: LedgerDB) -> None:
    m = add_member(town_db, "李明", grid="第一网格")
    d = hh.designate(town_db, m, "2024-01-01")
    with pytest.raises(hh.HouseholdError, match="结束原因"):
        hh.end_designation(town_db, d, "2025-01-01", "")
    with pytest.raises(hh.HouseholdError, match="早于确定日期"):
        hh.end_designation(town_db, d, "2023-01-01", "调整")
    hh.end_designation(town_db, d, "2025-01-01", "年龄原因")
    hh.designate(town_db, m, "2026-01-01")
    assert [r[5] for r in hh.designation_history(town_db, m)] == ["已结束", "在任"]


def test_linking_moving_and_ending(town_db: LedgerDB) -> None:
    a = hh.designate(town_db, add_member(town_db, "甲", grid="第一网格"), "2025-01-01")
    b = hh.designate(town_db, add_member(town_db, "乙", grid="第一网格"), "2025-01-01")
    (h,) = _houses(town_db, 1)
    hh.link_household(town_db, h, a, "2025-02-01")
    with pytest.raises(hh.HouseholdError, match="已由甲联系"):
        hh.link_household(town_db, h, a)
    hh.link_household(town_db, h, b, "2025-06-01")
    assert sorted((c.name, c.linked) for c in hh.central_rows(town_db)) == [("乙", 1), ("甲", 0)]
    assert hh.household_rows(town_db)[0].central == "乙"
    hh.unlink_household(town_db, h, "2026-01-01", "搬迁")
    assert hh.household_rows(town_db, unlinked=True)[0].id == h
    with pytest.raises(hh.HouseholdError, match="没有联系人"):
        hh.unlink_household(town_db, h, "2026-01-02")


@pytest.mark.parametrize(("field", "value", "message"), [
    ("persons", 0, "家庭人口"), ("persons", "2.5", "家庭人口"), ("head_name", " ", "户主姓名"),
    ("head_id_number", "370285197005061234", "户主身份证号"), ("tags", ("低保", "富户"), "富户"),
    ("head_name", "张" * 41, "户主姓名：内容过长（41 个字，最多 40 个字）"), ("address", "东街\u202e1号", "家庭住址：含有改变文字方向"),
    ("phone", "138\x00", "联系电话：含有控制字符"),
])
def test_household_refusals_save_nothing(town_db: LedgerDB, field: str, value: object, message: str) -> None:
    vid, gid = _grid(town_db)
    house = hh.Household("张大", vid, gid, persons=2)
    setattr(house, field, value)
    with pytest.raises(hh.HouseholdError, match=message):
        hh.save_household(town_db, house)
    assert town_db.execute("SELECT count(*) FROM households").fetchone()[0] == 0


def test_same_head_id_refused_and_dates_checked(town_db: LedgerDB) -> None:
    vid, gid = _grid(town_db)
    number = make_id()
    hh.save_household(town_db, hh.Household("张大", vid, gid, head_id_number=number))
    with pytest.raises(hh.HouseholdError, match="已登记为张大户"):
        hh.save_household(town_db, hh.Household("张二", vid, gid, head_id_number=number))
    m = add_member(town_db, "丙", grid="第一网格")
    with pytest.raises(hh.HouseholdError, match="晚于今天"):
        hh.designate(town_db, m, "2026-11-27")
    with pytest.raises(hh.HouseholdError, match="不是有效日期"):
        hh.designate(town_db, m, "2026-02-30")
    with pytest.raises(hh.HouseholdError, match="不存在"):
        hh.record_visit(town_db, hh.Visit(999, "2026-01-01"))


def test_warnings_at_their_boundaries(town_db: LedgerDB) -> None:
    a = hh.designate(town_db, add_member(town_db, "少户", grid="第一网格"), "2025-01-01")
    b = hh.designate(town_db, add_member(town_db, "多户", grid="第一网格"), "2025-01-01")
    c = hh.designate(town_db, add_member(town_db, "正好", grid="第一网格"), "2025-01-01")
    homes = _houses(town_db, 4 + 16 + 5)
    for h in homes[:4]:
        hh.link_household(town_db, h, a, "2026-11-01")
    for h in homes[4:20]:
        hh.link_household(town_db, h, b, "2026-11-01")
    for h in homes[20:]:
        hh.link_household(town_db, h, c, "2026-11-01")
    kinds = _kinds(town_db)
    assert kinds["central_too_few"] == ["少户"] and kinds["central_too_many"] == ["多户"]
    assert kinds["grid_without_central"] == ["第二网格"]  # 第一网格 has three; 姜家庄村 has no grid
    assert "household_unlinked" not in kinds and "household_not_visited" not in kinds
    hh.unlink_household(town_db, homes[20], "2026-11-02")  # 正好 now 4; 5 → 4 crosses the boundary
    assert sorted(_kinds(town_db)["central_too_few"]) == ["少户", "正好"]
    hh.unlink_household(town_db, homes[4], "2026-11-02")  # 多户 16 → 15: no longer too many
    assert "central_too_many" not in _kinds(town_db)


def test_unlinked_household_in_difficulty_only(town_db: LedgerDB) -> None:
    _houses(town_db, 1, "普通 退役军人")
    (poor,) = _houses(town_db, 1, "残疾人、低保")
    found = [r for r in due(town_db) if r.kind == "household_unlinked"]
    assert [r.subject for r in found] == ["户主0"] and found[0].reason.startswith("低保、残疾人户（第一网格）")
    assert found[0].record == f"households:{poor}"


def test_not_visited_for_n_months_to_the_day(town_db: LedgerDB) -> None:
    d = hh.designate(town_db, add_member(town_db, "走访", grid="第一网格"), "2025-01-01")
    (h,) = _houses(town_db, 1)
    hh.link_household(town_db, h, d, "2025-01-01")
    hh.record_visit(town_db, hh.Visit(h, "2026-08-27", "办事", "路灯坏了", "已修好", True))
    assert "household_not_visited" not in _kinds(town_db)  # 2026-11-26: one day short of three months
    late = [r for r in due(town_db, dt.date(2026, 11, 27)) if r.kind == "household_not_visited"]
    assert [(r.subject, r.date) for r in late] == [("户主0", "2026-11-27")]
    settings_setter(town_db, "4")
    assert "household_not_visited" not in _kinds(town_db, dt.date(2026, 11, 27))
    assert hh.visit_rows(town_db, kind="办事")[0][3:6] == ("户主0", "办事", "路灯坏了")
    assert hh.visit_rows(town_db, kind="议事") == []


def test_not_visited_at_a_month_end_and_scoped_to_a_grid(town_db: LedgerDB) -> None:
    """A visit on 08-31 is due on 11-30 (three months, the day clamped), not on 11-29; the page's grid scope
    gives the same reminders as the town's list filtered to that grid."""
    d = hh.designate(town_db, add_member(town_db, "月底", grid="第一网格"), "2025-01-01")
    (h,) = _houses(town_db, 1)
    hh.link_household(town_db, h, d, "2025-01-01")
    hh.record_visit(town_db, hh.Visit(h, "2026-08-31", "问事"))
    _houses(town_db, 1, "低保", grid="第二网格")
    kinds = lambda day, **scope: [(r.kind, r.date) for r in hh.reminders(town_db, day, **scope)  # noqa: E731
                                  if r.kind == "household_not_visited"]
    assert kinds(dt.date(2026, 11, 29)) == []
    assert kinds(dt.date(2026, 11, 30)) == [("household_not_visited", "2026-11-30")]
    vid, gid = _grid(town_db, "第二网格")
    second = [(r.kind, r.subject) for r in hh.reminders(town_db, dt.date(2026, 11, 30), village_id=vid, grid_id=gid)]
    assert second == [("grid_without_central", "第二网格"), ("household_unlinked", "户主0")]
    everyone = hh.reminders(town_db, dt.date(2026, 11, 30), village_id=vid)
    assert {r.kind for r in everyone} == {"central_too_few", "household_not_visited", "household_unlinked",
                                          "grid_without_central"}


def settings_setter(db: LedgerDB, value: str) -> None:
    settings.set_setting(db, hh.VISIT_MONTHS_SETTING, value)


def test_migration_turns_the_old_flag_into_designations(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = open_database(path)
    from models.org import add_grid, add_village, save_town
    save_town(db, "院上镇", "370285")
    v = add_village(db, "院上村")
    add_grid(db, v, "第一网格")
    keep = add_member(db, "老中心户", grid="第一网格", is_central=True, linked_households=9)
    gone = add_member(db, "已转出", grid="第一网格", is_central=True, linked_households=7)
    db.execute("DELETE FROM central_designations")
    db.execute("UPDATE members SET status = '转出' WHERE id = ?", [gone])
    db.execute("DELETE FROM _sqlite_migrations WHERE migration_set = 'households'")
    for table in ("household_visits", "household_links", "households", "central_designations"):
        db.execute(f"DROP TABLE {table}")
    db.conn.commit()
    db.close()
    again = open_database(path)
    rows = hh.central_rows(again)
    assert [(r.member_id, r.start_date, r.linked, r.legacy) for r in rows] == [(keep, "", 0, 9)]
    assert not [r for r in due(again) if r.kind == "central_too_few"]  # 9 from the old count
    uid = again.execute("SELECT uid FROM central_designations").fetchone()[0]
    assert uid and len(uid) == 36


@pytest.mark.parametrize("bad", ["0", "25", "三", "2.5", ""])
def test_visit_months_setting_refuses_what_is_not_1_to_24(town_db: LedgerDB, bad: str) -> None:
    with pytest.raises(hh.HouseholdError, match="未走访提醒月数"):
        hh.set_visit_months(town_db, bad)
    assert hh.visit_months(town_db) == 3
    assert town_db.execute("SELECT count(*) FROM audit_log WHERE action = '修改设置'").fetchone()[0] == 0
    assert hh.set_visit_months(town_db, "6") == 6 and hh.visit_months(town_db) == 6


@pytest.mark.parametrize(("status", "detail"), [("去世", ""), ("出党", "自行脱党")])
def test_death_or_leaving_the_party_ends_the_designation_and_unlinks(town_db: LedgerDB, status: str,
                                                                      detail: str) -> None:
    m = add_member(town_db, "赵强", grid="第一网格")
    d = hh.designate(town_db, m, "2025-03-01")
    homes = _houses(town_db, 2, "低保")
    for h in homes:
        hh.link_household(town_db, h, d, "2025-03-02")
    members.change_status(town_db, m, status, "2026-09-01", detail)
    assert hh.current_designation(town_db, m) is None
    assert hh.designation_history(town_db, m)[-1][3:] == ("2026-09-01", f"党员{status}", "已结束")
    assert sorted(h.id for h in hh.household_rows(town_db, unlinked=True)) == sorted(homes)
    # in difficulty and now linked to no one: both are reminded, none lost
    assert sorted(_kinds(town_db)["household_unlinked"]) == ["户主0", "户主1"]


def test_a_second_household_with_the_same_head_and_address_is_refused(town_db: LedgerDB) -> None:
    """The import's identity (no number: same head, same address) holds for the window's 新增户 too, or a later
    re-import would update one of two and leave the other."""
    vid, gid = _grid(town_db)
    first = hh.save_household(town_db, hh.Household("张大", vid, gid, address="东街1号"))
    with pytest.raises(hh.HouseholdError, match="已登记户主为张大、住址为“东街1号”的户"):
        hh.save_household(town_db, hh.Household("张大", vid, None, address="东街1号", persons=4))
    hh.save_household(town_db, hh.Household("张大", vid, gid, address="东街1号", persons=5, id=first))  # itself
    hh.save_household(town_db, hh.Household("张大", vid, gid, make_id("1960-01-01"), "东街1号"))  # numbered: another
    hh.save_household(town_db, hh.Household("张大", vid, gid, address="东街2号"))
    assert town_db.execute("SELECT count(*) FROM households").fetchone()[0] == 3


def test_an_unknown_start_date_is_filled_in_later(town_db: LedgerDB) -> None:
    """A designation from the old yes/no (or the member import) has no start date: it is corrected, checked like
    a new one, audited; an ended one is not."""
    m = add_member(town_db, "老中心户", grid="第一网格", is_central=True, linked_households=9)
    town_db.execute("INSERT INTO central_designations (member_id, method, legacy_households) VALUES (?, '', 9)", [m])
    d = hh.current_designation(town_db, m)
    assert d is not None and hh.central_rows(town_db)[0].start_date == ""
    (h,) = _houses(town_db, 1)
    hh.link_household(town_db, h, d, "2024-05-01")
    with pytest.raises(hh.HouseholdError, match="晚于其联系户的开始日期 2024-05-01"):
        hh.update_designation(town_db, d, "2024-06-01")
    with pytest.raises(hh.HouseholdError, match="晚于今天"):
        hh.update_designation(town_db, d, "2026-11-27")
    with pytest.raises(hh.HouseholdError, match="确定日期：不能为空"):
        hh.update_designation(town_db, d, "")
    hh.update_designation(town_db, d, "2023-03-01", "两推两审一公示", "2023-02-20")
    row = hh.central_rows(town_db)[0]
    assert (row.start_date, row.method, row.notice_date) == ("2023-03-01", "两推两审一公示", "2023-02-20")
    assert town_db.execute("SELECT count(*) FROM audit_log WHERE action = '修改党员中心户'").fetchone()[0] == 1
    hh.end_designation(town_db, d, "2026-01-01", "本人申请")
    with pytest.raises(hh.HouseholdError, match="不存在或已结束"):
        hh.update_designation(town_db, d, "2023-03-02")


def test_visit_and_ending_texts_are_checked_and_an_end_before_the_start_refused(town_db: LedgerDB) -> None:
    wang = add_member(town_db, "王芳", grid="第一网格")
    d = hh.designate(town_db, wang, "2025-01-01")
    (h,) = _houses(town_db, 1)
    with pytest.raises(hh.HouseholdError, match="反映问题：内容过长"):
        hh.record_visit(town_db, hh.Visit(h, "2026-01-01", "问事", "x" * 1001))
    with pytest.raises(hh.HouseholdError, match="确定方式：含有看不见的字符"):
        hh.designate(town_db, add_member(town_db, "李明", grid="第一网格"), "2025-01-01", "两推\u200b两审")
    hh.link_household(town_db, h, d, "2025-06-01")
    with pytest.raises(hh.HouseholdError, match="早于联系开始日期 2025-06-01"):
        hh.unlink_household(town_db, h, "2025-05-31", "搬迁")
    with pytest.raises(hh.HouseholdError, match="结束原因：内容过长"):
        hh.end_designation(town_db, d, "2026-01-01", "因" * 201)
    assert town_db.execute("SELECT count(*) FROM household_visits").fetchone()[0] == 0
    assert hh.current_link(town_db, h) is not None and hh.current_designation(town_db, wang) == d


def test_the_member_records_count_follows_the_links_once_households_are_entered(town_db: LedgerDB) -> None:
    """联系户数 on the member record (the form, the roster export, the 采集表) is the old count until households
    are entered, then the households linked now; it goes to 0 when the designation ends."""
    count = lambda mid: town_db.execute("SELECT linked_households FROM members WHERE id = ?",  # noqa: E731
                                        [mid]).fetchone()[0]
    a = add_member(town_db, "甲", grid="第一网格", is_central=True, linked_households=9)
    b = add_member(town_db, "乙", grid="第一网格")
    da = town_db.execute("INSERT INTO central_designations (member_id, method, legacy_households) VALUES (?, '', 9)",
                         [a]).lastrowid
    db_ = hh.designate(town_db, b, "2025-01-01")
    assert (count(a), count(b)) == (9, 0)
    homes = _houses(town_db, 2)
    hh.link_household(town_db, homes[0], da, "2025-02-01")
    assert count(a) == 1  # households entered: the real count
    hh.link_household(town_db, homes[1], da, "2025-02-01")
    hh.link_household(town_db, homes[1], db_, "2025-03-01")  # moved
    assert (count(a), count(b)) == (1, 1)
    hh.unlink_household(town_db, homes[0], "2025-04-01", "搬迁")
    assert count(a) == 0
    hh.end_designation(town_db, db_, "2026-01-01", "本人申请")
    assert count(b) == 0
    assert town_db.execute("SELECT count(*) FROM audit_log WHERE table_name = 'members'"
                           " AND summary LIKE '%联系户数%'").fetchone()[0] >= 4


def test_a_link_across_villages_or_before_the_designation_is_refused(town_db: LedgerDB) -> None:
    d = hh.designate(town_db, add_member(town_db, "王芳", grid="第一网格"), "2025-03-01")
    other = town_db.execute("SELECT id FROM villages WHERE name = '姜家庄村'").fetchone()[0]
    away = hh.save_household(town_db, hh.Household("周五", other, None, address="姜家庄1号"))
    with pytest.raises(hh.HouseholdError, match="王芳与周五户不在同一村（社区），不能联系"):
        hh.link_household(town_db, away, d, "2025-04-01")
    (h,) = _houses(town_db, 1)
    with pytest.raises(hh.HouseholdError, match="早于王芳确定为党员中心户的日期 2025-03-01"):
        hh.link_household(town_db, h, d, "2025-02-28")
    hh.link_household(town_db, h, d, "2025-03-01")  # the same day is fine
    assert town_db.execute("SELECT count(*) FROM household_links").fetchone()[0] == 1
