"""A second process for the check of a large roster, so a 100,000-row import uses both cores of the office PC
(the rules are Python: one process checks one row at a time). It starts while the import reads the file, gets the
later rows from it, checks them while the import checks the earlier ones, and sends back its part of the plan.

    helper = start(path, default_village=..., today=...)   # before reading: Python starts meanwhile
    sheets = read_file(path); helper.send(sheets)          # the rows from split(total) on
    ...check the rows before split(total)...
    part = helper.result()   # (plan of the later rows, their identity numbers), or None

The helper is only a speed-up: whatever goes wrong with it (it cannot start, it fails, the import is cancelled),
`result` gives None or the process is stopped, and the import checks the rest itself.

Run as `python -m models.importing.helper`: a pickled request on stdin, a pickled answer on stdout.
"""
from __future__ import annotations

import datetime as dt
import marshal
import os
import pickle
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import astuple
from pathlib import Path
from typing import Any

from .check import ByNumber, ImportCancelled, ImportPlan, ImportProblem, PreparedRow, SheetInfo, check_part
from .columns import HEADER_SCAN_ROWS
from .read import RawSheet

MIN_BYTES = 3_000_000  # about 18,000 rows of a roster: below it, starting a process costs more than it gains
WAIT_SECONDS = 120  # longer than the helper ever needs (about 2 s for 42,000 rows): then it is stuck
SHARE = 0.42  # of the rows, to the helper: it sends its answer back, which takes a part of its time
ROOT = Path(__file__).resolve().parent.parent.parent


def split(total: int) -> int:
    """Where the helper's rows begin (counted over all sheets, header rows included)."""
    return total - int(total * SHARE)


def part_sheets(sheets: list[RawSheet], lo: int) -> list[RawSheet]:
    """The sheets as the helper needs them: the rows a header is looked for in, and those from `lo` on (counted
    over all sheets); the rows between are empty, so every row keeps its number."""
    out: list[RawSheet] = []
    empty: list[object] = []
    start = 0
    for sheet in sheets:
        rows = sheet.rows
        keep = max(HEADER_SCAN_ROWS, lo - start)
        if keep < len(rows):
            rows = rows[:HEADER_SCAN_ROWS] + [empty] * (keep - HEADER_SCAN_ROWS) + rows[keep:]
        out.append(RawSheet(sheet.name, rows))
        start += len(sheet.rows)
    return out


class Helper:
    def __init__(self, process: subprocess.Popen[bytes], request: dict[str, Any]) -> None:
        self.process, self.request, self.sent = process, request, False
        self.reader: threading.Thread | None = None

    @staticmethod
    def split(total: int) -> int:
        return split(total)

    def send(self, sheets: list[RawSheet]) -> None:
        """Give the helper the rows it checks (as soon as they are read)."""
        try:
            assert self.process.stdin is not None
            total = sum(len(s.rows) for s in sheets)
            request = dict(self.request, sheets=[(s.name, s.rows) for s in part_sheets(sheets, split(total))],
                           span=(split(total), total))
            self.process.stdin.write(_dumps(request))
            self.process.stdin.close()
            self.sent = True
        except Exception:  # noqa: BLE001 - a speed-up only: any failure means "check it here"
            self.stop()

    def result(self, cancelled: Callable[[], bool] | None = None,
               meanwhile: Callable[[], None] | None = None) -> tuple[ImportPlan, ByNumber] | None:
        """The helper's check of the rows it was sent, or None (it failed, or took longer than it could: then
        it is stopped). `meanwhile`: work of the import's own to do while the answer comes. A cancel while
        waiting stops the helper and raises ImportCancelled."""
        if not self.sent:
            return None
        deadline = time.monotonic() + WAIT_SECONDS
        answer: list[bytes] = []
        assert self.process.stdout is not None
        reader = self.reader = threading.Thread(
            target=lambda: answer.append(self.process.stdout.read()),  # type: ignore[union-attr]
            name="import-helper-answer", daemon=True)
        try:
            reader.start()  # reading waits without the GIL; this thread works and watches for a cancel meanwhile
            if meanwhile:
                meanwhile()
            while reader.is_alive():
                reader.join(0.1)
                if cancelled and cancelled():
                    raise ImportCancelled("已取消导入，没有写入任何数据")
                if time.monotonic() > deadline:
                    self.stop()
                    return None
            if self.process.wait() != 0 or not answer:
                return None
            out = answer[0]
            answer = _loads(out)
            return _decoded(answer, Path(self.request["path"])), answer["numbers"]
        except ImportCancelled:
            self.stop()
            raise
        except Exception:  # noqa: BLE001
            self.stop()
            return None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        if self.reader is not None:  # its read ends with the process: then the pipe can be closed
            self.reader.join()
        for stream in (self.process.stdin, self.process.stdout):
            if stream:
                try:
                    stream.close()
                except OSError:
                    pass


