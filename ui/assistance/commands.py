"""The assistance area's verbs: `import four-ones FILE --year YYYY [--dry-run] [--skip-invalid] [--json]`,
`import assistance-log FILE`, `export four-ones --year YYYY OUT.xlsx`. Its reminders come with `reminders`."""
from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path

from models.db import LedgerDB
from ui.cli import DATA_EXIT, USAGE_EXIT, Cli, fail


def register(cli: Cli) -> None:
    imp = cli.import_kind("four-ones", "导入“四个一”帮扶表（每村一行：分类、星级和四项帮扶）", run=cmd_import_four_ones,
                          permission="import")
    imp.add_argument("file", metavar="FILE", help="帮扶表文件（.xlsx/.xls/.ods/.csv）")
    imp.add_argument("--year", required=True, type=int, metavar="YYYY", help="年度")
    _import_flags(imp)
    log = cli.import_kind("assistance-log", "导入帮扶记录", run=cmd_import_log, permission="import")
    log.add_argument("file", metavar="FILE", help="帮扶记录文件（.xlsx/.xls/.ods/.csv）")
    _import_flags(log)
    out = cli.export_kind("four-ones", "按导入的列导出“四个一”帮扶表", run=cmd_export_four_ones, permission="print")
    out.add_argument("--year", required=True, type=int, metavar="YYYY", help="年度")
    out.add_argument("out", metavar="OUT.xlsx")
    out.add_argument("--as-of", metavar="YYYY-MM-DD", help="按这一天的在任人员（默认今天或该年最后一天）")


def _import_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    parser.add_argument("--skip-invalid", action="store_true", help="跳过有错误的行，导入其余各行")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")


def _report(result: object, args: argparse.Namespace, what: str) -> int:
    from models.assistance import ImportResult
    assert isinstance(result, ImportResult)
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False))
    else:
        for error in result.errors:
            print(f"错误：{error}", file=sys.stderr)
        if result.dry_run:
            print(f"检查完毕（未写入）：共 {result.rows} 行，{result.valid} 行无误，{len(result.errors)} 行有错误")
        elif result.saved:
            print(f"已导入{what} {result.written} 行" + (f"，跳过有错误的 {len(result.errors)} 行" if result.errors
                                                     else ""))
        else:
            print(f"有 {len(result.errors)} 行错误，全部未导入（改正后重新导入，或加 --skip-invalid 跳过错误行）",
                  file=sys.stderr)
    return DATA_EXIT if result.errors else 0


def _run_import(args: argparse.Namespace, work: object, what: str) -> int:
    from models.errors import Refused
    from models.importing import ImportFileError
    try:
        result = work()  # type: ignore[operator]
    except ImportFileError as exc:
        return _refuse(args, str(exc), USAGE_EXIT)
    except Refused as exc:
        return _refuse(args, str(exc), DATA_EXIT)
    return _report(result, args, what)


def _refuse(args: argparse.Namespace, message: str, status: int) -> int:
    if args.json:
        print(json.dumps({"error": message, "exit": status}, ensure_ascii=False))
    return fail(message, status)


def cmd_import_four_ones(db: LedgerDB, args: argparse.Namespace) -> int:
    from models.assistance import import_four_ones
    return _run_import(args, lambda: import_four_ones(db, args.file, args.year, dry_run=args.dry_run,
                                                      skip_invalid=args.skip_invalid), "“四个一”帮扶表")


def cmd_import_log(db: LedgerDB, args: argparse.Namespace) -> int:
    from models.assistance import import_assistance_log
    return _run_import(args, lambda: import_assistance_log(db, args.file, dry_run=args.dry_run,
                                                           skip_invalid=args.skip_invalid), "帮扶记录")


def cmd_export_four_ones(db: LedgerDB, args: argparse.Namespace) -> int:
    import datetime as dt

    from models.assistance import FOUR_ONES_COLUMNS, AssistanceError, check_year, four_ones_rows
    from reports.assistance.four_ones_xlsx import build_four_ones_xlsx
    try:
        year = check_year(args.year)
        day = dt.date.fromisoformat(args.as_of) if args.as_of else None
    except AssistanceError as exc:
        return fail(f"参数错误：{exc}", USAGE_EXIT)
    except ValueError:
        return fail(f"参数错误：--as-of “{args.as_of}”应为 YYYY-MM-DD 格式的日期", USAGE_EXIT)
    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        return fail("参数错误：导出文件应以 .xlsx 结尾", USAGE_EXIT)
    if not out.parent.is_dir():
        return fail(f"保存位置 {out.parent} 不存在")
    rows = four_ones_rows(db, year, day)
    buffer = io.BytesIO()
    build_four_ones_xlsx(FOUR_ONES_COLUMNS, rows, buffer, year=year)
    try:
        out.write_bytes(buffer.getvalue())
    except OSError as exc:
        return fail(f"无法写入 {out}：{exc.strerror or exc}")
    print(f"已导出 {year} 年“四个一”帮扶表 {len(rows)} 个村（社区）：{out}")
    return 0
