"""The 议事决策 page with real widgets: a clerk creates an item, records its steps through the real step form
(the form warns of a missed quorum before saving, and the saved step is kept and shown red with its reason),
filters by status, edits the procedure (running items keep theirs), and prints the item's register to PDF."""
from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt

from models import decisions as dc
from tests.ui.conftest import commit_ime
from ui.decisions.table_models import ALERT

SHOTS = Path("/work/shots/decisions")


@pytest.fixture
def page(window):  # type: ignore[no-untyped-def]
    from ui.areas import install_areas
    install_areas(window)
    window.show_page("decisions")
    return window.page("decisions")


def set_day(dialog, day: str) -> None:  # type: ignore[no-untyped-def]
    dialog.day.setDate(QDate.fromString(day, "yyyy-MM-dd"))


def test_a_clerk_records_an_item_step_by_step_and_a_missed_quorum_is_flagged(  # type: ignore[no-untyped-def]
        qtbot, window, page, dialogs):
    assert "没有议事事项" in page.heading.text()

    def new(d) -> bool:  # type: ignore[no-untyped-def]
        assert not d.ok_button.isEnabled()  # no title yet
        d.village.setCurrentText("姜家庄村")
        commit_ime(d.title, "集体厂房出租")
        d.kind.setCurrentText("资产资源发包")
        qtbot.keyClicks(d.amount, "20")
        return True
    dialogs.append(new)
    page.buttons["new"].click()
    assert page.model.rowCount() == 1 and page.selected().title == "集体厂房出租"
    assert page.steps.model().rowCount() == 8  # the default 五议一审两公开

    def step(n: int, day: str, **counts: str):  # type: ignore[no-untyped-def]
        def work(d) -> bool:  # type: ignore[no-untyped-def]
            set_day(d, day)
            for field, value in counts.items():
                qtbot.keyClicks(d.counts[field], value)
            return True
        dialogs.append(work)
        page.record_step(n)
    step(0, "2026-08-01")
    step(1, "2026-08-03", due="7", present="7", votes_for="7")
    step(2, "2026-08-05", due="9", present="9", votes_for="9")

    def assembly(d) -> bool:  # type: ignore[no-untyped-def]
        set_day(d, "2026-08-10")
        for field, value in (("due", "40"), ("present", "26"), ("votes_for", "25")):
            qtbot.keyClicks(d.counts[field], value)
        assert "不足应到 40 人的三分之二（至少 27 人）" in d.warning.text()  # warned, and may still save
        assert d.ok_button.isEnabled()
        qtbot.keyClicks(d.counts["votes_against"], "9")
        assert "表决票数合计 34 超过实到人数 26" in d.warning.text()
        d.counts["votes_against"].clear()
        qtbot.keyClicks(d.counts["votes_against"], "x")
        assert not d.ok_button.isEnabled() and "反对票数“x”应为不小于 0 的整数" in d.error.text()
        d.counts["votes_against"].clear()
        SHOTS.mkdir(parents=True, exist_ok=True)
        d.grab().save(str(SHOTS / "step-dialog.png"))
        return True
    dialogs.append(assembly)
    page.steps.doubleClicked.emit(page.step_model.index(3, 0))
    assert page.model.index(0, 2).data() == "有问题"
    assert page.model.index(0, 2).data(Qt.ItemDataRole.ForegroundRole) == ALERT
    assert page.step_model.index(3, 8).data().startswith("实到 26 人，不足应到 40 人的三分之二")
    assert page.step_model.index(3, 3).data() == "26"
    assert "4. 党员大会审议：实到 26 人" in page.flag_note.text()
    assert "有问题 1 项" in page.counts.text()
    page.status.setCurrentText("已公开")
    assert page.model.rowCount() == 0
    page.status.setCurrentText("有问题")
    assert page.model.rowCount() == 1
    window.resize(1366, 768)
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS / "page.png"))
    page.steps.selectRow(3)
    assert page.clear_button.isEnabled()


def test_a_procedure_edit_applies_to_new_items_only(qtbot, window, page, dialogs) -> None:  # type: ignore[no-untyped-def]
    v = int(window.db.execute("SELECT id FROM villages WHERE name = '院上村'").fetchone()[0])
    old = dc.save_item(window.db, dc.Item(v, "路灯安装", "其他"))

    def edit(d) -> bool:  # type: ignore[no-untyped-def]
        assert d.table.rowCount() == 8
        d.table.setCurrentCell(0, 0)
        d._remove()  # 删除 the first step (党员群众建议)
        assert d.table.item(0, 0).text() == "村党组织提议"
        d.table.item(0, 0).setText("")
        assert not d.ok_button.isEnabled() and "没有名称" in d.error.text()
        d.table.item(0, 0).setText("村党组织提议")
        assert d.ok_button.isEnabled()
        return True
    dialogs.append(edit)
    page.buttons["procedure"].click()
    assert dc.procedure(window.db).version == 2 and len(dc.procedure(window.db).steps) == 7
    new = dc.save_item(window.db, dc.Item(v, "文化广场", "其他"))
    assert len(dc.item_detail(window.db, old).steps) == 8 and len(dc.item_detail(window.db, new).steps) == 7


def test_the_register_prints_to_the_chosen_file(qtbot, window, page, tmp_path, monkeypatch,  # type: ignore[no-untyped-def]
                                                messages) -> None:
    from ui import file_dialogs
    v = int(window.db.execute("SELECT id FROM villages WHERE name = '院上村'").fetchone()[0])
    item = dc.save_item(window.db, dc.Item(v, "村内道路硬化", "集体经济项目立项/招标", 35))
    dc.record_step(window.db, item, dc.StepRecord(1, "2026-10-05", 7, 7, 7, 0, 0, "同意"))
    page.on_data_changed(frozenset(dc.TABLES))
    out = tmp_path / "登记表.pdf"
    monkeypatch.setattr(file_dialogs.dialogs, "save_file", lambda *a, **k: str(out))
    page.buttons["print"].click()
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "村级事务决策登记表" in text and "村内道路硬化" in text and "2026-10-05" in text
    assert "已保存登记表" in messages[-1][1]
