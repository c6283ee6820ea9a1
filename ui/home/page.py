"""首页: the office at a glance — key figures (each opens its page, filtered to it), charts from aggregates for the
town or one village (hover shows values, a bar opens its members, each chart saves as PNG), and the reminders
list (each opens its record; marking one handled hides it until its cause changes).

The page never imports another UI area: it asks the window to navigate through its signals (`open_page`,
`show_members`, `open_record`), which ui/areas.py connects."""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import Qt, QThread, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from models import clock, home
from models.db import LedgerDB, open_same
from models.members import count_members, database_file
from models.org import list_villages
from models.reminders import Reminder
from ui import workers
from ui.dialogs import run
from ui.events import EVERYTHING, DataEvents
from ui.file_dialogs import PNG_FILTER, dialogs
from ui.forms import FormDialog
from ui.list_model import RowsTableModel
from ui.page import Page
from ui.permissions import allow

if TYPE_CHECKING:
    from .charts import BarChart

# (figure key, label, where a click goes: a page key, or "members" with a category)
FIGURES: tuple[tuple[str, str, str], ...] = (
    ("villages", "村（社区）", "organization"),
    ("grids", "网格", "organization"),
    ("members", "在册党员", "members"),
    ("full", "正式党员", "members:正式党员"),
    ("probationary", "预备党员", "members:预备党员"),
    ("central_households", "党员中心户", "central-households"),
    ("weak_villages_covered", "“四个一”配齐", "four-ones"),
    ("rectification_open", "整改未销号", "supervision"),
    ("rectification_overdue", "整改逾期", "supervision:overdue"),
)


def _short_band(band: str) -> str:
    """35岁及以下 → ≤35, 36-45岁 → 36-45, 71岁及以上 → ≥71 (the axis is narrow; the hover says it in full)."""
    if band.endswith("岁及以下"):
        return "≤" + band[:-4]
    if band.endswith("岁及以上"):
        return "≥" + band[:-4]
    return band.rstrip("岁")


def _short_education(band: str) -> str:
    return "≤" + band[:-3] if band.endswith("及以下") else band.replace("大学", "")


TOWN_PREFIX = "town:"  # 范围's data for one town of a district's database (a village's is its id)
MAX_VILLAGE_BARS = 40  # a town has fewer; more would make a chart no one can read
# From this many members the figures and the reminders are computed in a worker thread: the window paints and
# pyqtgraph builds the charts meanwhile, instead of after ~0.8 s of counting (a district-sized file).
BACKGROUND_FROM = 5000
T = TypeVar("T")


class _Loader(QThread):
    """Computes the figures and/or the reminders with its own connection. The results are read as attributes
    after `finished` (a Python object sent through a queued signal upsets reference counts in PySide6)."""

    def __init__(self, db: LedgerDB, day: Any, village_id: int | None, figures: bool, reminders: bool,
                 parent: QWidget, town_key: str | None = None) -> None:
        super().__init__(parent)
        self.source, self.path = db, database_file(db)
        self.day, self.village_id, self.town_key = day, village_id, town_key
        self.want = (figures, reminders)
        self.stats: home.Stats | None = None
        self.reminders: tuple[list[Reminder], list[home.Handled]] | None = None
        self.error = ""

    def run(self) -> None:
        """Both asked for: the reminders in a second thread with a third connection — the counting is mostly
        SQLite's, which runs beside Python, so the two take about as long as the longer one."""
        other = threading.Thread(target=self._reminders) if all(self.want) else None
        if other is not None:
            other.start()
        try:
            if self.want[0]:
                self.stats = self._with_connection(lambda db: home.stats(db, self.day, self.village_id,
                                                                         town_key=self.town_key))
            if self.want[1] and other is None:
                self._reminders()
        finally:
            if other is not None:
                other.join()

    def _reminders(self) -> None:
        self.reminders = self._with_connection(lambda db: home.current(db, self.day, town_key=self.town_key))

    def _with_connection(self, work: Callable[[LedgerDB], T]) -> T | None:
        try:
            db = open_same(self.source, self.path)
            try:
                return work(db)
            finally:
                db.close()
        except Exception as exc:  # noqa: BLE001 - shown on the page, never lost in a thread
            self.error = str(exc)
            return None


