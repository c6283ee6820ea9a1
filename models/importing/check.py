"""Checking a read roster: clean and check every row, and say precisely what is wrong where — the plan and its
problems (ImportPlan, ImportProblem, PreparedRow), which models.importing.write then writes.

Every member rule comes from models.validation.check_member; this module only adds what belongs to files:
header matching, cell types (a number where text was needed), blank and total rows, duplicates within the file.
"""
from __future__ import annotations

import datetime as dt
import gc
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from operator import itemgetter
from pathlib import Path
from typing import Any

from .. import clock
from ..entities import LABELS
from ..errors import Refused
from ..validation import check_member, visible_text
from .columns import IGNORED, Column, SheetLayout, find_layout
from .read import ImportFileError, RawSheet

Progress = Callable[[str, int, int], None]  # (phase in Chinese, done, total)
DATE_FIELDS = ("birth_date", "join_date", "full_date", "lost_date")
_TOTAL = re.compile(r"^(合\s*计|总\s*计|小\s*计|共\s*计)")
_FOOTER = re.compile(r"^(填表人|制表人|审核人|填报人|负责人|联系人|填表日期|填报日期|单位负责人|审核)")
_VILLAGE_IN_TITLE = re.compile(r"([\u4e00-\u9fff]+?(?:村|社区))")


class ImportCancelled(Refused):
    """The clerk cancelled; nothing was written."""


@dataclass(frozen=True)
class ImportProblem:
    sheet: str
    row: int  # as Excel shows it (1-based)
    column: str  # the header as written in the file, or the national label when the file has no such column
    value: str
    message: str

    def as_json(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "value": self.value,
                "message": self.message}


@dataclass(slots=True)
class PreparedRow:
    sheet: str
    row: int
    values: dict[str, object]  # check_member's cleaned values
    village: str
    grid: str
    present: frozenset[str]  # fields the file has columns for (an update changes only those)


@dataclass(frozen=True)
class SheetInfo:
    name: str
    header_row: int  # as Excel shows it
    columns: tuple[Column, ...]
    rows: int  # data rows (blank and total rows not counted)


@dataclass
class ImportPlan:
    path: Path
    sheets: list[SheetInfo] = field(default_factory=list)
    ignored_sheets: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    rows: list[PreparedRow] = field(default_factory=list)  # valid rows, in file order
    errors: list[ImportProblem] = field(default_factory=list)
    warnings: list[ImportProblem] = field(default_factory=list)
    rejected_rows: int = 0
    new_villages: list[str] = field(default_factory=list)
    new_grids: list[str] = field(default_factory=list)  # "村 网格"
    updates: int = 0  # valid rows of members already in the database whose values the file changes
    unchanged: int = 0  # valid rows of members already in the database exactly as the file has them

    @property
    def total_rows(self) -> int:
        return len(self.rows) + self.rejected_rows


@dataclass
class ImportResult:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0  # known members the file leaves as they are: not written, no history
    skipped: int = 0
    created_villages: list[str] = field(default_factory=list)
    created_grids: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    ignored_sheets: list[str] = field(default_factory=list)
    errors: list[ImportProblem] = field(default_factory=list)
    written: bool = False

    def as_json(self) -> dict[str, Any]:
        return {"imported": self.imported, "updated": self.updated, "unchanged": self.unchanged,
                "skipped": self.skipped,
                "created_villages": self.created_villages, "created_grids": self.created_grids,
                "ignored_columns": self.ignored_columns, "ignored_sheets": self.ignored_sheets,
                "errors": [e.as_json() for e in self.errors]}


