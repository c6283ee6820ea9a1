"""GridLedger (网格党建台账): wiring only — parse arguments, open the database, start the window or run a command."""
from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from models import clock

USAGE_EXIT, DATA_EXIT = 2, 1


_ARGPARSE_MESSAGES = (  # argparse's English, as a clerk should read it
    (re.compile(r"argument (\S+): invalid choice: '(.*)' \(choose from (.*)\)"),
     lambda m: f"没有“{m[2]}”这个{'命令' if m[1] in ('command', 'what') else '选项'}，可选：{m[3]}"),
    (re.compile(r"the following arguments are required: (.*)"), lambda m: f"缺少参数：{m[1]}"),
    (re.compile(r"unrecognized arguments: (.*)"), lambda m: f"无法识别的参数：{m[1]}"),
    (re.compile(r"argument (\S+): invalid int value: '(.*)'"), lambda m: f"{m[1]} 应为整数，不能是“{m[2]}”"),
    (re.compile(r"argument (\S+): expected one argument"), lambda m: f"{m[1]} 后面缺少取值"),
)


def chinese_usage_error(message: str) -> str:
    for pattern, say in _ARGPARSE_MESSAGES:
        m = pattern.search(message)
        if m:
            return say(m)
    return message


class ChineseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"参数错误：{chinese_usage_error(message)}\n")
        sys.exit(USAGE_EXIT)


def build_parser() -> argparse.ArgumentParser:
    p = ChineseArgumentParser(prog="main.py", description="网格党建台账 GridLedger")
    p.add_argument("--db", metavar="FILE", help="数据库文件（默认在用户数据目录中）")
    p.add_argument("--user", metavar="NAME", default="",
                   help="用户名（数据库设置了用户后，修改数据或输出完整身份证号的命令需要；"
                        "密码从提示输入或取自环境变量 GRIDLEDGER_PASSWORD）")
    sub = p.add_subparsers(dest="command", parser_class=ChineseArgumentParser)
    demo = sub.add_parser("demo", help="载入示例数据")
    demo.add_argument("--members", type=int, default=600, help="党员人数（默认 600）")
    demo.add_argument("--seed", type=int, default=7)
    shot = sub.add_parser("screenshot", help="离屏渲染主窗口某页并保存为 PNG")
    shot.add_argument("--page", required=True)
    shot.add_argument("--out", required=True)
    shot.add_argument("--size", default="1366x768")
    add_user_parser(sub)
    add_backup_commands(sub)
    add_roster_io_commands(sub)
    add_report_parser(sub)
    return p


# --- backup / restore / check (branch backups) ---

BACKUP_COMMANDS = ("backup", "restore", "check")


def add_backup_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    b = sub.add_parser("backup", help="备份数据库到指定文件或文件夹")
    b.add_argument("--out", required=True, metavar="FILE", help="备份文件（或文件夹，如 U 盘）")
    r = sub.add_parser("restore", help="从备份文件恢复数据库（先自动保存当前数据库的副本）")
    r.add_argument("file", metavar="FILE")
    sub.add_parser("check", help="检查数据库完整性、外键和数据质量问题")


def run_backup_command(path: Path, args: argparse.Namespace) -> int:
    if args.command == "backup":
        return cmd_backup(path, Path(args.out), getattr(args, "user", "") or "")
    if args.command == "restore":
        return cmd_restore(path, Path(args.file), args)
    return cmd_check(path)


def cmd_backup(path: Path, out: Path, user: str = "") -> int:
    import datetime as dt

    from models.backup import MANUAL, BackupError, backup_file, backup_name, size_text
    target = out / backup_name(MANUAL, clock.now()) if out.is_dir() else out
    try:
        made = backup_file(path, target)
    except BackupError as exc:
        print(f"备份失败：{exc}", file=sys.stderr)
        return DATA_EXIT
    _log_backup(path, made, user)
    print(f"已备份到 {made}（{size_text(made.stat().st_size)}，已通过完整性检查）")
    return 0


def _log_backup(path: Path, made: Path, user: str) -> None:
    """A copy of everyone's personal data left the program: note it in the audit trail (best effort)."""
    import sqlite3

    from models.audit import log_event
    from models.backup import EXTERNAL_ACTION
    from models.db import DatabaseError, open_database
    try:
        db = open_database(path, migrate=False)
    except (DatabaseError, sqlite3.Error):
        return
    try:
        log_event(db, EXTERNAL_ACTION, f"命令行备份到 {made}", user=user)
    finally:
        db.close()


