"""The 四个一帮扶 page in the real window: the matrix with 缺 cells and counts, filters, and filling a slot through
the dialog (double-click), then replacing its holder."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from models import assistance as aid
from tests.models.assistance.helpers import weak_town
from tests.ui.conftest import commit_ime

SHOTS = Path("/work/shots/assistance")


def _page(window):  # type: ignore[no-untyped-def]
    from ui.areas import install_areas
    weak_town(window.db)
    install_areas(window)
    window.show_page("four-ones")
    page = window.page("four-ones")
    page.refresh()
    return page


def test_matrix_counts_filters_and_missing_cells(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    page = _page(window)
    assert "强基村 2 个，四项齐全 1 个" in page.counts.text()
    assert "缺区市领导联系 1 个" in page.counts.text()
    assert page.cell_text("姜家庄村", "leader") == "缺"
    assert page.cell_text("院上村", "leader").startswith("王建国（0 条记录")
    assert page.table.rowCount() == 2
    page.filter.setCurrentIndex(1)  # 缺项的村
    assert [r.village for r in page.rows] == ["姜家庄村"] and page.table.rowCount() == 1
    page.filter.setCurrentIndex(2)  # 驻点 30 天内到期: 孙丽 until 2027-02-28
    assert page.table.rowCount() == 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.filter.setCurrentIndex(0)
    window.resize(1200, 500)
    QWidget.grab(window).save(str(SHOTS / "four_ones_page.png"))


def test_filling_and_replacing_a_slot_through_the_window(qtbot, window, dialogs, messages) -> None:  # type: ignore[no-untyped-def]
    page = _page(window)
    row = [r.village for r in page.rows].index("姜家庄村")

    def fill(d) -> bool:  # type: ignore[no-untyped-def]
        assert d.windowTitle() == "姜家庄村 2026 年 · 第一书记驻点"
        commit_ime(d.name, "郑洁")
        commit_ime(d.unit, "区教育局")
        d.phone.setText("13700000001")
        d.start.setText("2024-12-01")
        d.end.setText("2024-11-01")  # before the start: refused, the dialog stays open with what was typed
        d.accept()
        assert d.isVisible() and "应晚于开始日期" in messages[-1][1]
        d.end.setText("2026-12-20")
        return True

    dialogs.append(fill)
    page.table.cellDoubleClicked.emit(row, 2 + aid.KINDS.index("first_secretary"))
    assert page.cell_text("姜家庄村", "first_secretary").startswith("郑洁（0 条记录）")
    page.filter.setCurrentIndex(2)
    assert [r.village for r in page.rows] == ["姜家庄村"]  # ends 2026-12-20, 24 days after the test day
    page.filter.setCurrentIndex(0)

    def replace(d) -> bool:  # type: ignore[no-untyped-def]
        assert d.name.text() == "郑洁"
        d.name.clear()
        commit_ime(d.name, "冯伟")
        d.since.setText("2026-11-20")
        return True

    dialogs.append(replace)
    page.edit_slot(page.rows[row].village_id, "first_secretary")
    history = [s for s in aid.slot_history(window.db, page.rows[row].village_id, 2026) if s.kind == "first_secretary"]
    assert [(s.person.name, s.held_until) for s in history] == [("郑洁", "2026-11-19"), ("冯伟", "")]
    assert page.cell_text("姜家庄村", "first_secretary").startswith("冯伟")


def test_screenshot_renders_the_page_under_the_issues_key(qtbot, db, db_path: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                           capsys) -> None:
    from PySide6.QtGui import QImage

    import main
    weak_town(db)
    out = tmp_path / "four-ones.png"
    assert main.main(["--db", str(db_path), "screenshot", "--page", "four-ones", "--out", str(out),
                      "--size", "1200x600"]) == 0, capsys.readouterr().err
    image = QImage(str(out))
    assert image.width() == 1200
    SHOTS.mkdir(parents=True, exist_ok=True)
    image.save(str(SHOTS / "screenshot_four_ones.png"))
    red = sum(1 for x in range(0, 1200, 3) for y in range(0, 600, 3)
              if (p := image.pixelColor(x, y)).red() > 150 and p.green() < 90 and p.blue() < 90)
    assert red > 0, "the red 缺 of 姜家庄村's missing 区市领导联系 shows"


def test_village_panel_shows_class_history_chart_and_adds_a_log_entry(qtbot, window, dialogs,  # type: ignore[no-untyped-def]
                                                                       messages) -> None:
    page = _page(window)
    ids = {r.village: r.village_id for r in page.rows}
    aid.set_class(window.db, ids["院上村"], 2025, "创优", 3, decided_on="2025-01-10")
    row = [r.village for r in page.rows].index("院上村")
    page.table.setCurrentCell(row, 0)
    panel = page.panel
    assert panel.history.item(0, 0).text() == "2026" and panel.history.item(1, 1).text() == "创优"
    assert panel.chart is not None and panel.chart.shown == [(2025, "创优", 3), (2026, "强基", 2)]
    assert panel.logs.rowCount() == 0 and panel.add_button.isEnabled()

    def log(d) -> bool:  # type: ignore[no-untyped-def]
        assert d.windowTitle() == "院上村 · 添加帮扶记录" and d.slot.count() == 4
        assert not d.ok_button.isEnabled()  # nothing learned or done yet
        d.slot.setCurrentIndex(3)  # 第一书记驻点：孙丽
        d.form_.setCurrentText("座谈")
        commit_ime(d.action, "协调修缮村路灯")
        d.amount.setText("很多")  # refused: the dialog stays open with what was typed
        d.accept()
        assert d.isVisible() and "金额“很多”应为数字" in messages[-1][1]
        d.amount.setText("3.5")
        return True

    dialogs.append(log)
    panel.add_log()
    assert panel.logs.rowCount() == 1 and panel.logs.item(0, 1).text() == "孙丽（第一书记驻点）"
    assert panel.logs.item(0, 4).text() == "协调修缮村路灯" and panel.log_label.text() == "2026 年帮扶记录 1 条"
    assert page.cell_text("院上村", "first_secretary").startswith("孙丽（1 条记录，最近 2026-11-26）")
    window.resize(1200, 760)
    QWidget.grab(window).save(str(SHOTS / "village_panel.png"))


def test_classes_of_all_villages_for_a_new_year_start_from_last_years(qtbot, window, dialogs,  # type: ignore[no-untyped-def]
                                                                      messages) -> None:
    page = _page(window)

    def classes(d) -> bool:  # type: ignore[no-untyped-def]
        assert d.year.value() == 2027  # 2026 is classed: the new year starts from it
        assert d.rows() == [(v, k, s) for v, k, s in aid.start_year_from(window.db, 2027) if k]
        d.set_row("姜家庄村", "创优", 3)  # no longer weak in 2027
        return True

    dialogs.append(classes)
    page.set_classes()
    got = {v.village: (v.klass, v.stars) for v in aid.year_classes(window.db, 2027)}
    assert got == {"院上村": ("强基", 2), "姜家庄村": ("创优", 3), "后庄村": ("示范", 5)}
    page.year.setValue(2027)
    assert [r.village for r in page.rows] == ["院上村"] and page.cell_text("院上村", "leader") == "缺"


def test_the_matrix_shows_who_holds_a_slot_on_the_chosen_day(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    page = _page(window)
    v = next(r.village_id for r in page.rows if r.village == "院上村")
    aid.assign(window.db, v, 2026, "town_leader", aid.Person("周涛", "副镇长", "13800000009"), since="2026-07-01")
    page.refresh()
    assert page.day.date().toString("yyyy-MM-dd") == "2026-11-26"
    assert page.cell_text("院上村", "town_leader").startswith("周涛")
    page.set_day("2026-06-30")
    assert page.cell_text("院上村", "town_leader").startswith("李明") and page.counts.text().startswith("2026-06-30")
    page.year.setValue(2025)
    assert page.day.date().toString("yyyy-MM-dd") == "2025-12-31" and page.table.rowCount() == 0
