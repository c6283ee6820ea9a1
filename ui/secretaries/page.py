"""The 书记备案 page: each village's current secretary with the filing state (备案 / 变更 through the filing form,
the version history of the selected one), and the 履职评估 tab (the year's indicators and weights, each
secretary's scores, weighted totals, the ranking column off unless switched on)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from models import clock
from models import secretaries as sc
from models.db import LedgerDB
from ui.dialogs import run
from ui.events import DataEvents
from ui.list_model import row_table
from ui.page import Page
from ui.town_filter import TownBox, mixed_labels

from .dialogs import FilingDialog, IndicatorsDialog, ScoresDialog
from .table_models import EvaluationTableModel, HistoryTableModel, SecretaryTableModel


class SecretariesPage(Page):
    watches = frozenset({*sc.TABLES, "sv_cadres", "members", "villages"})

    def __init__(self, db: LedgerDB, events: DataEvents | None, parent: QWidget | None = None) -> None:
        super().__init__(db, events, parent)
        self.tabs = QTabWidget()
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.town = TownBox(db)  # a district's database: one town's secretaries, on both tabs
        self.tabs.setCornerWidget(self.town)
        self.town.changed.connect(lambda: self.on_data_changed(frozenset()))
        self.tabs.addTab(self._filings_tab(), "书记备案")
        self.tabs.addTab(self._evaluation_tab(), "履职评估")
        self._evaluation_stale = True
        self.tabs.currentChanged.connect(lambda _i: self._evaluation_if_shown())
        self.mark_stale()

    # ---- 书记备案
    def _filings_tab(self) -> QWidget:
        tab = QWidget()
        v = QVBoxLayout(tab)
        bar = QHBoxLayout()
        self.file_button = QPushButton("备案 / 变更…")
        self.file_button.clicked.connect(self.file_selected)
        self.counts_label = QLabel()
        bar.addWidget(self.file_button)
        bar.addStretch(1)
        bar.addWidget(self.counts_label)
        v.addLayout(bar)
        self.model = SecretaryTableModel()
        self.table = row_table(self.model)
        self.table.doubleClicked.connect(lambda _i: self.file_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_history())
        self.history_model = HistoryTableModel()
        self.history = row_table(self.history_model)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setMinimumHeight(self.detail.fontMetrics().height() * 2 + 6)
        lower = QWidget()
        lv = QVBoxLayout(lower)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.detail)
        lv.addWidget(QLabel("备案历史（每次变更保留一版）："))
        lv.addWidget(self.history)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setSizes([380, 220])
        v.addWidget(split)
        return tab

    def selected(self) -> sc.SecretaryRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def select_cadre(self, cadre_id: int) -> None:
        for n, r in enumerate(self.model.rows):
            if r.cadre_id == cadre_id:
                self.table.selectRow(n)
                return

    def _show_history(self) -> None:
        s = self.selected()
        self.file_button.setEnabled(s is not None)
        self.history_model.set_rows(sc.filing_history(self.db, s.cadre_id) if s else [])
        if s is None:
            self.detail.setText("")
            return
        p = s.person
        facts = [f"{k}：{v}" for k, v in (("性别", p.get("gender")), ("民族", p.get("ethnicity")),
                                         ("出生日期", p.get("birth_date")), ("学历", p.get("education")),
                                         ("入党日期", p.get("join_date")), ("电话", p.get("phone"))) if v]
        source = "（个人信息取自党员档案）" if s.member_id else "（未关联党员档案：请在“监督”页的村干部名单中选择党员）"
        self.detail.setText(f"{s.village}　{s.name}　" + "　".join(facts[:3]) + "\n" + "　".join(facts[3:]) + source)

    def file_selected(self) -> None:
        s = self.selected()
        if s is None:
            return
        dialog = FilingDialog(s, parent=self)
        dialog.on_save = lambda: self.write(dialog, lambda: sc.save_filing(self.db, dialog.value()),
                                             lambda _: self.select_cadre(s.cadre_id))
        run(dialog)

    # ---- 履职评估
    def _evaluation_tab(self) -> QWidget:
        tab = QWidget()
        v = QVBoxLayout(tab)
        bar = QHBoxLayout()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(clock.today().year)
        self.year.setPrefix("评估年度 ")
        self.year.valueChanged.connect(lambda _y: self._load_evaluation())
        self.indicators_button = QPushButton("评估指标和权重…")
        self.indicators_button.clicked.connect(self.edit_indicators)
        self.scores_button = QPushButton("录入得分…")
        self.scores_button.clicked.connect(self.edit_scores)
        self.ranking = QCheckBox("显示排名")
        self.ranking.setToolTip("默认不排名（按反对形式主义的要求，排名仅在需要时显示）")
        self.ranking.toggled.connect(self._ranking_toggled)
        self.eval_note = QLabel()
        for w in (self.year, self.indicators_button, self.scores_button, self.ranking):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.eval_note)
        v.addLayout(bar)
        self.eval_model = EvaluationTableModel()
        self.eval_table = row_table(self.eval_model)
        self.eval_table.doubleClicked.connect(lambda _i: self.edit_scores())
        v.addWidget(self.eval_table)
        return tab

    def _load_evaluation(self) -> None:
        ev = sc.evaluation(self.db, self.year.value(), town_key=self.town.town_key())
        self._evaluation = ev
        self.eval_model.set_evaluation(ev.indicators, ev.rows, ev.show_ranking)
        self.ranking.blockSignals(True)
        self.ranking.setChecked(ev.show_ranking)
        self.ranking.blockSignals(False)
        done = sum(1 for r in ev.rows if r.total is not None)
        district = self.town.in_district
        for w in (self.indicators_button, self.scores_button, self.ranking):
            w.setEnabled(not district)  # the towns' sets and scores: a district looks (models.secretaries)
            w.setToolTip("汇总库中的履职评估来自各乡镇的数据包，只能查看" if district else "")
        mixed = "各乡镇的评估指标不同，每名书记按本乡镇的指标计分（选择乡镇可看各自的权重）；" if ev.mixed else ""
        default = "" if ev.saved else "（使用默认指标）"
        self.eval_note.setText(f"{mixed}{default}书记 {len(ev.rows)} 名，已评完 {done} 名")
        self.eval_table.resizeColumnsToContents()

    def _ranking_toggled(self, on: bool) -> None:
        self.write(self, lambda: sc.set_ranking(self.db, self.year.value(), on))

    def edit_indicators(self) -> None:
        year = self.year.value()
        dialog = IndicatorsDialog(year, sc.indicators(self.db, year), parent=self)
        dialog.on_save = lambda: self.write(dialog, lambda: sc.save_indicators(self.db, year, dialog.value()))
        run(dialog)

    def edit_scores(self) -> None:
        rows = self.eval_table.selectionModel().selectedRows()
        if not rows:
            return
        r = self.eval_model.rows[rows[0].row()]
        year = self.year.value()
        dialog = ScoresDialog(f"{r.village} {r.name}（{year} 年）", self.eval_model.indicators, r.scores, parent=self)
        dialog.on_save = lambda: self.write(dialog, lambda: sc.save_scores(self.db, year, r.cadre_id, dialog.value()))
        run(dialog)

    # ---- refresh
    def on_data_changed(self, tables: frozenset[str]) -> None:
        if "villages" in tables:
            self.town.fill()
        keep = self.selected()
        rows = sc.secretaries(self.db, town_key=self.town.town_key())
        self.model.labels = mixed_labels(self.db, self.town.town_key())
        self.model.set_rows(rows)
        counts = {state: sum(1 for r in rows if r.state == state) for state in (sc.FILED, sc.NOT_FILED, sc.OUTDATED)}
        self.counts_label.setText(f"现任书记 {len(rows)} 名：" + "，".join(f"{k} {v}" for k, v in counts.items()))
        self.table.resizeColumnsToContents()
        if keep is not None:
            self.select_cadre(keep.cadre_id)
        elif rows:
            self.table.selectRow(0)
        self._show_history()
        self._evaluation_stale = True
        self._evaluation_if_shown()

    def _evaluation_if_shown(self) -> None:
        """The 履职评估 tab is filled when it is shown (and again after a change), not behind the 备案 tab."""
        if self.tabs.currentIndex() == 1 and self._evaluation_stale:
            self._evaluation_stale = False
            self._load_evaluation()
