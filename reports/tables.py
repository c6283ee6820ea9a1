"""Long tables paged by hand: every page gets the column headers again, no row is split across pages, a group
heading never ends a page, and long cells wrap the Chinese way.

ReportLab's own table splitting re-measures every remaining row at every page break (quadratic: a 10,000-row
roster would take minutes). Here each row is measured once — a plain string when it fits on one line, a
wrapped Paragraph otherwise — and each page becomes one Table with fixed row heights.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.platypus import Flowable, PageBreak, Paragraph, Table

from .styles import LIGHT, SHADE, ReportTooLarge, Styles, escape, fits, table_style

PAD_V = 4.5  # top + bottom padding in table_style
PAD_H = 4.0
BACKGROUNDS = {"group": LIGHT, "subtotal": SHADE, "total": SHADE}  # kind 'note' has none


@dataclass(frozen=True)
class Row:
    """One table row. kind 'data' has a cell per column; 'group', 'subtotal', 'total' and 'note' have one text
    that spans the whole width (or, with span=False, a cell per column)."""
    cells: tuple[str, ...]
    kind: str = "data"
    span: bool = True


@dataclass(frozen=True)
class Columns:
    widths: tuple[float, ...]
    left_aligned: tuple[int, ...] = ()  # column indexes whose text starts at the left (address, remarks)

    @property
    def total(self) -> float:
        return sum(self.widths)


def _cell(text: str, width: float, styles: Styles, left: bool, size: float) -> tuple[Any, float]:
    """The cell value (str or Paragraph) and its height without padding."""
    line = size * 1.25
    if "\n" not in text and fits(text, styles.font, size, width - PAD_H):
        return text, line
    p = Paragraph(escape(text), styles.cell if left else styles.cell_center)
    _, h = p.wrap(width - PAD_H, 10_000)
    return p, max(h, line)


def _measure(row: Row, cols: Columns, styles: Styles, size: float) -> tuple[list[Any], float]:
    if row.kind != "data" and row.span:
        value, h = _cell(row.cells[0], cols.total, styles, True, size)
        return [value] + [""] * (len(cols.widths) - 1), h + PAD_V
    values, height = [], 0.0
    for i, (text, width) in enumerate(zip(row.cells, cols.widths, strict=True)):
        value, h = _cell(text, width, styles, i in cols.left_aligned, size)
        values.append(value)
        height = max(height, h)
    return values, height + PAD_V


def paged_tables(header: Sequence[Sequence[str]], rows: Sequence[Row], cols: Columns, styles: Styles,
                 page_height: float, *, size: float = 9,
                 header_commands: Sequence[tuple[Any, ...]] = (),
                 first_page_height: float | None = None) -> list[Flowable]:
    """Tables of at most one page each, separated by page breaks. header is one or more rows of labels."""
    head = [_measure(Row(tuple(h)), cols, styles, size) for h in header]
    head_values = [v for v, _ in head]
    head_h = sum(h for _, h in head)
    measured = [(row, *_measure(row, cols, styles, size)) for row in rows]
    pages: list[list[tuple[Row, list[Any], float]]] = [[]]
    room = (first_page_height or page_height) - head_h - 1
    used = 0.0
    for i, item in enumerate(measured):
        row, _, h = item
        if h > page_height - head_h - 1:
            who = "　".join(c for c in row.cells[:2] if c)
            raise ReportTooLarge(f"“{who}”这一行内容太多（如备注、地址过长），一页放不下，请精简后再打印")
        need = h
        if row.kind == "group" and i + 1 < len(measured):
            need += measured[i + 1][2]  # keep the heading with its first row
        if pages[-1] and used + need > room:
            pages.append([])
            room, used = page_height - head_h - 1, 0.0
        pages[-1].append(item)
        used += h
    out: list[Flowable] = []
    for n, page in enumerate(pages):
        if n:
            out.append(PageBreak())
        out.append(_table(head_values, [h for _, h in head], page, cols, styles, size, header_commands))
    return out


def _table(head_values: list[list[Any]], head_heights: list[float], page: list[tuple[Row, list[Any], float]],
           cols: Columns, styles: Styles, size: float,
           header_commands: Sequence[tuple[Any, ...]]) -> Table:
    n_head = len(head_values)
    extra: list[tuple[Any, ...]] = list(header_commands)
    for c in cols.left_aligned:
        extra.append(("ALIGN", (c, n_head), (c, -1), "LEFT"))
    for r, (row, _, _) in enumerate(page, start=n_head):
        if row.kind == "data":
            continue
        if row.span:
            extra.append(("SPAN", (0, r), (-1, r)))
            extra.append(("ALIGN", (0, r), (-1, r), "LEFT"))
        if row.kind in BACKGROUNDS:
            extra.append(("BACKGROUND", (0, r), (-1, r), BACKGROUNDS[row.kind]))
    data = head_values + [values for _, values, _ in page]
    heights = head_heights + [h for _, _, h in page]
    return Table(data, colWidths=list(cols.widths), rowHeights=heights,
                 style=table_style(styles.font, size, n_head, extra), hAlign="CENTER")
