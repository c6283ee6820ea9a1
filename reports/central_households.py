"""党员中心户名册: per grid (网格长 named), the members designated as central households with how many
households each links and, under each, the linked households (联系户: head, address, type) from the households
area; a grid without one says so."""
from __future__ import annotations

from typing import BinaryIO

from reportlab.lib.units import mm

from models.report_data import CentralData

from .signatures import signature_lines
from .styles import Page, ReportOptions, build_document, font_for, make_styles, short_date
from .tables import Columns, Row, height_of, paged_tables

TITLE = "党员中心户名册"
HEADER = ("序号", "姓名", "性别", "出生日期", "人员类别", "联系电话", "家庭住址", "联系户数", "备注")
COLUMNS = Columns(tuple(w * mm for w in (10, 17, 9, 20, 17, 25, 44, 14, 14)), left_aligned=(6, 8))


def central_rows(data: CentralData) -> list[Row]:
    rows: list[Row] = []
    number = households = 0
    for grid in data.grids:
        linked = sum(r.linked_households for r in grid.rows)
        leader = f"　网格长：{grid.leader}" if grid.leader else ""
        counts = f"党员中心户 {len(grid.rows)} 户，联系户 {linked} 户" if grid.rows else "（本网格暂无党员中心户）"
        rows.append(Row((f"{grid.village}　{grid.grid}{leader}　{counts}",), "group",
                        continued=f"{grid.village}　{grid.grid}（续）"))
        for r in grid.rows:
            number += 1
            rows.append(Row((str(number), r.name, r.gender, short_date(r.birth_date), r.category, r.phone, r.address,
                             str(r.linked_households), r.remarks)))
            if r.households:
                rows.append(Row((f"联系户：{'；'.join(r.households)}",), "note"))
        households += linked
    rows.append(Row((f"合计：{len(data.grids)} 个网格，党员中心户 {number} 户，联系户 {households} 户",), "total"))
    return rows


def build_central_households(data: CentralData, out: BinaryIO, *, options: ReportOptions) -> None:
    font = font_for(options)
    styles = make_styles(font)
    page = Page(TITLE, data.town, data.scope)
    signatures = signature_lines(styles, ("填表人", "审核人"), seal="填报单位（盖章）")
    story = paged_tables([HEADER], central_rows(data), COLUMNS, styles, page.frame_size[1],
                         keep_with_last=height_of(signatures, page.frame_size[0]))
    story.extend(signatures)
    build_document(out, page, story, options, font)
