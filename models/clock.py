"""The one clock that every rule reads "today" and "now" from.

Rules that depend on the day (probation due, stale locks, ages, backups' rotation, later deadlines and postings)
call `today()` / `now()` here, never `datetime.now()` themselves, so that a test — or a clerk asking "what is due
on 1 March?" — can set the day:

- `set_now(moment)` fixes the clock in this process (tests do it for every test; `None` lets it run again);
- the environment variable `GRIDLEDGER_NOW` (an ISO date or date-time) fixes it for a whole process, so a
  subprocess started by a test sees the same day as the test.

Times kept in the database for a district merge (`updated_at`) are UTC: `utc_stamp()`.
"""
from __future__ import annotations

import datetime as dt
import os

ENV = "GRIDLEDGER_NOW"

_fixed: dt.datetime | None = None


def _parse(text: str) -> dt.datetime | None:
    text = text.strip()
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.replace(tzinfo=None) if moment.tzinfo else moment


def set_now(moment: dt.datetime | dt.date | None) -> None:
    """Fix the clock at moment (a date alone means 09:00 that day, an office morning); None frees it."""
    global _fixed
    if isinstance(moment, dt.date) and not isinstance(moment, dt.datetime):
        moment = dt.datetime.combine(moment, dt.time(9, 0))
    _fixed = moment


def is_fixed() -> bool:
    return _fixed is not None or _parse(os.environ.get(ENV, "")) is not None


def now() -> dt.datetime:
    """Local wall-clock time, naive, to the microsecond (as datetime.now())."""
    if _fixed is not None:
        return _fixed
    from_env = _parse(os.environ.get(ENV, ""))
    return from_env if from_env is not None else dt.datetime.now()


def today() -> dt.date:
    return now().date()


def utc_now() -> dt.datetime:
    """Aware UTC time. With the clock fixed, the fixed local time is taken as this machine's local time."""
    if not is_fixed():
        return dt.datetime.now(dt.timezone.utc)
    return now().astimezone(dt.timezone.utc)


def utc_stamp() -> str:
    """`2026-12-01T13:05:09Z`: the form updated_at columns keep."""
    return utc_now().strftime("%Y-%m-%dT%H:%M:%SZ")


def local_stamp() -> str:
    """`2026-12-01 21:05:09`: the form the audit log and local timestamps keep."""
    return now().strftime("%Y-%m-%d %H:%M:%S")
