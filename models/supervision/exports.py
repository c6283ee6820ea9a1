"""The supervision area's spreadsheet exports as plain tables (header, rows): the rectification ledger with the
import's columns (so an exported ledger imports back unchanged) and 剩余天数, and the village projects with the
import's columns and 关联预警 naming the matching business or cadre."""
from __future__ import annotations

import datetime as dt

from .. import clock
from ..db import LedgerDB
from .import_kinds import PROJECT_COLUMNS, RECTIFICATION_COLUMNS, progress_text, yes_no_text
from .projects import list_projects, related_party_flags
from .queries import LedgerFilter, ledger

Table = tuple[tuple[str, ...], list[list[object]]]


def rectification_table(db: LedgerDB, village_id: int | None = None, status: str = "",
                        today: dt.date | None = None) -> Table:
    day = today or clock.today()
    rows = ledger(db, LedgerFilter(village_id=village_id, status=status), day)
    notes: dict[int, list[tuple[str, str]]] = {}
    for pid, d, note in db.execute("SELECT problem_id, day, note FROM sv_progress ORDER BY problem_id, day, id"):
        notes.setdefault(int(pid), []).append((str(d), str(note)))
    header = (*(c.label for c in RECTIFICATION_COLUMNS), "剩余天数")
    out: list[list[object]] = []
    for r in rows:
        out.append([r.village, r.description, r.source, r.found_on, r.unit, r.person, r.measures, r.deadline,
                    progress_text(notes.get(r.id, [])), r.completed_on, r.status, r.time_text])
    return header, out


def projects_table(db: LedgerDB) -> Table:
    flags = {f.project_id: f.match for f in related_party_flags(db)}
    header = (*(c.label for c in PROJECT_COLUMNS), "关联预警")
    out: list[list[object]] = []
    for p in list_projects(db):
        out.append([p.name, p.village, p.amount if p.amount is not None else "", p.implementer, p.contractor,
                    p.start_date, p.end_date, yes_no_text(bool(p.decided)), p.declaration,
                    flags.get(p.id or 0, "")])
    return header, out
