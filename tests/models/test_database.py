from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from models.db import DatabaseError, migration_sets, open_database, schema_version
from models.migrations import MIGRATIONS


def test_new_database_gets_schema_and_pragmas(db_path: Path) -> None:
    db = open_database(db_path)
    assert {"town", "villages", "grids", "members", "member_events", "audit_log"} <= set(db.table_names())
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert schema_version(db) == [m.name for sets in migration_sets() for m in sets._migrations]  # core, then areas
    assert schema_version(db)[:len(MIGRATIONS._migrations)] == [m.name for m in MIGRATIONS._migrations]


def test_reopening_is_idempotent_and_makes_no_upgrade_copy(db_path: Path) -> None:
    open_database(db_path).close()
    before = schema_version(open_database(db_path))
    db = open_database(db_path)
    assert schema_version(db) == before
    assert not list(db_path.parent.glob("*before-upgrade*"))


def test_pending_migration_copies_the_file_first(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = open_database(db_path)
    db.execute("INSERT INTO town (name, county_code) VALUES ('院上镇', '370285')")
    db.conn.commit()
    db.close()

    def m999_test_upgrade(database) -> None:  # a later release adding a column
        database.execute("ALTER TABLE town ADD COLUMN note TEXT")

    monkeypatch.setattr(MIGRATIONS, "_migrations",
                        [*MIGRATIONS._migrations, MIGRATIONS._Migration("m999_test_upgrade", m999_test_upgrade)])
    upgraded = open_database(db_path)
    assert "note" in upgraded["town"].columns_dict
    copies = list(db_path.parent.glob("ledger.before-upgrade-*.db"))
    assert len(copies) == 1
    old = sqlite3.connect(copies[0])
    assert old.execute("SELECT name FROM town").fetchone()[0] == "院上镇"
    assert "note" not in [r[1] for r in old.execute("PRAGMA table_info(town)")]


def test_foreign_file_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE stuff (x)")
    con.commit()
    con.close()
    with pytest.raises(DatabaseError, match="不是网格党建台账的数据库文件"):
        open_database(other)


def test_audit_log_cannot_be_edited(town_db) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="操作日志不能修改"):
        town_db.execute("UPDATE audit_log SET user = 'x'")
    with pytest.raises(sqlite3.IntegrityError, match="操作日志不能删除"):
        town_db.execute("DELETE FROM audit_log")


def test_village_queries_use_the_village_index(db) -> None:
    """A village's members are found through an index on village_id (members_village, or the home page's
    covering members_figures), not by scanning all 在册 members."""
    plan = " ".join(str(r[-1]) for r in db.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM members m WHERE m.status IN ('在册') AND m.village_id = 5").fetchall())
    assert "SEARCH m USING" in plan and "village_id=?" in plan and "SCAN" not in plan
