"""A second process for the check of a large roster, so a 100,000-row import uses both cores of the office PC
(the rules are Python: one process checks one row at a time). It starts while the import reads the file and gets
the later rows from it, in chunks of CHUNK rows. It checks them from the last chunk down and sends each chunk's
part of the plan as soon as it is checked. Meanwhile the import checks the earlier rows, then takes the helper's
chunks from the bottom up until it reaches one the helper has sent: the two meet wherever the machine lets them,
even when the second core is busy with something else.

    helper = start(path, default_village=..., today=...)   # before reading: Python starts meanwhile
    sheets = read_file(path); helper.send(sheets)          # the rows from split(total) on
    ...check the rows before split(total), then chunk 0, 1, … of chunks(split, total) until helper.has(k)...
    helper.parts(k)   # (plan, identity numbers) of chunks k, k+1, …, in order

The helper is only a speed-up: whatever goes wrong with it (it cannot start, it fails, it is stuck, the import
is cancelled), the import checks the chunks it has not sent, and the process is stopped.

Run as `python -m models.importing.helper`: a request on stdin, length-prefixed chunks on stdout.
"""
from __future__ import annotations

import datetime as dt
import marshal
import os
import pickle
import subprocess
import sys
import threading
from dataclasses import astuple
from pathlib import Path
from typing import Any

from .check import ByNumber, ImportPlan, ImportProblem, PreparedRow, SheetInfo, check_part
from .columns import HEADER_SCAN_ROWS
from .read import RawSheet

MIN_BYTES = 3_000_000  # about 18,000 rows of a roster: below it, starting a process costs more than it gains
SHARE = 0.40  # of the rows, to the helper to begin with; where the two meet depends on how fast each goes
CHUNK = 2000  # rows a chunk: small enough to meet closely, large enough that sending one costs little
ROOT = Path(__file__).resolve().parent.parent.parent


def split(total: int) -> int:
    """Where the helper's rows begin (counted over all sheets, header rows included)."""
    return total - int(total * SHARE)


def chunks(lo: int, hi: int, size: int = 0) -> list[tuple[int, int]]:
    """The helper's rows [lo, hi) in chunks of `size` (CHUNK) rows, from the first."""
    size = size or CHUNK
    return [(a, min(a + size, hi)) for a in range(lo, hi, size)]


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
        self.process, self.request = process, request
        self.reader: threading.Thread | None = None
        self.received: dict[int, tuple[ImportPlan, ByNumber]] = {}  # chunk → its part, from the last one down
        self.lowest = sys.maxsize  # the lowest chunk received (all above it are too); until send: none, none due

    @staticmethod
    def split(total: int) -> int:
        return split(total)

    @staticmethod
    def chunks(lo: int, hi: int) -> list[tuple[int, int]]:
        return chunks(lo, hi)

    def send(self, sheets: list[RawSheet]) -> None:
        """Give the helper the rows it checks (as soon as they are read), and read its chunks as they come."""
        total = sum(len(s.rows) for s in sheets)
        self.lowest = len(chunks(split(total), total))
        try:
            assert self.process.stdin is not None
            request = dict(self.request, sheets=[(s.name, s.rows) for s in part_sheets(sheets, split(total))],
                           span=(split(total), total), chunk=CHUNK)
            self.process.stdin.write(_dumps(request))
            self.process.stdin.close()
        except Exception:  # noqa: BLE001 - a speed-up only: any failure means "check it here"
            self.stop()
            return
        self.reader = threading.Thread(target=self._read, name="import-helper", daemon=True)
        self.reader.start()  # waits for the pipe without the GIL

    def _read(self) -> None:
        """Chunks in the order the helper sends them (the last first); anything else ends the reading."""
        stream, path = self.process.stdout, Path(self.request["path"])
        assert stream is not None
        try:
            while self.lowest > 0:
                head = stream.read(8)
                if len(head) < 8:
                    return
                data = stream.read(int.from_bytes(head, "big"))
                answer = _loads(data)
                if answer["chunk"] != self.lowest - 1:
                    return
                self.received[answer["chunk"]] = (_decoded(answer, path), answer["numbers"])
                self.lowest -= 1
        except Exception:  # noqa: BLE001 - a broken answer: the import checks the rest itself
            return

    def has(self, chunk: int) -> bool:
        """Whether the helper has sent this chunk (then it has sent every one above it too)."""
        return chunk >= self.lowest

    def parts(self, first: int) -> list[tuple[ImportPlan, ByNumber]]:
        """The parts of chunks first, first + 1, …: all sent (has(first))."""
        return [self.received[k] for k in sorted(self.received) if k >= first]

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
    out = sys.stdout.buffer
    with _no_cyclic_gc():
        request = _loads(sys.stdin.buffer.read())
        sheets = [RawSheet(name, rows) for name, rows in request["sheets"]]
        lo, hi = request["span"]
        spans = chunks(lo, hi, request["chunk"])
        today = dt.date.fromisoformat(request["today"])
        for k in reversed(range(len(spans))):  # the import takes chunks from the bottom: meet it from the top
            plan = ImportPlan(Path(request["path"]))
            numbers = check_part(plan, sheets, spans[k], default_village=request["default_village"], today=today,
                                 notes=False)
            data = _dumps(dict(_encoded(plan, numbers), chunk=k))
            out.write(len(data).to_bytes(8, "big") + data)
            out.flush()
    return 0


if __name__ == "__main__":
    code = main()
    os._exit(code)  # the answer is out: no tearing down of the rows it was sent (many small objects)
