"""The command line's shared machinery: a Chinese argparse, the verbs gathered from the areas' command modules,
signing in, and running one verb.

An area's command module (`ui/<area>/commands.py`) has `register(cli: Cli) -> None`, which adds its verbs with
`cli.verb(...)`, `cli.import_kind(...)` or `cli.export_kind(...)` and declares on each, with `set_defaults`:
- `run`: the handler, `run(db, args) -> int` (or `run(path, args) -> int` with `opens="file"`);
- `permission`: what the signed-in user must be allowed (models.audit.PERMISSION_LABELS), or None;
- `login`: whether the verb needs `--user` once the database has accounts (every verb that shows personal data
  does; only the blank template does not);
- `opens`: "database" (the default: opened and upgraded), "file" (the handler gets the path: backup, restore and
  check run before the file is opened, as it may be damaged or in use) or "window";
- `locks`: a verb that writes records (demo, user, town set) takes the instance lock first, so it never writes
  behind an open window's back (the window's lock names who holds it). `import` takes it itself (it waits).

Command modules never import PySide6 at module level: `python main.py report …` starts without Qt.
Exit statuses: 0 done, 1 data (refused, invalid rows, wrong password), 2 usage (bad arguments, unreadable file).
"""
from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

from models.db import LedgerDB
from models.errors import Refused

USAGE_EXIT, DATA_EXIT = 2, 1
ROSTER_ENDINGS = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
PASSWORD_ENV, NEW_PASSWORD_ENV = "GRIDLEDGER_PASSWORD", "GRIDLEDGER_NEW_PASSWORD"

# The command registry: one line per area (HOUSE.md). Each module has register(cli).
COMMAND_MODULES: tuple[str, ...] = (
    "ui.commands",               # demo, screenshot, reminders: shared by every area
    "ui.organization.commands",  # town
    "ui.members.commands",       # import members, export members/template, search
    "ui.households.commands",    # import households/visits, export households
    "ui.printing.commands",      # report
    "ui.safety.commands",        # user, backup, restore, check
    "ui.assistance.commands",    # import/export four-ones, import assistance-log
    "ui.supervision.commands",   # import cadres/rectification/projects/cadre-businesses, export rectification/projects
    "ui.home.commands",          # stats
    "ui.secretaries.commands",   # import/export secretary-filings, evaluation
    "ui.decisions.commands",     # import/export decisions
    "ui.exchange.commands",      # exchange export/import/conflicts/resolve/decisions/status/init-district
)

_ARGPARSE_MESSAGES = (  # argparse's English, as a clerk should read it
    (re.compile(r"argument (\S+): invalid choice: '(.*)' \(choose from (.*)\)"),
     lambda m: f"没有“{m[2]}”这个{'命令' if m[1].lower() in ('command', 'what', 'action') else '选项'}，可选：{m[3]}"),
    (re.compile(r"the following arguments are required: (.*)"), lambda m: f"缺少参数：{m[1]}"),
    (re.compile(r"unrecognized arguments: (.*)"), lambda m: f"无法识别的参数：{m[1]}"),
    (re.compile(r"argument (\S+): invalid int value: '(.*)'"), lambda m: f"{m[1]} 应为整数，不能是“{m[2]}”"),
    (re.compile(r"argument (\S+): expected one argument"), lambda m: f"{m[1]} 后面缺少取值"),
    (re.compile(r"argument (\S+): not allowed with argument (\S+)"), lambda m: f"{m[1]} 不能与 {m[2]} 同时使用"),
)
_HELP_WORDS = (("usage: ", "用法："), ("positional arguments:", "参数："), ("options:", "选项："),
               ("optional arguments:", "选项："), ("show this help message and exit", "显示本帮助并退出"))


def chinese_usage_error(message: str) -> str:
    for pattern, say in _ARGPARSE_MESSAGES:
        m = pattern.search(message)
        if m:
            return say(m)
    return message


def _chinese_help(text: str) -> str:
    for english, chinese in _HELP_WORDS:
        text = text.replace(english, chinese)
    return text


class ChineseArgumentParser(argparse.ArgumentParser):
    """Usage errors and --help in Chinese; a usage error exits 2 (as JSON when the verb was asked for --json)."""

    def format_usage(self) -> str:
        return _chinese_help(super().format_usage())

    def format_help(self) -> str:
        return _chinese_help(super().format_help())

    def error(self, message: str) -> NoReturn:
        text = f"参数错误：{chinese_usage_error(message)}"
        if "--json" in sys.argv[1:]:
            import json
            print(json.dumps({"error": text, "exit": USAGE_EXIT}, ensure_ascii=False))
        else:
            self.print_usage(sys.stderr)
        sys.stderr.write(text + "\n")
        sys.exit(USAGE_EXIT)


