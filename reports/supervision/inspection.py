"""监督检查记录表: one page per inspection — village, date, source, cadre concerned, what was checked, the
findings, the problems it raised with their deadlines, and the signature block of inspector and village."""
from __future__ import annotations

from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, Spacer, Table, TableStyle

from models.supervision import InspectionData, LedgerRow

from ..signatures import signature_block
from ..styles import Page, ReportOptions, build_document, escape, font_for, make_styles

TITLE = "监督检查记录表"
GRID = (0.5, (0.2, 0.2, 0.2))


def _state(x: LedgerRow) -> str:
    """待整改，剩 5 天 / 整改中，逾期 3 天 / 已销号（完成日期 …）: the status said once."""
    if x.status == "已销号":
        return f"已销号，完成日期 {x.completed_on}"
    return f"{x.status}，{x.time_text}"


def build_inspection(data: InspectionData, out: BinaryIO, *, options: ReportOptions) -> None:
    font = font_for(options)
    styles = make_styles(font, size=10.5)
    page = Page(TITLE, data.town, data.scope)
    width = page.frame_size[0]
    story: list[object] = []
    for n, r in enumerate(data.records):
        if n:
            story.append(PageBreak())

        def p(text: str) -> Paragraph:
            return Paragraph(escape(text).replace("\n", "<br/>"), styles.value)
        problems = "\n".join(f"{k}. {x.description}（整改时限 {x.deadline}，{_state(x)}）"
                             for k, x in enumerate(r.problems, 1)) or "（未列入整改台账）"
        cells = [[p("村（社区）"), p(r.village), p("检查日期"), p(r.day)],
                 [p("监督类型"), p(r.source), p("涉及村干部"), p(r.cadre or "—")],
                 [p("检查内容"), p(r.checked), "", ""],
                 [p("发现问题"), p(r.findings or "未发现问题"), "", ""],
                 [p("列入整改"), p(problems), "", ""]]
        table = Table(cells, colWidths=[28 * mm, width / 2 - 28 * mm, 28 * mm, width / 2 - 28 * mm],
                      rowHeights=[12 * mm, 12 * mm, 45 * mm, 55 * mm, 45 * mm], style=TableStyle([
                          ("GRID", (0, 0), (-1, -1), *GRID), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                          ("SPAN", (1, 2), (3, 2)), ("SPAN", (1, 3), (3, 3)), ("SPAN", (1, 4), (3, 4)),
                          ("VALIGN", (1, 2), (3, 4), "TOP")]))
        story += [table, Spacer(1, 6 * mm),
                  signature_block(styles, ("检查人（签字）", "被检查村（社区）党组织（签字、盖章）"), width=width)]
    if not data.records:
        story.append(Paragraph("（没有监督检查记录）", styles.value))
    build_document(out, page, story, options, font)  # type: ignore[arg-type]
