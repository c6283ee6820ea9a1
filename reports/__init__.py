"""Printed forms: pure builders from models/ dataclasses to PDF streams, and the registry of report kinds the
window and the command line share (later areas add theirs to REPORTS)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, BinaryIO

from .central_households import build_central_households
from .member_form import build_member_forms
from .roster import build_roster
from .statistics import build_statistics
from .styles import ReportOptions
from .supervision import build_inspection, build_rectification


@dataclass(frozen=True)
class ReportKind:
    title: str
    build: Callable[..., None]
    landscape: bool = False


REPORTS: dict[str, ReportKind] = {
    "member-form": ReportKind("党员基本信息采集表", build_member_forms),
    "roster": ReportKind("党员花名册", build_roster, landscape=True),
    "central-households": ReportKind("党员中心户名册", build_central_households),
    "statistics": ReportKind("统计汇总表", build_statistics, landscape=True),
    "rectification": ReportKind("问题整改台账", build_rectification, landscape=True),
    "inspection": ReportKind("监督检查记录表", build_inspection),
}


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