def show_value(value: object) -> str:
    """A cell value as the clerk sees it in Excel (3.70285E+17 for a long number)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if abs(value) >= 1e11:
            return f"{value:.5E}".replace("E+", "E+")
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M") if value.time() != dt.time() else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _cell(value: object, key: str) -> tuple[object, str | None]:
    """What check_member gets for a raw cell, or an error the file format causes (a number where text was due)."""
    if value is None or value == "":
        return "", None
    if isinstance(value, str):
        return value, None
    if isinstance(value, float) and key in DATE_FIELDS and value.is_integer():
        return str(int(value)), None  # 19850312 typed into a number cell
    if isinstance(value, float) and key in DATE_FIELDS:
        text = repr(value)
        if re.fullmatch(r"\d{4}\.\d", text):
            return "", (f"日期“{text}”被 Excel 存成了数字，分不清是 {text[-1]} 月还是 {text[-1]}0 月；"
                        "请把该列设置为“文本”格式后重新填写")
        return text, None
    if isinstance(value, (dt.time, dt.timedelta)):
        return str(value), None
    return value, None


def _filled(value: object) -> bool:
    return not (value is None or value == "" or isinstance(value, str) and not value.strip())


def _is_blank(row: list[object], indexes: tuple[int, ...]) -> bool:
    """Nothing in any read column (a pre-numbered 序号 alone does not make a member)."""
    n = len(row)
    return not any(_filled(row[i]) for i in indexes if i < n)


def _is_total_or_footer(row: list[object], id_index: int | None) -> bool:
    texts = []
    for value in row:
        if _filled(value):
            texts.append(value.strip() if isinstance(value, str) else "")
            if len(texts) == 2:
                break
    if any(_TOTAL.match(t) for t in texts):
        return True
    id_blank = id_index is None or id_index >= len(row) or not _filled(row[id_index])
    return bool(texts) and id_blank and _FOOTER.match(texts[0]) is not None


def _village_from_context(sheet: RawSheet, layout: SheetLayout) -> str:
    if re.search(r"(村|社区)$", sheet.name.strip()):
        return sheet.name.strip()
    for row in sheet.rows[:layout.header_row]:
        for value in row:
            m = _VILLAGE_IN_TITLE.search(show_value(value))
            if m:
                return re.split(r"镇|街道|办事处", m[1])[-1]
    return ""


ByNumber = dict[str, list[tuple[str, int, object]]]  # identity number → (sheet, Excel row, cell) of each row


def check_sheets(sheets: list[RawSheet], path: str | Path, *, default_village: str = "",
                 today: dt.date | None = None, progress: Progress | None = None,
                 cancelled: Callable[[], bool] | None = None, helper: Any = None) -> ImportPlan:
    """Find each sheet's header, then clean and check every row (no database needed).

    With a helper (models.importing.helper: another process, given the later rows), this process checks the
    earlier rows, then the helper's chunks from the first until it reaches one the helper has sent back; the
    helper's parts make up the rest. The plan is the same whoever checked which row."""
    plan = ImportPlan(Path(path))
    total = sum(len(s.rows) for s in sheets)
    split = helper.split(total) if helper is not None else total
    kw: dict[str, Any] = {"default_village": default_village, "today": today, "cancelled": cancelled}
    by_number = check_part(plan, sheets, (0, split), progress=progress, counted=(0, total), **kw)
    if split < total:
        spans = helper.chunks(split, total)
        k = 0
        while k < len(spans) and not helper.has(k):
            if cancelled and cancelled():
                raise ImportCancelled("已取消导入，没有写入任何数据")
            part = ImportPlan(plan.path)
            numbers = check_part(part, sheets, spans[k], progress=progress, counted=(spans[k][0], total),
                                 notes=False, **kw)
            merge_part(plan, by_number, part, numbers)
            k += 1
        for part, numbers in helper.parts(k):
            merge_part(plan, by_number, part, numbers)
        helper.stop()
        sort_problems(plan)
    _reject_duplicates(plan, by_number, len(sheets) > 1)
    if not plan.sheets:
        names = "、".join(s.name for s in sheets) or "（无工作表）"
        raise ImportFileError(f"在“{plan.path.name}”中找不到党员名册的表头（应有“姓名”“公民身份号码”等列）；"
                              f"已查看的工作表：{names}")
    return plan


