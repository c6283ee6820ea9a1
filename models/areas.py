"""The areas of the house (../shared/HOUSE.md), in the order they were built. Each is a package
`models/<area>/` whose `__init__.py` is its public API: its migration set (`MIGRATIONS`) and, where it has any,
`reminders(db, as_of)`. Organization and members are not listed: every area reads them, so they stay flat in
models/. Adding an area adds one name here."""
from __future__ import annotations

AREAS: tuple[str, ...] = ("households", "assistance", "supervision", "secretaries", "decisions", "home",
                          "exchange")
