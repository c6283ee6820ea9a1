"""议事事项 and their steps, and the town's 议事程序. An edit of the procedure is a new version: items keep the
version they started with. Every write is one `changing()` with its audit rows; deletion is soft (status)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field, replace

from .. import clock, supervision
from ..audit import ChangeLog, changing
from ..db import LedgerDB
from ..org import get_village
from .rules import (
    DEFAULT_STEPS,
    FLAGGED,
    KINDS,
    MERGED,
    DecisionError,
    StepRecord,
    check,
    check_steps,
    parse_amount,
    parse_count,
    parse_day,
    stage,
)

SECRETARY_POST = "书记"


# ---- the procedure
@dataclass(frozen=True)
class Procedure:
    id: int
    version: int
    steps: tuple[tuple[str, str], ...]
    status: str = "现行"
    made_on: str = ""


def _procedure(r: tuple[object, ...]) -> Procedure:
    return Procedure(int(r[0]), int(r[1]), tuple((str(a), str(b)) for a, b in json.loads(str(r[2]))), str(r[3]),
                     str(r[4]))


_PSELECT = "SELECT id, version, steps, status, made_on FROM dc_procedures"


def procedure(db: LedgerDB, procedure_id: int | None = None) -> Procedure:
    """The procedure of that id, or the current one (the default 五议一审两公开 until the town edits it)."""
    if procedure_id is not None:
        r = db.execute(f"{_PSELECT} WHERE id = ?", [procedure_id]).fetchone()
    else:
        r = db.execute(f"{_PSELECT} WHERE status = '现行' ORDER BY id DESC LIMIT 1").fetchone()
    if r is None:
        if procedure_id is not None:
            raise DecisionError(f"没有编号为 {procedure_id} 的议事程序")
        return Procedure(0, 0, DEFAULT_STEPS)
    return _procedure(r)


def procedures(db: LedgerDB) -> dict[int, Procedure]:
    return {p.id: p for p in map(_procedure, db.execute(_PSELECT).fetchall())}


def _current_procedure_id(db: LedgerDB, log: ChangeLog) -> int:
    """The current procedure's id, writing the default as version 1 the first time an item needs one."""
    current = procedure(db)
    if current.id:
        return current.id
    cur = db.execute("INSERT INTO dc_procedures (version, steps, made_on) VALUES (1, ?, ?)",
                     [json.dumps([list(s) for s in DEFAULT_STEPS], ensure_ascii=False), clock.today().isoformat()])
    log.record("dc_procedures", cur.lastrowid, "默认议事程序（五议一审两公开）第 1 版", None, None)
    return int(cur.lastrowid or 0)


def save_procedure(db: LedgerDB, steps: list[tuple[str, str]]) -> int:
    """Edit the town's procedure: a new version for new items; running items keep theirs. Same steps: no change."""
    clean = check_steps(steps)
    current = procedure(db)
    if [list(s) for s in current.steps] == [list(s) for s in clean] and current.id:
        return current.id
    with changing(db, "修改议事程序") as log:
        if current.id:
            db.execute("UPDATE dc_procedures SET status = '历史' WHERE id = ?", [current.id])
            log.record("dc_procedures", current.id, f"议事程序第 {current.version} 版转为历史",
                       {"status": "现行"}, {"status": "历史"})
        version = current.version + 1 if current.id else 1
        cur = db.execute("INSERT INTO dc_procedures (version, steps, made_on) VALUES (?, ?, ?)",
                         [version, json.dumps([list(s) for s in clean], ensure_ascii=False),
                          clock.today().isoformat()])
        log.record("dc_procedures", cur.lastrowid, f"议事程序第 {version} 版："
                   + " → ".join(n for n, _r in clean), None, None)
        return int(cur.lastrowid or 0)


# ---- items
@dataclass
class Item:
    village_id: int
    title: str
    kind: str
    amount: float | None = None
    note: str = ""
    id: int | None = None
    procedure_id: int = 0
    village: str = ""


