"""Importing spreadsheets (the roster engine every area's import reuses): read a file (`read`, with `extent`
guarding against sheets too large to read), find the columns (`columns`: headers and synonyms), check every row
(`check`: the plan and its problems, each with sheet, Excel row, column header as written, value and reason) and
write it in one transaction (`write`).

`prepare_import(db, path)` reads and checks without writing and returns an ImportPlan;
`apply_import(db, plan, skip_invalid=...)` writes it; `import_members(db, path, ...)` does both, as the command
line does.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from .. import clock
from ..db import LedgerDB
from .check import (
    ImportCancelled,
    ImportPlan,
    ImportProblem,
    ImportResult,
    PreparedRow,
    Progress,
    SheetInfo,
    _no_cyclic_gc,
    check_sheets,
    show_value,
)
from .read import ImportFileError, read_file

__all__ = ["ImportFileError", "ImportCancelled", "ImportProblem", "PreparedRow", "SheetInfo", "ImportPlan",
           "ImportResult", "Progress", "prepare_import", "check_sheets", "apply_import", "import_members",
           "result_of", "show_value"]


def prepare_import(db: LedgerDB, path: str | Path, *, default_village: str = "", today: dt.date | None = None,
                   progress: Progress | None = None, cancelled: Callable[[], bool] | None = None,
                   accept_renames: bool = False) -> ImportPlan:
    """Read and check a roster file and compare it with the database; writes nothing. A known identity number
    with another name is an error unless accept_renames (the clerk confirmed the new name)."""
    with _no_cyclic_gc():
        return _prepare(db, path, default_village, today, progress, cancelled, accept_renames)


def _prepare(db: LedgerDB, path: str | Path, default_village: str, today: dt.date | None,
             progress: Progress | None, cancelled: Callable[[], bool] | None, accept_renames: bool) -> ImportPlan:
    from . import helper as helpers
    from .write import resolve
    if progress:
        progress("读取文件", 0, 1)
    today = today or clock.today()
    helper = helpers.start(path, default_village=default_village, today=today)  # starts while the file is read
    try:
        sheets = read_file(path)
        if cancelled and cancelled():
            raise ImportCancelled("已取消导入，没有写入任何数据")
        if helper:
            helper.send(sheets)
        plan = check_sheets(sheets, path, default_village=default_village, today=today, progress=progress,
                            cancelled=cancelled, helper=helper)
    finally:
        if helper:
            helper.stop()
    resolve(db, plan, accept_renames=accept_renames)
    return plan


def apply_import(db: LedgerDB, plan: ImportPlan, *, skip_invalid: bool = False, progress: Progress | None = None,
                 cancelled: Callable[[], bool] | None = None) -> ImportResult:
    """Write the plan in one transaction: nothing when a row was rejected (unless skip_invalid)."""
    from .write import write_plan
    result = result_of(plan, skip_invalid=skip_invalid)
    if plan.errors and not skip_invalid or not plan.rows:
        return result
    with _no_cyclic_gc():
        written = write_plan(db, plan, progress=progress, cancelled=cancelled)
    result.imported, result.updated, result.unchanged = written.inserted, written.updated, written.unchanged
    result.created_villages, result.created_grids = written.villages, written.grids
    result.written = True
    return result


def result_of(plan: ImportPlan, *, skip_invalid: bool) -> ImportResult:
    """What an import of the plan would do (also the dry-run answer)."""
    blocked = bool(plan.errors) and not skip_invalid
    return ImportResult(
        imported=0 if blocked else len(plan.rows) - plan.updates - plan.unchanged,
        updated=0 if blocked else plan.updates,
        unchanged=0 if blocked else plan.unchanged,
        skipped=plan.total_rows if blocked else plan.rejected_rows,
        created_villages=[] if blocked else list(plan.new_villages),
        created_grids=[] if blocked else list(plan.new_grids),
        ignored_columns=list(plan.ignored_columns), ignored_sheets=list(plan.ignored_sheets),
        errors=list(plan.errors))


def import_members(db: LedgerDB, path: str | Path, *, dry_run: bool = False, skip_invalid: bool = False,
                   default_village: str = "", progress: Progress | None = None,
                   cancelled: Callable[[], bool] | None = None, accept_renames: bool = False) -> ImportResult:
    """The command line's `import members`: prepare, then write unless dry_run (or rejected rows block it).

    A real import holds the import/restore lock (models.oplock) from reading to writing: a restore cannot
    replace the database between the two and then be overwritten by this import."""
    if dry_run:
        plan = prepare_import(db, path, default_village=default_village, progress=progress, cancelled=cancelled,
                              accept_renames=accept_renames)
        return result_of(plan, skip_invalid=skip_invalid)
    from contextlib import nullcontext

    from ..db import database_path
    from ..oplock import OperationBusy, exclusive
    file = database_path(db)
    try:
        with exclusive(file, "导入党员名册") if file else nullcontext():
            plan = prepare_import(db, path, default_village=default_village, progress=progress,
                                  cancelled=cancelled, accept_renames=accept_renames)
            return apply_import(db, plan, skip_invalid=skip_invalid, progress=progress, cancelled=cancelled)
    except OperationBusy as exc:
        raise ImportCancelled(str(exc)) from exc