def fail(message: str, status: int = DATA_EXIT) -> int:
    """Print a Chinese reason on stderr and return the exit status (the handlers' one way to refuse)."""
    print(message if message.startswith(("错误", "参数错误")) else f"错误：{message}", file=sys.stderr)
    return status


class Cli:
    """The parser being built: areas add verbs to it, and to the shared `import`/`export` verbs."""

    def __init__(self) -> None:
        self.parser = ChineseArgumentParser(prog="main.py", description="网格党建台账 GridLedger：命令行")
        self.parser.add_argument("--db", metavar="FILE", help="数据库文件（默认在用户数据目录中）")
        self.parser.add_argument(
            "--user", metavar="NAME", default="",
            help=f"用户名（数据库设置了用户后需要；密码从提示输入或取自环境变量 {PASSWORD_ENV}）")
        self._verbs = self.parser.add_subparsers(dest="command", parser_class=ChineseArgumentParser,
                                                 title="命令", metavar="COMMAND")
        self._kinds: dict[str, argparse._SubParsersAction[ChineseArgumentParser]] = {}

    def verb(self, name: str, help: str, **defaults: Any) -> ChineseArgumentParser:
        parser = self._verbs.add_parser(name, help=help, description=help)
        parser.set_defaults(permission=None, login=True, opens="database", locks=False)
        parser.set_defaults(**defaults)
        return parser

    def _kind(self, verb: str, verb_help: str, name: str, help: str, **defaults: Any) -> ChineseArgumentParser:
        if verb not in self._kinds:
            self._kinds[verb] = self.verb(verb, verb_help).add_subparsers(
                dest="what", required=True, parser_class=ChineseArgumentParser, title="类型", metavar="WHAT")
        parser = self._kinds[verb].add_parser(name, help=help, description=help)
        parser.set_defaults(permission=None, login=True, opens="database", locks=False)
        parser.set_defaults(**defaults)
        return parser

    def import_kind(self, name: str, help: str, **defaults: Any) -> ChineseArgumentParser:
        return self._kind("import", "从 Excel/CSV 导入", name, help, **defaults)

    def export_kind(self, name: str, help: str, **defaults: Any) -> ChineseArgumentParser:
        return self._kind("export", "导出到 Excel（.xlsx）", name, help, **defaults)


