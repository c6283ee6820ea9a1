"""The organization's verbs: `town show` and `town set` (the town's name and codes, on every report header)."""
from __future__ import annotations

import argparse
import json

from models.db import LedgerDB
from ui.cli import Cli, fail


def register(cli: Cli) -> None:
    town = cli.verb("town", "查看或修改本镇（街道）的名称和代码", run=cmd_town, permission="print")
    actions = town.add_subparsers(dest="town_command", required=True, parser_class=type(town),
                                  title="操作", metavar="ACTION")
    show = actions.add_parser("show", help="显示镇（街道）名称、县级行政区划代码和乡镇代码")
    show.add_argument("--json", action="store_true", help="以 JSON 输出")
    change = actions.add_parser("set", help="修改镇（街道）名称或代码（管理员）")
    change.set_defaults(locks=True)
    change.add_argument("--name", help="镇（街道）名称")
    change.add_argument("--county-code", metavar="6位", help="县级行政区划代码，如 370285")
    change.add_argument("--town-code", metavar="9位", help="乡镇代码（9 位，可留空：写 \"\"）")


def cmd_town(db: LedgerDB, args: argparse.Namespace) -> int:
    from models.audit import PermissionDenied, require
    from models.org import OrgError, get_town, save_town
    town = get_town(db)
    if args.town_command == "show":
        if town is None:
            return fail("尚未设置镇（街道）信息：请先打开窗口完成首次设置，或用 town set --name … --county-code …")
        if args.json:
            print(json.dumps({"name": town.name, "county_code": town.county_code, "town_code": town.town_code},
                             ensure_ascii=False))
        else:
            print(f"镇（街道）：{town.name}\n县级行政区划代码：{town.county_code}\n"
                  f"乡镇代码：{town.town_code or '（未填）'}")
        return 0
    if args.name is None and args.county_code is None and args.town_code is None:
        return fail("参数错误：请至少给出 --name、--county-code、--town-code 之一", 2)
    if town is None and (args.name is None or args.county_code is None):
        return fail("尚未设置镇（街道）信息：第一次设置需要同时给出 --name 和 --county-code")
    name = args.name if args.name is not None else town.name if town else ""
    county = args.county_code if args.county_code is not None else town.county_code if town else ""
    code = args.town_code if args.town_code is not None else town.town_code if town else ""
    try:
        require(db, "settings")
        saved = save_town(db, name, county, code)
    except (OrgError, PermissionDenied) as exc:
        return fail(str(exc))
    print(f"已保存：{saved.name}，县级行政区划代码 {saved.county_code}，乡镇代码 {saved.town_code or '（未填）'}")
    return 0
