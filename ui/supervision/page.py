"""The 监督 page: the rectification ledger with filters (village, source, status or 逾期, due within 10/20 days,
the period found in — a year or a quarter —, 误录 shown or not), counts by status and by source at the top, days
left or overdue in colour, the selected problem's progress notes, evidence files (name and size, opened from
here) and history below it, and the inspections beside it. Buttons: 新增问题, 修改, 记录进展, 添加佐证, 打开佐证,
销号, 重新打开, 标记误录/取消误录, 佐证上限, 打印台账 (the village and status chosen) and 打印记录表 (the selected
inspection)."""
from __future__ import annotations

import tempfile
from html import escape

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models import clock
from models import supervision as sv
from models.db import LedgerDB
from models.report_data import Scope
from ui import messages
from ui.dialogs import run
from ui.events import DataEvents
from ui.list_model import row_table
from ui.page import Page
from ui.permissions import allow
from ui.supervision.dialogs import EvidenceLimitDialog, ProblemDialog, ProgressDialog, ReopenDialog, iso
from ui.supervision.panels import CadresPanel, ProjectsPanel
from ui.supervision.record_dialogs import InspectionDialog
from ui.supervision.table_models import (
    EvidenceModel,
    HistoryModel,
    InspectionModel,
    LedgerModel,
    NotesModel,
    size_text,
)
from ui.town_filter import TownBox, fit_village_column, mixed_labels, refill_villages, village_choices

ALL = "全部"
INSPECTIONS_SHOWN = 300  # the latest ones beside the ledger (a district has thousands; the PDF lists any)


def open_url(url: QUrl) -> bool:
    """Hand a file to the desktop's program for it (a test replaces this)."""
    return QDesktopServices.openUrl(url)