def write_table(out: Path, header: list[str], rows: list[list[object]], sheet: str) -> int | None:
    """An export verb's table to OUT.xlsx, through a temporary file beside it (a failure leaves nothing
    half-written); None when written, else the exit status after the Chinese reason was printed."""
    import io
    import os
    import tempfile

    from reports.xlsx_table import build_table_xlsx
    if out.suffix.lower() != ".xlsx":
        return fail(f"参数错误：输出文件“{out.name}”应以 .xlsx 结尾", USAGE_EXIT)
    if not out.parent.is_dir():
        return fail(f"参数错误：文件夹“{out.parent}”不存在", USAGE_EXIT)
    buf = io.BytesIO()
    build_table_xlsx(header, rows, buf, sheet=sheet)
    fd, tmp = tempfile.mkstemp(suffix=".xlsx", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(buf.getvalue())
        os.replace(tmp, out)
    except OSError as exc:
        return fail(f"无法写入 {out}：{exc.strerror or exc}")
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return None


# ---- files that carry full identity numbers: exports sealed with a password, imports that open them --------
ENCRYPTED_SUFFIX = ".enc"  # like an encrypted backup (models.backup): 名册.xlsx.enc, 户.xlsx.enc


def decrypted_input(file: str, what: str) -> tuple[str, Callable[[], None]] | None:
    """The file an import reads: itself, or — for a password-protected export — its decrypted copy in a private
    temporary folder, removed by the returned cleanup. `what` names it in the password prompt ("名册", "文件").
    None after a Chinese message."""
    import shutil
    import tempfile

    from models.crypto import CryptoError, decrypt_file, is_encrypted
    source = Path(file)
    if not source.is_file() or not is_encrypted(source):
        return file, lambda: None
    password = file_password(f"打开加密的{what} {source.name} ")
    if not password:
        return None
    folder = tempfile.mkdtemp(prefix="gridledger-")  # 0700: only this user can read the decrypted copy
    name = source.name[: -len(ENCRYPTED_SUFFIX)] if source.name.endswith(ENCRYPTED_SUFFIX) else source.name
    try:
        plain = decrypt_file(source, Path(folder) / name, password)
    except CryptoError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        fail(f"无法打开 {source.name}：{exc}")
        return None
    return str(plain), lambda: shutil.rmtree(folder, ignore_errors=True)


def import_lock(db: LedgerDB) -> Any:
    """A writing import respects the instance lock (a window, another import): waits, then says who holds it."""
    import time

    from models.db import DatabaseBusy, database_path
    from models.importing import write as import_write
    from models.lock import DatabaseInUse, acquire
    deadline = time.monotonic() + import_write.IMPORT_WAIT_SECONDS
    while True:
        try:
            return acquire(database_path(db))
        except DatabaseInUse as exc:
            if time.monotonic() >= deadline:
                who = exc.info.describe() if exc.info else "另一个程序"
                raise DatabaseBusy(f"数据库正在被 {who} 使用（打开着的窗口或另一个导入），"
                                   f"等待 {int(import_write.IMPORT_WAIT_SECONDS)} 秒后仍未释放："
                                   "请等它完成或关闭窗口后再导入") from exc
            time.sleep(0.25)


def export_path(args: argparse.Namespace) -> Path | int:
    """The .xlsx an export writes (OUT.xlsx.enc given: OUT.xlsx, encrypted), its folder checked; an exit status
    after a Chinese message."""
    out = Path(args.out)
    if out.name.lower().endswith(".xlsx" + ENCRYPTED_SUFFIX):
        out = out.with_name(out.name[: -len(ENCRYPTED_SUFFIX)])
        args.encrypt = args.encrypt or not getattr(args, "no_encrypt", False)
    if out.suffix.lower() != ".xlsx":
        return fail(f"参数错误：输出文件“{out.name}”应以 .xlsx 结尾", USAGE_EXIT)
    if not out.parent.is_dir():
        return fail(f"参数错误：文件夹“{out.parent}”不存在", USAGE_EXIT)
    return out


def add_encrypt_options(parser: argparse.ArgumentParser, what: str) -> None:
    """--encrypt / --no-encrypt of a file that leaves the PC with members' personal data (`what` names it)."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--encrypt", action="store_true",
                       help=f"用密码保护{what}（密码取自环境变量 {FILE_PASSWORD_ENV} 或从提示输入；"
                            "数据库设置了用户后默认加密）")
    group.add_argument("--no-encrypt", action="store_true", help=f"不加密{what}（数据库设置了用户时也不加密）")


def seal_password(db: LedgerDB, args: argparse.Namespace) -> str | int:
    """The password a file leaving the PC is sealed with: asked (twice at a terminal) by default once the
    database has accounts (--encrypt or a password in the environment ask for it; --no-encrypt declines); ''
    for a plain file; an exit status when no password was given."""
    from models.audit import has_accounts
    encrypt = not args.no_encrypt and (args.encrypt or FILE_PASSWORD_ENV in os.environ or has_accounts(db))
    if not encrypt:
        return ""
    password = file_password("加密导出（数据库设置了用户后默认加密；确要不加密请加 --no-encrypt）", twice=True)
    return password or DATA_EXIT


def export_password(db: LedgerDB, args: argparse.Namespace, out: Path) -> tuple[Path, str] | int:
    """Full identity numbers leave the PC (seal_password; OUT.xlsx.enc asks for it too). The file to write
    (…​.enc when sealed) and the password ('' for a plain file); an exit status when no password was given."""
    password = seal_password(db, args)
    if isinstance(password, int):
        return password
    return (out.with_name(out.name + ENCRYPTED_SUFFIX) if password else out), password


def write_export(out: Path, data: bytes, password: str, done: str) -> int:
    """Write an export (sealed with the password when one is given) and print `done`."""
    if password:
        import io

        from models.crypto import encrypt_stream
        sealed = io.BytesIO()
        encrypt_stream(io.BytesIO(data), sealed, password)
        data = sealed.getvalue()
    try:
        out.write_bytes(data)
    except OSError as exc:
        return fail(f"无法写入“{out}”（文件可能正在 Excel 中打开）：{exc.strerror or exc}", USAGE_EXIT)
    print(done)
    return 0


def build_parser() -> ChineseArgumentParser:
    cli = Cli()
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(cli)
    return cli.parser


def default_db_path() -> Path:
    import platformdirs
    return Path(platformdirs.user_data_dir("GridLedger", appauthor=False)) / "gridledger.db"


def read_password(prompt: str, env: str = PASSWORD_ENV) -> str:
    """The password from `env`, else typed at a terminal; ValueError (Chinese) when neither can be had."""
    password = os.environ.get(env)
    if password is not None:
        return password
    import getpass
    import warnings
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # getpass's English "password may be echoed" without a terminal
            return getpass.getpass(prompt)
    except (EOFError, KeyboardInterrupt, OSError) as exc:
        raise ValueError(f"没有可输入密码的终端：请在终端中运行，或用环境变量 {env} 提供密码") from exc


FILE_PASSWORD_ENV = "GRIDLEDGER_BACKUP_PASSWORD"  # the password of copies that leave the PC: backups, exports


def file_password(purpose: str, *, twice: bool = False) -> str | None:
    """The password of an encrypted copy (backup, export) from the environment, or typed at a terminal (twice
    when making one); None after a Chinese message."""
    try:
        password = read_password("文件密码：", FILE_PASSWORD_ENV)
        typed = FILE_PASSWORD_ENV not in os.environ
        if twice and typed and read_password("再输入一次：", FILE_PASSWORD_ENV) != password:
            fail("两次输入的密码不一致，没有写入文件。")
            return None
    except ValueError:
        fail(f"{purpose}需要密码：请设置环境变量 {FILE_PASSWORD_ENV}，或在终端中运行以便输入密码。")
        return None
    return password


def authenticate(db: LedgerDB, args: argparse.Namespace) -> int | None:
    """Sign in `--user` when the database has accounts; None to go on, or the exit status after a Chinese
    message (missing user, wrong password, locked, not allowed — each refusal audited). A database without
    accounts needs no login."""
    from models.accounts import LoginError, login
    from models.audit import PermissionDenied, accounts_vanished, has_accounts, log_event, require
    permission, login_required = access_of(args)
    if args.command in ("check", "restore") and accounts_vanished(db):
        # nobody can sign in to a file whose accounts were deleted: check shows it, restore is the way back
        print("警告：此数据库的用户账户已被删除（操作日志显示曾有账户），可能被人改动过；未检查登录", file=sys.stderr)
        return None
    if not has_accounts(db):
        if args.user:
            print("提示：此数据库尚未设置用户，--user 已忽略", file=sys.stderr)
        return None
    if not args.user:
        if not login_required:
            return None
        log_event(db, "拒绝执行", f"命令行“{verb_text(args)}”未登录", user="")
        return fail(f"此数据库已设置用户，执行“{verb_text(args)}”需要 --user 用户名 和密码")
    try:
        password = read_password(f"用户 {args.user} 的密码：")
        login(db, args.user, password)
        if permission:
            require(db, permission)
    except PermissionDenied as exc:
        log_event(db, "拒绝执行", f"命令行“{verb_text(args)}”：{exc}")
        return fail(str(exc))
    except (LoginError, ValueError) as exc:
        return fail(str(exc))
    return None


def access_of(args: argparse.Namespace) -> tuple[str | None, bool]:
    """(permission, login required) of the parsed verb; `--full-id` always needs full_ids and a login."""
    if getattr(args, "full_id", False):
        return "full_ids", True
    return getattr(args, "permission", None), bool(getattr(args, "login", True))


def verb_text(args: argparse.Namespace) -> str:
    return " ".join(str(x) for x in (args.command, getattr(args, "what", None)) if x)


def authenticate_file(path: Path, args: argparse.Namespace) -> int | None:
    """authenticate() for verbs that run before the database is opened normally (restore, backup, check):
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


def run(argv: list[str] | None = None) -> int:
    """Parse, open, sign in, run the verb (or the window when no verb is given)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if "import" in argv:  # a roster named -名册.xlsx is a file, not an option
        at = argv.index("import") + 2
        argv[at:] = [f"./{a}" if a.startswith("-") and a.lower().endswith(ROSTER_ENDINGS) else a for a in argv[at:]]
    args = build_parser().parse_args(argv)
    path = Path(args.db) if args.db else default_db_path()
    if path.is_dir():
        return fail(f"参数错误：{path} 是一个文件夹，--db 应指定数据库文件（如 {path / 'gridledger.db'}）", USAGE_EXIT)
    if args.command is None:  # the window: ui.startup locks, checks and opens the file itself
        from ui.app import run_window
        return run_window(path)
    handler: Callable[..., int] = args.run
    if args.opens == "file":  # before opening: the file may be damaged or in use
        refused = authenticate_file(path, args)
        return refused if refused is not None else handler(path, args)
    from models.db import DatabaseError, open_database
    try:
        db = open_database(path)
    except DatabaseError as exc:
        return fail(str(exc))
    try:
        refused = authenticate(db, args)
        if refused is not None:
            return refused
        if not args.locks:
            return handler(db, args)
        from models.lock import DatabaseInUse, acquire
        try:
            lock = acquire(path)
        except DatabaseInUse as exc:
            return fail(f"{exc}（命令行不能在窗口打开着这个数据库时修改它，请先关闭窗口）")
        except Refused as exc:
            return fail(str(exc))
        try:
            return handler(db, args)
        finally:
            lock.release()
    finally:
        db.close()
