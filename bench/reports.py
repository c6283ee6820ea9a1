"""Speed of the printed forms: the whole-town roster of about 10,000 members (target: under 6 s) and 1,000
member forms, on demo towns in temporary databases. Prints the time to read the data, to build the PDF, the pages
and the size. Run: `python bench/reports.py`."""
from __future__ import annotations

import datetime as dt
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from models import report_data  # noqa: E402
from models.db import open_database  # noqa: E402
from models.demo import fill_demo  # noqa: E402
from reports import REPORTS, render  # noqa: E402
from reports.styles import ReportOptions  # noqa: E402

TODAY = dt.date(2026, 11, 26)


def bench(db_members: int, kind: str, runs: int = 3) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "bench.db")
        fill_demo(db, db_members, today=TODAY)
        listed = db.execute("SELECT count(*) FROM members WHERE status = '在册'").fetchone()[0]
        reads, builds, pages, size = [], [], 0, 0
        for _ in range(runs):
            t0 = time.perf_counter()
            data = report_data.fetch(db, kind, report_data.Scope(), today=TODAY)
            t1 = time.perf_counter()
            out = io.BytesIO()
            pages = render(kind, data, out, ReportOptions(printed_on=TODAY))
            builds.append(time.perf_counter() - t1)
            reads.append(t1 - t0)
            size = len(out.getvalue())
        db.close()
    print(f"{REPORTS[kind].title}（{listed} 名在册党员）：读取 {statistics.median(reads):.2f} s，"
          f"生成 {statistics.median(builds):.2f} s，共 {pages} 页，{size / 1024 / 1024:.1f} MB（{runs} 次取中位数）")


if __name__ == "__main__":
    bench(10_400, "roster")          # about 10,000 在册 after the demo's 转出/去世
    bench(1_040, "member-form")      # about 1,000 forms
    bench(10_400, "statistics", runs=1)
    bench(10_400, "central-households", runs=1)
