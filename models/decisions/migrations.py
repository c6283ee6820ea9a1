"""The decisions area's own migration set ("decisions"): the town's procedure (议事程序, every edit a new version;
an item keeps the version it started with), the decision items (议事事项) and the record of each of their steps.
Never edit a shipped one; append new ones at the end."""
from __future__ import annotations

from sqlite_utils import Database, Migrations

MIGRATIONS = Migrations("decisions")

_KEYS = """uid TEXT,
        town_key TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL DEFAULT '',
        updated_by TEXT NOT NULL DEFAULT ''"""

TABLES = ("dc_procedures", "dc_items", "dc_steps")


@MIGRATIONS()
def m001_decisions(db: Database) -> None:
    # steps: a JSON list of [名称, 规则] (rules.RULES); status 现行 / 历史
    db.execute(f"""CREATE TABLE dc_procedures (
        id INTEGER PRIMARY KEY,
        version INTEGER NOT NULL,
        steps TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT '现行',
        made_on TEXT NOT NULL DEFAULT '',
        {_KEYS})""")
    db.execute(f"""CREATE TABLE dc_items (
        id INTEGER PRIMARY KEY,
        village_id INTEGER NOT NULL REFERENCES villages(id),
        title TEXT NOT NULL,
        kind TEXT NOT NULL,
        amount REAL,
        procedure_id INTEGER NOT NULL REFERENCES dc_procedures(id),
        note TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT '有效',
        {_KEYS})""")
    # one row per recorded step; step_no is the position in the item's procedure (0-based)
    db.execute(f"""CREATE TABLE dc_steps (
        id INTEGER PRIMARY KEY,
        item_id INTEGER NOT NULL REFERENCES dc_items(id),
        step_no INTEGER NOT NULL,
        day TEXT NOT NULL DEFAULT '',
        due INTEGER,
        present INTEGER,
        votes_for INTEGER,
        votes_against INTEGER,
        votes_abstain INTEGER,
        result TEXT NOT NULL DEFAULT '',
        merged INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT '有效',
        {_KEYS})""")
    for table in TABLES:
        db.execute(f"CREATE UNIQUE INDEX {table}_uid ON {table}(uid)")
    db.execute("CREATE UNIQUE INDEX dc_items_title ON dc_items(village_id, title, town_key) WHERE status = '有效'")
    db.execute("CREATE INDEX dc_items_village ON dc_items(village_id)")
    db.execute("CREATE UNIQUE INDEX dc_steps_one ON dc_steps(item_id, step_no, town_key) WHERE status = '有效'")
    db.execute("CREATE UNIQUE INDEX dc_procedures_current ON dc_procedures(town_key) WHERE status = '现行'")
