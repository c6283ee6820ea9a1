"""The 书记备案 page: a clerk files a secretary through the real form (personal data shown from the member
record), changes the filing (a second version in the history), edits the year's indicators (确定 only at a
weight sum of 100), enters scores and sees the weighted total; ranking appears only when switched on."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from models import secretaries as sc
from models import supervision as sv
from tests.conftest import add_member
from tests.ui.conftest import commit_ime
from ui.secretaries.table_models import ALERT

SHOTS = Path("/work/shots/secretaries")


@pytest.fixture
def page(window):  # type: ignore[no-untyped-def]
    from ui.areas import install_areas
    db = window.db
    v1, v2 = (int(db.execute("SELECT id FROM villages WHERE name = ?", [n]).fetchone()[0]) for n in ("院上村", "姜家庄村"))
    m1 = add_member(db, "张三", phone="13912345678")
    m2 = add_member(db, "李四", village="姜家庄村")
    sv.save_cadre(db, sv.Cadre(v1, "", "书记", "2021-12-20", appointed_by="选举", one_shoulder=True, member_id=m1))
    sv.save_cadre(db, sv.Cadre(v2, "", "书记", "2022-01-05", appointed_by="选派", member_id=m2))
    install_areas(window)
    window.show_page("secretaries")
    return window.page("secretaries")


def row_of(page, name):  # type: ignore[no-untyped-def]
    return next(n for n, r in enumerate(page.model.rows) if r.name == name)


def test_file_a_secretary_then_change_it_into_a_second_version(qtbot, window, page, dialogs):  # type: ignore[no-untyped-def]
    n = row_of(page, "张三")
    assert page.model.index(n, 6).data() == "未备案"
    assert page.model.index(n, 6).data(Qt.ItemDataRole.ForegroundRole) == ALERT
    page.table.selectRow(n)
    assert "13912345678" in page.detail.text() and "取自党员档案" in page.detail.text()

    def first(d) -> bool:  # type: ignore[no-untyped-def]
        assert "张三" in d.who.text() and "1970-05-06" in d.who.text()  # from the member record, not typed
        assert not d.ok_button.isEnabled()  # no 备案编号 yet
        commit_ime(d.number, "院备〔2022〕1号")
        commit_ime(d.resume, "2015.01-2021.12 院上村村委委员")
        d.filing_date.setDate(d.filing_date.date().fromString("2022-01-10", "yyyy-MM-dd"))
        SHOTS.mkdir(parents=True, exist_ok=True)
        d.grab().save(str(SHOTS / "filing-dialog.png"))
        return True
    dialogs.append(first)
    page.file_button.click()
    n = row_of(page, "张三")
    assert [page.model.index(n, c).data() for c in (5, 6, 7, 8)] == ["2026-12-20", "已备案", "院备〔2022〕1号",
                                                                     "第 1 版"]

    def change(d) -> bool:  # type: ignore[no-untyped-def]
        assert "第 2 版" in d.windowTitle()
        d.review.setCurrentText("通过")
        d.accept()  # refused: 资格联审日期 missing — the dialog stays open with what was typed
        assert d.isVisible() and d.review.currentText() == "通过"
        commit_ime(d.review_date, "2021-12-01")
        return True
    dialogs.append(change)
    page.table.selectRow(row_of(page, "张三"))
    page.file_button.click()
    assert [(page.history_model.index(r, 0).data(), page.history_model.index(r, 1).data())
            for r in range(page.history_model.rowCount())] == [("第 2 版", "现行"), ("第 1 版", "历史")]
    assert "已备案 1，未备案 1" in page.counts_label.text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS / "filings.png"))


def test_evaluation_editor_scores_totals_and_ranking(qtbot, window, page, dialogs):  # type: ignore[no-untyped-def]
    page.tabs.setCurrentIndex(1)
    assert page.year.value() == 2026 and "使用默认指标" in page.eval_note.text()
    headers = [page.eval_model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.eval_model.columnCount())]
    assert "排名" not in headers and headers[-1] == "加权总分"

    def indicators(d) -> bool:  # type: ignore[no-untyped-def]
        while d.table.rowCount() > 2:
            d.table.setCurrentCell(2, 0)
            d.remove_button.click()
        d.weight(0).setValue(60)
        d.weight(1).setValue(39.9)
        assert not d.ok_button.isEnabled() and "权重合计为 99.9，应为 100" in d.error.text()
        d.weight(1).setValue(40)
        assert d.ok_button.isEnabled()
        return True
    dialogs.append(indicators)
    page.indicators_button.click()
    assert [i.name for i in sc.indicators(window.db, 2026)] == ["政治引领", "发展集体经济"]

    def scores(d) -> bool:  # type: ignore[no-untyped-def]
        qtbot.keyClicks(d.edits["政治引领"], "90")
        qtbot.keyClicks(d.edits["发展集体经济"], "75")
        return True
    r = next(n for n, x in enumerate(page.eval_model.rows) if x.name == "张三")
    page.eval_table.selectRow(r)
    dialogs.append(scores)
    page.scores_button.click()
    r = next(n for n, x in enumerate(page.eval_model.rows) if x.name == "张三")
    assert page.eval_model.index(r, 4).data() == "84"  # 90 × 60% + 75 × 40%
    page.ranking.setChecked(True)
    assert page.eval_model.headerData(5, Qt.Orientation.Horizontal) == "排名"
    assert page.eval_model.index(r, 5).data() == "1"
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS / "evaluation.png"))
