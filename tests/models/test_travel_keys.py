"""Keys that travel (HOUSE.md, migration m006): every table a clerk writes to carries uid, town_key, updated_at
(UTC) and updated_by; every write keeps them current; a uid never changes; two towns may both have a 新村."""
from __future__ import annotations

import datetime as dt
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from models import accounts, areas, clock, org
from models import households as hh
from models.db import KEY_COLUMNS, LedgerDB, keyed_tables, open_database
from models.migrations import MIGRATIONS
from tests.conftest import add_member
from tests.models import write_cases
from tests.models.test_import_files import person, write_xlsx
from tests.models.write_cases import CASES, LATER, PW, ROSTER, staffed

UUID4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
NOT_A_CLERKS_TABLE = {"audit_log", "settings", "_sqlite_migrations"}


def clerk_tables(db: LedgerDB) -> list[str]:
    """Every table in the file but the audit log, settings and internal/FTS tables."""
    rows = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()
    virtual = [n for n, sql in rows if sql and sql.upper().startswith("CREATE VIRTUAL TABLE")]
    return sorted(n for n, _ in rows if n not in NOT_A_CLERKS_TABLE and not n.startswith("sqlite_")
                  and n not in virtual and not any(n.startswith(f"{v}_") for v in virtual))


def test_every_table_a_clerk_writes_to_has_the_keys(db: LedgerDB) -> None:
    tables = clerk_tables(db)
    assert {"town", "villages", "grids", "natural_villages", "members", "member_events", "village_years",
            "accounts"} <= set(tables)
    for table in tables:
        columns = [r[1] for r in db.execute(f"PRAGMA table_info({table})")]
        missing = [c for c in KEY_COLUMNS if c not in columns]
        assert not missing, f"表 {table} 缺少 {missing}（HOUSE.md“Keys that will travel”）"
        unique_uid = [i for i in db.execute(f"PRAGMA index_list({table})").fetchall() if i[2]
                      and [r[2] for r in db.execute(f"PRAGMA index_info({i[1]})")] == ["uid"]]
        assert unique_uid, f"表 {table} 的 uid 没有唯一索引"
        for _, index, unique, origin, _ in db.execute(f"PRAGMA index_list({table})").fetchall():
            cols = [r[2] for r in db.execute(f"PRAGMA index_info({index})")]
            if unique and origin != "pk" and cols != ["uid"] and index not in INLINE_UNIQUE:
                assert "town_key" in cols, f"唯一索引 {index}（{cols}）不含 town_key"
    assert keyed_tables(db) == [t for t in db.table_names() if t in tables]


# UNIQUE constraints written inside CREATE TABLE (m001/m002): they cannot change without rebuilding the table.
INLINE_UNIQUE = {"sqlite_autoindex_natural_villages_1", "sqlite_autoindex_accounts_1"}


def keys_of(db: LedgerDB) -> dict[tuple[str, int], tuple[Any, ...]]:
    return {(t, r[0]): tuple(r[1:]) for t in keyed_tables(db)
            for r in db.execute(f"SELECT rowid, uid, town_key, updated_at, updated_by FROM {t}")}


def core_keyed_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """The keyed tables of the core migration set alone (the areas' own tables have their write cases)."""
    with monkeypatch.context() as m:
        m.setattr("models.areas.AREAS", ())
        core = open_database(tmp_path / "core-only.db")
        tables = set(keyed_tables(core))
        core.close()
    return tables


