"""Spreadsheets for the member roster: the export in the national column order, the blank import template (with
drop-down lists and 填表说明) and the problem list sent back to a village. Pure functions from plain data to a
binary stream; no SQL, no Qt.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, BinaryIO, Protocol

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from models.entities import BOOL_FIELDS, MEMBER_FIELDS, Member

from .xlsx_fast import fit_widths, write_table

HEADER: tuple[str, ...] = ("序号",) + tuple(label for _, label in MEMBER_FIELDS)
FIELDS: tuple[str, ...] = tuple(key for key, _ in MEMBER_FIELDS)
STATUS_HEADER = ("状态", "变动日期", "去向/原因")
TEXT_FIELDS = ("id_number", "phone", "birth_date", "join_date", "full_date", "lost_date")
TEXT_COLUMNS = tuple(1 + FIELDS.index(f) for f in TEXT_FIELDS)
SHEET = "党员名册"
TEMPLATE_ROWS = 2000


class ProblemLike(Protocol):
    """What build_problems_xlsx needs of a problem (models.importing.ImportProblem has it)."""
    @property
    def sheet(self) -> str: ...
    @property
    def row(self) -> int: ...
    @property
    def column(self) -> str: ...
    @property
    def value(self) -> str: ...
    @property
    def message(self) -> str: ...


def _yes_no(flag: bool) -> str:
    return "是" if flag else "否"


def _getter(key: str) -> Callable[[Member], Any]:
    if key == "village":
        return lambda m: m.village_name
    if key == "grid":
        return lambda m: m.grid_name
    if key in BOOL_FIELDS:
        return lambda m: _yes_no(getattr(m, key))
    return lambda m: getattr(m, key)


def _getters() -> list[Callable[[Member], Any]]:
    return [_getter(key) for key in FIELDS]


def member_cells(members: Sequence[Member], *, all_statuses: bool = False) -> list[list[Any]]:
    """One row per member: 序号, then the national order, then the town's columns (and the status if asked)."""
    getters = _getters()
    rows = []
    for n, m in enumerate(members, start=1):
        row = [n] + [g(m) for g in getters]
        if all_statuses:
            row += [m.status, m.status_date, m.status_detail]
        rows.append(row)
    return rows


def build_members_xlsx(members: Sequence[Member], out: BinaryIO, *, town: str = "",
                       all_statuses: bool = False) -> None:
    """The roster in the national column order; identity number, phone and date columns stored as text."""
    header = HEADER + (STATUS_HEADER if all_statuses else ())
    write_table(out, SHEET, header, member_cells(members, all_statuses=all_statuses), text_columns=TEXT_COLUMNS,
                title=f"{town}党员名册")


