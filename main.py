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
    add_report_parser(sub)
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
    if args.command == "report":
        return cmd_report(db, args)
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
    options = ReportOptions(full_id=args.full_id, font_path=args.font)
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
    print(pages)
    print(f"已生成《{REPORTS[args.kind].title}》共 {pages} 页：{out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
