"""The supervision area's own migration set ("supervision"): village cadres, inspections, the rectification
ledger (problems, their dated progress notes, evidence files stored in the file, their status history), village
projects and the register of businesses run by cadres or their close relatives. Never edit a shipped one."""
from __future__ import annotations

from sqlite_utils import Database, Migrations

MIGRATIONS = Migrations("supervision")

_KEYS = """uid TEXT,
        town_key TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL DEFAULT '',
        updated_by TEXT NOT NULL DEFAULT ''"""

TABLES = ("sv_cadres", "sv_inspections", "sv_problems", "sv_progress", "sv_evidence", "sv_problem_events",
          "sv_projects", "sv_businesses")


@MIGRATIONS()
def m001_supervision(db: Database) -> None:
    db.execute(f"""CREATE TABLE sv_cadres (
        id INTEGER PRIMARY KEY,
        village_id INTEGER NOT NULL REFERENCES villages(id),
        member_id INTEGER REFERENCES members(id),
        name TEXT NOT NULL,
        id_number TEXT NOT NULL DEFAULT '',
        post TEXT NOT NULL,
        start_date TEXT NOT NULL DEFAULT '',
        end_date TEXT NOT NULL DEFAULT '',
        appointed_by TEXT NOT NULL DEFAULT '',
        one_shoulder INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT '有效',
        {_KEYS})""")
    db.execute(f"""CREATE TABLE sv_inspections (
        id INTEGER PRIMARY KEY,
        village_id INTEGER NOT NULL REFERENCES villages(id),
        day TEXT NOT NULL,
        source TEXT NOT NULL,
        cadre_id INTEGER REFERENCES sv_cadres(id),
        checked TEXT NOT NULL DEFAULT '',
        findings TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT '有效',
        {_KEYS})""")
    db.execute(f"""CREATE TABLE sv_problems (
        id INTEGER PRIMARY KEY,
        village_id INTEGER NOT NULL REFERENCES villages(id),
        inspection_id INTEGER REFERENCES sv_inspections(id),
        project_id INTEGER,
        description TEXT NOT NULL,
        source TEXT NOT NULL,
        found_on TEXT NOT NULL,
        unit TEXT NOT NULL DEFAULT '',
        person TEXT NOT NULL DEFAULT '',
        measures TEXT NOT NULL DEFAULT '',
        deadline TEXT NOT NULL,
        completed_on TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT '待整改',
        mistaken INTEGER NOT NULL DEFAULT 0,
        {_KEYS})""")
    db.execute(f"""CREATE TABLE sv_progress (
        id INTEGER PRIMARY KEY,
        problem_id INTEGER NOT NULL REFERENCES sv_problems(id),
        day TEXT NOT NULL,
        note TEXT NOT NULL,
        {_KEYS})""")
    db.execute(f"""CREATE TABLE sv_evidence (
        id INTEGER PRIMARY KEY,
        problem_id INTEGER NOT NULL REFERENCES sv_problems(id),
        name TEXT NOT NULL,
        size INTEGER NOT NULL,
        content BLOB NOT NULL,
        added_on TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT '有效',
        {_KEYS})""")
    db.execute(f"""CREATE TABLE sv_problem_events (
        id INTEGER PRIMARY KEY,
        problem_id INTEGER NOT NULL REFERENCES sv_problems(id),
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '',
        {_KEYS})""")
    db.execute(f"""CREATE TABLE sv_projects (
        id INTEGER PRIMARY KEY,
        village_id INTEGER NOT NULL REFERENCES villages(id),
        name TEXT NOT NULL,
        amount REAL,
        implementer TEXT NOT NULL DEFAULT '',
        contractor TEXT NOT NULL DEFAULT '',
        start_date TEXT NOT NULL DEFAULT '',
        end_date TEXT NOT NULL DEFAULT '',
        decided INTEGER NOT NULL DEFAULT 0,
        declaration TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT '有效',
        {_KEYS})""")
    db.execute(f"""CREATE TABLE sv_businesses (
        id INTEGER PRIMARY KEY,
        village_id INTEGER NOT NULL REFERENCES villages(id),
        name TEXT NOT NULL,
        owner TEXT NOT NULL DEFAULT '',
        relationship TEXT NOT NULL DEFAULT '',
        cadre_name TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT '有效',
        {_KEYS})""")
    for table in TABLES:
        db.execute(f"CREATE UNIQUE INDEX {table}_uid ON {table}(uid)")
    db.execute("CREATE INDEX sv_cadres_village ON sv_cadres(village_id)")
    db.execute("CREATE INDEX sv_problems_village ON sv_problems(village_id, status)")
    db.execute("CREATE INDEX sv_progress_problem ON sv_progress(problem_id)")
    db.execute("CREATE INDEX sv_evidence_problem ON sv_evidence(problem_id)")
    db.execute("CREATE INDEX sv_projects_village ON sv_projects(village_id)")


@MIGRATIONS()
def m002_supervision_indexes(db: Database) -> None:
    """For a district's volumes: the newest inspections first, and a project's problem found at once."""
    db.execute("CREATE INDEX IF NOT EXISTS sv_inspections_day ON sv_inspections(day, id)")
    db.execute("CREATE INDEX IF NOT EXISTS sv_inspections_village ON sv_inspections(village_id, day)")
    db.execute("CREATE INDEX IF NOT EXISTS sv_problems_project ON sv_problems(project_id)")
    db.execute("CREATE INDEX IF NOT EXISTS sv_businesses_village ON sv_businesses(village_id)")
    db.execute("CREATE INDEX IF NOT EXISTS sv_progress_latest ON sv_progress(problem_id, day, id)")
