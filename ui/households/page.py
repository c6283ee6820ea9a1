"""The 中心户 page: a 村 → 网格 tree; the selection's central households (linked-household count, last visit)
and beside them its households (those of the chosen central household, or all / only the unlinked); the
warnings of the selection above; toolbar actions to designate, end, add a household, link, unlink, visit."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from models import clock, org
from models import households as hh
from models.db import LedgerDB
from models.reminders import Reminder
from ui import messages
from ui.dialogs import run
from ui.events import DataEvents
from ui.households.dialogs import (
    DesignateDialog,
    EndDialog,
    HouseholdDialog,
    LinkDialog,
    RemindersDialog,
    VisitDialog,
)
from ui.households.visits import TagsDialog, VisitsPanel
from ui.list_model import RowsTableModel, row_table
from ui.page import Page
from ui.permissions import allow
from ui.town_filter import TownBox, village_choices

SCOPE_ROLE = Qt.ItemDataRole.UserRole + 1


class CentralModel(RowsTableModel[hh.CentralRow]):
    HEADERS = ("党员中心户", "网格", "联系户数", "最近走访", "确定日期")

    def cell(self, row: hh.CentralRow, row_number: int, column: int, role: int) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        count = str(row.linked) if row.linked or not row.legacy else f"{row.legacy}（原登记）"
        return (row.name, row.grid or "未分网格", count, row.last_visit or "—", row.start_date or "不详")[column]


KIND_LABELS = {"central_too_few": "联系户过少", "central_too_many": "联系户过多",
               "grid_without_central": "网格无中心户", "household_unlinked": "困难户无人联系",
               "household_not_visited": "未按时走访"}


class WarningModel(RowsTableModel[Reminder]):
    HEADERS = ("提醒", "对象", "事由", "日期")

    def cell(self, row: Reminder, row_number: int, column: int, role: int) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (KIND_LABELS.get(row.kind, row.kind), row.subject, row.reason, row.date)[column]


class HistoryModel(RowsTableModel[tuple[str, ...]]):
    HEADERS = ("党员", "网格", "确定日期", "确定方式", "公示日期", "结束日期", "结束原因", "状态")

    def cell(self, row: tuple[str, ...], row_number: int, column: int, role: int) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        value = row[column]
        if column == 1:
            return value or "未分网格"
        if column == 2:
            return value or "不详"
        return value or ("—" if column in (4, 5) else "")


class HouseholdModel(RowsTableModel[hh.HouseholdRow]):
    HEADERS = ("户主", "网格", "家庭住址", "人口", "户类型", "联系人", "最近走访")

    def cell(self, row: hh.HouseholdRow, row_number: int, column: int, role: int) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (row.head_name, row.grid or "未分网格", row.address, str(row.persons), "、".join(row.tags),
                row.central or "（未联系）", row.last_visit or "—")[column]


def _table(model: RowsTableModel[Any]) -> QTableView:
    """A village's lists are short (a few hundred households): every column fits its content."""
    view = row_table(model, numbered=False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view


class HouseholdsPage(Page):
    open_record = Signal(str)  # a warning about a member or a grid: the window shows it on its page
    # settings: the household-type list and the N months of the not-visited warning
    watches = frozenset({"central_designations", "households", "household_links", "household_visits", "members",
                         "villages", "grids", "settings"})

    def __init__(self, db: LedgerDB, events: DataEvents | None, parent: QWidget | None = None) -> None:
        super().__init__(db, events, parent)
        layout = QVBoxLayout(self)
        bar = QToolBar()
        self.actions_: dict[str, QAction] = {}
        for text, slot in (("确定中心户", self.designate), ("修改中心户", self.edit_central),
                           ("结束中心户", self.end_selected),
                           ("新增户", self.new_household), ("修改户", self.edit_household),
                           ("注销户", self.end_household),
                           ("联系到中心户", self.link_selected),
                           ("结束联系", self.unlink_selected), ("登记走访", self.visit_selected),
                           ("作废走访", self.void_selected_visit),
                           ("户类型设置", self.edit_tags), ("提醒设置", self.edit_reminders)):
            self.actions_[text] = bar.addAction(text, slot)
        for text, action in self.actions_.items():  # as the signed-in role allows (the pages are rebuilt on a
            allow(action, db, "settings" if text.endswith("设置") else "edit")  # change of user)
        layout.addWidget(bar)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #b45309;")
        layout.addWidget(self.warnings)
        split = QSplitter()
        self.tree_model = QStandardItemModel()
        self.tree = QTreeView()
        self.tree.setHeaderHidden(True)
        self.tree.setModel(self.tree_model)
        self.town = TownBox(db)  # a district's database: the tree lists the chosen town's villages
        self.town.changed.connect(self.build_tree)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.town)
        left_layout.addWidget(self.tree, 1)
        split.addWidget(left)
        self.centrals = CentralModel()
        self.central_view = _table(self.centrals)
        self.homes = HouseholdModel()
        self.home_view = _table(self.homes)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.home_title = QLabel("户")
        self.only_unlinked = QCheckBox("只看未联系的户")
        self.only_unlinked.toggled.connect(lambda _on: self.show_households())
        row.addWidget(self.home_title, 1)
        row.addWidget(self.only_unlinked)
        right_layout.addLayout(row)
        right_layout.addWidget(self.home_view)
        self.visits = VisitsPanel(db, _table)
        self.tabs = QTabWidget()
        self.tabs.addTab(right, "户")
        self.tabs.addTab(self.visits, "走访记录")
        self.warning_rows = WarningModel()
        self.warning_view = _table(self.warning_rows)
        self.warning_view.doubleClicked.connect(lambda index: self.open_warning(index.row()))
        self.tabs.addTab(self.warning_view, "提醒")
        self.history = HistoryModel()
        self.history_view = _table(self.history)
        self.tabs.addTab(self.history_view, "中心户历史")
        split.addWidget(self.central_view)
        split.addWidget(self.tabs)
        split.setSizes([160, 380, 620])
        split.setStretchFactor(2, 1)
        layout.addWidget(split, 1)
        self.tree.selectionModel().currentChanged.connect(lambda *_: self.show_scope())
        self.central_view.selectionModel().currentChanged.connect(lambda *_: self.show_households())
        # a double-click edits, as the toolbar does — only when the role may (the action is enabled)
        self.central_view.doubleClicked.connect(
            lambda _i: self.actions_["修改中心户"].isEnabled() and self.edit_central())
        self.home_view.doubleClicked.connect(lambda _i: self.actions_["修改户"].isEnabled() and self.edit_household())
        self.mark_stale()

    # ---- what is shown -------------------------------------------------------------------------------------
    def on_data_changed(self, tables: frozenset[str]) -> None:
        if tables & {"villages", "grids"} or not self.tree_model.rowCount():
            self.town.fill()
            self.build_tree()
        self.show_scope()

    def build_tree(self) -> None:
        keep = self.scope()
        self.tree_model.clear()
        grids: dict[int, list[org.Grid]] = {}
        for g in org.list_grids(self.db):
            grids.setdefault(g.village_id, []).append(g)
        for vid, name in village_choices(self.db, self.town.town_key()):
            item = QStandardItem(name)
            item.setData(("village", vid, None), SCOPE_ROLE)
            for g in grids.get(vid, []):
                child = QStandardItem(g.name)
                child.setData(("grid", vid, g.id), SCOPE_ROLE)
                item.appendRow(child)
            self.tree_model.appendRow(item)
        self.tree.expandAll()
        if self.tree_model.rowCount():
            if not (keep[0] and self.select(*keep)):  # the village kept, or (another town) its first one
                self.tree.setCurrentIndex(self.tree_model.index(0, 0))
        else:
            self.show_scope()  # a town with no village: nothing listed beside the empty tree

    def scope(self) -> tuple[str, int | None, int | None]:
        data = self.tree.currentIndex().data(SCOPE_ROLE)
        return tuple(data) if data else ("", None, None)  # type: ignore[return-value]

    def select(self, kind: str, village_id: int | None, grid_id: int | None = None) -> bool:
        for r in range(self.tree_model.rowCount()):
            top = self.tree_model.index(r, 0)
            for index in [top] + [self.tree_model.index(c, 0, top) for c in range(self.tree_model.rowCount(top))]:
                if tuple(index.data(SCOPE_ROLE)) == (kind, village_id, grid_id):
                    self.tree.setCurrentIndex(index)
                    return True
        return False

    def select_anywhere(self, kind: str, village_id: int | None, grid_id: int | None = None) -> bool:
        """Select a village or grid, showing every town first when it is not in the chosen one (a reminder of
        another town of a district's database)."""
        return self.select(kind, village_id, grid_id) or (self.town.choose(None) and self.select(kind, village_id,
                                                                                                  grid_id))

    def show_scope(self) -> None:
        _, village_id, grid_id = self.scope()
        chosen = self.current_central()
        self.centrals.set_rows(hh.central_rows(self.db, village_id, grid_id) if village_id else [])
        for r, c in enumerate(self.centrals.rows):
            if chosen and c.designation_id == chosen.designation_id:
                self.central_view.selectRow(r)
        self.show_households()
        self.visits.show_scope(village_id, grid_id)
        self.show_warnings(village_id, grid_id)
        self.history.set_rows(hh.designation_rows(self.db, village_id, grid_id) if village_id else [])

    def show_warnings(self, village_id: int | None, grid_id: int | None) -> None:
        if village_id is None:
            self.warnings.setText("")
            self.warning_rows.set_rows([])
            return
        found = hh.reminders(self.db, clock.today(), village_id=village_id, grid_id=grid_id)
        self.warning_rows.set_rows(found)
        self.tabs.setTabText(2, f"提醒（{len(found)}）" if found else "提醒")
        shown = [f"⚠ {r.subject}：{r.reason}" for r in found[:4]]
        if len(found) > 4:
            shown.append(f"……共 {len(found)} 条提醒，全部见右侧“提醒”页签（双击一条可转到所指的户或党员）")
        self.warnings.setText("\n".join(shown))

    def current_central(self) -> hh.CentralRow | None:
        index = self.central_view.currentIndex()
        rows = self.centrals.rows
        return rows[index.row()] if index.isValid() and index.row() < len(rows) else None

    def current_household(self) -> hh.HouseholdRow | None:
        index = self.home_view.currentIndex()
        rows = self.homes.rows
        return rows[index.row()] if index.isValid() and index.row() < len(rows) else None

    def show_households(self) -> None:
        _, village_id, grid_id = self.scope()
        central = self.current_central()
        if village_id is None:
            rows: list[hh.HouseholdRow] = []
        elif self.only_unlinked.isChecked():
            rows = hh.household_rows(self.db, village_id, grid_id, unlinked=True)
            self.home_title.setText(f"未联系的户（{len(rows)} 户）")
        elif central is not None:
            rows = hh.household_rows(self.db, designation_id=central.designation_id)
            self.home_title.setText(f"{central.name}联系的户（{len(rows)} 户）")
        else:
            rows = hh.household_rows(self.db, village_id, grid_id)
            self.home_title.setText(f"全部户（{len(rows)} 户）")
        self.homes.set_rows(rows)

    # ---- actions -------------------------------------------------------------------------------------------
    def designate(self) -> None:
        _, village_id, grid_id = self.scope()
        dialog = DesignateDialog(hh.candidates(self.db, village_id, grid_id) if village_id else [], self)
        dialog.on_save = lambda: self.write(dialog, lambda: hh.designate(
            self.db, dialog.member_id(), dialog.start.text(), dialog.method.text(), dialog.notice.text()))
        run(dialog)

    def edit_central(self) -> None:
        """Correct the selected central household's date, method and notice date (确定日期待补 after the
        migration of the old yes/no, or after the member import)."""
        central = self.current_central()
        if central is None:
            messages.info(self, "请先在党员中心户列表中选中一名党员中心户")
            return
        dialog = DesignateDialog([], self, existing=central)
        dialog.on_save = lambda: self.write(dialog, lambda: hh.update_designation(
            self.db, central.designation_id, dialog.start.text(), dialog.method.text(), dialog.notice.text()))
        run(dialog)

    def end_selected(self) -> None:
        """End the selected central household with a date and a reason (history kept; its households become
        unlinked and show under 只看未联系的户)."""
        central = self.current_central()
        if central is None:
            messages.info(self, "请先在党员中心户列表中选中一名党员中心户")
            return
        dialog = EndDialog(f"结束党员中心户 — {central.name}", self)
        dialog.on_save = lambda: self.write(dialog, lambda: hh.end_designation(
            self.db, central.designation_id, dialog.date.text(), dialog.reason.text()))
        run(dialog)

    def new_household(self) -> None:
        _, village_id, grid_id = self.scope()
        if village_id is None:
            return
        grids: list[tuple[int | None, str]] = [(g.id, g.name) for g in org.list_grids(self.db, village_id)]
        grids.sort(key=lambda g: g[0] != grid_id)
        dialog = HouseholdDialog(grids + [(None, "未分网格")], self, tags=hh.tag_list(self.db))
        dialog.on_save = lambda: self.write(dialog, lambda: hh.save_household(self.db,
                                                                               dialog.household(village_id)))
        run(dialog)

    def edit_household(self) -> None:
        home = self.current_household()
        if home is None:
            messages.info(self, "请先在户列表中选中一户")
            return
        village_id = int(hh.village_of(self.db, home.id) or 0)
        grids: list[tuple[int | None, str]] = [(g.id, g.name) for g in org.list_grids(self.db, village_id)]
        dialog = HouseholdDialog(grids + [(None, "未分网格")], self, tags=hh.tag_list(self.db), existing=home)
        dialog.on_save = lambda: self.write(dialog, lambda: hh.save_household(self.db,
                                                                               dialog.household(village_id)))
        run(dialog)

    def end_household(self) -> None:
        """注销 the selected household (moved away, the family gone): kept with the date and reason, out of the
        lists and the warnings; its link ends."""
        home = self.current_household()
        if home is None:
            messages.info(self, "请先在户列表中选中一户")
            return
        dialog = EndDialog(f"注销户 — {home.head_name}户（{home.address or '未填住址'}）", self)
        dialog.form.labelForField(dialog.date).setText("注销日期")
        dialog.form.labelForField(dialog.reason).setText("注销原因")
        dialog.reason.setPlaceholderText("如：全家迁出、户已合并")
        dialog.on_save = lambda: self.write(dialog, lambda: hh.end_household(
            self.db, home.id, dialog.date.text(), dialog.reason.text()))
        run(dialog)

    def link_selected(self) -> None:
        """Link the selected household to a central household of its village; linked already: it moves."""
        home = self.current_household()
        if home is None:
            messages.info(self, "请先在户列表中选中一户")
            return
        village_id = int(hh.village_of(self.db, home.id) or 0)
        centrals = [c for c in hh.central_rows(self.db, village_id) if c.designation_id != home.designation_id]
        dialog = LinkDialog(home.head_name, centrals, self, moving_from=home.central)
        dialog.on_save = lambda: self.write(dialog, lambda: hh.link_household(
            self.db, home.id, int(dialog.central.currentData()), dialog.start.text()))
        run(dialog)

    def unlink_selected(self) -> None:
        home = self.current_household()
        if home is None:
            messages.info(self, "请先在户列表中选中一户")
            return
        if home.designation_id is None:
            messages.info(self, f"{home.head_name}户没有联系的党员中心户")
            return
        dialog = EndDialog(f"结束联系 — {home.head_name}户（联系人：{home.central}）", self)
        dialog.on_save = lambda: self.write(dialog, lambda: hh.unlink_household(
            self.db, home.id, dialog.date.text(), dialog.reason.text()))
        run(dialog)

    def visit_selected(self) -> None:
        home = self.current_household()
        if home is None:
            messages.info(self, "请先在户列表中选中一户")
            return
        dialog = VisitDialog(home.head_name, self)
        dialog.on_save = lambda: self.write(dialog, lambda: hh.record_visit(self.db, dialog.visit(home.id)))
        run(dialog)

    def void_selected_visit(self) -> None:
        """作废 the visit selected in the 走访记录 tab (recorded for the wrong household, twice …), with a reason."""
        visit = self.visits.current_visit() if self.tabs.currentWidget() is self.visits else None
        if visit is None:
            messages.info(self, "请先在“走访记录”页签中选中一条走访记录")
            return
        dialog = EndDialog(f"作废走访记录 — {visit[3]}户 {visit[0]}（{visit[4]}）", self)
        dialog.form.labelForField(dialog.date).setVisible(False)
        dialog.date.setVisible(False)
        dialog.form.labelForField(dialog.reason).setText("作废原因")
        dialog.reason.setPlaceholderText("如：登记错了户、重复登记")
        dialog.on_save = lambda: self.write(dialog, lambda: hh.void_visit(self.db, int(visit[8]),
                                                                           dialog.reason.text()))
        run(dialog)

    def edit_tags(self) -> None:
        dialog = TagsDialog(hh.tag_list(self.db), self)
        dialog.on_save = lambda: self.write(dialog, lambda: hh.set_tag_list(self.db, dialog.tags.text()))
        run(dialog)

    def edit_reminders(self) -> None:
        dialog = RemindersDialog(hh.visit_months(self.db), self)
        dialog.on_save = lambda: self.write(dialog, lambda: hh.set_visit_months(self.db, dialog.months.value()))
        run(dialog)

    # ---- coming from elsewhere (window signals) --------------------------------------------------------------
    def apply_filter(self, name: str) -> None:
        """"designate:grid:ID" / "designate:village:ID" (the 组织 page's 确定党员中心户): that grid or village
        selected and the designation form open on its members."""
        action, _, rest = name.partition(":")
        kind, _, ident = rest.partition(":")
        if action != "designate" or not ident.isdigit():
            return
        if not self.tree_model.rowCount():
            self.build_tree()
        if kind == "grid":
            try:
                grid = org.get_grid(self.db, int(ident))
            except org.OrgError:
                return  # the grid is gone (merged away) since the link was made
            found = self.select_anywhere("grid", grid.village_id, grid.id)
        else:
            found = self.select_anywhere("village", int(ident), None)
        if found:
            self.designate()

    def open_warning(self, row: int) -> None:
        """Double-click on a warning: a household is selected here; a member or a grid opens on its page."""
        if not 0 <= row < len(self.warning_rows.rows):
            return
        record = self.warning_rows.rows[row].record
        table, _, ident = record.partition(":")
        if table == "households" and ident.isdigit():
            self.show_record(table, int(ident))
        elif record:
            self.open_record.emit(record)

    def show_record(self, table: str, record_id: int) -> None:
        """A reminder's record (households:ID): its village selected and the household current in the list."""
        if table != "households":
            return
        village_id = hh.village_of(self.db, record_id)
        if village_id is None:
            return
        if not self.tree_model.rowCount():
            self.build_tree()
        self.only_unlinked.setChecked(False)
        self.select_anywhere("village", village_id, None)
        self.central_view.setCurrentIndex(QModelIndex())  # every household of the village, not one's
        self.central_view.clearSelection()
        self.show_households()
        self.tabs.setCurrentIndex(0)
        for r, h in enumerate(self.homes.rows):
            if h.id == record_id:
                self.home_view.selectRow(r)
                self.home_view.scrollTo(self.homes.index(r, 0))
                break
