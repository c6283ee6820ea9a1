"""Speed of the 议事决策 area on the 100,000-member demo with 4,000 decision items: prints figures, asserts nothing.

    python bench/decisions.py [--db FILE] [--members 100000] [--items 4000]

Makes the database with `main.py demo` when FILE does not exist; when it holds fewer than --items decision items,
the area's demo (models.decisions.fill_demo) adds them, spread over the villages with their steps. Then, medians
of 3 runs:
- the 议事决策 page shown with its data (every item checked against its procedure), offscreen; goal ≤ 0.3 s;
  floor: reading the items and their step records straight from SQLite in the same process;
- the area's reminders (models.decisions.reminders) and every area's (models.reminders.due), in process;
- `main.py reminders --json`, whole process; goal ≤ 1 s; floors: a process that starts Python, opens the file with
  sqlite3 and counts the members, and the program's own start doing next to nothing (`town show --json`).
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

from common import child_runs, ensure_demo, median_of, reminders_line

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def prepare(db_path: str, target: int) -> int:
    from models import clock
    from models import decisions as dc
    from models.db import open_database
    db = open_database(db_path)
    have = db.execute("SELECT count(*) FROM dc_items WHERE status = '有效'").fetchone()[0]
    villages = db.execute("SELECT count(*) FROM villages WHERE status = '在用'").fetchone()[0]
    if have < target and villages:
        db.execute("DELETE FROM dc_steps")  # the bench's own data: made again at the size asked for
        db.execute("DELETE FROM dc_items")
        db.execute("DELETE FROM dc_procedures")
        db.conn.commit()
        per = -(-target // villages)
        print("demo decision items:", dc.fill_demo(db, random.Random(7), clock.today(), per_village=per), flush=True)
    n = db.execute("SELECT count(*) FROM dc_items WHERE status = '有效'").fetchone()[0]
    db.close()
    return int(n)


def child(db_path: str) -> None:
    from PySide6.QtWidgets import QApplication

    from models import clock
    from models import decisions as dc
    from models.db import open_database
    from models.reminders import due
    from ui.app import make_app
    from ui.decisions.page import DecisionsPage
    from ui.events import EVERYTHING

    app = make_app()
    db = open_database(db_path)
    t = time.perf_counter()
    rows = db.execute("SELECT i.id, v.name, i.title, i.kind, i.amount FROM dc_items i JOIN villages v"
                      " ON v.id = i.village_id WHERE i.status = '有效'").fetchall()
    steps = db.execute("SELECT * FROM dc_steps WHERE status = '有效'").fetchall()
    floor = time.perf_counter() - t
    t = time.perf_counter()
    page = DecisionsPage(db, None)
    page.resize(1366, 768)
    page.show()
    app.processEvents()
    shown = time.perf_counter() - t
    assert page.model.rowCount() == len(rows)
    t = time.perf_counter()
    page.on_data_changed(EVERYTHING)
    refresh = time.perf_counter() - t
    t = time.perf_counter()
    page.status.setCurrentText(dc.FLAGGED)
    app.processEvents()
    filtered = time.perf_counter() - t
    t = time.perf_counter()
    mine = dc.reminders(db, clock.today())
    area = time.perf_counter() - t
    t = time.perf_counter()
    every = due(db)
    allr = time.perf_counter() - t
    print(f"{shown:.4f} {refresh:.4f} {floor:.4f} {area:.4f} {allr:.4f} {filtered:.4f} {len(rows)} {len(steps)} "
          f"{len(mine)} {len(every)}")
    QApplication.instance().quit()  # type: ignore[union-attr]
    os._exit(0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/tmp/gridledger-bench-decisions.db")
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--items", type=int, default=4000)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.db)
        return
    ensure_demo(args.db, args.members)
    n = prepare(args.db, args.items)
    runs = child_runs(__file__, args.db)

    def med(i: int) -> float:
        return median_of(runs, i)
    shown, refresh, floor, area, allr, filtered = (med(i) for i in range(6))
    print(f"{n} decision items with {runs[0][7]} step records; this area's reminders {runs[0][8]}, "
          f"all reminders {runs[0][9]}")
    print(f"议事决策 page shown with data: {shown:.3f} s (goal ≤ 0.3 s); a refresh {refresh:.3f} s; the 有问题 filter "
          f"{filtered:.3f} s; floor (the rows straight from SQLite) {floor:.4f} s; ratio {shown / floor:.0f}×")
    print(f"reminders in process: this area {area:.3f} s, every area {allr:.3f} s")
    print(reminders_line(args.db))

if __name__ == "__main__":
    main()
