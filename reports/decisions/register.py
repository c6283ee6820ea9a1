"""村级事务决策登记表 (“五议一审两公开”): one A4 page per decision item — village, title, kind, amount, the procedure
version — then every step of its procedure with its date, attendance, votes and result, a step that fails a check
shaded with the reason printed under it, and the signature block of the village and the town's review (seal)."""
from __future__ import annotations

from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, Spacer, Table, TableStyle

from models.decisions import Register, RegisterData

from ..signatures import signature_block
from ..styles import GRID_COLOR, SHADE, Page, ReportOptions, build_document, escape, font_for, make_styles

TITLE = "村级事务决策登记表"
FLAG_SHADE = colors.HexColor("#fde7e7")
FLAG_TEXT = colors.HexColor("#b00020")


def _page(r: Register, styles: object, width: float) -> list[object]:
    s = styles
    flag = ParagraphStyle("flag", parent=s.cell, textColor=FLAG_TEXT)  # type: ignore[attr-defined]

    def p(text: str, style: ParagraphStyle | None = None) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), style or s.cell)  # type: ignore[attr-defined]

    def c(text: str) -> Paragraph:
        return Paragraph(escape(text), s.cell_center)  # type: ignore[attr-defined]
    label = 24 * mm
    value = width / 2 - label
    head = Table([
        [c("村（社区）"), p(r.village), c("事项类别"), p(r.kind)],
        [c("事项名称"), p(r.title), "", ""],
        [c("涉及金额"), p(r.amount or "—"), c("办理状态"), p(r.status)],
        [c("议事程序"), p(f"第 {r.procedure_version or 1} 版"), c("书记一肩挑"), p("是" if r.one_shoulder else "否")],
    ], colWidths=[label, value, label, value], rowHeights=[9 * mm] * 4, style=TableStyle([
        ("FONT", (0, 0), (-1, -1), s.font, 10),  # type: ignore[attr-defined]
        ("GRID", (0, 0), (-1, -1), 0.5, GRID_COLOR), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("SPAN", (1, 1), (3, 1)), ("BACKGROUND", (0, 0), (0, -1), SHADE), ("BACKGROUND", (2, 0), (2, 0), SHADE),
        ("BACKGROUND", (2, 2), (2, 3), SHADE)]))
    widths = [13 * mm, 36 * mm, 24 * mm, 12 * mm, 12 * mm, 27 * mm]
    widths.append(width - sum(widths))
    rows: list[list[object]] = [[c(h) for h in ("序号", "步骤", "日期", "应到", "实到", "赞成/反对/弃权", "结果")]]
    style = [("FONT", (0, 0), (-1, -1), s.font, 10), ("GRID", (0, 0), (-1, -1), 0.5, GRID_COLOR),  # type: ignore[attr-defined] ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("BACKGROUND", (0, 0), (-1, 0), SHADE)]
    for n, line in enumerate(r.lines, start=1):
        rows.append([c(str(n)), p(line.name), c(line.day), c(line.due), c(line.present), c(line.votes),
                     p(line.result)])
        if line.flags:
            at = len(rows)
            rows.append(["", p("不符合议事程序：" + "；".join(line.flags), flag), "", "", "", "", ""])
            style += [("SPAN", (1, at), (6, at)), ("BACKGROUND", (0, at - 1), (-1, at), FLAG_SHADE)]
    steps = Table(rows, colWidths=widths, style=TableStyle(style), repeatRows=1,
                  rowHeights=[8 * mm] + [None] * (len(rows) - 1))  # type: ignore[list-item]
    out: list[object] = [head, Spacer(1, 4 * mm), steps]
    if r.note:
        out += [Spacer(1, 3 * mm), p(f"备注：{r.note}")]
    out += [Spacer(1, 6 * mm), signature_block(s, ("村党组织书记（签字）", "镇街审核意见（盖章）"),  # type: ignore[arg-type]
                                                width=width)]
    return out


def build_register(data: RegisterData, out: BinaryIO, *, options: ReportOptions) -> None:
    font = font_for(options)
    styles = make_styles(font, size=10)
    page = Page(TITLE, data.town, data.scope)
    width = page.frame_size[0]
    story: list[object] = []
    for n, r in enumerate(data.registers):
        if n:
            story.append(PageBreak())
        story += _page(r, styles, width)
    if not data.registers:
        story.append(Paragraph("（没有议事事项）", styles.value))
    build_document(out, page, story, options, font)  # type: ignore[arg-type]