def test_new_rows_get_a_uid_the_town_key_the_utc_time_and_the_user(db: LedgerDB, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    ids = staffed(db)
    from models import assistance  # the area that writes village_years and its own tables
    assistance.set_class(db, ids["v1"], 2026, "强基", 2)
    slot = assistance.assign(db, ids["v1"], 2026, "leader", assistance.Person("王建国", "副区长", "13800000001"))
    assistance.add_log(db, slot.id, "2026-11-01", "走访")
    household = write_cases._central(db, ids)[1]  # the households area's tables
    hh.record_visit(db, hh.Visit(household, "2026-11-01"))
    keys = keys_of(db)
    assert core_keyed_tables(tmp_path, monkeypatch) <= {t for t, _ in keys}, "every core keyed table has rows"
    stamp = clock.utc_stamp()
    assert UTC.fullmatch(stamp)
    for (table, rowid), (uid, town_key, updated_at, _) in keys.items():
        assert UUID4.fullmatch(uid), (table, rowid, uid)
        assert town_key == "370285-院上镇", (table, rowid)
        assert updated_at == stamp, (table, rowid)
    assert len({k[0] for k in keys.values()}) == len(keys), "uids are unique across the file"
    made_by_admin = db.execute("SELECT updated_by FROM accounts WHERE name = 'clerk'").fetchone()[0]
    made_before = db.execute("SELECT updated_by FROM members WHERE name = '李四'").fetchone()[0]  # 张三 became a 中心户 (admin)
    assert (made_by_admin, made_before) == ("admin", "")


def _rows(db: LedgerDB) -> dict[tuple[str, str], dict[str, Any]]:
    """Every keyed row by (table, uid), with its rowid under "_rowid"."""
    out = {}
    for table in keyed_tables(db):
        cur = db.execute(f"SELECT rowid AS _rowid, * FROM {table}")
        names = [d[0] for d in cur.description]
        for r in cur.fetchall():
            row = dict(zip(names, r))
            out[(table, row["uid"])] = row
    return out


STAMPS = ("updated_at", "updated_by")
# settings has no keys (not a clerk's record)
SETTINGS_ONLY = {"accounts.set_idle_minutes", "settings.set_setting", "households.set_tag_list",
                 "supervision.set_evidence_limit"}


@pytest.mark.parametrize("name", list(CASES))
def test_every_write_keeps_the_keys_current(db: LedgerDB, tmp_path: Path, name: str) -> None:
    write = CASES[name](db, tmp_path)
    user = db.user
    before = _rows(db)
    clock.set_now(LATER)
    write()
    stamp = clock.utc_stamp()
    after = _rows(db)
    changed = [k for k, row in after.items() if k not in before or
               {c: v for c, v in row.items() if c not in STAMPS} != {c: v for c, v in before[k].items()
                                                                     if c not in STAMPS}]
    assert changed or name in SETTINGS_ONLY, f"{name} changed no keyed row"
    for key in changed:
        row = after[key]
        assert (row["updated_at"], row["updated_by"]) == (stamp, user), (name, key, row)
        assert UUID4.fullmatch(row["uid"]) and row["town_key"], (name, key, row)
    for key, row in before.items():  # rows the write did not touch keep their time
        if key not in changed and key in after:
            assert after[key]["updated_at"] == row["updated_at"], (name, key)
    # a row keeps its uid: the same rowid with another uid is only a removed natural village's number reused
    old_uids = {(t, row["_rowid"]): uid for (t, uid), row in before.items()}
    for (table, uid), row in after.items():
        if old_uids.get((table, row["_rowid"]), uid) != uid:
            assert table == "natural_villages" and (table, old_uids[(table, row["_rowid"])]) not in after, \
                f"{name} changed the uid of {table} {row['_rowid']}"
    assert len({uid for _, uid in after}) == len(after)


def test_a_member_edit_changes_time_and_user_but_never_the_uid(db: LedgerDB) -> None:
    ids = staffed(db)
    uid, first = db.execute("SELECT uid, updated_at FROM members WHERE id = ?", [ids["m1"]]).fetchone()
    accounts.login(db, "clerk", PW)
    clock.set_now(LATER)
    org.move_members(db, [ids["m1"]], None, ids["v2"])
    clock.set_now(LATER + dt.timedelta(hours=1))
    org.merge_villages(db, ids["v2"], ids["v1"])
    row = db.execute("SELECT uid, updated_at, updated_by FROM members WHERE id = ?", [ids["m1"]]).fetchone()
    assert row == (uid, clock.utc_stamp(), "clerk") and row[1] != first


def test_signing_in_is_not_an_edit_of_the_account(db: LedgerDB) -> None:
    staffed(db)
    before = db.execute("SELECT updated_at, updated_by FROM accounts WHERE name = 'clerk'").fetchone()
    clock.set_now(LATER)
    with pytest.raises(accounts.LoginError):
        accounts.login(db, "clerk", "wrong-password")
    accounts.login(db, "clerk", PW)
    row = db.execute("SELECT updated_at, updated_by, last_login_at FROM accounts WHERE name = 'clerk'").fetchone()
    assert row[:2] == before and row[2].startswith("2026-11-26 10:30")


def _town_file(path: Path, name: str, town_code: str) -> LedgerDB:
    db = open_database(path)
    org.save_town(db, name, "370285", town_code)
    org.add_village(db, "新村")
    return db


def test_two_towns_may_both_have_a_new_village_but_one_town_only_one(tmp_path: Path) -> None:
    a = _town_file(tmp_path / "a.db", "院上镇", "370285104")
    b = _town_file(tmp_path / "b.db", "店埠镇", "")
    b.close()
    columns = "name, stat_code, org_type, org_name, status, sort_key, created_at, uid, town_key, updated_at, updated_by"
    a.execute(f"ATTACH DATABASE '{tmp_path / 'b.db'}' AS b")
    with a.conn:  # what a district merge does: the other town's rows arrive with their own keys
        a.execute(f"INSERT INTO villages ({columns}) SELECT {columns} FROM b.villages")
    rows = a.execute("SELECT name, town_key FROM villages ORDER BY id").fetchall()
    assert rows == [("新村", "370285104"), ("新村", "370285-店埠镇")]
    other = sqlite3.connect(tmp_path / "b.db")
    assert a.execute("SELECT uid, updated_at FROM villages WHERE town_key = '370285-店埠镇'").fetchone() == \
        other.execute("SELECT uid, updated_at FROM villages").fetchone()
    other.close()
    with pytest.raises(sqlite3.IntegrityError):
        a.execute("INSERT INTO villages (name) VALUES ('新村')")  # a second 新村 of 院上镇
    assert org.find_village(a, "新村") is not None
    a.close()


def test_a_rename_of_the_town_keeps_its_key(db: LedgerDB) -> None:
    org.save_town(db, "院上镇", "370285")
    org.add_village(db, "院上村")
    org.save_town(db, "院上街道", "370285", "370285104")
    assert {r[0] for r in db.execute("SELECT town_key FROM villages UNION SELECT town_key FROM town")} == \
        {"370285-院上镇"}


def test_the_triggers_live_in_the_connection_not_in_the_file(db: LedgerDB, db_path: Path) -> None:
    org.save_town(db, "院上镇", "370285")
    assert not db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'gl_keys%'").fetchall()
    assert len(db.execute("SELECT name FROM sqlite_temp_master WHERE type = 'trigger'").fetchall()) == \
        2 * len(keyed_tables(db))
    plain = sqlite3.connect(db_path)
    with plain:
        plain.execute("INSERT INTO villages (name, uid, town_key, updated_at, updated_by)"
                      " VALUES ('外来村', 'x-1', '370285-院上镇', '2020-01-01T00:00:00Z', 'district')")
    plain.close()
    assert db.execute("SELECT uid, updated_at, updated_by FROM villages WHERE name = '外来村'").fetchone() == \
        ("x-1", "2020-01-01T00:00:00Z", "district")


def test_m006_fills_the_keys_of_an_existing_database(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = list(MIGRATIONS._migrations)
    monkeypatch.setattr(MIGRATIONS, "_migrations", [m for m in shipped if m.name <= "m005~"])
    all_areas = areas.AREAS
    monkeypatch.setattr(areas, "AREAS", ())  # the program before m006 had no areas either
    old = open_database(db_path)
    assert "uid" not in old["villages"].columns_dict
    old.user = "王会计"  # a database without accounts, as before m002: the audit keeps the name given
    org.save_town(old, "院上镇", "370285", "370285104")
    vid = org.add_village(old, "院上村", natural=["东院上"])
    org.add_grid(old, vid, "第一网格")
    mid = add_member(old, "张三", grid="第一网格")
    with old.conn:  # the program before m006 kept local time there
        old.execute("UPDATE members SET updated_at = '2026-11-26 09:00:00'")
    old.close()
    monkeypatch.setattr(MIGRATIONS, "_migrations", shipped)
    monkeypatch.setattr(areas, "AREAS", all_areas)
    clock.set_now(LATER)
    db = open_database(db_path)
    assert list(db_path.parent.glob("*before-upgrade*")), "the upgrade copy is still made"
    keys = keys_of(db)
    assert {t for t, _ in keys} >= {"town", "villages", "natural_villages", "grids", "members", "member_events"}
    assert len({k[0] for k in keys.values()}) == len(keys)
    made = dt.datetime(2026, 11, 26, 9, 0).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    for (table, rowid), (uid, town_key, updated_at, updated_by) in keys.items():
        assert UUID4.fullmatch(uid) and town_key == "370285104", (table, rowid)
        if table == "natural_villages":  # no audit row of their own (a summary row): the upgrade's time
            assert UTC.fullmatch(updated_at) and updated_by == "", (table, rowid)
        else:  # who and when from the newest audit row (members: the row's own updated_at, now in UTC)
            assert (updated_at, updated_by) == (made, "王会计"), (table, rowid)
    columns = [r[1] for r in db.execute("PRAGMA table_info(members)")]
    assert columns[-4:] == ["updated_at", "uid", "town_key", "updated_by"], "new columns only appended"
    db.user = "李会计"
    org.move_members(db, [mid], None, vid)
    assert db.execute("SELECT updated_at, updated_by FROM members").fetchone() == (clock.utc_stamp(), "李会计")


def test_a_bulk_write_puts_the_triggers_back_even_when_cancelled(db: LedgerDB, tmp_path: Path) -> None:
    from models.importing import ImportCancelled, import_members
    CASES["importing.import_members(new)"](db, tmp_path)()
    count = len(db.execute("SELECT name FROM sqlite_temp_master WHERE type = 'trigger'").fetchall())
    assert count == 2 * len(keyed_tables(db))
    more = write_xlsx(tmp_path / "more.xlsx", {"Sheet1": [ROSTER, [1, "孙八", person(401), "正式党员", "1995-07-01",
                                                                  "1996-07-01", "", "院上村", ""]]})
    writing: list[str] = []
    with pytest.raises(ImportCancelled):  # cancelled in the write phase, inside the bulk block
        import_members(db, more, progress=lambda phase, *_: writing.append(phase) if phase == "写入数据库" else None,
                       cancelled=lambda: bool(writing))
    assert writing and not db.execute("SELECT id FROM members WHERE name = '孙八'").fetchall()
    assert len(db.execute("SELECT name FROM sqlite_temp_master WHERE type = 'trigger'").fetchall()) == count
    add_member(db, "钱七")  # an ordinary write after them still gets its keys from the triggers
    row = db.execute("SELECT uid, updated_at FROM members WHERE name = '钱七'").fetchone()
    assert UUID4.fullmatch(row[0]) and row[1] == clock.utc_stamp()
