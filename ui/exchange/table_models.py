"""How the exchange pages' tables show a row: the district's towns, the conflicts (open ones in red), and a
conflicted record side by side (本库 / 来件, the differing fields marked)."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from models import exchange as ex
from ui.list_model import RowsTableModel

ALERT, DONE = QColor("#c62828"), QColor("#2e7d32")
DIFF_BACK = QColor("#fff3cd")


class TownTableModel(RowsTableModel[ex.TownState]):
    HEADERS = ("乡镇", "乡镇代码", "已导入到", "最近导入", "在册党员", "待处理冲突")

    def cell(self, row: ex.TownState, row_number: int, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.name, row.town, f"第 {row.last_sequence} 号", row.last_applied_at, row.members,
                    row.open_conflicts)[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == 5 and row.open_conflicts:
            return ALERT
        return None


class SentTableModel(RowsTableModel[ex.SentInfo]):
    HEADERS = ("序号", "类型", "修改", "大小（字节）", "导出时间", "文件")

    def cell(self, row: ex.SentInfo, row_number: int, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (f"第 {row.sequence} 号", "完整" if row.full else "增量", row.changes, f"{row.size:,}", row.sent_at,
                    row.file_name)[column]
        return None


class ConflictTableModel(RowsTableModel[ex.Conflict]):
    HEADERS = ("编号", "乡镇", "类型", "记录", "身份证号", "字段", "本库", "来件", "状态")

    def __init__(self) -> None:
        super().__init__()
        self.town_names: dict[str, str] = {}
        self.mask = lambda number: number

    def cell(self, row: ex.Conflict, row_number: int, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.id, self.town_names.get(row.town, row.town), ex.KIND_SHORT.get(row.kind, row.kind),
                    row.name, self.mask(row.id_number), ex.field_label(row.table, row.field), ex.shown(row.ours),
                    ex.shown(row.theirs), ex.STATUS_NAMES.get(row.status, row.status))[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == 8:
            return ALERT if row.status == "open" else DONE
        if role == Qt.ItemDataRole.ToolTipRole and column == 2:
            return ex.KIND_NAMES.get(row.kind, row.kind)
        if role == Qt.ItemDataRole.ToolTipRole and column in (6, 7):
            return ex.shown(row.ours if column == 6 else row.theirs)
        return None


class SideBySideTableModel(RowsTableModel[ex.SideRow]):
    HEADERS = ("字段", "本库（区县）", "来件（乡镇）")

    def cell(self, row: ex.SideRow, row_number: int, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.label, ex.shown(row.ours), ex.shown(row.theirs))[column]
        if role == Qt.ItemDataRole.BackgroundRole and row.differs:
            return DIFF_BACK
        if role == Qt.ItemDataRole.FontRole and row.differs:
            font = QFont()
            font.setBold(True)
            return font
        return None
