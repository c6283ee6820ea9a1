"""问题整改台账: landscape, grouped by village (a heading per village, its count by status), each problem with its
source, responsibility, deadline, status and days left or overdue as of the print day, then the signature lines."""
from __future__ import annotations

from typing import BinaryIO

from reportlab.lib.units import mm

from models.supervision import RectificationData

from ..signatures import signature_lines
from ..styles import Page, ReportOptions, build_document, font_for, make_styles
from ..tables import Columns, Row, height_of, paged_tables

TITLE = "问题整改台账"
HEADER = ("序号", "问题描述", "问题来源", "发现日期", "责任单位", "责任人", "整改措施", "整改时限", "整改进展",
          "完成日期", "状态", "剩余/逾期")
COLUMNS = Columns(tuple(w * mm for w in (10, 48, 17, 19, 24, 14, 36, 19, 34, 19, 14, 18)),
                  left_aligned=(1, 4, 6, 8))


def _status_counts(rows: tuple[object, ...]) -> str:
    counts: dict[str, int] = {}
    late = 0
    for r in rows:
        counts[r.status] = counts.get(r.status, 0) + 1  # type: ignore[attr-defined]
        late += int(r.overdue)  # type: ignore[attr-defined]
    text = "，".join(f"{k} {n}" for k, n in counts.items())
    return f"{len(rows)} 项（{text}{f'，其中逾期 {late}' if late else ''}）"


def rectification_rows(data: RectificationData) -> list[Row]:
    rows: list[Row] = []
    number = 0
    everything: list[object] = []
    for village, problems in data.villages:
        rows.append(Row((f"{village}　{_status_counts(problems)}",), "group", continued=f"{village}（续）"))
        for p in problems:
            number += 1
            rows.append(Row((str(number), p.description, p.source, p.found_on, p.unit, p.person, p.measures,
                             p.deadline, p.progress, p.completed_on, p.status, p.time_text)))
        everything += problems
    if not rows:
        rows.append(Row(("（没有符合条件的整改问题）",), "note"))
    rows.append(Row((f"合计：{len(data.villages)} 个村（社区），{_status_counts(tuple(everything))}",), "total"))
    return rows


def build_rectification(data: RectificationData, out: BinaryIO, *, options: ReportOptions) -> None:
    font = font_for(options)
    styles = make_styles(font, size=8.5)
    page = Page(TITLE, data.town, data.scope, landscape=True,
                subtitle=f"剩余/逾期天数按 {data.as_of.isoformat()} 计算")
    signatures = signature_lines(styles, ("填表人", "审核人"), seal="填报单位（盖章）")
    story = paged_tables([HEADER], rectification_rows(data), COLUMNS, styles, page.frame_size[1], size=8.5,
                         keep_with_last=height_of(signatures, page.frame_size[0]))
    story.extend(signatures)
    build_document(out, page, story, options, font)
