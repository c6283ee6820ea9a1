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
