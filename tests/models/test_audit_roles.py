"""Roles are enforced in models/: every public write function refuses a 查阅 user and changes nothing; the audit
trail is written with the change or not at all, and cannot be edited."""
from __future__ import annotations

import inspect
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from models import accounts, audit, demo, idcard, members, org
from models.audit import PermissionDenied, changing, log_event
from models.db import LedgerDB
from models.entities import Grid, Member, Village
from tests.conftest import add_member, make_id

PW = "mima-1234"


ROOT = Path(__file__).resolve().parents[2]

# Every public function of these modules is either a reader or a writer; a new function must be added to one
# of the lists (and, if it writes, to WRITES below) or this test fails.
READERS = {
    members: {"search_text", "member_from_values", "get_member", "find_by_id_number", "owning_town", "search_members",
              "member_table", "count_members", "member_events", "probation_due", "probation_end",
              # added on branch ui-foundation (readers):
              "member_cache_rows", "filter_cached", "database_file",
              # added on branch uifix (pure: rank rows already read):
              "match_rank", "rank_matches"},
    org: {"get_town", "town_name", "list_villages", "get_village", "find_village", "default_org_name", "list_grids", "get_grid",
          "find_grid", "tree_counts", "org_warnings", "natural_villages", "split_names",
          "county_warning"},  # added on branch names (no database)
    demo: {"village_names", "person_name"},
    accounts: {"hash_password", "check_password_hash", "password_problem", "name_problem", "list_accounts",
               "get_account", "idle_minutes", "needs_rehash",
               # signing in only touches the login counters, never records:
               "verify_password", "login", "logout"},
}


def _writes(db: LedgerDB, ids: dict[str, int]) -> dict[str, Callable[[], Any]]:
    v1, v2, g1, m1, m2 = ids["v1"], ids["v2"], ids["g1"], ids["m1"], ids["m2"]
    return {
        "members.save_member": lambda: members.save_member(db, Member(name="新人", id_number=make_id(), village_id=v1,
                                                                      join_date="1995-07-01",
                                                                      full_date="1996-07-01")),
        "members.save_member(update)": lambda: members.save_member(
            db, Member(**{**members.get_member(db, m1).__dict__, "phone": "13800000000"})),
        "members.change_status": lambda: members.change_status(db, m1, "去世", "2020-01-01"),
        "members.restore_member": lambda: members.restore_member(db, m2),
        "org.save_town": lambda: org.save_town(db, "新镇", "370285"),
        "org.add_village": lambda: org.add_village(db, "新村"),
        "org.update_village": lambda: org.update_village(db, Village(v1, "改名村")),
        "org.add_grid": lambda: org.add_grid(db, v1, "第九网格"),
        "org.update_grid": lambda: org.update_grid(db, Grid(g1, v1, "改名网格")),
        "org.move_grid": lambda: org.move_grid(db, g1, v2),
        "org.merge_villages": lambda: org.merge_villages(db, v2, v1),
        "org.move_members": lambda: org.move_members(db, [m1], None, v2),
        "demo.fill_demo": lambda: demo.fill_demo(db, 10),
        "accounts.create_first_admin": lambda: accounts.create_first_admin(db, "boss", PW),
        "accounts.add_account": lambda: accounts.add_account(db, "boss", "管理员", PW),
        "accounts.set_role": lambda: accounts.set_role(db, "reader", "管理员"),
        "accounts.set_active": lambda: accounts.set_active(db, "admin", False),
        "accounts.reset_password": lambda: accounts.reset_password(db, "admin", "hijacked-pw"),
        "accounts.change_password(other user)": lambda: accounts.change_password(db, "admin", PW, "hijacked-pw"),
        "accounts.set_idle_minutes": lambda: accounts.set_idle_minutes(db, 0),
    }


WRITERS = {
    members: {"save_member", "change_status", "restore_member"},
    org: {"save_town", "add_village", "update_village", "add_grid", "update_grid", "move_grid", "merge_villages",
          "move_members"},
    demo: {"fill_demo"},
    accounts: {"create_first_admin", "add_account", "set_role", "set_active", "reset_password", "change_password",
               "set_idle_minutes"},
}


def public_functions(module: ModuleType) -> set[str]:
    return {n for n, f in vars(module).items()
            if inspect.isfunction(f) and f.__module__ == module.__name__ and not n.startswith("_")}


def snapshot(db: LedgerDB) -> list[str]:
    return list(db.conn.iterdump())


