"""The 报表 page standalone: preview inside the program, scopes, the current search, save, print, cancel."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from models.db import LedgerDB
from models.entities import MemberQuery
from reports.styles import ReportOptions
from tests.conftest import add_member
from ui.printing.page import ReportsPage


@pytest.fixture
def page(qtbot: QtBot, town_db: LedgerDB) -> ReportsPage:
    add_member(town_db, "张伟", grid="第一网格", is_central=True, linked_households=10)
    add_member(town_db, "李娜", grid="第二网格", male=False)
    add_member(town_db, "王强", village="姜家庄村")
    w = ReportsPage(town_db)
    w.printed_on = dt.date(2026, 11, 26)
    w.resize(1200, 800)
    qtbot.addWidget(w)
    w.show()
    return w


def build(qtbot: QtBot, page: ReportsPage, button: str = "preview_button") -> None:
    with qtbot.waitSignal(page.finished, timeout=20_000):
        qtbot.mouseClick(getattr(page, button), Qt.MouseButton.LeftButton)


def text(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def test_preview_shows_the_pages_inside_the_program(qtbot: QtBot, page: ReportsPage) -> None:
    page.kind_box.setCurrentIndex(page.kind_box.findData("member-form"))
    build(qtbot, page)
    assert page.pages == 3 and page.preview.page_count == 3
    assert "《党员基本信息采集表》（全镇）共 3 页" in page.status.text()
    pixmap = page.preview.image_label.pixmap()
    assert not pixmap.isNull() and pixmap.width() > 400
    assert page.preview.count_label.text() == "共 3 页"
    qtbot.mouseClick(page.preview.next_button, Qt.MouseButton.LeftButton)
    assert page.preview.page_box.value() == 2
    assert not page.progress.isVisible() and page.preview_button.isEnabled()


def test_village_and_grid_scopes(qtbot: QtBot, page: ReportsPage) -> None:
    page.kind_box.setCurrentIndex(page.kind_box.findData("roster"))
    page.village_box.setCurrentIndex(page.village_box.findText("院上村"))
    page.scope_buttons["grid"].setChecked(True)
    page.grid_box.setCurrentIndex(page.grid_box.findText("第二网格"))
    build(qtbot, page)
    got = text(page.pdf or b"")
    assert "李娜" in got and "张伟" not in got and "范围：院上村第二网格" in got
    page.scope_buttons["village"].setChecked(True)
    page.scope_group.idClicked.emit(1)
    assert "设置已更改" in page.status.text()
    build(qtbot, page)
    got = text(page.pdf or b"")
    assert "李娜" in got and "张伟" in got and "王强" not in got


def test_current_search_scope(qtbot: QtBot, page: ReportsPage) -> None:
    assert not page.scope_buttons["query"].isEnabled()
    page.set_query(MemberQuery(text="张"))
    assert page.scope_buttons["query"].isEnabled() and "含“张”" in page.query_label.text()
    page.scope_buttons["query"].setChecked(True)
    page.kind_box.setCurrentIndex(page.kind_box.findData("roster"))
    build(qtbot, page)
    got = text(page.pdf or b"")
    assert "张伟" in got and "李娜" not in got
    page.set_query(None)
    assert page.scope_buttons["town"].isChecked()


def test_save_builds_first_then_writes_the_pdf(qtbot: QtBot, page: ReportsPage, tmp_path: Path) -> None:
    target = tmp_path / "花名册"
    page.ask_save_path = lambda: str(target)  # type: ignore[method-assign]
    page.kind_box.setCurrentIndex(page.kind_box.findData("statistics"))
    build(qtbot, page, "save_button")
    saved = tmp_path / "花名册.pdf"
    assert saved.exists() and "合计" in text(saved.read_bytes())
    assert "已保存" in page.status.text()


@pytest.mark.parametrize("kind, pages, size", [("member-form", 3, (595, 842)), ("roster", 1, (842, 595))])
def test_print_sends_every_page_to_the_printer(qtbot: QtBot, page: ReportsPage, tmp_path: Path, kind: str,
                                               pages: int, size: tuple[int, int]) -> None:
    out = tmp_path / "printed.pdf"

    def printer() -> QPrinter:
        p = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        p.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        p.setOutputFileName(str(out))
        return p
    page.ask_printer = printer  # type: ignore[method-assign]
    page.kind_box.setCurrentIndex(page.kind_box.findData(kind))
    build(qtbot, page, "print_button")
    assert f"已送打印机 {pages} 页" in page.status.text()
    reader = PdfReader(out)
    assert len(reader.pages) == pages
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - size[0]) < 3 and abs(float(box.height) - size[1]) < 3  # A4, its orientation


def test_cancel_stops_a_big_report(qtbot: QtBot, page: ReportsPage, town_db: LedgerDB) -> None:
    for i in range(120):
        add_member(town_db, f"党员{i:03d}", grid="第一网格", birth=f"19{40 + i % 30}-03-04")
    page.kind_box.setCurrentIndex(page.kind_box.findData("member-form"))
    with qtbot.waitSignal(page.finished, timeout=20_000) as done:
        page.make_preview()
        assert page.cancel_button.isVisible()
        page.cancel()
    assert done.args == [False]
    assert page.status.text() == "已取消生成。" and page.pdf is None and page.preview.page_count == 0


def test_font_problem_is_told_in_chinese(qtbot: QtBot, page: ReportsPage,
                                        messages: list[tuple[str, str]]) -> None:
    page.options = lambda: ReportOptions(font_path="/nowhere/simsun.ttc")  # type: ignore[method-assign]
    build(qtbot, page)
    assert messages and messages[-1][0] == "error" and "字体文件不存在" in messages[-1][1]


def test_emitting_from_python_does_not_wear_down_true() -> None:
    """PySide6 6.12.0's emit() returns True without owning it; unchecked, ~500 emits abort the interpreter."""
    import sys

    from ui.printing.report_worker import _Probe, emit
    probe = _Probe()
    emit(probe.ping)
    before = sys.getrefcount(True)
    for _ in range(2000):
        emit(probe.ping)
    assert sys.getrefcount(True) >= before


