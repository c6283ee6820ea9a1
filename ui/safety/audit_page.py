"""操作日志 page (管理员): filter the audit trail by user, period, record and kind, page through it, open a
record's full history and export the filtered rows to Excel. Queries live in models.audit_query."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models import clock
from models.audit import PermissionDenied, can, log_event
from models.audit_query import (
    EXPORT_HEADERS,
    PAGE_SIZE,
    TABLE_LABELS,
    AuditFilter,
    AuditRow,
    audit_actions,
    audit_rows,
    audit_users,
    count_audit,
    export_rows,
    find_members_for_audit,
    record_history,
)
from models.db import LedgerDB
from ui import file_dialogs, messages
from ui.list_model import RowsTableModel
from ui.page import Page

ANY = "全部"
NO_DATE = QDate(2000, 1, 1)


class AuditTableModel(RowsTableModel[AuditRow]):
    HEADERS = ("时间", "用户", "操作", "记录", "摘要", "变更内容（原值 → 新值）")

    def cell(self, r: AuditRow, row_number: int, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return (r.at, r.user or "（未登录）", r.action, r.record, r.summary, r.changes_text())[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 5 and r.changes:
            return "\n".join(c.text() for c in r.changes)
        return None


def audit_table(model: AuditTableModel) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    for col, width in enumerate((150, 80, 100, 170, 200)):
        table.setColumnWidth(col, width)
    header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
    return table


class HistoryDialog(QDialog):
    """Everything that happened to one record, oldest first."""

    def __init__(self, db: LedgerDB, table: str, record_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        rows = record_history(db, table, record_id)
        self.setWindowTitle(f"{rows[0].record if rows else table} 的全部历史")
        self.resize(960, 420)
        self.model = AuditTableModel(rows)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"共 {len(rows)} 条记录，按时间先后排列"))
        self.table = audit_table(self.model)
        self.table.hideColumn(3)  # the record is in the title
        self.table.setColumnWidth(4, 140)
        self.table.setWordWrap(True)
        layout.addWidget(self.table)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.reject)
        layout.addWidget(close)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        self.table.resizeRowsToContents()  # once the columns have their widths


def date_edit() -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText("不限")
    edit.setDate(NO_DATE)
    return edit


class AuditPage(Page):
    """操作日志: shows the newest entries whenever it is shown (every write adds some)."""
    refresh_on_show = True

    def __init__(self, db: LedgerDB, parent: QWidget | None = None) -> None:
        super().__init__(db, None, parent)
        self.page = 0
        self.total = 0
        self.record: tuple[str, int, str] | None = None  # (table, id, label) filter
        layout = QVBoxLayout(self)
        if not can(db, "audit"):
            denied = QLabel("只有管理员可以查看操作日志。")
            denied.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(denied)
            self.model = AuditTableModel()
            return
        self.user_combo = QComboBox()
        self.action_combo = QComboBox()
        self.from_date = date_edit()
        self.to_date = date_edit()
        self.table_combo = QComboBox()
        self.table_combo.addItem(ANY, "")
        for table, label in TABLE_LABELS.items():
            self.table_combo.addItem(label, table)
        self.record_edit = QLineEdit()
        self.record_edit.setPlaceholderText("党员姓名或身份证号")
        self.record_edit.returnPressed.connect(self.find_record)
        self.record_find = QPushButton("查找记录")
        self.record_find.clicked.connect(self.find_record)
        self.record_choice = QComboBox()
        self.record_choice.setMinimumContentsLength(14)
        self.record_choice.hide()
        self.record_choice.activated.connect(self._choose_record)
        self.record_label = QLabel()
        self.record_clear = QPushButton("清除记录条件")
        self.record_clear.clicked.connect(self.clear_record)
        self.record_clear.hide()
        row1 = QHBoxLayout()
        for label, w in (("用户", self.user_combo), ("操作", self.action_combo), ("从", self.from_date),
                         ("至", self.to_date)):
            row1.addWidget(QLabel(label))
            row1.addWidget(w)
        self.search_button = QPushButton("查询")
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(self.apply)
        self.reset_button = QPushButton("重置")
        self.reset_button.clicked.connect(self.reset_filters)
        row1.addWidget(self.search_button)
        row1.addWidget(self.reset_button)
        row1.addStretch(1)
        row2 = QHBoxLayout()
        row2.addWidget(QLabel("记录类型"))
        row2.addWidget(self.table_combo)
        row2.addWidget(QLabel("记录"))
        for part in (self.record_edit, self.record_find, self.record_choice, self.record_label, self.record_clear):
            row2.addWidget(part)
        row2.addStretch(1)
        self.model = AuditTableModel()
        self.table = audit_table(self.model)
        self.table.doubleClicked.connect(lambda _index: self.open_history())
        self.status = QLabel()
        self.prev_button = QPushButton("上一页")
        self.next_button = QPushButton("下一页")
        self.history_button = QPushButton("查看该记录全部历史")
        self.export_button = QPushButton("导出 Excel…")
        self.prev_button.clicked.connect(lambda: self.go(self.page - 1))
        self.next_button.clicked.connect(lambda: self.go(self.page + 1))
        self.history_button.clicked.connect(self.open_history)
        self.export_button.clicked.connect(self.export)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status)
        bottom.addStretch(1)
        for b in (self.history_button, self.export_button, self.prev_button, self.next_button):
            bottom.addWidget(b)
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.reload_choices()
        self.apply()

    def on_data_changed(self, tables: frozenset[str]) -> None:
        self.reload_choices()
        self.apply()

    # --- filters -------------------------------------------------------------------------------------------
    def reload_choices(self) -> None:
        for combo, values in ((self.user_combo, audit_users(self.db)), (self.action_combo, audit_actions(self.db))):
            current = combo.currentText()
            combo.clear()
            combo.addItems([ANY, *values])
            combo.setCurrentText(current if current in values else ANY)

    def current_filter(self) -> AuditFilter:
        def day(edit: QDateEdit) -> str:
            return "" if edit.date() == NO_DATE else edit.date().toString("yyyy-MM-dd")
        user = self.user_combo.currentText()
        action = self.action_combo.currentText()
        table, record_id = (self.record[0], self.record[1]) if self.record else (
            str(self.table_combo.currentData() or ""), None)
        return AuditFilter(user="" if user == ANY else user, action="" if action == ANY else action,
                           date_from=day(self.from_date), date_to=day(self.to_date), table=table, record_id=record_id)

    def set_period(self, start: dt.date | None, end: dt.date | None) -> None:
        self.from_date.setDate(QDate(start.year, start.month, start.day) if start else NO_DATE)
        self.to_date.setDate(QDate(end.year, end.month, end.day) if end else NO_DATE)

    def set_record_filter(self, table: str, record_id: int, label: str = "") -> None:
        self.record = (table, record_id, label or f"{table} #{record_id}")
        self.record_label.setText(f"<b>{self.record[2]}</b>")
        self.record_clear.show()
        self.apply()

    def clear_record(self) -> None:
        self.record = None
        self.record_label.clear()
        self.record_clear.hide()
        self.record_choice.hide()
        self.apply()

    def find_record(self) -> None:
        found = find_members_for_audit(self.db, self.record_edit.text())
        self.record_choice.clear()
        self.record_choice.hide()
        if not found:
            messages.warn(self, f"没有找到姓名或身份证号为“{self.record_edit.text().strip()}”的党员")
            return
        for mid, name, village in found:
            self.record_choice.addItem(f"{name}（{village}）", mid)
        if len(found) > 1:
            self.record_choice.show()
        self._choose_record(0)

    def _choose_record(self, index: int) -> None:
        mid = self.record_choice.itemData(index)
        if mid is not None:
            self.set_record_filter("members", int(mid), f"党员 {self.record_choice.itemText(index)}")

    def reset_filters(self) -> None:
        self.user_combo.setCurrentText(ANY)
        self.action_combo.setCurrentText(ANY)
        self.table_combo.setCurrentIndex(0)
        self.set_period(None, None)
        self.record_edit.clear()
        self.clear_record()

    # --- rows ----------------------------------------------------------------------------------------------
    def apply(self) -> None:
        self.page = 0
        self.load()

    def go(self, page: int) -> None:
        self.page = max(0, min(page, self.pages() - 1))
        self.load()

    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    def load(self) -> None:
        f = self.current_filter()
        try:
            self.total = count_audit(self.db, f)
            self.model.set_rows(audit_rows(self.db, f, limit=PAGE_SIZE, offset=self.page * PAGE_SIZE))
        except PermissionDenied as exc:
            messages.error(self, str(exc))
            return
        self.status.setText(f"共 {self.total} 条，第 {self.page + 1}/{self.pages()} 页（每页 {PAGE_SIZE} 条）")
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.prev_button.setEnabled(self.page > 0)
        self.next_button.setEnabled(self.page + 1 < self.pages())
        row = self.selected_row()
        self.history_button.setEnabled(row is not None and row.record_id is not None)
        self.export_button.setEnabled(self.total > 0)

    def selected_row(self) -> AuditRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def open_history(self) -> HistoryDialog | None:
        row = self.selected_row()
        if row is None or row.record_id is None:
            return None
        dialog = HistoryDialog(self.db, row.table_name, row.record_id, self)
        dialog.show()
        return dialog

    # --- export --------------------------------------------------------------------------------------------
    def ask_save_path(self) -> str:
        """Asks where to save; tests replace it."""
        name = f"操作日志-{clock.today():%Y%m%d}.xlsx"
        return file_dialogs.save_file(self, "导出操作日志", name, "Excel 工作簿 (*.xlsx)")

    def conditions_text(self) -> str:
        f = self.current_filter()
        parts = [f"用户：{f.user}" if f.user else "", f"操作：{f.action}" if f.action else "",
                 f"记录类型：{TABLE_LABELS.get(f.table, f.table)}" if f.table and not self.record else "",
                 f"从 {f.date_from}" if f.date_from else "", f"至 {f.date_to}" if f.date_to else "",
                 f"记录：{self.record[2]}" if self.record else ""]
        text = "，".join(p for p in parts if p)
        return "筛选条件：" + (text or "全部")

    def export(self) -> Path | None:
        path = self.ask_save_path()
        if not path:
            return None
        target = Path(path if path.lower().endswith(".xlsx") else path + ".xlsx")
        from reports.audit_xlsx import build_audit_xlsx  # openpyxl loads when a clerk exports
        rows = audit_rows(self.db, self.current_filter(), limit=None)
        tmp = target.with_name(target.name + ".part")
        try:
            with tmp.open("wb") as out:
                build_audit_xlsx(EXPORT_HEADERS, export_rows(rows), out, conditions=self.conditions_text())
            tmp.replace(target)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            messages.error(self, f"无法保存到 {target}：{exc.strerror or exc}")
            return None
        log_event(self.db, "导出操作日志", f"{len(rows)} 条，{self.conditions_text()}，保存为 {target.name}")
        messages.info(self, f"已导出 {len(rows)} 条操作日志到 {target}")
        return target
