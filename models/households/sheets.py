"""Reading the households area's spreadsheets with the roster engine (models.importing.read, header matching as
models.importing.columns does it): the header row, the columns by synonym, and each data row as cells keyed by
field with its Excel row number. The imports (household_import, visit_import) check and write the rows.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..importing import ImportProblem, ImportResult, show_value
from ..importing.columns import normalize_header
from ..importing.read import ImportFileError, RawSheet, read_file
from .entities import HOUSEHOLD_COLUMNS, VISIT_COLUMNS

SYNONYMS: dict[str, tuple[str, ...]] = {
    "central_name": ("党员中心户", "中心户", "党员中心户姓名", "中心户党员", "联系党员", "联系的党员中心户",
                     "联系党员中心户"),
    "central_id": ("中心户身份证号码", "中心户公民身份号码", "党员中心户身份证号", "中心户身份证"),
    "head_name": ("户主", "户主名", "户主名字"),
    "head_id": ("户主身份证号码", "户主公民身份号码", "户主身份证"),
    "address": ("住址", "家庭地址", "地址", "居住地址"),
    "persons": ("人口", "家庭人数", "人口数", "家庭人口数", "人数"),
    "phone": ("电话", "手机", "手机号", "手机号码", "联系方式"),
    "tags": ("类型", "户别", "家庭类型", "户类别"),
    "party": ("党员户", "是否党员家庭"),
    "village": ("所在村(社区)", "村(社区)", "所在村", "村", "社区", "所属村", "村名", "村居"),
    "grid": ("网格", "所属网格", "网格名称"),
    "date": ("走访日期", "走访时间", "日期"),
    "kind": ("事项", "类型", "事项类别"),
    "raised": ("问题", "反映的问题", "群众反映问题"),
    "handled": ("处理情况", "办理结果", "办理情况"),
    "reported": ("上报", "是否上报村党组织", "已上报"),
    "#ignore": ("序号", "编号", "序"),
}


@dataclass(frozen=True)
class Row:
    sheet: str
    row: int                      # as Excel shows it
    cells: dict[str, object]      # field → raw value
    headers: dict[str, str]       # field → the header as written


@dataclass
class Outcome:
    """What an import did or would do (the member import's ImportResult keys, plus errors)."""
    result: ImportResult = field(default_factory=ImportResult)

    def problem(self, row: Row, key: str, message: str) -> None:
        self.result.errors.append(ImportProblem(row.sheet, row.row, row.headers.get(key, _LABELS.get(key, key)),
                                                show_value(row.cells.get(key)), message))


_LABELS = dict(HOUSEHOLD_COLUMNS + VISIT_COLUMNS)


def _lookup(columns: tuple[tuple[str, str], ...]) -> dict[str, str]:
    known = {k for k, _ in columns} | {"#ignore"}
    table = {normalize_header(label): key for key, label in columns}
    for key, names in SYNONYMS.items():
        if key in known:
            for name in names:
                table.setdefault(normalize_header(name), key)
    return table


def read_rows(path: str | Path, columns: tuple[tuple[str, str], ...], needs: tuple[str, ...],
              any_of: tuple[str, ...]) -> tuple[list[Row], list[str], list[str]]:
    """(data rows, columns not recognized, sheets without such a header) of every sheet of the file.

    A header row names every field of `needs` and one of `any_of` (within the first 30 rows)."""
    lookup = _lookup(columns)
    rows: list[Row] = []
    unknown: list[str] = []
    ignored: list[str] = []
    for sheet in read_file(path):
        found = _header(sheet, lookup, needs, any_of)
        if found is None:
            ignored.append(sheet.name)
            continue
        at, columns_found = found
        unknown.extend(h for _, h, key in columns_found if key is None and h not in unknown)
        positions = {key: pos for pos, _, key in columns_found if key and key != "#ignore"}
        headers = {key: h for _, h, key in columns_found if key and key != "#ignore"}
        for n, raw in enumerate(sheet.rows[at + 1:], start=at + 2):
            cells = {key: raw[pos] if pos < len(raw) else None for key, pos in positions.items()}
            if all(_blank(v) for v in cells.values()):
                continue
            rows.append(Row(sheet.name, n, cells, headers))
    return rows, unknown, ignored


def _header(sheet: RawSheet, lookup: dict[str, str], needs: tuple[str, ...],
            any_of: tuple[str, ...]) -> tuple[int, list[tuple[int, str, str | None]]] | None:
    """(row index, [(column, header as written, field or None)]); a field named twice: the later is not read."""
    for at, row in enumerate(sheet.rows[:30]):
        found: list[tuple[int, str, str | None]] = []
        seen: set[str] = set()
        for pos, value in enumerate(row):
            if _blank(value):
                continue
            header = str(value).strip().replace("\n", " ")
            key = lookup.get(normalize_header(header))
            if key in seen and key != "#ignore":
                key = "#ignore"
            if key:
                seen.add(key)
            found.append((pos, header, key))
        if all(k in seen for k in needs) and any(k in seen for k in any_of):
            return at, found
    return None


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: object) -> str:
    return "" if _blank(value) else show_value(value)


__all__ = ["HOUSEHOLD_COLUMNS", "VISIT_COLUMNS", "ImportFileError", "Outcome", "Row", "read_rows", "text"]
