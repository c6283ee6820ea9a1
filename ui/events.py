"""DataEvents: after a successful write the caller emits one signal; views refresh from it."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class DataEvents(QObject):
    records_changed = Signal()        # members added, edited, moved, status changed, imported
    organization_changed = Signal()   # town, villages or grids changed
    town_changed = Signal()
