"""The supervision area's verbs: `import cadres|rectification|projects|cadre-businesses FILE` (all or nothing,
--dry-run, --skip-invalid, --json) and `export rectification OUT.xlsx [--village] [--status]`,
`export projects OUT.xlsx` (with 关联预警)."""
from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

from models.db import LedgerDB
from ui.cli import DATA_EXIT, USAGE_EXIT, Cli, fail

_IMPORTS = (("cadres", "导入村“两委”成员名单（村（社区）、姓名、公民身份号码、职务、任职日期、离任日期、"
                      "产生方式、是否一肩挑）"),
            ("rectification", "导入问题整改台账（村（社区）、问题描述、问题来源、发现日期、责任单位、责任人、整改措施、"
                              "整改时限、整改进展、完成日期、状态）"),
            ("projects", "导入村级工程（工程名称、村（社区）、金额（万元）、实施主体、承建方、开工日期、完工日期、"
                         "是否经民主决策程序、关联关系声明）"),
            ("cadre-businesses", "导入村干部及亲属经商登记（经营主体名称、经营者、与村干部关系、村干部姓名、"
                                 "村（社区））"))


def register(cli: Cli) -> None:
    for name, help_text in _IMPORTS:
        p = cli.import_kind(name, help_text, run=cmd_import, permission="import", locks=True)
        p.add_argument("file", metavar="FILE", help="Excel 或 CSV 文件（.xlsx/.xls/.ods/.csv）")
        p.add_argument("--dry-run", action="store_true", help="只检查，不写入")
        p.add_argument("--skip-invalid", action="store_true", help="跳过有错误的行，导入其余各行")
        p.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    rect = cli.export_kind("rectification", "导出问题整改台账", run=cmd_export, permission="print")
    rect.add_argument("out", metavar="OUT.xlsx")
    rect.add_argument("--village", metavar="NAME", help="只导出该村（社区）")
    rect.add_argument("--status", metavar="STATUS", help="只导出该状态：待整改、整改中、已销号 或 逾期")
    proj = cli.export_kind("projects", "导出村级工程（含关联预警）", run=cmd_export, permission="print")
    proj.add_argument("out", metavar="OUT.xlsx")


def cmd_import(db: LedgerDB, args: argparse.Namespace) -> int:
    """Exit 0: nothing refused; 1: rows refused (written or not, see --skip-invalid); 2: unreadable file."""
    from models import supervision as sv
    from models.errors import Refused
    from models.importing import ImportFileError
    kind = sv.IMPORT_KINDS[args.what]
    try:
        result = sv.import_table(db, kind, args.file, dry_run=args.dry_run, skip_invalid=args.skip_invalid)
    except Refused as exc:
        if args.json:
            print(json.dumps(dict(sv.TableImportResult().as_json(), error=str(exc)), ensure_ascii=False))
        return fail(str(exc), USAGE_EXIT if isinstance(exc, ImportFileError) else DATA_EXIT)
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False))
        return DATA_EXIT if result.errors else 0
    for e in result.errors:
        print(f"“{e.sheet}”第 {e.row} 行 {e.column}“{e.value}”：{e.message}")
    if result.rows == 0:
        print(f"文件中没有{kind.title}的数据行")
        return 0
    if result.written:
        done = "已导入"
    else:
        done = "试运行（未写入）：可导入" if args.dry_run else "未写入任何数据：可导入"
    u = kind.unit
    print(f"{kind.title}：{done}新增 {result.imported} {u}，更新 {result.updated} {u}，"
          f"未变 {result.unchanged} {u}（与系统中相同），跳过 {result.skipped} 行"
          + (f"；未识别的列：{'、'.join(result.ignored_columns)}" if result.ignored_columns else "")
          + (f"；未读取的工作表：{'、'.join(result.ignored_sheets)}" if result.ignored_sheets else ""))
    if result.errors and not args.skip_invalid:
        print("有错误的行，全部未导入：请改正后重新导入，或加 --skip-invalid 只导入正确的行")
    return DATA_EXIT if result.errors else 0


def cmd_export(db: LedgerDB, args: argparse.Namespace) -> int:
    from models import supervision as sv
    from models.org import find_village
    from reports.xlsx_fast import write_table
    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        return fail(f"参数错误：输出文件“{out.name}”应以 .xlsx 结尾", USAGE_EXIT)
    if not out.parent.is_dir():
        return fail(f"参数错误：文件夹“{out.parent}”不存在", USAGE_EXIT)
    if args.what == "rectification":
        village, status = (args.village or "").strip(), (args.status or "").strip()
        found = find_village(db, village) if village else None
        if village and found is None:
            return fail(f"参数错误：找不到村（社区）“{village}”", USAGE_EXIT)
        if status and status not in (*sv.STATUSES, "逾期"):
            return fail(f"参数错误：状态“{status}”不在可选范围内（{'、'.join((*sv.STATUSES, '逾期'))}）", USAGE_EXIT)
        header, rows = sv.rectification_table(db, found.id if found else None, status)
        title, what = "问题整改台账", f"{len(rows)} 条整改问题"
    else:
        header, rows = sv.projects_table(db)
        flagged = sum(1 for r in rows if r[-1])
        title, what = "村级工程", f"{len(rows)} 项村级工程（其中 {flagged} 项有关联预警）"
    buf = io.BytesIO()
    text = [i for i in range(len(header)) if header[i] != "金额（万元）"]  # dates stay text, as typed
    write_table(buf, title, header, rows, text_columns=text, title=title)
    try:
        out.write_bytes(buf.getvalue())
    except OSError as exc:
        return fail(f"无法写入“{out}”（文件可能正在 Excel 中打开）：{exc.strerror or exc}", USAGE_EXIT)
    print(f"已导出 {what}：{out}")
    return 0