_HEAD_FONT = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_THIN = Side(style="thin")
_HEAD_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _header_row(ws: Any, header: Sequence[str], widths: Sequence[float]) -> None:
    ws.append(list(header))
    for i, w in enumerate(widths, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font, cell.fill, cell.border = _HEAD_FONT, _HEAD_FILL, _HEAD_BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.row_dimensions[1].height = 30
    ws.freeze_panes = "A2"


INSTRUCTIONS = (
    ("填表说明", ""),
    ("", ""),
    ("列", "怎样填写"),
    ("序号", "可不填，导入时不读取。"),
    ("姓名", "必填。姓名中间不要加空格。"),
    ("性别", "男 或 女；不填时按公民身份号码自动填写。"),
    ("民族", "从下拉列表选择，如 汉族。"),
    ("公民身份号码", "必填，18 位，最后一位可为 X。本列已设为“文本”格式：不要改成数字格式，否则 Excel 会把后几位变成 0。"),
    ("出生日期", "可不填，按公民身份号码自动填写。"),
    ("学历", "从下拉列表选择；也可写 大专、本科、中专、高中 等简称。"),
    ("人员类别", "必填：正式党员 或 预备党员。入党积极分子、发展对象不是党员，不要填入本表。"),
    ("所在党支部", "如 院上镇院上村党支部。"),
    ("加入党组织日期", "必填，写成 1995-07-01；只知道年月时写 1995-07。入党时应年满 18 周岁。"),
    ("转为正式党员日期", "正式党员填写，不早于入党日期；预备党员不填。"),
    ("工作岗位", "如 农民、外出务工经商人员、离退休职工。"),
    ("联系电话", "11 位手机号，或 区号-号码 的固定电话。"),
    ("家庭住址", ""),
    ("党籍状态", "正常 或 停止党籍；不填为 正常。"),
    ("是否为失联党员", "是 或 否；为“是”时在“失去联系日期”写年月，如 2020-05。"),
    ("是否为流动党员", "是 或 否；为“是”时在“外出流向”写省、市、县，如 江苏省苏州市昆山市。"),
    ("所在村（社区）", "必填（全表为同一个村时，也可以把工作表名改为村名）。系统中没有的村会自动新建。"),
    ("所在网格", "如 第一网格；系统中没有的网格会自动新建。"),
    ("是否党员中心户", "是 或 否。"),
    ("联系户数", "党员中心户联系的户数，填整数。"),
    ("", ""),
    ("其他", "同一公民身份号码只能出现一次；系统中已有的党员会按本表更新。表中有错误时，导入前会列出每一处错误的行号和原因。"),
)


def build_template(out: BinaryIO, *, ethnicities: Sequence[str] | None = None,
                   educations: Sequence[str] | None = None, jobs: Sequence[str] | None = None) -> None:
    """A blank roster with the export's header, text-formatted columns, drop-down lists and 填表说明."""
    if ethnicities is None or educations is None or jobs is None:
        from models import codes
        ethnicities = ethnicities or codes.ethnicities()
        educations = educations or codes.education_labels()
        jobs = jobs or codes.job_labels()
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    _header_row(ws, HEADER, fit_widths(HEADER, [], minimum=8))
    for col in TEXT_COLUMNS:
        letter = get_column_letter(col + 1)
        ws.column_dimensions[letter].number_format = "@"
        for r in range(2, TEMPLATE_ROWS + 2):
            ws.cell(row=r, column=col + 1).number_format = "@"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(HEADER))}1"

    lists = wb.create_sheet("代码表")
    for i, (title, values) in enumerate((("民族", ethnicities), ("学历", educations), ("工作岗位", jobs)), start=1):
        lists.cell(row=1, column=i, value=title)
        for r, v in enumerate(values, start=2):
            lists.cell(row=r, column=i, value=v)
    lists.sheet_state = "hidden"

    def column_of(key: str) -> str:
        return str(get_column_letter(2 + FIELDS.index(key)))

    def add(key: str, formula: str, *, strict: bool = True) -> None:
        dv = DataValidation(type="list", formula1=formula, allow_blank=True, showDropDown=False)
        dv.error = "请从下拉列表中选择"
        dv.errorTitle = "输入有误"
        dv.errorStyle = "stop" if strict else "warning"
        dv.showErrorMessage = True
        ws.add_data_validation(dv)
        dv.add(f"{column_of(key)}2:{column_of(key)}{TEMPLATE_ROWS + 1}")

    add("gender", '"男,女"')
    add("category", '"正式党员,预备党员"')
    add("party_status", '"正常,停止党籍"')
    for key in BOOL_FIELDS:
        add(key, '"是,否"')
    add("ethnicity", f"代码表!$A$2:$A${len(ethnicities) + 1}")
    add("education", f"代码表!$B$2:$B${len(educations) + 1}", strict=False)
    add("job", f"代码表!$C$2:$C${len(jobs) + 1}", strict=False)

    notes = wb.create_sheet("填表说明")
    for row in INSTRUCTIONS:
        notes.append(list(row))
    notes["A1"].font = Font(bold=True, size=14)
    notes["A3"].font = notes["B3"].font = _HEAD_FONT
    notes.column_dimensions["A"].width = 20
    notes.column_dimensions["B"].width = 90
    for r in range(4, len(INSTRUCTIONS) + 1):
        notes.cell(row=r, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    wb.save(out)


PROBLEM_HEADER = ("工作表", "行号", "列", "填写的内容", "问题")


def build_problems_xlsx(problems: Sequence[ProblemLike], out: BinaryIO, *, source: str = "",
                        warnings: Sequence[ProblemLike] = ()) -> None:
    """The list of problems found in a village's file, to send back to the village for correction; reminders
    that did not stop the import (e.g. 转正不足一年) on a second sheet."""
    wb = Workbook()
    ws = wb.active
    _problem_sheet(ws, "需要改正的问题", problems, source)
    if warnings:
        _problem_sheet(wb.create_sheet(), "提醒（不影响导入）", warnings, source)
    wb.save(out)


def _problem_sheet(ws: Any, title: str, problems: Sequence[ProblemLike], source: str) -> None:
    ws.title = title
    rows = [(p.sheet, p.row, p.column, p.value, p.message) for p in problems]
    widths = fit_widths(PROBLEM_HEADER, rows, maximum=80)
    _header_row(ws, PROBLEM_HEADER, widths)
    for values in rows:
        ws.append(list(values))
    for r in range(2, len(rows) + 2):
        ws.cell(row=r, column=4).number_format = "@"
        ws.cell(row=r, column=5).alignment = Alignment(wrap_text=True, vertical="top")
    ws.auto_filter.ref = f"A1:E{len(rows) + 1}"
    if source:
        ws.oddHeader.center.text = f"{source} {title}"