def check_part(plan: ImportPlan, sheets: list[RawSheet], span: tuple[int, int], *, default_village: str = "",
               today: dt.date | None = None, progress: Progress | None = None,
               cancelled: Callable[[], bool] | None = None, notes: bool = True,
               counted: tuple[int, int] | None = None) -> ByNumber:
    """Check the rows whose position counted over all sheets (header rows included) lies in span = [lo, hi)
    into the plan; notes: also the sheet-level problems (a missing or repeated column), which one part gives.
    Returns the identity numbers seen, for the duplicate check over the whole file. counted = (rows before
    the span, rows in all): the progress shown over the whole file (default: over the span)."""
    lo, hi = span
    before, total = counted or (0, max(1, hi - lo))
    counter = [before]

    def tick() -> None:
        counter[0] += 1
        if counter[0] % 2000 == 0:
            if progress:
                progress("检查数据", counter[0], total)
            if cancelled and cancelled():
                raise ImportCancelled("已取消导入，没有写入任何数据")

    if progress:
        progress("检查数据", before, total)
    by_number: ByNumber = {}
    offset = 0
    for sheet in sheets:
        start, offset = offset, offset + len(sheet.rows)
        layout = find_layout(sheet.rows)
        if layout is None:
            plan.ignored_sheets.append(sheet.name)
            continue
        for header in layout.unknown:
            if header not in plan.ignored_columns:
                plan.ignored_columns.append(header)
        village = default_village.strip() or _village_from_context(sheet, layout)
        rows = range(max(layout.header_row + 1, lo - start), min(len(sheet.rows), hi - start))
        count = _check_sheet(plan, sheet, layout, rows, village, today or clock.today(), by_number, tick, notes)
        plan.sheets.append(SheetInfo(sheet.name, layout.header_row + 1, layout.columns, count))
    return by_number


def sort_problems(plan: ImportPlan) -> None:
    """Errors and warnings in file order (stable: a row's problems keep their order)."""
    order = {s.name: i for i, s in enumerate(plan.sheets)}
    plan.errors.sort(key=lambda e: (order.get(e.sheet, -1), e.row))
    plan.warnings.sort(key=lambda e: (order.get(e.sheet, -1), e.row))


def merge_part(plan: ImportPlan, by_number: ByNumber, part: ImportPlan, part_numbers: ByNumber) -> None:
    """Add the check of the later rows (`part`, from check_part over the same sheets) to the plan."""
    plan.sheets = [replace(s, rows=s.rows + p.rows) for s, p in zip(plan.sheets, part.sheets)]
    plan.rows += part.rows
    plan.rejected_rows += part.rejected_rows
    plan.errors += part.errors  # in file order once sorted (sort_problems), after the last part
    plan.warnings += part.warnings
    for number, places in part_numbers.items():
        mine = by_number.get(number)
        if mine is None:
            by_number[number] = places
        else:
            mine += places


