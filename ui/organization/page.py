"""The 组织 page: the tree 镇 → 村 → 网格 with 在册 member counts, the toolbar and context menu that create,
edit, move and merge, a detail panel for the selected node, and the organization warnings (shown, not blocking)."""
from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QPoint, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QShowEvent, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMenu,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from models.audit import PermissionDenied
from models.db import LedgerDB
from models.entities import Grid, TreeCounts
from models.org import (
    OrgError,
    add_grid,
    add_village,
    get_grid,
    get_town,
    get_village,
    list_grids,
    list_villages,
    merge_villages,
    move_grid,
    natural_villages,
    org_warnings,
    tree_counts,
    update_grid,
    update_village,
)
from ui import messages
from ui.dialogs import run
from ui.events import DataEvents
from ui.members.page import NO_GRID
from ui.members.table_models import ID_ROLE, KIND_ROLE, build_org_tree
from ui.organization.dialogs import GridDialog, PickVillageDialog, VillageDialog

WARN_STYLE = "color: #a05a00;"


class OrgPage(QWidget):
    show_members = Signal(object, object)  # village_id, grid_id

    def __init__(self, db: LedgerDB, events: DataEvents, parent: QWidget | None = None, *,
                 defer: bool = False) -> None:
        """defer: build the tree only when the page is first shown, and after a change only while it is
        visible (at 100,000 members the tree has thousands of nodes: it should not slow down start-up)."""
        super().__init__(parent)
        self.db, self.events = db, events
        self.model = QStandardItemModel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.toolbar = QToolBar()
        self.actions_: dict[str, QAction] = {}
        for key, text, slot in (("new_village", "新建村", self.new_village), ("new_grid", "新建网格", self.new_grid),
                                ("edit", "重命名/编辑", self.edit_node),
                                ("move_grid", "移动网格到其他村", self.move_grid),
                                ("merge", "合并村", self.merge_village), ("members", "查看党员", self.open_members)):
            self.actions_[key] = self._action(text, slot)
            self.toolbar.addAction(self.actions_[key])
        layout.addWidget(self.toolbar)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._menu)
        self.tree.doubleClicked.connect(lambda _i: self.edit_node())
        self.splitter.addWidget(self.tree)
        self.detail = QWidget()
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([440, 660])
        layout.addWidget(self.splitter)
        self._build_detail()
        self.lazy, self.stale = defer, True
        events.organization_changed.connect(self._changed)
        events.records_changed.connect(self._changed)
        events.town_changed.connect(self._changed)
        self.counts, self.villages, self.grids, self.warning_list = TreeCounts(0), [], [], []
        if not defer:
            self.refresh()

    def _changed(self) -> None:
        if self.lazy and not self.isVisible():
            self.stale = True
        else:
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        if self.stale:
            self.refresh()
        super().showEvent(event)

    def _action(self, text: str, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_detail(self) -> None:
        box = QVBoxLayout(self.detail)
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 16px; font-weight: bold;")
        box.addWidget(self.title)
        self.facts = QLabel()
        self.facts.setTextFormat(Qt.TextFormat.RichText)
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(self.facts)
        self._fact_rows: list[tuple[str, str]] = []
        self.grid_table = QTableWidget(0, 6)
        self.grid_table.setHorizontalHeaderLabels(["网格", "网格长", "网格员", "户数", "人口数", "在册党员"])
        self.grid_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid_table.verticalHeader().hide()
        self.grid_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.grid_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        box.addWidget(self.grid_table, 1)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(WARN_STYLE)
        box.addWidget(self.warnings)
        box.addStretch(0)
        self.tree.selectionModel().currentChanged.connect(lambda *_: self.show_detail())

    # ---- tree ---------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.stale = False
        kind, ident = self.current()
        self.counts = tree_counts(self.db)
        self.villages = list_villages(self.db)
        self.grids = list_grids(self.db)
        self.warning_list = org_warnings(self.db)
        selection = self.tree.selectionModel()
        selection.blockSignals(True)  # one detail refresh after the rebuild, not one per reset step
        build_org_tree(self.model, get_town(self.db), self.villages, self.grids, self.counts)
        self.tree.expand(self.model.index(0, 0))
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        if not self.select(kind, ident):
            self.tree.setCurrentIndex(self.model.index(0, 0))
        selection.blockSignals(False)
        self.show_detail()

    def current(self) -> tuple[str, int | None]:
        index = self.tree.currentIndex()
        if not index.isValid():
            return "town", None
        return index.data(KIND_ROLE), index.data(ID_ROLE)

    def select(self, kind: str, ident: int | None) -> bool:
        """Make a node current (and show its detail); False when there is no such node."""
        hits = self.model.match(self.model.index(0, 0), ID_ROLE, ident, -1,
                                Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
        for index in hits:
            if index.data(KIND_ROLE) == kind and index.column() == 0:
                self.tree.setCurrentIndex(index)
                return True
        return False

    def _menu(self, pos: QPoint) -> None:
        index = self.tree.indexAt(pos)
        if index.isValid():
            self.tree.setCurrentIndex(index)
        self.context_menu = self.menu_for_current()
        self.context_menu.popup(self.tree.viewport().mapToGlobal(pos))

    def menu_for_current(self) -> QMenu:
        """The context menu's actions for the selected node."""
        kind, _ = self.current()
        menu = QMenu(self)
        menu.addAction(self.actions_["new_village"])
        if kind in ("village", "grid", "no_grid"):
            menu.addAction(self.actions_["new_grid"])
        if kind in ("village", "grid"):
            menu.addAction(self.actions_["edit"])
        if kind == "grid":
            menu.addAction(self.actions_["move_grid"])
        if kind == "village":
            menu.addAction(self.actions_["merge"])
        menu.addAction(self.actions_["members"])
        return menu

    # ---- detail -------------------------------------------------------------------------------------------
    def _clear_facts(self) -> None:
        self._fact_rows = []

    def _fact(self, label: str, value: object) -> None:
        self._fact_rows.append((label, str(value) if value not in (None, "") else "—"))

    def fact(self, label: str) -> str:
        return dict(self._fact_rows).get(label, "")

    def show_detail(self) -> None:
        kind, ident = self.current()
        self._clear_facts()
        grids: list[Grid] = []
        warnings = self.warning_list
        for key, enabled in (("new_grid", kind in ("village", "grid", "no_grid")),
                             ("edit", kind in ("village", "grid")), ("move_grid", kind == "grid"),
                             ("merge", kind == "village")):
            self.actions_[key].setEnabled(enabled)
        if kind == "village" and ident is not None:
            v = get_village(self.db, ident)
            self.title.setText(v.name)
            self._fact("党组织类型", v.org_type)
            self._fact("党组织全称", v.org_name)
            self._fact("统计用区划代码", v.stat_code)
            self._fact("自然村", "、".join(natural_villages(self.db, v.id)))
            self._fact("在册党员", f"{self.counts.villages.get(v.id, 0)} 名"
                       + (f"（其中未分网格 {self.counts.no_grid[v.id]} 名）" if self.counts.no_grid.get(v.id) else ""))
            grids = [g for g in self.grids if g.village_id == v.id]
            warnings = [w for w in warnings if w.startswith(v.name)]
        elif kind == "grid" and ident is not None:
            g = get_grid(self.db, ident)
            v = get_village(self.db, g.village_id)
            self.title.setText(f"{v.name} · {g.name}")
            for label, value in (("网格长", g.leader), ("网格员", g.workers), ("户数", g.households),
                                 ("人口数", g.population), ("网格范围", g.area_desc),
                                 ("网格党组织", f"{g.org_type}  {g.org_name}".strip()),
                                 ("在册党员", f"{self.counts.grids.get(g.id, 0)} 名")):
                self._fact(label, value)
            warnings = [w for w in warnings if w.startswith(v.name + g.name)]
        elif kind == "no_grid" and ident is not None:
            v = get_village(self.db, ident)
            self.title.setText(f"{v.name} · 未分网格")
            self._fact("在册党员", f"{self.counts.no_grid.get(v.id, 0)} 名（可在“党员”页用“调整网格”分入网格）")
            warnings = []
        else:
            town = get_town(self.db)
            self.title.setText(town.name if town else "未设置镇（街道）")
            if town:
                self._fact("县级区划代码", town.county_code)
                self._fact("乡镇代码", town.town_code)
            self._fact("村（社区）", f"{len(self.villages)} 个")
            self._fact("网格", f"{len(self.grids)} 个")
            self._fact("在册党员", f"{self.counts.town} 名")
        self.facts.setText("<table cellspacing='0' cellpadding='3'>" + "".join(
            f"<tr><td style='color:#555'>{html.escape(k)}：</td><td>{html.escape(v)}</td></tr>"
            for k, v in self._fact_rows) + "</table>")
        self.grid_table.setVisible(kind == "village")
        self.grid_table.setRowCount(len(grids))
        for r, g in enumerate(grids):
            for c, value in enumerate((g.name, g.leader, g.workers, g.households, g.population,
                                       self.counts.grids.get(g.id, 0))):
                item = QTableWidgetItem(str(value))
                if c >= 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.grid_table.setItem(r, c, item)
        shown = warnings[:12]
        more = f"\n……另有 {len(warnings) - len(shown)} 条" if len(warnings) > len(shown) else ""
        self.warnings.setText(("提醒（不影响保存）：\n· " + "\n· ".join(shown) + more) if shown else "")

    # ---- actions ------------------------------------------------------------------------------------------
    def _write(self, what: Callable[[], object], members_moved: bool = False) -> bool:
        try:
            what()
        except (OrgError, PermissionDenied) as exc:
            messages.error(self, str(exc))
            return False
        self.events.organization_changed.emit()
        if members_moved:
            self.events.records_changed.emit()
        return True

    def _village_id(self) -> int | None:
        kind, ident = self.current()
        if kind in ("village", "no_grid"):
            return ident
        if kind == "grid" and ident is not None:
            return get_grid(self.db, ident).village_id
        return None

    def new_village(self) -> None:
        dialog = VillageDialog(self.db, parent=self)
        if run(dialog):
            value = dialog.value()
            made: list[int] = []
            natural = dialog.natural_names()
            if self._write(lambda: made.append(add_village(self.db, value.name, value.org_type, value.org_name,
                                                           value.stat_code, natural))):
                self.select("village", made[0])

    def new_grid(self) -> None:
        vid = self._village_id()
        if vid is None:
            messages.info(self, "请先在左侧选中一个村（社区），再新建网格")
            return
        count = len(list_grids(self.db, vid))
        numerals = "一二三四五六七八九十"
        suggestion = f"第{numerals[count]}网格" if count < len(numerals) else ""
        dialog = GridDialog(self.db, Grid(0, vid, suggestion), self, get_village(self.db, vid).name)
        if run(dialog):
            g = dialog.value()
            made: list[int] = []
            if self._write(lambda: made.append(add_grid(
                    self.db, vid, g.name, leader=g.leader, workers=g.workers, households=g.households,
                    population=g.population, area_desc=g.area_desc, org_type=g.org_type, org_name=g.org_name))):
                self.select("grid", made[0])

    def edit_node(self) -> None:
        kind, ident = self.current()
        if kind == "village" and ident is not None:
            vdialog = VillageDialog(self.db, get_village(self.db, ident), self)
            if run(vdialog):
                value, natural = vdialog.value(), vdialog.natural_names()
                self._write(lambda: update_village(self.db, value, natural))
        elif kind == "grid" and ident is not None:
            grid = get_grid(self.db, ident)
            gdialog = GridDialog(self.db, grid, self, get_village(self.db, grid.village_id).name)
            if run(gdialog):
                value_g = gdialog.value()
                self._write(lambda: update_grid(self.db, value_g))

    def move_grid(self) -> None:
        kind, ident = self.current()
        if kind != "grid" or ident is None:
            messages.info(self, "请先选中要移动的网格")
            return
        grid = get_grid(self.db, ident)
        source = get_village(self.db, grid.village_id)
        dialog = PickVillageDialog(self.db, "移动网格", f"把 {source.name}{grid.name}（连同其中的党员）移到：",
                                   source.id, self)
        if run(dialog) and dialog.village_id() is not None:
            target = int(dialog.village_id())  # type: ignore[arg-type]
            if self._write(lambda: move_grid(self.db, ident, target), members_moved=True):
                self.select("grid", ident)

    def merge_village(self) -> None:
        kind, ident = self.current()
        if kind != "village" or ident is None:
            messages.info(self, "请先选中要并入其他村的村（社区）")
            return
        source = get_village(self.db, ident)
        dialog = PickVillageDialog(self.db, "合并村（社区）",
                                   f"把 {source.name} 并入（选择合并后保留的村）：", source.id, self)
        if not run(dialog) or dialog.village_id() is None:
            return
        target = get_village(self.db, int(dialog.village_id()))  # type: ignore[arg-type]
        count = self.counts.villages.get(source.id, 0)
        if not messages.confirm(self, f"确定把 {source.name} 并入 {target.name} 吗？\n\n{source.name}的网格和 "
                                      f"{count} 名在册党员（以及全部历史记录）将转到 {target.name}，"
                                      f"{source.name}标记为“已合并”。"):
            return
        if self._write(lambda: merge_villages(self.db, source.id, target.id), members_moved=True):
            self.select("village", target.id)

    def open_members(self) -> None:
        kind, ident = self.current()
        if kind == "village":
            self.show_members.emit(ident, None)
        elif kind == "no_grid":
            self.show_members.emit(ident, NO_GRID)
        elif kind == "grid" and ident is not None:
            self.show_members.emit(get_grid(self.db, ident).village_id, ident)
        else:
            self.show_members.emit(None, None)

    # ---- settings -----------------------------------------------------------------------------------------
    def save_state(self, settings: QSettings) -> None:
        settings.setValue("org/splitter", self.splitter.saveState())

    def restore_state(self, settings: QSettings) -> None:
        state = settings.value("org/splitter")
        if state is not None:
            self.splitter.restoreState(state)
