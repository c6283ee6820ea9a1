"""The 中心户 page: designate a member and link a household through the window; the unlinked list; a refusal
keeps the dialog open."""
from __future__ import annotations

from pathlib import Path

import pytest

from models import households as hh
from tests.conftest import add_member
from tests.ui.conftest import commit_ime

SHOTS = Path("/work/shots/households")


@pytest.fixture
def page(window):  # type: ignore[no-untyped-def]
    from ui.areas import install_areas
    install_areas(window)
    window.show_page("central-households")
    p = window.page("central-households")
    assert p.select("grid", *window.db.execute("SELECT village_id, id FROM grids WHERE name = '第一网格'").fetchone())
    return p


def test_designate_and_link_through_the_window(qtbot, window, page, dialogs, messages):  # type: ignore[no-untyped-def]
    add_member(window.db, "王芳", grid="第一网格")
    window.events.announce()

    def designate(d) -> bool:  # type: ignore[no-untyped-def]
        assert d.member.currentText() == "王芳（第一网格）"
        d.start.setText("2026-12-01")
        assert not d.on_save()  # in the future: refused, the dialog stays
        assert "晚于今天" in messages[-1][1]
        d.start.setText("2026-03-01")
        return True

    dialogs.append(designate)
    page.designate()
    assert [(c.name, c.linked) for c in page.centrals.rows] == [("王芳", 0)]

    def household(d) -> bool:  # type: ignore[no-untyped-def]
        commit_ime(d.head, "刘德山")
        commit_ime(d.address, "院上村东街8号")
        d.persons.setValue(4)
        d.tags["低保"].setChecked(True)
        return True

    dialogs.append(household)
    page.new_household()
    page.only_unlinked.setChecked(True)
    assert [(h.head_name, h.grid, h.tags) for h in page.homes.rows] == [("刘德山", "第一网格", ("低保",))]
    assert "刘德山" in page.warnings.text() and "没有党员中心户联系" in page.warnings.text()
    page.home_view.selectRow(0)

    def link(d) -> bool:  # type: ignore[no-untyped-def]
        assert d.central.currentText().startswith("王芳")
        d.start.setText("2026-03-02")
        return True

    dialogs.append(link)
    page.link_selected()
    assert page.homes.rows == []  # no longer unlinked
    page.only_unlinked.setChecked(False)
    page.central_view.selectRow(0)
    assert [h.head_name for h in page.homes.rows] == ["刘德山"] and "王芳联系的户（1 户）" == page.home_title.text()
    assert [(c.name, c.linked) for c in page.centrals.rows] == [("王芳", 1)]
    assert "只联系 1 户" in page.warnings.text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.resize(1366, 768)
    qtbot.wait(10)
    window.grab().save(str(SHOTS / "page-test.png"))
    assert hh.household_rows(window.db)[0].central == "王芳"


def test_screenshot_of_the_page_from_the_command_line(town_db, db_path, tmp_path, capsys):  # type: ignore[no-untyped-def]
    import main
    out = tmp_path / "households.png"
    assert main.main(["--db", str(db_path), "screenshot", "--page", "central-households", "--out", str(out)]) == 0
    assert out.stat().st_size > 5000


def test_visit_list_filters_by_grid_period_and_kind(qtbot, window, page):  # type: ignore[no-untyped-def]
    db = window.db
    rows = {n: db.execute("SELECT village_id, id FROM grids WHERE name = ?", [n]).fetchone()
            for n in ("第一网格", "第二网格")}
    one = hh.save_household(db, hh.Household("刘一", *rows["第一网格"]))
    two = hh.save_household(db, hh.Household("孙二", *rows["第二网格"]))
    for home, day, kind in ((one, "2026-11-20", "办事"), (one, "2026-08-27", "问事"), (one, "2026-08-26", "问事"),
                            (two, "2026-11-01", "办事")):
        hh.record_visit(db, hh.Visit(home, day, kind, f"{day}的事"))
    window.events.announce()
    page.tabs.setCurrentIndex(1)
    shown = lambda: [(r[0], r[3], r[4]) for r in page.visits.model.rows]  # noqa: E731
    assert page.visits.period.currentText() == "近三个月"  # from 2026-08-27: the 26th is out
    assert shown() == [("2026-11-20", "刘一", "办事"), ("2026-08-27", "刘一", "问事")]
    page.visits.kind.setCurrentIndex(page.visits.kind.findText("问事"))
    assert shown() == [("2026-08-27", "刘一", "问事")]
    page.visits.period.setCurrentIndex(page.visits.period.findText("全部"))
    assert shown() == [("2026-08-27", "刘一", "问事"), ("2026-08-26", "刘一", "问事")]
    page.visits.kind.setCurrentIndex(0)
    page.select("village", rows["第一网格"][0], None)
    assert [r[3] for r in page.visits.model.rows] == ["刘一", "孙二", "刘一", "刘一"]
    assert page.visits.title.text() == "走访记录（4 条）"
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.resize(1366, 768)
    qtbot.wait(10)
    window.grab().save(str(SHOTS / "visits-tab.png"))


def test_household_types_are_an_editable_setting(qtbot, window, page, dialogs, messages):  # type: ignore[no-untyped-def]
    def tags(d) -> bool:  # type: ignore[no-untyped-def]
        d.tags.setText("普通、低保、特困、残疾人、空巢老人")
        assert not d.on_save()  # 留守儿童 drives a warning: refused, the dialog stays
        assert "留守儿童" in messages[-1][1] and "不能删除" in messages[-1][1]
        commit_ime(d.tags, "、独居老人")
        d.tags.setText(d.tags.text().replace("空巢老人", "空巢老人、留守儿童"))
        return True

    dialogs.append(tags)
    page.edit_tags()
    assert hh.tag_list(window.db)[-1] == "独居老人"
    assert window.db.execute("SELECT count(*) FROM audit_log WHERE action = '修改设置'").fetchone()[0] == 1

    def household(d) -> bool:  # type: ignore[no-untyped-def]
        assert list(d.tags) == list(hh.tag_list(window.db))
        commit_ime(d.head, "周大")
        d.tags["独居老人"].setChecked(True)
        return True

    dialogs.append(household)
    page.new_household()
    assert [h.tags for h in hh.household_rows(window.db)] == [("独居老人",)]