class RemindersModel(RowsTableModel[Any]):
    HEADERS = ("日期", "村（社区）", "对象", "事由", "状态")

    def cell(self, row: Any, row_number: int, column: int, role: int) -> Any:
        handled = isinstance(row, home.Handled)
        r: Reminder = row.reminder if handled else row
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 4:
                return f"已办（{row.handled_by or '—'} {row.handled_at[:10]}）" if handled else "待办"
            return (r.date, r.village, r.subject, r.reason)[column]
        if role == Qt.ItemDataRole.ForegroundRole and handled:
            return QColor("#888888")
        if role == Qt.ItemDataRole.ToolTipRole:
            return r.reason + (f"\n办理说明：{row.note}" if handled and row.note else "") + "\n双击打开这条记录"
        return None


class Tile(QToolButton):
    """A key figure: the number large, its label under it; clicking opens its page."""

    def __init__(self, key: str, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.label = label
        self.setObjectName(f"figure_{key}")
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setMinimumSize(110, 64)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.set_value(0)

    def set_value(self, value: int, warn: bool = False) -> None:
        self.value = value
        self.setText(f"{value}\n{self.label}")
        colour = "#c62828" if warn and value else "#1f3b57"
        self.setStyleSheet("QToolButton { font-size: 15px; padding: 6px 10px; border: 1px solid #d0d7de;"
                           f" border-radius: 6px; background: #f7f9fb; color: {colour}; }}"
                           " QToolButton:hover { background: #e8f0f8; }")


class HomePage(Page):
    watches = EVERYTHING  # any write may change a figure or a reminder
    open_page = Signal(str, str)          # page key, filter ("" or the page's own name for one)
    show_members = Signal(object, str)    # member ids (None: all), caption
    open_record = Signal(str)             # a reminder's record, "members:12", "sv_problems:3" …

    def __init__(self, db: LedgerDB, events: DataEvents | None = None, parent: QWidget | None = None) -> None:
        super().__init__(db, events, parent)
        self.stats: home.Stats | None = None
        self.charts: dict[str, BarChart] = {}
        self._deferred = QTimer(self)
        self._deferred.setSingleShot(True)
        self._deferred.setInterval(0)
        self._deferred.timeout.connect(self._refresh_all)
        self._loader: _Loader | None = None
        self._again = (False, False)  # figures, reminders asked for while the loader ran
        self._reminders: tuple[list[Reminder], list[home.Handled]] = ([], [])
        self.mark_stale()
        self.scope = QComboBox()
        self.scope.setObjectName("scope")
        self.scope.setMinimumWidth(160)
        self.scope.currentIndexChanged.connect(lambda _i: self._scope_changed())
        self._reminders_town: str | None = None  # the town the reminders shown are of (None: every one)
        self.as_of = QLabel()
        head = QHBoxLayout()
        title = QLabel("首页")
        title.setStyleSheet("font-size: 18px; font-weight: bold;")
        head.addWidget(title)
        head.addSpacing(16)
        head.addWidget(QLabel("范围："))
        head.addWidget(self.scope)
        head.addWidget(self.as_of)
        head.addStretch(1)
        self.tiles: dict[str, Tile] = {}
        tiles = QGridLayout()
        tiles.setSpacing(8)
        for i, (key, label, target) in enumerate(FIGURES):
            tile = Tile(key, label)
            tile.clicked.connect(lambda _c=False, k=key, t=target: self._figure_clicked(k, t))
            tile.setToolTip(f"点击打开：{label}")
            self.tiles[key] = tile
            tiles.addWidget(tile, i // 5, i % 5)
        for column in range(5):
            tiles.setColumnStretch(column, 1)
        self.chart_grid = QGridLayout()
        self.chart_grid.setSpacing(10)
        self.sort_by_count = QCheckBox("各村按党员人数排序")
        self.sort_by_count.toggled.connect(lambda _on: self._fill_village_chart())
        left = QWidget()
        lay = QVBoxLayout(left)
        lay.addLayout(head)
        lay.addLayout(tiles)
        lay.addWidget(self.sort_by_count)
        lay.addLayout(self.chart_grid, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(left)
        # the reminders
        self.model = RemindersModel()
        self.table = QTableView()
        self.table.setObjectName("reminders")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(3, header.ResizeMode.Stretch)  # 事由 takes the room; its tooltip is whole
        header.setResizeContentsPrecision(200)  # widths from the first rows: thousands of reminders stay quick
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.doubleClicked.connect(lambda index: self._open_reminder(index.row()))
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._follow_selection())
        self.show_handled = QCheckBox("显示已办")
        self.show_handled.toggled.connect(lambda _on: self._show_reminders(self._reminders))
        self.reminder_count = QLabel()
        self.mark = QPushButton("标记已办…")
        self.mark.clicked.connect(self.mark_current)
        self.unmark_button = QPushButton("撤销已办")
        self.unmark_button.clicked.connect(self.unmark_current)
        self.open_button = QPushButton("打开记录")
        self.open_button.clicked.connect(lambda: self._open_reminder(self.table.currentIndex().row()))
        right = QWidget()
        rl = QVBoxLayout(right)
        rh = QHBoxLayout()
        caption = QLabel("提醒")
        caption.setStyleSheet("font-size: 15px; font-weight: bold;")
        rh.addWidget(caption)
        rh.addWidget(self.reminder_count, 1)
        rh.addWidget(self.show_handled)
        rl.addLayout(rh)
        rl.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.mark)
        buttons.addWidget(self.unmark_button)
        rl.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(scroll)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([820, 430])
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        outer.addWidget(split)
        self.rows: list[Any] = []

    # ---- refresh ------------------------------------------------------------------------------------------
    def on_data_changed(self, tables: frozenset[str]) -> None:
        """A write refreshes at once; the first show (and a restore) right after the window has painted, so the
        window never waits for the aggregates of 100,000 members before it appears."""
        if tables is EVERYTHING:
            if not self._deferred.isActive():
                self._deferred.start()
            return
        if tables & {"villages", "town"}:
            self._fill_scope()
        self.refresh()

    def refresh(self, *, figures: bool = True, reminders: bool = True) -> None:
        """Figures and charts, reminders, or both, on today's date: at once for a town's file, in a worker
        thread for a large one (the page says it is counting; a request meanwhile runs when the worker ends)."""
        if not self.in_background():
            if figures:
                self.refresh_figures()
            if reminders:
                self.refresh_reminders()
            return
        if self._loader is not None:
            self._again = (self._again[0] or figures, self._again[1] or reminders)
            return
        if workers.stopping():
            return  # the window is closing: nothing new behind it
        day = clock.today()
        self._loader = _Loader(self.db, day, self.village_id(), figures, reminders, self, self.town_key())
        self._loader.finished.connect(self._loader_done)
        if not workers.start(self._loader):
            self._loader = None
            return
        self.as_of.setText(f"（正在统计 {day.isoformat()} 的数据……）")
        self._ensure_charts()  # pyqtgraph loads and the charts are built while the worker counts

    def in_background(self) -> bool:
        return bool(database_file(self.db)) and count_members(self.db)["全部"] >= BACKGROUND_FROM

    def is_loading(self) -> bool:
        """Counting in the worker, or about to (the first show's refresh waits for the first paint)."""
        return self._loader is not None or (self._deferred.isActive() and self.in_background())

    def _loader_done(self) -> None:
        loader, self._loader = self._loader, None
        if loader is None:
            return
        again = self._again
        self._again = (False, False)
        if loader.error:
            self.as_of.setText(f"（统计失败：{loader.error}）")
        else:
            if loader.stats is not None:
                if (loader.village_id, loader.town_key) == (self.village_id(), self.town_key()):
                    self._show_stats(loader.stats)
                else:  # the clerk chose another village (or town) meanwhile
                    again = (True, again[1])
            if loader.reminders is not None:
                self._reminders_town = loader.town_key
                self._show_reminders(loader.reminders)
                if loader.town_key != self.town_key():
                    again = (again[0], True)
        if any(again):
            self.refresh(figures=again[0], reminders=again[1])

    def _refresh_all(self) -> None:
        if not self.isVisible():  # the clerk (or `screenshot --page`) went on before the first paint: when shown
            self.mark_stale()
            return
        self._fill_scope()
        self.refresh()

    def _fill_scope(self) -> None:
        current = self.scope.currentData()
        self.scope.blockSignals(True)
        self.scope.clear()
        from models import exchange, town_filter
        district = exchange.is_district(self.db)
        self.scope.addItem("全区（县）" if district else "全镇", None)
        for t in town_filter.choices(self.db):  # a district's database: one town's figures and reminders
            self.scope.addItem(t.name, f"{TOWN_PREFIX}{t.key}")
        labels = town_filter.village_labels(self.db) if district else {}
        for v in list_villages(self.db):
            self.scope.addItem(labels.get(v.id, v.name), v.id)
        self.scope.setCurrentIndex(max(0, self.scope.findData(current)) if current is not None else 0)
        self.scope.blockSignals(False)

    def village_id(self) -> int | None:
        value = self.scope.currentData()
        return int(value) if isinstance(value, int) else None

    def town_key(self) -> str | None:
        """The town of a district's database chosen in 范围 (its figures and reminders), else None."""
        value = self.scope.currentData()
        return value[len(TOWN_PREFIX):] if isinstance(value, str) and value.startswith(TOWN_PREFIX) else None

    def _scope_changed(self) -> None:
        """Another village: its figures (the reminders stay the whole file's); another town: its reminders too."""
        self.refresh(reminders=self.town_key() != self._reminders_town)

    def refresh_figures(self) -> None:
        self._show_stats(home.stats(self.db, clock.today(), self.village_id(), town_key=self.town_key()))

    def _show_stats(self, s: home.Stats) -> None:
        self.as_of.setText(f"（按 {s.as_of.isoformat()} 计算）")
        self.stats = s
        figures = s.as_json()
        for key, tile in self.tiles.items():
            tile.set_value(int(figures.get(key, 0)), warn=key == "rectification_overdue")
        weak = figures.get("weak_villages", 0)
        self.tiles["weak_villages_covered"].setText(
            f"{figures.get('weak_villages_covered', 0)} / {weak}\n“四个一”配齐")
        self.tiles["weak_villages_covered"].setToolTip(
            f"{weak} 个强基村中，{figures.get('weak_villages_covered', 0)} 个“四个一”已配齐；点击打开四个一帮扶")
        self._ensure_charts()
        self._fill_village_chart()
        c = self.charts
        c["ages"].set_data([b for b, _, _ in s.age_bands], [[m for _, m, _ in s.age_bands],
                                                            [w for _, _, w in s.age_bands]],
                           [_short_band(b) for b, _, _ in s.age_bands])
        c["education"].set_data([b for b, _ in s.education_bands], [[n for _, n in s.education_bands]],
                                [_short_education(b) for b, _ in s.education_bands])
        c["decades"].set_data([d for d, _ in s.join_decades], [[n for _, n in s.join_decades]],
                              [d[2:] for d, _ in s.join_decades])  # 1980年代 → 80年代
        c["category"].set_data(["正式党员", "预备党员"], [[s.full, s.probationary]])
        work = c["work"]
        work.set_data(["强基村", "“四个一”配齐", "整改未销号", "整改逾期"],
                      [[weak, figures.get("weak_villages_covered", 0), figures.get("rectification_open", 0),
                        figures.get("rectification_overdue", 0)]])

    def _ensure_charts(self) -> None:
        """Built on the first refresh, not with the window: pyqtgraph loads only when the page is first shown."""
        if self.charts:
            return
        from .charts import BarChart
        specs = (("village", "各村（社区）在册党员", ("党员",), True), ("ages", "年龄结构", ("男", "女"), False),
                 ("education", "学历", ("人数",), False), ("decades", "入党年代", ("人数",), False),
                 ("category", "正式党员与预备党员", ("人数",), False),
                 ("work", "“四个一”与整改", ("数量",), False))
        # (row, column, rows, columns): the villages down the left, the small charts beside, the work below
        places = {"village": (0, 0, 2, 1), "ages": (0, 1, 1, 1), "education": (1, 1, 1, 1),
                  "decades": (2, 0, 1, 1), "category": (2, 1, 1, 1), "work": (3, 0, 1, 2)}
        for key, title, series, horizontal in specs:
            chart = BarChart(title, series, horizontal=horizontal)
            chart.setObjectName(f"chart_{key}")
            chart.setMinimumHeight(230)
            chart.bar_clicked.connect(lambda c, s, k=key: self._bar_clicked(k, c, s))
            save = QPushButton("保存图片…")
            save.setObjectName(f"save_{key}")
            save.clicked.connect(lambda _c=False, k=key: self.save_chart(k))
            box = QWidget()
            bl = QVBoxLayout(box)
            bl.setContentsMargins(0, 0, 0, 0)
            bl.addWidget(chart, 1)
            bl.addWidget(save, 0, Qt.AlignmentFlag.AlignRight)
            self.charts[key] = chart
            self.chart_grid.addWidget(box, *places[key])
        self.chart_grid.setColumnStretch(0, 1)
        self.chart_grid.setColumnStretch(1, 1)

    def village_rows(self) -> list[tuple[int, str, int]]:
        """The villages of the chart: all of a town's; beyond MAX_VILLAGE_BARS (a district-sized file) the ones
        with the most members, and the caption says so."""
        rows = list(self.stats.by_village) if self.stats else []
        if self.sort_by_count.isChecked() or len(rows) > MAX_VILLAGE_BARS:
            rows.sort(key=lambda r: -r[2])
        return rows[:MAX_VILLAGE_BARS]

    def _fill_village_chart(self) -> None:
        if not self.charts:
            return
        rows = self.village_rows()
        total = len(self.stats.by_village) if self.stats else 0
        chart = self.charts["village"]
        chart.caption.setText(chart.title if total <= MAX_VILLAGE_BARS else
                              f"{chart.title}（党员最多的 {MAX_VILLAGE_BARS} 个，共 {total} 个）")
        chart.setMinimumHeight(max(230, 22 * len(rows) + 60))
        chart.set_data([name for _, name, _ in rows], [[n for _, _, n in rows]])

    # ---- click-throughs -----------------------------------------------------------------------------------
    def _figure_clicked(self, key: str, target: str) -> None:
        day, village, town = clock.today(), self.village_id(), self.town_key()
        where = self.scope.currentText()
        if target == "members":
            ids = None if village is None and town is None else home.member_ids(self.db, day, village, town_key=town)
            self.show_members.emit(None if ids is None else set(ids), f"{where}的在册党员")
        elif target.startswith("members:"):
            category = target.split(":", 1)[1]
            self.show_members.emit(set(home.member_ids(self.db, day, village, category=category, town_key=town)),
                                   f"{where}的{category}")
        else:
            page, _, name = target.partition(":")
            self.open_page.emit(page, name)

    def _bar_clicked(self, key: str, c: int, s: int) -> None:
        if self.stats is None:
            return
        day, village, where = clock.today(), self.village_id(), self.scope.currentText()
        town = self.town_key()
        chart = self.charts[key]
        category = chart.categories[c]
        if key == "village":
            vid = self.village_rows()[c][0]
            self.show_members.emit(set(home.member_ids(self.db, day, vid)), f"{category}的在册党员")
        elif key == "ages":
            gender = ("男", "女")[s]
            self.show_members.emit(set(home.member_ids(self.db, day, village, band=category, gender=gender,
                                                       town_key=town)), f"{where}{category}的{gender}党员")
        elif key == "education":
            self.show_members.emit(set(home.member_ids(self.db, day, village, education=category, town_key=town)),
                                   f"{where}学历为{category}的党员")
        elif key == "decades":
            self.show_members.emit(set(home.member_ids(self.db, day, village, decade=category, town_key=town)),
                                   f"{where}{category}入党的党员")
        elif key == "category":
            self.show_members.emit(set(home.member_ids(self.db, day, village, category=category, town_key=town)),
                                   f"{where}的{category}")
        elif key == "work":
            self.open_page.emit(("four-ones", "four-ones", "supervision", "supervision")[c],
                                ("", "", "", "overdue")[c])

    def save_chart(self, key: str) -> str:
        chart = self.charts[key]
        suggested = f"{self.scope.currentText()}{chart.title}_{clock.today().isoformat()}.png"
        path = dialogs.save_file(self, f"保存图表“{chart.title}”", suggested, PNG_FILTER, suffix=".png")
        if not path:
            return ""
        if not chart.save_png(path):
            from ui import messages
            messages.error(self, f"无法保存图片“{path}”：请检查文件夹是否可写")
            return ""
        return path

    # ---- reminders ----------------------------------------------------------------------------------------
    def refresh_reminders(self) -> None:
        self._reminders_town = self.town_key()
        self._show_reminders(home.current(self.db, clock.today(), town_key=self._reminders_town))

    def _show_reminders(self, reminders: tuple[list[Reminder], list[home.Handled]]) -> None:
        self._reminders = reminders
        open_, handled = reminders
        self.rows = list(open_) + (list(handled) if self.show_handled.isChecked() else [])
        self.rows.sort(key=lambda r: (r.reminder if isinstance(r, home.Handled) else r).date)
        self.model.set_rows(self.rows)
        self.table.setColumnHidden(4, not self.show_handled.isChecked())  # 状态 says something only then
        for column in (0, 1, 2, 4):
            self.table.resizeColumnToContents(column)
        for column, most in ((1, 90), (2, 130)):  # a long subject (a problem's description) leaves 事由 room
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), most))
        self.reminder_count.setText(f"待办 {len(open_)} 条" + (f"，已办 {len(handled)} 条" if handled else ""))
        self._follow_selection()

    def current_row(self) -> Any:
        row = self.table.currentIndex().row()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _follow_selection(self) -> None:
        row = self.current_row()
        handled = isinstance(row, home.Handled)
        allow(self.mark, self.db, "edit", row is not None and not handled)
        allow(self.unmark_button, self.db, "edit", handled)
        self.open_button.setEnabled(row is not None)

    def _open_reminder(self, index: int) -> None:
        if 0 <= index < len(self.rows):
            row = self.rows[index]
            r = row.reminder if isinstance(row, home.Handled) else row
            if r.record:
                self.open_record.emit(r.record)

    def mark_current(self) -> bool:
        row = self.current_row()
        if row is None or isinstance(row, home.Handled) or self.events is None:
            return False
        dialog = FormDialog("标记提醒已办", self, ok_text="标记已办")
        text = QLabel(f"{row.village} {row.subject}\n{row.reason}")
        text.setWordWrap(True)
        dialog.form.addRow("提醒：", text)
        note = QLineEdit()
        note.setObjectName("note")
        note.setPlaceholderText("如：已于 12 月 1 日召开支部大会讨论转正（可不填）")
        note.setMinimumWidth(360)
        dialog.form.addRow("办理说明：", note)
        dialog.note = note  # type: ignore[attr-defined]
        events = self.events
        dialog.on_save = lambda: events.write(dialog, lambda: home.mark_handled(self.db, row, note.text()))
        return run(dialog)

    def unmark_current(self) -> bool:
        row = self.current_row()
        if not isinstance(row, home.Handled) or self.events is None:
            return False
        return self.events.write(self, lambda: home.unmark(self.db, row.reminder))
