"""The members' verbs: `import members`, `export members`, `export template`, `search`."""
from __future__ import annotations

import argparse
import io
import json
import sys

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
    members = cli.import_kind("members", "导入党员名册", run=cmd_import, permission="import")
    members.add_argument("file", metavar="FILE", help="花名册文件（.xlsx/.xls/.ods/.csv）")
    members.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    members.add_argument("--skip-invalid", action="store_true", help="跳过有错误的行，导入其余各行")
    members.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    members.add_argument("--accept-names", action="store_true",
                         help="身份证号与系统中的党员相同而姓名不同时，接受文件中的新姓名（默认作为错误拒绝）")
    out = cli.export_kind("members", "按全国统一列顺序导出党员名册", run=cmd_export, permission="full_ids")
    out.add_argument("out", metavar="OUT.xlsx")
    out.add_argument("--village", metavar="NAME", help="只导出该村（社区）")
    out.add_argument("--all-statuses", action="store_true", help="也导出转出、去世、出党的党员")
    how = out.add_mutually_exclusive_group()
    how.add_argument("--encrypt", action="store_true",
                     help=f"用密码保护导出的名册（含完整身份证号；密码取自环境变量 {FILE_PASSWORD_ENV} 或从提示输入；"
                          "数据库设置了用户后默认加密），写成 OUT.xlsx.enc，用 decrypt 或 import members 打开")
    how.add_argument("--no-encrypt", action="store_true",
                     help="不加密（名册中的完整身份证号可以直接读出，只用于留在本机的文件；记入操作日志）")
    tpl = cli.export_kind("template", "导出空白导入模板", run=cmd_export, login=False)
    tpl.add_argument("out", metavar="OUT.xlsx")
    find = cli.verb("search", "按姓名、拼音、首字母、身份证号、电话或住址查找党员", run=cmd_search,
                    permission="print")
    find.add_argument("text", metavar="TEXT", help="查找的内容，如 张三、zs、zhangsan、1380000")
    find.add_argument("--village", metavar="NAME", help="只在该村（社区）中查找")
    find.add_argument("--all-statuses", action="store_true", help="也查找转出、去世、出党的党员")
    find.add_argument("--json", action="store_true", help="以 JSON 列表输出")


def cmd_import(db: LedgerDB, args: argparse.Namespace) -> int:
    """Exit 0: nothing rejected; 1: rows rejected (written or not, see --skip-invalid); 2: unreadable file."""
    from models.db import DatabaseBusy
    from models.errors import Refused
    from models.importing import ImportFileError, ImportResult, import_members
    lock = None
    opened = decrypted_input(args.file, "名册")
    if opened is None:
        return DATA_EXIT
    path, cleanup = opened
    try:
        if not args.dry_run:
            lock = import_lock(db)
        result = import_members(db, path, dry_run=args.dry_run, skip_invalid=args.skip_invalid,
                                accept_renames=args.accept_names)
    except (Refused, DatabaseBusy) as exc:
        if args.json:  # the same keys as a result, nothing done, and the reason
            print(json.dumps(dict(ImportResult().as_json(), error=str(exc)), ensure_ascii=False))
        return fail(str(exc), USAGE_EXIT if isinstance(exc, ImportFileError) else DATA_EXIT)
    finally:
        cleanup()
        if lock is not None:
            lock.release()  # type: ignore[attr-defined]
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False))
    else:
        for e in result.errors:
            print(f"“{e.sheet}”第 {e.row} 行 {e.column}“{e.value}”：{e.message}")
        if not (result.imported or result.updated or result.unchanged or result.skipped):
            sheets = f"（未读取的工作表：{'、'.join(result.ignored_sheets)}）" if result.ignored_sheets else ""
            print("文件中没有党员数据行" + sheets)
            return 0
        not_written = "试运行（未写入）：可导入" if args.dry_run else "未写入任何数据：可导入"
        done = "已导入" if result.written else not_written
        print(f"{done}新增 {result.imported} 名，更新 {result.updated} 名，"
              f"未变 {result.unchanged} 名（与系统中相同，不改动），跳过 {result.skipped} 行"
              + (f"；新建村（社区）：{'、'.join(result.created_villages)}" if result.created_villages else "")
              + (f"；新建网格：{'、'.join(result.created_grids)}" if result.created_grids else "")
              + (f"；未识别的列：{'、'.join(result.ignored_columns)}" if result.ignored_columns else "")
              + (f"；未读取的工作表：{'、'.join(result.ignored_sheets)}" if result.ignored_sheets else ""))
        if result.errors and not args.skip_invalid:
            print("有错误的行，全部未导入：请改正后重新导入，或加 --skip-invalid 只导入正确的行")
    return DATA_EXIT if result.errors else 0


