"""The 组织 page: the tree with counts, new village and grid, edit, move a grid, merge two villages."""
from __future__ import annotations

import pytest

from models.entities import MemberQuery
from models.members import search_members
from models.org import find_village, get_village, list_grids, natural_villages
from tests.conftest import add_member
from tests.ui.conftest import commit_ime
from ui.organization.tree_model import ID_ROLE, KIND_ROLE


@pytest.fixture
def window(window):  # type: ignore[no-untyped-def]
    """The 组织 page is the one the clerk looks at (a hidden page only refreshes when shown)."""
    window.show_page("organization")
    return window


def tree_labels(page) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Every node 'name' → 'count' (villages as 村, grids as 村/网格)."""
    out, model = {}, page.model
    town = model.index(0, 0)
    out[town.data()] = model.index(0, 1).data()
    for v in range(model.rowCount(town)):
        vi = model.index(v, 0, town)
        out[vi.data()] = model.index(v, 1, town).data()
        for g in range(model.rowCount(vi)):
            out[f"{vi.data()}/{model.index(g, 0, vi).data()}"] = model.index(g, 1, vi).data()
    return out


def test_tree_shows_counts_at_every_node(window):  # type: ignore[no-untyped-def]
    add_member(window.db, "张三", grid="第一网格")
    add_member(window.db, "李四", grid="第一网格")
    add_member(window.db, "王五")
    window.events.announce()
    labels = tree_labels(window.org_page)
    assert labels["院上镇"] == "3" and labels["院上村"] == "3" and labels["姜家庄村"] == "0"
    assert labels["院上村/第一网格"] == "2" and labels["院上村/第二网格"] == "0"
    assert labels["院上村/（未分网格）"] == "1"


def test_new_village_and_grid_through_the_page(qtbot, window, dialogs):  # type: ignore[no-untyped-def]
    page = window.org_page

    def village(d) -> bool:  # type: ignore[no-untyped-def]
        commit_ime(d.name, "龙泉社区")
        d.org_type.setCurrentText("党总支")
        qtbot.keyClicks(d.stat_code, "12345")
        assert "12 位数字" in d.error.text()
        d.stat_code.clear()
        return True

    dialogs.append(village)
    page.new_village()
    v = find_village(window.db, "龙泉社区")
    assert v is not None and v.org_name == "院上镇龙泉社区党总支"
    assert page.current() == ("village", v.id)
    assert page.fact("党组织全称") == "院上镇龙泉社区党总支" and "院上镇龙泉社区党总支" in page.facts.text()

    def grid(d) -> bool:  # type: ignore[no-untyped-def]
        assert d.name.text() == "第一网格"  # suggested
        commit_ime(d.leader, "刘建国")
        d.households.setValue(120)
        return True

    dialogs.append(grid)
    page.new_grid()
    [g] = list_grids(window.db, v.id)
    assert (g.name, g.leader, g.households) == ("第一网格", "刘建国", 120)
    assert "龙泉社区/第一网格" in tree_labels(page)
    window.show_page("members")
    assert window.members_page.village.findText("龙泉社区") >= 0  # the member filters know it too


def test_edit_village_and_grid(qtbot, window, dialogs):  # type: ignore[no-untyped-def]
    page = window.org_page
    vid = find_village(window.db, "院上村").id
    page.select("village", vid)

    def rename(d) -> bool:  # type: ignore[no-untyped-def]
        d.name.clear()
        assert not d.buttons.buttons()[0].isEnabled() or "名称" in d.error.text()
        commit_ime(d.name, "院上社区")
        commit_ime(d.natural, "东院上、西院上")
        return True

    dialogs.append(rename)
    page.edit_node()
    assert get_village(window.db, vid).name == "院上社区"
    assert natural_villages(window.db, vid) == ["东院上", "西院上"]
    assert page.fact("自然村") == "东院上、西院上"
    gid = list_grids(window.db, vid)[0].id
    page.select("grid", gid)

    def grid(d) -> bool:  # type: ignore[no-untyped-def]
        commit_ime(d.workers, "张三、李四")
        return True

    dialogs.append(grid)
    page.edit_node()
    assert list_grids(window.db, vid)[0].workers == "张三、李四"
    assert page.title.text() == "院上社区 · 第一网格"


def test_merge_villages_via_the_page(qtbot, window, dialogs, messages):  # type: ignore[no-untyped-def]
    page = window.org_page
    add_member(window.db, "张三", village="姜家庄村")
    add_member(window.db, "李四", grid="第一网格")
    window.events.announce()
    source = find_village(window.db, "姜家庄村")
    page.select("village", source.id)

    def pick(d) -> bool:  # type: ignore[no-untyped-def]
        assert d.village.findText("姜家庄村") < 0  # cannot merge into itself
        d.village.setCurrentIndex(d.village.findText("院上村"))
        return True

    dialogs.append(pick)
    page.merge_village()
    assert messages[0][0] == "confirm" and "姜家庄村" in messages[0][1] and "1 名在册党员" in messages[0][1]
    assert get_village(window.db, source.id).status == "已合并"
    labels = tree_labels(page)
    assert "姜家庄村" not in labels and labels["院上村"] == "2"
    assert {m.village_name for m in search_members(window.db, MemberQuery())} == {"院上村"}
    window.show_page("members")
    assert window.members_page.village.findText("姜家庄村") < 0


def test_merge_is_not_done_when_the_clerk_says_no(window, dialogs):  # type: ignore[no-untyped-def]
    page = window.org_page
    source = find_village(window.db, "姜家庄村")
    page.select("village", source.id)
    dialogs.append(lambda d: True)
    page.merge_village()  # the autouse message helper answers 'no'
    assert get_village(window.db, source.id).status == "在用"


def test_move_grid_to_another_village(window, dialogs):  # type: ignore[no-untyped-def]
    page = window.org_page
    add_member(window.db, "张三", grid="第二网格")
    window.events.announce()
    grid = [g for g in list_grids(window.db) if g.name == "第二网格"][0]
    page.select("grid", grid.id)

    def pick(d) -> bool:  # type: ignore[no-untyped-def]
        d.village.setCurrentIndex(d.village.findText("姜家庄村"))
        return True

    dialogs.append(pick)
    page.move_grid()
    assert tree_labels(page)["姜家庄村/第二网格"] == "1"
    assert page.current() == ("grid", grid.id)


def test_warnings_are_shown_not_blocking(window):  # type: ignore[no-untyped-def]
    page = window.org_page
    page.select("village", find_village(window.db, "院上村").id)
    assert "不足 3 名" in page.warnings.text()


def test_open_members_of_a_grid(window):  # type: ignore[no-untyped-def]
    page = window.org_page
    add_member(window.db, "张三", grid="第一网格")
    add_member(window.db, "李四", grid="第二网格")
    window.events.announce()
    grid = [g for g in list_grids(window.db) if g.name == "第一网格"][0]
    page.select("grid", grid.id)
    page.actions_["members"].trigger()
    assert window.current_page() == "members"
    assert [r[1] for r in window.members_page.model.rows()] == ["张三"]


def test_tree_model_passes_the_model_tester(qtmodeltester, window):  # type: ignore[no-untyped-def]
    add_member(window.db, "张三")
    window.events.announce()
    model = window.org_page.model
    qtmodeltester.check(model)
    town = model.index(0, 0)
    assert model.index(0, 0, town).data(KIND_ROLE) == "village" and model.index(0, 0, town).data(ID_ROLE)


def test_context_menu_offers_what_fits_the_node(window):  # type: ignore[no-untyped-def]
    page = window.org_page
    page.show()
    grid = [g for g in list_grids(window.db) if g.name == "第一网格"][0]
    page.select("grid", grid.id)
    grid_menu = [a.text() for a in page.menu_for_current().actions()]
    assert "移动网格到其他村" in grid_menu and "合并村" not in grid_menu
    page.select("village", find_village(window.db, "院上村").id)
    village_menu = [a.text() for a in page.menu_for_current().actions()]
    assert "合并村" in village_menu and "新建网格" in village_menu and "移动网格到其他村" not in village_menu


def test_village_grid_list_passes_the_model_tester(qtmodeltester, window):  # type: ignore[no-untyped-def]
    page = window.org_page
    page.select("village", find_village(window.db, "院上村").id)
    model = page.grid_table.model()
    assert model.rowCount() == 2 and model.index(1, 0).data() == "第二网格"
    qtmodeltester.check(model)


def test_in_the_program_the_tree_is_built_when_the_page_is_first_shown(qtbot, town_db):  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow
    w = MainWindow(town_db)
    qtbot.addWidget(w)
    w.show_page("members")
    w.show()
    assert w.org_page.model.rowCount() == 0  # start-up does not wait for the tree
    add_member(town_db, "张三", grid="第一网格")
    w.events.announce()
    w.show_page("organization")
    assert tree_labels(w.org_page)["院上村/第一网格"] == "1"
    w.members_page.wait_loaded()


def test_unassigned_node_shows_only_members_without_a_grid(qtbot, window):  # type: ignore[no-untyped-def]
    add_member(window.db, "张三", grid="第一网格")
    add_member(window.db, "李四")
    window.events.announce()
    window.members_page.reload(sync=True)
    page = window.org_page
    vid = find_village(window.db, "院上村").id
    page.select("no_grid", vid)
    page.open_members()
    model = window.members_page.model
    assert window.current_page() == "members"
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["李四"]
    assert window.members_page.current_query().no_grid


def test_an_administrator_corrects_the_towns_name_and_codes(qtbot, window, dialogs, messages):  # type: ignore[no-untyped-def]
    """A typo in the town's name would be on every report header: 编辑 on the town node fixes it (audited)."""
    from models.org import get_town
    page = window.org_page
    page.tree.setCurrentIndex(page.model.index(0, 0))
    assert page.actions_["edit"].isEnabled()

    def town(d) -> bool:  # type: ignore[no-untyped-def]
        d.county.setText("99999")
        assert not d.ok_button.isEnabled() and "6 位数字" in d.error.text()
        d.county.setText("999999")
        assert d.ok_button.isEnabled() and "GB/T 2260" in d.note.text()  # a warning, still savable
        d.county.setText("370285")
        d.name.clear()
        commit_ime(d.name, "院上街道")
        d.town_code.setText("370285104")
        return True

    dialogs.append(town)
    page.edit_node()
    t = get_town(window.db)
    assert (t.name, t.county_code, t.town_code) == ("院上街道", "370285", "370285104")
    assert "院上街道" in tree_labels(page) and "院上街道" in window.windowTitle()
    assert window.db.execute("SELECT count(*) FROM audit_log WHERE action = '设置镇信息'").fetchone()[0] == 2
