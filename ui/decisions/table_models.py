"""How the 议事 page's tables show a row: the items (status red when a step is flagged) and the selected item's
step timeline (every step of its procedure; a flagged step red, its reasons in 核对)."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from models import decisions as dc
from ui.list_model import RowsTableModel
from ui.town_filter import VillageNames

ALERT, DONE, PENDING = QColor("#c62828"), QColor("#2e7d32"), QColor("#888888")
ALERT_BACK = QColor("#fde7e7")


class ItemTableModel(VillageNames, RowsTableModel[dc.ItemDetail]):
    HEADERS = ("村（社区）", "事项名称", "状态", "已进行到", "类别", "金额（万元）")
    ROW_NUMBERS = True

    def cell(self, row: dc.ItemDetail, row_number: int, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (self.village_name(row), row.title, row.status, row.last_step, row.kind,
                    "" if row.amount is None else f"{row.amount:g}")[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == 2:
            return ALERT if row.flags else DONE if row.stage == dc.rules.PUBLISHED else None
        if role == Qt.ItemDataRole.ToolTipRole and row.flags:
            return "\n".join(f"{row.steps[n][0]}：{'；'.join(r)}" for n, r in sorted(row.flags.items()))
        return None


class StepTableModel(RowsTableModel[tuple[int, str, str]]):
    """Rows: (step_no, name, rule) of the item's procedure."""
    HEADERS = ("步骤", "日期", "应到", "实到", "赞成", "反对", "弃权", "结果", "核对")

    def __init__(self) -> None:
        super().__init__()
        self.item: dc.ItemDetail | None = None

    def set_item(self, item: dc.ItemDetail | None) -> None:
        self.item = item
        self.set_rows([(n, name, rule) for n, (name, rule) in enumerate(item.steps)] if item else [])

    def cell(self, row: tuple[int, str, str], row_number: int, column: int, role: int) -> Any:
        assert self.item is not None
        no, name, _rule = row
        r = self.item.record(no)
        flags = self.item.flags.get(no, [])
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return f"{no + 1}. {name}"
            if r is None:
                return "未进行" if column == 1 else ""
            values = (r.day, r.due, r.present, r.votes_for, r.votes_against, r.votes_abstain,
                      r.result + ("（合并召开）" if r.merged and "合并" not in r.result else ""),
                      "；".join(flags) if flags else "符合")
            v = values[column - 1]
            return "" if v is None else str(v)
        if role == Qt.ItemDataRole.ForegroundRole:
            if flags:
                return ALERT
            if r is None:
                return PENDING
            if column == 8:
                return DONE
        if role == Qt.ItemDataRole.BackgroundRole and flags:
            return ALERT_BACK
        if role == Qt.ItemDataRole.ToolTipRole and flags:
            return "\n".join(flags)
        if role == Qt.ItemDataRole.TextAlignmentRole and 2 <= column <= 6:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
