"""The exchange area's own migration set ("exchange"): what a town database remembers of the change packages it
sent (and of the district's decisions it applied), and what a district database keeps — its own identity, the
towns registered with it, every package received, and every conflict a merge found. Never edit a shipped one;
append new ones at the end. Every table carries the keys that travel (HOUSE.md), like every other area's, but
none of them travels itself (models/exchange/staging.py leaves the ex_ tables out)."""
from __future__ import annotations

from sqlite_utils import Database, Migrations

MIGRATIONS = Migrations("exchange")

_KEYS = """uid TEXT,
        town_key TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL DEFAULT '',
        updated_by TEXT NOT NULL DEFAULT ''"""

TABLES = ("ex_district", "ex_towns", "ex_received", "ex_conflicts", "ex_sent", "ex_decisions_applied")


@MIGRATIONS()
def m001_exchange(db: Database) -> None:
    # a district database has exactly one row here (made by `exchange init-district`); a town's has none
    db.execute(f"""CREATE TABLE ex_district (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        county_code TEXT NOT NULL,
        made_at TEXT NOT NULL DEFAULT '',
        {_KEYS})""")
    # the towns registered with the district (on their first, full, package); `town` is the town's key
    db.execute(f"""CREATE TABLE ex_towns (
        id INTEGER PRIMARY KEY,
        town TEXT NOT NULL,
        name TEXT NOT NULL DEFAULT '',
        county_code TEXT NOT NULL DEFAULT '',
        town_code TEXT NOT NULL DEFAULT '',
        last_sequence INTEGER NOT NULL DEFAULT 0,
        registered_at TEXT NOT NULL DEFAULT '',
        last_applied_at TEXT NOT NULL DEFAULT '',
        {_KEYS})""")
    # every package the district applied (refused ones leave no row: a refusal changes nothing)
    db.execute(f"""CREATE TABLE ex_received (
        id INTEGER PRIMARY KEY,
        town TEXT NOT NULL,
        sequence INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        full INTEGER NOT NULL DEFAULT 0,
        file_name TEXT NOT NULL DEFAULT '',
        rows_added INTEGER NOT NULL DEFAULT 0,
        rows_changed INTEGER NOT NULL DEFAULT 0,
        conflicts INTEGER NOT NULL DEFAULT 0,
        applied_at TEXT NOT NULL DEFAULT '',
        {_KEYS})""")
    # kind: changed_both / deleted_changed / duplicate_id_number; status: open / kept_ours / took_theirs / edited.
    # theirs_at: the incoming row's updated_at; once the record's last conflict is decided, the district's row
    # takes it, so that the town's next change of that record is not taken for a change made here.
    # ours, theirs and value are JSON values (a text, a number, null), so a decision writes back the right type.
    db.execute(f"""CREATE TABLE ex_conflicts (
        id INTEGER PRIMARY KEY,
        table_name TEXT NOT NULL,
        row_uid TEXT NOT NULL,
        town TEXT NOT NULL,
        kind TEXT NOT NULL,
        id_number TEXT NOT NULL DEFAULT '',
        name TEXT NOT NULL DEFAULT '',
        field TEXT NOT NULL DEFAULT '',
        ours TEXT NOT NULL DEFAULT 'null',
        theirs TEXT NOT NULL DEFAULT 'null',
        other_uid TEXT NOT NULL DEFAULT '',
        other_town TEXT NOT NULL DEFAULT '',
        received_id INTEGER REFERENCES ex_received(id),
        theirs_at TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'open',
        value TEXT NOT NULL DEFAULT 'null',
        reason TEXT NOT NULL DEFAULT '',
        resolved_by TEXT NOT NULL DEFAULT '',
        resolved_at TEXT NOT NULL DEFAULT '',
        {_KEYS})""")
    # the town's side: each package it exported (the sequence goes on from the last row)
    db.execute(f"""CREATE TABLE ex_sent (
        id INTEGER PRIMARY KEY,
        sequence INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        full INTEGER NOT NULL DEFAULT 0,
        changes INTEGER NOT NULL DEFAULT 0,
        size INTEGER NOT NULL DEFAULT 0,
        file_name TEXT NOT NULL DEFAULT '',
        sent_at TEXT NOT NULL DEFAULT '',
        {_KEYS})""")
    # the town's side: each decisions package of the district it applied
    db.execute(f"""CREATE TABLE ex_decisions_applied (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL,
        district TEXT NOT NULL DEFAULT '',
        decisions INTEGER NOT NULL DEFAULT 0,
        changed INTEGER NOT NULL DEFAULT 0,
        decision_uids TEXT NOT NULL DEFAULT '[]',
        applied_at TEXT NOT NULL DEFAULT '',
        {_KEYS})""")
    for table in TABLES:
        db.execute(f"CREATE UNIQUE INDEX {table}_uid ON {table}(uid)")
    db.execute("CREATE UNIQUE INDEX ex_towns_town ON ex_towns(town, town_key)")
    db.execute("CREATE UNIQUE INDEX ex_received_sequence ON ex_received(town, sequence, town_key)")
    db.execute("CREATE UNIQUE INDEX ex_received_sha ON ex_received(sha256, town_key)")
    db.execute("CREATE INDEX ex_conflicts_status ON ex_conflicts(status, town)")
    db.execute("CREATE UNIQUE INDEX ex_sent_sequence ON ex_sent(sequence, town_key)")
    db.execute("CREATE UNIQUE INDEX ex_decisions_applied_sha ON ex_decisions_applied(sha256, town_key)")
