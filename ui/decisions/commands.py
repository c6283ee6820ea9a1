"""The decisions area's verbs: `import decisions FILE` (one row per step; rows of one village and 事项名称 form one
item) and `export decisions OUT.xlsx` in the same columns. The register prints through the shared `report` verb
(`report decision --item ID`)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from models.db import LedgerDB
from ui.cli import DATA_EXIT, USAGE_EXIT, Cli, fail, write_table


def register(cli: Cli) -> None:
    imp = cli.import_kind("decisions", "导入村级事务决策记录（每行一个步骤；同村同名的行为同一事项）",
                          run=cmd_import, permission="import")
    imp.add_argument("file", metavar="FILE", help="议事记录文件（.xlsx/.xls/.ods/.csv）")
    out = cli.export_kind("decisions", "导出村级事务决策记录（与导入相同的列）", run=cmd_export, permission="print")
    out.add_argument("out", metavar="OUT.xlsx")


def cmd_import(db: LedgerDB, args: argparse.Namespace) -> int:
    from models import decisions as dc
    from models.errors import Refused
    from models.importing.read import ImportFileError
    try:
        r = dc.import_decisions(db, args.file)
    except ImportFileError as exc:
        return fail(str(exc), USAGE_EXIT)
    except Refused as exc:
        return fail(str(exc), DATA_EXIT)
    flagged = f"；其中 {r.flagged} 项有步骤不符合议事程序（见 reminders）" if r.flagged else ""
    print(f"已导入议事记录：新事项 {r.items} 项，步骤记录 {r.steps} 条，未变 {r.unchanged} 条{flagged}")
    return 0


def cmd_export(db: LedgerDB, args: argparse.Namespace) -> int:
    from models import decisions as dc
    rows = dc.decision_rows(db)
    out = Path(args.out)
    status = write_table(out, list(dc.COLUMNS), rows, "议事记录")
    if status is not None:
        return status
    print(f"已导出议事记录 {len(rows)} 行：{out}", file=sys.stderr)
    print(len(rows))
    return 0
