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

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, PageBreak, Paragraph, Table

from .fast_table import FastTable, cell_style, text_width
from .styles import GRID_COLOR, LIGHT, SHADE, ReportTooLarge, Styles, escape

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
    continued: str = ""  # kind 'group': the heading repeated on a page that continues the group

    @property
    def continuation(self) -> Row:
        return Row((self.continued or f"{self.cells[0]}（续）",), "group")


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
    if "\n" not in text and text_width(text, styles.font, size) <= width - PAD_H:
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


Item = tuple[Row, list[Any], float]
KEEP_WITH_PREVIOUS = ("subtotal", "total")  # never the first row on a page: the last data row goes along
MIN_HEAD_SIZE = 7.0  # a header label is shrunk down to this rather than broken inside a word
HEAD_AIR = 2.0  # a label keeps this much room besides the padding, so it never touches the rules


def _head_cell(text: str, width: float, styles: Styles, size: float) -> tuple[Any, float]:
    """A column label. '\n' marks where it may break (between words); it stays on one line when it fits, else
    breaks only there, and a part still too wide shrinks the label's font instead of splitting a word."""
    room = width - PAD_H - HEAD_AIR
    if text_width(text.replace("\n", ""), styles.font, size) <= room:
        return text.replace("\n", ""), size * 1.25
    lines = text.split("\n")
    widest = max(text_width(line, styles.font, size) for line in lines)
    fitted = min(size, size * room / widest) if widest else size
    if fitted < MIN_HEAD_SIZE:
        return _cell(text, width, styles, False, size)
    fitted = int(fitted * 10) / 10  # a tenth of a point below the exact fit, so it never wraps after all
    style = ParagraphStyle("head_fit", parent=styles.cell_center, fontSize=fitted, leading=fitted * 1.25)
    p = Paragraph("<br/>".join(escape(line) for line in lines), style)
    _, h = p.wrap(width - PAD_H, 10_000)
    return p, max(h, size * 1.25)


def _head_widths(row: int, cols: Columns, commands: Sequence[tuple[Any, ...]]) -> list[float]:
    """The width each label of header row `row` has: a label spanning columns (SPAN) gets them all."""
    widths = list(cols.widths)
    n = len(widths)
    for command in commands:
        if command[0] == "SPAN" and command[1][1] == row:
            first, last = command[1][0] % n, command[2][0] % n
            widths[first] = sum(cols.widths[first:last + 1])
    return widths


def _measure_head(labels: Sequence[str], widths: Sequence[float], styles: Styles,
                  size: float) -> tuple[list[Any], float]:
    values, height = [], 0.0
    for text, width in zip(labels, widths, strict=True):
        value, h = _head_cell(text, width, styles, size)
        values.append(value)
        height = max(height, h)
    return values, height + PAD_V


def height_of(flowables: Sequence[Flowable], width: float) -> float:
    """How much of a page the flowables take (to keep them with the table's last rows)."""
    total = 0.0
    for f in flowables:
        inner = getattr(f, "_content", None)  # KeepTogether: measure what it holds (it needs a canvas itself)
        total += height_of(inner, width) if inner is not None else f.wrap(width, 10_000)[1]
        total += f.getSpaceBefore() + f.getSpaceAfter()
    return total


def _take_tail(page: list[Item]) -> list[Item]:
    """The rows a subtotal (or total) carries to the next page: back to and including the last data row, with
    that row's group heading when the heading would otherwise end the page. Empty when nothing may move."""
    for i in range(len(page) - 1, -1, -1):
        if page[i][0].kind == "data":
            start = i - 1 if i and page[i - 1][0].kind == "group" else i
            if any(item[0].kind == "data" for item in page[:start]):
                tail = page[start:]
                del page[start:]
                return tail
            return []
    return []