def cmd_export(db: LedgerDB, args: argparse.Namespace) -> int:
    from models.entities import MemberQuery
    from models.members import search_members
    from models.org import find_village, get_town
    from reports.xlsx import build_members_xlsx, build_template
    out = export_path(args)
    if isinstance(out, int):
        return out
    buf = io.BytesIO()
    if args.what == "template":
        build_template(buf)
        return write_export(out, buf.getvalue(), "", f"已导出导入模板：{out}")
    village_id = None
    if args.village:
        village = find_village(db, args.village)
        if village is None:
            return fail(f"参数错误：找不到村（社区）“{args.village}”", USAGE_EXIT)
        village_id = village.id
    query = MemberQuery(village_id=village_id, statuses=() if args.all_statuses else ("在册",))
    sealed = export_password(db, args, out)
    if isinstance(sealed, int):
        return sealed
    out, password = sealed
    encrypt = bool(password)
    members = search_members(db, query)
    town = get_town(db)
    build_members_xlsx(members, buf, town=town.name if town else "", all_statuses=args.all_statuses)
    how = "已加密：打开时需要这个密码，用 decrypt 或 import members" if encrypt else \
        "未加密：文件中的完整身份证号可以直接读出"
    status = write_export(out, buf.getvalue(), password, f"已导出 {len(members)} 名党员：{out}（{how}）")
    if status == 0:
        from models.audit import log_full_id_export
        scope = f"（{args.village}）" if args.village else "（全镇）"
        log_full_id_export(db, f"导出党员名册 {out.name}{scope}，{'已加密' if encrypt else '未加密'}", len(members))
    return status


def cmd_search(db: LedgerDB, args: argparse.Namespace) -> int:
    """The search box's matching, from the command line: one member per line, or a JSON list."""
    from models.entities import MemberQuery
    from models.members import CACHE_COLUMNS, filter_cached, member_cache_rows
    from models.org import find_village
    village_id = None
    if args.village:
        village = find_village(db, args.village)
        if village is None:
            return fail(f"参数错误：找不到村（社区）“{args.village}”", USAGE_EXIT)
        village_id = village.id
    if not args.text.strip():
        return fail("参数错误：查找的内容不能为空", USAGE_EXIT)
    query = MemberQuery(text=args.text, village_id=village_id, statuses=() if args.all_statuses else ("在册",))
    rows = filter_cached(member_cache_rows(db), query)
    shown = ("id", "name", "gender", "id_number", "birth_date", "category", "join_date", "phone",
             "village_name", "grid_name", "status")
    index = [CACHE_COLUMNS.index(c) for c in shown]
    found = [dict(zip(shown, (r[i] for i in index))) for r in rows]
    if args.json:
        print(json.dumps(found, ensure_ascii=False))
        return 0
    for m in found:
        print("\t".join(str(m[c] or "-") for c in ("name", "gender", "id_number", "birth_date", "category",
                                                  "village_name", "grid_name", "phone", "status")))
    print(f"找到 {len(found)} 名党员", file=sys.stderr)
    return 0
