"""`export four-ones`: the 四个一 sheet in the import's columns (a round trip), from plain rows; no SQL, no Qt."""
from __future__ import annotations

from collections.abc import Sequence
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

_WIDE = {"村（社区）": 14, "结对部门": 20, "第一书记派出单位": 18, "驻村开始日期": 13, "驻村结束日期": 13}


def build_four_ones_xlsx(header: Sequence[str], rows: Sequence[Sequence[str]], out: BinaryIO, *,
                         year: int) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = f"{year}年四个一"
    ws.append(list(header))
    for i, name in enumerate(header, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(i)].width = _WIDE.get(name, 11)
    for row in rows:
        ws.append(list(row))
    for line in ws.iter_rows(min_row=2):  # phones and dates stay text: Excel must not turn them into numbers
        for cell in line:
            cell.number_format = "@"
    ws.freeze_panes = "B2"
    wb.save(out)
