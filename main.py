"""GridLedger (网格党建台账): wiring only — parse arguments, open the database, start the window or run a command."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

USAGE_EXIT, DATA_EXIT = 2, 1


class ChineseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"参数错误：{message}\n")
        sys.exit(USAGE_EXIT)


def build_parser() -> argparse.ArgumentParser:
    p = ChineseArgumentParser(prog="main.py", description="网格党建台账 GridLedger")
    p.add_argument("--db", metavar="FILE", help="数据库文件（默认在用户数据目录中）")
    sub = p.add_subparsers(dest="command", parser_class=ChineseArgumentParser)
    demo = sub.add_parser("demo", help="载入示例数据")
    demo.add_argument("--members", type=int, default=600, help="党员人数（默认 600）")
    demo.add_argument("--seed", type=int, default=7)
    shot = sub.add_parser("screenshot", help="离屏渲染主窗口某页并保存为 PNG")
    shot.add_argument("--page", required=True)
    shot.add_argument("--out", required=True)
    shot.add_argument("--size", default="1366x768")
    add_backup_commands(sub)
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
        return cmd_backup(path, Path(args.out))
    if args.command == "restore":
        return cmd_restore(path, Path(args.file), args)
    return cmd_check(path)


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} KB"


def cmd_backup(path: Path, out: Path) -> int:
    import datetime as dt

    from models.backup import MANUAL, BackupError, backup_file, backup_name
    target = out / backup_name(MANUAL, dt.datetime.now()) if out.is_dir() else out
    try:
        made = backup_file(path, target)
    except BackupError as exc:
        print(f"备份失败：{exc}", file=sys.stderr)
        return DATA_EXIT
    print(f"已备份到 {made}（{_size(made.stat().st_size)}，已通过完整性检查）")
    return 0


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


def default_db_path() -> Path:
    import platformdirs
    return Path(platformdirs.user_data_dir("GridLedger", appauthor=False)) / "gridledger.db"


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from models.db import DatabaseError, open_database
    path = Path(args.db) if args.db else default_db_path()
    if args.command in BACKUP_COMMANDS:  # before opening: the file may be damaged or in use
        return run_backup_command(path, args)
    try:
        db = open_database(path)
    except DatabaseError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return DATA_EXIT
    if args.command == "demo":
        return cmd_demo(db, args)
    if args.command == "screenshot":
        from ui.app import screenshot
        return screenshot(db, args.page, Path(args.out), args.size)
    from ui.app import run_window
    return run_window(db)


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


if __name__ == "__main__":
    sys.exit(main())
