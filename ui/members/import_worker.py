"""Long roster work off the GUI thread: a QThread running one step on its own SQLite connection.

A step is `step(db, progress=..., cancelled=...)`; its return value arrives through `done`, a Chinese reason
through `failed`. An in-memory database cannot be opened twice, so there the step runs on the caller's thread.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from models.audit import PermissionDenied
from models.db import DatabaseBusy, LedgerDB, database_path, open_same
from models.importing import ImportCancelled, ImportFileError
from ui import workers

Step = Callable[..., Any]
_STILL_RUNNING: list[tuple[Any, Any]] = []  # a QThread must never be destroyed while it runs


class Job(QObject):
    """Runs one step on its own connection (opened and closed in the worker thread)."""
    progress = Signal(str, int, int)
    done = Signal(object)
    failed = Signal(str)

    def __init__(self, db: LedgerDB, step: Step) -> None:
        super().__init__()
        self.db = db
        self.db_file = database_path(db)
        self.step = step
        self.cancel = threading.Event()

    @Slot()
    def run(self) -> None:
        try:
            if not self.db_file:
                out = self.step(self.db, progress=self.progress.emit, cancelled=self.cancel.is_set)
            else:
                db = open_same(self.db, self.db_file)
                try:
                    out = self.step(db, progress=self.progress.emit, cancelled=self.cancel.is_set)
                finally:
                    db.close()
        except (ImportFileError, ImportCancelled, PermissionDenied, DatabaseBusy) as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # the clerk gets a reason, never a crash
            self.failed.emit(f"处理时出错：{type(exc).__name__}：{exc}")
        else:
            self.done.emit(out)


class Worker(QObject):
    """One job at a time; `finished` comes after done/failed, when the thread has ended."""
    finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.job: Job | None = None
        self._thread: QThread | None = None

    @property
    def busy(self) -> bool:
        return self.job is not None

    def start(self, db: LedgerDB, step: Step, on_done: Callable[[Any], None], on_failed: Callable[[str], None],
              on_progress: Callable[[str, int, int], None] | None = None) -> None:
        job = Job(db, step)
        job.done.connect(on_done)
        job.failed.connect(on_failed)
        if on_progress:
            job.progress.connect(on_progress)
        self.job = job
        if not job.db_file:
            job.run()
            self.job = None
            self.finished.emit()
            return
        thread = QThread()
        job.moveToThread(thread)
        thread.started.connect(job.run)
        job.done.connect(thread.quit)
        job.failed.connect(thread.quit)
        thread.finished.connect(self._ended)
        self._thread = thread
        def stop() -> None:  # the thread's event loop ends once the step returns (thread.quit is thread-safe)
            job.cancel.set()
            thread.quit()
        if not workers.start(thread, stop):  # the window is closing: the step never runs
            self._thread = None
            self._ended()

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel.set()

    def _ended(self) -> None:
        self._thread, self.job = None, None
        self.finished.emit()

    def stop(self, timeout_ms: int = 10000) -> None:
        """Cancel and wait for the thread (closing a window)."""
        self.cancel()
        if self._thread is not None:
            self._thread.quit()
            if not self._thread.wait(timeout_ms):
                _STILL_RUNNING.append((self._thread, self.job))
            self._thread, self.job = None, None
            self.finished.emit()  # a caller's event loop (run_with_progress) ends too


def run_with_progress(parent: QWidget | None, db: LedgerDB, label: str, step: Step) -> tuple[Any, str]:
    """Run a step in a worker while a cancellable progress dialog keeps the window alive.

    Returns (result, "") or (None, reason)."""
    dialog = QProgressDialog(label, "取消", 0, 0, parent)
    dialog.setWindowTitle("请稍候")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)
    loop = QEventLoop()
    worker = Worker()
    out: dict[str, Any] = {"result": None, "error": ""}
    worker.finished.connect(loop.quit)
    dialog.canceled.connect(worker.cancel)
    worker.start(db, step, lambda r: out.update(result=r), lambda e: out.update(error=e))
    if worker.busy:
        loop.exec()
    worker.stop()  # the program quitting ends the loop early: stop the work, never leave the thread running
    dialog.close()
    dialog.deleteLater()
    if workers.stopping():
        return None, ""  # the window closed: the work was cancelled, nothing to tell
    return out["result"], out["error"]
