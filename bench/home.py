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
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child(db_path: str) -> None:
    sys.path.insert(0, str(ROOT))
    from PySide6.QtWidgets import QApplication

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
    while not page.charts or page.is_loading() or page.model.rowCount() != len(open_):  # type: ignore[attr-defined]
        app.processEvents()
    page.repaint()
    ready = time.perf_counter() - shown
    print(f"{ready:.3f} {aggregates:.3f} {reminders:.3f} {len(open_)} {len(handled)}")
    QApplication.instance().quit()  # type: ignore[union-attr]
    os._exit(0)  # the members page may still be loading in the background: its thread is not the figure here


def timed(cmd: list[str], env: dict[str, str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, capture_output=True)
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/tmp/gridledger-bench-home.db")
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.db)
        return
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    if not Path(args.db).exists():
        print(f"making a {args.members}-member demo database at {args.db} …", flush=True)
        subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", args.db, "demo", "--members",
                        str(args.members)], env=env, check=True)
    runs = []
    for _ in range(3):
        out = subprocess.run([sys.executable, __file__, "--db", args.db, "--child"], env=env, check=True,
                             capture_output=True, text=True).stdout.split()
        runs.append(out)
    ready = statistics.median(float(r[0]) for r in runs)
    aggregates = statistics.median(float(r[1]) for r in runs)
    reminders = statistics.median(float(r[2]) for r in runs)
    print(f"home page ready after the window shows: {ready:.2f} s (goal ≤ 1 s) — of which the aggregates "
          f"{aggregates:.2f} s and the reminders {reminders:.2f} s ({runs[0][3]} open, {runs[0][4]} handled)")
    stats_cmd = [sys.executable, str(ROOT / "main.py"), "--db", args.db, "stats", "--json"]
    floor_cmd = [sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
                 " print(c.execute('SELECT count(*) FROM members').fetchone()[0])", args.db]
    stats_t, floor_t = [], []
    for _ in range(3):
        stats_t.append(timed(stats_cmd, env))
        floor_t.append(timed(floor_cmd, env))
    s, f = statistics.median(stats_t), statistics.median(floor_t)
    print(f"stats --json, whole process: {s:.2f} s (goal ≤ 1 s); floor (python + sqlite3 count): {f:.2f} s; "
          f"ratio {s / f:.1f}×")


if __name__ == "__main__":
    main()
