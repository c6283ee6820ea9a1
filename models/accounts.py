"""User accounts: the first administrator, adding and disabling users, roles, passwords, signing in and out.

Passwords are kept only as salted scrypt hashes with their parameters ("scrypt$n$r$p$salt$hash"), so the cost
can be raised later without breaking old hashes: new and changed passwords use N=2**17, r=8, p=1, and an older,
cheaper hash is replaced at its owner's next successful sign-in. An unknown or disabled user name costs one scrypt
like a wrong password, so names cannot be told apart by the time a refusal takes. Five wrong passwords in a row
lock that login for one minute; the count and the lock time live in the database, so restarting the program does
not reset them (on a file that cannot be written they are kept in the process instead: _failures_in_memory).
Attempts while locked are refused unchecked and audited. Accounts are never deleted (disabled instead) and at
least one active 管理员 always remains.

Account changes go through `changing(..., permission="accounts")` and are audited without any password data;
signing in and out are audited with `log_event`.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
import sqlite3
from dataclasses import dataclass

from . import clock
from .audit import ROLES, PermissionDenied, accounts_vanished, changing, has_accounts, log_event, require
from .db import LedgerDB, database_path
from .errors import Refused
from .settings import get_setting, set_setting

MIN_PASSWORD = 8
MAX_ATTEMPTS = 5
LOCK_SECONDS = 60
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 17, 8, 1  # tests/conftest.py lowers SCRYPT_N for speed
DEFAULT_IDLE_MINUTES = 15


class AccountError(Refused, ValueError):
    """A rejected account change; the message is Chinese."""


class LoginError(Refused):
    """A refused sign-in. `remaining` attempts before the lock, or `locked_seconds` while locked."""

    def __init__(self, message: str, *, remaining: int | None = None, locked_seconds: int = 0) -> None:
        super().__init__(message)
        self.remaining = remaining
        self.locked_seconds = locked_seconds


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    full_name: str
    role: str
    active: bool
    last_login_at: str = ""
    created_at: str = ""


_COLS = "id, name, full_name, role, active, last_login_at, created_at"


def _now(now: dt.datetime | None) -> dt.datetime:
    return (now or clock.now()).replace(microsecond=0)


# --- passwords -------------------------------------------------------------------------------------------
def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                            maxmem=256 * 1024 * 1024, dklen=32)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def check_password_hash(stored: str, password: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if kind != "scrypt":
        return False
    got = hashlib.scrypt(password.encode("utf-8"), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p),
                         maxmem=256 * 1024 * 1024, dklen=len(digest) // 2)
    return hmac.compare_digest(got.hex(), digest)


def needs_rehash(stored: str) -> bool:
    """True when a stored hash is cheaper than (or made with other parameters than) today's SCRYPT_N/R/P."""
    try:
        kind, n, r, p, _salt, _digest = stored.split("$")
        return kind != "scrypt" or int(n) < SCRYPT_N or (int(r), int(p)) != (SCRYPT_R, SCRYPT_P)
    except ValueError:
        return True


