"""The apsw side of the exchange, run only as a child process (`python engine.py diff|apply …`), so that apsw's
bundled SQLite and the program's own sqlite3 never open the same file in one process (TECH-NOTES). It imports
nothing of the program: it reads and writes staging files (models/exchange/staging.py) and JSON.

- `diff OLD NEW OUT` writes the changeset that turns staging file OLD into NEW (SQLite's session extension,
  `Session.diff`; a changeset, not a patchset: it keeps the old values, without which a conflict cannot be
  seen) and prints {"changes": {table: {"INSERT": n, "UPDATE": n, "DELETE": n}}}.
- `apply TARGET CHANGESET [SOURCE FILL.json TOWN]` refuses (error "owner") a changeset that adds or changes a
  row owned by another town than TOWN, then fills the empty staging file TARGET with the rows of
  database SOURCE (attached read-only) whose uids the changeset names, by the statements of FILL.json
  (models.exchange.staging.fill_statements), then applies the changeset to it with a conflict handler that never
  overwrites and never drops: where TARGET's row is not what the sender had (changed here and there), the
  fields only the sender changed are taken, a field both changed keeps TARGET's value and is reported with the
  incoming value; a status change (a soft deletion: 转出, 去世 …) of a record changed here is held back and
  reported; a deletion of a record changed here, or a change of a record deleted here, is reported and not
  done. It prints {"tables": {table: {"added", "changed", "deleted", "uids"}}, "conflicts": [...],
  "id_numbers": [[uid, id_number], ...], "merged": [[table, uid], ...]} (members added or whose identity
  number changed; rows that mix both sides).
Values in JSON: text, numbers and null as they are; a BLOB as {"$b64": "..."}.
"""
from __future__ import annotations

import base64
import json
import sys
from typing import Any

import apsw

KEYS = ("uid", "updated_at", "updated_by")
# derived from other columns (the members' search text and sort key): never a conflict of their own; where a
# merge mixed both sides the program computes them again
DERIVED = ("search_text", "sort_key")
LABEL_COLUMNS = ("name", "title", "head_name", "description", "kind")


def enc(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"$b64": base64.b64encode(value).decode()}
    return value


def diff(old: str, new: str, out: str) -> dict[str, Any]:
    conn = apsw.Connection(new)
    conn.execute("ATTACH DATABASE ? AS old", (old,))
    tables = [r[0] for r in conn.execute("SELECT name FROM main.sqlite_master WHERE type = 'table' ORDER BY name")]
    session = apsw.Session(conn, "main")
    for table in tables:
        session.attach(table)
        session.diff("old", table)
    changeset = session.changeset()
    session.close()
    with open(out, "wb") as f:
        f.write(changeset)
    changes: dict[str, dict[str, int]] = {}
    for change in apsw.Changeset.iter(changeset):
        counts = changes.setdefault(change.name, {"INSERT": 0, "UPDATE": 0, "DELETE": 0})
        counts[change.op] += 1
    conn.close()
    return {"changes": changes, "size": len(changeset)}


