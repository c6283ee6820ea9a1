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
    add_roster_io_commands(sub)
    return p


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
        done = "已导入" if result.written else ("试运行（未写入）：可导入" if args.dry_run else "未写入任何数据：可导入")
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
    return _write_export(out, buf.getvalue(), f"已导出 {len(members)} 名党员：{out}")


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
    try:
        db = open_database(path)
    except DatabaseError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return DATA_EXIT
    if args.command == "demo":
        return cmd_demo(db, args)
    if args.command == "import":
        return cmd_import(db, args)
    if args.command == "export":
        return cmd_export(db, args)
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
