"""Building a report off the GUI thread, and a safe way to emit Qt signals from Python.

PySide6 6.12.0's SignalInstance.emit() returns True without owning a reference: every emit from Python lowers
True's reference count by one until the interpreter aborts ("Fatal Python error: bool_dealloc"). A 580-page
build that emitted one progress signal per page crashed the program at exit. So the worker thread emits no
signals of its own (the page polls it and reads the outcome on QThread.finished, which C++ emits), and emit()
gives the reference back when the running PySide6 takes it.
"""
from __future__ import annotations

import ctypes
import io
import sys
import time
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import QWidget

from reports import render
from reports.fonts import FontNotFound
from reports.styles import ReportCancelled, ReportOptions, ReportTooLarge


def _emit_leaks_true() -> bool:
    """PySide6 6.12.0: SignalInstance.emit() returns True without owning a reference, so every emit from Python
    lowers True's reference count by one until the interpreter aborts ("bool_dealloc"). Detect it once."""
    probe = _Probe()
    before = sys.getrefcount(True)
    probe.ping.emit()
    leaks = sys.getrefcount(True) < before
    if leaks:
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    return leaks


class _Probe(QObject):
    ping = Signal()


_EMIT_LEAKS_TRUE: bool | None = None


def emit(signal: Any, *args: Any) -> None:
    """signal.emit(*args), giving back the reference PySide6 6.12.0 takes from True (see _emit_leaks_true)."""
    global _EMIT_LEAKS_TRUE
    if _EMIT_LEAKS_TRUE is None:
        _EMIT_LEAKS_TRUE = _emit_leaks_true()
    result = signal.emit(*args)
    if _EMIT_LEAKS_TRUE:
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))


class ReportThread(QThread):
    """Builds one PDF off the GUI thread. It emits no signals of its own (see emit()): the page polls `page`
    and reads the outcome when QThread.finished arrives. cancel() makes the next page raise ReportCancelled."""

    def __init__(self, kind: str, data: Any, options: ReportOptions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind, self.data, self.options = kind, data, options
        self._cancel = False
        self.page = 0
        self.pdf: bytes | None = None
        self.pages = 0
        self.error = ""
        self.cancelled = False

    def cancel(self) -> None:
        self._cancel = True

    def _on_page(self, number: int) -> None:
        if self._cancel:
            raise ReportCancelled
        self.page = number
        time.sleep(0)  # let the window run between pages (progress, 取消, closing): ReportLab holds the GIL

    def run(self) -> None:
        out = io.BytesIO()
        try:
            self.pages = render(self.kind, self.data, out, replace(self.options, on_page=self._on_page))
        except ReportCancelled:
            self.cancelled = True
        except (FontNotFound, ReportTooLarge) as exc:
            self.error = str(exc)
        except Exception as exc:  # noqa: BLE001 — shown to the clerk rather than lost in a thread
            self.error = f"生成报表时出错：{exc}"
        else:
            self.pdf = out.getvalue()
