"""The 党员 page: the member table for the chosen village/grid (or all), the search box that filters as the clerk
types, the filters, a detail panel with the member's history, and the actions (新增, 编辑, 调整网格, 转出/去世/
出党, 恢复在册, and the import/export buttons another part fills in).

Speed: every member is loaded once (a worker thread with its own connection when the database is large) into an
ordered list; filters and keystrokes then filter that list in memory (models.members.filter_cached).
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QSplitter,
    QTableView,
    QTextBrowser,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from models import codes
from models.db import LedgerDB, open_same
from models.entities import MemberQuery
from models.member_search import SearchIndex
from models.members import (
    count_members,
    database_file,
    filter_cached,
    member_cache_rows,
    member_table,
)
from models.org import list_grids, list_villages
from ui import workers
from ui.events import EVERYTHING, DataEvents
from ui.members.actions import MemberActions
from ui.members.table_models import MemberTableModel
from ui.page import NO_GRID, Page

THREAD_THRESHOLD = 20000  # members; below this a load takes well under 0.1 s and runs in place
DEBOUNCE_MS = 60
INDEX_THRESHOLD = 5000  # filtered rows; from here the search index is made ahead of the first keystroke
INDEX_DELAY_MS = 250
PREFIX_ROWS = 15000  # rows put into the search index's prefix table at a time (~30 ms), between events
STATUS_CHOICES = (("在册", ("在册",)), ("全部状态", ()), ("转出", ("转出",)),
                  ("去世", ("去世",)), ("出党", ("出党",)))
# 878 px in all: the table of a 1366×768 screen (882 px beside the detail panel) needs no horizontal scroll bar
COLUMN_WIDTHS = (70, 40, 148, 88, 72, 88, 96, 96, 80, 52, 48)


class _Loader(QThread):
    """Reads every member with its own connection. The rows are handed over as an attribute read after
    `finished` (a Python object sent through a queued signal upset reference counts in PySide6)."""

    def __init__(self, db: LedgerDB, parent: QWidget) -> None:
        super().__init__(parent)
        self.source, self.path = db, database_file(db)
        self.rows: list[tuple[Any, ...]] = []
        self.error = ""

    def run(self) -> None:
        try:
            db = open_same(self.source, self.path)  # same user: 查阅 users get masked identity numbers here too
            try:
                self.rows = member_cache_rows(db)
            finally:
                db.close()
        except Exception as exc:  # noqa: BLE001 - reported in the window, never lost in a thread
            self.error = str(exc)


class MembersPage(MemberActions, Page):
    watches = frozenset({"members", "member_events", "villages", "grids"})
    loaded = Signal()  # the table shows fresh rows

    def __init__(self, db: LedgerDB, events: DataEvents, parent: QWidget | None = None) -> None:
        super().__init__(db, events, parent)
        self.events: DataEvents = events
        self.cache: list[tuple[Any, ...]] = []
        self._base: list[tuple[Any, ...]] = []
        self._last_text = ""  # the last search text applied
        self._index: SearchIndex | None = None  # of self._base, made on the first search after a filter change
        self._detail_of: list[int] | None = None  # the members the detail panel shows
        self._loader: _Loader | None = None
        self._reload_again = False
        self.pending_select: int | None = None
        self.only: tuple[frozenset[int], str] | None = None
        self.model = MemberTableModel(self)
        self._build()
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(DEBOUNCE_MS)
        self.search_timer.timeout.connect(self.apply_text)
        self.search.textChanged.connect(lambda _t: self.search_timer.start())
        self.refresh_selectors()

    # ---- layout -------------------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.toolbar = QToolBar()
        self.acts: dict[str, QAction] = {}
        for key, text, slot, keys in (
                ("add", "新增党员", self.add_member, "Ctrl+N"), ("edit", "编辑", self.edit_member, ""),
                ("move", "调整网格", self.move_selected, ""), ("转出", "转出", lambda: self.change("转出"), ""),
                ("去世", "去世", lambda: self.change("去世"), ""), ("出党", "出党", lambda: self.change("出党"), ""),
                ("restore", "恢复在册", lambda: self.change("恢复在册"), ""),
                ("central", "党员中心户…", self.central_household, ""), ("-", "", None, ""),
                ("import", "导入…", self.open_import, ""), ("export", "导出…", self.open_export, ""),
                ("template", "下载导入模板", self.save_template, "")):
            if key == "-":
                self.toolbar.addSeparator()
                continue
            action = QAction(text, self)
            if keys:
                action.setShortcut(QKeySequence(keys))
                action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)  # page shown: focus anywhere
                action.setToolTip(f"{text}（{keys}）")
            action.triggered.connect(lambda _c=False, f=slot: f())
            self.toolbar.addAction(action)
            self.addAction(action)
            self.acts[key] = action
        layout.addWidget(self.toolbar)

        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("member_search")
        self.search.setPlaceholderText("搜索：姓名、拼音或首字母（如 zs）、身份证号、电话、住址　Ctrl+F")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(300)
        filters.addWidget(self.search, 3)
        self.town = QComboBox()  # a district's database (issue 17): the towns it merged
        self.town.setVisible(False)
        self.town.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        filters.addWidget(self.town)
        self.village = QComboBox()
        self.grid = QComboBox()
        self.category = QComboBox()
        self.category.addItem("全部类别", None)
        for c in codes.CATEGORIES:
            self.category.addItem(c, c)
        self.status = QComboBox()
        for label, statuses in STATUS_CHOICES:
            self.status.addItem(label, statuses)
        for w in (self.village, self.grid, self.category, self.status):
            w.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            filters.addWidget(w)
        layout.addLayout(filters)
        info = QHBoxLayout()
        self.central = QCheckBox("只看党员中心户")
        self.mobile = QCheckBox("只看流动党员")
        self.lost = QCheckBox("只看失联党员")
        for w in (self.central, self.mobile, self.lost):
            info.addWidget(w)
            w.toggled.connect(self.apply_filters)
        info.addSpacing(16)
        self.village.currentIndexChanged.connect(self._village_changed)
        self.town.currentIndexChanged.connect(self._town_changed)
        for w in (self.grid, self.category, self.status):
            w.currentIndexChanged.connect(self.apply_filters)

        self.count_label = QLabel()
        self.count_label.setMinimumWidth(260)  # a new count repaints the label, not the whole row of filters
        info.addWidget(self.count_label)
        self.only_label = QLabel()  # "只显示：预备期 30 天内期满的 1 名　显示全部" (show_only)
        self.only_label.setObjectName("only_members")
        self.only_label.linkActivated.connect(lambda _link: self.show_only(None))
        self.only_label.hide()
        info.addWidget(self.only_label)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(160)
        self.busy.setMaximumHeight(14)
        self.busy.setTextVisible(False)
        self.busy.hide()
        info.addWidget(self.busy)
        info.addStretch(1)
        layout.addLayout(info)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        for col, width in enumerate(COLUMN_WIDTHS):
            self.table.setColumnWidth(col, width)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the page's order
        self.table.setSortingEnabled(True)  # a header click sorts in the model (MemberTableModel.sort)
        self.table.doubleClicked.connect(lambda _i: self.edit_member())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.show_detail())
        self.table.installEventFilter(self)  # Enter on the table edits the current member
        find = QShortcut(QKeySequence("Ctrl+F"), self)
        find.setContext(Qt.ShortcutContext.WindowShortcut)  # also with the focus in the navigation
        find.activated.connect(self.focus_search)
        self.splitter.addWidget(self.table)
        self.detail = QTextBrowser()
        self.detail.setMinimumWidth(264)  # a label and an 18-digit identity number on one line
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([906, 264])
        layout.addWidget(self.splitter, 1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.table and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self.edit_member()
            return True
        return super().eventFilter(watched, event)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # ---- selectors and filters ----------------------------------------------------------------------------
    def refresh_selectors(self) -> None:
        from models import exchange, town_filter
        towns = exchange.towns(self.db)
        town = self.town.currentData()
        self.town.blockSignals(True)
        self.town.clear()
        self.town.addItem("全部乡镇", None)
        for t in towns:
            self.town.addItem(t.name, t.town)
        self.town.setCurrentIndex(max(0, self.town.findData(town)))
        district = exchange.is_district(self.db)  # as every area's 乡镇 filter: shown in a district's database
        self.town.setVisible(district)
        self.town.blockSignals(False)
        town = self.town.currentData() if district else None
        in_town = exchange.town_villages(self.db, town) if town else None
        vid = self.village.currentData()
        self.village.blockSignals(True)
        self.village.clear()
        self.village.addItem("全部村（社区）", None)
        labels = town_filter.village_labels(self.db) if in_town is None else {}  # two towns' 东村 told apart
        for v in list_villages(self.db):
            if in_town is None or v.id in in_town:
                self.village.addItem(labels.get(v.id, v.name), v.id)
        self.village.setCurrentIndex(max(0, self.village.findData(vid)))
        self.village.blockSignals(False)
        self._fill_grids(self.grid.currentData())

    def _fill_grids(self, keep: int | None = None) -> None:
        vid = self.village.currentData()
        self.grid.blockSignals(True)
        self.grid.clear()
        self.grid.addItem("全部网格", None)
        if vid is not None:
            for g in list_grids(self.db, vid):
                self.grid.addItem(g.name, g.id)
            self.grid.addItem("（未分网格）", NO_GRID)
        self.grid.setCurrentIndex(max(0, self.grid.findData(keep)))
        self.grid.setEnabled(vid is not None)
        self.grid.blockSignals(False)

    def _town_changed(self) -> None:
        self.refresh_selectors()
        self.apply_filters()

    def _village_changed(self) -> None:
        self._fill_grids()
        self.apply_filters()

    def show_category(self, category: str) -> None:
        """All 在册 members of one category across the town (e.g. the 预备党员 whose probation ends soon)."""
        self.set_node(None, None)
        self.status.setCurrentIndex(0)  # 在册
        self.category.setCurrentIndex(max(0, self.category.findData(category)))

    def show_only(self, member_ids: set[int] | None, caption: str = "") -> None:
        """Show just these members (e.g. the 预备党员 whose probation ends soon) across the town, whatever the
        filters said, until the clerk clicks 显示全部; None shows everything again."""
        self.only = (frozenset(member_ids), caption) if member_ids is not None else None
        self.only_label.setVisible(self.only is not None)
        self.only_label.setText(f"只显示{caption}　<a href='#'>显示全部</a>")
        self.search.clear()  # signals on: the clear button follows the text
        self.search_timer.stop()  # filters are applied below, once
        if self.only is not None:
            self.status.blockSignals(True)
            self.status.setCurrentIndex(0)  # 在册
            self.status.blockSignals(False)
            self.category.blockSignals(True)
            self.category.setCurrentIndex(0)
            self.category.blockSignals(False)
            self.set_node(None, None)
        else:
            self.apply_filters()

    def set_node(self, village_id: int | None, grid_id: int | None) -> None:
        """Show the members of a village or grid (from the organization tree)."""
        self.village.blockSignals(True)
        self.village.setCurrentIndex(max(0, self.village.findData(village_id)))
        self.village.blockSignals(False)
        self._fill_grids(grid_id)
        self.apply_filters()

    def current_query(self) -> MemberQuery:
        """What the table shows now, for reports that print 'the members the current search shows'."""
        def flag(box: QCheckBox) -> bool | None:
            return True if box.isChecked() else None
        grid = self.grid.currentData()
        return MemberQuery(text=self.search.text(), village_id=self.village.currentData(),
                           grid_id=None if grid == NO_GRID else grid, no_grid=grid == NO_GRID,
                           category=self.category.currentData(),
                           statuses=tuple(self.status.currentData() or ()), is_central=flag(self.central),
                           mobile=flag(self.mobile), lost_contact=flag(self.lost),
                           town_key=self.town.currentData() if self.town.count() > 2 else None)

    def apply_filters(self) -> None:
        self._base = filter_cached(self.cache, replace(self.current_query(), text=""))
        if self.only is not None:
            self._base = [r for r in self._base if r[0] in self.only[0]]
        self._index = None
        self._last_text = ""
        self.apply_text()
        if len(self._base) >= INDEX_THRESHOLD:
            QTimer.singleShot(INDEX_DELAY_MS, self, self._make_index)  # after the page painted, before typing

    def _make_index(self) -> SearchIndex:
        if self._index is None:
            small = len(self._base) < INDEX_THRESHOLD
            self._index = SearchIndex(self._base, prefixes=small)
            if not small:
                self._grow_index(self._index)
        return self._index

    def search_ready(self) -> bool:
        """The search index of the shown rows is complete (made in idle moments after a filter change)."""
        return len(self._base) < INDEX_THRESHOLD or self._index is not None and self._index.prefixes is not None

    def _grow_index(self, index: SearchIndex) -> None:
        """The index's prefix table (the first keystrokes' ranking), PREFIX_ROWS rows between events."""
        if index is self._index and not index.add_prefixes(PREFIX_ROWS):
            QTimer.singleShot(0, self, lambda: self._grow_index(index))

    def apply_text(self) -> None:
        """Filter by the search text; a longer text filters the previous result further."""
        self.search_timer.stop()
        text = self.search.text().strip().lower()
        prev_text, self._last_text = self._last_text, text
        if not text:
            self._show(self._base, keystroke=bool(prev_text))
            return
        index = self._make_index()
        found = index.find(text)  # a longer text tests only where the shorter one was found
        self._show(index.ranked(found, text), keystroke=True)

    def _show(self, rows: list[tuple[Any, ...]], *, keystroke: bool = False) -> None:
        """Show rows, keeping the selected member. On a keystroke the detail panel is redrawn only when the
        selection changed (its HTML and the history query cost more than the filtering). A keystroke that leaves
        the same members in the same order (3 → 37 when every number begins 37…) resets and repaints nothing."""
        if keystroke and rows == self.model.given():  # a list compares its length first
            return
        keep = self.selected_ids()
        self.model.set_rows(rows)
        total = len(self._base)
        self.count_label.setText(f"共 {len(rows)} 名" + (f"（筛选前 {total} 名）" if len(rows) != total else ""))
        if keep:
            row = self.model.row_of(keep[0])
            if row >= 0:
                self.table.selectRow(row)
        shown = self.selected_ids()
        if not keystroke or shown != self._detail_of:
            self.show_detail()
        self._detail_of = shown

    # ---- loading ------------------------------------------------------------------------------------------
    def on_data_changed(self, tables: frozenset[str]) -> None:
        if tables is EVERYTHING or tables & {"villages", "grids"}:
            self.refresh_selectors()
        self.reload()

    def is_reloading(self) -> bool:
        return self._loader is not None

    def reload(self, *, sync: bool = False) -> None:
        """Load every member again (after a write or at start); large databases load in a worker thread."""
        count = count_members(self.db)["全部"] if not sync else 0
        path = database_file(self.db)
        if sync or count < THREAD_THRESHOLD or not path:
            self._loaded(member_cache_rows(self.db))
            return
        if self._loader is not None:
            self._reload_again = True
            return
        if workers.stopping():
            return  # the window is closing: no new load behind it
        self.busy.show()
        self.count_label.setText(f"正在载入 {count} 名党员……")
        if not self.cache:
            self._preview()
        self._loader = _Loader(self.db, self)
        self._loader.finished.connect(self._loader_done)
        if not workers.start(self._loader):
            self._loader = None

    def _preview(self) -> None:
        """While everything loads, show the first village at once (one indexed query, a few ms)."""
        query = self.current_query()
        if query.village_id is None:
            first = list_villages(self.db)[:1]
            if not first:
                return
            query = replace(query, village_id=first[0].id, grid_id=None)
        self.model.set_rows(member_table(self.db, replace(query, text="")))

    def _loader_done(self) -> None:
        loader, self._loader = self._loader, None
        if loader is None:
            return
        rows, error = loader.rows, loader.error
        loader.rows = []
        loader.deleteLater()
        if error:
            self.busy.hide()
            self.count_label.setText(f"载入党员失败：{error}")
        else:
            self._loaded(rows)
        if self._reload_again:
            self._reload_again = False
            if not workers.stopping():
                self.reload()

    def _loaded(self, rows: list[tuple[Any, ...]]) -> None:
        self.cache = rows
        self.busy.hide()
        self.apply_filters()
        if self.pending_select is not None:
            self.select_member(self.pending_select)
            self.pending_select = None
        self.loaded.emit()

    def is_loading(self) -> bool:
        return self._loader is not None

    def wait_loaded(self) -> None:
        """Block until a background load is done and shown (closing the window, tests)."""
        if self._loader is not None:
            self._loader.wait()
            self._loader_done()  # the queued `finished` then finds nothing left to do

    # ---- settings -----------------------------------------------------------------------------------------
    def save_state(self, settings: QSettings) -> None:
        settings.setValue("members/header", self.table.horizontalHeader().saveState())
        settings.setValue("members/splitter", self.splitter.saveState())

    def restore_state(self, settings: QSettings) -> None:
        header = settings.value("members/header")
        if header is not None:
            self.table.horizontalHeader().restoreState(header)
            # widths and order as left, but each start in the page's order, so search results come ranked
            self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        splitter = settings.value("members/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
