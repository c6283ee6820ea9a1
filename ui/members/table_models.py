"""The member table's item model (fast at 100,000 rows: a plain list of tuples)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from models import pinyin
from models.idcard import mask
from models.members import CACHE_COLUMNS

Index = QModelIndex | QPersistentModelIndex

# (header, index into a members.CACHE_COLUMNS / TABLE_COLUMNS row)
MEMBER_COLUMNS: tuple[tuple[str, int], ...] = (
    ("姓名", 1), ("性别", 2), ("公民身份号码", 3), ("出生日期", 4), ("人员类别", 5), ("入党日期", 6),
    ("联系电话", 7), ("所在村（社区）", 8), ("所在网格", 9), ("中心户", 10), ("状态", 11),
)
_SEARCH = CACHE_COLUMNS.index("search_text")
_GREY = QBrush(QColor("#888888"))
_PROBATION = QBrush(QColor("#a05a00"))
# data() runs for every role of every visible cell on each repaint (a few thousand calls a keystroke): compare
# plain ints, not Qt enum members (an enum attribute lookup and comparison costs more than the rest of the call)
_DISPLAY, _TOOLTIP = int(Qt.ItemDataRole.DisplayRole.value), int(Qt.ItemDataRole.ToolTipRole.value)
_FOREGROUND, _USER = int(Qt.ItemDataRole.ForegroundRole.value), int(Qt.ItemDataRole.UserRole.value)
_SOURCE = tuple(col for _, col in MEMBER_COLUMNS)


def _sort_key(column: int) -> Callable[[tuple[Any, ...]], Any]:
    """How a clicked column orders the rows: names by pinyin read by the surname (曾 as zeng; a dict lookup a
    character), villages and grids naturally (第二网格 before 第十网格), the rest as text."""
    if column == 1:
        return lambda r: pinyin.name_sort_key(r[1] or "")
    if column in (8, 9):
        return lambda r: pinyin.sort_key(r[column] or "")
    if column == 10:
        return lambda r: int(bool(r[10]))
    return lambda r: r[column] or ""  # text columns (dates are ISO text); None and "" first


class MemberTableModel(QAbstractTableModel):
    """Read-only member rows; the page gives it the already filtered, ordered (or ranked) list, and a click on a
    column header sorts it here, in memory (sort column -1: the page's own order)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[Any, ...]] = []
        self._given: list[tuple[Any, ...]] = []
        self._sort: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)
        self.mask_ids = False

    def set_rows(self, rows: list[tuple[Any, ...]]) -> None:
        self.beginResetModel()
        self._given = rows
        self._rows = self._ordered(rows)
        self.endResetModel()

    def _ordered(self, rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        section, order = self._sort
        if not (0 <= section < len(MEMBER_COLUMNS)) or len(rows) < 2:
            return rows
        return sorted(rows, key=_sort_key(MEMBER_COLUMNS[section][1]),
                      reverse=order == Qt.SortOrder.DescendingOrder)  # stable: ties keep the page's order

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        ids = [self._rows[i.row()][0] for i in old]
        self._sort = (column, order)
        self._rows = self._ordered(self._given)
        if old:  # the selection and current row follow their members
            where = {r[0]: n for n, r in enumerate(self._rows)}
            self.changePersistentIndexList(old, [self.index(where[m], i.column()) for m, i in zip(ids, old)])
        self.layoutChanged.emit()

    def rows(self) -> list[tuple[Any, ...]]:
        return self._rows

    def given(self) -> list[tuple[Any, ...]]:
        """The rows as the page gave them (before a click on a column header sorted them)."""
        return self._given

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
