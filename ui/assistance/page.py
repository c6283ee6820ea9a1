"""The 四个一帮扶 page: one row per 强基 village of the chosen year, one column per slot (the holder's name with
the work log's entry count and last date, or a red 缺), counts at the top, filters, and a double-click that edits
the slot in a dialog (a holder replaced keeps their dates in the history)."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from models import assistance as aid
from models import clock, town_filter
from models.db import LedgerDB
from ui.dialogs import run
from ui.events import DataEvents
from ui.forms import FormDialog
from ui.page import Page
from ui.town_filter import TownBox

from .classes_dialog import ClassesDialog
from .village_panel import VillagePanel

FILTERS = (("全部强基村", {}), ("缺项的村", {"missing_any": True}),
           ("驻点 30 天内到期", {"ending_within": 30}), ("驻点 60 天内到期", {"ending_within": 60}),
           ("60 天无帮扶记录", {"no_log_days": aid.NO_LOG_DAYS}))
MISSING = "缺"


class SlotDialog(FormDialog):
    """Fill, correct or replace one slot; the name field offers the people already entered."""

    def __init__(self, db: LedgerDB, village: str, year: int, kind: str, current: aid.Slot | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(f"{village} {year} 年 · {aid.KIND_NAMES[kind]}", parent)
        self.kind = kind
        self.current = current
        names = [p.name for p in aid.known_people(db, kind)]
        self.name = QLineEdit()
        self.name.setCompleter(QCompleter(sorted(set(names)), self.name))
        self.post, self.phone, self.unit, self.contact = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        self.start, self.end, self.since = QLineEdit(), QLineEdit(), QLineEdit()
        for w, hint in ((self.start, "如 2026-03-01"), (self.end, "如 2028-02-29"), (self.since, "换人时填写")):
            w.setPlaceholderText(hint)
        self.form.addRow("部门名称" if kind == "department" else "姓名", self.name)
        if kind == "department":
            self.form.addRow("联系人", self.contact)
        else:
            self.form.addRow("职务", self.post)
        self.form.addRow("联系电话", self.phone)
        if kind == "first_secretary":
            self.form.addRow("派出单位", self.unit)
            self.form.addRow("驻村开始日期", self.start)
            self.form.addRow("驻村结束日期", self.end)
        if current:
            p = current.person
            for w, v in ((self.name, p.name), (self.post, p.post), (self.phone, p.phone), (self.unit, p.unit),
                         (self.contact, p.contact), (self.start, current.posting_start),
                         (self.end, current.posting_end)):
                w.setText(v)
            self.form.addRow("换人时的接任日期", self.since)
            self.since.setText(clock.today().isoformat())
        self.name.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        self.set_problem("" if self.name.text().strip() else "请填写姓名（部门名称）")

    def person(self) -> aid.Person:
        return aid.Person(self.name.text().strip(), self.post.text(), self.phone.text(), self.unit.text(),
                          self.contact.text())

    def replaces(self) -> bool:
        return self.current is not None and self.person().name != self.current.person.name


class AssistancePage(Page):
    watches = frozenset({"village_years", "assistance_slots", "assistance_people", "assistance_logs", "villages"})

    def __init__(self, db: LedgerDB, events: DataEvents | None, parent: QWidget | None = None) -> None:
        super().__init__(db, events, parent)
        self.year = QSpinBox()
        self.year.setRange(aid.classes.MIN_YEAR, clock.today().year + 1)
        self.year.setValue(aid.class_year(db, clock.today()) or clock.today().year)
        self.year.setSuffix(" 年")
        self.day = QDateEdit()
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setCalendarPopup(True)
        self.day.setToolTip("矩阵显示这一天在岗的帮扶人（换过人的，显示当天的那一位）")
        self._set_day_range()
        self.filter = QComboBox()
        self.filter.addItems([name for name, _ in FILTERS])
        self.town = TownBox(db)  # a district's database: one town's 强基 villages
        self.town.fill()
        self.counts = QLabel()
        self.copy_button = QPushButton("复制上年帮扶安排")
        self.copy_button.clicked.connect(self.copy_last_year)
        self.classes_button = QPushButton("设置年度分类…")
        self.classes_button.clicked.connect(self.set_classes)
        top = QHBoxLayout()
        top.addWidget(self.town)
        for w in (QLabel("年度"), self.year, QLabel("查看日期"), self.day, QLabel("筛选"), self.filter):
            top.addWidget(w)
        top.addStretch(1)
        top.addWidget(self.classes_button)
        top.addWidget(self.copy_button)
        self.table = QTableWidget(0, 2 + len(aid.KINDS))
        self.table.setHorizontalHeaderLabels(["村（社区）", "星级"] + [aid.KIND_NAMES[k] for k in aid.KINDS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.cellDoubleClicked.connect(self._double_clicked)
        self.table.currentCellChanged.connect(lambda r, *_: self._selected(r))
        self.panel = VillagePanel(db, self.write)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.panel)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.counts)
        layout.addWidget(split, 1)
        self.year.valueChanged.connect(lambda _: (self._set_day_range(), self.refresh()))
        self.day.dateChanged.connect(lambda _: self.refresh())
        self.filter.currentIndexChanged.connect(lambda _: self.refresh())
        self.town.changed.connect(self.refresh)
        self.rows: list[aid.Row] = []
        self.refresh()

    def on_data_changed(self, tables: frozenset[str]) -> None:
        if "villages" in tables:
            self.town.fill()
        self.refresh()

    def refresh(self) -> None:
        town = self.town.town_key()
        m = aid.matrix(self.db, self.year.value(), dt.date.fromisoformat(self.day.date().toString("yyyy-MM-dd")),
                       town_key=town)
        labels = {} if town else town_filter.village_labels(self.db)  # two towns' namesakes told apart
        self.matrix = m
        missing = m.missing_by_kind()
        self.counts.setText(f"{m.day.isoformat()}：强基村 {m.weak} 个，四项齐全 {m.covered} 个；缺"
                            + "，缺".join(f"{aid.KIND_NAMES[k]} {missing[k]} 个" for k in aid.KINDS))
        self.rows = m.filtered(**FILTERS[self.filter.currentIndex()][1])  # type: ignore[arg-type]
        self.table.setRowCount(len(self.rows))
        red = QBrush(QColor("#c62828"))
        for r, row in enumerate(self.rows):
            self.table.setItem(r, 0, QTableWidgetItem(labels.get(row.village_id, row.village)))
            self.table.setItem(r, 1, QTableWidgetItem(f"{row.stars} 星" if row.stars else ""))
            for c, kind in enumerate(aid.KINDS, start=2):
                cell = row.cells[kind]
                if cell.person is None:
                    item = QTableWidgetItem(MISSING)
                    item.setForeground(red)
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                else:
                    log = f"{cell.entries} 条记录" + (f"，最近 {cell.last_log}" if cell.last_log else "")
                    end = f"\n驻点至 {cell.posting_end}" if cell.posting_end else ""
                    item = QTableWidgetItem(f"{cell.person.name}（{log}）{end}")
                    item.setToolTip(" ".join(x for x in (cell.person.post, cell.person.phone) if x))
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()
        if self.panel.village_id is not None:
            self.panel.show_village(self.panel.village_id, self.year.value())

    def _set_day_range(self) -> None:
        """The chosen year's days; today when it falls in the year, else the year's last day."""
        y, today = self.year.value(), clock.today()
        day = today if today.year == y else dt.date(y, 12, 31)
        self.day.blockSignals(True)
        self.day.setDateRange(QDate(y, 1, 1), QDate(y, 12, 31))
        self.day.setDate(QDate(day.year, day.month, day.day))
        self.day.blockSignals(False)

    def set_day(self, day: str) -> None:
        self.day.setDate(QDate.fromString(day, "yyyy-MM-dd"))

    def _selected(self, r: int) -> None:
        if 0 <= r < len(self.rows):
            self.panel.show_village(self.rows[r].village_id, self.year.value())

    def set_classes(self) -> None:
        year = self.year.value()
        if aid.year_classes(self.db, year) and year < self.year.maximum():
            year += 1  # this year is classed: the new year starts from it
        dialog = ClassesDialog(self.db, year, self, town_key=self.town.town_key())
        dialog.on_save = lambda: self.write(dialog, lambda: aid.set_classes(
            self.db, dialog.year.value(), dialog.rows()))
        run(dialog)

    def cell_text(self, village: str, kind: str) -> str:
        for r, row in enumerate(self.rows):
            if row.village == village:
                item = self.table.item(r, 2 + aid.KINDS.index(kind))
                return item.text() if item else ""
        raise KeyError(village)

    def _double_clicked(self, r: int, c: int) -> None:
        if c >= 2 and r < len(self.rows):
            self.edit_slot(self.rows[r].village_id, aid.KINDS[c - 2])

    def edit_slot(self, village_id: int, kind: str) -> None:
        year = self.year.value()
        row = next(x for x in self.rows if x.village_id == village_id)
        current = aid.holder(self.db, village_id, year, kind, self.matrix.day)
        dialog = SlotDialog(self.db, row.village, year, kind, current, self)

        def save() -> bool:
            person = dialog.person()
            dates = {"posting_start": dialog.start.text(), "posting_end": dialog.end.text()} \
                if kind == "first_secretary" else {}
            if current and not dialog.replaces():
                return self.write(dialog, lambda: aid.update_slot(self.db, current.id, person, **dates))
            since = dialog.since.text() if current else ""
            return self.write(dialog, lambda: aid.assign(self.db, village_id, year, kind, person, since=since,
                                                         **dates))

        dialog.on_save = save
        run(dialog)

    def copy_last_year(self) -> None:
        year = self.year.value()
        town = self.town.town_key()  # in a district's database: the chosen town's villages only
        self.write(self, lambda: aid.copy_year(self.db, year, town_key=town))
