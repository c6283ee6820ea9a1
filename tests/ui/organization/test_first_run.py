"""The first-run town form: a county code GB/T 2260 never listed (999999) is warned about, not refused."""
from __future__ import annotations

import os

import pytest

from models.audit import history
from models.org import get_town
from tests.ui.conftest import commit_ime
from ui.organization.first_run import ERROR_STYLE, WARNING_STYLE, FirstRunPage


@pytest.mark.parametrize("code, warned", [("999999", True), ("111111", True), ("370285", False),
                                          ("370225", False)])
def test_county_code_unknown_to_gbt2260_is_warned_and_still_saved(qtbot, db, code: str, warned: bool) -> None:
    page = FirstRunPage(db)
    qtbot.addWidget(page)
    page.resize(900, 560)
    page.show()
    commit_ime(page.name, "院上镇")
    qtbot.keyClicks(page.county, code)
    shown = page.errors["county"].text()
    assert (f"GB/T 2260 行政区划代码中没有 {code}，请核对（仍可保存）" == shown) is warned, shown
    assert warned or shown == ""
    assert page.errors["county"].styleSheet() == (WARNING_STYLE if warned else ERROR_STYLE)
    assert page.save_button.isEnabled()
    if code == "999999" and os.environ.get("GRIDLEDGER_SHOTS"):
        page.grab().save(os.path.join(os.environ["GRIDLEDGER_SHOTS"], "first_run_999999.png"))
    with qtbot.waitSignal(page.finished):
        page.save_button.click()
    town = get_town(db)
    assert town is not None and town.county_code == code
    summary = history(db, "town", town.id)[-1]["summary"]
    assert ("不在行政区划代码" in summary) is warned


def test_a_short_code_is_still_an_error_not_a_warning(qtbot, db) -> None:
    page = FirstRunPage(db)
    qtbot.addWidget(page)
    commit_ime(page.name, "院上镇")
    qtbot.keyClicks(page.county, "99999")
    assert "6 位数字" in page.errors["county"].text() and not page.save_button.isEnabled()
    assert page.errors["county"].styleSheet() == ERROR_STYLE
