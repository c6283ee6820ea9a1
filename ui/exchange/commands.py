"""The exchange area's verbs (issue 17): `exchange export OUT.glpkg [--full]` (a town's change package),
`exchange init-district --name NAME --county-code 6位` (make this file a district's database), `exchange import
PKG… [--json]` (a district imports towns' packages; a town imports the district's decisions), `exchange
conflicts [--json]`, `exchange resolve ID --keep ours|theirs [--reason TEXT]` (or `--value V` for an edited
value), `exchange decisions OUT.glpkg [--town KEY]` and `exchange status [--json]`.

`import` exits 0 when every package was applied, 1 when one was refused (each refused whole, with its reason).

Packages leave the PC: `export` and `decisions` seal them with a password by default once the database has
accounts (--encrypt / --no-encrypt; the password from GRIDLEDGER_BACKUP_PASSWORD or typed twice), and `import`
asks for each sealed package's password (from the same variable, or typed: three tries)."""
from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from models.db import LedgerDB
from ui.cli import (
    DATA_EXIT,
    FILE_PASSWORD_ENV,
    USAGE_EXIT,
    Cli,
    add_encrypt_options,
    fail,
    file_password,
    seal_password,
)

if TYPE_CHECKING:
    from models import exchange as ex


def register(cli: Cli) -> None:
    verb = cli.verb("exchange", "数据交换：乡镇上报数据包、区县汇总与冲突处理", run=cmd_status, permission="print")
    actions = verb.add_subparsers(dest="exchange_command", required=True, parser_class=type(verb),
                                  title="操作", metavar="ACTION")
    export = actions.add_parser("export", help="导出上报数据包（自上次以来的修改；--full 导出全部）")
    export.set_defaults(run=cmd_export, permission="import", locks=True)
    export.add_argument("out", metavar="OUT.glpkg")
    export.add_argument("--full", action="store_true", help="完整数据包（全部记录，区县据此登记本镇）")
    export.add_argument("--json", action="store_true", help="以 JSON 输出")
    add_encrypt_options(export, "数据包")
    init = actions.add_parser("init-district", help="把这个（新的）数据库设为区（县）汇总库")
    init.set_defaults(run=cmd_init_district, permission="settings", locks=True)
    init.add_argument("--name", required=True, help="区（县）名称")
    init.add_argument("--county-code", required=True, metavar="6位", help="县级行政区划代码，如 370285")
    imp = actions.add_parser("import", help="导入数据包（区县：乡镇上报的；乡镇：区县发回的处理决定）")
    imp.set_defaults(run=cmd_import, permission="import", locks=True)
    imp.add_argument("packages", nargs="+", metavar="PKG")
    imp.add_argument("--json", action="store_true", help="以 JSON 输出")
    conflicts = actions.add_parser("conflicts", help="列出合并时发现的冲突")
    conflicts.set_defaults(run=cmd_conflicts, permission="print")
    conflicts.add_argument("--open", action="store_true", help="只列出待处理的")
    conflicts.add_argument("--json", action="store_true", help="以 JSON 输出")
    res = actions.add_parser("resolve", help="处理一处冲突：保留本库（ours）或采用来件（theirs），或填写新值")
    res.set_defaults(run=cmd_resolve, permission="edit", locks=True)
    res.add_argument("id", type=int, metavar="ID")
    res.add_argument("--keep", choices=("ours", "theirs"))
    res.add_argument("--value", help="不取两边的值，改为这个值")
    res.add_argument("--reason", default="", help="处理理由（记入操作日志）")
    dec = actions.add_parser("decisions", help="导出处理决定数据包，发回乡镇")
    dec.set_defaults(run=cmd_decisions, permission="print")
    dec.add_argument("out", metavar="OUT.glpkg")
    dec.add_argument("--town", metavar="KEY", help="只含这个乡镇的（乡镇代码）")
    add_encrypt_options(dec, "数据包")
    st = actions.add_parser("status", help="本库的数据交换状态")
    st.set_defaults(run=cmd_status, permission="print")
    st.add_argument("--json", action="store_true", help="以 JSON 输出")


def _refusal(exc: Exception, as_json: bool) -> int:
    if as_json:
        print(json.dumps({"error": str(exc), "exit": DATA_EXIT}, ensure_ascii=False))
    return fail(str(exc))


def cmd_export(db: LedgerDB, args: argparse.Namespace) -> int:
    from models import exchange as ex
    from models.errors import Refused
    password = seal_password(db, args)
    if isinstance(password, int):
        return password
    try:
        r = ex.export_package(db, Path(args.out), full=args.full, password=password)
    except Refused as exc:
        return _refusal(exc, args.json)
    if args.json:
        print(json.dumps(r.as_json(), ensure_ascii=False))
        return 0
    if r.note:
        print(f"提示：{r.note}")
    print(f"已导出第 {r.sequence} 号{'完整' if r.full else '增量'}数据包（{'已加密' if r.encrypted else '未加密'}）："
          f"{r.count} 处修改，{r.size} 字节：{r.path}")
    return 0


def cmd_init_district(db: LedgerDB, args: argparse.Namespace) -> int:
    from models import exchange as ex
    from models.errors import Refused
    try:
        d = ex.init_district(db, args.name, args.county_code)
    except Refused as exc:
        return fail(str(exc))
    print(f"已设为区（县）汇总库：{d.name}（县级代码 {d.county_code}）。用 exchange import 导入各乡镇的数据包。")
    return 0


