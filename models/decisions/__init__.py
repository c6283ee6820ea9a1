"""The decisions area's public API (村级事务决策 “五议一审两公开”): the town's procedure with its versions, the
decision items (议事事项) and the record of each step, the checks that flag a step (quorum, majorities, votes
against attendance, order by date, 公开 before the decision) without refusing it, the spreadsheet, the printed
register's data, the demo records and the reminder. Other code reads the area only through here.

Reminder kinds:
- `decision_flagged`: a recorded step of an item fails a check of its procedure; one per step, the reason names
  the item, the step and what is wrong; date: the step's date.
"""
from __future__ import annotations

from .demo import fill_demo
from .items import (
    Item,
    ItemDetail,
    Procedure,
    clear_step,
    delete_item,
    item_detail,
    items,
    procedure,
    record_step,
    save_item,
    save_procedure,
)
from .migrations import MIGRATIONS, TABLES
from .queries import Register, RegisterData, StepLine, register_data, register_fetch, reminders
from .rules import (
    DEFAULT_STEPS,
    FLAGGED,
    KINDS,
    MEETING,
    NOTE,
    PARTY,
    PUBLISH,
    REVIEW,
    RULES,
    STAGES,
    VILLAGERS,
    DecisionError,
    StepRecord,
    check,
    match_step,
)
from .sheets import COLUMNS, ImportResult, SheetRefused, decision_rows, import_decisions

__all__ = [
    "COLUMNS", "DEFAULT_STEPS", "FLAGGED", "KINDS", "MEETING", "MIGRATIONS", "NOTE", "PARTY", "PUBLISH", "REVIEW",
    "RULES", "STAGES", "TABLES", "VILLAGERS", "DecisionError", "ImportResult", "Item", "ItemDetail", "Procedure",
    "Register", "RegisterData", "SheetRefused", "StepLine", "StepRecord", "check", "clear_step", "decision_rows",
    "delete_item", "fill_demo", "import_decisions", "item_detail", "items", "match_step", "procedure",
    "record_step", "register_data", "register_fetch", "reminders", "save_item", "save_procedure",
]