class Applier:
    def __init__(self, conn: apsw.Connection) -> None:
        self.conn = conn
        self.columns: dict[str, list[str]] = {}
        self.pending: list[tuple[str, str, int, tuple[Any, ...] | None, tuple[Any, ...] | None,
                                 tuple[Any, ...] | None]] = []
        self.conflicts: list[dict[str, Any]] = []
        self.omitted: set[tuple[str, str]] = set()
        self.merged: list[list[str]] = []

    def cols(self, table: str) -> list[str]:
        if table not in self.columns:
            self.columns[table] = [r[1] for r in self.conn.execute(f'PRAGMA table_info("{table}")')]
        return self.columns[table]

    def on_conflict(self, reason: int, change: apsw.TableChange) -> int:
        if reason == apsw.SQLITE_CHANGESET_FOREIGN_KEY:  # staging files declare no foreign keys
            return apsw.SQLITE_CHANGESET_OMIT
        old = tuple(change.old) if change.old is not None else None
        new = tuple(change.new) if change.new is not None else None
        cur = tuple(change.conflict) if change.conflict is not None else None
        self.pending.append((change.name, change.op, reason, old, new, cur))
        return apsw.SQLITE_CHANGESET_OMIT

    def report(self, table: str, uid: str, kind: str, field: str, ours: Any, theirs: Any, row: dict[str, Any],
               theirs_at: Any = "") -> None:
        label = next((row[c] for c in LABEL_COLUMNS if row.get(c) not in (None, "")), "")
        self.conflicts.append({"table": table, "uid": uid, "kind": kind, "field": field, "ours": enc(ours),
                               "theirs": enc(theirs), "name": enc(label) if isinstance(label, str) else str(label),
                               "id_number": row.get("id_number") or "",
                               "theirs_at": theirs_at if isinstance(theirs_at, str) else ""})

    def settle(self) -> None:
        """Work out each conflict the handler put aside, now that the changeset is through."""
        for table, op, reason, old, new, cur in self.pending:
            cols = self.cols(table)
            uid = str((old or new or cur or ("",))[0])
            self.omitted.add((table, uid))
            now = dict(zip(cols, cur)) if cur is not None else {}
            if op == "UPDATE" and reason == apsw.SQLITE_CHANGESET_DATA and old and new and cur:
                self.settle_update(table, uid, cols, old, new, cur)
            elif op == "UPDATE":  # not found: deleted here, changed there
                assert new is not None and old is not None
                theirs = {c: enc(v) for c, v, o in zip(cols, new, old) if v is not apsw.no_change and c != "uid"}
                row = {c: (o if v is apsw.no_change else v) for c, v, o in zip(cols, new, old)}
                self.report(table, uid, "deleted_changed", "*", None, theirs, row)
            elif op == "DELETE" and reason == apsw.SQLITE_CHANGESET_DATA:  # changed here, deleted there
                self.report(table, uid, "deleted_changed", "*", {c: enc(v) for c, v in now.items()}, None, now)
            elif op == "INSERT" and new is not None and cur is not None:  # the same record added here and there
                incoming = dict(zip(cols, new))
                for c in cols:
                    if c not in KEYS and c not in DERIVED and now.get(c) != incoming.get(c):
                        self.report(table, uid, "changed_both", c, now.get(c), incoming.get(c), now,
                                    incoming.get("updated_at"))
            elif op != "DELETE":  # a constraint: reported whole
                self.report(table, uid, "changed_both", "*", now or None,
                            dict(zip(cols, [enc(v) for v in new])) if new else None, now)

    def settle_update(self, table: str, uid: str, cols: list[str], old: tuple[Any, ...], new: tuple[Any, ...],
                      cur: tuple[Any, ...]) -> None:
        now = dict(zip(cols, cur))
        at = cols.index("updated_at") if "updated_at" in cols else -1
        stamp = (old[at] if new[at] is apsw.no_change else new[at]) if at >= 0 else ""
        changed_here = at < 0 or old[at] is apsw.no_change or cur[at] != old[at]
        take: dict[str, Any] = {}
        clashes: list[tuple[str, Any, Any]] = []
        for c, o, n, u in zip(cols, old, new, cur):
            if n is apsw.no_change or c in KEYS or c in DERIVED:
                continue
            if u == o:
                take[c] = n
            elif u != n:
                clashes.append((c, u, n))
        held = False
        if "status" in take and changed_here:  # a status change (soft deletion) of a record changed here
            self.report(table, uid, "deleted_changed", "status", now.get("status"), take.pop("status"), now, stamp)
            held = True
        for c, u, n in clashes:
            kind = "deleted_changed" if c == "status" else "changed_both"
            self.report(table, uid, kind, c, u, n, now, stamp)
        if not clashes and not held:  # nothing to decide: the row is theirs as to time and author too
            for c in ("updated_at", "updated_by", *DERIVED):
                if c in cols and new[cols.index(c)] is not apsw.no_change:
                    take[c] = new[cols.index(c)]
        self.merged.append([table, uid])
        if take:
            sets = ", ".join(f'"{c}" = ?' for c in take)
            self.conn.execute(f'UPDATE "{table}" SET {sets} WHERE uid = ?', (*take.values(), uid))