def _check_sheet(plan: ImportPlan, sheet: RawSheet, layout: SheetLayout, indexes: range, context_village: str,
                 today: dt.date, by_number: ByNumber, tick: Callable[[], None], notes: bool) -> int:
    """Check the data rows of one sheet at `indexes` into the plan; returns the number of data rows."""
    fields_ = layout.fields
    header_row = layout.header_row + 1
    if "id_number" not in fields_ and notes:
        plan.errors.append(ImportProblem(sheet.name, header_row, "", "",
                                         "表头中没有“公民身份号码”（或“身份证号”）列，本表无法导入"))
    for c in layout.duplicates if notes else ():
        plan.warnings.append(ImportProblem(sheet.name, header_row, c.header, "",
                                           f"与前面的“{fields_[str(c.field)].header}”列重复，本列未读取"))
    present = frozenset(fields_)
    keys = tuple(fields_)
    getter = itemgetter(*(c.index for c in fields_.values()))  # the layout has 2+ fields
    need = max(c.index for c in layout.columns) + 1
    id_header = _header(fields_, "id_number")
    special = tuple(k for k in keys if k in DATE_FIELDS)  # a number where a date was due: see _cell
    read_indexes = tuple(c.index for c in layout.columns if c.field != IGNORED)
    id_index = fields_["id_number"].index if "id_number" in fields_ else None
    count = 0
    for index in indexes:
        row = sheet.rows[index]
        tick()
        id_cell = row[id_index] if id_index is not None and id_index < len(row) else None
        has_number = type(id_cell) is str and len(id_cell) >= 15  # the usual member row: a number written
        if not has_number and (_is_blank(row, read_indexes) or _is_total_or_footer(row, id_index)):
            continue
        count += 1
        if id_index is None:
            plan.rejected_rows += 1
            continue
        excel_row = index + 1
        if len(row) < need:
            row = row + [None] * (need - len(row))
        raw = dict(zip(keys, getter(row)))
        row_errors: list[ImportProblem] = []
        for key in special:
            value = raw[key]
            if value is None or type(value) is str:
                continue
            raw[key], problem = _cell(value, key)
            if problem:
                row_errors.append(ImportProblem(sheet.name, excel_row, fields_[key].header, show_value(value),
                                                problem))
        checked = check_member(raw, today=today)
        for issue in checked.errors:
            header = _header(fields_, issue.field)
            if any(e.column == header for e in row_errors):
                continue
            row_errors.append(ImportProblem(sheet.name, excel_row, header, _shown(row, fields_, issue.field),
                                            issue.message))
        for issue in checked.warnings:
            plan.warnings.append(ImportProblem(sheet.name, excel_row, _header(fields_, issue.field),
                                               _shown(row, fields_, issue.field), issue.message))
        village = _no_spaces(raw.get("village")) or context_village
        if not village:
            row_errors.append(ImportProblem(sheet.name, excel_row, _header(fields_, "village"), "",
                                            "未填写所在村（社区），工作表名和标题中也看不出是哪个村"))
        number = str(checked.values.get("id_number", ""))
        if number and not (row_errors and any(e.column == id_header for e in row_errors)):
            by_number.setdefault(number, []).append((sheet.name, excel_row, row[id_index]))
        if row_errors:
            plan.errors.extend(row_errors)
            plan.rejected_rows += 1
        else:
            plan.rows.append(PreparedRow(sheet.name, excel_row, checked.values, village,
                                         _no_spaces(raw.get("grid")), present))
    return count


def _shown(row: list[object], fields_: dict[str, Column], key: str) -> str:
    column = fields_.get(key)
    return visible_text(show_value(row[column.index])) if column and column.index < len(row) else ""


def _no_spaces(value: object) -> str:
    """A village or grid name as written, without any spaces (院上 村 → 院上村)."""
    if value is None or value == "":
        return ""
    if type(value) is str and value.isalnum():  # the usual name: nothing to take out
        return value
    return "".join(show_value(value).split())


def _header(fields_: dict[str, Column], key: str) -> str:
    column = fields_.get(key)
    return column.header if column else LABELS.get(key, key)


def _reject_duplicates(plan: ImportPlan, by_number: ByNumber, many: bool) -> None:
    """The same identity number twice in the file: every such row is rejected, naming the others."""
    clashes = {n: places for n, places in by_number.items() if len(places) > 1}
    if not clashes:
        return
    column = next((c.header for s in plan.sheets for c in s.columns if c.field == "id_number"), "公民身份号码")
    rejected: set[tuple[str, int]] = set()
    for places in clashes.values():
        for sheet, row, value in places:
            others = "、".join((f"“{s}”" if many else "") + f"第 {r} 行"
                              for s, r, _ in places if (s, r) != (sheet, row))
            plan.errors.append(ImportProblem(sheet, row, column, show_value(value),
                                             f"公民身份号码与{others}重复，同一人只能有一行"))
            rejected.add((sheet, row))
    kept = [r for r in plan.rows if (r.sheet, r.row) not in rejected]
    plan.rejected_rows += len(plan.rows) - len(kept)
    plan.rows = kept
    sort_problems(plan)


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Bulk reading makes millions of small objects and no reference cycles: the cyclic collector would
    re-scan the growing heap again and again (over a second per 100,000 rows) for nothing."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
