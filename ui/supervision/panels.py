"""The 监督 page's other two tabs: 村"两委"成员 (the cadre list with its history; add a post, end one) and 村级工程
(projects with the related-party flag in red, the cadre-business register below; add either, and the one step
turning a flag into a problem of the ledger)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models import clock
from models import supervision as sv
from models.db import LedgerDB
from ui.dialogs import run
from ui.list_model import row_table
from ui.permissions import allow
from ui.supervision.dialogs import iso
from ui.supervision.record_dialogs import BusinessDialog, CadreDialog, DeadlineDialog, EndPostDialog, ProjectDialog
from ui.supervision.table_models import BusinessTableModel, CadreTableModel, ProjectTableModel
from ui.town_filter import fit_village_column, mixed_labels, refill_villages

ALL = "全部"
Write = Callable[..., bool]
Villages = Callable[[], list[tuple[int, str]]]
Town = Callable[[], "str | None"]  # the 乡镇 chosen on the page (a district's database), None for all


def table(model: Any) -> QTableView:
    return row_table(model, numbered=False)


def buttons(owner: Any, specs: tuple[tuple[str, str, Callable[[], None]], ...]) -> QHBoxLayout:
    row = QHBoxLayout()
    for key, text, slot in specs:
        button = QPushButton(text)
        button.clicked.connect(slot)
        row.addWidget(button)
        owner.actions[key] = button
    return row


def _all_towns() -> str | None:
    return None


class CadresPanel(QWidget):
    def __init__(self, db: LedgerDB, write: Write, villages: Villages, parent: QWidget | None = None,
                 town: Town = _all_towns) -> None:
        super().__init__(parent)
        self.db, self.write, self.villages, self.town = db, write, villages, town
        self.actions: dict[str, QPushButton] = {}
        layout = QVBoxLayout(self)
        top = buttons(self, (("add", "新增任职…", self.add_cadre), ("edit", "修改…", self.edit_cadre),
                             ("end", "离任…", self.end_post)))
        self.village = QComboBox()
        self.history = QCheckBox("显示已离任（任职历史）")
        self.history.setChecked(True)
        top.addWidget(QLabel("村（社区）"))
        top.addWidget(self.village)
        top.addWidget(self.history)
        top.addStretch(1)
        layout.addLayout(top)
        self.summary = QLabel()
        layout.addWidget(self.summary)
        self.model = CadreTableModel()
        self.table = table(self.model)
        for column, width in ((0, 90), (1, 80), (2, 90), (3, 90), (4, 90), (5, 70), (6, 55), (7, 45)):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table, 1)
        self.village.currentIndexChanged.connect(self.reload)
        self.history.toggled.connect(self.reload)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._buttons())

    def fill_villages(self) -> None:
        refill_villages(self.village, self.villages(), ALL)

    def reload(self) -> None:
        self.model.today = clock.today().isoformat()
        vid = self.village.currentData()
        rows = sv.list_cadres(self.db, vid, current_only=not self.history.isChecked(), town_key=self.town())
        self.model.labels = mixed_labels(self.db, self.town())
        self.model.set_rows(rows)
        fit_village_column(self.table, 0)
        serving = [c for c in rows if not c.end_date or c.end_date >= self.model.today]
        secretaries = {c.village_id for c in serving if c.post == "书记"}
        both = sum(1 for c in serving if c.post == "书记" and c.one_shoulder)
        self.summary.setText(f"在任 {len(serving)} 人　有书记的村 {len(secretaries)} 个　一肩挑 {both} 人")
        self._buttons()

    def selected(self) -> sv.Cadre | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def select_cadre(self, cadre_id: int) -> None:
        for n, c in enumerate(self.model.rows):
            if c.id == cadre_id:
                self.table.selectRow(n)

    def _buttons(self) -> None:
        c = self.selected()
        allow(self.actions["add"], self.db, "edit")
        allow(self.actions["end"], self.db, "edit",
              c is not None and (not c.end_date or c.end_date > clock.today().isoformat()))
        allow(self.actions["edit"], self.db, "edit", c is not None)

    def add_cadre(self) -> None:
        dialog = CadreDialog(self.db, self.villages(), self.village.currentData(), parent=self)
        dialog.on_save = lambda: self.write(dialog, lambda: sv.save_cadre(self.db, dialog.value()))
        run(dialog)

    def edit_cadre(self) -> None:
        """Correct a post's record (a typo, the wrong start date); a post that ends is 离任, not an edit."""
        c = self.selected()
        if c is None:
            return
        dialog = CadreDialog(self.db, self.villages(), parent=self, cadre=c)
        dialog.on_save = lambda: self.write(dialog, lambda: sv.save_cadre(self.db, dialog.value()),
                                            self.select_cadre)
        run(dialog)

    def end_post(self) -> None:
        c = self.selected()
        if c is None or c.id is None:
            return
        cid = c.id
        dialog = EndPostDialog(c, parent=self)
        dialog.on_save = lambda: self.write(dialog, lambda: sv.end_cadre(self.db, cid, iso(dialog.day)))
        run(dialog)


