"""Small dialogs of the organization chain: edit a village (村/社区), edit a grid (网格), pick a village (move a
grid, merge villages). They edit a value; the caller writes it."""
from __future__ import annotations

import re
from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from models import codes
from models.db import LedgerDB
from models.entities import Grid, Town, Village
from models.org import county_warning, default_org_name, list_villages, natural_villages, split_names
from ui.forms import FormDialog


class VillageDialog(FormDialog):
    """New or edited village: name, Party org type, its full name, 12-digit statistical code."""

    def __init__(self, db: LedgerDB, village: Village | None = None, parent: QWidget | None = None) -> None:
        super().__init__("编辑村（社区）" if village else "新建村（社区）", parent)
        self.db, self.village = db, village or Village(0, "")
        self.name = QLineEdit(self.village.name)
        self.name.setPlaceholderText("如 院上村、龙泉社区")
        self.org_type = QComboBox()
        self.org_type.addItems(list(codes.village_org_types()))
        self.org_type.setCurrentText(self.village.org_type)
        self.org_name = QLineEdit(self.village.org_name)
        self.org_name.setMinimumWidth(280)
        self.stat_code = QLineEdit(self.village.stat_code)
        self.stat_code.setPlaceholderText("12 位统计用区划代码，可不填")
        self.natural = QLineEdit("、".join(natural_villages(db, self.village.id)) if self.village.id else "")
        self.natural.setPlaceholderText("合并村的自然村，用顿号分隔，可不填")
        for label, w in (("名称", self.name), ("党组织类型", self.org_type), ("党组织全称", self.org_name),
                         ("统计用区划代码", self.stat_code), ("自然村", self.natural)):
            self.form.addRow(label, w)
        for w in (self.name, self.org_name, self.stat_code):
            w.textChanged.connect(self.check)
        self.org_type.currentTextChanged.connect(self.check)
        self.check()

    def check(self) -> None:
        self.org_name.setPlaceholderText(default_org_name(self.db, self.name.text().strip(),
                                                          self.org_type.currentText()) + "（留空自动生成）")
        code = self.stat_code.text().strip()
        if not self.name.text().strip():
            self.set_problem("请填写村（社区）名称")
        elif code and not re.fullmatch(r"\d{12}", code):
            self.set_problem(f"统计用区划代码“{code}”应为 12 位数字")
        else:
            self.set_problem("")

    def value(self) -> Village:
        return replace(self.village, name=self.name.text().strip(), org_type=self.org_type.currentText(),
                       org_name=self.org_name.text().strip(), stat_code=self.stat_code.text().strip())

    def natural_names(self) -> list[str]:
        return split_names(self.natural.text())


class GridDialog(FormDialog):
    """New or edited grid: name, 网格长, 网格员, 户数, 人口数, range, Party org type and name."""

    def __init__(self, db: LedgerDB, grid: Grid, parent: QWidget | None = None, village_name: str = "") -> None:
        super().__init__(f"编辑网格 — {village_name}" if grid.id else f"新建网格 — {village_name}", parent)
        self.grid = grid
        self.name = QLineEdit(grid.name)
        self.name.setPlaceholderText("如 第一网格")
        self.leader = QLineEdit(grid.leader)
        self.workers = QLineEdit(grid.workers)
        self.workers.setPlaceholderText("多人用顿号分隔")
        self.households = QSpinBox()
        self.households.setRange(0, 99999)
        self.households.setValue(grid.households)
        self.population = QSpinBox()
        self.population.setRange(0, 999999)
        self.population.setValue(grid.population)
        self.area = QLineEdit(grid.area_desc)
        self.area.setPlaceholderText("如 村东片，1–3 组")
        self.area.setMinimumWidth(280)
        self.org_type = QComboBox()
        self.org_type.addItems(list(codes.grid_org_types()))
        self.org_type.setCurrentText(grid.org_type)
        self.org_name = QLineEdit(grid.org_name)
        for label, w in (("名称", self.name), ("网格长", self.leader), ("网格员", self.workers),
                         ("户数", self.households), ("人口数", self.population), ("网格范围", self.area),
                         ("网格党组织类型", self.org_type), ("网格党组织名称", self.org_name)):
            self.form.addRow(label, w)
        self.name.textChanged.connect(self.check)
        self.check()

    def check(self) -> None:
        self.set_problem("" if self.name.text().strip() else "请填写网格名称")

    def value(self) -> Grid:
        return replace(self.grid, name=self.name.text().strip(), leader=self.leader.text().strip(),
                       workers=self.workers.text().strip(), households=self.households.value(),
                       population=self.population.value(), area_desc=self.area.text().strip(),
                       org_type=self.org_type.currentText(), org_name=self.org_name.text().strip())


class PickVillageDialog(FormDialog):
    """Choose a village other than `exclude` (move a grid there, or the surviving village of a merge)."""

    def __init__(self, db: LedgerDB, title: str, prompt: str, exclude: int | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        note = QLabel(prompt)
        note.setWordWrap(True)
        self.form.addRow(note)
        self.village = QComboBox()
        self.village.setMinimumWidth(240)
        for v in list_villages(db):
            if v.id != exclude:
                self.village.addItem(v.name, v.id)
        self.form.addRow("村（社区）", self.village)
        self.set_problem("" if self.village.count() else "没有可选的其他村（社区）")

    def village_id(self) -> int | None:
        return self.village.currentData()


class TownDialog(FormDialog):
    """镇（街道）信息: the name and codes on every report header (administrators; audited by save_town)."""

    def __init__(self, town: Town, parent: QWidget | None = None) -> None:
        super().__init__("镇（街道）信息", parent)
        self.name = QLineEdit(town.name)
        self.county = QLineEdit(town.county_code)
        self.county.setPlaceholderText("6 位，如 370285（莱西市）")
        self.town_code = QLineEdit(town.town_code)
        self.town_code.setPlaceholderText("9 位，可不填")
        self.note = QLabel()
        self.note.setStyleSheet("color: #a05a00;")
        self.note.setWordWrap(True)
        for label, w in (("名称", self.name), ("县级行政区划代码", self.county), ("乡镇代码", self.town_code)):
            self.form.addRow(label, w)
            w.textChanged.connect(self.check)
        self.form.addRow("", self.note)
        self.check()

    def check(self) -> None:
        name, county, code = self.name.text().strip(), self.county.text().strip(), self.town_code.text().strip()
        problem = ("请填写镇（街道）名称" if not name else
                   "县级行政区划代码应为 6 位数字" if not re.fullmatch(r"\d{6}", county) else
                   "乡镇代码应为 9 位数字（或不填）" if code and not re.fullmatch(r"\d{9}", code) else "")
        self.set_problem(problem)
        self.note.setText((county_warning(county) or "") if not problem else "")

    def value(self) -> tuple[str, str, str]:
        return self.name.text().strip(), self.county.text().strip(), self.town_code.text().strip()
