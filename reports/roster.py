"""党员花名册: landscape roster by village and grid — a heading per grid, a subtotal per village, the total at
the end and the signature lines of whoever fills and checks it. A page that continues a grid repeats its heading
with （续）; a village subtotal always follows at least one of its rows. Identity numbers are masked unless asked."""
from __future__ import annotations

from typing import BinaryIO

from reportlab.lib.units import mm

from models.idcard import mask
from models.report_data import RosterData

from .signatures import signature_lines
from .styles import Page, ReportOptions, build_document, font_for, make_styles, short_date
from .tables import Columns, Row, height_of, paged_tables

TITLE = "党员花名册"
HEADER = ("序号", "姓名", "性别", "民族", "公民身份号码", "出生日期", "学历", "人员类别", "入党日期", "转正日期",
          "联系电话", "家庭住址", "备注")
COLUMNS = Columns(tuple(w * mm for w in (10, 17, 9, 11, 37, 19, 18, 16, 19, 19, 24, 42, 22)), left_aligned=(11, 12))


def _counts(rows: list[str]) -> str:
    full = sum(1 for c in rows if c == "正式党员")
    return f"党员 {len(rows)} 名，其中正式党员 {full} 名、预备党员 {len(rows) - full} 名"


def roster_rows(data: RosterData, full_id: bool) -> list[Row]:
    rows: list[Row] = []
    number = 0
    villages: list[str] = []
    village_categories: list[str] = []
    all_categories: list[str] = []
    for i, grid in enumerate(data.grids):
        if not villages or villages[-1] != grid.village:
            villages.append(grid.village)
            village_categories = []
        rows.append(Row((f"{grid.village}　{grid.grid}（{len(grid.rows)} 名）",), "group",
                        continued=f"{grid.village}　{grid.grid}（续）"))
        for r in grid.rows:
            number += 1
            rows.append(Row((str(number), r.name, r.gender, r.ethnicity, r.id_number if full_id else mask(r.id_number),
                             short_date(r.birth_date), r.education, r.category, short_date(r.join_date),
                             short_date(r.full_date), r.phone, r.address, r.remarks)))
            village_categories.append(r.category)
            all_categories.append(r.category)
        if i + 1 == len(data.grids) or data.grids[i + 1].village != grid.village:
            rows.append(Row((f"{grid.village}小计：{_counts(village_categories)}",), "subtotal"))
    if not rows:
        rows.append(Row(("（没有符合条件的党员）",), "note"))
    rows.append(Row((f"合计：{len(villages)} 个村（社区），{_counts(all_categories)}",), "total"))
    return rows


def build_roster(data: RosterData, out: BinaryIO, *, options: ReportOptions) -> None:
    font = font_for(options)
    styles = make_styles(font)
    page = Page(TITLE, data.town, data.scope, landscape=True,
                subtitle="" if options.full_id else "公民身份号码已部分隐藏")
    signatures = signature_lines(styles, ("填表人", "审核人", "联系电话"), seal="填报单位（盖章）")
    story = paged_tables([HEADER], roster_rows(data, options.full_id), COLUMNS, styles, page.frame_size[1],
                         keep_with_last=height_of(signatures, page.frame_size[0]))
    story.extend(signatures)
    build_document(out, page, story, options, font)