class ProjectsPanel(QWidget):
    def __init__(self, db: LedgerDB, write: Write, villages: Villages, parent: QWidget | None = None,
                 town: Town = _all_towns) -> None:
        super().__init__(parent)
        self.db, self.write, self.villages, self.town = db, write, villages, town
        self.actions: dict[str, QPushButton] = {}
        self.related: dict[int, sv.RelatedFlag] = {}
        layout = QVBoxLayout(self)
        top = buttons(self, (("add", "新增工程…", self.add_project), ("edit", "修改工程…", self.edit_project),
                             ("business", "登记经营主体…", self.add_business),
                             ("edit_business", "修改登记…", self.edit_business),
                             ("to_problem", "预警转为整改问题…", self.flag_to_problem)))
        top.addStretch(1)
        self.summary = QLabel()
        top.addWidget(self.summary)
        layout.addLayout(top)
        split = QSplitter(Qt.Orientation.Vertical)
        self.model, self.business_model = ProjectTableModel(), BusinessTableModel()
        self.table, self.businesses = table(self.model), table(self.business_model)
        for column, width in ((0, 80), (1, 120), (2, 80), (3, 180), (4, 290), (5, 100), (6, 85), (7, 85), (8, 60)):
            self.table.setColumnWidth(column, width)
        for column, width in ((0, 90), (1, 220), (2, 80), (3, 90)):
            self.businesses.setColumnWidth(column, width)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(QLabel("村干部及其近亲属经商登记（用于核对承建方）"))
        lower_layout.addWidget(self.businesses)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setSizes([380, 200])
        layout.addWidget(split, 1)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._buttons())
        self.businesses.selectionModel().selectionChanged.connect(lambda *_: self._buttons())

    def reload(self) -> None:
        projects = sv.list_projects(self.db, town_key=self.town())
        shown = {p.id for p in projects}
        self.related = {f.project_id: f for f in sv.related_party_flags(self.db) if f.project_id in shown}
        self.model.matches = {pid: f.match for pid, f in self.related.items()}
        self.model.listed = sv.projects_in_ledger(self.db)
        self.model.labels = self.business_model.labels = mixed_labels(self.db, self.town())
        self.model.set_rows(projects)
        self.business_model.set_rows(sv.list_businesses(self.db, town_key=self.town()))
        fit_village_column(self.table, 0)
        fit_village_column(self.businesses, 0)
        self.summary.setText(f"村级工程 {len(self.model.rows)} 项　关联预警 {len(self.related)} 项"
                             f"　经商登记 {len(self.business_model.rows)} 个")
        self._buttons()

    def selected(self) -> sv.Project | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def select_project(self, project_id: int) -> None:
        for n, p in enumerate(self.model.rows):
            if p.id == project_id:
                self.table.selectRow(n)

    def _buttons(self) -> None:
        p = self.selected()
        allow(self.actions["add"], self.db, "edit")
        allow(self.actions["business"], self.db, "edit")
        allow(self.actions["to_problem"], self.db, "edit",
              p is not None and p.id in self.related and p.id not in self.model.listed)
        allow(self.actions["edit"], self.db, "edit", p is not None)
        allow(self.actions["edit_business"], self.db, "edit", self.selected_business() is not None)

    def selected_business(self) -> sv.Business | None:
        rows = self.businesses.selectionModel().selectedRows()
        return self.business_model.rows[rows[0].row()] if rows else None

    def add_project(self) -> None:
        dialog = ProjectDialog(self.villages(), parent=self)
        dialog.on_save = lambda: self.write(dialog, lambda: sv.save_project(self.db, dialog.value()),
                                            self.select_project)
        run(dialog)

    def edit_project(self) -> None:
        p = self.selected()
        if p is None:
            return
        dialog = ProjectDialog(self.villages(), parent=self, project=p)
        dialog.on_save = lambda: self.write(dialog, lambda: sv.save_project(self.db, dialog.value()),
                                            self.select_project)
        run(dialog)

    def edit_business(self) -> None:
        b = self.selected_business()
        if b is None:
            return
        dialog = BusinessDialog(self.villages(), parent=self, business=b)
        dialog.on_save = lambda: self.write(dialog, lambda: sv.save_business(self.db, dialog.value()))
        run(dialog)

    def add_business(self) -> None:
        dialog = BusinessDialog(self.villages(), parent=self)
        dialog.on_save = lambda: self.write(dialog, lambda: sv.save_business(self.db, dialog.value()))
        run(dialog)

    def flag_to_problem(self) -> None:
        p = self.selected()
        if p is None or p.id not in self.related:
            return
        pid = p.id
        dialog = DeadlineDialog(self.related[pid], parent=self)
        dialog.on_save = lambda: self.write(dialog, lambda: sv.flag_to_problem(self.db, pid, iso(dialog.deadline)),
                                            lambda _: self.select_project(pid))
        run(dialog)
