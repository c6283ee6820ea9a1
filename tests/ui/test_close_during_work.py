"""Closing the window while work runs in a thread: the work is cancelled (or, for a backup, ends) and the
program exits 0 — never "QThread: Destroyed while thread is still running" (SIGABRT, exit 134).

Each case runs the real window in its own process (tests/ui/close_during_work.py) on a 600-member demo; a hook
holds the worker so the window really closes while the thread runs.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_cli import ROOT, cli


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("close") / "demo.db"
    assert cli("--db", str(path), "demo", "--members", "600").returncode == 0
    return path


def close_during(kind: str, db: Path, out_dir: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-m", "tests.ui.close_during_work", kind, str(db), str(out_dir)],
                          capture_output=True, text=True, env=env, timeout=120, cwd=ROOT)


@pytest.mark.parametrize(("kind", "worker", "outcome"), [
    ("members", "_Loader", ""),                                  # the 党员 page's background load
    ("report", "ReportThread", "report finished=True cancelled=True"),  # 预览 of 600 采集表
    ("import", "QThread", ""),                                   # the import dialog reading a roster
    ("export", "QThread", "exported: False"),                    # 导出… : cancelled, no file written
    ("backup", "Job", "backups: 1"),                             # 立即备份 : one transaction, runs to its end
])
def test_closing_the_window_while_work_runs_exits_0(demo: Path, tmp_path: Path, kind: str, worker: str,
                                                    outcome: str) -> None:
    done = close_during(kind, demo, tmp_path)
    said = f"stdout:\n{done.stdout}\nstderr:\n{done.stderr}"
    assert done.returncode == 0, said
    running = next(line for line in done.stdout.splitlines() if line.startswith("running: "))
    assert f"'{worker}'" in running, said  # the window closed while the thread ran
    assert "still running: 0" in done.stdout, said
    assert "Destroyed while thread" not in done.stderr, said
    assert outcome in done.stdout, said
