"""The 四个一 spreadsheet in and out: `import four-ones` (one row per village: class, stars and the four slots) and
`import assistance-log` (the work log), all or nothing with row errors naming sheet, row, column, value and
reason; and the rows `export four-ones` writes, in the same columns (a round trip)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import clock, org
from ..audit import changing
from ..db import LedgerDB
from ..importing.columns import normalize_header
from ..importing.read import read_file
from ..validation import clean_phone
from .classes import CLASSES, WEAK, AssistanceError, check_date, check_year, get_year, set_class
from .coverage import matrix
from .slots import FORMS, KINDS, Person, add_log, assign, holder

FOUR_ONES_COLUMNS = ("村（社区）", "分类", "星级", "区市领导", "区市领导职务", "区市领导电话", "镇街领导",
                     "镇街领导职务", "镇街领导电话", "结对部门", "部门联系人", "部门联系电话", "第一书记",
                     "第一书记派出单位", "第一书记职务", "第一书记电话", "驻村开始日期", "驻村结束日期")
LOG_COLUMNS = ("村", "帮扶人", "日期", "方式", "了解情况", "办理事项", "资金项目", "结果", "需镇街协调")
_SYNONYMS = {"村（社区）": ("村", "村名", "村庄", "社区", "村（社区）名称", "村居"),
             "分类": ("村分类", "类别", "分类定级"), "星级": ("星", "星级评定", "评星"),
             "结对部门": ("区市部门", "区市结对部门"), "第一书记派出单位": ("派出单位",),
             "驻村开始日期": ("驻村开始时间", "驻点开始日期"), "驻村结束日期": ("驻村结束时间", "驻点结束日期"),
             "帮扶人": ("帮扶责任人", "姓名"), "方式": ("帮扶方式", "形式"), "资金项目": ("资金或项目", "资金、项目"),
             "需镇街协调": ("是否需要镇街协调", "需协调")}
# slot kind -> (name column, post column, phone column, unit column, contact column)
_SLOT_COLUMNS = {"leader": ("区市领导", "区市领导职务", "区市领导电话", "", ""),
                 "town_leader": ("镇街领导", "镇街领导职务", "镇街领导电话", "", ""),
                 "department": ("结对部门", "", "部门联系电话", "", "部门联系人"),
                 "first_secretary": ("第一书记", "第一书记职务", "第一书记电话", "第一书记派出单位", "")}


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int
    column: str
    value: str
    reason: str

    def as_json(self) -> dict[str, object]:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "value": self.value,
                "reason": self.reason}

    def __str__(self) -> str:
        where = f"“{self.sheet}”第 {self.row} 行" + (f"“{self.column}”列" if self.column else "")
        return f"{where}{'（' + self.value + '）' if self.value else ''}：{self.reason}"


@dataclass
class ImportResult:
    rows: int = 0
    valid: int = 0       # rows that passed every check
    saved: bool = False  # whether the valid rows were written (not a dry run, no refused row unless skipped)
    dry_run: bool = False
    errors: list[RowError] = field(default_factory=list)

    @property
    def written(self) -> int:
        return self.valid if self.saved else 0

    def as_json(self) -> dict[str, object]:
        return {"rows": self.rows, "valid": self.valid, "written": self.written, "dry_run": self.dry_run,
                "errors": [e.as_json() for e in self.errors]}


class _Rollback(Exception):
    pass


def _lookup(names: tuple[str, ...]) -> dict[str, str]:
    out = {normalize_header(n): n for n in names}
    for name, synonyms in _SYNONYMS.items():
        if name in names:
            for s in synonyms:
                out.setdefault(normalize_header(s), name)
    return out


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _sheet_rows(path: str | Path, names: tuple[str, ...], first: str) -> list[tuple[str, int, dict[str, str]]]:
    """(sheet, row number, {column: text}) for every non-blank row under the header row (the first row, within
    the first 30 of a sheet, that names the `first` column)."""
    lookup = _lookup(names)
    out: list[tuple[str, int, dict[str, str]]] = []
    found = False
    for sheet in read_file(path):
        for index, row in enumerate(sheet.rows[:30]):
            columns = {i: lookup.get(normalize_header(c)) for i, c in enumerate(row)}
            if first in columns.values():
                found = True
                for n, data in enumerate(sheet.rows[index + 1:], start=index + 2):
                    values = {name: _text(data[i]) for i, name in columns.items() if name and i < len(data)}
                    if any(values.values()):
                        out.append((sheet.name, n, values))
                break
    if not found:
        raise AssistanceError(f"文件中没有找到表头（应有“{first}”列）")
    return out


def _run_rows(db: LedgerDB, action: str, rows: list[tuple[str, int, dict[str, str]]],
              one: Callable[[str, int, dict[str, str]], None], *, dry_run: bool, skip_invalid: bool) -> ImportResult:
    """Each row in its own savepoint inside one transaction: any row refused leaves nothing written (unless
    skip_invalid); a dry run checks everything the same way and rolls back."""
    result = ImportResult(rows=len(rows), dry_run=dry_run)
    try:
        with changing(db, action, "import"):
            for sheet, n, values in rows:
                try:
                    with db.atomic():
                        one(sheet, n, values)
                    result.valid += 1
                except _RowRefused as exc:
                    result.errors.append(exc.error)
                except AssistanceError as exc:
                    result.errors.append(RowError(sheet, n, "", "", str(exc)))
            if dry_run or (result.errors and not skip_invalid):
                raise _Rollback
            result.saved = True
    except _Rollback:
        pass
    return result


class _RowRefused(AssistanceError):
    def __init__(self, error: RowError) -> None:
        super().__init__(str(error))
        self.error = error


def _phone(sheet: str, n: int, column: str, values: dict[str, str]) -> str:
    phone, error = clean_phone(values.get(column, ""))
    if error:
        raise _RowRefused(RowError(sheet, n, column, values.get(column, ""), error))
    return phone


def import_four_ones(db: LedgerDB, path: str | Path, year: object, *, dry_run: bool = False,
                     skip_invalid: bool = False) -> ImportResult:
    y = check_year(year)
    rows = _sheet_rows(path, FOUR_ONES_COLUMNS, "村（社区）")
    today = clock.today().isoformat()
    since = min(max(today, f"{y}-01-02"), f"{y}-12-31")

    def one(sheet: str, n: int, v: dict[str, str]) -> None:
        def refuse(column: str, reason: str) -> _RowRefused:
            return _RowRefused(RowError(sheet, n, column, v.get(column, ""), reason))
        village = org.find_village(db, v.get("村（社区）", ""))
        if not village:
            raise refuse("村（社区）", "没有这个村（社区），请先在“组织”中添加")
        klass = v.get("分类", "")
        if klass not in CLASSES:
            raise refuse("分类", "应为 示范、创优 或 强基 之一")
        stars = v.get("星级", "").rstrip("星")
        if stars and (not stars.isdigit() or not 1 <= int(stars) <= 5):
            raise refuse("星级", "应为 1–5 的整数")
        old = get_year(db, village.id, y)
        if not old or (old.klass, old.stars) != (klass, int(stars) if stars else None):
            set_class(db, village.id, y, klass, stars or None,
                      decided_on=old.decided_on if old else "", note=old.note if old else "")
        people = {}
        for kind, (name_col, post_col, phone_col, unit_col, contact_col) in _SLOT_COLUMNS.items():
            name = v.get(name_col, "")
            if not name:
                continue
            if klass != WEAK:
                raise refuse(name_col, f"{klass}村不需要“四个一”帮扶，只填分类和星级")
            people[kind] = Person(name, v.get(post_col, ""), _phone(sheet, n, phone_col, v), v.get(unit_col, ""),
                                  v.get(contact_col, ""))
        start = end = ""
        for column in ("驻村开始日期", "驻村结束日期"):
            try:
                day = check_date(v.get(column, ""), column)
            except AssistanceError as exc:
                raise refuse(column, str(exc).split("：", 1)[-1]) from None
            start, end = (day, end) if column == "驻村开始日期" else (start, day)
        if start and end and end <= start:
            raise refuse("驻村结束日期", f"应晚于驻村开始日期 {start}")
        for kind, person in people.items():
            current = holder(db, village.id, y, kind)
            dates = {"posting_start": start, "posting_end": end} if kind == "first_secretary" else {}
            assign(db, village.id, y, kind, person, since=since if current and current.person.name != person.name
                   else "", **dates)

    return _run_rows(db, "导入四个一帮扶", rows, one, dry_run=dry_run, skip_invalid=skip_invalid)


def import_assistance_log(db: LedgerDB, path: str | Path, *, dry_run: bool = False,
                          skip_invalid: bool = False) -> ImportResult:
    rows = _sheet_rows(path, LOG_COLUMNS, "帮扶人")

    def one(sheet: str, n: int, v: dict[str, str]) -> None:
        def refuse(column: str, reason: str) -> _RowRefused:
            return _RowRefused(RowError(sheet, n, column, v.get(column, ""), reason))
        village = org.find_village(db, v.get("村", ""))
        if not village:
            raise refuse("村", "没有这个村（社区）")
        try:
            day = check_date(v.get("日期", ""), "日期")
        except AssistanceError as exc:
            raise refuse("日期", str(exc).split("：", 1)[-1]) from None
        if not day:
            raise refuse("日期", "不能为空")
        if v.get("方式", "") not in FORMS:
            raise refuse("方式", f"应为 {'、'.join(FORMS)} 之一")
        slot = next((s for kind in KINDS if (s := holder(db, village.id, int(day[:4]), kind, day))
                     and s.person.name == v.get("帮扶人", "")), None)
        if not slot:
            raise refuse("帮扶人", f"{day} 不是{village.name}的“四个一”帮扶人")
        funds = v.get("资金项目", "")
        add_log(db, slot.id, day, v["方式"], learned=v.get("了解情况", ""), done=v.get("办理事项", ""), funds=funds,
                result=v.get("结果", ""), needs_town=v.get("需镇街协调", "") in ("是", "需要", "√", "1", "Y", "y"))

    return _run_rows(db, "导入帮扶记录", rows, one, dry_run=dry_run, skip_invalid=skip_invalid)


def four_ones_rows(db: LedgerDB, year: int, day: dt.date | None = None) -> list[list[str]]:
    """The export's rows in FOUR_ONES_COLUMNS order: every village classed that year, the 强基 ones with the
    holders on `day` (the matrix as the clerk sees it)."""
    from .classes import year_classes
    cells = {r.village_id: r.cells for r in matrix(db, year, day).rows}
    out = []
    for c in year_classes(db, year):
        row = [c.village, c.klass, str(c.stars or "")] + [""] * (len(FOUR_ONES_COLUMNS) - 3)
        for kind, cols in _SLOT_COLUMNS.items():
            cell = cells.get(c.village_id, {}).get(kind)
            if not cell or not cell.person:
                continue
            p = cell.person
            for col, value in zip(cols, (p.name, p.post, p.phone, p.unit, p.contact), strict=True):
                if col:
                    row[FOUR_ONES_COLUMNS.index(col)] = value
            if kind == "first_secretary" and cell.slot_id is not None:
                from .slots import get_slot
                slot = get_slot(db, cell.slot_id)
                row[-2], row[-1] = slot.posting_start, slot.posting_end
        out.append(row)
    return out
