"""The schema, as named migrations. Never edit one that has shipped: add a new one."""
from __future__ import annotations

from sqlite_utils import Database, Migrations

MIGRATIONS = Migrations("gridledger")


@MIGRATIONS()
def m001_organization_and_members(db: Database) -> None:
    for sql in _M001:
        db.execute(sql)


_M001 = [
    """CREATE TABLE town (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        county_code TEXT NOT NULL DEFAULT '',
        town_code TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL DEFAULT (datetime('now','localtime'))
    )""",
    """CREATE TABLE villages (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        stat_code TEXT NOT NULL DEFAULT '',
        org_type TEXT NOT NULL DEFAULT '党支部',
        org_name TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT '在用',
        merged_into_id INTEGER REFERENCES villages(id),
        merged_at TEXT NOT NULL DEFAULT '',
        sort_key TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL DEFAULT (datetime('now','localtime'))
    )""",
    "CREATE UNIQUE INDEX villages_name_in_use ON villages(name) WHERE status = '在用'",
    """CREATE TABLE village_years (
        village_id INTEGER NOT NULL REFERENCES villages(id),
        year INTEGER NOT NULL,
        class TEXT NOT NULL DEFAULT '',
        stars INTEGER,
        PRIMARY KEY (village_id, year)
    )""",
    """CREATE TABLE natural_villages (
        id INTEGER PRIMARY KEY,
        village_id INTEGER NOT NULL REFERENCES villages(id),
        name TEXT NOT NULL,
        UNIQUE (village_id, name)
    )""",
    """CREATE TABLE grids (
        id INTEGER PRIMARY KEY,
        village_id INTEGER NOT NULL REFERENCES villages(id),
        name TEXT NOT NULL,
        leader TEXT NOT NULL DEFAULT '',
        workers TEXT NOT NULL DEFAULT '',
        households INTEGER NOT NULL DEFAULT 0,
        population INTEGER NOT NULL DEFAULT 0,
        area_desc TEXT NOT NULL DEFAULT '',
        org_type TEXT NOT NULL DEFAULT '无',
        org_name TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT '在用',
        sort_key TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL DEFAULT (datetime('now','localtime'))
    )""",
    "CREATE UNIQUE INDEX grids_name_in_village ON grids(village_id, name) WHERE status = '在用'",
    """CREATE TABLE members (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        gender TEXT NOT NULL DEFAULT '',
        ethnicity TEXT NOT NULL DEFAULT '',
        id_number TEXT NOT NULL,
        birth_date TEXT NOT NULL DEFAULT '',
        education TEXT NOT NULL DEFAULT '',
        category TEXT NOT NULL DEFAULT '正式党员',
        branch TEXT NOT NULL DEFAULT '',
        join_date TEXT NOT NULL DEFAULT '',
        full_date TEXT NOT NULL DEFAULT '',
        job TEXT NOT NULL DEFAULT '',
        phone TEXT NOT NULL DEFAULT '',
        address TEXT NOT NULL DEFAULT '',
        party_status TEXT NOT NULL DEFAULT '正常',
        lost_contact INTEGER NOT NULL DEFAULT 0,
        lost_date TEXT NOT NULL DEFAULT '',
        mobile INTEGER NOT NULL DEFAULT 0,
        outflow TEXT NOT NULL DEFAULT '',
        village_id INTEGER NOT NULL REFERENCES villages(id),
        grid_id INTEGER REFERENCES grids(id),
        is_central INTEGER NOT NULL DEFAULT 0,
        linked_households INTEGER NOT NULL DEFAULT 0,
        remarks TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT '在册',
        status_date TEXT NOT NULL DEFAULT '',
        status_detail TEXT NOT NULL DEFAULT '',
        search_text TEXT NOT NULL DEFAULT '',
        sort_key TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL DEFAULT (datetime('now','localtime')),
        updated_at TEXT NOT NULL DEFAULT (datetime('now','localtime'))
    )""",
    "CREATE UNIQUE INDEX members_id_number ON members(id_number)",
    "CREATE INDEX members_village ON members(village_id, grid_id)",
    "CREATE INDEX members_grid ON members(grid_id)",
    "CREATE INDEX members_status ON members(status)",
    """CREATE TABLE member_events (
        id INTEGER PRIMARY KEY,
        member_id INTEGER NOT NULL REFERENCES members(id),
        at TEXT NOT NULL DEFAULT (datetime('now','localtime')),
        kind TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX member_events_member ON member_events(member_id)",
    """CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f','now','localtime')),
        user TEXT NOT NULL DEFAULT '',
        action TEXT NOT NULL,
        table_name TEXT NOT NULL DEFAULT '',
        record_id INTEGER,
        summary TEXT NOT NULL DEFAULT '',
        before TEXT,
        after TEXT
    )""",
    "CREATE INDEX audit_log_record ON audit_log(table_name, record_id)",
    """CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, '操作日志不能修改'); END""",
    """CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, '操作日志不能删除'); END""",
]


# --- m002_accounts (accounts and roles, audit-trail indexes) -------------------------------------------------
@MIGRATIONS()
def m002_accounts(db: Database) -> None:
    for sql in _M002:
        db.execute(sql)


_M002 = [
    """CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        full_name TEXT NOT NULL DEFAULT '',
        role TEXT NOT NULL CHECK (role IN ('管理员', '录入员', '查阅')),
        password_hash TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1,
        failed_count INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT NOT NULL DEFAULT '',
        last_login_at TEXT NOT NULL DEFAULT '',
        password_changed_at TEXT NOT NULL DEFAULT (datetime('now','localtime')),
        created_at TEXT NOT NULL DEFAULT (datetime('now','localtime'))
    )""",
    "CREATE INDEX audit_log_at ON audit_log(at)",
    "CREATE INDEX audit_log_user_at ON audit_log(user, at)",
    "CREATE INDEX audit_log_action ON audit_log(action)",
]


# --- m003_settings: program settings that travel with the database (backup folder, idle-lock minutes) ---------
@MIGRATIONS()
def m003_settings(db: Database) -> None:
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


# --- m004_drop_members_status_index --------------------------------------------------------------------------
@MIGRATIONS()
def m004_drop_members_status_index(db: Database) -> None:
    """Nearly every member is 在册, so an index on status selects almost the whole table; without statistics
    SQLite still preferred it to the village index (a village's members took a scan of the town) and every
    insert paid for it. Counting by status scans the table, which is as fast."""
    db.execute("DROP INDEX IF EXISTS members_status")


# --- m005_audit_chain: tamper evidence for the audit log ------------------------------------------------------
@MIGRATIONS()
def m005_audit_chain(db: Database) -> None:
    """Every audit row gets chain_hash = SHA-256 over its content and the previous row's hash (models.audit_chain);
    the rows already there are chained in id order. The no-update trigger is lifted for that and put back only
    if it was there: a file whose protection was removed before the upgrade keeps showing it in `check`."""
    from .audit_chain import ROW_COLUMNS, row_hash
    db.execute("ALTER TABLE audit_log ADD COLUMN chain_hash TEXT NOT NULL DEFAULT ''")
    guarded = db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_log_no_update'"
                         ).fetchone()
    db.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    previous, hashes = "", []
    for row in db.execute(f"SELECT {', '.join(ROW_COLUMNS)} FROM audit_log ORDER BY id").fetchall():
        previous = row_hash(previous, row)
        hashes.append((previous, row[0]))
    db.conn.executemany("UPDATE audit_log SET chain_hash = ? WHERE id = ?", hashes)
    if guarded:
        db.execute(guarded[0])
