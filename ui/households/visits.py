"""The 中心户 page's 走访记录 tab: the visits of the tree's selection (village or grid), filtered by period and
kind of matter, newest first; and the editable household-type list (a setting)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from models import clock
from models import households as hh
from models.db import LedgerDB
from models.reminders import add_months
from ui.forms import FormDialog
from ui.list_model import RowsTableModel

CUSTOM = -1  # the period's 自定义: from / to dates typed by the clerk
PERIODS: tuple[tuple[str, int | None], ...] = (("近三个月", 3), ("近一个月", 1), ("近半年", 6), ("近一年", 12),
                                                ("全部", None), ("自定义", CUSTOM))


class VisitModel(RowsTableModel[tuple[Any, ...]]):
    HEADERS = ("日期", "网格", "户主", "事项类型", "反映问题", "办理情况", "上报")

    def cell(self, row: tuple[Any, ...], row_number: int, column: int, role: int) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        date, _village, grid, head, kind, raised, handled, reported = row[:8]
        return (date, grid or "未分网格", head, kind, raised, handled, "是" if reported else "否")[column]


class VisitsPanel(QWidget):
    def __init__(self, db: LedgerDB, table: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.scope: tuple[int | None, int | None] = (None, None)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.title = QLabel("走访记录")
        self.period = QComboBox()
        for label, months in PERIODS:
            self.period.addItem(label, months)
        self.kind = QComboBox()
        self.kind.addItem("全部事项", "")
        for kind in hh.VISIT_KINDS:
            self.kind.addItem(kind, kind)
        self.since_edit = QLineEdit()
        self.until_edit = QLineEdit()
        for edit, hint in ((self.since_edit, "起：年-月-日"), (self.until_edit, "止：年-月-日")):
            edit.setPlaceholderText(hint)
            edit.setMaximumWidth(110)
            edit.setVisible(False)
            edit.editingFinished.connect(self.refresh)
        row.addWidget(self.title, 1)
        row.addWidget(self.period)
        row.addWidget(self.since_edit)
        row.addWidget(self.until_edit)
        row.addWidget(self.kind)
        layout.addLayout(row)
        self.model = VisitModel()
        self.view = table(self.model)
        layout.addWidget(self.view)
        self.period.currentIndexChanged.connect(lambda _i: self._period_changed())
        self.kind.currentIndexChanged.connect(lambda _i: self.refresh())

    def current_visit(self) -> tuple[Any, ...] | None:
        index = self.view.currentIndex()
        rows = self.model.rows
        return rows[index.row()] if index.isValid() and index.row() < len(rows) else None

    def show_scope(self, village_id: int | None, grid_id: int | None) -> None:
        self.scope = (village_id, grid_id)
        self.refresh()

    def _period_changed(self) -> None:
        custom = self.period.currentData() == CUSTOM
        self.since_edit.setVisible(custom)
        self.until_edit.setVisible(custom)
        self.refresh()

    def period_range(self) -> tuple[str, str]:
        """(since, until) ISO dates ('' for open); a typed date that is not one raises ValueError."""
        months = self.period.currentData()
        if months is None:
            return "", ""
        if months == CUSTOM:
            found = []
            for edit in (self.since_edit, self.until_edit):
                text = edit.text().strip()
                found.append(dt.date.fromisoformat(text).isoformat() if text else "")
            return found[0], found[1]
        return (add_months(clock.today(), -int(months)) + dt.timedelta(days=1)).isoformat(), ""

    def since(self) -> str:
        return self.period_range()[0]

    def refresh(self) -> None:
        village_id, grid_id = self.scope
        try:
            since, until = self.period_range()
        except ValueError:
            self.model.set_rows([])
            self.title.setText("走访记录：起止日期应写成 年-月-日，如 2026-07-01")
            return
        rows = [] if village_id is None else hh.visit_rows(self.db, village_id=village_id, grid_id=grid_id,
                                                           since=since, until=until, kind=self.kind.currentData())
        self.model.set_rows(rows)
        self.title.setText(f"走访记录（{len(rows)} 条）")


class TagsDialog(FormDialog):
    """The household-type list clerks choose from (separated by 、); saved as a setting (audited)."""

    def __init__(self, tags: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__("户类型设置", parent)
        self.tags = QLineEdit("、".join(tags))
        self.tags.setMinimumWidth(480)
        self.form.addRow("户类型（用“、”分隔）", self.tags)
        note = QLabel(f"{'、'.join(hh.DIFFICULT_ORDER)} 用于困难户提醒，不能删除")
        note.setStyleSheet("color: #888888;")
        self.form.addRow("", note)
