"""联系户名册: per grid (网格长 named), every household with its head, address, persons, phone, type, whether a
Party-member household, the central household that links it (未联系 when none) and the last visit."""
from __future__ import annotations

from typing import BinaryIO

from reportlab.lib.units import mm

from models.households.report_data import LinkedData

from ..signatures import signature_lines
from ..styles import Page, ReportOptions, build_document, font_for, make_styles
from ..tables import Columns, Row, height_of, paged_tables

TITLE = "联系户名册"
HEADER = ("序号", "户主", "家庭住址", "人口", "联系电话", "户类型", "党员户", "联系的党员中心户", "最近走访")
COLUMNS = Columns(tuple(w * mm for w in (9, 15, 38, 9, 24, 28, 11, 18, 18)), left_aligned=(2, 5))


def linked_rows(data: LinkedData) -> list[Row]:
    rows: list[Row] = []
    number = unlinked = 0
    for grid in data.grids:
        alone = sum(not r.central for r in grid.rows)
        leader = f"　网格长：{grid.leader}" if grid.leader else ""
        counts = (f"共 {len(grid.rows)} 户，其中未联系 {alone} 户" if grid.rows else "（本网格暂无登记的户）")
        rows.append(Row((f"{grid.village}　{grid.grid}{leader}　{counts}",), "group",
                        continued=f"{grid.village}　{grid.grid}（续）"))
        for r in grid.rows:
            number += 1
            rows.append(Row((str(number), r.head, r.address, str(r.persons), r.phone, r.tags,
                             "是" if r.party else "", r.central or "未联系", r.last_visit or "—")))
        unlinked += alone
    rows.append(Row((f"合计：{len(data.grids)} 个网格，{number} 户，其中未联系 {unlinked} 户",), "total"))
    return rows


def build_linked_households(data: LinkedData, out: BinaryIO, *, options: ReportOptions) -> None:
    font = font_for(options)
    styles = make_styles(font)
    page = Page(TITLE, data.town, data.scope)
    signatures = signature_lines(styles, ("填表人", "审核人"), seal="填报单位（盖章）")
    story = paged_tables([HEADER], linked_rows(data), COLUMNS, styles, page.frame_size[1],
                         keep_with_last=height_of(signatures, page.frame_size[0]))
    story.extend(signatures)
    build_document(out, page, story, options, font)
