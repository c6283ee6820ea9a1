"""Signature and seal lines: the closing line of rosters and tables, and the boxed signature block of filing
forms (党员(签字) … 基层党委(盖章), each with 年 月 日)."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from .styles import GRID_COLOR, Styles


def gap(ems: float) -> str:
    """Blank space that Paragraph keeps (ideographic spaces are collapsed like ordinary ones)."""
    return "\xa0" * round(ems * 4)


DATE = f"{gap(3)}年{gap(2)}月{gap(2)}日"


def signature_lines(styles: Styles, people: Sequence[str], seal: str = "", *, blank: float = 32 * mm) -> list[Flowable]:
    """One line under a table: 填表人 ____  审核人 ____ … and the seal place with its date; where the page is too
    narrow for all of it (a portrait page with a long seal), the seal and its date go on a second line, at the
    right, never cut off at the margin."""
    return [KeepTogether([Spacer(1, 8 * mm), _SignatureLine(styles, people, seal, blank)])]


class _SignatureLine(Flowable):
    """Lays itself out for the width it is given: one row when it fits, else people above and the seal below."""

    def __init__(self, styles: Styles, people: Sequence[str], seal: str, blank: float) -> None:
        super().__init__()
        self.styles, self.people, self.seal, self.blank = styles, people, seal, blank
        self.table: Table | None = None

    def _parts(self) -> tuple[tuple[list[Any], list[float], list[tuple[Any, ...]]], tuple[list[Any], list[float]]]:
        font, size = self.styles.font, self.styles.note.fontSize
        cells: list[Any] = []
        widths: list[float] = []
        lines: list[tuple[Any, ...]] = []
        for p in self.people:
            cells += [f"{p}：", ""]
            widths += [stringWidth(f"{p}：", font, size) + 2, self.blank]
            lines.append(("LINEBELOW", (len(cells) - 1, 0), (len(cells) - 1, 0), 0.5, GRID_COLOR))
            cells.append("")
            widths.append(8 * mm)
        seal_cells: list[Any] = []
        seal_widths: list[float] = []
        if self.seal:
            seal_cells = [f"{self.seal}：", "", "年　　月　　日"]
            seal_widths = [stringWidth(f"{self.seal}：", font, size) + 2, 28 * mm,
                           stringWidth("年　　月　　日", font, size) + 2]
        return (cells, widths, lines), (seal_cells, seal_widths)

    def _style(self, lines: list[tuple[Any, ...]]) -> TableStyle:
        return TableStyle([("FONT", (0, 0), (-1, -1), self.styles.font, self.styles.note.fontSize),
                           ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                           ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), *lines])

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:  # noqa: D102 (ReportLab's)
        (cells, widths, lines), (seal_cells, seal_widths) = self._parts()
        if sum(widths) + sum(seal_widths) <= avail_width or not seal_cells:
            self.table = Table([cells + seal_cells], colWidths=widths + seal_widths, hAlign="LEFT",
                               style=self._style(lines))
        else:  # two rows: the people at the left, the seal and its date at the right under them
            pad = max(avail_width - sum(seal_widths), 0)
            top = Table([cells], colWidths=widths, hAlign="LEFT", style=self._style(lines))
            bottom = Table([[""] + seal_cells], colWidths=[pad] + seal_widths, hAlign="LEFT",
                           style=self._style([]))
            self.table = Table([[top], [bottom]], colWidths=[avail_width], hAlign="LEFT", style=TableStyle([
                ("FONT", (0, 0), (-1, -1), self.styles.font, self.styles.note.fontSize),
                ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 1), (0, 1), 5 * mm)]))
        self.width, self.height = self.table.wrap(avail_width, avail_height)
        return self.width, self.height

    def draw(self) -> None:
        assert self.table is not None
        self.table.drawOn(self.canv, 0, 0)


def signature_block(styles: Styles, labels: Sequence[str], *, height: float = 30 * mm,
                    width: float = 170 * mm, columns: int = 2) -> Table:
    """Boxed cells, each with a label at the top and 年 月 日 at the bottom right, two per row."""
    right = ParagraphStyle("sign_date", parent=styles.note, alignment=TA_RIGHT)
    cells: list[Any] = [[Paragraph(f"{label}：", styles.note), Spacer(1, height - 17 * mm),
                         Paragraph(DATE + gap(1), right)] for label in labels]
    rows = [cells[i:i + columns] for i in range(0, len(cells), columns)]
    while len(rows[-1]) < columns:
        rows[-1].append([])
    return Table(rows, colWidths=[width / columns] * columns, rowHeights=[height] * len(rows), style=TableStyle([
        ("FONT", (0, 0), (-1, -1), styles.font, styles.note.fontSize),
        ("GRID", (0, 0), (-1, -1), 0.5, GRID_COLOR),
        ("BOX", (0, 0), (-1, -1), 1.0, GRID_COLOR),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3 * mm),
        ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
    ]))
