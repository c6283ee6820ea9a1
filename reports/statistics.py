"""统计汇总表: per village — members, 正式/预备, 男/女, age bands, education bands, central households and those
transferred out in the year — with the town total; landscape, two header rows."""
from __future__ import annotations

import re
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from models.report_data import StatisticsData, StatRow

from .signatures import signature_lines
from .statistics_charts import chart_story
from .styles import Page, ReportOptions, build_document, cn_date, font_for, make_styles
from .tables import Columns, Row, paged_tables

TITLE = "党员统计汇总表"
HEAD_SIZE = 8.5


def _cells(number: str, r: StatRow) -> tuple[str, ...]:
    return (number, r.village, str(r.members), str(r.full), str(r.probationary), str(r.male), str(r.female),
            *(str(x) for x in r.ages), *(str(x) for x in r.education), str(r.central), str(r.transferred_out))


WORDS = {"党员中心户": "党员\n中心户", "党员总数": "党员\n总数"}


def breakable(label: str) -> str:
    """Mark where a narrow column's label may break ('\n'), between words, never inside one: 35岁|及以下,
    2026年|转出, 大学|本科 (a four-character term is two words), 党员|中心户. Labels that fit stay whole."""
    if label in WORDS:
        return WORDS[label]
    for word in ("及以下", "及以上"):
        if label.endswith(word) and len(label) > len(word):
            return f"{label[:-len(word)]}\n{word}"
    year = re.fullmatch(r"(\d{4}年)(.+)", label)
    if year:
        return f"{year[1]}\n{year[2]}"
    if len(label) == 4 and all("\u4e00" <= ch <= "\u9fff" for ch in label):
        return f"{label[:2]}\n{label[2:]}"
    return label


def layout(data: StatisticsData) -> tuple[list[list[str]], list[tuple[Any, ...]], Columns]:
    ages, edu = len(data.age_bands), len(data.education_bands)
    top = ["序号", "村（社区）", "党员总数", "人员类别", "", "性别", "", "年龄", *[""] * (ages - 1),
           "学历", *[""] * (edu - 1), "党员中心户", f"{data.year}年转出"]
    bottom = ["", "", "", "正式", "预备", "男", "女", *data.age_bands, *data.education_bands, "", ""]
    n = len(top)
    top = [breakable(x) if c in (0, 1, 2, n - 2, n - 1) else x for c, x in enumerate(top)]  # others span columns
    bottom = [breakable(x) for x in bottom]
    spans: list[tuple[Any, ...]] = [("SPAN", (c, 0), (c, 1)) for c in (0, 1, 2, n - 2, n - 1)]
    spans += [("SPAN", (3, 0), (4, 0)), ("SPAN", (5, 0), (6, 0)), ("SPAN", (7, 0), (6 + ages, 0)),
              ("SPAN", (7 + ages, 0), (6 + ages + edu, 0)), ("FONTSIZE", (0, 0), (-1, 1), HEAD_SIZE)]
    fixed = (9 + 32 + 15) * mm
    rest = (263 * mm - fixed) / (n - 3)
    return [top, bottom], spans, Columns((9 * mm, 32 * mm, 15 * mm) + (rest,) * (n - 3), left_aligned=(1,))


def build_statistics(data: StatisticsData, out: BinaryIO, *, options: ReportOptions) -> None:
    font = font_for(options)
    styles = make_styles(font)
    page = Page(TITLE, data.town, data.scope, landscape=True, subtitle=f"统计日期：{cn_date(data.as_of)}")
    header, spans, cols = layout(data)
    rows = [Row(_cells(str(i), r)) for i, r in enumerate(data.rows, start=1)]
    rows.append(Row(_cells("", data.total), "total", span=False))
    story = paged_tables(header, rows, cols, styles, page.frame_size[1] - 14 * mm, head_size=HEAD_SIZE,
                         header_commands=spans)
    story.append(Spacer(1, 3 * mm))
    story.append(Paragraph(f"说明：党员总数为在册党员；年龄按统计日期计算；“{data.year}年转出”为本年内组织关系转出的"
                           "党员，不计入党员总数。", styles.note))
    story.extend(signature_lines(styles, ("填表人", "审核人"), seal="镇（街道）党委（盖章）"))
    if options.charts:
        story.extend(chart_story(data, styles, page.frame_size[0]))
    build_document(out, page, story, options, font)