def paged_tables(header: Sequence[Sequence[str]], rows: Sequence[Row], cols: Columns, styles: Styles,
                 page_height: float, *, size: float = 9, head_size: float | None = None,
                 header_commands: Sequence[tuple[Any, ...]] = (),
                 first_page_height: float | None = None, keep_with_last: float = 0) -> list[Flowable]:
    """Tables of at most one page each, separated by page breaks. header is one or more rows of labels ('\n' in
    a label: where it may break). A page that continues a group starts with the group's heading marked （续）;
    a subtotal or total never starts a page on its own. keep_with_last: the height of what follows the table
    (the signature lines), which goes to the next page with the last rows rather than alone."""
    head = [_measure_head(h, _head_widths(r, cols, header_commands), styles, head_size or size)
            for r, h in enumerate(header)]
    head_values = [v for v, _ in head]
    head_h = sum(h for _, h in head)
    measured: list[Item] = [(row, *_measure(row, cols, styles, size)) for row in rows]
    continuations: dict[int, Item] = {}

    def continuation(group: Item) -> Item:
        if id(group) not in continuations:
            row = group[0].continuation
            continuations[id(group)] = (row, *_measure(row, cols, styles, size))
        return continuations[id(group)]

    pages: list[list[Item]] = [[]]
    room = (first_page_height or page_height) - head_h - 1
    used = 0.0
    group: Item | None = None  # the heading of the group the rows belong to
    for i, item in enumerate(measured):
        row, _, h = item
        if h > page_height - head_h - 1:
            who = "　".join(c for c in row.cells[:2] if c)
            raise ReportTooLarge(f"“{who}”这一行内容太多（如备注、地址过长），一页放不下，请精简后再打印")
        need = h
        if row.kind == "group" and i + 1 < len(measured):
            need += measured[i + 1][2]  # keep the heading with its first row
        if pages[-1] and used + need > room:
            carried = _take_tail(pages[-1]) if row.kind in KEEP_WITH_PREVIOUS else []
            first = carried[0][0] if carried else row
            top = [continuation(group)] if group is not None and first.kind != "group" else []
            pages.append(top + carried)
            room, used = page_height - head_h - 1, sum(x[2] for x in pages[-1])
        if row.kind == "group":
            group = item
        elif row.kind == "total":
            group = None
        pages[-1].append(item)
        used += h
    if keep_with_last and used + keep_with_last > room:
        last = pages[-1]
        tail = _take_tail(last)
        if tail:
            heading = next((x for x in reversed(last) if x[0].kind == "group"), None)
            if heading is not None and tail[0][0].kind != "group":
                is_repeat = any(heading is c for c in continuations.values())
                tail.insert(0, heading if is_repeat else continuation(heading))
            pages.append(tail)
    out: list[Flowable] = []
    for n, page in enumerate(pages):
        if n:
            out.append(PageBreak())
        out.append(_table(head_values, [h for _, h in head], page, cols, styles, size, header_commands))
    return out


def _table(head_values: list[list[Any]], head_heights: list[float], page: list[Item],
           cols: Columns, styles: Styles, size: float,
           header_commands: Sequence[tuple[Any, ...]]) -> Table:
    """One page's table: the look of table_style (bordered grid, shaded header, centred, the long columns at the
    left), with the body cells sharing their cell styles instead of ten style commands applied to every cell."""
    n_head = len(head_values)
    n = len(cols.widths)
    centre, left = cell_style(styles.font, size, "CENTER"), cell_style(styles.font, size, "LEFT")
    data_row = [left if c in cols.left_aligned else centre for c in range(n)]
    cell_styles = [[cell_style(styles.font, size, "CENTER") for _ in range(n)] for _ in range(n_head)]
    commands: list[tuple[Any, ...]] = [("GRID", (0, 0), (-1, -1), 0.5, GRID_COLOR),
                                       ("BOX", (0, 0), (-1, -1), 1.0, GRID_COLOR),
                                       ("BACKGROUND", (0, 0), (-1, n_head - 1), SHADE), *header_commands]
    for r, (row, _, _) in enumerate(page, start=n_head):
        span = row.kind != "data" and row.span
        cell_styles.append([left] * n if span else data_row)
        if span:
            commands.append(("SPAN", (0, r), (-1, r)))
        if row.kind in BACKGROUNDS:
            commands.append(("BACKGROUND", (0, r), (-1, r), BACKGROUNDS[row.kind]))
    data = head_values + [values for _, values, _ in page]
    heights = head_heights + [h for _, _, h in page]
    return FastTable(data, colWidths=list(cols.widths), rowHeights=heights, cellStyles=cell_styles,
                     style=commands, hAlign="CENTER", normalizedData=1)  # cells are already str or Paragraph
