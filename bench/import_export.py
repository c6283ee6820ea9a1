"""Speed of the roster import and export on a generated 100,000-row roster, beside a baseline measured in the same
run (python-calamine reading the same file + one executemany of the raw rows). The roster has realistic names
(models.demo: surname frequencies, mostly distinct given names). Prints figures; never asserts.

    .venv/bin/python bench/import_export.py [--members 100000]
"""
from __future__ import annotations

import argparse
import resource
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from models.db import open_database  # noqa: E402
from models.demo import fill_demo  # noqa: E402
from models.entities import MemberQuery  # noqa: E402
from models.importing import import_members  # noqa: E402
from models.members import search_members  # noqa: E402
from reports.xlsx import build_members_xlsx  # noqa: E402


def baseline(path: Path, work: Path) -> float:
    from python_calamine import load_workbook
    (work / "baseline.db").unlink(missing_ok=True)
    t = time.perf_counter()
    rows = load_workbook(str(path)).get_sheet_by_index(0).to_python()
    conn = sqlite3.connect(work / "baseline.db")
    conn.execute(f"CREATE TABLE raw ({', '.join(f'c{i} TEXT' for i in range(len(rows[0])))})")
    with conn:
        conn.executemany(f"INSERT INTO raw VALUES ({', '.join('?' * len(rows[0]))})", rows[1:])
    conn.close()
    return time.perf_counter() - t


def check_member_alone(path: Path) -> float:
    """The one member rule set (models.validation) on every row: the floor of the check phase."""
    import datetime as dt

    from models.importing.columns import find_layout
    from models.importing.read import read_file
    from models.validation import check_member
    rows = read_file(path)[0].rows
    layout = find_layout(rows)
    assert layout is not None
    items = tuple(layout.fields.items())
    raws = [{k: r[c.index] for k, c in items} for r in rows[layout.header_row + 1:]]
    today = dt.date.today()
    t = time.perf_counter()
    for raw in raws:
        check_member(raw, today=today)
    return time.perf_counter() - t


def watch_helper(peak: list[float]) -> None:
    """The import's helper process's resident memory, sampled every 20 ms (its getrusage counts the parent's
    pages from before exec); peak[0] in MB, until a second item is appended."""
    while len(peak) == 1:
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                cmdline = (status.parent / "cmdline").read_bytes()
                if b"models.importing.helper" in cmdline:
                    rss = next(line for line in status.read_text().splitlines() if line.startswith("VmRSS:"))
                    peak[0] = max(peak[0], int(rss.split()[1]) / 1024)
            except (OSError, StopIteration, ValueError):
                continue
        time.sleep(0.02)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--members", type=int, default=100_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        source = open_database(work / "source.db")
        t = time.perf_counter()
        fill_demo(source, args.members, seed=3)
        print(f"generate {args.members} members: {time.perf_counter() - t:.2f} s")
        roster = work / "roster.xlsx"
        t = time.perf_counter()
        members = search_members(source, MemberQuery(statuses=()))
        t_query = time.perf_counter() - t
        distinct = len({m.name for m in members})
        with open(roster, "wb") as fh:
            build_members_xlsx(members, fh, town="院上镇")
        export_s = time.perf_counter() - t
        print(f"names: {distinct} distinct of {len(members)} (realistic: surname frequencies, given names by gender)")
        del members
        print(f"export   {args.members} rows: {export_s:.2f} s (of which query {t_query:.2f} s)"
              f"  file {roster.stat().st_size / 1e6:.1f} MB  target < 8 s")
        base = baseline(roster, work)
        target = open_database(work / "target.db")
        phases: dict[str, float] = {}

        def progress(phase: str, done: int, total: int) -> None:
            phases.setdefault(phase, time.perf_counter())

        t = time.perf_counter()
        result = import_members(target, roster, skip_invalid=True, progress=progress)
        import_s = time.perf_counter() - t
        marks = [t] + [phases[p] for p in ("检查数据", "写入数据库") if p in phases] + [t + import_s]
        split = "  ".join(f"{name} {b - a:.2f} s" for name, a, b in zip(("read", "check", "write"), marks, marks[1:]))
        assert result.imported + result.skipped == args.members, result.as_json()
        if result.skipped:  # models.demo makes a few members the rules refuse (a date after today, joining at 17)
            print(f"({result.skipped} generated rows rejected by check_member, e.g. {result.errors[0].message})")
        after = baseline(roster, work)  # again after the import: on a shared machine the load moves
        floor = (base + after) / 2
        print(f"baseline read + executemany: {base:.2f} s before the import, {after:.2f} s after")
        print(f"import   {args.members} rows: {import_s:.2f} s  ratio to the floor {import_s / floor:.2f}"
              f" (to the floor before {import_s / base:.2f}, after {import_s / after:.2f}; goal ≤ 2.5)")
        print(f"  split: {split}")
        print("  (read = calamine; check = header, cells, check_member, duplicates; write = one transaction)")
        print(f"  check_member alone on the same rows: {check_member_alone(roster):.2f} s")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        helper_peak = [0.0]  # the helper's memory, in an import of its own (watching would slow the timed one)
        watching = threading.Thread(target=watch_helper, args=(helper_peak,), daemon=True)
        watching.start()
        import_members(open_database(work / "memory.db"), roster, skip_invalid=True)
        helper_peak.append(-1)  # stop watching
        watching.join()
        print(f"peak memory (whole run: generate, export, baseline, import): {peak:.0f} MB  target < 1024 MB;"
              f" the import's helper process (models.importing.helper) at most {helper_peak[0]:.0f} MB")
        t = time.perf_counter()
        argv = ["--db", str(work / "cli.db"), "import", "members", str(roster), "--skip-invalid", "--json"]
        code = (f"import resource, sys; sys.path.insert(0, {str(ROOT)!r}); import main; rc = main.main({argv!r});"
                " print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); sys.exit(rc)")
        cli = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        cli_s = time.perf_counter() - t
        child = int(cli.stderr.strip().splitlines()[-1]) / 1024
        print(f"command line `import members` alone (new process, exit {cli.returncode}): {cli_s:.2f} s,"
              f" peak memory {child:.0f} MB")


if __name__ == "__main__":
    main()
