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

from .importing import (  # noqa: E402
                      FOUR_ONES_COLUMNS,
                      LOG_COLUMNS,
                      ImportResult,
                      RowError,
                      four_ones_rows,
                      import_assistance_log,
                      import_four_ones,
)

__all__ += ["FOUR_ONES_COLUMNS", "LOG_COLUMNS", "ImportResult", "RowError", "four_ones_rows",
            "import_assistance_log", "import_four_ones"]

from .report_data import FourOnesData, SlotLine, VillageSheet, four_ones_data, four_ones_fetch  # noqa: E402

__all__ += ["FourOnesData", "SlotLine", "VillageSheet", "four_ones_data", "four_ones_fetch"]

from .demo import fill_demo  # noqa: E402
