"""The home area's verb: `stats` — the home page's key figures and chart series, as text or JSON."""
from __future__ import annotations

import argparse
import json

from models.db import LedgerDB
from ui.cli import USAGE_EXIT, Cli, fail


def register(cli: Cli) -> None:
    stats = cli.verb("stats", "首页的关键数字和图表数据（村、网格、党员、年龄、学历、入党年代……）",
                     run=cmd_stats, permission="print")
    stats.add_argument("--village", metavar="村名", help="只统计这个村（社区）")
    stats.add_argument("--as-of", metavar="YYYY-MM-DD", help="按这一天计算年龄和逾期（默认今天）")
    stats.add_argument("--json", action="store_true", help="以 JSON 输出")


def cmd_stats(db: LedgerDB, args: argparse.Namespace) -> int:
    import datetime as dt

    from models import clock, home
    from models.org import find_village
    as_of = clock.today()
    if args.as_of:
        try:
            as_of = dt.date.fromisoformat(args.as_of)
        except ValueError:
            return fail(f"参数错误：--as-of “{args.as_of}”应为日期，格式 YYYY-MM-DD（如 2026-12-01）", USAGE_EXIT)
    village_id = None
    if args.village:
        village = find_village(db, args.village)
        if village is None:
            return fail(f"没有名为“{args.village}”的村（社区）")
        village_id = village.id
    s = home.stats(db, as_of, village_id)
    if args.json:
        print(json.dumps(s.as_json(), ensure_ascii=False))
        return 0
    figures = s.as_json()
    print(f"{s.village or '全镇'}（按 {as_of.isoformat()} 计算）")
    print(f"村（社区）{s.villages} 个，网格 {s.grids} 个；在册党员 {s.members} 名（正式党员 {s.full} 名，"
          f"预备党员 {s.probationary} 名）")
    print(f"党员中心户 {figures['central_households']} 户；强基村 {figures['weak_villages']} 个，"
          f"“四个一”配齐 {figures['weak_villages_covered']} 个；整改问题未销号 {figures['rectification_open']} 个，"
          f"其中逾期 {figures['rectification_overdue']} 个")
    print("年龄：" + "，".join(f"{band} 男 {m} 女 {w}" for band, m, w in s.age_bands))
    print("学历：" + "，".join(f"{band} {n}" for band, n in s.education_bands))
    print("入党年代：" + ("，".join(f"{d} {n}" for d, n in s.join_decades) or "（无）"))
    if village_id is None:
        print("各村党员：" + "，".join(f"{name} {n}" for _, name, n in s.by_village))
    return 0
