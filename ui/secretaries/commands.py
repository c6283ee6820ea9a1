"""The secretaries area's verbs: `import secretary-filings FILE`, `export secretary-filings OUT.xlsx`,
`import evaluation FILE --year YYYY` and `export evaluation --year YYYY OUT.xlsx` (the printed forms go through
the shared `report` verb: secretary-filing, evaluation)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from models.db import LedgerDB
from ui.cli import DATA_EXIT, USAGE_EXIT, Cli, fail, write_table


def register(cli: Cli) -> None:
    imp = cli.import_kind("secretary-filings",
                          "导入村党组织书记备案（每行一份备案；同一人同一任职再出现一行即为新版本）",
                          run=cmd_import_filings, permission="import")
    imp.add_argument("file", metavar="FILE", help="备案表文件（.xlsx/.xls/.ods/.csv）")
    out = cli.export_kind("secretary-filings", "导出村党组织书记备案（与导入相同的列）", run=cmd_export_filings,
                          permission="full_ids")
    out.add_argument("out", metavar="OUT.xlsx")
    out.add_argument("--all-versions", action="store_true", help="也导出已被新版本替代的历史备案")
    ev = cli.import_kind("evaluation", "导入村党组织书记年度履职评估得分（村（社区）、姓名、各项指标）",
                         run=cmd_import_evaluation, permission="import")
    ev.add_argument("file", metavar="FILE", help="得分表文件（.xlsx/.xls/.ods/.csv）")
    ev.add_argument("--year", type=int, required=True, metavar="YYYY", help="评估年度")
    eo = cli.export_kind("evaluation", "导出村党组织书记年度履职评估得分及加权总分", run=cmd_export_evaluation,
                         permission="print")
    eo.add_argument("--year", type=int, required=True, metavar="YYYY", help="评估年度")
    eo.add_argument("out", metavar="OUT.xlsx")


def cmd_import_filings(db: LedgerDB, args: argparse.Namespace) -> int:
    from models import secretaries as sc
    from models.errors import Refused
    from models.importing.read import ImportFileError
    try:
        r = sc.import_filings(db, args.file)
    except ImportFileError as exc:
        return fail(str(exc), USAGE_EXIT)
    except Refused as exc:
        return fail(str(exc), DATA_EXIT)
    print(f"已导入书记备案：新备案 {r.filed} 份，新版本 {r.versions} 份，未变 {r.unchanged} 份")
    return 0


def cmd_export_filings(db: LedgerDB, args: argparse.Namespace) -> int:
    from models import secretaries as sc
    from models.audit import log_full_id_export
    rows = sc.filing_rows(db, all_versions=args.all_versions)
    out = Path(args.out)
    status = write_table(out, list(sc.FILING_COLUMNS), rows, "书记备案")  # type: ignore[arg-type]
    if status is not None:
        return status
    log_full_id_export(db, f"书记备案 {out.name}", len(rows))
    print(f"已导出书记备案 {len(rows)} 份：{out}", file=sys.stderr)
    print(len(rows))
    return 0


def cmd_import_evaluation(db: LedgerDB, args: argparse.Namespace) -> int:
    from models import secretaries as sc
    from models.errors import Refused
    from models.importing.read import ImportFileError
    try:
        year = sc.check_year(args.year)
        n = sc.import_evaluation(db, args.file, year)
    except ImportFileError as exc:
        return fail(str(exc), USAGE_EXIT)
    except Refused as exc:
        return fail(str(exc), DATA_EXIT)
    print(f"已导入 {year} 年履职评估得分 {n} 行")
    return 0


def cmd_export_evaluation(db: LedgerDB, args: argparse.Namespace) -> int:
    from models import secretaries as sc
    from models.errors import Refused
    try:
        header, rows = sc.evaluation_table(db, sc.check_year(args.year))
    except Refused as exc:
        return fail(f"参数错误：{exc}", USAGE_EXIT)
    out = Path(args.out)
    status = write_table(out, header, rows, f"{args.year}年履职评估")
    if status is not None:
        return status
    print(f"已导出 {args.year} 年履职评估 {len(rows)} 人：{out}", file=sys.stderr)
    print(len(rows))
    return 0