@pytest.fixture
def staffed(town_db: LedgerDB) -> tuple[LedgerDB, dict[str, int]]:
    m1 = add_member(town_db, "张三", grid="第一网格")
    m2 = add_member(town_db, "李四")
    members.change_status(town_db, m2, "转出", "2020-01-01", "莱西市委组织部")
    accounts.create_first_admin(town_db, "admin", PW)
    accounts.add_account(town_db, "clerk", "录入员", PW)
    accounts.add_account(town_db, "reader", "查阅", PW)
    ids = {"v1": org.find_village(town_db, "院上村").id, "v2": org.find_village(town_db, "姜家庄村").id,  # type: ignore[union-attr]
           "g1": town_db.execute("SELECT id FROM grids WHERE name = '第一网格'").fetchone()[0], "m1": m1, "m2": m2}
    return town_db, ids


# Writers that run only inside the caller's changing() block: they take its ChangeLog (which only changing() makes,
# after asking the role), so they cannot be called as a change of their own.
IN_CHANGE = {members: set(), org: {"add_villages", "add_grids"}, demo: set(), accounts: set()}


def test_every_public_function_is_classified() -> None:
    for module in READERS:
        unclassified = public_functions(module) - READERS[module] - WRITERS[module] - IN_CHANGE[module]
        assert not unclassified, f"{module.__name__}: classify {unclassified} as reader or writer"


def test_writers_inside_a_change_take_its_log() -> None:
    for module, names in IN_CHANGE.items():
        for name in names:
            params = inspect.signature(getattr(module, name)).parameters
            assert [p.annotation for p in params.values()][:2] == ["LedgerDB", "ChangeLog"], f"{module.__name__}.{name}"


def test_writes_list_covers_every_writer(staffed: tuple[LedgerDB, dict[str, int]]) -> None:
    db, ids = staffed
    assert list(_writes(db, ids)) == WRITE_NAMES
    covered = {k.split("(")[0] for k in WRITE_NAMES}
    assert covered == {f"{m.__name__.split('.')[-1]}.{n}" for m, names in WRITERS.items() for n in names}


WRITE_NAMES = [
    "members.save_member", "members.save_member(update)", "members.change_status", "members.restore_member",
    "org.save_town", "org.add_village", "org.update_village", "org.add_grid", "org.update_grid", "org.move_grid",
    "org.merge_villages", "org.move_members", "demo.fill_demo", "accounts.create_first_admin",
    "accounts.add_account", "accounts.set_role", "accounts.set_active", "accounts.reset_password",
    "accounts.change_password(other user)", "accounts.set_idle_minutes"]


@pytest.mark.parametrize("name", WRITE_NAMES)
def test_reader_cannot_write_through_any_function(staffed: tuple[LedgerDB, dict[str, int]], name: str) -> None:
    db, ids = staffed
    if name == "demo.fill_demo":  # the demo refuses a database with records before asking who you are
        for table in ("member_events", "members", "grids", "natural_villages", "village_years", "villages"):
            db.execute(f"DELETE FROM {table}")
        db.conn.commit()
    accounts.login(db, "reader", PW)
    before = snapshot(db)
    with pytest.raises((PermissionDenied, accounts.AccountError)) as err:
        _writes(db, ids)[name]()
    if name != "accounts.create_first_admin":
        assert err.type is PermissionDenied, err.value
        assert "reader" in str(err.value) or "只能修改自己的密码" in str(err.value)
    assert snapshot(db) == before


@pytest.mark.parametrize("name, allowed", [
    ("members.save_member", True), ("org.add_village", True), ("org.merge_villages", True),
    ("accounts.add_account", False), ("accounts.reset_password", False), ("accounts.set_idle_minutes", False)])
def test_clerk_edits_records_but_not_accounts_or_settings(staffed: tuple[LedgerDB, dict[str, int]], name: str,
                                                          allowed: bool) -> None:
    db, ids = staffed
    accounts.login(db, "clerk", PW)
    if allowed:
        _writes(db, ids)[name]()
    else:
        with pytest.raises(PermissionDenied, match=r"当前用户 clerk（录入员）没有.*的权限"):
            _writes(db, ids)[name]()


def test_nobody_signed_in_cannot_write_once_accounts_exist(staffed: tuple[LedgerDB, dict[str, int]]) -> None:
    db, ids = staffed
    accounts.logout(db)
    before = snapshot(db)
    with pytest.raises(PermissionDenied, match="请先登录"):
        _writes(db, ids)["org.add_village"]()
    assert snapshot(db) == before


