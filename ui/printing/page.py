"""报表 page: pick a form, its scope (全镇 / 一个村 / 一个网格 / 当前查询结果) and options; 预览 shows the pages in
the program, 打印 sends them to a printer chosen in the system dialog, 另存为 saves the PDF.

The data is read on the GUI thread (SQLite connections stay on their thread; a 10,000-member read takes a
fraction of a second); the PDF is built on a worker thread with page progress and a cancel button.

Start-up: the page is built when it is first shown or used (`_ensure_built`): ReportLab, the PDF renderer and the
font search load then, not before the window shows.
"""
from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, QTimer, Signal
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from models import clock, report_data
from models.audit import can_see_full_ids, chain_head, log_full_id_export
from models.db import LedgerDB
from models.entities import MemberQuery
from models.org import list_grids, list_villages
from ui import file_dialogs, messages, workers
from ui.events import DataEvents
from ui.page import Page

if TYPE_CHECKING:
    from reports.styles import ReportOptions
    from ui.printing.report_worker import ReportThread

FONT_SETTING = "reports/font_path"
SCOPES = (("town", "全镇"), ("village", "村（社区）"), ("grid", "网格"), ("query", "当前查询结果"))

_WIDGETS = frozenset(("kind_box", "scope_group", "scope_buttons", "town_box", "village_box", "grid_box", "query_label",
                      "full_id",
                      "font_label", "font_button", "preview_button", "print_button", "save_button", "progress",
                      "progress_label", "cancel_button", "status", "preview"))  # made by _build_widgets


def _load_report_modules() -> None:
    """ReportLab (through reports), pypdfium2 (the preview) and the PDF worker: loaded on the page's first use."""
    global REPORTS, reports_fetch, FontNotFound, find_cjk_font, ReportOptions, PdfPreview, new_a4_printer
    global print_pdf, ReportThread, emit
    from reports import REPORTS
    from reports import fetch as reports_fetch
    from reports.fonts import FontNotFound, find_cjk_font
    from reports.styles import ReportOptions
    from ui.printing.pdf_preview import PdfPreview, new_a4_printer, print_pdf
    from ui.printing.report_worker import ReportThread, emit


