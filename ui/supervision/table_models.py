"""How a ledger row and an inspection show: days left or overdue in colour (red overdue, orange due within 10
days, grey closed or 误录); the selected problem's progress notes, evidence files and history."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from models.supervision import Business, Cadre, Inspection, LedgerRow, Project
from ui.list_model import RowsTableModel
from ui.town_filter import VillageNames

OVERDUE, SOON, CLOSED = QColor("#c62828"), QColor("#e65100"), QColor("#757575")


class LedgerModel(VillageNames, RowsTableModel[LedgerRow]):
    HEADERS = ("村（社区）", "问题描述", "剩余/逾期", "状态", "整改时限", "来源", "发现日期", "责任人", "最新进展")
    ROW_NUMBERS = True

    def cell(self, row: LedgerRow, row_number: int, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (self.village_name(row), row.description, "误录" if row.mistaken else row.time_text,
                    f"{row.status}（误录）" if row.mistaken else row.status, row.deadline, row.source, row.found_on,
                    "　".join(x for x in (row.unit, row.person) if x), row.progress)[column]
        if role == Qt.ItemDataRole.ForegroundRole and row.mistaken:
            return CLOSED
        if role == Qt.ItemDataRole.ForegroundRole and column in (2, 3, 4):
            if row.status == "已销号":
                return CLOSED
            if row.overdue:
                return OVERDUE
            if row.days_left <= 10:
                return SOON
        return None


class InspectionModel(VillageNames, RowsTableModel[Inspection]):
    HEADERS = ("日期", "村（社区）", "监督类型", "检查内容", "发现问题")

    def cell(self, row: Inspection, row_number: int, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.day, self.village_name(row), row.source, row.checked, row.findings)[column]
        return None


class CadreTableModel(VillageNames, RowsTableModel[Cadre]):
    """村"两委"成员 with their history: a post that ended shows in grey with its end date."""
    HEADERS = ("村（社区）", "姓名", "职务", "任职日期", "离任日期", "产生方式", "一肩挑", "党员", "状态")

    def __init__(self) -> None:
        super().__init__()
        self.today = ""

    def cell(self, row: Cadre, row_number: int, column: int, role: int) -> Any:
        ended = bool(row.end_date) and row.end_date < self.today
        if role == Qt.ItemDataRole.DisplayRole:
            return (self.village_name(row), row.name, row.post, row.start_date, row.end_date, row.appointed_by,
                    "是" if row.one_shoulder else "", "是" if row.member_id else "否",
                    "已离任" if ended else "在任")[column]
        if role == Qt.ItemDataRole.ForegroundRole and ended:
            return CLOSED
        return None


class ProjectTableModel(VillageNames, RowsTableModel[Project]):
    """村级工程; the 关联预警 column (red) names the matching business or cadre."""
    HEADERS = ("村（社区）", "工程名称", "金额（万元）", "承建方", "关联预警", "实施主体", "开工日期", "完工日期",
               "民主决策", "关联关系声明")
    FLAG = 4

    def __init__(self) -> None:
        super().__init__()
        self.matches: dict[int, str] = {}
        self.listed: set[int] = set()

    def cell(self, row: Project, row_number: int, column: int, role: int) -> Any:
        flag = self.matches.get(row.id or 0, "")
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.FLAG:
                return ("（已列入整改台账）" if row.id in self.listed else "") + flag if flag else ""
            return (self.village_name(row), row.name, "" if row.amount is None else f"{row.amount:g}",
                    row.contractor, "", row.implementer, row.start_date, row.end_date, "是" if row.decided else "否",
                    row.declaration)[column]
        if role == Qt.ItemDataRole.ForegroundRole and flag and column in (1, 3, self.FLAG):
            return OVERDUE
        if role == Qt.ItemDataRole.ToolTipRole and flag:
            return flag
        return None


class BusinessTableModel(VillageNames, RowsTableModel[Business]):
    HEADERS = ("村（社区）", "经营主体名称", "经营者", "与村干部关系", "村干部姓名")

    def cell(self, row: Business, row_number: int, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (self.village_name(row), row.name, row.owner, row.relationship, row.cadre_name)[column]
        return None


def size_text(size: int) -> str:
    """A file size as a clerk reads it: 512 字节, 37 KB, 4.2 MB."""
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1048576:.1f} MB"


class NotesModel(RowsTableModel[tuple[str, str]]):
    """The selected problem's dated progress notes, oldest first."""
    HEADERS = ("日期", "整改进展")

    def cell(self, row: tuple[str, str], row_number: int, column: int, role: int) -> Any:
        return row[column] if role == Qt.ItemDataRole.DisplayRole else None


class EvidenceModel(RowsTableModel[tuple[int, str, int]]):
    """The selected problem's evidence files (stored in the database): name and size."""
    HEADERS = ("文件名", "大小")

    def cell(self, row: tuple[int, str, int], row_number: int, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return row[1] if column == 0 else size_text(row[2])
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class HistoryModel(RowsTableModel[tuple[str, str, str]]):
    """The selected problem's history: 销号, 重新打开 (with the reason), 标记误录, 取消误录."""
    HEADERS = ("时间", "事项", "说明")

    def cell(self, row: tuple[str, str, str], row_number: int, column: int, role: int) -> Any:
        return row[column] if role == Qt.ItemDataRole.DisplayRole else None
