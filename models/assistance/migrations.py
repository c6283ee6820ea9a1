"""The assistance area's own migration set ("assistance"): the date and note of a village's yearly class
(appended to the core `village_years`), the people who fill the "four ones" slots, the slots with their history,
and the work log (帮扶记录). Never edit a migration once shipped: append a new one."""
from __future__ import annotations

from sqlite_utils import Database, Migrations

MIGRATIONS = Migrations("assistance")

_KEYS = """uid TEXT,
        town_key TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL DEFAULT '',
        updated_by TEXT NOT NULL DEFAULT ''"""


@MIGRATIONS()
def m001_four_ones(db: Database) -> None:
    for sql in (
        "ALTER TABLE village_years ADD COLUMN decided_on TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE village_years ADD COLUMN note TEXT NOT NULL DEFAULT ''",
        f"""CREATE TABLE assistance_people (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            unit TEXT NOT NULL DEFAULT '',
            post TEXT NOT NULL DEFAULT '',
            contact TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            {_KEYS}
        )""",
        "CREATE UNIQUE INDEX assistance_people_uid ON assistance_people(uid)",
        "CREATE UNIQUE INDEX assistance_people_in_town ON assistance_people(name, phone, town_key)",
        f"""CREATE TABLE assistance_slots (
            id INTEGER PRIMARY KEY,
            village_id INTEGER NOT NULL REFERENCES villages(id),
            year INTEGER NOT NULL,
            kind TEXT NOT NULL,
            person_id INTEGER NOT NULL REFERENCES assistance_people(id),
            post TEXT NOT NULL DEFAULT '',
            held_from TEXT NOT NULL,
            held_until TEXT NOT NULL DEFAULT '',
            posting_start TEXT NOT NULL DEFAULT '',
            posting_end TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT '在任',
            note TEXT NOT NULL DEFAULT '',
            {_KEYS}
        )""",
        "CREATE UNIQUE INDEX assistance_slots_uid ON assistance_slots(uid)",
        "CREATE INDEX assistance_slots_village_year ON assistance_slots(village_id, year, kind)",
        f"""CREATE TABLE assistance_logs (
            id INTEGER PRIMARY KEY,
            slot_id INTEGER NOT NULL REFERENCES assistance_slots(id),
            day TEXT NOT NULL,
            form TEXT NOT NULL,
            learned TEXT NOT NULL DEFAULT '',
            done TEXT NOT NULL DEFAULT '',
            funds TEXT NOT NULL DEFAULT '',
            amount REAL,
            result TEXT NOT NULL DEFAULT '',
            needs_town INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT '有效',
            {_KEYS}
        )""",
        "CREATE UNIQUE INDEX assistance_logs_uid ON assistance_logs(uid)",
        "CREATE INDEX assistance_logs_slot ON assistance_logs(slot_id, day)",
    ):
        db.execute(sql)
