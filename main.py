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
    return p


def default_db_path() -> Path:
    import platformdirs
    return Path(platformdirs.user_data_dir("GridLedger", appauthor=False)) / "gridledger.db"


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from models.db import DatabaseError, open_database
    path = Path(args.db) if args.db else default_db_path()
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
