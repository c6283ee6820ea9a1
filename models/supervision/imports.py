"""Importing the supervision area's spreadsheets (cadres, the rectification ledger, projects, the cadre-business
register) with the roster engine's reading (models.importing.read) and header matching ideas (synonyms, spaces and
brackets ignored). Every row is checked by the area's own rules; a rejected row is reported with sheet, Excel row,
column as written, value and the reason in Chinese. All or nothing: the rows are written in one transaction and
rolled back when any row was rejected (unless skip_invalid) or on a dry run. Each kind knows when a row is a
record already there (imports.KINDS[...].find), so re-importing the same file updates, never duplicates."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..audit import changing
from ..db import LedgerDB
from ..errors import Refused
from ..importing.check import ImportProblem, show_value
from ..importing.columns import normalize_header
from ..importing.read import read_file
from .rules import SupervisionError

HEADER_SCAN_ROWS = 30
_TOTAL = re.compile(r"^(合\s*计|总\s*计|小\s*计|共\s*计|填表人|制表人|审核人)")


class CellError(SupervisionError):
    """A row refused because of one column (key); the message is Chinese."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


class TableImportError(Refused):
    """A file that has no sheet of this kind, or lacks a required column; the message is Chinese."""


@dataclass(frozen=True)
class ImportColumn:
    key: str
    label: str                       # the name the issue (and the export) writes
    synonyms: tuple[str, ...] = ()
    required: bool = False
    words: tuple[str, ...] = ()      # words in a rule's message that point at this column


# apply(db, values) -> "inserted" | "updated" | "unchanged"; raises SupervisionError for a refused row
Apply = Callable[[LedgerDB, dict[str, str]], str]


@dataclass(frozen=True)
class TableKind:
    title: str                       # 村干部名单, 问题整改台账 …
    unit: str                        # 名, 条, 项, 个
    columns: tuple[ImportColumn, ...]
    identity: tuple[str, ...]        # the columns that say "the same record" within one file
    apply: Apply

    def column(self, key: str) -> ImportColumn:
        return next(c for c in self.columns if c.key == key)


@dataclass
class TableImportResult:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list[ImportProblem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    ignored_sheets: list[str] = field(default_factory=list)
    written: bool = False
    rows: int = 0

    def as_json(self) -> dict[str, Any]:
        return {"imported": self.imported, "updated": self.updated, "unchanged": self.unchanged,
                "skipped": self.skipped, "written": self.written, "ignored_columns": self.ignored_columns,
                "ignored_sheets": self.ignored_sheets, "errors": [e.as_json() for e in self.errors]}


@dataclass(frozen=True)
class _Row:
    sheet: str
    row: int                          # as Excel shows it
    values: dict[str, str]
    headers: dict[str, str]           # key -> header as written


def _lookup(kind: TableKind) -> dict[str, str]:
    out: dict[str, str] = {}
    for c in kind.columns:
        for name in (c.label, *c.synonyms):
            out.setdefault(normalize_header(name), c.key)
    for name in ("序号", "编号", "序", "剩余天数", "关联预警"):  # the exports' extra columns
        out.setdefault(normalize_header(name), "#ignore")
    return out


def _sheet_rows(kind: TableKind, name: str, rows: list[list[object]],
                result: TableImportResult) -> list[_Row] | None:
    lookup = _lookup(kind)
    best, best_known = -1, 0
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        known = {lookup.get(normalize_header(v)) for v in row if show_value(v)} - {None, "#ignore"}
        if len(known) > best_known:
            best, best_known = i, len(known)
    if best < 0 or best_known < 2:
        return None
    columns: dict[str, tuple[int, str]] = {}
    for i, cell in enumerate(rows[best]):
        header = show_value(cell)
        key = lookup.get(normalize_header(header)) if header else None
        if key is None:
            if header and header not in result.ignored_columns:
                result.ignored_columns.append(header)
        elif key != "#ignore" and key not in columns:
            columns[key] = (i, header)
    missing = [c.label for c in kind.columns if c.required and c.key not in columns]
    if missing:
        raise TableImportError(f"工作表“{name}”第 {best + 1} 行是表头，但缺少必需的列：{'、'.join(missing)}")
    out = []
    headers = {k: h for k, (_, h) in columns.items()}
    for n, row in enumerate(rows[best + 1:], start=best + 2):
        values = {k: show_value(row[i]) if i < len(row) else "" for k, (i, _) in columns.items()}
        texts = [v for v in values.values() if v]
        if not texts or _TOTAL.match(texts[0]):
            continue
        out.append(_Row(name, n, values, headers))
    return out


def _column_of(kind: TableKind, exc: SupervisionError) -> str:
    if isinstance(exc, CellError):
        return exc.key
    text = str(exc)
    best, where = kind.columns[0].key, len(text) + 1
    for c in kind.columns:
        for word in (c.label, *c.words):
            at = text.find(word)
            if 0 <= at < where:
                best, where = c.key, at
    return best


class _Rollback(Exception):
    pass


def import_table(db: LedgerDB, kind: TableKind, path: str | Path, *, dry_run: bool = False,
                 skip_invalid: bool = False) -> TableImportResult:
    """Read, check and (unless dry_run, or a row is refused without skip_invalid) write one file of `kind`."""
    result = TableImportResult()
    rows: list[_Row] = []
    matched = False
    for sheet in read_file(path):
        got = _sheet_rows(kind, sheet.name, sheet.rows, result)
        if got is None:
            result.ignored_sheets.append(sheet.name)
        else:
            rows += got
            matched = True
    if not matched:
        names = "、".join(c.label for c in kind.columns if c.required)
        raise TableImportError(f"文件中没有{kind.title}的表头（应有 {names} 等列）")
    result.rows = len(rows)
    seen: dict[tuple[str, ...], int] = {}
    counts = {"inserted": 0, "updated": 0, "unchanged": 0}
    try:
        with changing(db, f"导入{kind.title}", "import"):
            for r in rows:
                ident = tuple(re.sub(r"\s+", "", r.values.get(k, "")) for k in kind.identity)
                try:
                    if ident in seen:
                        main = next(k for k in kind.identity if k != "village")
                        raise CellError(main, f"与第 {seen[ident]} 行是同一条记录（重复）")
                    seen[ident] = r.row
                    with db.atomic():
                        counts[kind.apply(db, r.values)] += 1
                except SupervisionError as exc:
                    key = _column_of(kind, exc)
                    result.errors.append(ImportProblem(r.sheet, r.row, r.headers.get(key, kind.column(key).label),
                                                       r.values.get(key, ""), str(exc)))
            if dry_run or (result.errors and not skip_invalid) or not any(counts.values()):
                raise _Rollback
            result.written = counts["inserted"] + counts["updated"] > 0
    except _Rollback:
        pass
    rejected = len({(e.sheet, e.row) for e in result.errors})
    if result.errors and not skip_invalid:
        result.skipped = len(rows)
    else:
        result.imported, result.updated, result.unchanged = counts["inserted"], counts["updated"], counts["unchanged"]
        result.skipped = rejected
    return result
