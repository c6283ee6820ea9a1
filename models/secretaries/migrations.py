"""The secretaries area's own migration set ("secretaries"): filings of village Party secretaries (备案, every
version kept) and the yearly evaluation (履职评估: the year's indicators with weights, the scores, whether the
ranking column is shown). Never edit a shipped one; append new ones at the end."""
from __future__ import annotations

from sqlite_utils import Database, Migrations

MIGRATIONS = Migrations("secretaries")

_KEYS = """uid TEXT,
        town_key TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL DEFAULT '',
        updated_by TEXT NOT NULL DEFAULT ''"""

TABLES = ("sc_filings", "sc_indicators", "sc_scores", "sc_years")


@MIGRATIONS()
def m001_secretaries(db: Database) -> None:
    db.execute(f"""CREATE TABLE sc_filings (
        id INTEGER PRIMARY KEY,
        cadre_id INTEGER NOT NULL REFERENCES sv_cadres(id),
        village_id INTEGER NOT NULL REFERENCES villages(id),
        version INTEGER NOT NULL DEFAULT 1,
        post TEXT NOT NULL DEFAULT '书记',
        appointed_by TEXT NOT NULL DEFAULT '',
        appointment_date TEXT NOT NULL DEFAULT '',
        one_shoulder INTEGER NOT NULL DEFAULT 0,
        term_end TEXT NOT NULL DEFAULT '',
        review_result TEXT NOT NULL DEFAULT '',
        review_date TEXT NOT NULL DEFAULT '',
        resume TEXT NOT NULL DEFAULT '[]',
        family TEXT NOT NULL DEFAULT '[]',
        rewards TEXT NOT NULL DEFAULT '',
        opinion TEXT NOT NULL DEFAULT '',
        filing_date TEXT NOT NULL DEFAULT '',
        filing_number TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT '现行',
        replaced_on TEXT NOT NULL DEFAULT '',
        {_KEYS})""")
    db.execute(f"""CREATE TABLE sc_indicators (
        id INTEGER PRIMARY KEY,
        year INTEGER NOT NULL,
        name TEXT NOT NULL,
        weight REAL NOT NULL,
        sort INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT '有效',
        {_KEYS})""")
    db.execute(f"""CREATE TABLE sc_scores (
        id INTEGER PRIMARY KEY,
        indicator_id INTEGER NOT NULL REFERENCES sc_indicators(id),
        cadre_id INTEGER NOT NULL REFERENCES sv_cadres(id),
        score REAL NOT NULL,
        {_KEYS})""")
    db.execute(f"""CREATE TABLE sc_years (
        id INTEGER PRIMARY KEY,
        year INTEGER NOT NULL,
        show_ranking INTEGER NOT NULL DEFAULT 0,
        {_KEYS})""")
    for table in TABLES:
        db.execute(f"CREATE UNIQUE INDEX {table}_uid ON {table}(uid)")
    db.execute("CREATE UNIQUE INDEX sc_filings_one_current ON sc_filings(cadre_id, town_key) WHERE status = '现行'")
    db.execute("CREATE INDEX sc_filings_cadre ON sc_filings(cadre_id, version)")
    db.execute("CREATE UNIQUE INDEX sc_indicators_name ON sc_indicators(year, name, town_key) WHERE status = '有效'")
    db.execute("CREATE UNIQUE INDEX sc_scores_one ON sc_scores(indicator_id, cadre_id, town_key)")
    db.execute("CREATE UNIQUE INDEX sc_years_year ON sc_years(year, town_key)")
