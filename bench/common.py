"""What the bench scripts share: the demo database made once, a fresh process per timed run, the whole-process
timings and the floor they are compared with. Imported by the scripts beside it (`python bench/x.py` puts
bench/ on the path)."""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def ensure_demo(db: str, members: int) -> None:
    """The `main.py demo` database of `members` members (every area's demo data joins in), made when missing."""
    if not Path(db).exists():
        print(f"making a {members}-member demo database at {db} …", flush=True)
        subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", db, "demo", "--members", str(members)],
                       env=ENV, check=True)


def child_runs(script: str, db: str, runs: int = 3) -> list[list[str]]:
    """The words each fresh `script --db DB --child` process prints, one list a run."""
    return [subprocess.run([sys.executable, script, "--db", db, "--child"], env=ENV, check=True,
                           capture_output=True, text=True).stdout.split() for _ in range(runs)]


def median_of(runs: list[list[str]], i: int) -> float:
    return statistics.median(float(r[i]) for r in runs)


def timed(cmd: list[str]) -> float:
    """Seconds a whole process takes."""
    t = time.perf_counter()
    subprocess.run(cmd, env=ENV, check=True, capture_output=True)
    return time.perf_counter() - t


def command(db: str, *verb: str) -> list[str]:
    return [sys.executable, str(ROOT / "main.py"), "--db", db, *verb]


def count_floor(db: str) -> list[str]:
    """The floor of a whole-process figure: start Python, open the file with sqlite3, count the members."""
    return [sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]);"
            " print(c.execute('SELECT count(*) FROM members').fetchone()[0])", db]


def medians(*cmds: list[str], runs: int = 3) -> list[float]:
    """Each command's median over `runs` rounds, the commands alternating so each sees the same load."""
    times: list[list[float]] = [[] for _ in cmds]
    for _ in range(runs):
        for t, cmd in zip(times, cmds, strict=True):
            t.append(timed(cmd))
    return [statistics.median(t) for t in times]


def reminders_line(db: str) -> str:
    """`reminders --json` as a whole process, beside the floor and the program's own start (`town show`)."""
    r, f, t = medians(command(db, "reminders", "--json"), count_floor(db), command(db, "town", "show", "--json"))
    return (f"reminders --json, whole process: {r:.2f} s (goal ≤ 1 s); floor (python + sqlite3 count): {f:.2f} s, "
            f"ratio {r / f:.1f}×; the program's own start (`town show --json`): {t:.2f} s, ratio {r / t:.2f}×")