def cmd_restore(path: Path, source: Path, args: argparse.Namespace) -> int:
    from models.backup import backup_folder_of_file
    from models.lock import DatabaseInUse, LockError, acquire
    from models.restore import RestoreError, restore_database
    try:
        lock = acquire(path)
    except (DatabaseInUse, LockError) as exc:
        print(f"恢复失败：{exc}", file=sys.stderr)
        return DATA_EXIT
    try:
        result = restore_database(path, source, backup_folder=backup_folder_of_file(path),
                                  user=getattr(args, "user", "") or "")
    except RestoreError as exc:
        print(f"恢复失败：{exc}", file=sys.stderr)
        return DATA_EXIT
    finally:
        lock.release()
    print(f"已从 {source} 恢复。恢复的数据日期：{result.info.data_date or '未知'}"
          f"（{result.info.town or '未填镇名'}，在册党员 {result.info.members} 名）")
    if result.safety_copy:
        print(f"恢复前的数据库已另存为 {result.safety_copy}")
    return 0


def cmd_check(path: Path) -> int:
    from models.db import DatabaseError, open_database
    from models.health import check_database, quick_check
    if not path.is_file():
        print(f"找不到数据库文件 {path}", file=sys.stderr)
        return DATA_EXIT
    problems = quick_check(path)
    if problems:
        for p in problems:
            print(f"[完整性] 数据库完整性检查未通过：{p}")
        print("数据库已损坏：请用 restore 从最近的备份恢复。")
        return DATA_EXIT
    try:
        db = open_database(path, migrate=False)
    except DatabaseError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return DATA_EXIT
    try:
        findings = check_database(db)
    finally:
        db.close()
    if not findings:
        print("检查通过：数据库完整，外键一致，未发现数据问题。")
        return 0
    for f in findings:
        print(f"[{f.kind}] {f.text}")
    print(f"共发现 {len(findings)} 个问题。")
    return DATA_EXIT

# --- end backup / restore / check ---


# --- roster import/export commands (issue 3) -------------------------------------------------------------------
def add_roster_io_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """`import members FILE [--dry-run] [--skip-invalid] [--json]`, `export members OUT.xlsx [--village NAME]
    [--all-statuses]`, `export template OUT.xlsx`."""
    imp = sub.add_parser("import", help="导入党员名册（Excel/CSV）")
    imp_sub = imp.add_subparsers(dest="what", required=True, parser_class=ChineseArgumentParser)
    members = imp_sub.add_parser("members", help="导入党员名册")
    members.add_argument("file", metavar="FILE")
    members.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    members.add_argument("--skip-invalid", action="store_true", help="跳过有错误的行，导入其余各行")
    members.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    exp = sub.add_parser("export", help="导出党员名册或导入模板（.xlsx）")
    exp_sub = exp.add_subparsers(dest="what", required=True, parser_class=ChineseArgumentParser)
    out = exp_sub.add_parser("members", help="按全国统一列顺序导出党员名册")
    out.add_argument("out", metavar="OUT.xlsx")
    out.add_argument("--village", metavar="NAME", help="只导出该村（社区）")
    out.add_argument("--all-statuses", action="store_true", help="也导出转出、去世、出党的党员")
    tpl = exp_sub.add_parser("template", help="导出空白导入模板")
    tpl.add_argument("out", metavar="OUT.xlsx")


