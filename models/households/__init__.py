"""Party-member central households (党员中心户): designations with history, households (户) with type tags, the
links between them, visits, and the reminders. Other code reads this area only through this module."""
from __future__ import annotations

from .entities import (
           DEFAULT_METHOD,
           DIFFICULT,
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
from .migrations import MIGRATIONS
from .queries import (
           candidates,
           central_rows,
           designation_history,
           household_rows,
           linked_by_member,
           reminders,
           visit_months,
           visit_rows,
)
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
           unlink_household,
)

__all__ = ["DEFAULT_METHOD", "DIFFICULT", "MAX_LINKED", "MIGRATIONS", "MIN_LINKED", "TAGS", "VISIT_KINDS",
           "VISIT_MONTHS_SETTING", "CentralRow", "Household", "HouseholdError", "HouseholdRow", "Visit",
           "candidates", "central_rows", "check_day", "current_designation", "current_link", "designate",
           "designation_history", "end_designation", "end_for_member", "household_rows", "link_household",
           "linked_by_member",
           "parse_tags", "record_visit", "reminders", "save_household", "unlink_household", "visit_months",
           "visit_rows"]

from .figures import figures  # noqa: E402, F401  (the home page's figure)
