"""RowsTableModel: the plumbing every small table of the window shares — a list of row objects, fixed column
headers, reset on set_rows — so each table only says how a row shows (`cell`); and `row_table`, the read-only,
whole-row-selecting view the pages show such a model in."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
Row = TypeVar("Row")


class RowsTableModel(QAbstractTableModel, Generic[Row]):
    HEADERS: tuple[str, ...] = ()
    ROW_NUMBERS = False  # number the rows in the vertical header (1, 2, 3 …)

    def __init__(self, rows: Sequence[Row] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = list(rows or [])

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        return self.cell(self.rows[index.row()], index.row(), index.column(), role)

    def cell(self, row: Row, row_number: int, column: int, role: int) -> Any:
        """What a cell shows for a role; None for roles the table does not use."""
        raise NotImplementedError

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return str(section + 1) if self.ROW_NUMBERS else None


def row_table(model: QAbstractItemModel, *, row_height: bool = False, numbered: bool = True) -> QTableView:
    """A read-only table of whole rows: one row selected at a time, the last column taking the room left, widths
    from the first rows only (a few hundred stay fast). row_height: rows a fixed, roomy height (a line and air);
    numbered=False hides the row numbers."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setResizeContentsPrecision(30)
    if row_height:
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    view.verticalHeader().setVisible(numbered)
    return view
