"""The home area's schema (its own migration set, applied after the core one). Never edit a shipped one."""
from __future__ import annotations

from sqlite_utils import Database, Migrations

MIGRATIONS = Migrations("home")

_KEYS = ("uid TEXT, town_key TEXT NOT NULL DEFAULT '', updated_at TEXT NOT NULL DEFAULT '',"
         " updated_by TEXT NOT NULL DEFAULT ''")


@MIGRATIONS()
def m001_handled_reminders(db: Database) -> None:
    """A reminder the clerk marked handled: which one (kind and record), the cause it had then (its date), who
    and when. Un-marking keeps the row (status 已撤销): the audit and the history stay readable."""
    for sql in (
        f"""CREATE TABLE handled_reminders (
            id INTEGER PRIMARY KEY,
            reminder_key TEXT NOT NULL,
            kind TEXT NOT NULL,
            village TEXT NOT NULL DEFAULT '',
            subject TEXT NOT NULL DEFAULT '',
            cause TEXT NOT NULL DEFAULT '',
            reason TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            handled_at TEXT NOT NULL DEFAULT '',
            handled_by TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT '已办',
            {_KEYS})""",
        "CREATE UNIQUE INDEX handled_reminders_uid ON handled_reminders(uid)",
        "CREATE UNIQUE INDEX handled_reminders_one ON handled_reminders(reminder_key, town_key)",
    ):
        db.execute(sql)


@MIGRATIONS()
def m002_figures_index(db: Database) -> None:
    """The columns the figures and charts count, in one covering index: each chart's query reads the index, not
    the whole members table (wide rows: addresses, search text), about half the time on 100,000 members. It
    leads with village_id (as the village index does), so the planner never takes it for a status-only filter."""
    db.execute("CREATE INDEX IF NOT EXISTS members_figures ON members(village_id, status, category, gender,"
               " education, join_date, birth_date, id_number)")
