"""Speed of the 首页 on a large database: prints figures, asserts nothing.

    python bench/home.py [--db FILE] [--members 100000]

Makes the database with `main.py demo` when FILE does not exist (every area's demo data joins in), then:
- the home page ready after the window shows (figures, the six charts, the reminders list), in a fresh process
  offscreen, split into its parts (the aggregates, the reminders, the charts); goal ≤ 1 s;
- `main.py stats --json`, whole process, beside a floor measured in the same run: a process that starts Python,
  opens the same file with sqlite3 and counts the members (so the ratio shows what the program adds); goal ≤ 1 s.
Medians of 3 runs.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from common import child_runs, command, count_floor, ensure_demo, median_of, medians

ROOT = Path(__file__).resolve().parent.parent


def child(db_path: str) -> None:
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QTimer

    from models import clock, home
    from ui.app import make_app
    from ui.areas import install_areas
    from ui.main_window import MainWindow
    from ui.startup import startup_checks

    app = make_app()
    db = startup_checks(db_path, backup_now=False)
    assert db is not None, "database locked or damaged"
    t = time.perf_counter()
    home.stats(db, clock.today())
    aggregates = time.perf_counter() - t
    t = time.perf_counter()
    open_, handled = home.current(db, clock.today())
    reminders = time.perf_counter() - t
    window = MainWindow(db, remember=False, load_in_background=True)
    install_areas(window, db_path)
    window.resize(1366, 768)
    window.show()
    shown = time.perf_counter()  # show() returns before the page has its data: it fills right after the paint
    page = window.page("home")

    def check() -> None:
        """Polled from the event loop, which sleeps between events as the program's does: a busy loop of
        processEvents here would take the interpreter from the page's worker threads and time itself."""
        if not page.charts or page.is_loading() or page.model.rowCount() != len(open_):  # type: ignore[attr-defined]
            return
        page.repaint()
        ready = time.perf_counter() - shown
        print(f"{ready:.3f} {aggregates:.3f} {reminders:.3f} {len(open_)} {len(handled)}", flush=True)
        os._exit(0)  # the members page may still be loading in the background: its thread is not the figure here

    poll = QTimer()
    poll.timeout.connect(check)
    poll.start(2)
    app.exec()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/tmp/gridledger-bench-home.db")
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.db)
        return
    ensure_demo(args.db, args.members)
    runs = child_runs(__file__, args.db)
    ready, aggregates, reminders = (median_of(runs, i) for i in range(3))
    print(f"home page ready after the window shows: {ready:.2f} s (goal ≤ 1 s) — of which the aggregates "
          f"{aggregates:.2f} s and the reminders {reminders:.2f} s ({runs[0][3]} open, {runs[0][4]} handled)")
    s, f = medians(command(args.db, "stats", "--json"), count_floor(args.db))
    print(f"stats --json, whole process: {s:.2f} s (goal ≤ 1 s); floor (python + sqlite3 count): {f:.2f} s; "
          f"ratio {s / f:.1f}×")


if __name__ == "__main__":
    main()
