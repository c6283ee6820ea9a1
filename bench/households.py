"""Speed of the 中心户 page and of `reminders` on the 100,000-member demo town (about 30,000 households and a
year of visits). Goals: the page for a village shows in ≤ 0.3 s; `reminders` answers in ≤ 1 s.

Each figure is printed beside a floor measured in the same run on the same file: for the page, reading the
village's households, links and visits as bare rows (plain SELECTs, no joins); for the reminders, reading every
household, link and visit once. The page is timed twice: its queries alone, and the real widget (offscreen Qt)
going from another village to this one. Prints figures; never asserts.

    .venv/bin/python bench/households.py [--members 100000] [--db EXISTING_DEMO.db]
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from models import clock  # noqa: E402
from models import households as hh  # noqa: E402
from models.db import LedgerDB, open_database  # noqa: E402
from models.demo import fill_demo  # noqa: E402
from models.reminders import due  # noqa: E402

TODAY = dt.date(2026, 11, 26)


def best(fn: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def page_floor(db: LedgerDB, village_id: int) -> None:
    db.execute("SELECT * FROM households WHERE village_id = ?", [village_id]).fetchall()
    db.execute("SELECT * FROM household_links WHERE status = '联系中' AND household_id IN"
               " (SELECT id FROM households WHERE village_id = ?)", [village_id]).fetchall()
    db.execute("SELECT * FROM household_visits WHERE household_id IN (SELECT id FROM households"
               " WHERE village_id = ?)", [village_id]).fetchall()


def page_queries(db: LedgerDB, village_id: int) -> None:
    hh.central_rows(db, village_id)
    hh.household_rows(db, village_id)
    hh.visit_rows(db, village_id=village_id, since="2026-08-27")
    hh.reminders(db, TODAY, village_id=village_id)


def reminders_floor(db: LedgerDB) -> None:
    for table in ("households", "household_links", "household_visits", "central_designations"):
        db.execute(f"SELECT * FROM {table}").fetchall()


def widget_timer(db: LedgerDB, village_id: int, other_id: int) -> Callable[[], object]:
    from PySide6.QtWidgets import QApplication

    from ui.households.page import HouseholdsPage
    app = QApplication.instance() or QApplication([])
    page = HouseholdsPage(db, None)
    page.resize(1366, 768)
    page.show()
    page.build_tree()
    app.processEvents()
    state = {"at": other_id}

    def switch() -> None:
        state["at"] = village_id if state["at"] == other_id else other_id
        page.select("village", state["at"], None)
        app.processEvents()

    switch()  # warm
    return switch


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--db", help="an existing demo database (else one is made in a temporary folder)")
    args = parser.parse_args()
    clock.set_now(dt.datetime(2026, 11, 26, 9, 0))
    work = Path(tempfile.mkdtemp(prefix="gl-bench-hh-"))
    path = Path(args.db) if args.db else work / "demo.db"
    db = open_database(path)
    if not args.db:
        t = time.perf_counter()
        fill_demo(db, args.members, today=TODAY)
        print(f"demo of {args.members} members made in {time.perf_counter() - t:.1f} s")
    n = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
         for t in ("members", "households", "household_links", "household_visits", "central_designations")}
    print("rows: " + ", ".join(f"{k} {v}" for k, v in n.items()))
    village_id, count = db.execute("SELECT village_id, count(*) c FROM households GROUP BY village_id"
                                   " ORDER BY c DESC LIMIT 1").fetchone()
    other_id = db.execute("SELECT id FROM villages WHERE id != ? ORDER BY id LIMIT 1", [village_id]).fetchone()[0]
    floor = best(lambda: page_floor(db, village_id))
    queries = best(lambda: page_queries(db, village_id))
    widget = best(widget_timer(db, village_id, other_id))
    print(f"page, largest village ({count} households): queries {queries * 1000:.0f} ms, widget {widget * 1000:.0f} ms"
          f" (goal ≤ 300 ms); floor {floor * 1000:.1f} ms; widget/floor {widget / floor:.1f}x")
    floor = best(lambda: reminders_floor(db), 3)
    area = best(lambda: hh.reminders(db, TODAY), 3)
    everything = best(lambda: due(db, TODAY), 3)
    print(f"reminders: households area {area * 1000:.0f} ms, all areas (reminders.due) {everything * 1000:.0f} ms"
          f" (goal ≤ 1000 ms); floor {floor * 1000:.0f} ms; due/floor {everything / floor:.1f}x")
    db.close()
    t = time.perf_counter()
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(path), "reminders", "--json"],
                          capture_output=True, env=dict(os.environ, GRIDLEDGER_NOW="2026-11-26T09:00:00"))
    verb = time.perf_counter() - t
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import main"], cwd=ROOT, capture_output=True)
    start = time.perf_counter() - t
    if not args.db:
        import shutil
        shutil.rmtree(work, ignore_errors=True)
    print(f"`main.py reminders --json` wall time {verb * 1000:.0f} ms (exit {done.returncode}, "
          f"{len(done.stdout) // 1024} KiB); of it Python start and imports {start * 1000:.0f} ms")


if __name__ == "__main__":
    main()
