"""`import visits FILE`: visit records (走访记录) from a spreadsheet, all or nothing (unless skip_invalid).

The household is found by the head's identity number, or by the head's name in the village (a name shared by
several households there is refused, naming their addresses). A visit already recorded (same household, date,
kind and matter) is left as it is, so importing the same file twice records nothing twice.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import dates, idcard
from ..audit import changing
from ..db import LedgerDB
from ..org import find_village
from ..validation import parse_bool
from .entities import VISIT_KINDS
from .rules import HouseholdError, check_day, clean_text, current_link
from .sheets import VISIT_COLUMNS, Outcome, Row, read_rows, text


@dataclass
class _Planned:
    household_id: int
    values: dict[str, object]


def import_visits(db: LedgerDB, path: str | Path, *, dry_run: bool = False, skip_invalid: bool = False) -> Outcome:
    rows, unknown, ignored = read_rows(path, VISIT_COLUMNS, ("date",), ("head_name", "head_id"))
    out = Outcome()
    out.result.ignored_columns, out.result.ignored_sheets = unknown, ignored
    planned: list[_Planned] = []
    seen: set[tuple[object, ...]] = set()
    rejected = unchanged = 0
    for row in rows:
        p = _check(db, row, out)
        if p is None:
            rejected += 1
            continue
        key = (p.household_id, p.values["date"], p.values["kind"], p.values["raised"])
        if key in seen or db.execute("SELECT 1 FROM household_visits WHERE household_id = ? AND date = ? AND kind = ?"
                                     " AND raised = ? AND status = '有效'", list(key)).fetchone():
            unchanged += 1
            continue
        seen.add(key)
        planned.append(p)
    blocked = bool(out.result.errors) and not skip_invalid
    out.result.skipped = len(rows) if blocked else rejected
    if blocked:
        return out
    out.result.imported, out.result.unchanged = len(planned), unchanged
    if planned and not dry_run:
        with changing(db, "导入走访记录", "import") as log:
            for p in planned:
                cols = list(p.values)
                db.execute(f"INSERT INTO household_visits ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                           list(p.values.values()))
            log.record("household_visits", None, f"从 {Path(path).name} 导入走访记录 {len(planned)} 条", None,
                       {"added": len(planned)})
        out.result.written = True
    return out


def _check(db: LedgerDB, row: Row, out: Outcome) -> _Planned | None:
    c = row.cells
    before = len(out.result.errors)
    day = ""
    try:
        day = check_day(dates.parse_date(c.get("date")), "日期")
        if len(day) != 10:
            raise HouseholdError("日期：应写到日（年-月-日）")
    except (HouseholdError, ValueError) as exc:
        out.problem(row, "date", str(exc).split("：", 1)[-1])
    kind = text(c.get("kind")) or "问事"
    if kind not in VISIT_KINDS:
        out.problem(row, "kind", f"应为 {'、'.join(VISIT_KINDS)} 之一")
    reported = parse_bool(c.get("reported"))
    if reported is None:
        out.problem(row, "reported", "应为 是 或 否")
    said = {}
    for key, field in (("raised", "反映问题"), ("handled", "办理情况")):
        try:
            said[key] = clean_text(text(c.get(key)), field)
        except HouseholdError as exc:
            out.problem(row, key, str(exc).split("：", 1)[-1])
    household_id = _household(db, row, out)
    if household_id is None or len(out.result.errors) > before:
        return None
    link = current_link(db, household_id)
    return _Planned(household_id, {"household_id": household_id, "designation_id": link[1] if link else None,
                                   "date": day, "kind": kind, "raised": said["raised"],
                                   "handled": said["handled"], "reported": int(bool(reported))})


def _household(db: LedgerDB, row: Row, out: Outcome) -> int | None:
    raw_id, name = row.cells.get("head_id"), text(row.cells.get("head_name"))
    if text(raw_id):
        try:
            number = idcard.parse(raw_id).number
        except idcard.IdNumberError as exc:
            out.problem(row, "head_id", str(exc))
            return None
        found = db.execute("SELECT id, head_name FROM households WHERE head_id_number = ? AND status = '在用'",
                           [number]).fetchone()
        if found is None:
            out.problem(row, "head_id", "没有户主为此身份证号的户（请先导入或登记该户）")
            return None
        if name and name != found[1]:
            out.problem(row, "head_name", f"与户主身份证号不符（该号码是{found[1]}户）")
            return None
        return int(found[0])
    village_name = text(row.cells.get("village"))
    if not name:
        out.problem(row, "head_name", "户主姓名和户主身份证号至少填一项")
        return None
    if not village_name:
        out.problem(row, "village", "只填户主姓名时，村不能为空")
        return None
    village = find_village(db, village_name)
    if village is None:
        out.problem(row, "village", f"找不到村（社区）“{village_name}”")
        return None
    found_rows = db.execute("SELECT id, address FROM households WHERE village_id = ? AND head_name = ?"
                            " AND status = '在用' ORDER BY id", [village.id, name]).fetchall()
    if not found_rows:
        out.problem(row, "head_name", f"{village.name}没有户主为“{name}”的户（请先导入或登记该户）")
        return None
    if len(found_rows) > 1:
        where = "、".join(r[1] or "未填住址" for r in found_rows)
        out.problem(row, "head_name", f"{village.name}有 {len(found_rows)} 户户主名为“{name}”（{where}）；"
                                      "请填写户主身份证号")
        return None
    return int(found_rows[0][0])