def key_of(change: apsw.TableChange) -> str:
    """The uid of the row a change is about (the staging tables' PRIMARY KEY is their first column)."""
    row = change.new if change.op == "INSERT" else change.old
    assert row is not None
    return str(row[0])


def fill(conn: apsw.Connection, changeset: bytes, source: str, statements: list[str]) -> None:
    conn.execute("CREATE TEMP TABLE want (tbl TEXT, uid TEXT, PRIMARY KEY (tbl, uid)) WITHOUT ROWID")
    rows = []
    for change in apsw.Changeset.iter(changeset):
        rows.append((change.name, key_of(change)))
    conn.execute("BEGIN")
    conn.executemany("INSERT OR IGNORE INTO temp.want VALUES (?, ?)", rows)
    conn.execute("ATTACH DATABASE ? AS src", (f"file:{source}?mode=ro",))
    for sql in statements:
        conn.execute(sql)
    conn.execute("COMMIT")
    conn.execute("DETACH DATABASE src")


def check_owner(changeset: bytes, town: str, columns: dict[str, list[str]]) -> None:
    """Only the sending town's own rows travel: a row it adds or gives an owner must be the town's."""
    for change in apsw.Changeset.iter(changeset):
        cols = columns.get(change.name) or []
        if change.op == "DELETE" or "town_key" not in cols:
            continue
        assert change.new is not None
        value = change.new[cols.index("town_key")]
        if value is not apsw.no_change and value != town:
            raise OwnerError(f"{change.name}:{value}")


class OwnerError(Exception):
    """A row of another town in a town's package."""


def apply(target: str, changeset_path: str, source: str = "", fill_path: str = "", town: str = ""
          ) -> dict[str, Any]:
    with open(changeset_path, "rb") as f:
        changeset = f.read()
    conn = apsw.Connection(target, flags=apsw.SQLITE_OPEN_READWRITE | apsw.SQLITE_OPEN_CREATE | apsw.SQLITE_OPEN_URI)
    if source:
        with open(fill_path, encoding="utf-8") as f:
            fill(conn, changeset, source, json.load(f))
    applier = Applier(conn)
    if town:
        names = [r[0] for r in conn.execute("SELECT name FROM main.sqlite_master WHERE type = 'table'")]
        check_owner(changeset, town, {n: applier.cols(n) for n in names})
    tables: dict[str, dict[str, Any]] = {}
    id_numbers: list[list[str]] = []
    for change in apsw.Changeset.iter(changeset):
        t = tables.setdefault(change.name, {"added": 0, "changed": 0, "deleted": 0, "uids": [], "ops": []})
        uid = key_of(change)
        t["uids"].append(uid)
        t["ops"].append(change.op)
        if change.name == "members" and change.op in ("INSERT", "UPDATE"):
            cols = applier.cols("members")
            i = cols.index("id_number")
            assert change.new is not None
            if change.new[i] is not apsw.no_change:
                id_numbers.append([uid, str(change.new[i])])
    conn.execute("BEGIN IMMEDIATE")
    try:
        apsw.Changeset.apply(changeset, conn, conflict=applier.on_conflict)
        applier.settle()
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    for name, t in tables.items():
        for uid, op in zip(t["uids"], t.pop("ops")):
            if (name, uid) in applier.omitted and op != "UPDATE":
                continue
            t[{"INSERT": "added", "UPDATE": "changed", "DELETE": "deleted"}[op]] += 1
    conn.close()
    return {"tables": tables, "conflicts": applier.conflicts, "id_numbers": id_numbers, "merged": applier.merged}


def main(argv: list[str]) -> int:
    try:
        if argv[0] == "diff":
            result = diff(argv[1], argv[2], argv[3])
        elif argv[0] == "apply":
            result = apply(*argv[1:6])
        else:
            raise ValueError(f"unknown command {argv[0]!r}")
    except OwnerError as exc:
        json.dump({"error": "owner", "detail": str(exc)}, sys.stdout, ensure_ascii=False)
        return 1
    except Exception as exc:  # the parent turns this into a Chinese refusal
        json.dump({"error": f"{type(exc).__name__}: {exc}"}, sys.stdout, ensure_ascii=False)
        return 1
    json.dump(result, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
