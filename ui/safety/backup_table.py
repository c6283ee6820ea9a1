"""The list of backups on the 备份与恢复 page and the threads the page runs its work in.

`BackupTableModel` shows each backup's time, kind, size and whether it is sound; `Verifier` checks the listed
copies with PRAGMA quick_check in the background (each file once, remembered by path, size and time);
`Job` runs one copy/inspect/restore and reports progress, the result or a Chinese error.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    Qt,
    QThread,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from models.audit import PermissionDenied
from models.backup import BackupEntry, BackupError, size_text
from models.health import quick_check
from models.restore import RestoreError
from ui import workers
from ui.list_model import RowsTableModel


class BackupTableModel(RowsTableModel[BackupEntry]):
    HEADERS = ("备份时间", "类型", "大小", "状态", "文件名")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(None, parent)
        self.checked: dict[Path, bool] = {}  # path -> passed PRAGMA quick_check; missing while checking

    @property
    def entries(self) -> list[BackupEntry]:
        return self.rows

    def set_entries(self, entries: list[BackupEntry], checked: dict[Path, bool]) -> None:
        self.checked = dict(checked)
        self.set_rows(entries)

    def set_checked(self, path: Path, ok: bool) -> None:
        self.checked[path] = ok
        for row, e in enumerate(self.entries):
            if e.path == path:
                self.dataChanged.emit(self.index(row, 3), self.index(row, 3))

    def status(self, e: BackupEntry) -> str:
        if e.encrypted:
            return "已加密"
        ok = self.checked.get(e.path)
        return "检查中…" if ok is None else "完好" if ok else "已损坏"

    def cell(self, e: BackupEntry, row_number: int, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            cells = (e.when.strftime("%Y-%m-%d %H:%M"), e.kind, size_text(e.size), self.status(e), e.path.name)
            return cells[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == 3:
            ok = self.checked.get(e.path)
            return QColor("#777777" if ok is None else "#1b5e20" if ok else "#b00020")
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(e.path)
        return None


class Job(QThread):
    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, work: Callable[[Callable[[int, int], None]], object]) -> None:
        super().__init__()
        self.work = work

    def run(self) -> None:
        try:
            result = self.work(lambda done, total: self.progressed.emit(done, total))
        except (BackupError, RestoreError, PermissionDenied) as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # shown to the clerk, never a traceback
            self.failed.emit(f"意外错误：{exc}")
        else:
            self.succeeded.emit(result)


CHECKED: dict[tuple[str, int, float], bool] = {}  # (path, size, mtime) -> sound; a file is checked once


def file_key(path: Path) -> tuple[str, int, float]:
    st = path.stat()
    return str(path), st.st_size, st.st_mtime


class Verifier(QThread):
    """Runs PRAGMA quick_check on each listed backup so the list shows which copies are really sound."""
    checked = Signal(object, bool)

    def __init__(self, paths: list[Path]) -> None:
        super().__init__()
        self.paths = paths

    def run(self) -> None:
        for path in self.paths:
            if self.isInterruptionRequested():
                return
            try:
                key = file_key(path)
            except OSError:
                continue
            ok = not quick_check(path)
            CHECKED[key] = ok
            self.checked.emit(path, ok)


# Threads are kept here, not owned by the page: closing the window while a copy runs must neither destroy a
# running QThread (Qt aborts the program) nor cut the copy short. The program waits for them when it quits.
_THREADS: list[QThread] = []
_waits_on_quit = False


def start_thread(thread: QThread) -> None:
    global _waits_on_quit
    for t in list(_THREADS):
        if t.isFinished():
            t.wait()
            _THREADS.remove(t)
    app = QCoreApplication.instance()
    if app is not None and not _waits_on_quit:
        app.aboutToQuit.connect(wait_for_threads)
        _waits_on_quit = True
    # a verification stops early when the window closes; a copy or a restore runs to its end
    if workers.start(thread, thread.requestInterruption if isinstance(thread, Verifier) else None):
        _THREADS.append(thread)


def wait_for_threads() -> None:
    """Let running copies finish (a verification stops early)."""
    for t in list(_THREADS):
        if isinstance(t, Verifier):
            t.requestInterruption()
        t.wait()
    _THREADS.clear()