def cmd_import(db: object, args: argparse.Namespace) -> int:
    """Exit 0: nothing rejected; 1: rows rejected (written or not, see --skip-invalid); 2: unreadable file."""
    import json

    from models.audit import PermissionDenied
    from models.importing import ImportCancelled, ImportFileError, import_members
    try:
        result = import_members(db, args.file, dry_run=args.dry_run,  # type: ignore[arg-type]
                                skip_invalid=args.skip_invalid)
    except ImportFileError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return USAGE_EXIT
    except (PermissionDenied, ImportCancelled) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return DATA_EXIT
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False))
    else:
        for e in result.errors:
            print(f"“{e.sheet}”第 {e.row} 行 {e.column}“{e.value}”：{e.message}")
        if not (result.imported or result.updated or result.skipped):
            sheets = f"（未读取的工作表：{'、'.join(result.ignored_sheets)}）" if result.ignored_sheets else ""
            print("文件中没有党员数据行" + sheets)
            return 0
        not_written = "试运行（未写入）：可导入" if args.dry_run else "未写入任何数据：可导入"
        done = "已导入" if result.written else not_written
        print(f"{done}新增 {result.imported} 名，更新 {result.updated} 名，跳过 {result.skipped} 行"
              + (f"；新建村（社区）：{'、'.join(result.created_villages)}" if result.created_villages else "")
              + (f"；新建网格：{'、'.join(result.created_grids)}" if result.created_grids else "")
              + (f"；未识别的列：{'、'.join(result.ignored_columns)}" if result.ignored_columns else "")
              + (f"；未读取的工作表：{'、'.join(result.ignored_sheets)}" if result.ignored_sheets else ""))
        if result.errors and not args.skip_invalid:
            print("有错误的行，全部未导入：请改正后重新导入，或加 --skip-invalid 只导入正确的行")
    return DATA_EXIT if result.errors else 0


def cmd_export(db: object, args: argparse.Namespace) -> int:
    import io

    from models.entities import MemberQuery
    from models.members import search_members
    from models.org import find_village, get_town
    from reports.xlsx import build_members_xlsx, build_template
    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        print(f"参数错误：输出文件“{out.name}”应以 .xlsx 结尾", file=sys.stderr)
        return USAGE_EXIT
    if not out.parent.is_dir():
        print(f"参数错误：文件夹“{out.parent}”不存在", file=sys.stderr)
        return USAGE_EXIT
    buf = io.BytesIO()
    if args.what == "template":
        build_template(buf)
        return _write_export(out, buf.getvalue(), f"已导出导入模板：{out}")
    village_id = None
    if args.village:
        village = find_village(db, args.village)  # type: ignore[arg-type]
        if village is None:
            print(f"参数错误：找不到村（社区）“{args.village}”", file=sys.stderr)
            return USAGE_EXIT
        village_id = village.id
    query = MemberQuery(village_id=village_id, statuses=() if args.all_statuses else ("在册",))
    members = search_members(db, query)  # type: ignore[arg-type]
    town = get_town(db)  # type: ignore[arg-type]
    build_members_xlsx(members, buf, town=town.name if town else "", all_statuses=args.all_statuses)
    status = _write_export(out, buf.getvalue(), f"已导出 {len(members)} 名党员：{out}")
    if status == 0:
        from models.audit import log_full_id_export
        log_full_id_export(db, f"导出党员名册 {out.name}", len(members))  # type: ignore[arg-type]
    return status


def _write_export(out: Path, data: bytes, done: str) -> int:
    try:
        out.write_bytes(data)
    except OSError as exc:
        print(f"错误：无法写入“{out}”（文件可能正在 Excel 中打开）：{exc.strerror or exc}", file=sys.stderr)
        return USAGE_EXIT
    print(done)
    return 0


# --- end roster import/export commands ---------------------------------------------------------------------------


def default_db_path() -> Path:
    import platformdirs
    return Path(platformdirs.user_data_dir("GridLedger", appauthor=False)) / "gridledger.db"


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from models.db import DatabaseError, open_database
    path = Path(args.db) if args.db else default_db_path()
    if path.is_dir():
        print(f"参数错误：{path} 是一个文件夹，--db 应指定数据库文件（如 {path / 'gridledger.db'}）", file=sys.stderr)
        return USAGE_EXIT
    if args.command is None:  # the window: ui.startup locks, checks and opens the file itself
        from ui.app import run_window
        return run_window(path)
    if args.command in BACKUP_COMMANDS:  # before opening: the file may be damaged or in use
        refused = authenticate_file(path, args)
        if refused is not None:
            return refused
        return run_backup_command(path, args)
    try:
        db = open_database(path)
    except DatabaseError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return DATA_EXIT
    refused = authenticate(db, args)
    if refused is not None:
        return refused
    if args.command == "user":
        return cmd_user(db, args)
    if args.command == "demo":
        return cmd_demo(db, args)
    if args.command == "import":
        return cmd_import(db, args)
    if args.command == "export":
        return cmd_export(db, args)
    if args.command == "report":
        return cmd_report(db, args)
    if args.command == "screenshot":
        from ui.app import screenshot
        return screenshot(db, args.page, Path(args.out), args.size)
    return USAGE_EXIT