def test_font_in_use_is_shown_and_an_opentype_font_is_refused(qtbot: QtBot, page: ReportsPage, tmp_path: Path,
                                                              messages: list[tuple[str, str]]) -> None:
    assert "嵌入 PDF" in page.font_label.text()
    otf = tmp_path / "SourceHanSans.otf"
    otf.write_bytes(b"OTTO" + b"\0" * 100)
    page.ask_font_path = lambda: str(otf)  # type: ignore[method-assign]
    qtbot.mouseClick(page.font_button, Qt.MouseButton.LeftButton)
    assert messages[-1][0] == "error" and "不是 TrueType" in messages[-1][1]
    assert page.options().font_path != str(otf)


def test_read_only_user_cannot_print_full_identity_numbers(qtbot: QtBot, town_db: LedgerDB) -> None:
    town_db.role = "查阅"
    w = ReportsPage(town_db)
    qtbot.addWidget(w)
    w.full_id.setChecked(True)
    assert not w.full_id.isEnabled() and not w.options().full_id


def test_page_keys_turn_the_preview_pages(qtbot: QtBot, page: ReportsPage) -> None:
    page.kind_box.setCurrentIndex(page.kind_box.findData("member-form"))
    build(qtbot, page)
    qtbot.keyClick(page.preview, Qt.Key.Key_PageDown)
    qtbot.keyClick(page.preview, Qt.Key.Key_PageDown)
    assert page.preview.page_box.value() == 3 and not page.preview.next_button.isEnabled()
    qtbot.keyClick(page.preview, Qt.Key.Key_PageUp)
    assert page.preview.page_box.value() == 2


def test_printing_can_be_cancelled(qtbot: QtBot, page: ReportsPage, tmp_path: Path) -> None:
    def printer() -> QPrinter:
        p = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        p.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        p.setOutputFileName(str(tmp_path / "printed.pdf"))
        page.cancel()  # the clerk presses 取消 as soon as printing starts
        return p
    page.ask_printer = printer  # type: ignore[method-assign]
    page.kind_box.setCurrentIndex(page.kind_box.findData("member-form"))
    build(qtbot, page, "print_button")
    assert page.status.text() == "已取消打印，已送打印机 1 页。"


def test_member_form_defaults_to_whole_numbers_and_lists_to_masked(qtbot: QtBot, town_db: LedgerDB) -> None:
    page = ReportsPage(town_db)
    qtbot.addWidget(page)
    page.kind_box.setCurrentIndex(page.kind_box.findData("roster"))
    assert not page.full_id.isChecked()
    page.kind_box.setCurrentIndex(page.kind_box.findData("member-form"))
    assert page.full_id.isChecked() and page.options().full_id


def test_statistics_with_the_charts_page(qtbot: QtBot, page: ReportsPage) -> None:
    page.kind_box.setCurrentIndex(page.kind_box.findData("roster"))
    assert page.charts.isHidden()  # only the 统计汇总表 has charts
    page.kind_box.setCurrentIndex(page.kind_box.findData("statistics"))
    assert not page.charts.isHidden()
    build(qtbot, page)
    assert page.pages == 1
    page.charts.setChecked(True)
    build(qtbot, page)
    assert page.pages == 2 and page.preview.page_count == 2
