"""The supervision area's public API (常态化监督): village cadres, inspections, the rectification ledger, village
projects and the related-party check, and the area's reminders. Other code reads the area only through here.

Reminder kinds:
- `rectification_overdue`: a problem not closed whose 整改时限 has passed (the reason gives the days overdue);
- `rectification_due`: a problem not closed due today or within 10 days;
- `project_related_party`: a project whose contractor matches a cadre's (relative's) business or a cadre, until
  the flag is turned into a problem of the ledger (whose own reminders then follow it).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from ..db import LedgerDB
from ..reminders import Reminder
from . import rules
from .cadres import (
    Cadre,
    Inspection,
    end_cadre,
    get_inspection,
    list_cadres,
    list_inspections,
    record_inspection,
    save_cadre,
    save_inspection,
    village_members,
)
from .ledger import (
    Problem,
    add_evidence,
    add_progress,
    close_problem,
    evidence_limit,
    get_problem,
    list_evidence,
    mark_mistaken,
    problem_history,
    reopen_problem,
    save_evidence_copy,
    save_problem,
    set_evidence_limit,
    unmark_mistaken,
)
from .migrations import MIGRATIONS, TABLES
from .projects import (
    Business,
    Project,
    RelatedFlag,
    flag_to_problem,
    list_businesses,
    list_projects,
    projects_in_ledger,
    related_party_flags,
    save_business,
    save_project,
)
from .queries import LedgerFilter, LedgerRow, counts, found_quarters, ledger
from .report_data import InspectionData, InspectionRecord, RectificationData, inspection_data, rectification_data
from .rules import POSTS, SOURCES, STATUSES, SupervisionError, normalize_name

__all__ = [
    "MIGRATIONS", "TABLES", "SOURCES", "STATUSES", "SupervisionError", "normalize_name", "rules",
    "Cadre", "save_cadre", "list_cadres", "Inspection", "save_inspection", "list_inspections", "get_inspection",
    "Problem", "save_problem", "get_problem", "add_progress", "add_evidence", "list_evidence",
    "save_evidence_copy", "evidence_limit", "close_problem", "reopen_problem", "mark_mistaken", "problem_history",
    "unmark_mistaken", "set_evidence_limit",
    "Project", "save_project", "list_projects", "Business", "save_business", "RelatedFlag", "related_party_flags",
    "flag_to_problem", "RectificationData", "InspectionData", "InspectionRecord", "rectification_data",
    "inspection_data", "LedgerFilter", "LedgerRow", "ledger", "counts", "reminders", "list_businesses",
    "found_quarters", "IMPORT_KINDS", "end_cadre", "village_members", "record_inspection", "POSTS",
    "projects_in_ledger", "import_table", "TableImportError", "TableImportResult", "rectification_table",
    "projects_table", "fill_demo", "fill_district",
]


# Imported when first asked for (PEP 562), so that `reminders` and the other verbs do not pay for the
# spreadsheet engine and the demo generator they never use.
_LAZY = {"fill_demo": ("demo", "fill_demo"), "fill_district": ("demo", "fill_district"),
         "projects_table": ("exports", "projects_table"), "rectification_table": ("exports", "rectification_table"),
         "IMPORT_KINDS": ("import_kinds", "KINDS"), "import_table": ("imports", "import_table"),
         "TableImportError": ("imports", "TableImportError"), "TableImportResult": ("imports", "TableImportResult")}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib
    module, attr = _LAZY[name]
    value = getattr(importlib.import_module(f"{__name__}.{module}"), attr)
    globals()[name] = value
    return value


def reminders(db: LedgerDB, as_of: dt.date) -> list[Reminder]:
    out: list[Reminder] = []
    horizon = (as_of + dt.timedelta(days=rules.DUE_SOON_DAYS)).isoformat()
    for pid, village, desc, deadline in db.execute(
            "SELECT p.id, v.name, p.description, p.deadline FROM sv_problems p JOIN villages v ON v.id = p.village_id"
            " WHERE p.status != '已销号' AND p.mistaken = 0 AND p.deadline <= ?", [horizon]):
        left = rules.days_left(deadline, as_of)
        subject = desc if len(desc) <= 20 else desc[:20] + "…"
        if left < 0:
            out.append(Reminder("rectification_overdue", deadline, village, subject,
                                f"整改时限 {deadline} 已过，逾期 {-left} 天，尚未销号", f"sv_problems:{pid}"))
        else:
            when = "今天到期" if left == 0 else f"还有 {left} 天"
            out.append(Reminder("rectification_due", deadline, village, subject,
                                f"整改时限 {deadline}（{when}），请督促按期整改", f"sv_problems:{pid}"))
    listed = projects_in_ledger(db)  # once a flag is a problem of the ledger, the problem's own reminders follow it
    for flag in related_party_flags(db):
        if flag.project_id in listed:
            continue
        out.append(Reminder("project_related_party", as_of.isoformat(), flag.village, flag.project,
                            f"工程“{flag.project}”承建方“{flag.contractor}”：{flag.match}",
                            f"sv_projects:{flag.project_id}"))
    return out

from .figures import figures  # noqa: E402, F401  (the home page's figures)