def start(path: str | Path, *, default_village: str, today: dt.date) -> Helper | None:
    """A helper for a large spreadsheet on a machine with two cores or more, else None."""
    path = Path(path)
    try:
        if (path.stat().st_size < MIN_BYTES or (os.cpu_count() or 1) < 2
                or getattr(sys, "frozen", False) or os.environ.get("GRIDLEDGER_IMPORT_HELPER") == "0"):
            return None
        flags = subprocess.CREATE_NO_WINDOW if sys.platform == "win32" else 0  # type: ignore[attr-defined]
        process = subprocess.Popen([sys.executable, "-m", "models.importing.helper"], cwd=ROOT,
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                   creationflags=flags)
    except Exception:  # noqa: BLE001 - no helper: the import checks every row itself
        return None
    return Helper(process, {"path": str(path), "default_village": default_village, "today": today.isoformat()})


def _encoded(plan: ImportPlan, numbers: ByNumber) -> dict[str, Any]:
    """The part's plan as plain values (marshal sends them; the dataclasses as tuples, the rows' values without
    their keys)."""
    keys: tuple[str, ...] = tuple(plan.rows[0].values) if plan.rows else ()
    sheet_at = {s.name: i for i, s in enumerate(plan.sheets)}
    presents = list(dict.fromkeys(r.present for r in plan.rows))
    present_at = {p: i for i, p in enumerate(presents)}
    rows = [(sheet_at[r.sheet], r.row, tuple(r.values.values()) if tuple(r.values) == keys else r.values,
             r.village, r.grid, present_at[r.present]) for r in plan.rows]
    problems = [[astuple(e) for e in plan.errors], [astuple(w) for w in plan.warnings]]
    return {"keys": keys, "sheets": [(s.name, s.header_row, s.rows) for s in plan.sheets], "presents": presents,
            "rows": rows, "problems": problems, "rejected": plan.rejected_rows, "numbers": numbers}


def _decoded(answer: dict[str, Any], path: Path) -> ImportPlan:
    """The part as check_part made it (its sheets carry their row counts only: merge_part needs no more)."""
    keys, presents = answer["keys"], answer["presents"]
    names = [name for name, _, _ in answer["sheets"]]
    errors, warnings = ([ImportProblem(*p) for p in kind] for kind in answer["problems"])
    plan = ImportPlan(path, sheets=[SheetInfo(name, header, (), count) for name, header, count in answer["sheets"]],
                      errors=errors, warnings=warnings, rejected_rows=answer["rejected"])
    plan.rows = [PreparedRow(names[sheet], row, dict(zip(keys, values)) if type(values) is tuple else values,
                             village, grid, presents[present]) for sheet, row, values, village, grid, present
                 in answer["rows"]]
    return plan


def _dumps(data: dict[str, Any]) -> bytes:
    """marshal when every value is a plain one (text, number, empty: eight times faster than pickle, and this
    is on the import's way), else pickle (a date cell)."""
    try:
        return b"M" + marshal.dumps(data)
    except ValueError:
        return b"P" + pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)


def _loads(data: bytes) -> Any:
    return marshal.loads(data[1:]) if data[:1] == b"M" else pickle.loads(data[1:])


def main() -> int:
    from .check import _no_cyclic_gc
    with _no_cyclic_gc():
        request = _loads(sys.stdin.buffer.read())
        plan = ImportPlan(Path(request["path"]))
        sheets = [RawSheet(name, rows) for name, rows in request["sheets"]]
        numbers = check_part(plan, sheets, tuple(request["span"]), default_village=request["default_village"],
                             today=dt.date.fromisoformat(request["today"]), notes=False)
        sys.stdout.buffer.write(_dumps(_encoded(plan, numbers)))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    code = main()
    os._exit(code)  # the answer is out: no tearing down of the rows it was sent (many small objects)
