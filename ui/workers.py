"""Every worker thread of the window in one place, so that closing the window stops them all.

Qt aborts the whole program ("QThread: Destroyed while thread is still running", exit 134) when a QThread that
still runs is destroyed: a page's loader or report builder goes when the window goes. So every worker starts
through `start(thread, cancel)`, and closing the main window (or quitting) calls `stop_all()`: it asks each
worker to cancel (a report, an import or an export stops at its next step; a backup copy or a restore is one
transaction and runs to its end; the member load ends its one read) and waits for every one of them. From then
on `start` refuses new work, so nothing starts behind the closing window; `reopen()` (a new main window) allows it
again.
"""
from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QThread

Cancel = Callable[[], object]

_running: list[tuple[QThread, Cancel | None]] = []
_stopping = False


def _prune() -> None:
    """Forget threads that ended (or whose Qt object is gone)."""
    _running[:] = [(t, c) for t, c in _running if shiboken6.isValid(t) and not t.isFinished()]


def start(thread: QThread, cancel: Cancel | None = None) -> bool:
    """Start `thread` and keep it until it ends. False (not started) once the window is closing."""
    _prune()
    if _stopping:
        return False
    _running.append((thread, cancel))
    thread.start()
    return True


def running() -> list[QThread]:
    """The worker threads that still run."""
    _prune()
    return [t for t, _ in _running if t.isRunning()]


def stopping() -> bool:
    """True while (and after) the window closes: work that ends now was cancelled, not failed."""
    return _stopping


def stop_all() -> None:
    """Cancel every worker, then wait for each to end (the window is closing or the program quits)."""
    global _stopping
    _stopping = True
    _prune()
    for thread, cancel in list(_running):
        if cancel is not None and shiboken6.isValid(thread):
            cancel()
    for thread, _ in list(_running):
        if shiboken6.isValid(thread):
            thread.wait()
    _running.clear()


def reopen() -> None:
    """A new main window: work may start again."""
    global _stopping
    _stopping = False
