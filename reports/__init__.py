"""Printed forms: pure builders from models/ dataclasses to PDF streams, and the registry of report kinds the
window and the command line share (later areas add theirs to REPORTS)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, BinaryIO

from models import assistance as aid_models
from models import decisions as dc_data
from models import report_data
from models import secretaries as sc_data
from models.households import linked_households_fetch

from .assistance import build_four_ones
from .central_households import build_central_households
from .decisions import build_register
from .households import build_linked_households
from .member_form import build_member_forms
from .roster import build_roster
from .secretaries import build_evaluation, build_filing_forms
from .statistics import build_statistics
from .styles import ReportOptions
from .supervision import build_inspection, build_rectification


@dataclass(frozen=True)
class ReportKind:
    title: str
    build: Callable[..., None]            # build(data, out, *, options): a pure builder, no SQL
    fetch: Callable[..., Any]             # fetch(db, scope, *, today=None, order="pinyin"): its data, from models/
    landscape: bool = False
    by_town: bool = False                 # prints one town of a district's database (Scope.town_key)


# The one registry of printed forms: the window's 报表 page and the `report` verb both read it. An area adds its
# kinds here (its builders in reports/<area>/, its data functions in models/<area>/).
REPORTS: dict[str, ReportKind] = {
    "member-form": ReportKind("党员基本信息采集表", build_member_forms, report_data.member_form_fetch, by_town=True),
    "roster": ReportKind("党员花名册", build_roster, report_data.roster_fetch, landscape=True, by_town=True),
    "central-households": ReportKind("党员中心户名册", build_central_households, report_data.central_fetch,
                                     by_town=True),
    "linked-households": ReportKind("联系户名册", build_linked_households, linked_households_fetch, by_town=True),
    "statistics": ReportKind("统计汇总表", build_statistics, report_data.statistics_fetch, landscape=True,
                             by_town=True),
    "rectification": ReportKind("问题整改台账", build_rectification, report_data.rectification_fetch,
                                landscape=True, by_town=True),
    "inspection": ReportKind("监督检查记录表", build_inspection, report_data.inspection_fetch, by_town=True),
    "secretary-filing": ReportKind("村党组织书记备案表", build_filing_forms, sc_data.filing_fetch, by_town=True),
    "evaluation": ReportKind("村党组织书记履职评估表", build_evaluation, sc_data.evaluation_fetch, landscape=True,
                             by_town=True),
    "four-ones": ReportKind("“四个一”帮扶责任表", build_four_ones, aid_models.four_ones_fetch, by_town=True),
    "decision": ReportKind("村级事务决策登记表", build_register, dc_data.register_fetch, by_town=True),
}


def fetch(db: Any, kind: str, scope: Any, *, today: dt.date | None = None, order: str = "pinyin",
          **extra: Any) -> Any:
    """The data of report `kind` for the scope (KeyError for an unknown kind); `order` is the name order of the
    name lists, "pinyin" (default) or "strokes" (按姓氏笔画); the statistics ignore it. One town of a district's
    database (scope.town_key) only for the kinds that print so: the others would print every town under its name."""
    report = REPORTS[kind]
    if getattr(scope, "town_key", None) and not report.by_town:
        raise report_data.ScopeError(f"《{report.title}》还不能只打印一个乡镇：请选择该乡镇的一个村（社区），"
                                     "或选“全部乡镇”")
    return report.fetch(db, scope, today=today, order=order, **extra)


def render(kind: str, data: Any, out: BinaryIO, options: ReportOptions) -> int:
    """Build report `kind` into out; returns the number of pages."""
    pages = [0]
    user = options.on_page

    def on_page(n: int) -> None:
        pages[0] = max(pages[0], n)
        if user is not None:
            user(n)

    REPORTS[kind].build(data, out, options=replace(options, on_page=on_page))
    return pages[0]