def _dummy_check(password: str) -> None:
    """As much work as checking a real password: for unknown and disabled names (no timing difference)."""
    check_password_hash(f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${'00' * 16}${'00' * 32}", password)


def password_problem(password: str, name: str = "") -> str:
    """The Chinese reason a new password is not acceptable, or "" when it is."""
    if len(password) < MIN_PASSWORD:
        return f"密码至少 {MIN_PASSWORD} 位，现为 {len(password)} 位"
    if password.strip() != password:
        return "密码首尾不能是空格"
    if name and password.lower() == name.lower():
        return "密码不能与用户名相同"
    return ""


def name_problem(name: str) -> str:
    if not name:
        return "用户名不能为空"
    if len(name) > 32:
        return "用户名最长 32 个字"
    if re.search(r"\s", name):
        return "用户名不能含空格"
    return ""


# --- reading -----------------------------------------------------------------------------------------------
def _select(db: LedgerDB, sql: str, params: list[object]) -> list[tuple[object, ...]]:
    """Rows of the accounts table; none when the file has no accounts (or its table was dropped)."""
    if not has_accounts(db):
        return []
    try:
        return db.execute(sql, params).fetchall()
    except sqlite3.OperationalError:
        return []


def list_accounts(db: LedgerDB) -> list[Account]:
    return [Account(r[0], r[1], r[2], r[3], bool(r[4]), r[5], r[6])  # type: ignore[arg-type]
            for r in _select(db, f"SELECT {_COLS} FROM accounts ORDER BY active DESC, id", [])]


def get_account(db: LedgerDB, name: str) -> Account | None:
    rows = _select(db, f"SELECT {_COLS} FROM accounts WHERE name = ?", [name.strip()])
    return Account(*rows[0][:4], bool(rows[0][4]), *rows[0][5:]) if rows else None  # type: ignore[arg-type]


def _active_admins(db: LedgerDB) -> int:
    return int(db.execute("SELECT count(*) FROM accounts WHERE role = '管理员' AND active = 1").fetchone()[0])


def _must_get(db: LedgerDB, name: str) -> Account:
    account = get_account(db, name)
    if account is None:
        raise AccountError(f"没有名为“{name}”的用户")
    return account


# --- changing accounts ----------------------------------------------------------------------------------------
def _check_new(db: LedgerDB, name: str, role: str, password: str) -> str:
    name = name.strip()
    problem = name_problem(name) or password_problem(password, name)
    if problem:
        raise AccountError(problem)
    if role not in ROLES:
        raise AccountError(f"角色“{role}”应为 {'、'.join(ROLES)} 之一")
    if get_account(db, name) is not None:
        raise AccountError(f"用户名“{name}”已存在（停用的用户也占用其名称）")
    return name


def _insert(db: LedgerDB, action: str, name: str, role: str, password: str, full_name: str,
            permission: str, *, signed_in: bool = False) -> Account:
    pw_hash = hash_password(password)
    last_login = _now(None).isoformat(sep=" ") if signed_in else ""
    with changing(db, action, permission) as log:
        cur = db.execute("INSERT INTO accounts (name, full_name, role, password_hash, last_login_at)"
                         " VALUES (?, ?, ?, ?, ?)", [name, full_name.strip(), role, pw_hash, last_login])
        log.record("accounts", cur.lastrowid, f"{name}（{role}）", None,
                   {"name": name, "full_name": full_name.strip(), "role": role, "active": True})
    return _must_get(db, name)


def create_first_admin(db: LedgerDB, name: str, password: str, full_name: str = "") -> Account:
    """The first run: create the first 管理员 and sign in as it. Refused once any account exists."""
    if accounts_vanished(db):
        raise AccountError("此数据库的用户记录已被删除，而操作日志记录了曾有用户：不能重新创建管理员，请从备份恢复")
    if has_accounts(db):
        raise AccountError("已经有用户了，请由管理员登录后添加用户")
    name = _check_new(db, name, "管理员", password)
    account = _insert(db, "创建管理员", name, "管理员", password, full_name, "edit", signed_in=True)
    db.user, db.role = account.name, account.role
    log_event(db, "登录", f"{account.name}（管理员）首次登录")
    return account


def add_account(db: LedgerDB, name: str, role: str, password: str, full_name: str = "") -> Account:
    """A 管理员 adds a user (the first account must come from create_first_admin)."""
    require(db, "accounts")
    if not has_accounts(db):
        if role != "管理员":
            raise AccountError("第一个用户必须是管理员")
        return create_first_admin(db, name, password, full_name)
    name = _check_new(db, name, role, password)
    return _insert(db, "新增用户", name, role, password, full_name, "accounts")


def set_role(db: LedgerDB, name: str, role: str) -> None:
    require(db, "accounts")
    account = _must_get(db, name)
    if role not in ROLES:
        raise AccountError(f"角色“{role}”应为 {'、'.join(ROLES)} 之一")
    if role == account.role:
        return
    if account.role == "管理员" and account.active and _active_admins(db) <= 1:
        raise AccountError(f"{account.name}是唯一启用的管理员，不能改为{role}；请先设置另一位管理员")
    with changing(db, "修改用户角色", "accounts") as log:
        db.execute("UPDATE accounts SET role = ? WHERE id = ?", [role, account.id])
        log.record("accounts", account.id, f"{account.name}：{account.role} → {role}",
                   {"role": account.role}, {"role": role})


def set_active(db: LedgerDB, name: str, active: bool) -> None:
    """Disable (never delete) or enable again a user."""
    require(db, "accounts")
    account = _must_get(db, name)
    if account.active == active:
        return
    if not active:
        if account.name.lower() == db.user.lower():
            raise AccountError("不能停用当前登录的用户")
        if account.role == "管理员" and _active_admins(db) <= 1:
            raise AccountError(f"{account.name}是唯一启用的管理员，不能停用")
    with changing(db, "启用用户" if active else "停用用户", "accounts") as log:
        db.execute("UPDATE accounts SET active = ?, failed_count = 0, locked_until = '' WHERE id = ?",
                   [int(active), account.id])
        log.record("accounts", account.id, account.name, {"active": account.active}, {"active": active})


def reset_password(db: LedgerDB, name: str, new_password: str) -> None:
    """A 管理员 sets a new password for a user (who forgot it); also lifts a login lock."""
    require(db, "accounts")
    account = _must_get(db, name)
    problem = password_problem(new_password, account.name)
    if problem:
        raise AccountError(problem)
    _store_password(db, account, new_password, "重置密码", "accounts")


def change_password(db: LedgerDB, name: str, old_password: str, new_password: str,
                    *, now: dt.datetime | None = None) -> None:
    """A user changes their own password; the old one is checked (and counts towards the lock)."""
    require(db, "self")
    if db.user.lower() != name.strip().lower():
        raise PermissionDenied("只能修改自己的密码；其他用户的密码请由管理员重置")
    account = verify_password(db, name, old_password, now=now)
    problem = password_problem(new_password, account.name)
    if problem:
        raise AccountError(problem)
    if new_password == old_password:
        raise AccountError("新密码不能与原密码相同")
    _store_password(db, account, new_password, "修改密码", "self")


def _store_password(db: LedgerDB, account: Account, password: str, action: str, permission: str) -> None:
    pw_hash = hash_password(password)
    with changing(db, action, permission) as log:
        db.execute("UPDATE accounts SET password_hash = ?, failed_count = 0, locked_until = '',"
                   " password_changed_at = gl_now() WHERE id = ?", [pw_hash, account.id])
        log.record("accounts", account.id, f"{account.name}的密码已更改")


# --- signing in ---------------------------------------------------------------------------------------------
def verify_password(db: LedgerDB, name: str, password: str, *, now: dt.datetime | None = None) -> Account:
    """Check a password with the lock rules; raise LoginError (Chinese) when refused. Failures are audited."""
    now = _now(now)
    name = name.strip()
    rows = _select(db, "SELECT id, name, password_hash, active, failed_count, locked_until FROM accounts"
                       " WHERE name = ?", [name])
    row = rows[0] if rows else None
    if row is None or not row[3]:
        _dummy_check(password)
        log_event(db, "登录失败", f"用户“{name}”不存在或已停用", user=name)
        raise LoginError(f"用户“{name}”不存在或已停用")
    account_id, real_name, stored, _, failed, locked_until = row
    key = (database_path(db), int(account_id))
    failed, locked_until = _failures_in_memory.get(key, (failed, locked_until))
    if locked_until and dt.datetime.fromisoformat(locked_until) > now:
        seconds = int((dt.datetime.fromisoformat(locked_until) - now).total_seconds()) or 1
        log_event(db, "登录失败", f"锁定期间尝试登录（还剩 {seconds} 秒），未核对密码", user=real_name)
        raise LoginError(f"密码错误次数过多，用户 {real_name} 已锁定，请 {seconds} 秒后再试",
                         locked_seconds=seconds)
    if check_password_hash(stored, password):
        _failures_in_memory.pop(key, None)
        if needs_rehash(stored):
            if _login_state(db, "UPDATE accounts SET failed_count = 0, locked_until = '', password_hash = ?"
                                " WHERE id = ?", [hash_password(password), account_id]):
                log_event(db, "升级密码加密", f"{real_name}的密码已按新的加密强度重新保存", user=real_name)
        else:
            _login_state(db, "UPDATE accounts SET failed_count = 0, locked_until = '' WHERE id = ?", [account_id])
        return _must_get(db, real_name)
    failed = (0 if locked_until else failed) + 1
    if failed >= MAX_ATTEMPTS:
        until = now + dt.timedelta(seconds=LOCK_SECONDS)
        _count_failure(db, key, 0, until.isoformat(sep=" "))
        log_event(db, "登录失败", f"连续 {MAX_ATTEMPTS} 次密码错误，锁定 {LOCK_SECONDS} 秒", user=real_name)
        raise LoginError(f"密码错误已达 {MAX_ATTEMPTS} 次，用户 {real_name} 锁定 {LOCK_SECONDS} 秒",
                         locked_seconds=LOCK_SECONDS)
    _count_failure(db, key, failed, "")
    log_event(db, "登录失败", f"密码错误（第 {failed} 次）", user=real_name)
    left = MAX_ATTEMPTS - failed
    raise LoginError(f"密码错误，还可以再试 {left} 次", remaining=left)


# Failed-login counters of accounts whose file could not be written (a read-only medium): kept for the life of
# the process, keyed by (database file, account id), so five wrong passwords still lock the login there.
_failures_in_memory: dict[tuple[str, int], tuple[int, str]] = {}


def _count_failure(db: LedgerDB, key: tuple[str, int], failed: int, locked_until: str) -> None:
    if _login_state(db, "UPDATE accounts SET failed_count = ?, locked_until = ? WHERE id = ?",
                    [failed, locked_until, key[1]]):
        _failures_in_memory.pop(key, None)
    else:
        _failures_in_memory[key] = (failed, locked_until)


def _login_state(db: LedgerDB, sql: str, params: list[object]) -> bool:
    """Record login counters; a file that cannot be written (read-only medium) still lets people sign in.
    Returns whether the write was made."""
    try:
        with db.atomic():
            db.execute(sql, params)
    except sqlite3.OperationalError:
        return False
    return True


def login(db: LedgerDB, name: str, password: str, *, now: dt.datetime | None = None) -> Account:
    """Sign in: on success db.user/db.role are set and the login is audited; otherwise LoginError."""
    account = verify_password(db, name, password, now=now)
    _login_state(db, "UPDATE accounts SET last_login_at = ? WHERE id = ?", [_now(now).isoformat(sep=" "), account.id])
    db.user, db.role = account.name, account.role
    log_event(db, "登录", f"{account.name}（{account.role}）登录")
    return account


def logout(db: LedgerDB) -> None:
    if db.user:
        log_event(db, "退出登录", f"{db.user} 退出登录")
    db.user, db.role = "", ""


# --- security settings ----------------------------------------------------------------------------------------
def idle_minutes(db: LedgerDB) -> int:
    """Minutes without input before the window locks (0 = never); default 15."""
    try:
        value = get_setting(db, "idle_minutes")
    except Exception:
        value = ""
    return int(value) if value.isdigit() else DEFAULT_IDLE_MINUTES


def set_idle_minutes(db: LedgerDB, minutes: int) -> None:
    if not 0 <= minutes <= 240:
        raise AccountError("自动锁定时间应为 0–240 分钟（0 表示不自动锁定）")
    set_setting(db, "idle_minutes", str(minutes))
