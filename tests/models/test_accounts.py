"""Accounts: first administrator, roles, password rules and hashes, the five-strikes lock, disabling."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from models import accounts
from models.accounts import AccountError, LoginError
from models.audit import PermissionDenied, can_see_full_ids, current_role, has_accounts
from models.db import LedgerDB, open_database

T0 = dt.datetime(2026, 11, 26, 9, 0, 0)
PW = "mima-1234"
DEFAULT_N = accounts.SCRYPT_N




@pytest.fixture
def staffed(town_db: LedgerDB) -> LedgerDB:
    """The town with 管理员 admin, 录入员 clerk and 查阅 reader; admin signed in."""
    accounts.create_first_admin(town_db, "admin", PW, "王主任")
    accounts.add_account(town_db, "clerk", "录入员", PW, "李干事")
    accounts.add_account(town_db, "reader", "查阅", PW)
    return town_db


def audit_actions(db: LedgerDB) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in db.execute("SELECT user, action FROM audit_log ORDER BY id")]


def test_database_without_accounts_allows_everything_without_login(town_db: LedgerDB) -> None:
    assert not has_accounts(town_db)
    assert town_db.user == "" and current_role(town_db) == ""
    assert can_see_full_ids(town_db)


def test_first_admin_signs_in_and_second_first_admin_is_refused(town_db: LedgerDB) -> None:
    admin = accounts.create_first_admin(town_db, " admin ", PW, "王主任")
    assert (admin.name, admin.role, admin.full_name) == ("admin", "管理员", "王主任")
    assert (town_db.user, current_role(town_db)) == ("admin", "管理员")
    with pytest.raises(AccountError, match="已经有用户了"):
        accounts.create_first_admin(town_db, "other", PW)
    assert ("", "创建管理员") in audit_actions(town_db)


def test_password_stored_only_as_salted_scrypt_hash(staffed: LedgerDB) -> None:
    rows = staffed.execute("SELECT password_hash FROM accounts").fetchall()
    hashes = [r[0] for r in rows]
    assert all(h.startswith("scrypt$1024$8$1$") for h in hashes)
    assert len(set(hashes)) == 3, "same password, different salt → different hashes"
    dump = "\n".join(staffed.conn.iterdump())
    assert PW not in dump
    assert "password_hash" not in "".join(r[0] or "" for r in staffed.execute("SELECT after FROM audit_log"))


def test_default_cost_and_stored_parameters(monkeypatch: pytest.MonkeyPatch) -> None:
    assert DEFAULT_N == 2 ** 17
    monkeypatch.setattr(accounts, "SCRYPT_N", DEFAULT_N)
    strong = accounts.hash_password(PW)
    assert strong.startswith("scrypt$131072$8$1$") and len(strong.split("$")[4]) == 32  # 16-byte salt
    monkeypatch.setattr(accounts, "SCRYPT_N", 2 ** 10)  # a later release changes the cost…
    assert accounts.check_password_hash(strong, PW)  # …old hashes still verify with their own parameters
    assert not accounts.check_password_hash(strong, PW + "x")
    assert not accounts.check_password_hash("md5$abc", PW)


@pytest.mark.parametrize("password, message", [
    ("short", "密码至少 8 位，现为 5 位"),
    ("1234567", "密码至少 8 位，现为 7 位"),
    ("newuser1", "密码不能与用户名相同"),
    (" spaced-pw ", "密码首尾不能是空格"),
])
def test_weak_passwords_are_refused(staffed: LedgerDB, password: str, message: str) -> None:
    with pytest.raises(AccountError, match=message):
        accounts.add_account(staffed, "newuser1", "录入员", password)
    assert accounts.get_account(staffed, "newuser1") is None


def test_names_are_unique_ignoring_case_and_roles_are_checked(staffed: LedgerDB) -> None:
    with pytest.raises(AccountError, match="已存在"):
        accounts.add_account(staffed, "CLERK", "录入员", PW)
    with pytest.raises(AccountError, match="角色“超级用户”应为 管理员、录入员、查阅 之一"):
        accounts.add_account(staffed, "boss", "超级用户", PW)
    with pytest.raises(AccountError, match="用户名不能含空格"):
        accounts.add_account(staffed, "a b", "查阅", PW)


def test_login_sets_user_and_role_and_is_audited(staffed: LedgerDB) -> None:
    accounts.logout(staffed)
    assert staffed.user == "" and current_role(staffed) is None
    account = accounts.login(staffed, "clerk", PW, now=T0)
    assert (staffed.user, staffed.role, account.full_name) == ("clerk", "录入员", "李干事")
    assert audit_actions(staffed)[-2:] == [("admin", "退出登录"), ("clerk", "登录")]
    assert accounts.get_account(staffed, "clerk").last_login_at == "2026-11-26 09:00:00"  # type: ignore[union-attr]


def test_wrong_password_counts_down_then_locks_for_a_minute(staffed: LedgerDB) -> None:
    for left in (4, 3, 2, 1):
        with pytest.raises(LoginError, match=f"密码错误，还可以再试 {left} 次") as err:
            accounts.login(staffed, "clerk", "wrong-password", now=T0)
        assert err.value.remaining == left
    with pytest.raises(LoginError, match="密码错误已达 5 次，用户 clerk 锁定 60 秒"):
        accounts.login(staffed, "clerk", "wrong-password", now=T0)
    # even the right password is refused while locked, with the seconds left
    with pytest.raises(LoginError, match="请 30 秒后再试") as err:
        accounts.login(staffed, "clerk", PW, now=T0 + dt.timedelta(seconds=30))
    assert err.value.locked_seconds == 30
    # other users are not affected
    accounts.login(staffed, "reader", PW, now=T0 + dt.timedelta(seconds=30))
    # after the minute the right password works and the count starts again
    accounts.login(staffed, "clerk", PW, now=T0 + dt.timedelta(seconds=61))
    with pytest.raises(LoginError, match="还可以再试 4 次"):
        accounts.login(staffed, "clerk", "wrong-password", now=T0 + dt.timedelta(seconds=62))
    failures = [r for r in audit_actions(staffed) if r[1] == "登录失败"]
    assert len(failures) == 7 and all(user == "clerk" for user, _ in failures)  # 6 wrong, 1 while locked
    assert staffed.execute("SELECT count(*) FROM audit_log WHERE action = '登录失败'"
                           " AND summary LIKE '锁定期间尝试登录%'").fetchone()[0] == 1


def test_lock_survives_a_restart(staffed: LedgerDB, db_path: Path) -> None:
    for _ in range(5):
        with pytest.raises(LoginError):
            accounts.login(staffed, "clerk", "wrong-password", now=T0)
    staffed.close()
    reopened = open_database(db_path)
    with pytest.raises(LoginError, match="锁定") as err:
        accounts.login(reopened, "clerk", PW, now=T0 + dt.timedelta(seconds=5))
    assert err.value.locked_seconds == 55
    reopened.close()


def test_unknown_and_disabled_users_cannot_sign_in(staffed: LedgerDB) -> None:
    with pytest.raises(LoginError, match="用户“nobody”不存在或已停用"):
        accounts.login(staffed, "nobody", PW)
    accounts.set_active(staffed, "clerk", False)
    with pytest.raises(LoginError, match="用户“clerk”不存在或已停用"):
        accounts.login(staffed, "clerk", PW)
    assert accounts.get_account(staffed, "clerk").active is False  # type: ignore[union-attr]
    accounts.set_active(staffed, "clerk", True)
    accounts.login(staffed, "clerk", PW)


def test_disabled_user_already_signed_in_loses_rights_at_once(staffed: LedgerDB) -> None:
    accounts.login(staffed, "clerk", PW)
    staffed.user = "admin"  # the admin, at the same PC, disables the clerk
    accounts.set_active(staffed, "clerk", False)
    staffed.user = "clerk"
    with pytest.raises(PermissionDenied, match="用户 clerk 已停用或不存在，请重新登录"):
        accounts.change_password(staffed, "clerk", PW, "another-pw-1")


def test_at_least_one_active_admin_remains(staffed: LedgerDB) -> None:
    with pytest.raises(AccountError, match="admin是唯一启用的管理员，不能改为录入员"):
        accounts.set_role(staffed, "admin", "录入员")
    with pytest.raises(AccountError, match="不能停用当前登录的用户"):
        accounts.set_active(staffed, "admin", False)
    accounts.set_role(staffed, "clerk", "管理员")
    accounts.login(staffed, "clerk", PW)
    accounts.set_role(staffed, "admin", "查阅")  # two admins: one may step down
    with pytest.raises(AccountError, match="clerk是唯一启用的管理员，不能改为查阅"):
        accounts.set_role(staffed, "clerk", "查阅")
    assert [(a.name, a.role) for a in accounts.list_accounts(staffed) if a.role == "管理员"] == [("clerk", "管理员")]


def test_reset_and_change_password(staffed: LedgerDB) -> None:
    for _ in range(5):
        with pytest.raises(LoginError):
            accounts.login(staffed, "clerk", "wrong-password", now=T0)
    accounts.login(staffed, "admin", PW, now=T0)
    accounts.reset_password(staffed, "clerk", "reset-pw-99")  # also lifts the lock
    accounts.login(staffed, "clerk", "reset-pw-99", now=T0)
    with pytest.raises(LoginError, match="密码错误"):
        accounts.change_password(staffed, "clerk", "not-the-old-one", "brand-new-pw", now=T0)
    with pytest.raises(PermissionDenied, match="只能修改自己的密码"):
        accounts.change_password(staffed, "reader", PW, "brand-new-pw", now=T0)
    accounts.change_password(staffed, "clerk", "reset-pw-99", "brand-new-pw", now=T0)
    accounts.logout(staffed)
    accounts.login(staffed, "clerk", "brand-new-pw", now=T0)
    actions = [a for _, a in audit_actions(staffed)]
    assert "重置密码" in actions and "修改密码" in actions


def test_reader_can_change_own_password(staffed: LedgerDB) -> None:
    accounts.login(staffed, "reader", PW)
    accounts.change_password(staffed, "reader", PW, "reader-new-pw")
    accounts.login(staffed, "reader", "reader-new-pw")


@pytest.mark.parametrize("user, full_ids", [("admin", True), ("clerk", True), ("reader", False)])
def test_only_reader_sees_masked_identity_numbers(staffed: LedgerDB, user: str, full_ids: bool) -> None:
    accounts.login(staffed, user, PW)
    assert can_see_full_ids(staffed) is full_ids
    accounts.logout(staffed)
    assert can_see_full_ids(staffed) is False, "nobody signed in on a database with accounts"


def test_idle_minutes_setting_is_admin_only(staffed: LedgerDB) -> None:
    assert accounts.idle_minutes(staffed) == 15
    accounts.set_idle_minutes(staffed, 5)
    assert accounts.idle_minutes(staffed) == 5
    with pytest.raises(AccountError, match="0–240"):
        accounts.set_idle_minutes(staffed, 999)
    accounts.login(staffed, "clerk", PW)
    with pytest.raises(PermissionDenied, match="没有修改设置的权限"):
        accounts.set_idle_minutes(staffed, 30)
    assert accounts.idle_minutes(staffed) == 5


def test_sign_in_on_a_file_that_cannot_be_written(staffed: LedgerDB) -> None:
    staffed.execute("PRAGMA query_only = ON")  # like a database on a read-only medium
    assert accounts.login(staffed, "clerk", PW).role == "录入员"
    with pytest.raises(LoginError, match="密码错误"):
        accounts.login(staffed, "clerk", "wrong-password")
    staffed.execute("PRAGMA query_only = OFF")


def test_old_hash_is_upgraded_at_the_next_successful_login(staffed: LedgerDB, monkeypatch: pytest.MonkeyPatch) -> None:
    def stored() -> str:
        return str(staffed.execute("SELECT password_hash FROM accounts WHERE name = 'clerk'").fetchone()[0])
    old = stored()
    assert old.startswith("scrypt$1024$8$1$")
    monkeypatch.setattr(accounts, "SCRYPT_N", 2 ** 11)  # a later release raises the cost
    with pytest.raises(LoginError, match="密码错误"):
        accounts.login(staffed, "clerk", "wrong-password")
    assert stored() == old, "a wrong password upgrades nothing"
    accounts.login(staffed, "clerk", PW)
    upgraded = stored()
    assert upgraded.startswith("scrypt$2048$8$1$") and upgraded != old
    assert ("clerk", "升级密码加密") in audit_actions(staffed)
    accounts.logout(staffed)
    accounts.login(staffed, "clerk", PW)
    assert stored() == upgraded, "an up-to-date hash is kept"
    assert accounts.needs_rehash(old) and not accounts.needs_rehash(upgraded)


def _count_scrypt(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = accounts.hashlib.scrypt

    def counting(*args, **kw):  # type: ignore[no-untyped-def]
        calls.append(kw["n"])
        return real(*args, **kw)
    monkeypatch.setattr(accounts.hashlib, "scrypt", counting)
    return calls


@pytest.mark.parametrize("name", ["nobody", "ghost-user"])
def test_unknown_name_costs_the_same_hash_as_a_wrong_password(staffed: LedgerDB, name: str,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_scrypt(monkeypatch)
    with pytest.raises(LoginError, match="密码错误"):
        accounts.login(staffed, "clerk", "wrong-password")
    wrong = list(calls)
    calls.clear()
    with pytest.raises(LoginError, match="不存在或已停用"):
        accounts.login(staffed, name, "wrong-password")
    assert calls == wrong == [accounts.SCRYPT_N]
    calls.clear()
    accounts.set_active(staffed, "reader", False)
    with pytest.raises(LoginError, match="不存在或已停用"):
        accounts.login(staffed, "reader", PW)
    assert calls == wrong


def test_failed_logins_on_a_read_only_file_still_lock(staffed: LedgerDB) -> None:
    from models.db import open_same
    staffed.execute("PRAGMA query_only = ON")  # like a database on a read-only medium
    try:
        for left in (4, 3, 2, 1):
            with pytest.raises(LoginError, match=f"还可以再试 {left} 次"):
                accounts.login(staffed, "clerk", "wrong-password", now=T0)
        with pytest.raises(LoginError, match="锁定 60 秒"):
            accounts.login(staffed, "clerk", "wrong-password", now=T0)
        with pytest.raises(LoginError, match="已锁定"):
            accounts.login(staffed, "clerk", PW, now=T0 + dt.timedelta(seconds=10))
        other = open_same(staffed)  # another connection of this process to the same file
        other.execute("PRAGMA query_only = ON")
        with pytest.raises(LoginError, match="已锁定"):
            accounts.login(other, "clerk", PW, now=T0 + dt.timedelta(seconds=20))
        assert staffed.execute("SELECT failed_count, locked_until FROM accounts WHERE name = 'clerk'"
                               ).fetchone() == (0, ""), "nothing could be written to the file"
        assert accounts.login(staffed, "clerk", PW, now=T0 + dt.timedelta(seconds=61)).name == "clerk"
        with pytest.raises(LoginError, match="还可以再试 4 次"):
            accounts.login(staffed, "clerk", "wrong-password", now=T0 + dt.timedelta(seconds=62))
    finally:
        staffed.execute("PRAGMA query_only = OFF")
