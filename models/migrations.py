"""The schema, as named migrations. Never edit one that has shipped: add a new one."""
from __future__ import annotations

import os

from sqlite_utils import Database, Migrations

from . import clock

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


# --- m006_travel_keys: keys that travel to a district merge (HOUSE.md "Keys that will travel") ---------------
# Every table a clerk writes to gets, appended at its end:
#   uid        UUID4 text, made once when the row is made, unique, never changed (integer ids never travel);
#   town_key   the owning town: its 9-digit 乡镇代码, or when that was empty the 6-digit county code, "-" and the
#              town's name ("370285-院上镇"). Decided once, when the town row is made (here: for the town the
#              file already has) and never recomputed when the name or codes are edited later, since that would
#              rewrite every row of the file; the town row keeps the codes to resolve the key. Rows made before
#              the town exists carry '' until the town is first saved (models.org.save_town claims them);
#   updated_at UTC `YYYY-MM-DDTHH:MM:SSZ` (models.clock.utc_stamp). members already had an updated_at column in
#              local time, read by nobody but a backup's "data date": its values are converted to UTC here and it
#              is kept (not renamed), so every table names the column alike;
#   updated_by the signed-in user (db.user) who made the last change ('' when unknown).
# models/db.py keeps them current with TEMP triggers on every connection it opens. Existing rows are filled
# from their newest audit row (who and when) or, lacking one, their own created_at/at. Every "unique in the
# town" index now includes town_key; the inline UNIQUE constraints of natural_villages (village_id, name) and
# accounts (name) cannot change without rebuilding the table and stay as they are (village_id is local anyway).
# A UUID4 made in SQL (SQLite's randomblob), several times cheaper per row than a Python function.
UID_SQL = ("lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'"
           " || substr('89ab', 1 + (random() & 3), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))")
_VERSION4 = bytes((b & 0x0F) | 0x40 for b in range(256))  # byte 6 of a UUID4: version 4
_VARIANT = bytes((b & 0x3F) | 0x80 for b in range(256))  # byte 8: the RFC 4122 variant


def new_uids(n: int) -> list[str]:
    """n UUID4s as UID_SQL writes them (lower-case, 8-4-4-4-12), from one os.urandom call: for a bulk INSERT of
    new members, a parameter instead of UID_SQL's seven SQL calls a row (a quarter of the INSERT's time)."""
    raw = bytearray(os.urandom(16 * n))
    raw[6::16] = raw[6::16].translate(_VERSION4)
    raw[8::16] = raw[8::16].translate(_VARIANT)
    h = raw.hex()
    return [f"{h[i:i + 8]}-{h[i + 8:i + 12]}-{h[i + 12:i + 16]}-{h[i + 16:i + 20]}-{h[i + 20:i + 32]}"
            for i in range(0, 32 * n, 32)]


KEYED_TABLES = ("town", "villages", "village_years", "natural_villages", "grids", "members", "member_events",
                "accounts")
_ROW_TIME = {"town": "created_at", "villages": "created_at", "grids": "created_at", "members": "updated_at",
             "member_events": "at", "accounts": "created_at"}


@MIGRATIONS()
def m006_travel_keys(db: Database) -> None:
    for table in KEYED_TABLES:
        columns = {r[1] for r in db.execute(f"PRAGMA table_info({table})").fetchall()}
        db.execute(f"ALTER TABLE {table} ADD COLUMN uid TEXT")
        db.execute(f"ALTER TABLE {table} ADD COLUMN town_key TEXT NOT NULL DEFAULT ''")
        if "updated_at" not in columns:
            db.execute(f"ALTER TABLE {table} ADD COLUMN updated_at TEXT NOT NULL DEFAULT ''")
        db.execute(f"ALTER TABLE {table} ADD COLUMN updated_by TEXT NOT NULL DEFAULT ''")
    db.execute("UPDATE town SET town_key = CASE WHEN town_code != '' THEN town_code"
               " ELSE county_code || '-' || name END")
    key = db.execute("SELECT town_key FROM town ORDER BY id LIMIT 1").fetchone()
    for table in KEYED_TABLES:
        newest = (f"(SELECT {{col}} FROM audit_log a WHERE a.table_name = '{table}' AND a.record_id = {table}.rowid"
                  " ORDER BY a.id DESC LIMIT 1)")
        times = [newest.format(col="a.at")]
        own = _ROW_TIME.get(table)
        if own:  # members' own updated_at is the truer time (a bulk import has one audit row for all)
            times.insert(0 if own == "updated_at" else 1, own)
        when = f"coalesce({', '.join(times)}, NULL)"
        db.execute(f"UPDATE {table} SET uid = {UID_SQL}, town_key = ?,"
                   f" updated_at = coalesce(strftime('%Y-%m-%dT%H:%M:%SZ', {when}, 'utc'), ?),"
                   f" updated_by = coalesce({newest.format(col='a.user')}, '')",
                   [key[0] if key else "", clock.utc_stamp()])
        db.execute(f"CREATE UNIQUE INDEX {table}_uid ON {table}(uid)")
    db.execute("DROP INDEX villages_name_in_use")
    db.execute("CREATE UNIQUE INDEX villages_name_in_use ON villages(name, town_key) WHERE status = '在用'")
    db.execute("DROP INDEX grids_name_in_village")
    db.execute("CREATE UNIQUE INDEX grids_name_in_village ON grids(village_id, name, town_key) WHERE status = '在用'")
    db.execute("DROP INDEX members_id_number")
    db.execute("CREATE UNIQUE INDEX members_id_number ON members(id_number, town_key)")


@MIGRATIONS()
def m007_name_keys(db: Database) -> None:
    """Search and sort keys read by the surname (曾 zeng, 单 shan, 解 xie … indexed with both readings) for members
    saved before the per-character pinyin: otherwise 曾强 is found by `zq` only once he is saved again. Derived
    data only: updated_at is not touched (the per-connection triggers are made after the migrations)."""
    from .pinyin import name_keys
    rows = db.execute("SELECT id, name, id_number, phone, address FROM members").fetchall()
    params = []
    for member_id, name, id_number, phone, address in rows:
        keys = name_keys(str(name or ""))
        params.append(("|".join((keys.search, str(id_number or ""), str(phone or ""), str(address or ""))),
                       keys.sort, member_id))
    db.conn.executemany("UPDATE members SET search_text = ?, sort_key = ? WHERE id = ?", params)
