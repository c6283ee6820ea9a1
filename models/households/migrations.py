"""The households area's schema (its own migration set, applied after the core one). Never edit a shipped one."""
from __future__ import annotations

from sqlite_utils import Database, Migrations

from ..clock import utc_stamp
from ..migrations import UID_SQL

MIGRATIONS = Migrations("households")

_KEYS = ("uid TEXT, town_key TEXT NOT NULL DEFAULT '', updated_at TEXT NOT NULL DEFAULT '',"
         " updated_by TEXT NOT NULL DEFAULT ''")


@MIGRATIONS()
def m001_central_households(db: Database) -> None:
    for sql in (
        f"""CREATE TABLE central_designations (
            id INTEGER PRIMARY KEY,
            member_id INTEGER NOT NULL REFERENCES members(id),
            start_date TEXT NOT NULL DEFAULT '',
            method TEXT NOT NULL DEFAULT '两推两审一公示',
            notice_date TEXT NOT NULL DEFAULT '',
            end_date TEXT NOT NULL DEFAULT '',
            end_reason TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT '在任',
            legacy_households INTEGER NOT NULL DEFAULT 0,
            {_KEYS})""",
        "CREATE UNIQUE INDEX central_designations_uid ON central_designations(uid)",
        "CREATE UNIQUE INDEX central_designations_one_current ON central_designations(member_id, town_key)"
        " WHERE status = '在任'",
        f"""CREATE TABLE households (
            id INTEGER PRIMARY KEY,
            village_id INTEGER NOT NULL REFERENCES villages(id),
            grid_id INTEGER REFERENCES grids(id),
            head_name TEXT NOT NULL,
            head_id_number TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '',
            persons INTEGER NOT NULL DEFAULT 1,
            phone TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '普通',
            party_household INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT '在用',
            {_KEYS})""",
        "CREATE UNIQUE INDEX households_uid ON households(uid)",
        "CREATE UNIQUE INDEX households_head_id ON households(head_id_number, town_key)"
        " WHERE head_id_number != '' AND status = '在用'",
        "CREATE INDEX households_village ON households(village_id, grid_id)",
        f"""CREATE TABLE household_links (
            id INTEGER PRIMARY KEY,
            household_id INTEGER NOT NULL REFERENCES households(id),
            designation_id INTEGER NOT NULL REFERENCES central_designations(id),
            start_date TEXT NOT NULL DEFAULT '',
            end_date TEXT NOT NULL DEFAULT '',
            end_reason TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT '联系中',
            {_KEYS})""",
        "CREATE UNIQUE INDEX household_links_uid ON household_links(uid)",
        "CREATE UNIQUE INDEX household_links_one_current ON household_links(household_id, town_key)"
        " WHERE status = '联系中'",
        "CREATE INDEX household_links_designation ON household_links(designation_id, status)",
        f"""CREATE TABLE household_visits (
            id INTEGER PRIMARY KEY,
            household_id INTEGER NOT NULL REFERENCES households(id),
            designation_id INTEGER REFERENCES central_designations(id),
            date TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT '问事',
            raised TEXT NOT NULL DEFAULT '',
            handled TEXT NOT NULL DEFAULT '',
            reported INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT '有效',
            {_KEYS})""",
        "CREATE UNIQUE INDEX household_visits_uid ON household_visits(uid)",
        "CREATE INDEX household_visits_household ON household_visits(household_id, date)",
    ):
        db.execute(sql)
    # the member record's yes/no becomes a designation with an unknown start; its count stays visible (legacy)
    # until households are entered. Members no longer 在册 keep no current designation.
    town = "town_key" if "town_key" in db["members"].columns_dict else "''"
    db.execute("INSERT INTO central_designations (member_id, method, status, legacy_households, town_key)"
               f" SELECT id, '', '在任', linked_households, {town} FROM members"
               " WHERE is_central AND status = '在册'")
    db.execute(f"UPDATE central_designations SET uid = {UID_SQL}, updated_at = ? WHERE uid IS NULL", [utc_stamp()])


@MIGRATIONS()
def m002_reminder_indexes(db: Database) -> None:
    """The last visit of a household read from the index alone (household, status, date): `reminders` over a
    town of 30,000 households and a year of visits stays well under a second (bench/households.py)."""
    db.execute("CREATE INDEX IF NOT EXISTS household_visits_last ON household_visits(household_id, status, date)")


@MIGRATIONS()
def m003_household_ending(db: Database) -> None:
    """A household that no longer exists (moved away, the family gone) is 注销 with a date and a reason: kept,
    never removed (soft deletion), out of the lists and the warnings. Columns appended at the end."""
    columns = db["households"].columns_dict
    if "ended_date" not in columns:
        db.execute("ALTER TABLE households ADD COLUMN ended_date TEXT NOT NULL DEFAULT ''")
    if "ended_reason" not in columns:
        db.execute("ALTER TABLE households ADD COLUMN ended_reason TEXT NOT NULL DEFAULT ''")
