"""The import dialog: pick a roster file, see the recognized columns and the first rows as they will be stored,
the problems (saveable as an Excel file to send back to the village), then 导入 / 跳过错误行导入 / 取消.

Reading, checking and writing run in a QThread with its own SQLite connection (ui.members.import_worker), so the window
stays responsive; progress is shown and the work can be cancelled (a cancelled write rolls back: nothing is written).
"""
from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models.db import LedgerDB
from models.entities import BOOL_FIELDS, LABELS, MEMBER_FIELDS
from models.importing import ImportPlan, ImportResult, apply_import, prepare_import
from models.importing.columns import IGNORED
from models.org import list_villages
from reports.xlsx import build_problems_xlsx
from ui import messages
from ui.list_model import RowsTableModel
from ui.members.import_worker import Worker

PREVIEW_ROWS = 100


class _ListTableModel(RowsTableModel[tuple[str, ...]]):
    """Rows of text; `marked` rows are shown in red (e.g. columns that will not be imported)."""
    ROW_NUMBERS = True

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(None, parent)
        self._marked: set[int] = set()

    def set_rows(self, rows: Sequence[tuple[str, ...]], marked: set[int] | None = None) -> None:
        self._marked = marked or set()
        super().set_rows(rows)

    def cell(self, row: tuple[str, ...], row_number: int, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return row[column]
        if role == Qt.ItemDataRole.ForegroundRole and row_number in self._marked:
            return QBrush(QColor("#b00020"))
        return None


class ImportColumnsTableModel(_ListTableModel):
    HEADERS = ("工作表", "文件中的列", "导入为")


class ImportPreviewTableModel(_ListTableModel):
    HEADERS = ("工作表", "行号") + tuple(label for _, label in MEMBER_FIELDS)


class ImportProblemsTableModel(_ListTableModel):
    HEADERS = ("工作表", "行号", "列", "填写的内容", "问题")


def _stored(value: object, key: str) -> str:
    if key in BOOL_FIELDS:
        return "是" if value else "否"
    return "" if value is None else str(value)


class ImportDialog(QDialog):
    """`ImportDialog(db, parent)`; after exec(), `result_of_import` holds what was written (or None)."""
    busy_changed = Signal(bool)
    plan_ready = Signal()
    import_finished = Signal()

    def __init__(self, db: LedgerDB, parent: QWidget | None = None, *, path: str | Path | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.plan: ImportPlan | None = None
        self.result_of_import: ImportResult | None = None
        self.worker = Worker(self)
        self.worker.finished.connect(lambda: self._set_busy(False))
        self.setWindowTitle("导入党员名册")
        self.resize(1000, 640)

        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText("请选择村（社区）报来的 Excel 或 CSV 文件")
        self.choose_button = QPushButton("选择文件…")
        self.choose_button.clicked.connect(self.choose_file)
        self.village_combo = QComboBox()
        self.village_combo.addItem("（按文件中填写的村）", "")
        for v in list_villages(db):
            self.village_combo.addItem(v.name, v.name)
        self.village_combo.currentIndexChanged.connect(self._reload)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.choose_button)
        form = QFormLayout()
        form.addRow("文件：", file_row)
        form.addRow("未写明村（社区）的行归入：", self.village_combo)
        self.accept_names_box = QCheckBox("接受新姓名：身份证号与系统中的党员相同而姓名不同时，按文件改名")
        self.accept_names_box.setToolTip("默认不勾选：这样的行作为错误列出，不导入，以免把一个人误改成另一个人")
        self.accept_names_box.toggled.connect(self._reload)
        form.addRow("", self.accept_names_box)

        self.summary = QLabel("尚未选择文件。")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.columns_model = ImportColumnsTableModel(self)
        self.preview_model = ImportPreviewTableModel(self)
        self.problems_model = ImportProblemsTableModel(self)
        self.tabs = QTabWidget()
        self.columns_view = self._table(self.columns_model)
        self.preview_view = self._table(self.preview_model)
        self.problems_view = self._table(self.problems_model, stretch_last=True)
        problems_page = QWidget()
        problems_layout = QVBoxLayout(problems_page)
        problems_layout.setContentsMargins(0, 0, 0, 0)
        problems_layout.addWidget(self.problems_view)
        self.save_problems_button = QPushButton("保存问题清单（发回村里改正）…")
        self.save_problems_button.setEnabled(False)
        self.save_problems_button.clicked.connect(self.save_problems)
        problems_layout.addWidget(self.save_problems_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.tabs.addTab(self.columns_view, "识别的列")
        self.tabs.addTab(self.preview_view, "预览（将保存的内容）")
        self.tabs.addTab(problems_page, "问题")

        self.progress = QProgressBar()
        self.progress_label = QLabel()
        self.import_button = QPushButton("导入")
        self.skip_button = QPushButton("跳过错误行导入")
        for w in (self.progress, self.progress_label):
            w.setVisible(False)
        self.import_button.setEnabled(False)
        self.skip_button.setEnabled(False)
        self.choose_button.setAutoDefault(False)
        self.import_button.setDefault(True)  # Enter imports once the file is clean; Esc cancels
        self.cancel_button = QPushButton("取消")
        self.import_button.clicked.connect(lambda: self.start_import(skip_invalid=False))
        self.skip_button.clicked.connect(lambda: self.start_import(skip_invalid=True))
        self.cancel_button.clicked.connect(self.cancel)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress_label)
        buttons.addWidget(self.progress, 1)
        buttons.addStretch()
        for b in (self.import_button, self.skip_button, self.cancel_button):
            buttons.addWidget(b)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        if path:
            self.load(path)

    def _table(self, model: QAbstractTableModel, *, stretch_last: bool = False) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.verticalHeader().setVisible(False)
        view.horizontalHeader().setStretchLastSection(stretch_last)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        return view

    # --- steps -------------------------------------------------------------------------------------------------
    def choose_file(self) -> None:
        from ui.file_dialogs import dialogs  # read at call time: tests replace it
        name = dialogs.open_file(self, "选择党员名册文件")
        if name:
            self.load(name)

    def load(self, path: str | Path) -> None:
        """Read and check the file (in the worker); the preview and problems appear when it is done."""
        self.path_edit.setText(str(path))
        self.plan = None
        self.summary.setText(f"正在读取并检查“{Path(path).name}”……")  # not "尚未选择文件" while reading
        village = str(self.village_combo.currentData() or "")
        renames = self.accept_names_box.isChecked()
        self._run(lambda db, **kw: prepare_import(db, path, default_village=village, accept_renames=renames, **kw),
                  self._show_plan)

    def _reload(self) -> None:
        if self.path_edit.text() and not self.busy:
            self.load(self.path_edit.text())

    def start_import(self, *, skip_invalid: bool) -> None:
        plan = self.plan
        if plan is None:
            return
        if skip_invalid and not messages.confirm(
                self, f"将跳过 {plan.rejected_rows} 行有错误的数据，只导入其余 {len(plan.rows)} 行。继续吗？"):
            return
        self._run(lambda db, **kw: apply_import(db, plan, skip_invalid=skip_invalid, **kw), self._finished)

    def cancel(self) -> None:
        if self.worker.busy:
            self.worker.cancel()
            self.progress_label.setText("正在取消…")
            return
        self.reject()

    # --- worker ------------------------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.worker.busy

    def _run(self, step: Callable[..., Any], on_done: Callable[[Any], None]) -> None:
        self._set_busy(True)
        self.worker.start(self.db, step, on_done, self._failed, self._progress)

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.progress_label.setVisible(busy)
        self.choose_button.setEnabled(not busy)
        self.village_combo.setEnabled(not busy)
        self.accept_names_box.setEnabled(not busy)
        if busy:
            self.progress.setRange(0, 0)
            self.progress_label.setText("正在读取文件…")
            self.import_button.setEnabled(False)
            self.skip_button.setEnabled(False)
        else:
            self._update_buttons()
        self.cancel_button.setText("停止" if busy else "取消")
        self.busy_changed.emit(busy)

    def _progress(self, phase: str, done: int, total: int) -> None:
        self.progress_label.setText(f"{phase}…")
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _failed(self, message: str) -> None:
        messages.error(self, message)
        self.summary.setText(f"<span style='color:#b00020'>{message}</span>")
        if self.plan is None:
            self._clear()
        self.import_finished.emit()

    def _clear(self) -> None:
        for model in (self.columns_model, self.preview_model, self.problems_model):
            model.set_rows([])

    def _update_buttons(self) -> None:
        plan = self.plan
        can = plan is not None and bool(plan.rows) and self.result_of_import is None
        self.import_button.setEnabled(bool(can and plan and not plan.errors))
        self.skip_button.setEnabled(bool(can and plan and plan.errors))
        self.save_problems_button.setEnabled(bool(plan and plan.errors))

    # --- results -----------------------------------------------------------------------------------------------
    def _show_plan(self, plan: ImportPlan) -> None:
        self.plan = plan
        columns: list[tuple[str, ...]] = []
        unknown: set[int] = set()
        for sheet in plan.sheets:
            for c in sheet.columns:
                if c.field is None:
                    unknown.add(len(columns))
                    target = "未识别，不导入"
                else:
                    target = "（不读取）" if c.field == IGNORED else LABELS[c.field]
                columns.append((sheet.name, c.header, target))
        self.columns_model.set_rows(columns, unknown)
        keys = [k for k, _ in MEMBER_FIELDS]
        preview = []
        for r in plan.rows[:PREVIEW_ROWS]:
            values = dict(r.values, village=r.village, grid=r.grid)
            preview.append((r.sheet, str(r.row)) + tuple(_stored(values.get(k, ""), k) for k in keys))
        self.preview_model.set_rows(preview)
        self.preview_view.resizeColumnsToContents()
        self.columns_view.resizeColumnsToContents()
        # errors first (in red: they block the row), then reminders that do not stop the import
        rows = [(e.sheet, str(e.row), e.column, e.value, e.message) for e in plan.errors]
        rows += [(w.sheet, str(w.row), w.column, w.value, f"提醒（不影响导入）：{w.message}") for w in plan.warnings]
        self.problems_model.set_rows(rows, marked=set(range(len(plan.errors))))
        self.problems_view.resizeColumnsToContents()
        reminders = f"，提醒 {len(plan.warnings)}" if plan.warnings else ""
        self.tabs.setTabText(2, f"问题（{len(plan.errors)}{reminders}）")
        self.summary.setText(self._summary(plan))
        self.tabs.setCurrentIndex(2 if plan.errors else 1)
        self._update_buttons()
        self.plan_ready.emit()

    @staticmethod
    def _summary(plan: ImportPlan) -> str:
        parts = [f"读取工作表 {'、'.join(s.name for s in plan.sheets)}，共 {plan.total_rows} 行党员数据："
                 f"可导入 <b>{len(plan.rows)}</b> 行（其中 {plan.updates + plan.unchanged} 人已在系统中："
                 f"{plan.updates} 人将按文件更新，{plan.unchanged} 人与系统中相同，不改动）"]
        if plan.errors:
            parts.append(f"<span style='color:#b00020'><b>{plan.rejected_rows}</b> 行有错误"
                         f"（共 {len(plan.errors)} 处）。默认不导入任何数据；请改正后重新导入，"
                         "或选择“跳过错误行导入”。</span>")
        if plan.new_villages:
            parts.append(f"将新建村（社区）：{'、'.join(plan.new_villages)}")
        if plan.new_grids:
            more = f" 等 {len(plan.new_grids)} 个" if len(plan.new_grids) > 8 else ""
            parts.append(f"将新建网格：{'、'.join(plan.new_grids[:8])}{more}")
        if plan.ignored_columns:
            parts.append(f"未识别的列（不导入）：{'、'.join(plan.ignored_columns)}")
        if plan.ignored_sheets:
            parts.append(f"未读取的工作表：{'、'.join(plan.ignored_sheets)}")
        if plan.warnings:
            parts.append(f"另有 {len(plan.warnings)} 处提醒（不影响导入），如：{plan.warnings[0].column}“"
                         f"{plan.warnings[0].value}”{plan.warnings[0].message}")
        return "<br>".join(parts)

    def _finished(self, result: ImportResult) -> None:
        self.result_of_import = result
        self._update_buttons()
        self.import_finished.emit()
        text = f"已导入：新增 {result.imported} 名党员，更新 {result.updated} 名"
        if result.unchanged:
            text += f"，{result.unchanged} 名与系统中相同（未改动）"
        if result.skipped:
            text += f"，跳过 {result.skipped} 行有错误的数据"
        if result.created_villages:
            text += f"；新建村（社区）：{'、'.join(result.created_villages)}"
        if result.created_grids:
            text += f"；新建网格 {len(result.created_grids)} 个"
        messages.info(self, text + "。")
        self.accept()

    def save_problems(self) -> None:
        from ui.file_dialogs import dialogs, write_file
        if not self.plan or not (self.plan.errors or self.plan.warnings):
            return
        stem = Path(self.path_edit.text()).stem
        name = dialogs.save_file(self, "保存问题清单", f"{stem}-需要改正的问题.xlsx")
        if not name:
            return
        buf = io.BytesIO()
        build_problems_xlsx(self.plan.errors, buf, source=Path(self.path_edit.text()).name,
                            warnings=self.plan.warnings)
        if write_file(self, name, buf.getvalue()):
            reminders = f"和 {len(self.plan.warnings)} 处提醒" if self.plan.warnings else ""
            messages.info(self, f"已保存 {len(self.plan.errors)} 处问题{reminders}到\n{name}")

    def done(self, code: int) -> None:  # noqa: D102 - closing waits for the worker to stop
        self.worker.stop()
        super().done(code)
