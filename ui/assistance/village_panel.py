"""The village's panel on the 四个一帮扶 page: its class and stars over the years (a table and a small pyqtgraph bar
chart, one bar per year coloured by class) and its work log (帮扶记录) with 添加帮扶记录… (a FormDialog saved through
the write helper, so a refusal keeps it open). pyqtgraph loads only when the first village is shown."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models import assistance as aid
from models import clock
from models.db import LedgerDB
from ui.dialogs import run
from ui.forms import FormDialog

CLASS_COLORS = {"示范": "#2c7fb8", "创优": "#41ab5d", "强基": "#c0392b"}
LOG_HEADER = ("日期", "帮扶人", "方式", "了解情况", "办理事项", "资金项目", "结果", "需镇街协调")


def _table(headers: tuple[str, ...]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(list(headers))
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def _fill(t: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    t.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            t.setItem(r, c, QTableWidgetItem(text))


class StarsChart(QWidget):
    """Stars per year as bars, each coloured by that year's class (示范 blue, 创优 green, 强基 red)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        import pyqtgraph as pg
        self._pg = pg
        self.plot = pg.PlotWidget(background="w")
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.setYRange(0, 5.5, padding=0)
        self.plot.getAxis("left").setTicks([[(i, f"{i}星") for i in range(1, 6)]])
        for name in ("left", "bottom"):
            self.plot.getAxis(name).setTextPen("#333")
            self.plot.getAxis(name).setPen("#999")
        self.plot.setFixedHeight(150)
        self.items: list[Any] = []
        self.shown: list[tuple[int, str, int]] = []
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.plot)

    def set_history(self, history: list[aid.VillageYear]) -> None:
        for item in self.items:
            self.plot.removeItem(item)
        self.items = []
        self.shown = [(h.year, h.klass, h.stars or 0) for h in history]
        for year, klass, stars in self.shown:
            item = self._pg.BarGraphItem(x=[year], height=[stars], width=0.6, pen=None,
                                         brush=self._pg.mkBrush(CLASS_COLORS.get(klass, "#999")))
            self.plot.addItem(item)
            self.items.append(item)
        years = [y for y, _, _ in self.shown] or [clock.today().year]
        self.plot.setXRange(min(years) - 0.7, max(years) + 0.7, padding=0)
        self.plot.getAxis("bottom").setTicks([[(y, f"{y}{k}") for y, k, _ in self.shown]])


class LogDialog(FormDialog):
    """One work-log entry for a slot the village has this year."""

    def __init__(self, slots: list[aid.Slot], parent: QWidget | None = None) -> None:
        super().__init__(f"{slots[0].village} · 添加帮扶记录", parent)
        self.slots = slots
        self.slot = QComboBox()
        for s in slots:
            self.slot.addItem(f"{s.kind_name}：{s.person.name}", s.id)
        self.day = QDateEdit(QDate.fromString(clock.today().isoformat(), "yyyy-MM-dd"))
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setCalendarPopup(True)
        self.form_ = QComboBox()
        self.form_.addItems(list(aid.FORMS))
        self.learned, self.action, self.funds, self.amount, self.outcome = (QLineEdit() for _ in range(5))
        self.amount.setPlaceholderText("可不填")
        self.needs_town = QCheckBox("需镇街协调")
        for label, w in (("帮扶人", self.slot), ("日期", self.day), ("方式", self.form_), ("了解情况", self.learned),
                         ("办理事项", self.action), ("资金项目", self.funds), ("金额", self.amount),
                         ("结果", self.outcome), ("", self.needs_town)):
            self.form.addRow(label, w)
        self.action.textChanged.connect(self._check)
        self.learned.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        empty = not (self.learned.text().strip() or self.action.text().strip())
        self.set_problem("请填写了解情况或办理事项" if empty else "")

    def entry(self) -> dict[str, Any]:
        return {"slot_id": int(self.slot.currentData()), "day": self.day.date().toString("yyyy-MM-dd"),
                "form": self.form_.currentText(), "learned": self.learned.text(), "done": self.action.text(),
                "funds": self.funds.text(), "amount": self.amount.text().strip() or None,
                "result": self.outcome.text(), "needs_town": self.needs_town.isChecked()}


class VillagePanel(QWidget):
    """The selected village: class/stars history (table and chart) and the year's work log."""

    def __init__(self, db: LedgerDB, write: Callable[[QWidget, Callable[[], object]], bool],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.write = write
        self.village_id: int | None = None
        self.year = clock.today().year
        self.title = QLabel("选择上表中的一个村，查看其历年分类星级和帮扶记录")
        self.title.setStyleSheet("font-weight: bold;")
        self.history = _table(("年度", "分类", "星级", "评定日期", "备注"))
        self.history.setMaximumHeight(140)
        self.chart: StarsChart | None = None
        self.logs = _table(LOG_HEADER)
        self.add_button = QPushButton("添加帮扶记录…")
        self.add_button.clicked.connect(self.add_log)
        self.add_button.setEnabled(False)
        self.left = QVBoxLayout()
        self.left.addWidget(QLabel("历年分类星级"))
        self.left.addWidget(self.history)
        self.left.addStretch(1)  # the chart goes above it once a village is shown
        right = QVBoxLayout()
        head = QHBoxLayout()
        self.log_label = QLabel("帮扶记录")
        head.addWidget(self.log_label)
        head.addStretch(1)
        head.addWidget(self.add_button)
        right.addLayout(head)
        right.addWidget(self.logs)
        body = QHBoxLayout()
        body.addLayout(self.left, 2)
        body.addLayout(right, 3)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.title)
        lay.addLayout(body)

    def show_village(self, village_id: int | None, year: int) -> None:
        self.village_id, self.year = village_id, year
        if village_id is None:
            self.add_button.setEnabled(False)
            return
        if self.chart is None:
            self.chart = StarsChart()
            self.left.insertWidget(2, self.chart)
            self.chart.show()  # the layout would show it only on the next event loop turn
        history = aid.village_history(self.db, village_id)
        name = self.db.execute("SELECT name FROM villages WHERE id = ?", [village_id]).fetchone()[0]
        self.title.setText(f"{name}：历年分类星级与 {year} 年帮扶记录")
        _fill(self.history, [(str(h.year), h.klass, f"{h.stars} 星" if h.stars else "", h.decided_on, h.note)
                             for h in reversed(history)])
        self.chart.set_history(history)
        logs = aid.village_logs(self.db, village_id, year)
        self.log_label.setText(f"{year} 年帮扶记录 {len(logs)} 条")
        _fill(self.logs, [(e.day, f"{s.person.name}（{s.kind_name}）", e.form, e.learned, e.done,
                           e.funds + (f" {e.amount:g}" if e.amount is not None else ""), e.result,
                           "是" if e.needs_town else "") for s, e in reversed(logs)])
        self.add_button.setEnabled(bool(self.current_slots()))

    def current_slots(self) -> list[aid.Slot]:
        if self.village_id is None:
            return []
        slots = [s for s in aid.slot_history(self.db, self.village_id, self.year) if s.status == "在任"]
        return sorted(slots, key=lambda s: aid.KINDS.index(s.kind))

    def add_log(self) -> None:
        slots = self.current_slots()
        if not slots:
            return
        dialog = LogDialog(slots, self)
        dialog.on_save = lambda: self.write(dialog, lambda: aid.add_log(self.db, **dialog.entry()))
        run(dialog)
