"""`import decisions FILE` / `export decisions OUT.xlsx`: one row per step, in the issue's columns (村（社区）,
事项名称, 事项类别, 金额（万元）, 步骤, 日期, 应到人数, 实到人数, 赞成, 反对, 弃权, 结果). Rows of the same village and
事项名称 form one item; a new item takes the current procedure; steps are named as in it (四议两公开's names and
other synonyms accepted). All or nothing: every row's reason names the sheet, row, column and value."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..audit import changing
from ..db import LedgerDB
from ..errors import Refused
from ..importing.read import read_file
from ..org import find_village
from .items import Item, _current_procedure_id, _insert_item, _write_record, check_item, check_record, items, procedure
from .rules import DecisionError, StepRecord, match_step, parse_amount

COLUMNS = ("村（社区）", "事项名称", "事项类别", "金额（万元）", "步骤", "日期", "应到人数", "实到人数", "赞成", "反对",
           "弃权", "结果")
REQUIRED = ("村（社区）", "事项名称", "事项类别", "步骤", "日期")
_SYNONYMS = {"村": "村（社区）", "村(社区)": "村（社区）", "村社区": "村（社区）", "所在村（社区）": "村（社区）",
             "事项": "事项名称", "议事事项": "事项名称", "名称": "事项名称", "类别": "事项类别", "事项类型": "事项类别",
             "金额": "金额（万元）", "金额(万元)": "金额（万元）", "涉及金额（万元）": "金额（万元）",
             "议事步骤": "步骤", "程序": "步骤", "环节": "步骤", "时间": "日期", "会议日期": "日期",
             "应到": "应到人数", "实到": "实到人数", "赞成票": "赞成", "反对票": "反对", "弃权票": "弃权",
             "表决结果": "结果", "结论": "结果"}
_FIELDS = {"应到人数": "due", "实到人数": "present", "赞成": "votes_for", "反对": "votes_against",
           "弃权": "votes_abstain"}


class SheetRefused(Refused):
    """An import refused as a whole; the message lists every row's reason."""


@dataclass(frozen=True)
class ImportResult:
    items: int       # new items
    steps: int       # step records written (new or changed)
    unchanged: int   # rows that matched what was recorded
    flagged: int     # items with a flagged step after the import


def _text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def import_decisions(db: LedgerDB, path: str | Path) -> ImportResult:
    sheets = [s for s in read_file(path) if s.rows]
    if not sheets:
        raise SheetRefused(f"文件“{Path(path).name}”中没有数据")
    sheet = sheets[0]
    header = [_SYNONYMS.get(_text(h).replace(" ", ""), _text(h).replace(" ", "")) for h in sheet.rows[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise SheetRefused(f"工作表“{sheet.name}”第 1 行缺少列：{'、'.join(missing)}")
    errors: list[str] = []
    made = written = unchanged = 0
    known: dict[tuple[int, str], tuple[int, tuple[tuple[str, str], ...]]] = {}
    touched: set[int] = set()
    with changing(db, f"导入议事记录 {Path(path).name}", "import") as log:
        for n, raw in enumerate(sheet.rows[1:], start=2):
            if not any(_text(v) for v in raw):
                continue
            row: dict[str, Any] = {h: raw[i] if i < len(raw) else None for i, h in enumerate(header) if h}
            where = f"工作表“{sheet.name}”第 {n} 行"
            try:
                village = find_village(db, _text(row.get("村（社区）")))
                if village is None:
                    raise DecisionError(f"“村（社区）”列：没有名为“{_text(row.get('村（社区）'))}”的村（社区）")
                title = " ".join(_text(row.get("事项名称")).split())
                key = (village.id, title)
                if key not in known:
                    found = db.execute("SELECT id, procedure_id FROM dc_items WHERE village_id = ? AND title = ?"
                                       " AND status = '有效'", [village.id, title]).fetchone()
                    if found:
                        known[key] = (found[0], procedure(db, found[1]).steps)
                    else:
                        item = check_item(db, Item(village.id, title, _text(row.get("事项类别")),
                                                   parse_amount(row.get("金额（万元）"))))
                        _current_procedure_id(db, log)
                        known[key] = (_insert_item(db, item, log), procedure(db).steps)
                        made += 1
                item_id, steps = known[key]
                step_name = _text(row.get("步骤"))
                if not step_name and not _text(row.get("日期")):
                    continue  # an item with no step recorded yet
                no = match_step(step_name, steps)
                if no is None:
                    raise DecisionError(f"“步骤”列：“{step_name}”不是议事程序中的步骤（应为 "
                                        f"{'、'.join(s for s, _r in steps)} 之一）")
                counts = {f: row.get(c) for c, f in _FIELDS.items()}
                record = check_record(steps, StepRecord(no, row.get("日期"), result=_text(row.get("结果")),
                                                        **counts),  # type: ignore[arg-type]
                                      "")
                if _write_record(db, item_id, record, f"{village.name}“{title}”：{steps[no][0]} {record.day}（导入）",
                                 log):
                    written += 1
                    touched.add(item_id)
                else:
                    unchanged += 1
            except DecisionError as exc:
                errors.append(f"{where}：{exc}")
        if errors:
            shown = errors[:50] + ([f"……另有 {len(errors) - 50} 行有问题"] if len(errors) > 50 else [])
            raise SheetRefused(f"“{Path(path).name}”有 {len(errors)} 行有问题，未导入任何记录：\n" + "\n".join(shown))
    flagged = sum(1 for d in items(db) if d.id in touched and d.flags)
    return ImportResult(made, written, unchanged, flagged)


def decision_rows(db: LedgerDB) -> list[list[object]]:
    """Every recorded step of every item in the import's columns (an item without steps: one row, no step)."""
    out: list[list[object]] = []
    for d in items(db):
        head = [d.village, d.title, d.kind, d.amount]
        if not d.records:
            out.append([*head, "", "", None, None, None, None, None, ""])
        for r in d.records:
            result = r.result if not r.merged or "合并" in r.result else (r.result + " 合并召开").strip()
            out.append([*head, d.steps[r.step_no][0], r.day, r.due, r.present, r.votes_for, r.votes_against,
                        r.votes_abstain, result])
    return out
