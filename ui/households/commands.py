"""The central-households verbs: `import households`, `import visits` (with an error workbook to send back to
the village) and `export households` in the import's column order.

The export carries full identity numbers (the heads' and the central households'): like `export members` it is
password-protected (户.xlsx.enc) by default once the database has accounts, and both imports open such a file
with its password."""
from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

from models.db import LedgerDB
from ui.cli import (
    DATA_EXIT,
    FILE_PASSWORD_ENV,
    USAGE_EXIT,
    Cli,
    decrypted_input,
    export_password,
    export_path,
    fail,
    import_lock,
    write_export,
)


def register(cli: Cli) -> None:
    for kind, help_text in (("households", "导入户（户主、联系的党员中心户、户类型等）"),
                            ("visits", "导入走访记录")):
        p = cli.import_kind(kind, help_text, run=cmd_import, permission="import")
        p.add_argument("file", metavar="FILE", help="Excel/CSV 文件（.xlsx/.xls/.ods/.csv）")
        p.add_argument("--dry-run", action="store_true", help="只检查，不写入")
        p.add_argument("--skip-invalid", action="store_true", help="跳过有错误的行，导入其余各行")
        p.add_argument("--json", action="store_true", help="以 JSON 输出结果")
        p.add_argument("--errors", metavar="OUT.xlsx", help="把需要改正的问题另存为 Excel 文件，发回村里改正")
    out = cli.export_kind("households", "按导入的列顺序导出户（含联系的党员中心户）", run=cmd_export,
                          permission="full_ids")
    out.add_argument("out", metavar="OUT.xlsx")
    out.add_argument("--village", metavar="NAME", help="只导出该村（社区）")
    how = out.add_mutually_exclusive_group()
    how.add_argument("--encrypt", action="store_true",
                     help=f"用密码保护导出的文件（含完整身份证号；密码取自环境变量 {FILE_PASSWORD_ENV} 或从提示输入；"
                          "数据库设置了用户后默认加密），写成 OUT.xlsx.enc，用 decrypt 或 import households 打开")
    how.add_argument("--no-encrypt", action="store_true",
                     help="不加密（文件中的完整身份证号可以直接读出，只用于留在本机的文件；记入操作日志）")


def cmd_import(db: LedgerDB, args: argparse.Namespace) -> int:
    """Exit 0: nothing rejected; 1: rows rejected or refused; 2: unreadable file or bad arguments."""
    from models import households as hh
    from models.db import DatabaseBusy
    from models.errors import Refused
    from models.importing import ImportFileError, ImportResult
    errors_out = Path(args.errors) if args.errors else None
    if errors_out is not None and (errors_out.suffix.lower() != ".xlsx" or not errors_out.parent.is_dir()):
        return fail(f"参数错误：--errors 应为已存在文件夹中的 .xlsx 文件（“{errors_out}”）", USAGE_EXIT)
    run = hh.import_households if args.what == "households" else hh.import_visits
    opened = decrypted_input(args.file, "文件")
    if opened is None:
        return DATA_EXIT
    path, cleanup = opened
    lock = None
    try:
        if not args.dry_run:
            lock = import_lock(db)
        result = run(db, path, dry_run=args.dry_run, skip_invalid=args.skip_invalid).result
    except (Refused, DatabaseBusy) as exc:
        if args.json:
            print(json.dumps(dict(ImportResult().as_json(), error=str(exc)), ensure_ascii=False))
        return fail(str(exc), USAGE_EXIT if isinstance(exc, ImportFileError) else DATA_EXIT)
    finally:
        cleanup()
        if lock is not None:
            lock.release()  # type: ignore[attr-defined]
    if errors_out is not None and result.errors:
        from reports.xlsx import build_problems_xlsx
        buf = io.BytesIO()
        build_problems_xlsx(result.errors, buf, source=Path(args.file).name)
        try:
            errors_out.write_bytes(buf.getvalue())
        except OSError as exc:
            return fail(f"无法写入“{errors_out}”（文件可能正在 Excel 中打开）：{exc.strerror or exc}", USAGE_EXIT)
    if args.json:
        print(json.dumps(dict(result.as_json(), written=result.written), ensure_ascii=False))
        return DATA_EXIT if result.errors else 0
    what, unit = ("户", "户") if args.what == "households" else ("走访记录", "条")
    for e in result.errors:
        print(f"“{e.sheet}”第 {e.row} 行 {e.column}“{e.value}”：{e.message}")
    if not (result.imported or result.updated or result.unchanged or result.skipped):
        sheets = f"（未读取的工作表：{'、'.join(result.ignored_sheets)}）" if result.ignored_sheets else ""
        print(f"文件中没有{what}数据行" + sheets)
        return 0
    done = "已导入" if result.written else ("试运行（未写入）：可导入" if args.dry_run else "未写入任何数据：可导入")
    print(f"{done}新增 {result.imported} {unit}，更新 {result.updated} {unit}，未变 {result.unchanged} {unit}，"
          f"跳过 {result.skipped} 行"
          + (f"；未识别的列：{'、'.join(result.ignored_columns)}" if result.ignored_columns else "")
          + (f"；未读取的工作表：{'、'.join(result.ignored_sheets)}" if result.ignored_sheets else ""))
    if result.errors and not args.skip_invalid:
        print("有错误的行，全部未导入：请改正后重新导入，或加 --skip-invalid 只导入正确的行")
    if errors_out is not None and result.errors:
        print(f"需要改正的问题已保存到：{errors_out}")
    return DATA_EXIT if result.errors else 0


def cmd_export(db: LedgerDB, args: argparse.Namespace) -> int:
    from models import households as hh
    from models.audit import log_full_id_export
    from models.org import find_village
    from reports.xlsx_fast import write_table
    out = export_path(args)
    if isinstance(out, int):
        return out
    village_id = None
    if args.village:
        village = find_village(db, args.village)
        if village is None:
            return fail(f"参数错误：找不到村（社区）“{args.village}”", USAGE_EXIT)
        village_id = village.id
    sealed = export_password(db, args, out)
    if isinstance(sealed, int):
        return sealed
    out, password = sealed
    encrypt = bool(password)
    rows = hh.export_rows(db, village_id)
    buf = io.BytesIO()
    write_table(buf, "户", [label for _, label in hh.HOUSEHOLD_COLUMNS], rows, text_columns=(1, 3, 6))
    how = "已加密：打开时需要这个密码，用 decrypt 或 import households" if encrypt else \
        "未加密：文件中的完整身份证号可以直接读出"
    status = write_export(out, buf.getvalue(), password, f"已导出 {len(rows)} 户：{out}（{how}）")
    if status == 0:
        log_full_id_export(db, f"导出户 {out.name}（{args.village or '全镇'}），{'已加密' if encrypt else '未加密'}",
                           len(rows))
    return status