class ReportsPage(Page):
    """The 报表 page. `set_query(query)` offers the member page's current search as a scope."""
    finished = Signal(bool)  # a build ended: True when a PDF is ready

    watches = frozenset({"town", "villages", "grids", "members"})
    refresh_on_show = True  # villages and grids may have changed on another page

    def __init__(self, db: LedgerDB, parent: QWidget | None = None, *, events: DataEvents | None = None) -> None:
        super().__init__(db, events, parent)
        self.query: MemberQuery | None = None
        self.pdf: bytes | None = None
        self.pdf_key: tuple[Any, ...] | None = None
        self.people = self._pending_people = 0
        self._pending_key: tuple[Any, ...] | None = None
        self._stop_printing = False
        self.pages = 0
        self.worker: ReportThread | None = None
        self._then: str = ""
        self.printed_on: dt.date | None = None  # tests fix the date; None = today
        self.poll = QTimer(self)
        self.poll.setInterval(150)
        self.poll.timeout.connect(self._on_poll)
        self._built = False

    def __getattr__(self, name: str) -> Any:
        """The widgets (kind_box, preview …) exist once the page is built: build it on first use."""
        if name not in _WIDGETS or self.__dict__.get("_built", True):
            raise AttributeError(name)
        self._ensure_built()
        return object.__getattribute__(self, name)

    def _ensure_built(self) -> None:
        if self._built:
            return
        self._built = True
        _load_report_modules()
        self._build_widgets()
        self.refresh()
        if self.query is not None:
            self.set_query(self.query)

    # ---- widgets ---------------------------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.kind_box = QComboBox()
        for kind, spec in REPORTS.items():
            self.kind_box.addItem(spec.title, kind)
        self.scope_group = QButtonGroup(self)
        self.scope_buttons: dict[str, QRadioButton] = {}
        self.town_box = QComboBox()  # a district's database (issue 17): all its towns, or one
        self.town_box.setVisible(False)
        self.village_box = QComboBox()
        self.grid_box = QComboBox()
        self.query_label = QLabel("（在“党员”页面搜索后可用）")
        self.query_label.setWordWrap(True)
        scope_box = QGroupBox("范围")
        scope_layout = QFormLayout(scope_box)
        for i, (key, label) in enumerate(SCOPES):
            button = QRadioButton(label)
            self.scope_group.addButton(button, i)
            self.scope_buttons[key] = button
        scope_layout.addRow(self.scope_buttons["town"], self.town_box)
        scope_layout.addRow(self.scope_buttons["village"], self.village_box)
        scope_layout.addRow(self.scope_buttons["grid"], self.grid_box)
        scope_layout.addRow(self.scope_buttons["query"], self.query_label)
        self.scope_buttons["town"].setChecked(True)
        self.scope_buttons["query"].setEnabled(False)
        self.full_id = QCheckBox("显示完整公民身份号码（默认只显示前 4 位）")
        if not can_see_full_ids(self.db):
            self.full_id.setEnabled(False)
            self.full_id.setToolTip("查阅用户只能打印部分隐藏的公民身份号码")
        self.charts = QCheckBox("另附一页统计图表")
        self.charts.setToolTip("统计汇总表之后加一页图表：各村党员人数、年龄结构、学历、人员类别（与首页相同）")
        self.order_box = QComboBox()
        for key, label in report_data.ORDERS.items():
            self.order_box.addItem(label, key)
        self.order_box.setToolTip("名单中党员的排列顺序（按村、网格分组后）；正式名单常按姓氏笔画排列")
        self.font_label = QLabel("")
        self.font_label.setWordWrap(True)
        self.font_button = QPushButton("选择字体…")
        self.preview_button = QPushButton("预览")
        self.print_button = QPushButton("打印…")
        self.save_button = QPushButton("另存为…")
        self.preview_button.setDefault(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress_label = QLabel("")
        self.cancel_button = QPushButton("取消")
        self.status = QLabel("")
        self.status.setWordWrap(True)

        form = QFormLayout()
        form.addRow("报表：", self.kind_box)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(scope_box)
        options = QGroupBox("选项")
        option_layout = QVBoxLayout(options)
        option_layout.addWidget(self.full_id)
        option_layout.addWidget(self.charts)
        order_row = QHBoxLayout()
        order_row.addWidget(QLabel("姓名排列："))
        order_row.addWidget(self.order_box, 1)
        option_layout.addLayout(order_row)
        font_row = QHBoxLayout()
        font_row.addWidget(self.font_label, 1)
        font_row.addWidget(self.font_button)
        option_layout.addLayout(font_row)
        left.addWidget(options)
        buttons = QHBoxLayout()
        for b in (self.preview_button, self.print_button, self.save_button):
            buttons.addWidget(b)
        left.addLayout(buttons)
        busy = QHBoxLayout()
        busy.addWidget(self.progress, 1)
        busy.addWidget(self.cancel_button)
        left.addLayout(busy)
        left.addWidget(self.progress_label)
        left.addWidget(self.status)
        left.addStretch(1)
        panel = QWidget()
        panel.setLayout(left)
        panel.setMinimumWidth(300)
        panel.setMaximumWidth(420)
        self.preview = PdfPreview()
        splitter = QSplitter()
        splitter.addWidget(panel)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._set_busy(False)

        self.village_box.currentIndexChanged.connect(lambda _: self._fill_grids())
        self.town_box.currentIndexChanged.connect(lambda _: self.refresh())
        self.town_box.activated.connect(lambda _: self.scope_buttons["town"].setChecked(True))
        self.village_box.activated.connect(lambda _: self.scope_buttons["village"].setChecked(True))
        self.grid_box.activated.connect(lambda _: self.scope_buttons["grid"].setChecked(True))
        self.preview_button.clicked.connect(self.make_preview)
        self.print_button.clicked.connect(self.print_report)
        self.save_button.clicked.connect(self.save_report)
        self.cancel_button.clicked.connect(self.cancel)
        self.font_button.clicked.connect(self.choose_font)
        self._show_font()
        self.kind_box.currentIndexChanged.connect(lambda _: self._default_full_id())
        self._default_full_id()
        for signal in (self.kind_box.currentIndexChanged, self.town_box.currentIndexChanged,
                       self.village_box.currentIndexChanged,
                       self.grid_box.currentIndexChanged, self.scope_group.idClicked, self.full_id.toggled,
                       self.order_box.currentIndexChanged, self.charts.toggled):
            signal.connect(lambda *_: self._settings_changed())

    def _default_full_id(self) -> None:
        """The 采集表 is signed and filed: it carries the whole number (for users allowed to see it); lists
        going around the office mask it by default."""
        if self.full_id.isEnabled():
            self.full_id.setChecked(self.kind == "member-form")
        self.charts.setVisible(self.kind == "statistics")

    def refresh(self) -> None:
        """Reload the villages and grids (after the organization changed)."""
        if not self._built:
            return  # built (and filled) when first shown
        from models import exchange, town_filter
        towns = exchange.towns(self.db)
        town = self.town_box.currentData()
        self.town_box.blockSignals(True)
        self.town_box.clear()
        self.town_box.addItem("全部乡镇", None)
        for t in towns:
            self.town_box.addItem(t.name, t.town)
        self.town_box.setCurrentIndex(max(0, self.town_box.findData(town)))
        district = exchange.is_district(self.db)  # as every area's 乡镇 filter: shown in a district's database
        self.town_box.setVisible(district)
        self.town_box.blockSignals(False)
        self.scope_buttons["town"].setText("全部" if district else "全镇")
        in_town = exchange.town_villages(self.db, self.town_box.currentData()) if self.town_key() else None
        current = self.village_box.currentData()
        self.village_box.blockSignals(True)
        self.village_box.clear()
        labels = town_filter.village_labels(self.db) if in_town is None else {}  # two towns' 东村 told apart
        for v in list_villages(self.db):
            if in_town is None or v.id in in_town:
                self.village_box.addItem(labels.get(v.id, v.name), v.id)
        index = self.village_box.findData(current)
        self.village_box.setCurrentIndex(max(index, 0))
        self.village_box.blockSignals(False)
        self._fill_grids()

    def _fill_grids(self) -> None:
        vid = self.village_box.currentData()
        self.grid_box.clear()
        for g in list_grids(self.db, vid) if vid is not None else []:
            self.grid_box.addItem(g.name, g.id)

    def set_query(self, query: MemberQuery | None) -> None:
        """The members the search shows, offered as scope 当前查询结果."""
        self.query = query
        if not self._built:
            return
        button = self.scope_buttons["query"]
        button.setEnabled(query is not None)
        if query is None:
            self.query_label.setText("（在“党员”页面搜索后可用）")
            if button.isChecked():
                self.scope_buttons["town"].setChecked(True)
        else:
            self.query_label.setText(report_data.describe_scope(self.db, report_data.Scope("query", query=query)))
        self._settings_changed()

    # ---- what to build ---------------------------------------------------------------------------------------
    @property
    def kind(self) -> str:
        return str(self.kind_box.currentData())

    def scope(self) -> report_data.Scope:
        key = SCOPES[max(self.scope_group.checkedId(), 0)][0]
        if key == "village" and self.village_box.currentData() is not None:
            return report_data.Scope("village", self.village_box.currentData())
        if key == "grid" and self.grid_box.currentData() is not None:
            return report_data.Scope("grid", self.village_box.currentData(), self.grid_box.currentData())
        if key == "query" and self.query is not None:
            return report_data.Scope("query", query=self.query)
        if key == "town" and self.town_key():
            return report_data.Scope("town", town_key=self.town_key(), town_name=self.town_box.currentText())
        return report_data.Scope()

    def town_key(self) -> str | None:
        """The one town of a district's database chosen beside 全部, else None."""
        return self.town_box.currentData() if not self.town_box.isHidden() else None

    def font_setting(self) -> str | None:
        value = QSettings().value(FONT_SETTING, "")
        return str(value) if value else None

    def options(self) -> ReportOptions:
        return ReportOptions(full_id=self.full_id.isChecked() and self.full_id.isEnabled(),
                             printed_on=self.printed_on, font_path=self.font_setting(),
                             log_code=chain_head(self.db),  # 日志校验码 in the footer
                             charts=self.kind == "statistics" and self.charts.isChecked())

    def _show_font(self) -> None:
        try:
            font = find_cjk_font(self.font_setting())
        except FontNotFound as exc:
            self.font_label.setText("字体：未找到可嵌入的中文字体")
            self.font_label.setToolTip(str(exc))
            self.font_label.setStyleSheet("color: #b00020;")
            return
        self.font_label.setText(f"字体：{font.path.name}（嵌入 PDF）")
        self.font_label.setToolTip(str(font.path))
        self.font_label.setStyleSheet("")

    def ask_font_path(self) -> str:
        """The open dialog for a font file; '' when the clerk cancels. Tests replace this."""
        return file_dialogs.open_file(self, "选择嵌入 PDF 的中文字体", "TrueType 字体 (*.ttf *.ttc)")

    def choose_font(self) -> None:
        path = self.ask_font_path()
        if not path:
            return
        try:
            find_cjk_font(path)
        except FontNotFound as exc:
            messages.error(self, str(exc))
            return
        QSettings().setValue(FONT_SETTING, path)
        self._show_font()
        self._settings_changed()

    def _key(self) -> tuple[Any, ...]:
        return (self.kind, self.scope(), self.options(), self.order())

    def order(self) -> str:
        """The name order of the lists: "pinyin" or "strokes" (按姓氏笔画)."""
        return str(self.order_box.currentData() or "pinyin")

    def _settings_changed(self) -> None:
        if self.pdf is not None and self.pdf_key != self._key():
            self.status.setText("设置已更改，请重新预览。")

    # ---- building --------------------------------------------------------------------------------------------
    def _set_busy(self, busy: bool) -> None:
        shown: tuple[QWidget, ...] = (self.progress, self.cancel_button, self.progress_label)
        for w in shown:
            w.setVisible(busy)
        enabled: tuple[QWidget, ...] = (self.preview_button, self.print_button, self.save_button, self.kind_box)
        for w in enabled:
            w.setEnabled(not busy)

    def make_preview(self, then: str = "") -> None:
        """Start building the PDF for the current settings; `then` ('print'/'save') continues when ready."""
        if self.worker is not None:
            return
        self._then = then if isinstance(then, str) else ""
        scope = self.scope()
        try:
            data = reports_fetch(self.db, self.kind, scope, today=self.printed_on, order=self.order())
        except (report_data.ScopeError, ValueError) as exc:
            messages.error(self, str(exc))
            return
        self._pending_key = self._key()
        self._pending_people = report_data.person_count(data)
        self.worker = ReportThread(self.kind, data, self.options(), self)
        self.worker.finished.connect(self._on_thread_finished)
        self.progress_label.setText("正在生成…")
        if not self.preview.page_count:  # not "尚未生成预览" while it is being made
            self.preview.set_pdf(None, "正在生成预览……")
        self._set_busy(True)
        if not workers.start(self.worker, self.worker.cancel):  # the window is closing
            self.worker, self._then = None, ""
            self._set_busy(False)
            return
        self.poll.start()

    def _on_poll(self) -> None:
        if self.worker is not None and self.worker.page and not self.worker.cancelled:
            self.progress_label.setText(f"正在生成第 {self.worker.page} 页…")

    def _on_built(self, pdf: bytes, pages: int) -> None:
        self.pdf, self.pages, self.pdf_key = pdf, pages, self._pending_key
        self.people = self._pending_people
        self.preview.set_pdf(pdf)
        self.status.setText(f"《{REPORTS[self.kind].title}》（{self._scope_text()}）共 {pages} 页")

    def _on_failed(self, text: str) -> None:
        self.pdf = None
        self.preview.set_pdf(None, "未能生成报表。")
        messages.error(self, text)

    def _on_cancelled(self) -> None:
        self.status.setText("已取消生成。")
        if not self.preview.page_count:
            self.preview.set_pdf(None, "已取消生成。请重新点击“预览”。")

    def _on_thread_finished(self) -> None:
        worker, self.worker = self.worker, None
        self.poll.stop()
        if worker is None:
            return
        worker.deleteLater()
        self._set_busy(False)
        if worker.pdf is not None:
            self._on_built(worker.pdf, worker.pages)
        elif worker.cancelled:
            self._on_cancelled()
        else:
            self._on_failed(worker.error)
        then, self._then = self._then, ""
        ready = self.pdf is not None and self.pdf_key == self._key()
        if ready and then == "print":
            self.print_report()
        elif ready and then == "save":
            self.save_report()
        emit(self.finished, ready)

    def cancel(self) -> None:
        self._stop_printing = True
        if self.worker is not None:
            self.progress_label.setText("正在取消…")
            self.worker.cancel()

    def wait(self) -> None:
        if self.worker is not None:
            self.worker.wait()
            QApplication.processEvents()

    def _scope_text(self) -> str:
        return report_data.describe_scope(self.db, self.scope())

    def _ready(self, then: str) -> bool:
        """True when the PDF matches the current settings; otherwise build it first and continue after."""
        if self.pdf is not None and self.pdf_key == self._key():
            return True
        self.make_preview(then)
        return False

    # ---- print / save ----------------------------------------------------------------------------------------
    def ask_printer(self) -> QPrinter | None:
        """The system print dialog (A4); None when the clerk cancels. Tests replace this."""
        printer = new_a4_printer()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("打印报表")
        dialog.setMinMax(1, max(self.pages, 1))
        return printer if dialog.exec() == QPrintDialog.DialogCode.Accepted else None

    def print_report(self) -> None:
        if not self._ready("print"):
            return
        self._stop_printing = False
        printer = self.ask_printer()
        if printer is None or self.preview.pages is None:
            return
        self._set_busy(True)

        def progress(done: int, total: int) -> bool:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.progress_label.setText(f"正在打印第 {done} 页，共 {total} 页…")
            QApplication.processEvents()  # keeps the window painting and the 取消 button working
            return not self._stop_printing
        try:
            sent = print_pdf(self.preview.pages, printer, progress)
        except OSError as exc:
            messages.error(self, str(exc))
            return
        finally:
            self.progress.setRange(0, 0)
            self._set_busy(False)
        self._log_full_ids("打印")
        stopped = "已取消打印，" if self._stop_printing else ""
        self.status.setText(f"{stopped}已送打印机 {sent} 页。")

    def ask_save_path(self) -> str:
        """The save dialog; '' when the clerk cancels. Tests replace this."""
        name = f"{REPORTS[self.kind].title}-{self._scope_text()}-{(self.printed_on or clock.today()):%Y%m%d}.pdf"
        return file_dialogs.save_file(self, "另存为 PDF", name, "PDF 文件 (*.pdf)")

    def save_report(self) -> None:
        if not self._ready("save"):
            return
        path = self.ask_save_path()
        if not path or self.pdf is None:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        try:
            with open(path, "wb") as f:
                f.write(self.pdf)
        except OSError as exc:
            messages.error(self, f"无法保存到 {path}：{exc.strerror or exc}")
            return
        self._log_full_ids(f"另存为 {os.path.basename(path)}")
        self.status.setText(f"已保存：{path}（{self.pages} 页）")

    def _log_full_ids(self, how: str) -> None:
        """A printout or file holding full identity numbers goes into the audit trail."""
        if self.pdf_key is not None and self.pdf_key[2].full_id and self.people:
            log_full_id_export(self.db, f"{REPORTS[self.kind].title}（{how}）", self.people)

    def on_data_changed(self, tables: frozenset[str]) -> None:
        if not self._built:
            self._ensure_built()
        self.refresh()  # villages and grids may have changed on another page

    def closeEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        self.cancel()
        self.wait()
        super().closeEvent(event)