def cmd_import(db: LedgerDB, args: argparse.Namespace) -> int:
    from models import exchange as ex
    from models.errors import Refused
    paths = [Path(p) for p in args.packages]
    missing = [p for p in paths if not p.is_file()]
    if missing:
        text = f"参数错误：找不到文件 {'、'.join(str(p) for p in missing)}"
        if args.json:
            print(json.dumps({"error": text, "exit": USAGE_EXIT}, ensure_ascii=False))
        return fail(text, USAGE_EXIT)
    try:
        outcomes = ex.import_files(db, paths, password=_package_password)
    except Refused as exc:
        return _refusal(exc, args.json)
    refused = [o for o in outcomes if not o.applied]
    if args.json:
        print(json.dumps({"packages": [o.as_json() for o in outcomes], "applied": len(outcomes) - len(refused),
                          "refused": len(refused)}, ensure_ascii=False))
    else:
        for o in outcomes:
            who = f"{o.town_name}（{o.town}）" if o.town else o.town_name
            if not o.applied:
                print(f"已拒绝 {o.file}：{o.refused}")
            elif o.kind == "decisions":
                print(f"已导入处理决定 {o.file}（{who}）：修改 {o.changed} 处")
                for line in o.lines:
                    print(f"  {line}")
            else:
                print(f"已导入 {o.file}：{who}第 {o.sequence} 号{'完整' if o.full else '增量'}数据包，"
                      f"新增 {o.added}，修改 {o.changed}，删除 {o.deleted}，冲突 {o.conflicts}")
    return DATA_EXIT if refused else 0


def _package_password(pkg: ex.Package, attempt: int) -> str | None:
    """A sealed package's password: the environment's (once: a wrong one is not tried again), or typed."""
    import os
    import sys
    if attempt and FILE_PASSWORD_ENV in os.environ:
        return None
    if attempt:
        print("密码不正确，请重新输入。", file=sys.stderr)
    who = pkg.manifest.get("town_name") or pkg.manifest.get("district_name") or ""
    return file_password(f"打开加密的数据包 {pkg.path.name}（{who}第 {pkg.sequence} 号）")


def cmd_conflicts(db: LedgerDB, args: argparse.Namespace) -> int:
    from models import exchange as ex
    from models.audit import shown_id_number
    found = ex.list_conflicts(db, status="open" if args.open else None)
    rows = []
    for c in found:  # identity numbers in full only for users who may see them (查阅: masked)
        row = c.as_json()
        row["id_number"] = shown_id_number(db, c.id_number) if c.id_number else ""
        if c.field in ("id_number", "head_id_number") and c.kind != "duplicate_id_number":
            row["ours"], row["theirs"] = (shown_id_number(db, v) if isinstance(v, str) and v else v
                                          for v in (row["ours"], row["theirs"]))
        rows.append(row)
    if args.json:
        print(json.dumps({"conflicts": rows}, ensure_ascii=False))
        return 0
    if not found:
        print("没有冲突")
        return 0
    for c, row in zip(found, rows):
        print(f"{c.id}\t{ex.STATUS_NAMES[c.status]}\t{c.town}\t{ex.KIND_NAMES.get(c.kind, c.kind)}\t{c.table}"
              f"\t{c.name}\t{row['id_number']}\t{c.field}\t本库：{ex.shown(row['ours'])}\t来件：{ex.shown(row['theirs'])}")
    return 0


def cmd_resolve(db: LedgerDB, args: argparse.Namespace) -> int:
    from models import exchange as ex
    from models.errors import Refused
    if (args.keep is None) == (args.value is None):
        return fail("参数错误：请给出 --keep ours|theirs 或 --value 新值（二者选一）", USAGE_EXIT)
    try:
        if args.value is not None:
            c = ex.resolve(db, args.id, value=args.value, reason=args.reason)
        else:
            c = ex.resolve(db, args.id, args.keep, reason=args.reason)
    except Refused as exc:
        return fail(str(exc))
    print(f"冲突 {c.id}：{ex.STATUS_NAMES[c.status]}（{c.name} {c.field} = {ex.shown(c.value)}）")
    return 0


def cmd_decisions(db: LedgerDB, args: argparse.Namespace) -> int:
    from models import exchange as ex
    from models.errors import Refused
    password = seal_password(db, args)
    if isinstance(password, int):
        return password
    try:
        n = ex.decisions_package(db, Path(args.out), args.town, password)
    except Refused as exc:
        return fail(str(exc))
    print(f"已导出处理决定 {n} 项（{'已加密' if password else '未加密'}）：{args.out}")
    return 0


def cmd_status(db: LedgerDB, args: argparse.Namespace) -> int:
    from models import exchange as ex
    s = ex.status(db)
    if getattr(args, "json", False):
        print(json.dumps(s.as_json(), ensure_ascii=False))
        return 0
    if s.role == "district":
        print(f"区（县）汇总库：{s.name}（县级代码 {s.county_code}），已登记乡镇 {len(s.towns)} 个，"
              f"待处理冲突 {s.open_conflicts} 处")
        for t in s.towns:
            print(f"  {t.name}（{t.town}）：已导入到第 {t.last_sequence} 号（{t.last_applied_at}），"
                  f"在册党员 {t.members} 名，待处理冲突 {t.open_conflicts} 处")
    else:
        last = s.last
        print(f"乡镇：{s.name or '（未设置）'}（{s.key or '无代码'}）")
        print("尚未导出过数据包" if last is None else
              f"上次导出：第 {last.sequence} 号{'完整' if last.full else '增量'}数据包，{last.changes} 处修改，"
              f"{last.sent_at}，{last.file_name}")
    return 0
