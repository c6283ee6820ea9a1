"""The 组织 page: the tree 镇 → 村 → 网格 with 在册 member counts, the toolbar and context menu that create,
edit, move and merge, a detail panel for the selected node, and the organization warnings (shown, not blocking)."""
from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QPoint, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QStandardItemModel
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

from models.db import LedgerDB
from models.entities import Grid, TreeCounts
from models.org import (
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
    save_town,
    tree_counts,
    update_grid,
    update_village,
)
from ui import messages
from ui.dialogs import run
from ui.events import DataEvents
from ui.organization.dialogs import GridDialog, PickVillageDialog, TownDialog, VillageDialog
from ui.organization.tree_model import ID_ROLE, KIND_ROLE, build_org_tree
from ui.page import NO_GRID, Page
from ui.permissions import allow, denied

WARN_STYLE = "color: #a05a00;"


class OrgPage(Page):
    watches = frozenset({"town", "villages", "grids", "natural_villages", "members"})
    show_members = Signal(object, object)  # village_id, grid_id
    open_page = Signal(str, str)  # page key, what to do there (the 中心户 page: "designate:grid:ID")

    def __init__(self, db: LedgerDB, events: DataEvents, parent: QWidget | None = None, *,
                 defer: bool = False) -> None:
        """defer: build the tree only when the page is first shown, and after a change only while it is
        visible (at 100,000 members the tree has thousands of nodes: it should not slow down start-up)."""
        super().__init__(db, events, parent)
        self.events: DataEvents = events
        self.model = QStandardItemModel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.toolbar = QToolBar()
        self.actions_: dict[str, QAction] = {}
        for key, text, slot in (("new_village", "新建村", self.new_village), ("new_grid", "新建网格", self.new_grid),
                                ("edit", "重命名/编辑", self.edit_node),
                                ("move_grid", "移动网格到其他村", self.move_grid),
                                ("merge", "合并村", self.merge_village), ("members", "查看党员", self.open_members),
                                ("central", "确定党员中心户", self.designate_central)):
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
        self.counts, self.villages, self.grids, self.warning_list = TreeCounts(0), [], [], []
        if defer:
            self.mark_stale()
        else:
            self.refresh()

    def on_data_changed(self, tables: frozenset[str]) -> None:
        self.refresh()

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
        self.grid_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
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
        if kind in ("village", "grid"):
            menu.addAction(self.actions_["central"])
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
        for key, enabled in (("new_village", True), ("new_grid", kind in ("village", "grid", "no_grid")),
                             ("edit", kind in ("village", "grid")), ("move_grid", kind == "grid"),
                             ("merge", kind == "village"), ("central", kind in ("village", "grid"))):
            allow(self.actions_[key], self.db, "edit", enabled)
        if kind == "town":  # the town's name and codes: administrators (修改设置)
            allow(self.actions_["edit"], self.db, "settings", True)
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
        self.grid_table.resizeColumnsToContents()
        for c in (0, 1):  # 网格, 网格长: the name with room to spare (the header alone is two characters)
            self.grid_table.setColumnWidth(c, max(self.grid_table.columnWidth(c) + 24, 96 if c == 0 else 80))
        shown = warnings[:12]
        more = f"\n……另有 {len(warnings) - len(shown)} 条" if len(warnings) > len(shown) else ""
        self.warnings.setText(("提醒（不影响保存）：\n· " + "\n· ".join(shown) + more) if shown else "")

    # ---- actions ------------------------------------------------------------------------------------------
    def _write(self, what: Callable[[], object], parent: QWidget | None = None) -> bool:
        return self.write(parent or self, what)

    def _village_id(self) -> int | None:
        kind, ident = self.current()
        if kind in ("village", "no_grid"):
            return ident
        if kind == "grid" and ident is not None:
            return get_grid(self.db, ident).village_id
        return None

    def new_village(self) -> None:
        dialog = VillageDialog(self.db, parent=self)
        made: list[int] = []

        def save() -> bool:
            value, natural = dialog.value(), dialog.natural_names()
            return self._write(lambda: made.append(add_village(self.db, value.name, value.org_type,
                                                               value.org_name, value.stat_code, natural)), dialog)
        dialog.on_save = save
        if run(dialog) and made:
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
        made: list[int] = []

        def save() -> bool:
            g = dialog.value()
            return self._write(lambda: made.append(add_grid(
                self.db, vid, g.name, leader=g.leader, workers=g.workers, households=g.households,
                population=g.population, area_desc=g.area_desc, org_type=g.org_type, org_name=g.org_name)), dialog)
        dialog.on_save = save
        if run(dialog) and made:
            self.select("grid", made[0])

    def edit_node(self) -> None:
        kind, ident = self.current()
        if denied(self.db, "settings" if kind == "town" else "edit"):  # the action is disabled: nothing opens
            return
        if kind == "town":
            self.edit_town()
        elif kind == "village" and ident is not None:
            vdialog = VillageDialog(self.db, get_village(self.db, ident), self)
            vdialog.on_save = lambda: self._write(
                lambda: update_village(self.db, vdialog.value(), vdialog.natural_names()), vdialog)
            run(vdialog)
        elif kind == "grid" and ident is not None:
            grid = get_grid(self.db, ident)
            gdialog = GridDialog(self.db, grid, self, get_village(self.db, grid.village_id).name)
            gdialog.on_save = lambda: self._write(lambda: update_grid(self.db, gdialog.value()), gdialog)
            run(gdialog)

    def edit_town(self) -> None:
        """The town's name and codes (on every report header): administrators only, audited."""
        town = get_town(self.db)
        reason = denied(self.db, "settings")
        if town is None or reason:
            messages.info(self, reason or "尚未设置镇（街道）信息")
            return
        dialog = TownDialog(town, self)
        dialog.on_save = lambda: self._write(lambda: save_town(self.db, *dialog.value()), dialog)
        run(dialog)

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
            if self._write(lambda: move_grid(self.db, ident, target)):
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
        if self._write(lambda: merge_villages(self.db, source.id, target.id)):
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

    def designate_central(self) -> None:
        """确定党员中心户 from the grid (or village): the 中心户 page opens there with the designation form."""
        kind, ident = self.current()
        if kind in ("village", "grid") and ident is not None:
            self.open_page.emit("central-households", f"designate:{kind}:{ident}")

    # ---- settings -----------------------------------------------------------------------------------------
    def save_state(self, settings: QSettings) -> None:
        settings.setValue("org/splitter", self.splitter.saveState())

    def restore_state(self, settings: QSettings) -> None:
        state = settings.value("org/splitter")
        if state is not None:
            self.splitter.restoreState(state)
