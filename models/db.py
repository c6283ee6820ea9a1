"""Opening a GridLedger database: pragmas, the schema's migrations, and who is working in it.

Every connection also gets TEMP triggers (kept in the connection, never in the file) that keep the keys that
travel (uid, town_key, updated_at, updated_by — see models/migrations.py m006) current on every table that has
them, so that no write, today's or a later area's, has to remember them:
- after an INSERT whose uid is NULL: a new UUID4, the town's key, the UTC time and db.user;
- after an UPDATE that changed another column's value and left updated_at as it was: the UTC time and db.user
  (saving a record unchanged keeps its time: nothing to send to the district).
A bulk write may set the four columns itself (then the triggers do nothing) and lift the triggers meanwhile for
speed (`bulk_keys`). Because the
triggers are not in the file, a district merge that applies change packages on a plain connection keeps each
town's values; on a GridLedger connection too, since those rows come with their uid and updated_at.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils
from sqlite_utils import Migrations

from . import clock
from .migrations import MIGRATIONS, UID_SQL

APP_ID = 0x47524C44  # "GRLD" in PRAGMA application_id marks a GridLedger file
KEY_COLUMNS = ("uid", "town_key", "updated_at", "updated_by")
# Columns whose change is sign-in state, not a clerk's edit: they do not touch updated_at/updated_by.
_NOT_EDITS = {"accounts": ("failed_count", "locked_until", "last_login_at")}
_TOWN_KEY = "coalesce((SELECT town_key FROM town ORDER BY id LIMIT 1), '')"
# The key a new town row gets (models/migrations.py m006 explains the choice).
_NEW_TOWN_KEY = "CASE WHEN NEW.town_code != '' THEN NEW.town_code ELSE NEW.county_code || '-' || NEW.name END"


class DatabaseBusy(sqlite3.OperationalError):
    """Another program (an import, a window) kept writing longer than we waited; the message is Chinese."""


class LedgerDB(sqlite_utils.Database):
    """A sqlite-utils Database that also knows the signed-in user (empty when the file has no accounts).

    Its transactions begin IMMEDIATE: a writer takes the write lock at the start and waits (busy_timeout) for
    another writer to finish, rather than reading first and failing with "database is locked" when it writes."""

    user: str = ""
    role: str = ""
    read_only: bool = False  # set when another instance holds the database: every write is refused
    read_only_reason: str = ""

    @contextmanager
    def atomic(self) -> Iterator[LedgerDB]:  # type: ignore[override]
        if self.conn.in_transaction:  # nested: a savepoint inside the open transaction
            with super().atomic():
                yield self
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            waited = int(self.conn.execute("PRAGMA busy_timeout").fetchone()[0]) // 1000
            raise DatabaseBusy(f"另一个导入或修改正在写入这个数据库，等待 {waited} 秒后仍未结束："
                               "请等它完成后再试") from exc
        try:
            yield self
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise


class DatabaseError(Exception):
    """A database that cannot be opened or upgraded; the message is Chinese."""


def _backup_before_migration(path: Path) -> Path | None:
    if not path.exists() or path.stat().st_size == 0:
        return None
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.before-upgrade-{stamp}{path.suffix}")
    src = sqlite3.connect(str(path))
    try:
        dst = sqlite3.connect(str(target))
        with dst:
            src.backup(dst)
        dst.close()
    finally:
        src.close()
    return target


def open_database(path: str | Path, *, migrate: bool = True) -> LedgerDB:
    """Open (or create) the database at path, set pragmas and apply pending migrations.

    Before a pending migration runs on an existing file, a copy is saved beside it.
    """
    path = Path(path)
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        db = LedgerDB(path)
        # gl_now(): the program's clock (models.clock) in SQL, so that stored times follow the clock tests set
        db.conn.create_function("gl_now", 0, clock.local_stamp)
        # the keys that travel: the UTC time updated_at keeps, the signed-in user
        db.conn.create_function("gl_utc", 0, clock.utc_stamp)
        db.conn.create_function("gl_user", 0, lambda: db.user)
        db.execute("PRAGMA busy_timeout = 5000")
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        # 32 MiB of page cache (SQLite's default is 2 MiB): the uid indexes take keys in random order, and a bulk
        # import of 100,000 members into indexes larger than the cache took twice as long
        db.execute("PRAGMA cache_size = -32768")
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"无法打开数据库文件 {path}：{exc}") from exc
    app_id = db.execute("PRAGMA application_id").fetchone()[0]
    tables = db.table_names()
    if tables and app_id != APP_ID and "_sqlite_migrations" not in tables:
        db.close()
        raise DatabaseError(f"{path} 不是网格党建台账的数据库文件")
    if migrate:
        sets = migration_sets()
        if any(m.pending(db) for m in sets):
            if tables:
                _backup_before_migration(path)
            for migrations in sets:  # the core set first: the areas' tables refer to its tables
                migrations.apply(db)
            db.execute(f"PRAGMA application_id = {APP_ID}")
    _key_triggers(db)
    return db


def keyed_tables(db: sqlite_utils.Database) -> list[str]:
    """The tables that carry the keys that travel."""
    return [t for t in db.table_names() if set(KEY_COLUMNS) <= {c.name for c in db[t].columns}]


def town_key(db: sqlite_utils.Database) -> str:
    """The key the rows of this file carry ('' before the town is saved)."""
    row = db.execute(f"SELECT {_TOWN_KEY}").fetchone()
    return str(row[0])


def key_values(db: LedgerDB) -> tuple[str, str, str]:
    """(town_key, updated_at, updated_by) for a write that sets the keys itself (an INSERT with uid = UID_SQL)."""
    return town_key(db), clock.utc_stamp(), db.user


@contextmanager
def bulk_keys(db: LedgerDB, *tables: str) -> Iterator[tuple[str, str, str]]:
    """Inside a transaction, for bulk statements that set the keys themselves (yields key_values): the key
    triggers of `tables` are lifted meanwhile. A trigger costs even when its WHEN is false — SQLite builds the
    NEW (and OLD) row for it — and made a 100,000-member import's write phase 1.6 times as long. They are back
    when the block ends, however it ends (a rollback also undoes their removal)."""
    for table in tables:
        db.execute(f"DROP TRIGGER IF EXISTS temp.gl_keys_{table}_insert")
        db.execute(f"DROP TRIGGER IF EXISTS temp.gl_keys_{table}_update")
    try:
        yield key_values(db)
    finally:
        _key_triggers(db)


@contextmanager
def indexes_made_after(db: LedgerDB, table: str, *, when: bool) -> Iterator[None]:
    """Inside a transaction, around a bulk INSERT of at least as many rows as `table` holds (when=True): its
    indexes are dropped and made again afterwards, from the schema's own SQL. Sorting once is cheaper than
    100,000 inserts at random places of the uid index (a first import's write: 0.9 s instead of 1.4 s).
    A unique index that the new rows break fails as the INSERT would have, and the transaction rolls back with
    the indexes as they were."""
    if not when:
        yield
        return
    made = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
                      " AND sql IS NOT NULL", [table]).fetchall()
    for name, _ in made:
        db.execute(f'DROP INDEX "{name}"')
    try:
        yield
    finally:
        for _, sql in made:
            db.execute(sql)


def _key_triggers(db: LedgerDB) -> None:
    for table in keyed_tables(db):
        columns = [c.name for c in db[table].columns]
        watched = [c for c in columns if c not in KEY_COLUMNS and c not in _NOT_EDITS.get(table, ())]
        key = _NEW_TOWN_KEY if table == "town" else _TOWN_KEY
        db.execute(
            f"CREATE TEMP TRIGGER IF NOT EXISTS gl_keys_{table}_insert AFTER INSERT ON {table}"
            f" FOR EACH ROW WHEN NEW.uid IS NULL BEGIN UPDATE {table} SET uid = {UID_SQL},"
            f" town_key = CASE WHEN NEW.town_key != '' THEN NEW.town_key ELSE {key} END,"
            f" updated_at = gl_utc(), updated_by = gl_user() WHERE rowid = NEW.rowid; END")
        db.execute(
            f"CREATE TEMP TRIGGER IF NOT EXISTS gl_keys_{table}_update AFTER UPDATE OF {', '.join(watched)}"
            f" ON {table} FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at"
            f" AND ({' OR '.join(f'NEW.{c} IS NOT OLD.{c}' for c in watched)}) BEGIN UPDATE {table}"
            f" SET updated_at = gl_utc(), updated_by = gl_user() WHERE rowid = NEW.rowid; END")


def database_path(db: sqlite_utils.Database) -> str:
    """The file behind a connection ('' for an in-memory database)."""
    row = db.execute("PRAGMA database_list").fetchone()
    return str(row[2] or "")


def open_same(db: LedgerDB, path: str = "") -> LedgerDB:
    """A second connection to db's file for a worker thread, as the same signed-in user and read-only state.

    Called in the worker thread, pass `path` (database_path(db), read in db's own thread): a sqlite
    connection may only be used by the thread that made it."""
    other = open_database(path or database_path(db), migrate=False)
    other.user, other.role = db.user, db.role
    other.read_only, other.read_only_reason = db.read_only, db.read_only_reason
    return other


def migration_sets() -> list[Migrations]:
    """The core migration set ("gridledger") and each area's own, in models/areas.py's order."""
    import importlib

    from .areas import AREAS
    return [MIGRATIONS] + [importlib.import_module(f"models.{area}").MIGRATIONS for area in AREAS]


def schema_version(db: sqlite_utils.Database) -> list[str]:
    return [m.name for sets in migration_sets() for m in sets.applied(db)]
