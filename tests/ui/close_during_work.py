"""Run by test_close_during_work.py in a process of its own: the main window on DB, one kind of work started
and held by a hook (so the window closes while the worker thread really runs), the window closed, and the
process's exit status is app.exec()'s. Prints what became of the work.

    python -m tests.ui.close_during_work KIND DB OUT_DIR     KIND: members report import export backup
"""
from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, QTimer  # noqa: E402

from models.db import open_database  # noqa: E402
from models.importing import ImportCancelled  # noqa: E402
from ui import file_dialogs, workers  # noqa: E402
from ui.app import make_app  # noqa: E402
from ui.areas import install_areas  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.members import import_dialog, roster_io  # noqa: E402
from ui.members import page as members_page  # noqa: E402
from ui.safety import backup_page  # noqa: E402

HOLD_S = 30  # a worker never waits longer than this for the window to close (then the test fails on time)
started, release = threading.Event(), threading.Event()


def held(real: Any) -> Any:
    """`real`, but the worker waits first until the window starts closing (or 0.3 s after it did)."""
    def hook(*args: Any, **kwargs: Any) -> Any:
        started.set()
        release.wait(HOLD_S)
        return real(*args, **kwargs)
    return hook


def held_until_cancelled(*_args: Any, cancelled: Any, **_kwargs: Any) -> Any:
    started.set()
    deadline = time.monotonic() + HOLD_S
    while not cancelled() and time.monotonic() < deadline:
        time.sleep(0.01)
    raise ImportCancelled("已取消")


def main(kind: str, db_path: Path, out_dir: Path) -> int:
    app = make_app()
    db = open_database(db_path)
    window = MainWindow(db, remember=False)
    install_areas(window, db_path)
    window.closed.connect(app.quit, Qt.ConnectionType.QueuedConnection)  # as ui.app.run_window
    window.show()
    after: list[Any] = []

    def begin() -> None:
        if kind == "members":
            members_page.THREAD_THRESHOLD = 0
            members_page.member_cache_rows = held(members_page.member_cache_rows)  # type: ignore[assignment]
            window.members_page.reload()
        elif kind == "report":
            from ui.printing import report_worker
            real_on_page = report_worker.ReportThread._on_page

            def slow_page(self: Any, number: int) -> None:  # a long report: hold it at page 2
                real_on_page(self, number)
                if number == 2:
                    started.set()
                    release.wait(HOLD_S)
            report_worker.ReportThread._on_page = slow_page  # type: ignore[method-assign]
            page: Any = window.page("reports")
            page.kind_box.setCurrentIndex(page.kind_box.findData("member-form"))
            page.make_preview()
            after.append(page.worker)
        elif kind == "import":
            import_dialog.prepare_import = held_until_cancelled  # type: ignore[assignment]
            dialog = import_dialog.ImportDialog(db, window)
            dialog.load(out_dir / "名册.xlsx")
            dialog.exec()  # modal, as the 导入… button opens it
        elif kind == "export":
            file_dialogs.dialogs.save_file = lambda *_a: str(out_dir / "导出.xlsx")  # type: ignore[method-assign]
            from ui.dialogs import Dialogs
            Dialogs.runner = lambda dialog: True  # 导出党员名册's password question: not encrypted (no accounts)
            roster_io.search_members = held(roster_io.search_members)  # type: ignore[assignment]
            roster_io.export_members(window, db, window.members_page.current_query())
        elif kind == "backup":
            backup_page.manual_backup = held(backup_page.manual_backup)  # type: ignore[assignment]
            page = window.page("backup")
            after.append(page.folder())
            page.backup_now()

    def close_when_running() -> None:
        report = after[0] if kind == "report" else None
        if started.is_set():
            print(f"running: {[type(t).__name__ for t in workers.running()]}", flush=True)
            threading.Timer(0.3, release.set).start()
            window.close()
            if report is not None:  # closeEvent has cancelled it and waited for it
                print(f"report finished={report.isFinished()} cancelled={report.cancelled}", flush=True)
        else:
            QTimer.singleShot(10, close_when_running)

    QTimer.singleShot(0, begin)
    QTimer.singleShot(10, close_when_running)
    status = app.exec()
    if kind == "backup":
        print(f"backups: {len(list(after[0].glob('*.db')))}", flush=True)
    if kind == "export":
        print(f"exported: {(out_dir / '导出.xlsx').exists()}", flush=True)
    print(f"still running: {len(workers.running())}", flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])))
