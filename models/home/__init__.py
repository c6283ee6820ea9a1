"""The office at a glance (首页): key figures and chart series from aggregates, and the reminders list with the
ones the clerk marked handled. Other code reads this area only through this module."""
from __future__ import annotations

from .handled import Handled, HandledError, current, mark_handled, reminder_key, split, unmark
from .migrations import MIGRATIONS
from .stats import AREA_FIGURES, Stats, member_ids, stats

__all__ = ["AREA_FIGURES", "MIGRATIONS", "Handled", "HandledError", "Stats", "current", "mark_handled",
           "member_ids", "reminder_key", "split", "stats", "unmark"]
