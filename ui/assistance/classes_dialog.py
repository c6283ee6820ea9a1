"""设置年度分类: the classes and stars of every village for one year at once, starting from last year's (a village
not classed last year starts blank and is left out unless the clerk picks a class); saved in one transaction."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHeaderView, QSpinBox, QTableWidget, QTableWidgetItem, QWidget

from models import assistance as aid
from models import clock, town_filter
from models.db import LedgerDB
from ui.forms import FormDialog

UNSET = "（不设）"


class ClassesDialog(FormDialog):
    def __init__(self, db: LedgerDB, year: int, parent: QWidget | None = None, *,
                 town_key: str | None = None) -> None:
        title = "设置年度分类星级" + (f"（{town_filter.town_name(db, town_key)}）" if town_key else "")
        super().__init__(title, parent, ok_text="保存")
        self.db, self.town_key = db, town_key
        self.year = QSpinBox()
        self.year.setRange(aid.classes.MIN_YEAR, clock.today().year + 1)
        self.year.setValue(year)
        self.year.setSuffix(" 年")
        self.form.addRow("年度", self.year)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["村（社区）", "分类", "星级"])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumSize(420, 360)
        self.layout_.insertWidget(1, self.table)
        self.ids: list[int] = []
        self.year.valueChanged.connect(lambda _: self.load())
        self.load()

    def load(self) -> None:
        """This year's classes where set, else last year's (the starting point)."""
        y = self.year.value()
        now = {v.village_id: (v.klass, v.stars) for v in aid.year_classes(self.db, y)}
        start = aid.start_year_from(self.db, y, town_key=self.town_key)  # one town's villages when chosen
        names = town_filter.village_labels(self.db)  # namesakes of two towns told apart
        self.ids = [vid for vid, _, _ in start]
        self.table.setRowCount(len(start))
        for r, (vid, klass, stars) in enumerate(start):
            klass, stars = now.get(vid, (klass, stars))
            self.table.setItem(r, 0, QTableWidgetItem(names[vid]))
            box = QComboBox()
            box.addItems([UNSET, *aid.CLASSES])
            box.setCurrentText(klass or UNSET)
            self.table.setCellWidget(r, 1, box)
            spin = QSpinBox()
            spin.setRange(0, 5)
            spin.setSpecialValueText("—")
            spin.setValue(stars or 0)
            self.table.setCellWidget(r, 2, spin)

    def set_row(self, village: str, klass: str, stars: int) -> None:
        r = [self.table.item(i, 0).text() for i in range(self.table.rowCount())].index(village)
        self.table.cellWidget(r, 1).setCurrentText(klass)  # type: ignore[union-attr]
        self.table.cellWidget(r, 2).setValue(stars)  # type: ignore[union-attr]

    def rows(self) -> list[tuple[int, str, object]]:
        out: list[tuple[int, str, object]] = []
        for r, vid in enumerate(self.ids):
            klass = self.table.cellWidget(r, 1).currentText()  # type: ignore[union-attr]
            stars = self.table.cellWidget(r, 2).value()  # type: ignore[union-attr]
            if klass != UNSET:
                out.append((vid, klass, stars or None))
        return out