_ICOLS = ("village_id", "title", "kind", "amount", "note")


def check_item(db: LedgerDB, item: Item) -> Item:
    v = get_village(db, item.village_id)
    title = " ".join((item.title or "").split())
    if not title:
        raise DecisionError("事项名称不能为空")
    if len(title) > 100:
        raise DecisionError(f"事项名称“{title[:20]}…”过长（最多 100 个字）")
    kind = (item.kind or "").strip()
    if kind not in KINDS:
        raise DecisionError(f"{v.name}“{title}”：事项类别“{kind}”应为 {'、'.join(KINDS)} 之一")
    amount = parse_amount(item.amount, f"{v.name}“{title}”的金额（万元）")
    other = db.execute("SELECT id FROM dc_items WHERE village_id = ? AND title = ? AND status = '有效' AND id IS NOT ?",
                       [v.id, title, item.id]).fetchone()
    if other:
        raise DecisionError(f"{v.name}已有名为“{title}”的议事事项")
    return replace(item, title=title, kind=kind, amount=amount, note=(item.note or "").strip(), village=v.name)


def _item_row(item: Item) -> dict[str, object]:
    return {c: getattr(item, c) for c in _ICOLS}


def _insert_item(db: LedgerDB, item: Item, log: ChangeLog) -> int:
    pid = _current_procedure_id(db, log)
    row = _item_row(item)
    cur = db.execute(f"INSERT INTO dc_items ({', '.join(_ICOLS)}, procedure_id) VALUES"
                     f" ({', '.join('?' * len(_ICOLS))}, ?)", [*row.values(), pid])
    log.record("dc_items", cur.lastrowid, f"{item.village}议事事项“{item.title}”", None, row)
    return int(cur.lastrowid or 0)


def save_item(db: LedgerDB, item: Item) -> int:
    """Add an item (it takes the current procedure) or change its title, kind, amount or note."""
    item = check_item(db, item)
    if item.id is None:
        with changing(db, "新建议事事项") as log:
            return _insert_item(db, item, log)
    before = db.execute(f"SELECT {', '.join(_ICOLS)} FROM dc_items WHERE id = ? AND status = '有效'",
                        [item.id]).fetchone()
    if before is None:
        raise DecisionError(f"没有编号为 {item.id} 的议事事项")
    old, new = dict(zip(_ICOLS, before)), _item_row(item)
    if old == new:
        return item.id
    with changing(db, "修改议事事项") as log:
        db.execute(f"UPDATE dc_items SET {', '.join(c + ' = ?' for c in _ICOLS)} WHERE id = ?",
                   [*new.values(), item.id])
        log.record("dc_items", item.id, f"{item.village}议事事项“{item.title}”", old, new)
    return item.id


def delete_item(db: LedgerDB, item_id: int) -> None:
    """作废 an item typed in by mistake: it and its steps leave every list, the rows stay (soft deletion)."""
    r = db.execute("SELECT i.title, v.name FROM dc_items i JOIN villages v ON v.id = i.village_id"
                   " WHERE i.id = ? AND i.status = '有效'", [item_id]).fetchone()
    if r is None:
        raise DecisionError(f"没有编号为 {item_id} 的议事事项")
    with changing(db, "作废议事事项") as log:
        db.execute("UPDATE dc_items SET status = '已作废' WHERE id = ?", [item_id])
        log.record("dc_items", item_id, f"{r[1]}议事事项“{r[0]}”作废", {"status": "有效"}, {"status": "已作废"})
        n = db.execute("UPDATE dc_steps SET status = '已作废' WHERE item_id = ? AND status = '有效'",
                       [item_id]).rowcount
        if n:
            log.record("dc_steps", None, f"“{r[0]}”的 {n} 个步骤记录随事项作废", None, None)


# ---- steps
_SCOLS = ("day", "due", "present", "votes_for", "votes_against", "votes_abstain", "result", "merged")


