"""uid-keyed staging copies: the form in which records travel between a town and its district.

The real tables are keyed by an integer id that collides across towns, and SQLite's session extension keys a
changeset by the PRIMARY KEY. So a package is the difference of two *staging* files, each holding every
travelling table with `uid` as its PRIMARY KEY, the integer id left out, and every column that refers to another
row (village_id, member_id …) holding that row's uid instead. A district rebuilds its own integer references from
those uids. Staging files are written here with the program's own sqlite3; apsw reads them only in a child
process (models/exchange/engine.py), never in this one (TECH-NOTES: one file, one SQLite per process).

What travels: every table with the keys that travel (models.db.keyed_tables) but the accounts (each office has
its own users), the town row (the package's manifest carries the town's identity), the home page's handled
reminders (keyed by the town's own integer ids) and this area's own ex_ tables. Columns go in their table order
(tables only ever gain columns at the end), so a changeset's columns line up on both sides.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..db import LedgerDB, keyed_tables

NOT_TRAVELLING = frozenset({"accounts", "town", "handled_reminders"})
# references that no FOREIGN KEY clause declares (sv_problems.project_id came before sv_projects' table)
EXTRA_REFS: dict[tuple[str, str], str] = {("sv_problems", "project_id"): "sv_projects"}
# the column a conflict names its record by, first one the table has
LABEL_COLUMNS = ("name", "title", "head_name", "description", "kind")


@dataclass(frozen=True)
class Travelling:
    """One travelling table: its staging columns (uid first) and which of them refer to another table."""
    name: str
    columns: tuple[str, ...]
    refs: dict[str, str] = field(default_factory=dict)

    @property
    def own(self) -> tuple[str, ...]:
        """The staging columns but uid."""
        return self.columns[1:]


def q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def travelling(db: LedgerDB) -> list[Travelling]:
    """The travelling tables, each after the tables it refers to."""
    names = [t for t in keyed_tables(db) if t not in NOT_TRAVELLING and not t.startswith("ex_")]
    found: dict[str, Travelling] = {}
    for name in names:
        columns = [str(r[1]) for r in db.execute(f"PRAGMA table_info({q(name)})").fetchall()]
        refs = {str(r[3]): str(r[2]) for r in db.execute(f"PRAGMA foreign_key_list({q(name)})").fetchall()
                if str(r[2]) in names}
        refs.update({c: t for (tb, c), t in EXTRA_REFS.items() if tb == name and c in columns and t in names})
        found[name] = Travelling(name, ("uid",) + tuple(c for c in columns if c not in ("id", "uid")), refs)
    ordered: list[Travelling] = []
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...] = ()) -> None:
        if name in done or name in path:
            return
        for target in found[name].refs.values():
            if target != name:
                visit(target, path + (name,))
        done.add(name)
        ordered.append(found[name])

    for name in names:
        visit(name)
    return ordered


def schema_of(tables: Iterable[Travelling]) -> dict[str, list[str]]:
    return {t.name: list(t.columns) for t in tables}


def schema_version(schema: dict[str, list[str]]) -> str:
    """A short digest of the travelling tables' columns, in order: two databases exchange packages only when
    theirs are equal (the session extension skips a table of another shape, and applies columns by position)."""
    text = json.dumps(sorted(schema.items()), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def create_staging(path: Path, tables: Iterable[Travelling]) -> None:
    """An empty staging file: each table keyed by uid; no types (values are kept as they are), no indexes."""
    conn = sqlite3.connect(str(path))
    try:
        conn.execute("PRAGMA journal_mode = OFF")  # a scratch file: made whole or thrown away
        with conn:
            for t in tables:
                conn.execute(f"CREATE TABLE {q(t.name)} (uid PRIMARY KEY, {', '.join(q(c) for c in t.own)})")
    finally:
        conn.close()


def _select(t: Travelling, source: str) -> tuple[str, str]:
    """(select list, joins) reading table t of schema `source` with its references turned into uids."""
    items, joins = ["s.uid"], []
    for i, c in enumerate(t.own):
        target = t.refs.get(c)
        if target is None:
            items.append(f"s.{q(c)}")
        else:
            items.append(f"r{i}.uid")
            joins.append(f" LEFT JOIN {source}.{q(target)} r{i} ON r{i}.id = s.{q(c)}")
    return ", ".join(items), "".join(joins)


def build_staging(db: LedgerDB, path: Path, town: str | None, tables: list[Travelling] | None = None
                  ) -> dict[str, int]:
    """Write a new staging file at `path` holding the rows of `town` (None: no rows, an empty copy to diff a
    full package against); returns the row count per table. `db` must have no open transaction."""
    tables = tables if tables is not None else travelling(db)
    create_staging(path, tables)
    counts = {t.name: 0 for t in tables}
    if town is None:
        return counts
    db.execute("ATTACH DATABASE ? AS ex_out", [str(path)])
    try:
        db.execute("BEGIN")
        for t in tables:
            select, joins = _select(t, "main")
            cur = db.execute(f"INSERT INTO ex_out.{q(t.name)} ({', '.join(q(c) for c in t.columns)})"
                             f" SELECT {select} FROM main.{q(t.name)} s{joins} WHERE s.town_key = ?", [town])
            counts[t.name] = cur.rowcount
        db.execute("COMMIT")
    finally:
        if db.conn.in_transaction:
            db.execute("ROLLBACK")
        db.execute("DETACH DATABASE ex_out")
    return counts


def fill_statements(tables: Iterable[Travelling], source: str = "src") -> list[str]:
    """SQL that fills an empty staging file (main) from a real database attached as `source`, with only the rows
    whose uids the engine found in a changeset (temp.want(tbl, uid)): what a district's merge needs to see of
    itself. Run by the engine (models/exchange/engine.py) in its child process, the district's file attached
    read-only there: only the rows a package touches are read, through the uid indexes."""
    out = []
    for t in tables:
        select, joins = _select(t, source)
        out.append(f"INSERT INTO main.{q(t.name)} ({', '.join(q(c) for c in t.columns)}) SELECT {select}"
                   f" FROM {source}.{q(t.name)} s{joins}"
                   f" WHERE s.uid IN (SELECT uid FROM temp.want WHERE tbl = '{t.name}')")
    return out


def refresh_rows(db: LedgerDB, source: str, t: Travelling, uids: list[str], town: str) -> tuple[int, list[str]]:
    """Inside a transaction, with the merged staging file attached as `source`: make the rows `uids` of table t
    in the real table what the staging file holds (insert, update, or delete when it no longer has them), their
    references turned back into this database's ids. Rows with these uids that belong to another town are left
    alone; their uids are returned (the caller records them as conflicts). Returns (rows written, foreign)."""
    if not uids:
        return 0, []
    db.execute("DELETE FROM temp.ex_touched")
    db.conn.executemany("INSERT OR IGNORE INTO temp.ex_touched (uid) VALUES (?)", [(u,) for u in uids])
    foreign = [str(r[0]) for r in db.execute(
        f"SELECT uid FROM main.{q(t.name)} WHERE uid IN (SELECT uid FROM temp.ex_touched) AND town_key != ?",
        [town])]
    db.execute(f"DELETE FROM main.{q(t.name)} WHERE town_key = ? AND uid IN (SELECT uid FROM temp.ex_touched)"
               f" AND uid NOT IN (SELECT uid FROM {source}.{q(t.name)})", [town])
    items = []
    for c in t.columns:
        target = t.refs.get(c)
        items.append(f"(SELECT id FROM main.{q(target)} WHERE uid = s.{q(c)})" if target else f"s.{q(c)}")
    sets = ", ".join(f"{q(c)} = excluded.{q(c)}" for c in t.own)
    sql = (f"INSERT INTO main.{q(t.name)} ({', '.join(q(c) for c in t.columns)}) SELECT {', '.join(items)}"
           f" FROM {source}.{q(t.name)} s WHERE s.uid IN (SELECT uid FROM temp.ex_touched)"
           f" AND NOT EXISTS (SELECT 1 FROM main.{q(t.name)} m WHERE m.uid = s.uid AND m.town_key != ?)"
           f" ON CONFLICT(uid) DO UPDATE SET {sets}")
    written = db.execute(sql, [town]).rowcount
    if t.name in t.refs.values():  # a reference to its own table (a merged village): the rows exist now
        db.execute(sql, [town])
    return written, foreign


def to_local(db: LedgerDB, t: Travelling, column: str, value: object) -> object:
    """A staging value of `column` as the real table stores it (a referenced row's uid → its id here)."""
    target = t.refs.get(column)
    if target is None or value is None:
        return value
    row = db.execute(f"SELECT id FROM {q(target)} WHERE uid = ?", [value]).fetchone()
    return row[0] if row else None


def from_local(db: LedgerDB, t: Travelling, column: str, value: object) -> object:
    """A real table's value of `column` as staging holds it (an id → the referenced row's uid)."""
    target = t.refs.get(column)
    if target is None or value is None:
        return value
    row = db.execute(f"SELECT uid FROM {q(target)} WHERE id = ?", [value]).fetchone()
    return row[0] if row else None