class SupervisionPage(Page):
    watches = frozenset({"sv_problems", "sv_progress", "sv_evidence", "sv_inspections", "sv_problem_events",
                         "sv_cadres", "sv_projects", "sv_businesses", "villages", "members"})

    def __init__(self, db: LedgerDB, events: DataEvents | None, parent: QWidget | None = None) -> None:
        super().__init__(db, events, parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget()
        outer.addWidget(self.tabs)
        self.town = TownBox(db)  # a district's database: one town's ledger, cadres and projects (all three tabs)
        self.tabs.setCornerWidget(self.town)
        self.town.changed.connect(self._town_changed)
        ledger_tab = QWidget()
        layout = QVBoxLayout(ledger_tab)
        self.counts_label = QLabel()
        self.counts_label.setWordWrap(True)  # wraps rather than widening the window
        top = QHBoxLayout()
        top.addWidget(self.counts_label, 1)
        layout.addLayout(top)
        filters = QHBoxLayout()
        self.village, self.source, self.status = QComboBox(), QComboBox(), QComboBox()
        self.due, self.period = QComboBox(), QComboBox()
        self.source.addItems([ALL, *sv.SOURCES])
        self.status.addItems([ALL, *sv.STATUSES, "逾期"])
        self.due.addItems(["不限", "10 天内到期", "20 天内到期"])
        for label, box in (("村（社区）", self.village), ("来源", self.source), ("状态", self.status),
                           ("时限", self.due), ("发现时段", self.period)):
            filters.addWidget(QLabel(label))
            filters.addWidget(box)
            box.currentIndexChanged.connect(self.reload)
        self.show_mistaken = QCheckBox("显示误录")
        self.show_mistaken.toggled.connect(self.reload)
        filters.addWidget(self.show_mistaken)
        filters.addStretch(1)
        layout.addLayout(filters)
        buttons = QHBoxLayout()
        self.actions: dict[str, QPushButton] = {}
        for key, text, slot in (
                ("add", "新增问题…", self.add_problem), ("edit", "修改…", self.edit_problem),
                ("progress", "记录进展…", self.add_progress), ("evidence", "添加佐证…", self.add_evidence),
                ("open", "打开佐证", self.open_evidence), ("close", "销号…", self.close_problem),
                ("reopen", "重新打开…", self.reopen_problem), ("mistaken", "标记误录", self.mark_mistaken),
                ("print", "打印台账…", self.print_ledger), ("limit", "佐证上限…", self.set_evidence_limit)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            (top if key in ("print", "limit") else buttons).addWidget(button)
            self.actions[key] = button
        buttons.addStretch(1)
        layout.addLayout(buttons)
        split = QSplitter()
        self.model, self.inspection_model = LedgerModel(), InspectionModel()
        self.table, self.inspections = row_table(self.model), row_table(self.inspection_model)
        self.inspections.selectionModel().selectionChanged.connect(lambda *_: self._buttons())
        for column, width in ((0, 80), (1, 200), (2, 80), (3, 60), (4, 90)):
            self.table.setColumnWidth(column, width)
        for column, width in ((0, 85), (1, 70), (2, 70), (3, 120)):
            self.inspections.setColumnWidth(column, width)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selected_changed())
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.table)
        left.addWidget(self._detail_pane())
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 1)
        left.setSizes([400, 170])
        right = QWidget()
        rlayout = QVBoxLayout(right)
        rlayout.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        self.inspections_label = QLabel("监督检查记录")
        head.addWidget(self.inspections_label)
        head.addStretch(1)
        self.actions["inspection"] = QPushButton("新增检查…")
        self.actions["inspection"].clicked.connect(self.add_inspection)
        head.addWidget(self.actions["inspection"])
        self.actions["edit_inspection"] = QPushButton("修改…")
        self.actions["edit_inspection"].clicked.connect(self.edit_inspection)
        head.addWidget(self.actions["edit_inspection"])
        self.inspections.doubleClicked.connect(lambda _: self.edit_inspection())
        self.actions["print_inspection"] = QPushButton("打印记录表…")
        self.actions["print_inspection"].clicked.connect(self.print_inspection)
        head.addWidget(self.actions["print_inspection"])
        rlayout.addLayout(head)
        rlayout.addWidget(self.inspections)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([720, 280])
        layout.addWidget(split, 1)
        self.cadres = CadresPanel(db, self.write, self._villages, town=self.town.town_key)
        self.projects = ProjectsPanel(db, self.write, self._villages, town=self.town.town_key)
        self.tabs.addTab(ledger_tab, "问题整改台账")
        self.tabs.addTab(self.cadres, "村“两委”成员")
        self.tabs.addTab(self.projects, "村级工程")
        self._stale_tabs: set[QWidget] = {self.cadres, self.projects}
        self.tabs.currentChanged.connect(lambda _: self._tab_shown())
        self.mark_stale()

    def _detail_pane(self) -> QWidget:
        """Below the ledger: the selected problem's 整改进展, 佐证材料 and 状态记录."""
        pane = QWidget()
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        self.detail_label = QLabel()
        self.detail_label.setWordWrap(True)
        layout.addWidget(self.detail_label)
        self.detail_tabs = QTabWidget()
        self.notes_model, self.evidence_model, self.history_model = NotesModel(), EvidenceModel(), HistoryModel()
        self.notes_view, self.evidence_view, self.history_view = (
            row_table(m, numbered=False) for m in (self.notes_model, self.evidence_model, self.history_model))
        for view, widths in ((self.notes_view, (90,)), (self.evidence_view, ()), (self.history_view, (140, 80))):
            for column, width in enumerate(widths):
                view.setColumnWidth(column, width)
        header = self.evidence_view.horizontalHeader()  # the name takes the room, the size stays by it
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.evidence_view.setColumnWidth(1, 100)
        self.evidence_view.doubleClicked.connect(lambda _: self.open_evidence())
        for view, title in ((self.notes_view, "整改进展"), (self.evidence_view, "佐证材料"),
                            (self.history_view, "状态记录")):
            self.detail_tabs.addTab(view, title)
        layout.addWidget(self.detail_tabs, 1)
        return pane

    # -- reading -----------------------------------------------------------------------------------------------
    def on_data_changed(self, tables: frozenset[str]) -> None:
        if tables & {"villages", "sv_problems"} or not self.village.count():
            self.town.fill()
            self._fill_filters()
            self.cadres.fill_villages()
        self.reload()
        if tables & {"sv_cadres", "villages", "members"}:
            self._stale_tabs.add(self.cadres)
        if tables & {"sv_projects", "sv_businesses", "sv_cadres", "sv_problems", "villages"}:
            self._stale_tabs.add(self.projects)
        self._tab_shown()

    def _town_changed(self) -> None:
        """Another 乡镇: its villages in the village lists, its rows on every tab."""
        self._fill_filters()
        self.cadres.fill_villages()
        self.reload()
        self._stale_tabs |= {self.cadres, self.projects}
        self._tab_shown()

    def _tab_shown(self) -> None:
        """The cadre and project tabs refresh when they are the one shown (a hidden tab waits)."""
        tab = self.tabs.currentWidget()
        if tab in self._stale_tabs:
            self._stale_tabs.discard(tab)
            tab.reload()  # type: ignore[attr-defined]

    def _fill_filters(self) -> None:
        """The village list, and the periods (时段) found-on dates fall in: each year, then its quarters."""
        periods: list[tuple[str, tuple[str, str]]] = []
        for year, q in sv.found_quarters(self.db):
            if not periods or not periods[-1][0].startswith(str(year)):
                periods.append((f"{year}年", (f"{year}-01-01", f"{year}-12-31")))
            periods.append((f"{year}年第{q}季度", (f"{year}-{3 * q - 2:02d}-01",
                                                 f"{year}-{3 * q:02d}-{31 if q in (1, 4) else 30}")))
        refill_villages(self.village, self._villages(), ALL)
        current = self.period.currentText()
        self.period.blockSignals(True)
        self.period.clear()
        self.period.addItem(ALL, None)
        for text, data in periods:
            self.period.addItem(text, data)
        self.period.setCurrentIndex(max(0, self.period.findText(current)))
        self.period.blockSignals(False)

    def current_filter(self) -> sv.LedgerFilter:
        period = self.period.currentData() or ("", "")

        def pick(box: QComboBox) -> str:
            return "" if box.currentText() == ALL else box.currentText()
        return sv.LedgerFilter(village_id=self.village.currentData(), town_key=self.town.town_key(),
                               source=pick(self.source), status=pick(self.status),
                               due_within=(0, 10, 20)[max(0, self.due.currentIndex())],
                               period_from=period[0], period_to=period[1],
                               include_mistaken=self.show_mistaken.isChecked())

    def reload(self) -> None:
        self.model.labels = self.inspection_model.labels = mixed_labels(self.db, self.town.town_key())
        self.model.set_rows(sv.ledger(self.db, self.current_filter()))
        self.inspection_model.set_rows(sv.list_inspections(self.db, self.village.currentData(),
                                                           limit=INSPECTIONS_SHOWN, town_key=self.town.town_key()))
        fit_village_column(self.table, 0)
        fit_village_column(self.inspections, 1)
        capped = len(self.inspection_model.rows) == INSPECTIONS_SHOWN
        self.inspections_label.setText(f"监督检查记录（最近 {INSPECTIONS_SHOWN} 条）" if capped else "监督检查记录")
        c = sv.counts(self.db, town_key=self.town.town_key())
        status = "　".join(f"{k} {n}" for k, n in c["status"].items())
        source = "　".join(f"{k} {n}" for k, n in c["source"].items())
        self.counts_label.setText(f"<b>按状态</b>　{status}　　<b>按来源</b>　{source}"
                                  f"　　（当前列出 {len(self.model.rows)} 条）")
        self._selected_changed()

    def apply_filter(self, name: str) -> None:
        """What the window asks for when it navigates here (the home page's 整改逾期 tile: "overdue")."""
        self.tabs.setCurrentIndex(0)
        boxes = (self.village, self.source, self.due, self.period)
        for box in boxes:
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        self.status.setCurrentText({"overdue": "逾期", "open": ALL}.get(name, ALL))
        self.reload()

    def show_record(self, table: str, record_id: int) -> None:
        """A reminder's record: the problem selected in the ledger (filters cleared), or the project or cadre on
        its tab."""
        if table in ("sv_problems", "sv_progress", "sv_evidence", "sv_problem_events"):
            self.town.choose(None)  # the record may be another town's
            self.apply_filter("")
            self.select_problem(record_id)
        elif table in ("sv_projects", "sv_businesses"):
            self.town.choose(None)
            self.tabs.setCurrentWidget(self.projects)
            if table == "sv_projects":
                self.projects.select_project(record_id)
        elif table == "sv_cadres":
            self.town.choose(None)
            self.tabs.setCurrentWidget(self.cadres)
            self.cadres.select_cadre(record_id)

    def selected(self) -> sv.LedgerRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def select_problem(self, problem_id: int) -> None:
        for n, row in enumerate(self.model.rows):
            if row.id == problem_id:
                self.table.selectRow(n)
                return

    def _selected_changed(self) -> None:
        self._show_detail()
        self._buttons()

    def _show_detail(self) -> None:
        row = self.selected()
        if row is None:
            notes: list[tuple[str, str]] = []
            files: list[tuple[int, str, int]] = []
            history: list[tuple[str, str, str]] = []
            self.detail_label.setText("选中一条问题，在此查看它的整改进展、佐证材料和状态记录")
        else:
            notes = sv.get_problem(self.db, row.id).notes
            files = sv.list_evidence(self.db, row.id)
            history = sv.problem_history(self.db, row.id)
            total = sum(size for _, _, size in files)
            state = [f"{row.status}（误录）" if row.mistaken else row.status]
            state.append(f"完成日期 {row.completed_on}" if row.status == "已销号" else f"整改时限 {row.deadline}，"
                         f"{row.time_text}")
            if files:
                state.append(f"佐证材料共 {size_text(total)}")
            self.detail_label.setText(f"<b>{escape(row.village)}</b>　{escape(row.description)}"
                                      f"　（{escape('，'.join(state))}）")
        self.notes_model.set_rows(notes)
        self.evidence_model.set_rows(files)
        self.history_model.set_rows(history)
        for n, (title, rows) in enumerate((("整改进展", notes), ("佐证材料", files), ("状态记录", history))):
            self.detail_tabs.setTabText(n, f"{title}（{len(rows)}）")

    def _buttons(self) -> None:
        row = self.selected()
        allow(self.actions["add"], self.db, "edit")
        allow(self.actions["inspection"], self.db, "edit")
        for key in ("edit", "progress", "evidence", "mistaken"):
            allow(self.actions[key], self.db, "edit", row is not None)
        allow(self.actions["close"], self.db, "edit", row is not None and row.status != "已销号" and not row.mistaken)
        allow(self.actions["reopen"], self.db, "edit", row is not None and row.status == "已销号")
        self.actions["mistaken"].setText("取消误录" if row is not None and row.mistaken else "标记误录")
        self.actions["open"].setEnabled(row is not None and self.evidence_model.rowCount() > 0)
        allow(self.actions["limit"], self.db, "settings", tip="每份佐证材料的大小上限（管理员设置，默认 50 MB）")
        allow(self.actions["print"], self.db, "print", tip="把当前村（社区）和状态的问题整改台账存为 PDF")
        allow(self.actions["edit_inspection"], self.db, "edit", self.selected_inspection() is not None)
        allow(self.actions["print_inspection"], self.db, "print", self.selected_inspection() is not None,
              tip="把选中的监督检查记录存为 PDF（监督检查记录表）")

    def selected_inspection(self) -> sv.Inspection | None:
        rows = self.inspections.selectionModel().selectedRows()
        return self.inspection_model.rows[rows[0].row()] if rows else None

    # -- writing -----------------------------------------------------------------------------------------------
    def _villages(self) -> list[tuple[int, str]]:
        """The villages offered (filters and forms): the chosen 乡镇's in a district's database."""
        return village_choices(self.db, self.town.town_key())

    def add_problem(self) -> None:
        dialog = ProblemDialog(self._villages(), parent=self)
        dialog.on_save = lambda: self.write(dialog, lambda: sv.save_problem(self.db, dialog.value()),
                                             self.select_problem)
        run(dialog)

    def add_inspection(self) -> None:
        vid = self.village.currentData()
        dialog = InspectionDialog(self.db, self._villages(), vid, parent=self)
        dialog.on_save = lambda: self.write(dialog, lambda: sv.record_inspection(
            self.db, dialog.value(), dialog.problem_texts(), iso(dialog.deadline), person=dialog.person.text()))
        run(dialog)

    def edit_inspection(self) -> None:
        i = self.selected_inspection()
        if i is None or not self.actions["edit_inspection"].isEnabled():
            return
        dialog = InspectionDialog(self.db, self._villages(), parent=self, inspection=i)
        dialog.on_save = lambda: self.write(dialog, lambda: sv.save_inspection(self.db, dialog.value()),
                                             self.select_inspection)
        run(dialog)

    def select_inspection(self, inspection_id: int) -> None:
        for n, row in enumerate(self.inspection_model.rows):
            if row.id == inspection_id:
                self.inspections.selectRow(n)
                return

    def edit_problem(self) -> None:
        row = self.selected()
        if row is None:
            return
        dialog = ProblemDialog(self._villages(), sv.get_problem(self.db, row.id), parent=self)
        dialog.on_save = lambda: self.write(dialog, lambda: sv.save_problem(self.db, dialog.value()),
                                             self.select_problem)
        run(dialog)

    def add_progress(self) -> None:
        row = self.selected()
        if row is None:
            return
        dialog = ProgressDialog(row.description, parent=self)
        dialog.on_save = lambda: self.write(dialog, lambda: sv.add_progress(
            self.db, row.id, iso(dialog.day), dialog.note.toPlainText()), lambda _: self.select_problem(row.id))
        run(dialog)

    def close_problem(self) -> None:
        row = self.selected()
        if row is None:
            return
        dialog = ProgressDialog(row.description, closing=True, parent=self)
        dialog.on_save = lambda: self.write(dialog, lambda: sv.close_problem(
            self.db, row.id, iso(dialog.day), dialog.note.toPlainText()), lambda _: self.select_problem(row.id))
        run(dialog)

    def reopen_problem(self) -> None:
        row = self.selected()
        if row is None:
            return
        dialog = ReopenDialog(row.description, parent=self)
        dialog.on_save = lambda: self.write(dialog, lambda: sv.reopen_problem(
            self.db, row.id, dialog.reason.toPlainText()), lambda _: self.select_problem(row.id))
        run(dialog)

    def mark_mistaken(self) -> None:
        row = self.selected()
        if row is None:
            return
        if row.mistaken:
            if messages.confirm(self, f"取消“{row.description}”的误录标记，重新列入整改台账？"):
                self.write(self, lambda: sv.unmark_mistaken(self.db, row.id), lambda _: self.select_problem(row.id))
        elif messages.confirm(self, f"把“{row.description}”标记为误录？"
                                    "（保留记录，默认不再列出；勾选“显示误录”可查看）"):
            self.write(self, lambda: sv.mark_mistaken(self.db, row.id))

    def add_evidence(self) -> None:
        from ui.file_dialogs import dialogs
        row = self.selected()
        if row is None:
            return
        path = dialogs.open_file(self, "选择佐证材料", "所有文件 (*)")
        if path:
            self.write(self, lambda: sv.add_evidence(self.db, row.id, path), lambda _: self.select_problem(row.id))

    def print_ledger(self) -> None:
        """问题整改台账 as a PDF, for the village and status chosen above (the filters the PDF knows)."""
        vid, town = self.village.currentData(), self.town.town_key()
        status = "" if self.status.currentText() == ALL else self.status.currentText()
        where = self.village.currentText() if vid else self.town.town_name() if town else "全镇"
        scope = "-".join(x for x in (where, status) if x)
        chosen = Scope("village", vid) if vid else Scope("town", town_key=town, town_name=self.town.town_name())
        self._print("rectification", chosen, {"status": status}, f"问题整改台账-{scope}",
                    f"《问题整改台账》（{scope}）")

    def print_inspection(self) -> None:
        i = self.selected_inspection()
        if i is None:
            return
        self._print("inspection", Scope(), {"record_id": i.id}, f"监督检查记录表-{i.village}-{i.day}",
                    f"《监督检查记录表》（{i.village} {i.day} {i.source}）")

    def _print(self, kind: str, scope: Scope, extra: dict[str, object], name: str, what: str) -> None:
        import io

        from models.audit import chain_head, log_event
        from reports import fetch, render
        from reports.fonts import FontNotFound
        from reports.styles import ReportOptions
        from ui import file_dialogs
        path = file_dialogs.dialogs.save_file(self, f"保存{what}", f"{name}-{clock.today():%Y%m%d}.pdf",
                                              "PDF 文件 (*.pdf)", suffix=".pdf")
        if not path:
            return
        buf = io.BytesIO()
        try:
            pages = render(kind, fetch(self.db, kind, scope, **extra), buf, ReportOptions(log_code=chain_head(self.db)))
        except (FontNotFound, sv.SupervisionError) as exc:
            messages.error(self, str(exc))
            return
        if file_dialogs.write_file(self, path, buf.getvalue()):
            log_event(self.db, "打印报表", f"{what}{path}")
            messages.info(self, f"已保存{what}（{pages} 页）：\n{path}")

    def set_evidence_limit(self) -> None:
        dialog = EvidenceLimitDialog(round(sv.evidence_limit(self.db) / 1048576), parent=self)
        dialog.on_save = lambda: self.write(dialog, lambda: sv.set_evidence_limit(self.db, dialog.mb.value()))
        run(dialog)

    def open_evidence(self) -> None:
        """Write the chosen evidence file (the one selected below the ledger, or the only one) out of the database
        into a temporary folder and hand it to the desktop's program for it."""
        row = self.selected()
        if row is None:
            return
        files = self.evidence_model.rows
        picked = self.evidence_view.selectionModel().selectedRows()
        if not files:
            messages.info(self, "该问题还没有佐证材料")
            return
        if not picked and len(files) > 1:
            self.detail_tabs.setCurrentWidget(self.evidence_view)
            messages.info(self, "该问题有多份佐证材料：请在下方“佐证材料”中选中要打开的一份")
            return
        eid, name, _ = files[picked[0].row() if picked else 0]
        try:
            path = sv.save_evidence_copy(self.db, eid, tempfile.mkdtemp(prefix="gridledger-"))
        except OSError as exc:
            messages.error(self, f"无法取出佐证材料“{name}”：{exc.strerror or exc}")
            return
        if not open_url(QUrl.fromLocalFile(str(path))):
            messages.warn(self, f"没有可以打开“{name}”的程序。文件已取出到：{path}")
