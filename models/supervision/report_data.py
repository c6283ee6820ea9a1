"""The data of the supervision area's printed forms, as plain dataclasses: the 问题整改台账 (grouped by village,
status and days left as of the print day) and the 监督检查记录表 (one inspection with the problems it raised)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import clock
from ..db import LedgerDB
from ..town_filter import whole_scope
from .cadres import list_cadres, list_inspections
from .queries import LedgerFilter, LedgerRow, ledger
from .rules import STATUSES, SupervisionError


@dataclass(frozen=True)
class RectificationData:
    town: str
    scope: str
    as_of: dt.date
    villages: tuple[tuple[str, tuple[LedgerRow, ...]], ...]


@dataclass(frozen=True)
class InspectionRecord:
    id: int
    village: str
    day: str
    source: str
    cadre: str
    checked: str
    findings: str
    problems: tuple[LedgerRow, ...]


@dataclass(frozen=True)
class InspectionData:
    town: str
    scope: str
    records: tuple[InspectionRecord, ...]


def _town(db: LedgerDB) -> str:
    row = db.execute("SELECT name FROM town ORDER BY id LIMIT 1").fetchone()
    return str(row[0]) if row else ""


def _village_name(db: LedgerDB, village_id: int | None) -> str:
    if village_id is None:
        return ""
    return str(db.execute("SELECT name FROM villages WHERE id = ?", [village_id]).fetchone()[0])


def rectification_data(db: LedgerDB, village_id: int | None = None, status: str = "",
                       today: dt.date | None = None, *, town_key: str | None = None,
                       town_name: str = "") -> RectificationData:
    """The ledger of one village, of the whole file, or (a district's database) of one town: town_key, headed
    with town_name."""
    day = today or clock.today()
    if status and status not in (*STATUSES, "逾期"):
        raise SupervisionError(f"状态“{status}”不在可选范围内（{'、'.join((*STATUSES, '逾期'))}）")
    village = _village_name(db, village_id)
    rows = ledger(db, LedgerFilter(village_id=village_id, town_key=town_key if village_id is None else None,
                                   status=status), day)
    groups: list[tuple[str, list[LedgerRow]]] = []
    for r in rows:
        if not groups or groups[-1][0] != r.village:
            groups.append((r.village, []))
        groups[-1][1].append(r)
    where = village or whole_scope(db, town_key, town_name)
    scope = where + (f"　状态：{status}" if status else "")
    return RectificationData(_town(db), scope, day, tuple((v, tuple(rs)) for v, rs in groups))


def inspection_data(db: LedgerDB, village_id: int | None = None, inspection_id: int | None = None,
                    today: dt.date | None = None, *, town_key: str | None = None,
                    town_name: str = "") -> InspectionData:
    """One inspection (inspection_id) or every inspection of the village / town (in a district's database: of
    one town, town_key, headed with town_name), one record form each."""
    found = list_inspections(db, village_id, town_key=town_key if village_id is None else None)
    if inspection_id is not None:
        found = [i for i in found if i.id == inspection_id]
        if not found:
            raise SupervisionError(f"找不到编号为 {inspection_id} 的监督检查记录")
    cadres = {c.id: f"{c.name}（{c.post}）" for c in list_cadres(db)}
    day = today or clock.today()
    problems: dict[int, list[LedgerRow]] = {}
    ids = {r[0]: r[1] for r in db.execute("SELECT id, inspection_id FROM sv_problems WHERE inspection_id IS NOT NULL")}
    for row in ledger(db, LedgerFilter(), day):
        if ids.get(row.id) is not None:
            problems.setdefault(ids[row.id], []).append(row)
    records = tuple(InspectionRecord(i.id or 0, i.village, i.day, i.source, cadres.get(i.cadre_id, "") if i.cadre_id
                                     else "", i.checked, i.findings, tuple(problems.get(i.id or 0, [])))
                    for i in found)
    scope = _village_name(db, village_id) or whole_scope(db, town_key, town_name)
    return InspectionData(_town(db), scope if inspection_id is None else f"编号 {inspection_id}", records)
