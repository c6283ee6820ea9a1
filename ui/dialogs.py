"""Running a modal dialog through one helper, so tests can fill it in and press its buttons instead of blocking.

Tests set `Dialogs.runner` to a callable that receives the dialog, works it (types, clicks) and returns whether it
was accepted (a form that returns True without pressing 确定 is then accepted as if it had been, so its save
runs); in the program `run()` simply calls `exec()`.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog


class Dialogs:
    runner: Callable[[QDialog], bool] | None = None


def run(dialog: QDialog) -> bool:
    if Dialogs.runner is not None:
        accepted = Dialogs.runner(dialog)
        if accepted and dialog.result() != QDialog.DialogCode.Accepted and hasattr(dialog, "on_save"):
            dialog.accept()  # as if 确定 was pressed: a form saves through its on_save and may stay open
            accepted = dialog.result() == QDialog.DialogCode.Accepted
        dialog.hide()
        return accepted
    return dialog.exec() == QDialog.DialogCode.Accepted
