"""The printed forms' verb: `report KIND --out FILE.pdf`."""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from models.db import LedgerDB
from ui.cli import DATA_EXIT, USAGE_EXIT, Cli, fail


def register(cli: Cli) -> None:
    rep = cli.verb("report", "生成打印报表（PDF）", run=cmd_report, permission="print")
    rep.add_argument("kind", metavar="KIND",
                     help="报表类型：member-form（党员基本信息采集表）、roster（党员花名册）、"
                          "central-households（党员中心户名册）、linked-households（联系户名册）、statistics（统计汇总表）、"
                          "rectification（问题整改台账）、inspection（监督检查记录表）、"
                          "secretary-filing（村党组织书记备案表）、evaluation（村党组织书记履职评估表）、"
                          "four-ones（“四个一”帮扶责任表）")
    rep.add_argument("--out", required=True, metavar="FILE.pdf", help="输出的 PDF 文件")
    rep.add_argument("--town", metavar="NAME|CODE", help="区（县）汇总库：只打印这个乡镇（名称或 9 位代码）")
    rep.add_argument("--village", metavar="NAME", help="只打印这个村（社区）")
    rep.add_argument("--grid", metavar="NAME", help="只打印这个网格")
    rep.add_argument("--status", metavar="STATUS", help="问题整改台账：只打印这个状态（待整改、整改中、已销号、逾期）")
    rep.add_argument("--id", type=int, metavar="N", help="监督检查记录表：只打印这个编号的检查记录")
    rep.add_argument("--year", type=int, metavar="YYYY", help="履职评估表、“四个一”帮扶责任表：年度")
    rep.add_argument("--item", type=int, metavar="ID", help="村级事务决策登记表：只打印这个编号的议事事项")
    rep.add_argument("--full-id", action="store_true", help="显示完整的公民身份号码（默认部分隐藏）")
    rep.add_argument("--charts", action="store_true", help="统计汇总表：另附一页统计图表（与首页的图表相同）")
    rep.add_argument("--font", metavar="FILE", help="指定嵌入的 TrueType 中文字体文件")
    rep.add_argument("--order", choices=("pinyin", "strokes"), default="pinyin",
                     help="名单中姓名的排列：pinyin（按姓名拼音，默认）或 strokes（按姓氏笔画）")


def cmd_report(db: LedgerDB, args: argparse.Namespace) -> int:
    """Write the PDF (via a temporary file, so a failure leaves nothing half-written); page count on stdout."""
    from models import report_data
    from models.audit import can_see_full_ids, chain_head, log_event, log_full_id_export
    from models.errors import Refused
    from reports import REPORTS, fetch, render
    from reports.fonts import FontNotFound
    from reports.styles import ReportOptions, ReportTooLarge
    if args.kind not in REPORTS:
        kinds = "、".join(f"{k}（{v.title}）" for k, v in REPORTS.items())
        return fail(f"参数错误：没有“{args.kind}”这种报表，可选：{kinds}", USAGE_EXIT)
    try:
        scope = report_data.resolve_scope(db, args.village, args.grid, args.town)
    except report_data.ScopeError as exc:
        return fail(f"参数错误：{exc}", USAGE_EXIT)
    out = Path(args.out)
    if not out.parent.is_dir():
        return fail(f"保存位置 {out.parent} 不存在")
    if args.kind == "evaluation" and args.year is None:
        return fail("参数错误：履职评估表要用 --year 指定评估年度，如 --year 2026", USAGE_EXIT)
    extra = {"status": args.status or ""} if args.kind == "rectification" else \
        {"record_id": args.id} if args.kind == "inspection" else \
        {"year": args.year} if args.kind in ("evaluation", "four-ones") else \
        {"item_id": args.item} if args.kind == "decision" else {}
    try:
        data = fetch(db, args.kind, scope, order=args.order, **extra)
    except Refused as exc:
        return fail(str(exc))
    # the 采集表 is signed and filed with the whole number; lists mask it unless --full-id
    full_id = args.full_id or (args.kind == "member-form" and can_see_full_ids(db))
    options = ReportOptions(full_id=full_id, font_path=args.font, log_code=chain_head(db),  # 日志校验码 in the footer
                            charts=args.charts and args.kind == "statistics")
    fd, tmp = tempfile.mkstemp(suffix=".pdf", dir=out.parent)
    umask = os.umask(0o022)  # mkstemp makes the file 0600; a saved report gets the mode any new file gets
    os.umask(umask)
    try:
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as f:
            pages = render(args.kind, data, f, options)
        os.replace(tmp, out)
    except (FontNotFound, ReportTooLarge, OSError) as exc:
        return fail(str(exc), DATA_EXIT)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    title, where = REPORTS[args.kind].title, report_data.describe_scope(db, scope)
    people = report_data.person_count(data)
    if full_id:
        log_full_id_export(db, f"{title}（{where}）{out.name}", people)
    else:
        log_event(db, "打印报表", f"命令行生成《{title}》（{where}，{people} 人，身份证号部分隐藏）{out.name}")
    print(pages)
    print(f"已生成《{title}》共 {pages} 页：{out}", file=sys.stderr)
    return 0
