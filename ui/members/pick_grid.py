"""调整网格: choose the village and grid that the selected members move to."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from models.db import LedgerDB
from models.org import list_grids, list_villages
from ui.forms import FormDialog


class PickGridDialog(FormDialog):
    """Choose the village and grid that selected members move to."""

    def __init__(self, db: LedgerDB, count: int, parent: QWidget | None = None,
                 village_id: int | None = None) -> None:
        super().__init__("调整网格", parent)
        self.db = db
        self.form.addRow(QLabel(f"把选中的 {count} 名党员调入："))
        self.village = QComboBox()
        self.village.setMinimumWidth(240)
        self.grid = QComboBox()
        for v in list_villages(db):
            self.village.addItem(v.name, v.id)
        self.village.setCurrentIndex(max(0, self.village.findData(village_id)))
        self.village.currentIndexChanged.connect(self._fill_grids)
        self.form.addRow("村（社区）", self.village)
        self.form.addRow("网格", self.grid)
        self._fill_grids()

    def _fill_grids(self) -> None:
        self.grid.clear()
        vid = self.village.currentData()
        self.grid.addItem("（未分网格）", None)
        if vid is not None:
            for g in list_grids(self.db, vid):
                self.grid.addItem(g.name, g.id)
        self.set_problem("" if vid is not None else "请先新建村（社区）")

    def target(self) -> tuple[int | None, int | None]:
        return self.grid.currentData(), self.village.currentData()

    def target_text(self) -> str:
        return self.village.currentText() + self.grid.currentText()
