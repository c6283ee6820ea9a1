"""One plain table as .xlsx (header row bold and frozen, every cell text except numbers): the table exports of
every area (书记备案, 履职评估, 议事记录). Pure: rows in, bytes out."""
from __future__ import annotations

from collections.abc import Sequence
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter


def build_table_xlsx(header: Sequence[str], rows: Sequence[Sequence[object]], out: BinaryIO, *,
                     sheet: str = "Sheet1") -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    ws.append(list(header))
    for c in ws[1]:
        c.font = Font(bold=True)
    for r in rows:
        ws.append([v if isinstance(v, (int, float)) or v is None else str(v) for v in r])
    for i, h in enumerate(header, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(10, len(str(h)) * 2 + 2)
        for cell in ws[get_column_letter(i)][1:]:
            if isinstance(cell.value, str):
                cell.number_format = "@"
    ws.freeze_panes = "A2"
    wb.save(out)
