"""DataEvents: the window's one write path and its one signal.

Every write the window makes goes through `events.write(parent, op, then)`: it runs the models/ call `op`; a
refusal (models.errors.Refused) is shown in Chinese over `parent` — a dialog stays open with what was typed —
and `write` returns False; a success emits `changed(tables)` once, naming the tables the write touched, read back
from its audit rows (so a write made by a worker thread, or by another process, is seen the same way).

`changed` carries a frozenset of table names, or `EVERYTHING` (a restore replaced the whole file). Pages do not
listen to it themselves: ui/page.py's Page base declares the tables a page watches and refreshes it once.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from models.audit import last_audit_id, tables_changed_since
from models.db import LedgerDB
from models.errors import Refused

T = TypeVar("T")


class _Everything(frozenset[str]):
    """Every table: intersects with any set a page watches; a page that watches EVERYTHING (the home page:
    any write may change a figure or a reminder) follows every write."""

    def __and__(self, other: object) -> frozenset[str]:  # type: ignore[override]
        return frozenset(other) if isinstance(other, (set, frozenset)) else frozenset()

    __rand__ = __and__  # a plain set & EVERYTHING: the set

    def __contains__(self, item: object) -> bool:
        return True

    def __repr__(self) -> str:
        return "EVERYTHING"


EVERYTHING: frozenset[str] = _Everything()


class DataEvents(QObject):
    changed = Signal(object)  # frozenset[str]: the tables a write touched, or EVERYTHING

    def __init__(self, db: LedgerDB | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.seen = last_audit_id(db) if db is not None else 0
        self._version = -1
        self._timer: QTimer | None = None

    def write(self, parent: QWidget | None, op: Callable[[], T],
              then: Callable[[T], object] | None = None) -> bool:
        """Run op; show a refusal over parent and return False; on success emit changed once, then call then."""
        from ui import messages
        try:
            result = op()
        except Refused as exc:
            messages.error(parent, str(exc))
            return False
        self.announce()
        if then is not None:
            then(result)
        return True

    def announce(self, tables: frozenset[str] | None = None) -> None:
        """Emit changed for what the audit log shows since the last announcement (or for the given tables)."""
        if tables is None:
            if self.db is None:
                return
            found = tables_changed_since(self.db, self.seen)
            self.seen = last_audit_id(self.db)
            if not found:
                return
            tables = frozenset(found)
        elif tables is EVERYTHING and self.db is not None:
            self.seen = last_audit_id(self.db)
        self.changed.emit(tables)

    def everything_changed(self) -> None:
        """The whole file was replaced (restore): every page is stale."""
        self.announce(EVERYTHING)

    # ---- writes made by another process (the command line beside an open window) ---------------------------
    def watch_outside(self, interval_ms: int = 3000) -> None:
        """Poll PRAGMA data_version (it changes only when another connection commits) and announce what the
        other process's audit rows name."""
        if self.db is None or self._timer is not None:
            return
        self._version = self._data_version()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check_outside)
        self._timer.start(interval_ms)

    def _data_version(self) -> int:
        assert self.db is not None
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    def check_outside(self) -> None:
        if self.db is None:
            return
        try:
            version = self._data_version()
        except sqlite3.Error:  # the file went away (a restore in progress): the next tick sees it
            return
        if version != self._version:
            self._version = version
            self.announce()
