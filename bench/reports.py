"""Speed of the printed forms on demo towns in temporary databases: the whole-town 花名册 of about 10,000 members
(goal: at most 1.5 s on an unloaded machine, and close to the floor), 1,000 采集表, the 统计汇总表 and the 中心户名册.
Prints the time to read the data, to build the PDF, the pages and the size.

The 花名册 is also given as a ratio to a floor measured in the same run: the same rows (the same strings, already
made) as bare ReportLab tables, one per page of the same row count, with nothing but the embedded font — what any
PDF of these rows costs on this machine at this moment. Run: `python bench/reports.py [--roster-only]`."""
from __future__ import annotations

import datetime as dt
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.lib.pagesizes import A4, landscape  # noqa: E402
from reportlab.platypus import PageBreak, SimpleDocTemplate, Table  # noqa: E402

from models import report_data  # noqa: E402
from models.db import open_database  # noqa: E402
from models.demo import fill_demo  # noqa: E402
from reports import REPORTS, fetch, render  # noqa: E402
from reports.fonts import register_cjk_font  # noqa: E402
from reports.roster import roster_rows  # noqa: E402
from reports.styles import ReportOptions  # noqa: E402

TODAY = dt.date(2026, 11, 26)
ROWS_PER_PAGE = 29  # what a roster page holds with one-line rows


def floor(data: report_data.RosterData) -> float:
    """Seconds to write the roster's rows as bare ReportLab tables (no style but the font)."""
    font = register_cjk_font(None)
    rows = [list(r.cells) for r in roster_rows(data, False) if r.kind == "data"]
    t0 = time.perf_counter()
    story = []
    for i in range(0, len(rows), ROWS_PER_PAGE):
        if i:
            story.append(PageBreak())
        story.append(Table(rows[i:i + ROWS_PER_PAGE], style=[("FONT", (0, 0), (-1, -1), font, 9)]))
    SimpleDocTemplate(io.BytesIO(), pagesize=landscape(A4), invariant=1).build(story)
    return time.perf_counter() - t0


def bench(db_members: int, kind: str, runs: int = 3) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder) / "bench.db")
        fill_demo(db, db_members, today=TODAY)
        listed = db.execute("SELECT count(*) FROM members WHERE status = '在册'").fetchone()[0]
        reads, builds, cpus, floors, pages, size = [], [], [], [], 0, 0
        for _ in range(runs):
            t0 = time.perf_counter()
            data = fetch(db, kind, report_data.Scope(), today=TODAY)
            t1, c1 = time.perf_counter(), time.process_time()
            out = io.BytesIO()
            pages = render(kind, data, out, ReportOptions(printed_on=TODAY))
            builds.append(time.perf_counter() - t1)
            cpus.append(time.process_time() - c1)  # steadier than the wall clock on a shared machine
            reads.append(t1 - t0)
            size = len(out.getvalue())
            if kind == "roster":
                floors.append(floor(data))  # interleaved, so both see the same load on the machine
        db.close()
    build = statistics.median(builds)
    print(f"{REPORTS[kind].title}（{listed} 名在册党员）：读取 {statistics.median(reads):.2f} s，"
          f"生成 {build:.2f} s（CPU {statistics.median(cpus):.2f} s），共 {pages} 页，"
          f"{size / 1024 / 1024:.1f} MB（{runs} 次取中位数）")
    if floors:
        low = statistics.median(floors)
        print(f"  底线（同样的行写成无样式的 ReportLab 表格）{low:.2f} s，花名册为底线的 {build / low:.2f} 倍"
              f"（目标：生成 ≤ 1.5 s）")


if __name__ == "__main__":
    bench(10_400, "roster")          # about 10,000 在册 after the demo's 转出/去世
    if "--roster-only" not in sys.argv:
        bench(1_040, "member-form")      # about 1,000 forms
        bench(10_400, "statistics", runs=1)
        bench(10_400, "central-households", runs=1)
