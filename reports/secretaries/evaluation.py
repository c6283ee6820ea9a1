"""The year's 村党组织书记履职评估表: one row per secretary with each indicator's score (weight in the header),
the weighted total, and the ranking column only when switched on for the year; signature lines below."""
from __future__ import annotations

from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table

from models.secretaries import EvaluationData

from ..signatures import signature_lines
from ..styles import Page, ReportOptions, build_document, escape, font_for, make_styles, table_style

TITLE = "村党组织书记履职评估表"


def _num(v: float | None) -> str:
    return "" if v is None else f"{v:g}"


def build_evaluation(data: EvaluationData, out: BinaryIO, *, options: ReportOptions) -> None:
    font = font_for(options)
    styles = make_styles(font, size=10)
    page = Page(TITLE, data.town, f"{data.scope}　{data.year} 年度" if data.scope else f"{data.year} 年度",
                landscape=True)
    width = page.frame_size[0]
    weights = [f"（权重 {w:g}）" if w else "（各乡镇权重不同）" for _, w in data.indicators]
    head = ["序号", "村（社区）", "姓名", *[f"{n}\n{w}" for (n, _), w in zip(data.indicators, weights)], "加权总分"]
    head += ["排名"] if data.show_ranking else []
    rows: list[list[Any]] = [[Paragraph(escape(h), styles.head) for h in head]]
    for k, (village, name, scores, total, rank) in enumerate(data.rows, 1):
        row = [str(k), village, name, *[_num(x) for x in scores], _num(total) if total is not None else "未评完"]
        rows.append(row + ([str(rank or "")] if data.show_ranking else []))
    widest = max((len(r[1]) for r in rows[1:]), default=0)  # a district's villages carry their town's name
    fixed = [12 * mm, max(34 * mm, (widest * 10 + 8) * 0.3528 * mm), 22 * mm]
    rest = (width - sum(fixed)) / (len(head) - 3)
    table = Table(rows, colWidths=fixed + [rest] * (len(head) - 3), repeatRows=1, style=table_style(font, 10))
    note = (f"说明：加权总分 = Σ 各项得分 × 权重 ÷ 100；各项权重合计 100。"
            f"{'' if data.show_ranking else '本年度不列名次。'}")
    story: list[Any] = [table, Spacer(1, 3 * mm), Paragraph(escape(note), styles.note)]
    if not data.rows:
        story.insert(0, Paragraph(f"（{data.year} 年没有在任的村党组织书记）", styles.value))
    stamp = "（盖章）" if data.scope == "全区（县）" else "镇党委（盖章）"
    story += signature_lines(styles, ("填表人", "审核人"), stamp)
    build_document(out, page, story, options, font)
