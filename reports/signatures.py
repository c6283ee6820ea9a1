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
    """One line under a table: 填表人 ____  审核人 ____ … and the seal place with its date."""
    size = styles.note.fontSize
    cells: list[Any] = []
    widths: list[float] = []
    lines: list[tuple[Any, ...]] = []
    for p in people:
        cells += [f"{p}：", ""]
        widths += [stringWidth(f"{p}：", styles.font, size) + 2, blank]
        lines.append(("LINEBELOW", (len(cells) - 1, 0), (len(cells) - 1, 0), 0.5, GRID_COLOR))
        cells.append("")
        widths.append(8 * mm)
    if seal:
        cells += [f"{seal}：", "", "年　　月　　日"]
        widths += [stringWidth(f"{seal}：", styles.font, size) + 2, 28 * mm, 30 * mm]
    table = Table([cells], colWidths=widths, hAlign="LEFT", style=TableStyle([
        ("FONT", (0, 0), (-1, -1), styles.font, size),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), *lines]))
    return [KeepTogether([Spacer(1, 8 * mm), table])]


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
