"""Verbs shared by every area: `demo`, `screenshot` and `reminders`."""
from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from models.db import LedgerDB
from ui.cli import USAGE_EXIT, Cli, fail


def register(cli: Cli) -> None:
    demo = cli.verb("demo", "载入示例数据（只用于空数据库或单独的示例数据库）", run=cmd_demo, permission="edit",
                    locks=True)
    demo.add_argument("--members", type=int, default=600, help="党员人数（默认 600）")
    demo.add_argument("--seed", type=int, default=7, help="随机数种子（同一种子生成同样的数据）")
    shot = cli.verb("screenshot", "在后台渲染主窗口的某一页并保存为 PNG", run=cmd_screenshot, permission="print")
    shot.add_argument("--page", required=True, help="页面，如 organization、members、reports")
    shot.add_argument("--out", required=True, metavar="FILE.png", help="保存的 PNG 文件")
    shot.add_argument("--size", default="1366x768", help="窗口大小（默认 1366x768）")
    rem = cli.verb("reminders", "列出需要办理的提醒（预备期满、失联等）", run=cmd_reminders, permission="print")
    rem.add_argument("--as-of", metavar="YYYY-MM-DD", help="按这一天计算（默认今天；不修改任何数据）")
    rem.add_argument("--json", action="store_true", help="以 JSON 输出")


def cmd_demo(db: LedgerDB, args: argparse.Namespace) -> int:
    from models.demo import fill_demo
    if args.members < 1:
        return fail("参数错误：--members 应为正整数", USAGE_EXIT)
    try:
        made = fill_demo(db, args.members, seed=args.seed)
    except ValueError as exc:
        return fail(str(exc))
    print(f"已载入示例数据：{made['villages']} 个村（社区），{made['grids']} 个网格，{made['members']} 名党员")
    extra = [f"{n} {what}" for what, n in made.items() if what not in ("villages", "grids", "members")]
    if extra:
        print("另有：" + "，".join(extra))
    return 0


def cmd_screenshot(db: LedgerDB, args: argparse.Namespace) -> int:
    from ui.app import screenshot
    return screenshot(db, args.page, Path(args.out), args.size)


def cmd_reminders(db: LedgerDB, args: argparse.Namespace) -> int:
    from models import clock
    from models.reminders import due
    as_of = clock.today()
    if args.as_of:
        try:
            as_of = dt.date.fromisoformat(args.as_of)
        except ValueError:
            return fail(f"参数错误：--as-of “{args.as_of}”应为日期，格式 YYYY-MM-DD（如 2026-12-01）", USAGE_EXIT)
    found = due(db, as_of)
    if args.json:
        print(json.dumps({"as_of": as_of.isoformat(), "reminders": [r.as_json() for r in found]},
                         ensure_ascii=False))
        return 0
    if not found:
        print(f"{as_of.isoformat()}：没有需要办理的提醒")
        return 0
    for r in found:
        print(f"{r.date}\t{r.village}\t{r.subject}\t{r.reason}")
    print(f"共 {len(found)} 条提醒（按 {as_of.isoformat()} 计算）")
    return 0
