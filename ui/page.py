"""Page: the base of every page in the main window.

A page declares the tables it shows (`watches`); when a write touches one of them (DataEvents.changed) a visible
page refreshes at once, a hidden one only notes it is stale and refreshes once when it is next shown. A page
that shows something no table records (files on disk: the backup list) sets `refresh_on_show`.
Subclasses implement `on_data_changed(tables)`; `tables` says what changed (EVERYTHING after a restore, or on
first show).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from models.db import LedgerDB
from ui.events import EVERYTHING, DataEvents

# Navigation between pages (a window signal, never one area importing another): "the members of this village
# without a grid" is the grid id NO_GRID.
NO_GRID = -1
T = TypeVar("T")


class Page(QWidget):
    watches: frozenset[str] = frozenset()
    refresh_on_show = False

    def __init__(self, db: LedgerDB, events: DataEvents | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.events = events
        self._stale: set[str] = set()
        self._stale_all = False
        if events is not None:
            events.changed.connect(self._on_changed)

    def _on_changed(self, tables: frozenset[str]) -> None:
        if tables is not EVERYTHING and not (tables & self.watches):
            return
        if self.isVisible():
            self.on_data_changed(tables)
        elif tables is EVERYTHING:
            self._stale_all = True
        else:
            self._stale |= tables & self.watches

    def is_stale(self) -> bool:
        return self._stale_all or bool(self._stale)

    def write(self, parent: QWidget | None, op: Callable[[], T], then: Callable[[T], object] | None = None) -> bool:
        """The one write path (DataEvents.write): a refusal is shown over `parent`, which stays open with what
        was typed; a success announces the tables it touched once. A page made without the window's events (a
        preview, a test) gets events of its own, which refresh only this page."""
        if self.events is None:
            self.events = DataEvents(self.db, self)
            self.events.changed.connect(self._on_changed)
        return self.events.write(parent, op, then)

    def is_loading(self) -> bool:
        """True while the page is still getting its data (a page that loads in a worker thread says so)."""
        return False

    def mark_stale(self) -> None:
        """Refresh everything when next shown (a page built before its first show, a new user)."""
        self._stale_all = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not (self._stale_all or self._stale or self.refresh_on_show):
            return
        tables: frozenset[str] = EVERYTHING if self._stale_all or self.refresh_on_show else frozenset(self._stale)
        self._stale.clear()
        self._stale_all = False
        self.on_data_changed(tables)

    def on_data_changed(self, tables: frozenset[str]) -> None:
        """Show current data for what changed; subclasses override."""