def test_read_only_database_refuses_even_the_admin(staffed: tuple[LedgerDB, dict[str, int]]) -> None:
    db, ids = staffed
    db.read_only, db.read_only_reason = True, "数据库正由 办公室电脑 使用，已以只读方式打开"
    with pytest.raises(PermissionDenied, match="办公室电脑"):
        _writes(db, ids)["org.add_village"]()
    db.read_only = False


def test_every_module_that_writes_sql_goes_through_changing() -> None:
    """grep, as a test: a models/ module running INSERT/UPDATE/DELETE must use changing() (audit + roles)."""
    # audit_chain: the audit rows' one insert. dbuid.py: the database's own id row (settings.database_uid), made
    # by the start-up backup before anyone signs in, so no role can be checked; it writes its own audit row
    exempt = {"audit.py", "audit_chain.py", "migrations.py", "db.py", "dbuid.py"}
    for path in sorted((ROOT / "models").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        if path.name in exempt or not re.search(r"\b(INSERT|UPDATE|DELETE)\b", text):
            continue
        assert "changing(" in text, f"{path.name} writes SQL without changing()"
        for func in re.split(r"\n(?=def )", text):
            if re.search(r"\b(INSERT|UPDATE|DELETE)\b", func) and "changing(" not in func:
                name = func.split("(")[0].removeprefix("def ")
                # private helpers called inside a changing() block, and login counters, are the only exceptions
                assert name.startswith("_") or name in {"verify_password", "login"} or func.startswith(
                    ('"""', "from", "import")), f"{path.name}: {name} writes without changing()"


def test_failed_change_rolls_back_its_audit_row(town_db: LedgerDB) -> None:
    count = town_db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    with pytest.raises(sqlite3.IntegrityError):
        with changing(town_db, "新建村（社区）") as log:
            town_db.execute("INSERT INTO villages (name) VALUES ('临时村')")
            log.record("villages", 99, "临时村")
            town_db.execute("INSERT INTO villages (name) VALUES ('临时村')")  # unique name → fails
    assert town_db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == count
    assert town_db.execute("SELECT count(*) FROM villages WHERE name = '临时村'").fetchone()[0] == 0


def test_failed_model_write_leaves_no_audit_row(town_db: LedgerDB) -> None:
    before = snapshot(town_db)
    with pytest.raises(org.OrgError):
        org.add_village(town_db, "院上村")
    assert snapshot(town_db) == before


def test_audit_trail_cannot_be_edited_or_deleted(town_db: LedgerDB) -> None:
    log_event(town_db, "登录", "测试")
    with pytest.raises(sqlite3.IntegrityError, match="操作日志不能修改"):
        town_db.execute("UPDATE audit_log SET summary = '改过'")
    with pytest.raises(sqlite3.IntegrityError, match="操作日志不能删除"):
        town_db.execute("DELETE FROM audit_log WHERE action = '登录'")
    assert town_db.execute("SELECT summary FROM audit_log WHERE action = '登录'").fetchone()[0] == "测试"


def test_log_event_writes_its_own_row_with_user(staffed: tuple[LedgerDB, dict[str, int]]) -> None:
    db, _ = staffed
    assert log_event(db, "导出完整身份证号", "党员花名册 120 人")
    row = db.execute("SELECT user, action, summary, table_name FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert tuple(row) == ("admin", "导出完整身份证号", "党员花名册 120 人", "")
    assert not db.conn.in_transaction


def test_changing_records_user_and_field_changes(staffed: tuple[LedgerDB, dict[str, int]]) -> None:
    db, ids = staffed
    accounts.login(db, "clerk", PW)
    old = members.get_member(db, ids["m1"])
    members.save_member(db, Member(**{**old.__dict__, "phone": "13800000000"}))
    rows = audit.history(db, "members", ids["m1"])
    assert rows[-1]["user"] == "clerk" and rows[-1]["action"] == "修改党员"
    assert '"phone": "13800000000"' in rows[-1]["after"]


def test_identity_numbers_shown_by_role(staffed: tuple[LedgerDB, dict[str, int]]) -> None:
    db, ids = staffed
    number = members.get_member(db, ids["m1"]).id_number
    assert audit.shown_id_number(db, number) == number
    accounts.login(db, "reader", PW)
    assert audit.shown_id_number(db, number) == idcard.mask(number)
    assert audit.log_full_id_export(db, "党员花名册", 120)
    row = db.execute("SELECT user, action, summary FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert tuple(row) == ("reader", "导出完整身份证号", "党员花名册，含 120 人的完整身份证号")
