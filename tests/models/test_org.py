from __future__ import annotations

import pytest

from models.audit import history
from models.entities import MemberQuery
from models.members import member_events, search_members
from models.org import (
    OrgError,
    add_grid,
    add_village,
    find_grid,
    find_village,
    get_village,
    list_grids,
    list_villages,
    merge_villages,
    move_grid,
    move_members,
    org_warnings,
    save_town,
    tree_counts,
    update_village,
)
from tests.conftest import add_member


def vid(db, name: str) -> int:
    v = find_village(db, name)
    assert v
    return v.id


def test_town_needs_six_digit_county_code(db) -> None:
    with pytest.raises(OrgError, match="6 位数字"):
        save_town(db, "院上镇", "3702")
    assert save_town(db, "院上镇", "370285").county_code == "370285"


def test_village_names_unique_and_default_org_name(town_db) -> None:
    with pytest.raises(OrgError, match="已有名为“院上村”"):
        add_village(town_db, " 院上村 ")
    v = get_village(town_db, vid(town_db, "姜家庄村"))
    assert v.org_name == "院上镇姜家庄村党支部"


def test_rename_village_keeps_members(town_db) -> None:
    add_member(town_db, "张三")
    v = get_village(town_db, vid(town_db, "院上村"))
    update_village(town_db, v.__class__(**{**v.__dict__, "name": "院上社区"}))
    assert [m.village_name for m in search_members(town_db, MemberQuery())] == ["院上社区"]


def test_grids_sorted_by_number_not_character(town_db) -> None:
    v = vid(town_db, "姜家庄村")
    for name in ("第十网格", "第二网格", "第一网格"):
        add_grid(town_db, v, name)
    assert [g.name for g in list_grids(town_db, v)] == ["第一网格", "第二网格", "第十网格"]


def test_merge_moves_grids_members_and_history(town_db) -> None:
    src, dst = vid(town_db, "院上村"), vid(town_db, "姜家庄村")
    add_grid(town_db, dst, "第一网格")
    a = add_member(town_db, "张三", grid="第一网格")
    b = add_member(town_db, "李四", grid="第二网格")
    c = add_member(town_db, "王五")
    merge_villages(town_db, src, dst)
    members = search_members(town_db, MemberQuery())
    assert {m.name: (m.village_name, m.grid_name) for m in members} == {
        "张三": ("姜家庄村", "原院上村第一网格"), "李四": ("姜家庄村", "第二网格"), "王五": ("姜家庄村", "")}
    assert [v.name for v in list_villages(town_db)] == ["姜家庄村"]
    assert get_village(town_db, src).status == "已合并"
    for m in (a, b, c):
        kinds = [e.kind for e in member_events(town_db, m)]
        assert kinds == ["登记", "村庄合并"]
    assert history(town_db, "villages", src)[-1]["action"] == "合并村（社区）"
    assert tree_counts(town_db).villages == {dst: 3}


def test_merge_into_itself_refused(town_db) -> None:
    with pytest.raises(OrgError, match="合并到它自己"):
        merge_villages(town_db, vid(town_db, "院上村"), vid(town_db, "院上村"))


def test_move_grid_takes_its_members(town_db) -> None:
    src, dst = vid(town_db, "院上村"), vid(town_db, "姜家庄村")
    add_member(town_db, "张三", grid="第二网格")
    grid = find_grid(town_db, src, "第二网格")
    assert grid
    move_grid(town_db, grid.id, dst)
    [m] = search_members(town_db, MemberQuery())
    assert (m.village_name, m.grid_name) == ("姜家庄村", "第二网格")


def test_move_selected_members_in_one_step(town_db) -> None:
    ids = [add_member(town_db, n, grid="第一网格") for n in ("张三", "李四")]
    stay = add_member(town_db, "王五", grid="第一网格")
    target = find_grid(town_db, vid(town_db, "院上村"), "第二网格")
    assert target
    assert move_members(town_db, ids, target.id) == 2
    grids = {m.name: m.grid_name for m in search_members(town_db, MemberQuery())}
    assert grids == {"张三": "第二网格", "李四": "第二网格", "王五": "第一网格"}
    assert member_events(town_db, stay)[-1].kind == "登记"


def test_failed_move_changes_nothing(town_db) -> None:
    a = add_member(town_db, "张三", grid="第一网格")
    target = find_grid(town_db, vid(town_db, "院上村"), "第二网格")
    assert target
    with pytest.raises(OrgError):
        move_members(town_db, [a, 99999], target.id)
    [m] = search_members(town_db, MemberQuery())
    assert m.grid_name == "第一网格"


def test_small_branch_warns(town_db) -> None:
    add_member(town_db, "张三")
    warnings = org_warnings(town_db)
    assert any("院上村：正式党员 1 名，不足 3 名" in w for w in warnings)


def test_natural_villages_are_kept_audited_and_follow_a_merge(town_db) -> None:
    from models.org import natural_villages, split_names
    src, dst = vid(town_db, "院上村"), vid(town_db, "姜家庄村")
    v = get_village(town_db, src)
    update_village(town_db, v, ["东院上", "西院上，东院上", " 南院上 "])
    assert natural_villages(town_db, src) == ["东院上", "西院上", "南院上"]
    assert '"natural_villages": "东院上、西院上、南院上"' in history(town_db, "villages", src)[-1]["after"]
    update_village(town_db, get_village(town_db, src))  # no list given: kept
    assert natural_villages(town_db, src) == ["东院上", "西院上", "南院上"]
    merge_villages(town_db, src, dst)
    assert natural_villages(town_db, dst) == ["东院上", "西院上", "南院上", "院上村"]
    assert split_names("甲、乙;丙 丁,甲") == ["甲", "乙", "丙", "丁"]


def test_new_village_with_natural_villages_is_one_step(town_db) -> None:
    from models.org import natural_villages
    with pytest.raises(OrgError, match="自然村名称过长"):
        add_village(town_db, "龙泉社区", natural=["长" * 31])
    assert find_village(town_db, "龙泉社区") is None  # nothing half-written
    new = add_village(town_db, "龙泉社区", natural=["龙泉", "石桥"])
    assert natural_villages(town_db, new) == ["龙泉", "石桥"]


@pytest.mark.parametrize("code, warned", [("999999", True), ("370285", False), ("370225", False)])
def test_save_town_warns_of_an_unknown_county_code(db, code: str, warned: bool) -> None:
    from models.org import save_town
    said: list[str] = []
    town = save_town(db, "院上镇", code, warnings=said)
    assert town.county_code == code
    assert bool(said) is warned
    if warned:
        assert said == [f"县级行政区划代码 {code} 不在行政区划代码（GB/T 2260，含已撤销的代码）中，请核对"]
