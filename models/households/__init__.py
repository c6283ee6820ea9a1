"""Party-member central households (党员中心户): designations with history, households (户) with type tags, the
links between them, visits, and the reminders. Other code reads this area only through this module."""
from __future__ import annotations

from typing import Any

from .entities import (
    DEFAULT_METHOD,
    DIFFICULT,
    DIFFICULT_ORDER,
    HOUSEHOLD_COLUMNS,
    MAX_LINKED,
    MIN_LINKED,
    TAGS,
    VISIT_COLUMNS,
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
    designation_rows,
    export_rows,
    household_rows,
    linked_by_member,
    reminders,
    village_of,
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
    designate_marked,
    end_designation,
    end_for_member,
    end_household,
    link_household,
    parse_tags,
    record_visit,
    save_household,
    set_tag_list,
    set_visit_months,
    tag_list,
    unlink_household,
    update_designation,
    void_visit,
)

__all__ = ["DEFAULT_METHOD", "DIFFICULT", "DIFFICULT_ORDER", "MAX_LINKED", "MIGRATIONS", "MIN_LINKED", "TAGS",
           "VISIT_KINDS", "village_of",
           "VISIT_MONTHS_SETTING", "HOUSEHOLD_COLUMNS", "VISIT_COLUMNS", "export_rows",
           "fill_demo", "import_households", "import_visits", "set_tag_list", "set_visit_months", "tag_list",
           "LinkedData", "LinkedGrid", "LinkedRow", "linked_households_data", "linked_households_fetch",
           "CentralRow", "Household", "HouseholdError", "HouseholdRow", "Visit",
           "candidates", "central_rows", "check_day", "current_designation", "current_link", "designate",
           "designate_marked",
           "designation_history", "designation_rows", "end_designation", "end_for_member", "end_household",
           "household_rows",
           "link_household",
           "linked_by_member",
           "parse_tags", "record_visit", "reminders", "save_household", "unlink_household", "update_designation",
           "visit_months",
           "visit_rows", "void_visit"]


# The imports and the demo load the spreadsheet engine: imported when called, so opening a database (which
# imports every area for its migrations) stays quick.
def import_households(db: Any, path: Any, **options: Any) -> Any:
    """models.households.household_import.import_households (an Outcome)."""
    from .household_import import import_households as run
    return run(db, path, **options)


def import_visits(db: Any, path: Any, **options: Any) -> Any:
    """models.households.visit_import.import_visits (an Outcome)."""
    from .visit_import import import_visits as run
    return run(db, path, **options)


def fill_demo(db: Any, rng: Any, today: Any) -> dict[str, int]:
    """models.households.demo.fill_demo: the demo town's central households, households and visits."""
    from .demo import fill_demo as fill
    return fill(db, rng, today)


from .figures import figures  # noqa: E402, F401  (the home page's figure)
