"""Speed of the 党员 page's header-click sort and search ranking over 100,000 in-memory member rows, beside a
floor measured in the same run (Python's sorted() of the same rows by member id). Prints figures; never asserts.

    .venv/bin/python bench/member_sort.py [--members 100000]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from models.db import open_database  # noqa: E402
from models.demo import fill_demo  # noqa: E402
from models.entities import MemberQuery  # noqa: E402
from models.members import filter_cached, member_cache_rows, rank_matches  # noqa: E402
from ui.members.table_models import MemberTableModel  # noqa: E402


def best(fn, runs: int = 3) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100000)
    args = parser.parse_args()
    _app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "bench.db")
        fill_demo(db, members=args.members)
        rows = member_cache_rows(db)
        db.close()
    print(f"{len(rows)} rows")
    floor = best(lambda: sorted(rows, key=lambda r: r[0]))
    print(f"floor  sorted() by id: {floor * 1000:.0f} ms")
    model = MemberTableModel()
    model.set_rows(rows)
    for column, label in ((0, "姓名"), (3, "出生日期"), (7, "所在村"), (8, "所在网格")):
        t = best(lambda c=column: model.sort(c, Qt.SortOrder.DescendingOrder))
        print(f"header sort {label}: {t * 1000:.0f} ms  ({t / floor:.1f}× floor)")
    for text in ("z", "zw", "zhang", "张"):
        hits = filter_cached(rows, MemberQuery(text=text, statuses=()))
        t = best(lambda h=hits, q=text: rank_matches(h, q))
        print(f"rank '{text}' ({len(hits)} hits): {t * 1000:.0f} ms  ({t / floor:.1f}× floor)")


if __name__ == "__main__":
    main()
