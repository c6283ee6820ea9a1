"""Item models for the window's tables: the member table (fast at 100,000 rows: a plain list of tuples) and the
organization tree (镇 → 村 → 网格 with 在册 member counts)."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel

from models.entities import Grid, Town, TreeCounts, Village
from models.idcard import mask

Index = QModelIndex | QPersistentModelIndex

# (header, index into a members.CACHE_COLUMNS / TABLE_COLUMNS row)
MEMBER_COLUMNS: tuple[tuple[str, int], ...] = (
    ("姓名", 1), ("性别", 2), ("公民身份号码", 3), ("出生日期", 4), ("人员类别", 5), ("入党日期", 6),
    ("联系电话", 7), ("所在村（社区）", 8), ("所在网格", 9), ("中心户", 10), ("状态", 11),
)
_GREY = QBrush(QColor("#888888"))
_PROBATION = QBrush(QColor("#a05a00"))
# data() runs for every role of every visible cell on each repaint (a few thousand calls a keystroke): compare
# plain ints, not Qt enum members (an enum attribute lookup and comparison costs more than the rest of the call)
_DISPLAY, _TOOLTIP = int(Qt.ItemDataRole.DisplayRole.value), int(Qt.ItemDataRole.ToolTipRole.value)
_FOREGROUND, _USER = int(Qt.ItemDataRole.ForegroundRole.value), int(Qt.ItemDataRole.UserRole.value)
_SOURCE = tuple(col for _, col in MEMBER_COLUMNS)


class MemberTableModel(QAbstractTableModel):
    """Read-only member rows; the page gives it the already filtered, ordered list."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[Any, ...]] = []
        self.mask_ids = False

    def set_rows(self, rows: list[tuple[Any, ...]]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rows(self) -> list[tuple[Any, ...]]:
        return self._rows

    def member_id(self, row: int) -> int:
        return int(self._rows[row][0])

    def row_of(self, member_id: int) -> int:
        for i, r in enumerate(self._rows):
            if r[0] == member_id:
                return i
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(MEMBER_COLUMNS)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        role = int(role)
        if role != _DISPLAY and role != _FOREGROUND and role != _TOOLTIP and role != _USER:
            return None
        r = index.row()
        if r < 0 or r >= len(self._rows):
            return None
        row = self._rows[r]
        if role == _USER:
            return row[0]
        c = index.column()
        if c < 0 or c >= len(_SOURCE):
            return None
        col = _SOURCE[c]
        if role == _FOREGROUND:
            if row[11] != "在册":
                return _GREY
            if col == 5 and row[5] == "预备党员":
                return _PROBATION
            return None
        value = row[col]
        if col == 10:
            return "是" if value else ""
        if col == 3 and self.mask_ids and role == _DISPLAY:
            return mask(str(value))
        return value

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(MEMBER_COLUMNS):
            return MEMBER_COLUMNS[section][0]
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        return None


# Node kinds stored in the tree items (UserRole: kind, UserRole+1: id)
KIND_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def build_org_tree(model: QStandardItemModel, town: Town | None, villages: list[Village],
                   grids: list[Grid], counts: TreeCounts) -> None:
    """Fill a two-column tree model: 名称 | 在册党员."""
    model.clear()
    model.setHorizontalHeaderLabels(["名称", "在册党员"])
    root = model.invisibleRootItem()

    def node(label: str, kind: str, ident: int | None, count: int) -> list[QStandardItem]:
        name, number = QStandardItem(label), QStandardItem(str(count))
        for item in (name, number):
            item.setEditable(False)
            item.setData(kind, KIND_ROLE)
            item.setData(ident, ID_ROLE)
        number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return [name, number]

    town_row = node(town.name if town else "（未设置镇）", "town", town.id if town else None, counts.town)
    root.appendRow(town_row)
    by_village: dict[int, list[Grid]] = {}
    for g in grids:
        by_village.setdefault(g.village_id, []).append(g)
    for v in villages:
        v_row = node(v.name, "village", v.id, counts.villages.get(v.id, 0))
        for g in by_village.get(v.id, []):
            v_row[0].appendRow(node(g.name, "grid", g.id, counts.grids.get(g.id, 0)))
        if counts.no_grid.get(v.id):
            v_row[0].appendRow(node("（未分网格）", "no_grid", v.id, counts.no_grid[v.id]))
        town_row[0].appendRow(v_row)
