"""The reminder `decision_flagged` (one per flagged step: the item, the step and the reason) and the printed
register's data (议事事项登记表: one page per item, every step of its procedure with what was recorded)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..db import LedgerDB
from ..org import town_name as file_name
from ..reminders import Reminder
from ..town_filter import whole_scope
from .items import ItemDetail, item_detail, items
from .rules import RULES


def reminders(db: LedgerDB, as_of: dt.date) -> list[Reminder]:
    out: list[Reminder] = []
    for d in items(db):
        for no, reasons in d.flags.items():
            r = d.record(no)
            day = r.day if r and r.day else as_of.isoformat()
            step = d.steps[no][0]
            out.append(Reminder("decision_flagged", day, d.village, d.title,
                                f"议事事项“{d.title}”的“{step}”：{'；'.join(reasons)}", f"dc_items:{d.id}"))
    return out


@dataclass(frozen=True)
class StepLine:
    name: str
    rule: str        # the rule's Chinese description
    day: str
    due: str
    present: str
    votes: str       # 赞成/反对/弃权
    result: str
    flags: tuple[str, ...]


@dataclass(frozen=True)
class Register:
    village: str
    title: str
    kind: str
    amount: str
    note: str
    status: str
    procedure_version: int
    one_shoulder: bool
    lines: tuple[StepLine, ...]


@dataclass(frozen=True)
class RegisterData:
    town: str
    scope: str
    registers: tuple[Register, ...]


def _n(v: int | None) -> str:
    return "" if v is None else str(v)


def register(d: ItemDetail) -> Register:
    lines = []
    for no, (name, rule) in enumerate(d.steps):
        r = d.record(no)
        votes = "" if r is None or all(v is None for v in (r.votes_for, r.votes_against, r.votes_abstain)) else \
            f"{_n(r.votes_for) or '—'}/{_n(r.votes_against) or '—'}/{_n(r.votes_abstain) or '—'}"
        merged = "（与上一步合并召开）" if r is not None and r.merged and "合并" not in r.result else ""
        result = "" if r is None else r.result + merged
        lines.append(StepLine(name, RULES.get(rule, ""), r.day if r else "", _n(r.due) if r else "",
                              _n(r.present) if r else "", votes, result, tuple(d.flags.get(no, ()))))
    amount = "" if d.amount is None else f"{d.amount:g} 万元"
    return Register(d.village, d.title, d.kind, amount, d.note, d.status, d.procedure_version, d.one_shoulder,
                    tuple(lines))


def register_data(db: LedgerDB, village_id: int | None = None, item_id: int | None = None, *,
                  town_key: str | None = None, town_name: str = "") -> RegisterData:
    """One item's page (item_id), or every item of the village, of the whole file, or (a district's database) of
    one town: town_key, headed with town_name."""
    if item_id is not None:
        details = [item_detail(db, item_id)]
        scope = details[0].village
    elif village_id is not None:
        details = items(db, village_id)
        scope = details[0].village if details else "全镇"
    else:
        details = items(db, town_key=town_key)
        scope = whole_scope(db, town_key, town_name)
    return RegisterData(file_name(db), scope, tuple(register(d) for d in details))


def register_fetch(db: LedgerDB, scope: Any, *, today: dt.date | None = None, order: str = "pinyin",
                   item_id: int | None = None, **_: Any) -> RegisterData:
    """The one signature of reports/__init__.py's REPORTS: --item prints one item, else the scope's items."""
    return register_data(db, getattr(scope, "village_id", None), item_id, town_key=getattr(scope, "town_key", None),
                         town_name=getattr(scope, "town_name", ""))
