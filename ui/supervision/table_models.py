"""How a ledger row and an inspection show: days left or overdue in colour (red overdue, orange due within 10
days, grey closed)."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from models.supervision import Inspection, LedgerRow
from ui.list_model import RowsTableModel

OVERDUE, SOON, CLOSED = QColor("#c62828"), QColor("#e65100"), QColor("#757575")


class LedgerModel(RowsTableModel[LedgerRow]):
    HEADERS = ("村（社区）", "问题描述", "剩余/逾期", "状态", "整改时限", "来源", "发现日期", "责任人", "最新进展")
    ROW_NUMBERS = True

    def cell(self, row: LedgerRow, row_number: int, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.village, row.description, row.time_text, row.status, row.deadline, row.source, row.found_on,
                    "　".join(x for x in (row.unit, row.person) if x), row.progress)[column]
        if role == Qt.ItemDataRole.ForegroundRole and column in (2, 3, 4):
            if row.status == "已销号":
                return CLOSED
            if row.overdue:
                return OVERDUE
            if row.days_left <= 10:
                return SOON
        return None


class InspectionModel(RowsTableModel[Inspection]):
    HEADERS = ("日期", "村（社区）", "监督类型", "检查内容", "发现问题")

    def cell(self, row: Inspection, row_number: int, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.day, row.village, row.source, row.checked, row.findings)[column]
        return None
