"""The 冲突 page of a district's database (issue 17): every conflict the merges found, filterable by status and
town; the selected one's record side by side, field by field (本库 = the district's row, 来件 = the incoming
one, the differing fields marked); and the decision — 保留本库 / 采用来件 / 修改… — with a reason, each through
the window's one write path and audited."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models import exchange as ex
from models.audit import can, shown_id_number
from models.db import LedgerDB
from ui.dialogs import run
from ui.events import DataEvents
from ui.page import Page

from .dialogs import EditValueDialog
from .table_models import ConflictTableModel, SideBySideTableModel

FILTERS = (("待处理", "open"), ("全部", None), ("已处理", "done"))


def _table(model: Any) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.horizontalHeader().setStretchLastSection(True)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    return view


class ConflictsPage(Page):
    watches = frozenset({"ex_conflicts", "ex_towns", "ex_received", "members"})

    def __init__(self, db: LedgerDB, events: DataEvents | None, parent: QWidget | None = None) -> None:
        super().__init__(db, events, parent)
        self.all: list[ex.Conflict] = []
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.status = QComboBox()
        for text, value in FILTERS:
            self.status.addItem(text, value)
        self.town = QComboBox()
        self.town.setMinimumContentsLength(8)
        for label, w in (("状态", self.status), ("乡镇", self.town)):
            bar.addWidget(QLabel(label))
            bar.addWidget(w)
        self.counts = QLabel()
        bar.addSpacing(12)
        bar.addWidget(self.counts)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.model = ConflictTableModel()
        self.model.mask = lambda number: shown_id_number(self.db, number) if number else ""
        self.table = _table(self.model)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show())
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-size: 15px;")
        self.side_model = SideBySideTableModel()
        self.side = _table(self.side_model)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("处理理由（记入操作日志，随处理决定发回乡镇）")
        decide = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (("ours", "保留本库", lambda: self.keep("ours")),
                                ("theirs", "采用来件", lambda: self.keep("theirs")),
                                ("edit", "修改…", self.edit)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            self.buttons[key] = button
            decide.addWidget(button)
        decide.addStretch(1)
        self.decided = QLabel()
        self.decided.setWordWrap(True)
        rv.addWidget(self.heading)
        rv.addWidget(self.side, 1)
        rv.addWidget(self.reason)
        rv.addLayout(decide)
        rv.addWidget(self.decided)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(right)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 4)
        split.setSizes([780, 420])
        layout.addWidget(split, 1)
        self.status.currentIndexChanged.connect(lambda _i: self._filter())
        self.town.currentIndexChanged.connect(lambda _i: self._filter())
        self.mark_stale()

    # ---- reading
    def on_data_changed(self, tables: frozenset[str]) -> None:
        names = {t.town: t.name for t in ex.towns(self.db)}
        self.model.town_names = names
        current = self.town.currentData()
        self.town.blockSignals(True)
        self.town.clear()
        self.town.addItem("全部", None)
        for key, name in sorted(names.items(), key=lambda kv: kv[1]):
            self.town.addItem(name, key)
        self.town.setCurrentIndex(max(0, self.town.findData(current)))
        self.town.blockSignals(False)
        self.all = ex.list_conflicts(self.db)
        self._filter()

    def apply_filter(self, name: str) -> None:
        """Navigation: "open" shows the conflicts still to decide."""
        if name == "open":
            self.status.setCurrentIndex(0)

    def shown(self) -> list[ex.Conflict]:
        status, town = self.status.currentData(), self.town.currentData()
        return [c for c in self.all if (status is None or (c.status == "open") == (status == "open"))
                and (town is None or c.town == town)]

    def _filter(self) -> None:
        keep = self.selected()
        rows = self.shown()
        self.model.set_rows(rows)
        open_count = sum(1 for c in self.all if c.status == "open")
        self.counts.setText(f"共 {len(self.all)} 处冲突，待处理 {open_count} 处；列出 {len(rows)} 处")
        self.table.resizeColumnsToContents()
        for column in (6, 7):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 110))
        index = next((n for n, c in enumerate(rows) if keep is not None and c.id == keep.id), 0 if rows else -1)
        if index >= 0:
            self.table.selectRow(index)
        self._show()

    def selected(self) -> ex.Conflict | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows and rows[0].row() < len(self.model.rows) else None

    def select_conflict(self, conflict_id: int) -> bool:
        for n, c in enumerate(self.model.rows):
            if c.id == conflict_id:
                self.table.selectRow(n)
                return True
        return False

    def _show(self) -> None:
        c = self.selected()
        may = can(self.db, "edit")
        if c is None:
            self.heading.setText("没有冲突。" if not self.all else "（请在左侧选择一处冲突）")
            self.side_model.set_rows([])
            self.decided.setText("")
        else:
            town = self.model.town_names.get(c.town, c.town)
            self.heading.setText(f"<b>冲突 {c.id}：{town}　{c.name}</b>　{ex.KIND_NAMES.get(c.kind, c.kind)}"
                                 f"（{ex.TABLE_NAMES.get(c.table, c.table)}：{ex.field_label(c.table, c.field)}）")
            rows = ex.side_by_side(self.db, c)
            if c.kind != "duplicate_id_number":  # a number in full only for users who may see it
                rows = [replace(r, ours=self._masked(r.ours), theirs=self._masked(r.theirs))
                        if r.field in ("id_number", "head_id_number") else r for r in rows]
            self.side_model.set_rows(rows)
            self.side.resizeColumnsToContents()
            self.decided.setText("" if c.status == "open" else
                                 f"已处理：{ex.STATUS_NAMES[c.status]}，值“{ex.shown(c.value)}”，"
                                 f"理由：{c.reason or '（无）'}（{c.resolved_by or '—'} {c.resolved_at}）")
        is_open = c is not None and c.status == "open" and may
        for key in ("ours", "theirs"):
            self.buttons[key].setEnabled(is_open)
        self.buttons["edit"].setEnabled(is_open and c is not None and c.kind != "duplicate_id_number"
                                        and c.field != "*")
        self.reason.setEnabled(is_open)

    def _masked(self, value: Any) -> Any:
        return shown_id_number(self.db, value) if isinstance(value, str) and value else value

    # ---- writing: through Page.write, the one write path
    def keep(self, which: str) -> None:
        c = self.selected()
        if c is None:
            return
        reason = self.reason.text().strip()
        if self.write(self, lambda: ex.resolve(self.db, c.id, which, reason=reason)):
            self.reason.clear()

    def edit(self) -> None:
        c = self.selected()
        if c is None:
            return
        dialog = EditValueDialog(c, self)
        dialog.on_save = lambda: self.write(dialog, lambda: ex.resolve(
            self.db, c.id, value=dialog.new_value(), reason=dialog.reason.text()))
        run(dialog)
