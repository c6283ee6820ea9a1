"""The assistance area (四个一帮扶): village classes and stars per year, the "four ones" slots of each 强基 village
with their history, the work log, coverage at a glance and reminders. Other code reads the area only from here."""
from __future__ import annotations

from .classes import (
                      CLASSES,
                      WEAK,
                      AssistanceError,
                      VillageYear,
                      check_year,
                      copy_classes,
                      get_year,
                      set_class,
                      set_classes,
                      start_year_from,
                      village_history,
                      year_classes,
)
from .coverage import (
                      NO_LOG_DAYS,
                      POSTING_NOTICE_DAYS,
                      Cell,
                      Matrix,
                      Row,
                      class_year,
                      figures,
                      matrix,
                      posting_ends_within,
                      reminders,
                      silent,
)
from .migrations import MIGRATIONS
from .slots import (
                      FORMS,
                      KIND_NAMES,
                      KINDS,
                      LogEntry,
                      Person,
                      Slot,
                      add_log,
                      assign,
                      copy_year,
                      get_slot,
                      holder,
                      known_people,
                      slot_history,
                      slot_logs,
                      update_slot,
                      village_logs,
)

__all__ = [
    "CLASSES", "FORMS", "KINDS", "KIND_NAMES", "MIGRATIONS", "NO_LOG_DAYS", "POSTING_NOTICE_DAYS", "WEAK",
    "AssistanceError", "Cell", "LogEntry", "Matrix", "Person", "Row", "Slot", "VillageYear", "add_log", "assign",
    "check_year", "class_year", "figures", "fill_demo",
    "copy_classes", "copy_year", "get_slot", "get_year", "holder", "known_people",
    "matrix", "posting_ends_within", "reminders", "set_class", "set_classes", "silent", "slot_history",
    "slot_logs", "start_year_from", "update_slot", "village_history", "village_logs", "year_classes",
]

# The import engine, the report data and the demo load on first use (`reminders` and every start of the program
# import this package to open the database; they need none of them).
_LAZY = {
    "importing": ("FOUR_ONES_COLUMNS", "LOG_COLUMNS", "ImportResult", "RowError", "four_ones_rows",
                  "import_assistance_log", "import_four_ones"),
    "report_data": ("FourOnesData", "SlotLine", "VillageSheet", "four_ones_data", "four_ones_fetch"),
    "demo": ("fill_demo",),
}
_WHERE = {name: module for module, names in _LAZY.items() for name in names}
__all__ += [n for n in _WHERE if n not in __all__]


def __getattr__(name: str) -> object:
    if name not in _WHERE:
        raise AttributeError(f"module 'models.assistance' has no attribute {name!r}")
    import importlib
    value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    globals()[name] = value
    return value