def check_record(steps: tuple[tuple[str, str], ...], r: StepRecord, where: str = "") -> StepRecord:
    """Field-level checks only (a date is a date, counts are whole numbers); what the procedure says about the
    step is `rules.check`'s, and flags rather than refuses."""
    if not 0 <= r.step_no < len(steps):
        raise DecisionError(f"{where}没有第 {r.step_no + 1} 个步骤")
    name = steps[r.step_no][0]
    w = f"{where}“{name}”"
    day = parse_day(r.day, f"{w}的日期", required=True)
    if day > clock.today().isoformat():
        raise DecisionError(f"{w}的日期 {day} 晚于今天：只记录已经进行的步骤")
    counts = {f: parse_count(getattr(r, f), f"{w}的{label}") for f, label in
              (("due", "应到人数"), ("present", "实到人数"), ("votes_for", "赞成票数"),
               ("votes_against", "反对票数"), ("votes_abstain", "弃权票数"))}
    result = " ".join((r.result or "").split())
    merged = bool(r.merged) or MERGED in result
    return r._replace(day=day, result=result, merged=merged, **counts)


def _record_row(r: StepRecord) -> dict[str, object]:
    return {c: (int(r.merged) if c == "merged" else getattr(r, c)) for c in _SCOLS}


def _write_record(db: LedgerDB, item_id: int, r: StepRecord, label: str, log: ChangeLog) -> bool:
    """Insert or update the step's record; False when it was already so."""
    row = _record_row(r)
    old = db.execute(f"SELECT id, {', '.join(_SCOLS)} FROM dc_steps WHERE item_id = ? AND step_no = ?"
                     " AND status = '有效'", [item_id, r.step_no]).fetchone()
    if old is None:
        cur = db.execute(f"INSERT INTO dc_steps (item_id, step_no, {', '.join(_SCOLS)}) VALUES"
                         f" (?, ?, {', '.join('?' * len(_SCOLS))})", [item_id, r.step_no, *row.values()])
        log.record("dc_steps", cur.lastrowid, label, None, row)
        return True
    before = dict(zip(_SCOLS, old[1:]))
    if before == row:
        return False
    db.execute(f"UPDATE dc_steps SET {', '.join(c + ' = ?' for c in _SCOLS)} WHERE id = ?", [*row.values(), old[0]])
    log.record("dc_steps", old[0], label, before, row)
    return True


def record_step(db: LedgerDB, item_id: int, r: StepRecord) -> list[str]:
    """Record (or correct) what happened at one step of the item. Returns the step's flags after the write
    (empty when the step satisfies the procedure): a flagged step is kept, never refused."""
    d = item_detail(db, item_id)
    r = check_record(d.steps, r, f"{d.village}“{d.title}”")
    with changing(db, "记录议事步骤") as log:
        _write_record(db, item_id, r, f"{d.village}“{d.title}”：{d.steps[r.step_no][0]} {r.day}", log)
    return item_detail(db, item_id).flags.get(r.step_no, [])


def clear_step(db: LedgerDB, item_id: int, step_no: int) -> None:
    """Remove a step recorded by mistake (soft: the row stays as 已作废)."""
    d = item_detail(db, item_id)
    row = db.execute("SELECT id FROM dc_steps WHERE item_id = ? AND step_no = ? AND status = '有效'",
                     [item_id, step_no]).fetchone()
    if row is None:
        raise DecisionError(f"“{d.title}”的第 {step_no + 1} 步还没有记录")
    with changing(db, "撤销议事步骤记录") as log:
        db.execute("UPDATE dc_steps SET status = '已作废' WHERE id = ?", [row[0]])
        log.record("dc_steps", row[0], f"{d.village}“{d.title}”：撤销“{d.steps[step_no][0]}”的记录",
                   {"status": "有效"}, {"status": "已作废"})


