"""村党组织书记备案表: one A4 page per secretary in the layout of the paper form — the basic data with a photo box,
the 主要经历 (résumé) table, 家庭成员及主要社会关系, 奖惩情况, and the opinion boxes with signature and seal lines.
A secretary not filed yet gets the same page with the filing's boxes blank (to be filled by hand)."""
from __future__ import annotations

from typing import Any, BinaryIO

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, Spacer, Table, TableStyle

from models.idcard import mask
from models.secretaries import FilingData, FilingForm

from ..signatures import DATE, gap
from ..styles import GRID_COLOR, SHADE, Page, ReportOptions, Styles, build_document, escape, font_for, make_styles

TITLE = "村党组织书记备案表"
RESUME_ROWS, FAMILY_ROWS = 7, 5
ROW = 9 * mm
LINE = 7 * mm


def _style(font: str, extra: list[tuple[Any, ...]]) -> TableStyle:
    return TableStyle([("FONT", (0, 0), (-1, -1), font, 10), ("GRID", (0, 0), (-1, -1), 0.5, GRID_COLOR),
                       ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 2),
                       ("RIGHTPADDING", (0, 0), (-1, -1), 2), *extra])


def _basic(f: FilingForm, s: Styles, width: float, full_id: bool) -> Table:
    def p(text: str) -> Paragraph:
        return Paragraph(escape(text), s.cell_center)
    photo = 32 * mm
    label, value = 22 * mm, (width - photo - 3 * 22 * mm) / 3
    pr = f.person
    cells = [
        [p("姓名"), p(f.name), p("性别"), p(pr.get("gender", "")), p("出生年月"), p(pr.get("birth_date", "")[:7]),
         p("（照片）")],
        [p("民族"), p(pr.get("ethnicity", "")), p("学历"), p(pr.get("education", "")), p("入党时间"),
         p(pr.get("join_date", "")), ""],
        [p("公民身份号码"), p(f.id_number if full_id else mask(f.id_number)), "", "", p("联系电话"),
         p(pr.get("phone", "")), ""],
        [p("村（社区）"), p(f.village), p("现任职务"), p(f.post), p("产生方式"), p(f.appointed_by), ""],
        [p("任职日期"), p(f.appointment_date), p("任期届满"), p(f.term_end), p("是否一肩挑"),
         p("是" if f.one_shoulder else "否"), ""],
        [p("资格联审"), p(f.review), "", "", p("备案编号"), p(f.filing_number), ""],
    ]
    return Table(cells, colWidths=[label, value] * 3 + [photo], rowHeights=[ROW] * 6, style=_style(s.font, [
        ("SPAN", (6, 0), (6, 3)), ("SPAN", (1, 2), (3, 2)), ("SPAN", (1, 5), (3, 5)), ("SPAN", (5, 4), (6, 4)),
        ("SPAN", (5, 5), (6, 5)), ("BACKGROUND", (0, 0), (0, -1), SHADE), ("BACKGROUND", (2, 0), (2, 1), SHADE),
        ("BACKGROUND", (2, 3), (2, 4), SHADE), ("BACKGROUND", (4, 0), (4, -1), SHADE)]))


def _list(title: str, head: list[str], rows: list[list[str]], n: int, widths: list[float], s: Styles) -> Table:
    """A titled table of at least n lines (blank lines to write in by hand); a long line grows its row."""
    filled = len(rows)
    rows = rows + [[""] * len(head)] * max(0, n - len(rows))
    body = [[Paragraph(escape(c), s.cell) for c in r] for r in rows]
    cells = [[Paragraph(escape(title), s.cell_center)] + [""] * (len(head) - 1),
             [Paragraph(escape(h), s.cell_center) for h in head], *body]
    heights = [LINE, LINE] + [None if i < filled else LINE for i in range(len(body))]
    return Table(cells, colWidths=widths, rowHeights=heights, style=_style(s.font, [
        ("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 0), (-1, 1), SHADE),
        ("TOPPADDING", (0, 2), (-1, -1), 2), ("BOTTOMPADDING", (0, 2), (-1, -1), 2)]))


def _opinions(f: FilingForm, s: Styles, width: float) -> Table:
    right = ParagraphStyle("date_right", parent=s.note, alignment=TA_RIGHT)

    def box(label: str, text: str, who: str) -> list[Any]:
        return [Paragraph(f"{escape(label)}：", s.note), Paragraph(escape(text) or gap(1), s.value),
                Spacer(1, 10 * mm), Paragraph(f"{who}（签字）：{gap(10)}（盖章）", s.note),
                Paragraph(f"{DATE}{gap(2)}", right)]
    cells = [[box("村党组织意见", "", "书记"), box("镇党委意见", f.opinion, "负责人")]]
    return Table(cells, colWidths=[width / 2] * 2, rowHeights=[48 * mm], style=_style(s.font, [
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 2 * mm),
        ("LEFTPADDING", (0, 0), (-1, -1), 2 * mm)]))


def _page(f: FilingForm, s: Styles, width: float, full_id: bool) -> list[Any]:
    resume = _list("主要经历（起止年月、单位及职务）", ["起止年月", "单位及职务"],
                   [list(r) for r in f.resume], RESUME_ROWS, [45 * mm, width - 45 * mm], s)
    family = _list("家庭成员及主要社会关系", ["称谓", "姓名", "政治面貌", "工作单位及职务"],
                   [list(r) for r in f.family], FAMILY_ROWS, [22 * mm, 28 * mm, 28 * mm, width - 78 * mm], s)
    said = f.rewards or ("无" if f.version else "")
    rewards = Table([[Paragraph("奖惩情况", s.cell_center), Paragraph(escape(said), s.cell)]],
                    colWidths=[22 * mm, width - 22 * mm], rowHeights=[16 * mm],
                    style=_style(s.font, [("BACKGROUND", (0, 0), (0, 0), SHADE)]))
    filed = (f"备案日期：{f.filing_date}{gap(4)}第 {f.version} 版" if f.version
             else f"状态：{f.state}（本表备案栏目请手工填写）")
    return [Paragraph(escape(f"{f.village}　{f.name}"), s.group), Spacer(1, 2 * mm),
            _basic(f, s, width, full_id), resume, family, rewards, _opinions(f, s, width), Spacer(1, 2 * mm),
            Paragraph(escape(filed), s.note)]


def build_filing_forms(data: FilingData, out: BinaryIO, *, options: ReportOptions) -> None:
    font = font_for(options)
    styles = make_styles(font, size=10)
    page = Page(TITLE, data.town, data.scope)
    width = page.frame_size[0]
    story: list[Any] = []
    for n, f in enumerate(data.forms):
        if n:
            story.append(PageBreak())
        story += _page(f, styles, width, options.full_id)
        if options.on_page is not None:
            options.on_page(n + 1)
    if not data.forms:
        story.append(Paragraph("（没有现任村党组织书记：请先在“监督”页的村干部名单中登记）", styles.value))
    build_document(out, page, story, options, font)
