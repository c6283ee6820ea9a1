"""党员基本信息采集表: one page per member — the 16 items of the national form (2017) as a bordered grid in the
paper form's order, the town's grid columns after them, and the four signature boxes (党员(签字),
信息采集员(签字), 党支部书记(签字), 基层党委(盖章)), each with 年 月 日."""
from __future__ import annotations

from typing import Any, BinaryIO

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle

from models.entities import Member
from models.idcard import mask

from .signatures import signature_block
from .styles import (
    LIGHT,
    Page,
    ReportOptions,
    Styles,
    build_document,
    escape,
    fits,
    font_for,
    make_styles,
    short_date,
    table_style,
)

TITLE = "党员基本信息采集表"
SIGNATURES = ("党员（签字）", "信息采集员（签字）", "党支部书记（签字）", "基层党委（盖章）")
WIDTHS = tuple(w * mm for w in (31, 25.7, 31, 25.7, 31, 25.6))  # label, value × 3 = 170 mm
ROW = 13 * mm


def _yes(flag: bool) -> str:
    return "是" if flag else "否"


def _layout(m: Member, full_id: bool) -> list[tuple[tuple[str, str, int], ...]]:
    """Rows of (label, value, value columns spanned)."""
    return [
        (("姓名", m.name, 1), ("性别", m.gender, 1), ("民族", m.ethnicity, 1)),
        (("公民身份号码", m.id_number if full_id else mask(m.id_number), 3), ("出生日期", short_date(m.birth_date), 1)),
        (("学历", m.education, 1), ("人员类别", m.category, 1), ("党籍状态", m.party_status, 1)),
        (("所在党支部", m.branch, 5),),
        (("加入党组织日期", short_date(m.join_date), 1), ("转为正式党员日期", short_date(m.full_date), 1),
         ("工作岗位", m.job, 1)),
        (("联系电话", m.phone, 5),),
        (("家庭住址", m.address, 5),),
        (("是否为失联党员", _yes(m.lost_contact), 1), ("失去联系日期", short_date(m.lost_date), 3)),
        (("是否为流动党员", _yes(m.mobile), 1), ("外出流向", m.outflow, 3)),
        (("所在村（社区）", m.village_name, 1), ("所在网格", m.grid_name, 3)),
        (("是否党员中心户", _yes(m.is_central), 1), ("联系户数", str(m.linked_households) if m.is_central else "", 3)),
        (("备注", m.remarks, 5),),
    ]


LABEL_SIZE, VALUE_SIZE = 10.5, 11
MIN_LABEL_SIZE = 9.0


def _style(layout: list[tuple[tuple[str, str, int], ...]], font: str) -> TableStyle:
    """The grid's style; the same for every member, so it is made once per document."""
    commands: list[tuple[Any, ...]] = [("LEFTPADDING", (0, 0), (-1, -1), 4)]
    for r, row in enumerate(layout):
        c = 0
        for _, _, span in row:
            commands += [("BACKGROUND", (c, r), (c, r), LIGHT), ("FONTSIZE", (c, r), (c, r), LABEL_SIZE),
                         ("ALIGN", (c + 1, r), (c + span, r), "LEFT")]
            if span > 1:
                commands.append(("SPAN", (c + 1, r), (c + span, r)))
            c += 1 + span
    return table_style(font, VALUE_SIZE, header_rows=0, extra=commands)


def _cell(text: str, width: float, styles: Styles, size: float) -> Any:
    """A plain string when it fits on one line (fast), a wrapping Paragraph otherwise. A label a little too wide
    (转为正式党员日期) is set a size smaller on one line instead of being split inside a word."""
    if fits(text, styles.font, size, width - 10):
        return text
    style = styles.label if size == LABEL_SIZE else styles.value
    if size == LABEL_SIZE:
        fitted = int(size * (width - 10) / stringWidth(text, styles.font, size) * 10) / 10
        if fitted >= MIN_LABEL_SIZE:
            return Paragraph(escape(text), ParagraphStyle("fit", parent=style, fontSize=fitted, leading=size * 1.2))
    return Paragraph(escape(text), ParagraphStyle("c", parent=style, fontSize=size, leading=size * 1.2))


def member_table(m: Member, styles: Styles, full_id: bool, style: TableStyle | None = None) -> Table:
    layout = _layout(m, full_id)
    data: list[list[Any]] = []
    for row in layout:
        cells: list[Any] = []
        for label, value, span in row:
            c = len(cells)
            cells.append(_cell(label, WIDTHS[c], styles, LABEL_SIZE))
            cells.append(_cell(value, sum(WIDTHS[c + 1:c + 1 + span]), styles, VALUE_SIZE))
            cells.extend([""] * (span - 1))
        data.append(cells)
    heights = [ROW] * len(data)
    heights[-1] = 2 * ROW
    return Table(data, colWidths=list(WIDTHS), rowHeights=heights, style=style or _style(layout, styles.font))


def member_pages(members: tuple[Member, ...], styles: Styles, full_id: bool) -> list[Flowable]:
    story: list[Flowable] = []
    style = _style(_layout(members[0], full_id), styles.font) if members else None
    for i, m in enumerate(members):
        if i:
            story.append(PageBreak())
        story.append(member_table(m, styles, full_id, style))
        story.append(Spacer(1, 8 * mm))
        story.append(signature_block(styles, SIGNATURES, height=34 * mm, width=sum(WIDTHS)))
    if not story:
        story.append(Paragraph("（没有符合条件的党员）", styles.note))
    return story


def build_member_forms(data: Any, out: BinaryIO, *, options: ReportOptions) -> None:
    """data: models.report_data.MemberFormData (town, scope, members)."""
    font = font_for(options)
    styles = make_styles(font)
    build_document(out, Page(TITLE, data.town, data.scope), member_pages(data.members, styles, options.full_id),
                   options, font)
