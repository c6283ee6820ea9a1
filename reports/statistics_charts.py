"""The charts page the 统计汇总表 can include (the home page's charts, on paper): members by village, age bands,
education bands, 正式/预备 — bar charts drawn with ReportLab's own graphics from the same StatisticsData the
table prints, so chart and table can never disagree."""
from __future__ import annotations

import math

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from models.report_data import StatisticsData

from .styles import Styles

MAX_VILLAGES = 40
_BAR = colors.HexColor("#c0392b")


def _nice_step(top: int) -> int:
    """A whole 1, 2 or 5 × 10ⁿ giving about five gridlines up to top."""
    raw = max(top / 5, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    return int(next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw))


def _chart(title: str, labels: list[str], values: list[int], width: float, height: float, font: str,
           angle: int = 0) -> Drawing:
    d = Drawing(width, height)
    d.add(String(width / 2, height - 12, title, fontName=font, fontSize=11, textAnchor="middle"))
    chart = VerticalBarChart()
    bottom = 22 if not angle else 46
    chart.x, chart.y, chart.width, chart.height = 34, bottom, width - 44, height - bottom - 24
    chart.data = [values or [0]]
    chart.bars[0].fillColor = _BAR
    chart.bars[0].strokeColor = None
    chart.valueAxis.valueMin = 0
    top = max(values, default=0)
    step = _nice_step(top)
    chart.valueAxis.valueStep = step  # whole people: 0, 1, 2 … or 0, 50, 100 …, never 0.5
    chart.valueAxis.valueMax = max(step, math.ceil(top * 1.1 / step) * step)
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#dddddd")
    chart.categoryAxis.categoryNames = labels or [""]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    if angle:
        chart.categoryAxis.labels.angle = angle
        chart.categoryAxis.labels.boxAnchor = "ne"
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 6.5
    chart.barLabels.nudge = 6
    d.add(chart)
    return d


def chart_story(data: StatisticsData, styles: Styles, frame_width: float) -> list[Flowable]:
    """A new page: the charts, titled, under the same page header as the table."""
    font = styles.font
    rows = sorted(data.rows, key=lambda r: -r.members)[:MAX_VILLAGES] if len(data.rows) > MAX_VILLAGES \
        else list(data.rows)
    more = f"（党员最多的 {MAX_VILLAGES} 个，共 {len(data.rows)} 个）" if len(data.rows) > MAX_VILLAGES else ""
    story: list[Flowable] = [PageBreak(), Paragraph("统计图表", styles.label), Spacer(1, 2 * mm)]
    story.append(_chart(f"各村（社区）党员人数{more}", [r.village for r in rows], [r.members for r in rows],
                        frame_width, 70 * mm, font, angle=30 if len(rows) > 8 else 0))
    third = frame_width / 3
    small = Drawing(frame_width, 68 * mm)
    t = data.total
    for i, (title, labels, values) in enumerate((
            ("年龄结构", list(data.age_bands), list(t.ages)),
            ("学历", list(data.education_bands), list(t.education)),
            ("人员类别", ["正式党员", "预备党员"], [t.full, t.probationary]))):
        part = _chart(title, labels, values, third - 4 * mm, 68 * mm, font, angle=25 if len(labels) > 4 else 0)
        part.translate(i * third, 0)
        small.add(part)
    story.append(small)
    return story