# ---- reading
@dataclass(frozen=True)
class ItemDetail:
    id: int
    village_id: int
    village: str
    title: str
    kind: str
    amount: float | None
    note: str
    procedure_id: int
    procedure_version: int
    steps: tuple[tuple[str, str], ...]
    records: tuple[StepRecord, ...]
    one_shoulder: bool
    flags: dict[int, list[str]] = field(default_factory=dict)
    stage: str = ""   # rules.stage of the records, computed once when read

    def __post_init__(self) -> None:
        if not self.stage:
            object.__setattr__(self, "stage", stage(self.steps, self.records))

    @property
    def status(self) -> str:
        """The page's status: 有问题 when a step is flagged, else the stage."""
        return FLAGGED if self.flags else self.stage

    @property
    def progress(self) -> str:
        """The last recorded step, e.g. “党员大会审议（2026-10-12）”; 未开始 when none."""
        if not self.records:
            return "未开始"
        last = max(self.records, key=lambda r: r.step_no)
        return f"{self.steps[last.step_no][0]}（{last.day}）"

    @property
    def last_step(self) -> str:
        """The name of the last recorded step; 未开始 when none."""
        return self.steps[max(r.step_no for r in self.records)][0] if self.records else "未开始"

    def record(self, step_no: int) -> StepRecord | None:
        return next((r for r in self.records if r.step_no == step_no), None)


def one_shoulder_villages(db: LedgerDB) -> set[int]:
    """Villages whose current 书记 is 一肩挑 (from the supervision area's cadre list)."""
    return {c.village_id for c in supervision.list_cadres(db, current_only=True)
            if c.post == SECRETARY_POST and c.one_shoulder}


_SEL = ("SELECT i.id, i.village_id, v.name, i.title, i.kind, i.amount, i.note, i.procedure_id FROM dc_items i"
        " JOIN villages v ON v.id = i.village_id WHERE i.status = '有效'")


def _records(db: LedgerDB, item_ids: list[int] | None) -> dict[int, list[StepRecord]]:
    out: dict[int, list[StepRecord]] = {}
    # the columns in StepRecord's order, after the item's id: each row becomes a record without a Python call
    sql = ("SELECT item_id, step_no, day, due, present, votes_for, votes_against, votes_abstain, result, merged, id"
           " FROM dc_steps WHERE status = '有效'")
    params: list[object] = []
    if item_ids is not None:
        sql += f" AND item_id IN ({', '.join('?' * len(item_ids))})"
        params = list(item_ids)
    make = StepRecord._make
    for r in db.execute(sql + " ORDER BY item_id, step_no", params):
        out.setdefault(r[0], []).append(make(r[1:]))
    return out


def items(db: LedgerDB, village_id: int | None = None, *, town_key: str | None = None) -> list[ItemDetail]:
    """Every item (of one village; in a district's database of one town, town_key), with its steps checked;
    villages in their order, newest items first."""
    sql, params = _SEL, []  # type: tuple[str, list[object]]
    if village_id is not None:
        sql += " AND i.village_id = ?"
        params.append(village_id)
    if town_key:
        sql += " AND v.town_key = ?"
        params.append(town_key)
    rows = db.execute(sql + " ORDER BY v.sort_key, v.id, i.id DESC", params).fetchall()
    if not rows:
        return []
    procs = procedures(db)
    recs = _records(db, [r[0] for r in rows] if village_id is not None else None)
    shoulders = one_shoulder_villages(db)
    out = []
    for r in rows:
        p = procs.get(r[7]) or Procedure(0, 0, DEFAULT_STEPS)
        records = tuple(recs.get(r[0], ()))
        one = r[1] in shoulders
        out.append(ItemDetail(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], p.version, p.steps, records, one,
                              check(p.steps, records, one)))
    return out


def item_detail(db: LedgerDB, item_id: int) -> ItemDetail:
    r = db.execute(_SEL + " AND i.id = ?", [item_id]).fetchone()
    if r is None:
        raise DecisionError(f"没有编号为 {item_id} 的议事事项")
    p = procedure(db, r[7])
    records = tuple(_records(db, [item_id]).get(item_id, ()))
    one = r[1] in one_shoulder_villages(db)
    return ItemDetail(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], p.version, p.steps, records, one,
                      check(list(p.steps), list(records), one))
