"""The quick table (reports/fast_table.py) must print exactly what ReportLab's own Table printed with the form's
table style: every text at the same place, in the same reading order, with the same font size."""
from __future__ import annotations

import io
from typing import Any

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, SimpleDocTemplate, Table

from reports.fonts import register_cjk_font
from reports.styles import make_styles, table_style
from reports.tables import BACKGROUNDS, Columns, Row, _measure, _table

COLS = Columns(tuple(w * mm for w in (10, 20, 30, 60, 25)), left_aligned=(3, 4))
ROWS = (Row(("院上村　第一网格（3 名）",), "group"),
        Row(("1", "王秀兰", "370285********0421", "院上村88号", "")),
        Row(("2", "李建国", "370285********0012", "院上村" + "很长的地址" * 8, "流动党员")),  # wraps: a Paragraph
        Row(("3", "赵强", "", "院上村(东)&<西>9号", "备注")),
        Row(("院上村小计：党员 3 名",), "subtotal"))
HEAD = ("序号", "姓名", "公民身份号码", "家庭住址", "备注")


def placed(flowable: Flowable) -> list[tuple[str, float, float, float]]:
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=landscape(A4), invariant=1).build([flowable])
    seen: list[tuple[str, float, float, float]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if text.strip():
            seen.append((text, round(tm[4] * cm[0] + cm[4], 2), round(tm[5] * cm[3] + cm[5], 2), size))
    PdfReader(io.BytesIO(out.getvalue())).pages[0].extract_text(visitor_text=visit)
    return seen


def test_fast_table_places_every_text_where_reportlabs_table_did() -> None:
    styles = make_styles(register_cjk_font(None))
    head_values, head_h = _measure(Row(HEAD), COLS, styles, 9)
    items = [(row, *_measure(row, COLS, styles, 9)) for row in ROWS]
    extra: list[tuple[Any, ...]] = [("ALIGN", (c, 1), (c, -1), "LEFT") for c in COLS.left_aligned]
    for r, (row, _, _) in enumerate(items, start=1):
        if row.kind != "data":
            extra += [("SPAN", (0, r), (-1, r)), ("ALIGN", (0, r), (-1, r), "LEFT"),
                      ("BACKGROUND", (0, r), (-1, r), BACKGROUNDS[row.kind])]
    plain = Table([head_values] + [v for _, v, _ in items], colWidths=list(COLS.widths),
                  rowHeights=[head_h] + [h for _, _, h in items], style=table_style(styles.font, 9, 1, extra),
                  hAlign="CENTER")
    fast = _table([head_values], [head_h], items, COLS, styles, 9, ())
    expected = placed(plain)
    assert len(expected) >= 20 and any("很长的地址" in t for t, *_ in expected)
    assert placed(fast) == expected
