"""The 操作日志 export: a pure writer from plain rows to an .xlsx stream (openpyxl, write-only for big logs)."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

WIDTHS = (20, 12, 16, 26, 36, 80)


def build_audit_xlsx(headers: Sequence[str], rows: Iterable[Sequence[str]], out: BinaryIO, *,
                     title: str = "操作日志", conditions: str = "") -> None:
    """Write a title line, the filter conditions, a header row and the rows (all text) to `out`."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    for i, width in enumerate(WIDTHS[:len(headers)]):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.freeze_panes = "A4"
    bold = Font(bold=True)

    def cell(value: str, *, font: Font | None = None, wrap: bool = False) -> WriteOnlyCell:
        c = WriteOnlyCell(ws, value=value)
        if font:
            c.font = font
        if wrap:
            c.alignment = Alignment(wrap_text=True, vertical="top")
        return c

    ws.append([cell(title, font=Font(bold=True, size=14))])
    ws.append([cell(conditions or "筛选条件：全部")])
    ws.append([cell(h, font=bold) for h in headers])
    for row in rows:
        ws.append([cell(str(v), wrap=i == len(row) - 1) for i, v in enumerate(row)])
    wb.save(out)
