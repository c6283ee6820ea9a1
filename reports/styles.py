"""The one styles module of every printed form: page sizes and binding margins, the embedded Chinese font,
paragraph and table styles, the page furniture (town, title, scope, print date, "第 N 页 共 M 页") and the
document builder the form modules call.

Builders are `build_xxx(data, out, *, options)`; they hand flowables to `build_document`, which draws the same
header and footer on every page, numbers pages against their total (two passes over the saved page states) and
writes deterministic output when asked (ReportLab's invariant mode: fixed creation date and document id — tests
use it; real reports carry the real creation date).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, TableStyle
from reportlab.platypus.doctemplate import LayoutError

from models import clock

from .fonts import register_cjk_font

GRID_COLOR = colors.black
SHADE = colors.HexColor("#E6E6E6")
LIGHT = colors.HexColor("#F3F3F3")


class ReportCancelled(Exception):
    """Raised from an on_page callback to stop a report being built."""


class ReportTooLarge(ValueError):
    """Something on the form does not fit on one page; the message is Chinese."""


@dataclass(frozen=True)
class ReportOptions:
    """What every builder accepts. printed_on None means today; font_path a TrueType font chosen by the clerk
    (else the search order of reports.fonts); invariant for byte-identical output (tests); on_page(n) is called as
    page n is laid out (it may raise ReportCancelled); log_code the 日志校验码 (models.audit.chain_head) printed in
    every page's footer, so that a later shortened audit log shows against the paper."""
    full_id: bool = False
    printed_on: dt.date | None = None
    font_path: str | None = None
    invariant: bool = False
    on_page: Callable[[int], None] | None = field(default=None, compare=False)
    log_code: str = ""
    charts: bool = False  # the 统计汇总表 adds a page of charts

    @property
    def date(self) -> dt.date:
        return self.printed_on or clock.today()


@dataclass(frozen=True)
class Margins:
    left: float
    right: float
    top: float
    bottom: float


# Binding edge on the left: wider there. The header (title, scope line) sits inside the top margin band.
PORTRAIT_MARGINS = Margins(left=25 * mm, right=15 * mm, top=30 * mm, bottom=18 * mm)
LANDSCAPE_MARGINS = Margins(left=22 * mm, right=12 * mm, top=27 * mm, bottom=14 * mm)


@dataclass(frozen=True)
class Styles:
    font: str
    cell: ParagraphStyle
    cell_center: ParagraphStyle
    head: ParagraphStyle
    label: ParagraphStyle
    value: ParagraphStyle
    note: ParagraphStyle
    group: ParagraphStyle


def make_styles(font: str, size: float = 9) -> Styles:
    leading = size * 1.25
    base = ParagraphStyle("cell", fontName=font, fontSize=size, leading=leading, wordWrap="CJK", alignment=TA_LEFT)
    return Styles(
        font=font,
        cell=base,
        cell_center=ParagraphStyle("cell_center", parent=base, alignment=TA_CENTER),
        head=ParagraphStyle("head", parent=base, alignment=TA_CENTER),
        label=ParagraphStyle("label", parent=base, fontSize=11, leading=14, alignment=TA_CENTER),
        value=ParagraphStyle("value", parent=base, fontSize=11, leading=14),
        note=ParagraphStyle("note", parent=base, fontSize=10, leading=14),
        group=ParagraphStyle("group", parent=base, fontSize=size + 0.5, leading=leading + 1),
    )


def table_style(font: str, size: float = 9, header_rows: int = 1,
                extra: Sequence[tuple[Any, ...]] = ()) -> TableStyle:
    """Bordered grid, Chinese font on every cell, shaded header rows."""
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), font, size, size * 1.25),
        ("GRID", (0, 0), (-1, -1), 0.5, GRID_COLOR),
        ("BOX", (0, 0), (-1, -1), 1.0, GRID_COLOR),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), SHADE))
    commands.extend(extra)
    return TableStyle(commands)


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def short_date(value: str) -> str:
    """'1995-07-01' → '1995.07.01', '1995-07' → '1995.07' (how Party rosters write dates)."""
    return value.replace("-", ".")


def fits(text: str, font: str, size: float, width: float) -> bool:
    return bool(stringWidth(text, font, size) <= width)


@dataclass(frozen=True)
class Page:
    """Page furniture of one form."""
    title: str
    town: str
    scope: str
    landscape: bool = False
    subtitle: str = ""

    @property
    def size(self) -> tuple[float, float]:
        w, h = landscape(A4) if self.landscape else A4
        return float(w), float(h)

    @property
    def margins(self) -> Margins:
        return LANDSCAPE_MARGINS if self.landscape else PORTRAIT_MARGINS

    @property
    def frame_size(self) -> tuple[float, float]:
        w, h = self.size
        m = self.margins
        return w - m.left - m.right, h - m.top - m.bottom


def _numbered_canvas(font: str, footer_right: str = "", right_margin: float = 15 * mm) -> type[Canvas]:
    """A canvas that keeps every page until save() so each can say 第 N 页 共 M 页 (and, at the right,
    footer_right: the 日志校验码)."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                w, _ = self._pagesize
                self.setFont(font, 9)
                self.drawCentredString(w / 2, 7 * mm, f"第 {number} 页  共 {total} 页")
                if footer_right:
                    self.setFont(font, 7.5)
                    self.drawRightString(w - right_margin, 7 * mm, footer_right)
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas


def _decorate(page: Page, options: ReportOptions, font: str) -> Callable[[Canvas, BaseDocTemplate], None]:
    def on_page(canvas: Canvas, doc: BaseDocTemplate) -> None:
        w, h = page.size
        m = page.margins
        canvas.saveState()
        canvas.setFont(font, 18)
        title_y = h - m.top + 13 * mm
        canvas.drawCentredString(m.left + (w - m.left - m.right) / 2, title_y, page.title)
        canvas.setFont(font, 9.5)
        line_y = h - m.top + 3 * mm
        left = f"单位：{page.town}" if page.town else ""
        if page.scope:
            left += f"　　范围：{page.scope}"
        if page.subtitle:
            left += f"　　{page.subtitle}"
        canvas.drawString(m.left, line_y, left.strip())
        canvas.drawRightString(w - m.right, line_y, f"打印日期：{cn_date(options.date)}")
        canvas.restoreState()
        if options.on_page is not None:
            options.on_page(doc.page)
    return on_page


def build_document(out: BinaryIO, page: Page, story: list[Flowable], options: ReportOptions,
                   font: str) -> None:
    """Lay out the story on A4 pages with the page furniture and write the PDF to out."""
    w, h = page.size
    m = page.margins
    doc = BaseDocTemplate(out, pagesize=page.size, leftMargin=m.left, rightMargin=m.right, topMargin=m.top,
                          bottomMargin=m.bottom, title=page.title, author=page.town, subject=page.scope,
                          creator="网格党建台账", invariant=1 if options.invariant else 0,
                          initialFontName=font, initialFontSize=9)  # else Helvetica (not embedded) is listed
    frame = Frame(m.left, m.bottom, w - m.left - m.right, h - m.top - m.bottom, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="form", frames=[frame], onPage=_decorate(page, options, font),
                                       pagesize=page.size)])
    try:
        code = f"日志校验码：{options.log_code}" if options.log_code else ""
        doc.build(story, canvasmaker=_numbered_canvas(font, code, m.right))
    except LayoutError as exc:
        raise ReportTooLarge("表格中有一项内容太多，一页放不下，请精简备注或地址后再打印") from exc


def font_for(options: ReportOptions) -> str:
    return register_cjk_font(options.font_path)


def para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")