def cmd_demo(db: object, args: argparse.Namespace) -> int:
    from models.demo import fill_demo
    if args.members < 1:
        print("参数错误：--members 应为正整数", file=sys.stderr)
        return USAGE_EXIT
    try:
        made = fill_demo(db, args.members, seed=args.seed)  # type: ignore[arg-type]
    except ValueError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return DATA_EXIT
    print(f"已载入示例数据：{made['villages']} 个村（社区），{made['grids']} 个网格，{made['members']} 名党员")
    return 0


# --- accounts: signing in on the command line, and the `user` command ----------------------------------------
# Which permission each command needs (models.audit.ROLE_PERMISSIONS) and whether, once the database has
# accounts, it needs `--user` at all. Commands that change data or print full identity numbers need a login;
# the others run without one (and a 查阅 or anonymous user gets masked identity numbers: models.audit
# .can_see_full_ids). Add new commands here.
COMMAND_ACCESS: dict[str, tuple[str, bool]] = {
    "demo": ("edit", True),
    "import": ("import", True),
    "restore": ("restore", True),
    "user": ("accounts", True),
    "export": ("full_ids", True),  # the roster for re-import holds full identity numbers
    "report": ("print", False),
    "backup": ("backup", True),  # a full copy of everyone's personal data
    "check": ("print", False),
}
PASSWORD_ENV, NEW_PASSWORD_ENV = "GRIDLEDGER_PASSWORD", "GRIDLEDGER_NEW_PASSWORD"


def command_access(args: argparse.Namespace) -> tuple[str | None, bool]:
    """(permission, login required) for the parsed command; `--full-id` always needs full_ids and a login."""
    if getattr(args, "full_id", False):
        return "full_ids", True
    if args.command == "export" and getattr(args, "what", "") == "template":
        return None, False
    permission, login_required = COMMAND_ACCESS.get(args.command or "", (None, False))
    return permission, login_required


def authenticate(db: object, args: argparse.Namespace) -> int | None:
    """Sign in `--user` when the database has accounts; None to go on, or the exit status after a Chinese
    message (missing user, wrong password, locked, not allowed). A database without accounts needs no login."""
    from models.accounts import LoginError, login
    from models.audit import PermissionDenied, has_accounts, require
    permission, login_required = command_access(args)
    if not has_accounts(db):  # type: ignore[arg-type]
        if args.user:
            print("提示：此数据库尚未设置用户，--user 已忽略", file=sys.stderr)
        return None
    if not args.user:
        if not login_required:
            return None
        print(f"错误：此数据库已设置用户，执行“{args.command}”需要 --user 用户名 和密码", file=sys.stderr)
        return DATA_EXIT
    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        import getpass
        password = getpass.getpass(f"用户 {args.user} 的密码：")
    try:
        login(db, args.user, password)  # type: ignore[arg-type]
        if permission:
            require(db, permission)  # type: ignore[arg-type]
    except (LoginError, PermissionDenied) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return DATA_EXIT
    return None


def authenticate_file(path: Path, args: argparse.Namespace) -> int | None:
    """authenticate() for commands that run before the database is opened normally (restore, backup, check):
    opens the file without upgrading it, signs in, closes it. A file that cannot be opened has no readable
    accounts: then None (go on) with a note, so a damaged database can still be restored."""
    import sqlite3

    from models.db import DatabaseError, open_database
    if not path.exists():
        return None
    try:
        db = open_database(path, migrate=False)
    except (DatabaseError, sqlite3.DatabaseError):
        print("提示：无法读取当前数据库中的用户信息，未检查登录", file=sys.stderr)
        return None
    try:
        return authenticate(db, args)
    except sqlite3.DatabaseError:
        print("提示：无法读取当前数据库中的用户信息，未检查登录", file=sys.stderr)
        return None
    finally:
        db.close()


def add_user_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    user = sub.add_parser("user", help="用户管理（管理员）")
    actions = user.add_subparsers(dest="user_command", required=True, parser_class=ChineseArgumentParser)
    add = actions.add_parser("add", help="新增用户（第一个用户必须是管理员）；密码从提示输入或取自 "
                                         f"{NEW_PASSWORD_ENV}")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=("管理员", "录入员", "查阅"))
    add.add_argument("--full-name", default="")
    actions.add_parser("list", help="列出用户")
    for name, text in (("disable", "停用用户"), ("enable", "重新启用用户"), ("reset-password", "重置用户密码")):
        actions.add_parser(name, help=text).add_argument("name")


