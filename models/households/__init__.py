"""Party-member central households (党员中心户): designations with history, households (户) with type tags, the
links between them, visits, and the reminders. Other code reads this area only through this module."""
from __future__ import annotations

from .demo import fill_demo
from .entities import (
           DEFAULT_METHOD,
           DIFFICULT,
           DIFFICULT_ORDER,
           MAX_LINKED,
           MIN_LINKED,
           TAGS,
           VISIT_KINDS,
           VISIT_MONTHS_SETTING,
           CentralRow,
           Household,
           HouseholdRow,
           Visit,
)
from .import_households import import_households
from .import_visits import import_visits
from .migrations import MIGRATIONS
from .queries import (
           candidates,
           central_rows,
           designation_history,
           export_rows,
           household_rows,
           linked_by_member,
           reminders,
           visit_months,
           visit_rows,
)
from .report_data import LinkedData, LinkedGrid, LinkedRow, linked_households_data, linked_households_fetch
from .rules import (
           HouseholdError,
           check_day,
           current_designation,
           current_link,
           designate,
           end_designation,
           end_for_member,
           link_household,
           parse_tags,
           record_visit,
           save_household,
           set_tag_list,
           tag_list,
           unlink_household,
)
from .sheets import HOUSEHOLD_COLUMNS, VISIT_COLUMNS, Outcome

__all__ = ["DEFAULT_METHOD", "DIFFICULT", "DIFFICULT_ORDER", "MAX_LINKED", "MIGRATIONS", "MIN_LINKED", "TAGS",
           "VISIT_KINDS",
           "VISIT_MONTHS_SETTING", "HOUSEHOLD_COLUMNS", "VISIT_COLUMNS", "Outcome", "export_rows",
           "fill_demo", "import_households", "import_visits", "set_tag_list", "tag_list",
           "LinkedData", "LinkedGrid", "LinkedRow", "linked_households_data", "linked_households_fetch",
           "CentralRow", "Household", "HouseholdError", "HouseholdRow", "Visit",
           "candidates", "central_rows", "check_day", "current_designation", "current_link", "designate",
           "designation_history", "end_designation", "end_for_member", "household_rows", "link_household",
           "linked_by_member",
           "parse_tags", "record_visit", "reminders", "save_household", "unlink_household", "visit_months",
           "visit_rows"]
