"""“四个一”帮扶责任表: first a landscape one-table summary of all 强基 villages of the year (the four holders, the
first secretary's posting, log entries), then one A4 portrait page per village: class and stars, the four slots
with posts and phones, the year's goals, a summary of the work log, signature lines and 镇党委（盖章）."""
from __future__ import annotations

from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
)
from reportlab.platypus.doctemplate import LayoutError

from models.assistance import FourOnesData, SlotLine, VillageSheet

from ..signatures import signature_block, signature_lines
from ..styles import (
    Page,
    ReportOptions,
    ReportTooLarge,
    _decorate,
    _numbered_canvas,
    font_for,
    make_styles,
    para,
    table_style,
)
from ..tables import Columns, Row, height_of, paged_tables

TITLE = "“四个一”帮扶责任表"
SUMMARY_TITLE = "“四个一”帮扶责任汇总表"
HEADER = ("序号", "村（社区）", "星级", "区市领导联系", "镇街领导帮包", "区市部门结对", "第一书记驻点", "驻村期限",
          "帮扶记录", "缺项")
COLUMNS = Columns(tuple(w * mm for w in (10, 26, 12, 34, 34, 36, 30, 38, 22, 21)), left_aligned=(3, 4, 5, 6))
MISSING = "缺"


def _who(s: SlotLine) -> str:
    if s.person is None:
        return MISSING
    p = s.person
    extra = p.contact if s.kind_name == "区市部门结对" else p.post
    return p.name + (f"（{extra}）" if extra else "")


def _term(s: SlotLine) -> str:
    if s.person is None or not (s.posting_start or s.posting_end):
        return ""
    return f"{s.posting_start or '—'} 至 {s.posting_end or '—'}"


def summary_rows(data: FourOnesData) -> list[Row]:
    rows = []
    for n, v in enumerate(data.villages, start=1):
        s = v.slots
        rows.append(Row((str(n), v.village, f"{v.stars} 星" if v.stars else "", _who(s[0]), _who(s[1]), _who(s[2]),
                         _who(s[3]), _term(s[3]), f"{v.log_count} 条", "、".join(x[:4] for x in v.missing) or "齐全")))
    if not rows:
        rows.append(Row((f"（{data.year} 年没有强基村）",), "note"))
    full = sum(1 for v in data.villages if not v.missing)
    rows.append(Row((f"合计：强基村 {len(data.villages)} 个，四项齐全 {full} 个，"
                     f"缺项 {len(data.villages) - full} 个",), "total"))
    return rows


def _sheet(v: VillageSheet, data: FourOnesData, styles: Any, width: float) -> list[Flowable]:
    st = styles
    label = lambda t: para(t, st.head)  # noqa: E731
    value = lambda t: para(t, st.cell)  # noqa: E731
    head = [[label("村（社区）"), value(v.village), label("分类"), value(v.klass), label("星级"),
             value(f"{v.stars} 星" if v.stars else "")],
            [label("年度"), value(f"{data.year} 年"), label("评定日期"), value(v.decided_on), label("缺项"),
             value("、".join(v.missing) or "无")]]
    cw = [22 * mm, 40 * mm, 20 * mm, 28 * mm, 20 * mm, width - 130 * mm]
    parts: list[Flowable] = [Table(head, colWidths=cw, style=table_style(st.font, header_rows=0))]
    slot_rows: list[list[Any]] = [[label(t) for t in ("帮扶类别", "姓名（单位）", "职务/联系人", "联系电话",
                                                      "派出单位/驻村期限", "帮扶记录")]]
    for s in v.slots:
        p = s.person
        if p is None:
            slot_rows.append([label(s.kind_name), para(MISSING, st.cell_center), value(""), value(""), value(""),
                              value("")])
            continue
        post = p.contact if s.kind_name == "区市部门结对" else p.post
        unit = "\n".join(x for x in (p.unit, _term(s)) if x)
        log = f"{s.entries} 条" + (f"\n最近 {s.last_log}" if s.last_log else "")
        slot_rows.append([label(s.kind_name), value(p.name), value(post), value(p.phone), value(unit), value(log)])
    sw = [26 * mm, 30 * mm, 26 * mm, 28 * mm, width - 135 * mm, 25 * mm]
    parts += [Spacer(1, 4 * mm), Table(slot_rows, colWidths=sw, style=table_style(st.font))]
    funds = f"，资金 {v.funds_total:g}" if v.funds_total else ""
    summary = (f"本年度帮扶记录 {v.log_count} 条{funds}，需镇街协调 {v.needs_town} 条。"
               + ("\n最近记录：\n" + "\n".join(v.recent) if v.recent else ""))
    goals = value(v.goals) if v.goals else Spacer(1, 14 * mm)  # blank: written in by hand
    box = [[label("年度帮扶目标"), goals], [label("帮扶工作情况"), value(summary)]]
    parts += [Spacer(1, 4 * mm), Table(box, colWidths=[30 * mm, width - 30 * mm],
                                       style=table_style(st.font, header_rows=0,
                                                         extra=[("VALIGN", (1, 0), (1, -1), "TOP")]))]
    parts += [Spacer(1, 6 * mm), signature_block(st, ("帮扶责任人（签字）", "镇党委（盖章）"), width=width)]
    return parts


def build_four_ones(data: FourOnesData, out: BinaryIO, *, options: ReportOptions) -> None:
    font = font_for(options)
    styles = make_styles(font, size=9)
    wide = Page(SUMMARY_TITLE, data.town, data.scope, landscape=True,
                subtitle=f"{data.year} 年，在岗情况按 {data.as_of.isoformat()} 计")
    tall = Page(TITLE, data.town, data.scope, subtitle=f"{data.year} 年")
    story: list[Flowable] = []
    first = "summary" if data.summary else "village"
    if data.summary:
        signatures = signature_lines(styles, ("填表人", "审核人"), seal="镇党委（盖章）")
        story += paged_tables([HEADER], summary_rows(data), COLUMNS, styles, wide.frame_size[1],
                              keep_with_last=height_of(signatures, wide.frame_size[0]))
        story += signatures
    for v in data.villages:
        if story:
            story += [NextPageTemplate("village"), PageBreak()]
        story += _sheet(v, data, styles, tall.frame_size[0])
    if not story:
        story.append(para(f"（{data.year} 年没有强基村）", styles.note))
    templates = []
    for key, page in (("summary", wide), ("village", tall)):
        w, h = page.size
        m = page.margins
        frame = Frame(m.left, m.bottom, w - m.left - m.right, h - m.top - m.bottom, id=key,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        templates.append(PageTemplate(id=key, frames=[frame], onPage=_decorate(page, options, font),
                                      pagesize=page.size))
    templates.sort(key=lambda t: t.id != first)  # the first template is the first page's
    page0 = wide if data.summary else tall
    m0 = page0.margins
    doc = BaseDocTemplate(out, pagesize=page0.size, leftMargin=m0.left, rightMargin=m0.right, topMargin=m0.top,
                          bottomMargin=m0.bottom, title=TITLE, author=data.town, subject=data.scope,
                          creator="网格党建台账", invariant=1 if options.invariant else 0,
                          initialFontName=font, initialFontSize=9)
    doc.addPageTemplates(templates)
    try:
        code = f"日志校验码：{options.log_code}" if options.log_code else ""
        doc.build(story, canvasmaker=_numbered_canvas(font, code, m0.right))
    except LayoutError as exc:
        raise ReportTooLarge("表格中有一项内容太多，一页放不下，请精简备注后再打印") from exc