def _new_password() -> str:
    password = os.environ.get(NEW_PASSWORD_ENV)
    if password is not None:
        return password
    import getpass
    first = getpass.getpass("新用户的密码：")
    if getpass.getpass("再输入一次：") != first:
        raise ValueError("两次输入的密码不一致")
    return first


def cmd_user(db: object, args: argparse.Namespace) -> int:
    from models import accounts
    from models.audit import PermissionDenied
    try:
        if args.user_command == "list":
            for a in accounts.list_accounts(db):  # type: ignore[arg-type]
                print(f"{a.name}\t{a.full_name or '-'}\t{a.role}\t{'启用' if a.active else '停用'}"
                      f"\t最近登录 {a.last_login_at or '-'}")
            return 0
        if args.user_command == "add":
            made = accounts.add_account(db, args.name, args.role, _new_password(), args.full_name)  # type: ignore
            print(f"已新增用户 {made.name}（{made.role}）")
        elif args.user_command in ("disable", "enable"):
            accounts.set_active(db, args.name, args.user_command == "enable")  # type: ignore[arg-type]
            print(f"已{'启用' if args.user_command == 'enable' else '停用'}用户 {args.name}")
        elif args.user_command == "reset-password":
            accounts.reset_password(db, args.name, _new_password())  # type: ignore[arg-type]
            print(f"已重置用户 {args.name} 的密码")
    except (ValueError, PermissionDenied) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return DATA_EXIT
    return 0


# ---- report: printed forms as PDF (issue 4) ------------------------------------------------------------------

def add_report_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    rep = sub.add_parser("report", help="生成打印报表（PDF）")
    rep.add_argument("kind", metavar="KIND",
                     help="报表类型：member-form（党员基本信息采集表）、roster（党员花名册）、"
                          "central-households（党员中心户名册）、statistics（统计汇总表）")
    rep.add_argument("--out", required=True, metavar="FILE.pdf", help="输出的 PDF 文件")
    rep.add_argument("--village", metavar="NAME", help="只打印这个村（社区）")
    rep.add_argument("--grid", metavar="NAME", help="只打印这个网格")
    rep.add_argument("--full-id", action="store_true", help="显示完整的公民身份号码（默认部分隐藏）")
    rep.add_argument("--font", metavar="FILE", help="指定嵌入的 TrueType 中文字体文件")


def cmd_report(db: object, args: argparse.Namespace) -> int:
    """Write the PDF (via a temporary file, so a failure leaves nothing half-written); page count on stdout."""
    import os
    import tempfile

    from models import report_data
    from reports import REPORTS, render
    from reports.fonts import FontNotFound
    from reports.styles import ReportOptions, ReportTooLarge
    if args.kind not in REPORTS:
        kinds = "、".join(f"{k}（{v.title}）" for k, v in REPORTS.items())
        print(f"参数错误：没有“{args.kind}”这种报表，可选：{kinds}", file=sys.stderr)
        return USAGE_EXIT
    try:
        scope = report_data.resolve_scope(db, args.village, args.grid)  # type: ignore[arg-type]
    except report_data.ScopeError as exc:
        print(f"参数错误：{exc}", file=sys.stderr)
        return USAGE_EXIT
    out = Path(args.out)
    if not out.parent.is_dir():
        print(f"错误：保存位置 {out.parent} 不存在", file=sys.stderr)
        return DATA_EXIT
    data = report_data.fetch(db, args.kind, scope)  # type: ignore[arg-type]
    from models.audit import can_see_full_ids, log_full_id_export
    # the 采集表 is signed and filed with the whole number; lists mask it unless --full-id
    full_id = args.full_id or (args.kind == "member-form" and can_see_full_ids(db))  # type: ignore[arg-type]
    options = ReportOptions(full_id=full_id, font_path=args.font)
    fd, tmp = tempfile.mkstemp(suffix=".pdf", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            pages = render(args.kind, data, f, options)
        os.replace(tmp, out)
    except (FontNotFound, ReportTooLarge, OSError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return DATA_EXIT
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    if full_id:
        log_full_id_export(db, f"{REPORTS[args.kind].title} {out.name}", report_data.person_count(data))  # type: ignore[arg-type]
    print(pages)
    print(f"已生成《{REPORTS[args.kind].title}》共 {pages} 页：{out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
