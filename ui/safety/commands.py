"""The safety verbs: `user`, `backup`, `restore`, `check`. Backup, restore and check get the file's path and run
before it is opened normally: it may be damaged or in use."""
from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from pathlib import Path

from models import clock
from models.db import LedgerDB
from ui.cli import DATA_EXIT, NEW_PASSWORD_ENV, Cli, fail, read_password

BACKUP_PASSWORD_ENV = "GRIDLEDGER_BACKUP_PASSWORD"


def register(cli: Cli) -> None:
    user = cli.verb("user", "用户管理（管理员）", run=cmd_user, permission="accounts", locks=True)
    actions = user.add_subparsers(dest="user_command", required=True, parser_class=type(user),
                                  title="操作", metavar="ACTION")
    add = actions.add_parser("add", help=f"新增用户（第一个用户必须是管理员）；密码从提示输入或取自 {NEW_PASSWORD_ENV}")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=("管理员", "录入员", "查阅"))
    add.add_argument("--full-name", default="")
    actions.add_parser("list", help="列出用户")
    for name, text in (("disable", "停用用户"), ("enable", "重新启用用户"), ("reset-password", "重置用户密码")):
        actions.add_parser(name, help=text).add_argument("name")
    b = cli.verb("backup", "备份数据库到指定文件或文件夹（经完整性检查）", run=cmd_backup, permission="backup",
                 opens="file")
    b.add_argument("--out", required=True, metavar="FILE", help="备份文件（或文件夹，如 U 盘）")
    how = b.add_mutually_exclusive_group()
    how.add_argument("--encrypt", action="store_true",
                     help=f"用密码保护备份（密码取自环境变量 {BACKUP_PASSWORD_ENV} 或从提示输入；"
                          "数据库设置了用户后默认加密）")
    how.add_argument("--no-encrypt", action="store_true",
                     help="不加密（备份中的身份证号等全部信息可以直接读出，只用于放在本机的备份）")
    r = cli.verb("restore", "从备份文件恢复数据库（先自动保存当前数据库的副本）", run=cmd_restore,
                 permission="restore", opens="file")
    r.add_argument("file", metavar="FILE")
    r.add_argument("--force", action="store_true", help="备份来自另一个数据库（另一个镇）时仍然恢复")
    cli.verb("check", "检查数据库完整性、外键和数据质量问题", run=cmd_check, permission="print", opens="file")


def _new_password() -> str:
    first = read_password("新用户的密码：", NEW_PASSWORD_ENV)
    if NEW_PASSWORD_ENV not in os.environ and read_password("再输入一次：", NEW_PASSWORD_ENV) != first:
        raise ValueError("两次输入的密码不一致")
    return first


def cmd_user(db: LedgerDB, args: argparse.Namespace) -> int:
    from models import accounts
    from models.audit import PermissionDenied
    try:
        if args.user_command == "list":
            for a in accounts.list_accounts(db):
                print(f"{a.name}\t{a.full_name or '-'}\t{a.role}\t{'启用' if a.active else '停用'}"
                      f"\t最近登录 {a.last_login_at or '-'}")
            return 0
        if args.user_command == "add":
            made = accounts.add_account(db, args.name, args.role, _new_password(), args.full_name)
            print(f"已新增用户 {made.name}（{made.role}）")
        elif args.user_command in ("disable", "enable"):
            accounts.set_active(db, args.name, args.user_command == "enable")
            print(f"已{'启用' if args.user_command == 'enable' else '停用'}用户 {args.name}")
        elif args.user_command == "reset-password":
            accounts.reset_password(db, args.name, _new_password())
            print(f"已重置用户 {args.name} 的密码")
    except (ValueError, PermissionDenied) as exc:
        return fail(str(exc))
    return 0


def backup_password(purpose: str, *, twice: bool = False) -> str | None:
    """The backup password from the environment, or typed at a terminal; None after a Chinese message."""
    try:
        password = read_password("备份密码：", BACKUP_PASSWORD_ENV)
        typed = BACKUP_PASSWORD_ENV not in os.environ
        if twice and typed and read_password("再输入一次：", BACKUP_PASSWORD_ENV) != password:
            fail("两次输入的密码不一致，没有备份。")
            return None
    except ValueError:
        fail(f"{purpose}需要密码：请设置环境变量 {BACKUP_PASSWORD_ENV}，或在终端中运行以便输入密码。")
        return None
    return password


def _has_accounts(path: Path) -> bool:
    from models.audit import has_accounts
    from models.db import DatabaseError, open_database
    try:
        db = open_database(path, migrate=False)
    except (DatabaseError, sqlite3.Error):
        return False
    try:
        return has_accounts(db)
    finally:
        db.close()


