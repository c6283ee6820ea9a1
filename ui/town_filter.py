"""The 乡镇 filter of the area pages in a district's database (issue 17): 全部乡镇, then each town the district
registered. Shown only in a district's database (hidden in a town's, where there is nothing to choose); the page
lists the chosen town's villages and rows, read through models.town_filter and the areas' read functions."""
from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTableView, QWidget

from models import town_filter
from models.db import LedgerDB

ALL_TOWNS = "全部乡镇"


class TownBox(QWidget):
    """A label 乡镇 and its combo; `changed` when the clerk picks another town (not when refilled)."""
    changed = Signal()

    def __init__(self, db: LedgerDB, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.combo = QComboBox()
        self.combo.setObjectName("town")
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel("乡镇")
        layout.addWidget(self.label)
        layout.addWidget(self.combo)
        self.combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.in_district = False  # a district's database (set by fill)
        self.setVisible(False)

    def fill(self) -> None:
        """The towns as the database has them now, keeping the choice; visible only in a district's database."""
        from models import exchange
        current = self.combo.currentData()
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(ALL_TOWNS, None)
        for t in town_filter.choices(self.db):
            self.combo.addItem(t.name, t.key)
        self.combo.setCurrentIndex(max(0, self.combo.findData(current)))
        self.combo.blockSignals(False)
        self.in_district = exchange.is_district(self.db)
        self.setVisible(self.in_district)
        if current != self.combo.currentData():
            self.changed.emit()  # the chosen town is gone (a new file opened on the page)

    def town_key(self) -> str | None:
        """The chosen town's key; None for 全部乡镇 (and always in a town's database)."""
        value = self.combo.currentData()
        return str(value) if value else None

    def town_name(self) -> str:
        return self.combo.currentText() if self.town_key() else ""

    def choose(self, town_key: str | None) -> bool:
        """Pick a town by its key (None: 全部乡镇), as the clerk would; False when it is not offered."""
        index = self.combo.findData(town_key) if town_key else 0
        if index < 0:
            return False
        self.combo.setCurrentIndex(index)
        return True


def village_choices(db: LedgerDB, town_key: str | None) -> list[tuple[int, str]]:
    """(id, name) of the villages a page offers: the chosen town's, or every village with the names of two
    towns' namesakes told apart (“东村（院上镇）”)."""
    if town_key:  # one town's villages: their names are unique among them
        return [(v.id, v.name) for v in town_filter.villages(db, town_key)]
    labels = town_filter.village_labels(db)
    return [(v.id, labels.get(v.id, v.name)) for v in town_filter.villages(db)]


def refill_villages(combo: QComboBox, villages: list[tuple[int, str]], all_label: str = "全部") -> None:
    """Refill a village choice (first `all_label`, then each (id, name)) keeping the chosen village by key — two
    towns of a district may each have a 东村 — without emitting a change on the way."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(all_label, None)
    for vid, name in villages:
        combo.addItem(name, vid)
    combo.setCurrentIndex(max(0, combo.findData(current)) if current is not None else 0)
    combo.blockSignals(False)


def mixed_labels(db: LedgerDB, town_key: str | None) -> dict[int, str]:
    """For rows of every town (全部乡镇): {village id: label} telling two towns' namesakes apart; {} when one
    town is chosen (its names are unique) — a table's `labels`."""
    return {} if town_key else town_filter.village_labels(db)


class VillageNames:
    """Mixed into a table model whose rows have village_id and village: `village_name(row)` is the row's village
    as a list mixing towns shows it. The page sets `labels` (mixed_labels) before it sets the rows."""
    labels: Mapping[int, str] = MappingProxyType({})

    def village_name(self, row: Any) -> str:
        return self.labels.get(getattr(row, "village_id", -1), row.village)


def fit_village_column(view: QTableView, column: int, most: int = 170) -> None:
    """Widen a table's village column to its labels when a row reads 东村（院上镇） (a set width would cut it to
    东村…); otherwise the width stays as the page set it."""
    model = view.model()
    if not isinstance(model, VillageNames) or not any(
            model.village_name(row) != row.village for row in getattr(model, "rows", [])):
        return
    view.resizeColumnToContents(column)
    view.setColumnWidth(column, min(view.columnWidth(column), most))
