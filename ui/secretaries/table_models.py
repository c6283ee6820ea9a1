"""How the 书记备案 page's tables show a row: the secretaries with their filing state (red: not filed, orange:
to be filed again or term ending), the version history, and the year's evaluation (headers follow the year's
indicators)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from models import clock
from models.secretaries import NOT_FILED, OUTDATED, TERM_NOTICE_DAYS, EvalRow, Filing, Indicator, SecretaryRow
from ui.list_model import RowsTableModel
from ui.town_filter import VillageNames

ALERT, WARN = QColor("#c62828"), QColor("#e65100")


def term_soon(end: str, today: dt.date) -> bool:
    return bool(end) and (dt.date.fromisoformat(end) - today).days <= TERM_NOTICE_DAYS


class SecretaryTableModel(VillageNames, RowsTableModel[SecretaryRow]):
    HEADERS = ("村（社区）", "姓名", "任职日期", "产生方式", "一肩挑", "任期届满", "备案状态", "备案编号", "版本")
    ROW_NUMBERS = True

    def cell(self, row: SecretaryRow, row_number: int, column: int, role: int) -> Any:
        f = row.filing
        if role == Qt.ItemDataRole.DisplayRole:
            return (self.village_name(row), row.name, row.start_date, f.appointed_by if f else row.appointed_by,
                    "是" if (f.one_shoulder if f else row.one_shoulder) else "否", row.term_end, row.state,
                    f.filing_number if f else "", f"第 {f.version} 版" if f else "")[column]
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == 6 and row.state == NOT_FILED:
                return ALERT
            if column == 6 and row.state == OUTDATED:
                return WARN
            if column == 5 and term_soon(row.term_end, clock.today()):
                return WARN
        return None


class HistoryTableModel(RowsTableModel[Filing]):
    HEADERS = ("版本", "状态", "备案日期", "备案编号", "任职日期", "资格联审", "被替代日期")

    def cell(self, row: Filing, row_number: int, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (f"第 {row.version} 版", row.status, row.filing_date, row.filing_number, row.appointment_date,
                    row.review_result, row.replaced_on)[column]
        return None


class EvaluationTableModel(RowsTableModel[EvalRow]):
    """Columns: 村（社区）, 姓名, one per indicator (weight in the header), 加权总分, and 排名 when shown."""

    def __init__(self) -> None:
        super().__init__()
        self.indicators: list[Indicator] = []
        self.ranking = False
        self.HEADERS = ("村（社区）", "姓名", "加权总分")

    def set_evaluation(self, indicators: list[Indicator], rows: list[EvalRow], ranking: bool) -> None:
        self.beginResetModel()
        self.indicators, self.ranking, self.rows = indicators, ranking, rows
        self.HEADERS = ("村（社区）", "姓名", *[i.label for i in indicators], "加权总分",
                        *(("排名",) if ranking else ()))
        self.endResetModel()

    def cell(self, row: EvalRow, row_number: int, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            n = len(self.indicators)
            if column < 2:
                return (row.village, row.name)[column]
            if column < 2 + n:
                v = row.scores.get(self.indicators[column - 2].name)
                return "" if v is None else f"{v:g}"
            if column == 2 + n:
                return "未评完" if row.total is None else f"{row.total:g}"
            return "" if row.rank is None else str(row.rank)
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
