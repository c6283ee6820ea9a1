"""Speed of the assistance area (四个一帮扶) on the 100,000-member demo with district-scale area data: the demo's
400 villages, 120 of them 强基 with their four slots and a year of work-log entries (models.assistance.fill_demo,
run by the demo), in a temporary database. Goals (issue 13): the 四个一 page shows in ≤ 0.3 s after it is selected,
`reminders` answers in ≤ 1 s. Each figure is printed beside a floor measured in the same run (plain reads of the
same rows), as a ratio; medians of 5 runs. Prints figures; never asserts.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/assistance.py [--members 100000]
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

from models import assistance as aid  # noqa: E402
from models import clock  # noqa: E402
from models.db import LedgerDB, open_database  # noqa: E402
from models.demo import fill_demo  # noqa: E402
from models.reminders import due  # noqa: E402

TODAY = dt.date(2026, 11, 26)
RUNS = 5
TABLES = ("village_years", "assistance_people", "assistance_slots", "assistance_logs")


def median(fn: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def floor_rows(db: LedgerDB) -> None:
    """The least the page costs: every row of the area's tables read once."""
    for table in TABLES:
        db.execute(f"SELECT * FROM {table}").fetchall()


def page_show(db: LedgerDB) -> Callable[[], None]:
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from ui.assistance.page import AssistancePage
    qInstallMessageHandler(lambda *_: None)  # the offscreen plugin's propagateSizeHints warning on every show
    app = QApplication.instance() or QApplication([])

    def show() -> None:
        page = AssistancePage(db, None)
        page.resize(1366, 768)
        page.show()
        app.processEvents()
        page.grab()  # painted
        page.close()
        page.deleteLater()
        app.processEvents()
    return show


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--members", type=int, default=100_000)
    args = ap.parse_args()
    clock.set_now(dt.datetime(2026, 11, 26, 9, 0))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        db = open_database(path)
        t = time.perf_counter()
        fill_demo(db, args.members, today=TODAY)
        counts = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("villages", "members", *TABLES)}
        m = aid.matrix(db, TODAY.year, TODAY)
        print(f"示例数据：{counts}，强基村 {m.weak} 个（四项齐全 {m.covered} 个）"
              f"（生成 {time.perf_counter() - t:.1f} s）")
        low = median(lambda: floor_rows(db))
        print(f"底线（本区各表整行读取一遍）：{low * 1000:.1f} ms")
        figures = (
            ("四个一页显示（新建、显示、绘制）", page_show(db), 0.3),
            ("覆盖矩阵（matrix）", lambda: aid.matrix(db, TODAY.year, TODAY), 0.3),
            ("reminders（全部提醒，进程内）", lambda: due(db, TODAY), 1.0),
            ("reminders（仅四个一帮扶）", lambda: aid.reminders(db, TODAY), 1.0),
            ("帮扶责任表数据（全镇）", lambda: aid.four_ones_data(db, TODAY.year, today=TODAY), 1.0),
        )
        for label, fn, goal in figures:
            fn()  # warm: first-use imports and the page cache of the file
            took = median(fn)
            print(f"{label}：{took * 1000:.0f} ms，底线的 {took / low:.1f} 倍（目标 ≤ {goal:g} s）"
                  f"{'' if took <= goal else '  未达标'}")
        n_rem = len(due(db, TODAY))
        n_aid = len(aid.reminders(db, TODAY))
        db.close()
        env = dict(os.environ, GRIDLEDGER_NOW="2026-11-26T09:00:00")
        cli = []
        for _ in range(3):
            t = time.perf_counter()
            subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(path), "reminders"], env=env,
                           check=True, capture_output=True)
            cli.append(time.perf_counter() - t)
        start = []
        for _ in range(3):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-c", "import models.db"], cwd=ROOT, check=True, capture_output=True)
            start.append(time.perf_counter() - t)
        took, base = statistics.median(cli), statistics.median(start)
        print(f"命令行 main.py reminders（{n_rem} 条，其中四个一帮扶 {n_aid} 条）：{took:.2f} s，"
              f"其中 Python 启动并导入 models {base:.2f} s，即启动的 {took / base:.1f} 倍（目标 ≤ 1 s）"
              f"{'' if took <= 1.0 else '  未达标'}")


if __name__ == "__main__":
    main()