def cmd_backup(path: Path, args: argparse.Namespace) -> int:
    from models.backup import MANUAL, BackupError, backup_file, identity_of, size_text, unique_target
    from models.crypto import password_problem
    out = Path(args.out)
    # a copy that leaves the PC holds everyone's identity number: encrypted by default once there are accounts
    encrypt = not args.no_encrypt and (args.encrypt or BACKUP_PASSWORD_ENV in os.environ or _has_accounts(path))
    password = ""
    if encrypt:
        password = backup_password("加密备份（数据库设置了用户后默认加密；确要不加密请加 --no-encrypt）",
                                   twice=True) or ""
        if not password:
            return DATA_EXIT
        if password_problem(password):
            return fail(f"{password_problem(password)}，没有备份。")
    target = (unique_target(out, MANUAL, clock.now(), identity_of(path), encrypted=encrypt) if out.is_dir()
              else out)
    try:
        made = backup_file(path, target, password=password)
    except BackupError as exc:
        return fail(f"备份失败：{exc}")
    _log_backup(path, made, args.user or "", encrypt)
    kind = "已加密，恢复时需要这个密码" if encrypt else "未加密：U 盘丢失时全部党员信息会泄露，建议加 --encrypt"
    print(f"已备份到 {made}（{size_text(made.stat().st_size)}，已通过完整性检查；{kind}）")
    return 0


def _log_backup(path: Path, made: Path, user: str, encrypted: bool = False) -> None:
    """A copy of everyone's personal data left the program: note it in the audit trail (best effort)."""
    from models.audit import log_event
    from models.backup import EXTERNAL_ACTION
    from models.db import DatabaseError, open_database
    try:
        db = open_database(path, migrate=False)
    except (DatabaseError, sqlite3.Error):
        return
    try:
        log_event(db, EXTERNAL_ACTION, f"命令行备份到 {made}（{'已加密' if encrypted else '未加密'}）", user=user)
    finally:
        db.close()


def cmd_restore(path: Path, args: argparse.Namespace) -> int:
    from models.backup import backup_folder_of_file
    from models.crypto import is_encrypted
    from models.lock import DatabaseInUse, LockError, acquire
    from models.restore import OtherDatabase, RestoreError, restore_database
    source = Path(args.file)
    password = ""
    if is_encrypted(source):
        password = backup_password(f"恢复加密备份 {source.name} ") or ""
        if not password:
            return DATA_EXIT
    try:
        lock = acquire(path)
    except (DatabaseInUse, LockError) as exc:
        return fail(f"恢复失败：{exc}")
    try:
        result = restore_database(path, source, backup_folder=backup_folder_of_file(path), user=args.user or "",
                                  allow_other=args.force, password=password)
    except OtherDatabase as exc:
        return fail(f"恢复失败：{exc}如确要用这份备份替换当前数据库，请加 --force 再运行一次。当前数据库没有改动。")
    except RestoreError as exc:
        return fail(f"恢复失败：{exc}")
    finally:
        lock.release()
    print(f"已从 {source} 恢复。恢复的数据日期：{result.info.data_date or '未知'}"
          f"（{result.info.town or '未填镇名'}，在册党员 {result.info.members} 名）")
    if result.safety_copy:
        print(f"恢复前的数据库已另存为 {result.safety_copy}")
    return 0


def cmd_check(path: Path, args: argparse.Namespace) -> int:
    from models.db import DatabaseError, open_database
    from models.health import check_database, quick_check
    if not path.is_file():
        return fail(f"找不到数据库文件 {path}")
    problems = quick_check(path)
    if problems:
        for p in problems:
            print(f"[完整性] 数据库完整性检查未通过：{p}")
        print("数据库已损坏：请用 restore 从最近的备份恢复。")
        return DATA_EXIT
    try:
        db = open_database(path, migrate=False)
    except DatabaseError as exc:
        return fail(str(exc))
    try:
        findings = check_database(db)
        from models.audit import chain_head
        code = chain_head(db)
    finally:
        db.close()
    if not findings:  # the code can be compared with the one printed at the foot of the last report
        print("检查通过：数据库完整，外键一致，操作日志校验链完整" + (f"（日志校验码 {code}）" if code else "")
              + "，未发现数据问题。")
        return 0
    for f in findings:
        print(f"[{f.kind}] {f.text}")
    print(f"共发现 {len(findings)} 个问题。", file=sys.stdout)
    return DATA_EXIT
