"""Speed of the 书记备案 area on the 100,000-member demo with 400 secretaries: prints figures, asserts nothing.

    python bench/secretaries.py [--db FILE] [--members 100000]

Makes the database with `main.py demo` when FILE does not exist. When the demo brought fewer than 400 current
secretaries (the supervision area's demo makes the cadres), one 书记 per village is added from that village's
members through models.supervision, and the area's demo filings and scores are made (models.secretaries.fill_demo).
Then, medians of 3 runs:
- the 书记备案 page shown with its data, offscreen, and switching to its 履职评估 tab (filled when shown); goal
  ≤ 0.3 s each; floor: reading the rows it shows straight from SQLite (cadres, filings, members) in one process;
- the area's reminders (models.secretaries.reminders) and every area's (models.reminders.due), in process;
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
TARGET = 400


def prepare(db_path: str) -> int:
    from models import clock
    from models import secretaries as sc
    from models import supervision as sv
    from models.db import open_database
    db = open_database(db_path)
    have = {s.village_id for s in sc.secretaries(db)}
    villages = [r[0] for r in db.execute("SELECT id FROM villages ORDER BY id")]
    for vid in villages:
        if len(have) >= TARGET:
            break
        if vid in have:
            continue
        m = db.execute("SELECT id FROM members WHERE village_id = ? AND status = '在册' LIMIT 1", [vid]).fetchone()
        if m:
            start = f"20{21 + vid % 5}-03-01"
            sv.save_cadre(db, sv.Cadre(vid, "", "书记", start, appointed_by="选举", member_id=m[0]))
            have.add(vid)
    if not db.execute("SELECT count(*) FROM sc_filings").fetchone()[0]:
        print("demo filings and scores:", sc.fill_demo(db, random.Random(7), clock.today()), flush=True)
    n = len(sc.secretaries(db))
    db.close()
    return n


def child(db_path: str) -> None:
    from PySide6.QtWidgets import QApplication

    from models import secretaries as sc
    from models.db import open_database
    from models.reminders import due
    from ui.app import make_app
    from ui.events import EVERYTHING
    from ui.secretaries.page import SecretariesPage

    app = make_app()
    db = open_database(db_path)
    t = time.perf_counter()
    rows = db.execute("SELECT c.*, f.*, m.name, m.gender, m.birth_date FROM sv_cadres c LEFT JOIN sc_filings f"
                      " ON f.cadre_id = c.id AND f.status = '现行' LEFT JOIN members m ON m.id = c.member_id"
                      " WHERE c.post = '书记'").fetchall()
    floor = time.perf_counter() - t
    t = time.perf_counter()
    page = SecretariesPage(db, None)
    page.resize(1366, 768)
    page.show()  # the first show fills both tabs (the page starts stale)
    app.processEvents()
    shown = time.perf_counter() - t
    t = time.perf_counter()
    page.on_data_changed(EVERYTHING)
    refresh = time.perf_counter() - t
    assert page.model.rowCount() >= len(rows) // 2
    t = time.perf_counter()
    page.tabs.setCurrentIndex(1)
    app.processEvents()
    tab = time.perf_counter() - t
    assert page.eval_model.rowCount() == page.model.rowCount()
    t = time.perf_counter()
    mine = sc.reminders(db, __import__("models.clock", fromlist=["today"]).today())
    area = time.perf_counter() - t
    t = time.perf_counter()
    every = due(db)
    allr = time.perf_counter() - t
    print(f"{shown:.4f} {refresh:.4f} {floor:.4f} {area:.4f} {allr:.4f} {tab:.4f} {page.model.rowCount()} "
          f"{len(mine)} {len(every)}")
    QApplication.instance().quit()  # type: ignore[union-attr]
    os._exit(0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/tmp/gridledger-bench-secretaries.db")
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.db)
        return
    ensure_demo(args.db, args.members)
    n = prepare(args.db)
    runs = child_runs(__file__, args.db)

    def med(i: int) -> float:
        return median_of(runs, i)
    shown, refresh, floor, area, allr, tab = (med(i) for i in range(6))
    print(f"{n} current secretaries; page rows {runs[0][6]}, this area's reminders {runs[0][7]}, "
          f"all reminders {runs[0][8]}")
    print(f"书记备案 page shown with data: {shown:.3f} s (goal ≤ 0.3 s); a refresh {refresh:.3f} s; the 履职评估 tab "
          f"{tab:.3f} s; floor (the rows straight from SQLite) {floor:.4f} s; ratio {shown / floor:.0f}×")
    print(f"reminders in process: this area {area:.3f} s, every area {allr:.3f} s")
    print(reminders_line(args.db))

if __name__ == "__main__":
    main()
