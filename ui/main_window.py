"""The main window: the navigation list of the program's areas, one page per area (placeholders marked 即将推出
until another part plugs its page in with `set_page`), the status bar counts, the first-run setup, and the window
state kept in QSettings."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QCloseEvent, QColor, QGuiApplication
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models.db import LedgerDB
from models.members import count_members, database_file, probation_due, probation_end
from models.org import get_town, list_villages
from ui import workers
from ui.areas import PAGES
from ui.events import EVERYTHING, DataEvents
from ui.members.page import MembersPage
from ui.organization.first_run import FirstRunPage
from ui.organization.page import OrgPage
from ui.page import Page

ORGANIZATION, APPLICATION = "GridLedger", "GridLedger"
PROGRAM_NAME = "网格党建台账"  # also the application display name (ui.app.make_app)
SOON = "即将推出"
_SOON_BRUSH = QBrush(QColor("#999999"))


WANTED_SIZE = QSize(1366, 768)
FRAME = QSize(16, 48)  # what a window manager's title bar and borders add, at most, around the window


def first_geometry(available: QRect, wanted: QSize = WANTED_SIZE) -> QRect | None:
    """Where the window opens the first time: `wanted` centred in the screen's available area (without the
    taskbar) when it fits with its frame, else None — open maximized, so the status bar stays on screen."""
    if wanted.width() + FRAME.width() > available.width() or wanted.height() + FRAME.height() > available.height():
        return None
    rect = QRect(0, 0, wanted.width(), wanted.height())
    rect.moveCenter(available.center())
    return rect


def app_settings() -> QSettings:
    """The program's settings (an ini file in the user's config folder; tests point it at tmp_path)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)


class PlaceholderPage(QWidget):
    """An area not built yet: its name, 即将推出, and one line on what it will do."""

    def __init__(self, title: str, parent: QWidget | None = None, what: str = "") -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 20, 60, 20)
        layout.addStretch(1)
        label = QLabel(f"{title}　·　{SOON}")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setStyleSheet("font-size: 22px; color: #888888;")
        layout.addWidget(label)
        layout.addSpacing(12)
        self.what = QLabel(what)
        self.what.setObjectName("coming")
        self.what.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.what.setWordWrap(True)
        self.what.setStyleSheet("font-size: 15px; color: #555555;")
        layout.addWidget(self.what)
        layout.addStretch(2)


class MainWindow(QMainWindow):
    closed = Signal()  # the window closed and every worker thread has ended: the program may quit

    def __init__(self, db: LedgerDB, events: DataEvents | None = None, *, remember: bool = True,
                 load_in_background: bool = True, lazy_pages: bool | None = None) -> None:
        """lazy_pages (default: load_in_background): the organization tree is built when its page is first
        shown, not before the window shows (thousands of nodes at 100,000 members)."""
        super().__init__()
        workers.reopen()
        self.db = db
        self.events = events or DataEvents(db, self)
        self.remember = remember
        self.pages: dict[str, QWidget] = {}
        self._factories: dict[str, Callable[[], QWidget]] = {}  # pages not built yet (set_lazy_page)
        self.items: dict[str, QListWidgetItem] = {}
        self.outer = QStackedWidget()
        self.setCentralWidget(self.outer)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(0, 0))
        self.nav.setMinimumWidth(150)
        self.nav.setMaximumWidth(260)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setStyleSheet("QListWidget { font-size: 15px; } QListWidget::item { padding: 8px 10px; }")
        self.stack = QStackedWidget()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([196, 1170])
        self.splitter.setCollapsible(0, False)
        self.org_page = OrgPage(db, self.events, defer=load_in_background if lazy_pages is None else lazy_pages)
        self.members_page = MembersPage(db, self.events)
        for spec in PAGES:
            key, title = spec.key, spec.title
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
            self.items[key] = item
            widget: QWidget
            if key == "organization":
                widget = self.org_page
            elif key == "members":
                widget = self.members_page
            else:
                widget = PlaceholderPage(title, what=spec.coming)
                item.setText(f"{title} · {SOON}")
                item.setForeground(_SOON_BRUSH)
            self.pages[key] = widget
            self.stack.addWidget(widget)
        self.nav.currentRowChanged.connect(self._nav_changed)
        self.org_page.show_members.connect(self._show_members_of)
        self.first_run: FirstRunPage | None = None
        self.outer.addWidget(self.splitter)
        self.counts = QLabel()
        self.probation = QLabel()
        self.probation.setObjectName("probation")
        self.probation.linkActivated.connect(lambda _link: self.show_probationary())
        self.statusBar().addPermanentWidget(self.probation)
        self.statusBar().addPermanentWidget(self.counts)
        self.events.changed.connect(self._data_changed)
        self.resize(1366, 768)
        self.restore_state()
        if get_town(db) is None:
            self._start_first_run()
        else:
            self._start(load_in_background)

    def _data_changed(self, tables: frozenset[str]) -> None:
        """The status bar (counts, reminders) and the title follow every write."""
        if tables & {"members", "villages", "grids", "town"} or tables is EVERYTHING:
            self.refresh_status()
        if "town" in tables:
            self.refresh_title()

    # ---- pages --------------------------------------------------------------------------------------------
    def set_page(self, key: str, title: str, widget: QWidget) -> None:
        """Plug a real page in for an area (replacing its placeholder, or adding a new area)."""
        old = self.pages.get(key)
        if key not in self.items:
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
            self.items[key] = item
        item = self.items[key]
        item.setText(title)
        item.setData(Qt.ItemDataRole.ForegroundRole, None)
        current = self.stack.currentWidget() is old and old is not None
        if old is not None:
            index = self.stack.indexOf(old)
            self.stack.insertWidget(index, widget)
            self.stack.removeWidget(old)
            old.deleteLater()
        else:
            self.stack.addWidget(widget)
        self.pages[key] = widget
        if self.remember:
            self._restore_table(key, widget, app_settings())
        if current:
            self.stack.setCurrentWidget(widget)

    def set_lazy_page(self, key: str, title: str, build: Callable[[], QWidget]) -> None:
        """Plug in an area's page to be built when it is first shown or asked for (`page`): the window opens
        without importing and building every area. A page already built (a change of user) is dropped, to be
        built again for the new role; the page on screen is built at once."""
        current = self.current_page() == key
        self.set_page(key, title, QWidget())
        self._factories[key] = build
        if current:
            self.page(key)

    def page(self, key: str) -> QWidget:
        """The area's page, built now if it was not yet (set_lazy_page)."""
        build = self._factories.pop(key, None)
        if build is not None:
            self.set_page(key, self.items[key].text(), build())
        return self.pages[key]

    def is_built(self, key: str) -> bool:
        return key in self.pages and key not in self._factories

    def current_page(self) -> str:
        item = self.nav.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else ""

    def show_page(self, key: str) -> None:
        if key not in self.items:
            raise KeyError(key)
        self.nav.setCurrentItem(self.items[key])

    def _nav_changed(self, row: int) -> None:
        item = self.nav.item(row)
        if item is not None:
            self.stack.setCurrentWidget(self.page(str(item.data(Qt.ItemDataRole.UserRole))))

    def _show_members_of(self, village_id: object, grid_id: object) -> None:
        self.members_page.set_node(village_id, grid_id)  # type: ignore[arg-type]
        self.show_page("members")

    # ---- first run and start ------------------------------------------------------------------------------
    def _start_first_run(self) -> None:
        self.first_run = FirstRunPage(self.db)
        self.outer.insertWidget(0, self.first_run)
        self.outer.setCurrentWidget(self.first_run)
        self.first_run.finished.connect(self._first_run_done)
        self.refresh_title()
        self.statusBar().showMessage("请先设置本镇（街道）信息")

    def _first_run_done(self) -> None:
        self.outer.setCurrentWidget(self.splitter)
        if self.first_run is not None:
            self.outer.removeWidget(self.first_run)
            self.first_run.deleteLater()
            self.first_run = None
        self.statusBar().clearMessage()
        self.events.everything_changed()  # an empty database was just set up (or filled with sample data)
        # a fresh town starts with 组织 (villages and grids come first). show_page also *selects* the item: the
        # list may have made a row current on focus without selecting it, so nothing looked highlighted.
        self.show_page("members" if list_villages(self.db) else "organization")

    def _start(self, load_in_background: bool) -> None:
        self.outer.setCurrentWidget(self.splitter)
        self.show_page("home" if "home" in self.items else "members")  # 首页 is the first page, every start
        self.refresh_title()
        self.refresh_status()
        if load_in_background:
            QTimer.singleShot(0, self.members_page, self._load_members)  # after the window is shown
        else:
            self.members_page.reload(sync=True)

    def _load_members(self) -> None:
        """Every member into the 党员 page's cache, in its worker thread — once the page the clerk sees first
        (首页, counting a large file in its own worker) has its data: two workers at once share the interpreter
        and each would take twice as long."""
        page = self.stack.currentWidget()
        if isinstance(page, Page) and page is not self.members_page and page.is_loading():
            QTimer.singleShot(50, self.members_page, self._load_members)
            return
        self.members_page.reload()

    def refresh_title(self) -> None:
        town = get_town(self.db)
        name = town.name if town else "未设置镇（街道）"
        read_only = "（只读）" if self.db.read_only else ""
        # the program's name last: Qt adds the application display name to a title that does not end with it
        self.setWindowTitle(f"{name} — {database_file(self.db) or '内存数据库'}{read_only} — {PROGRAM_NAME}")

    def refresh_status(self) -> None:
        c = count_members(self.db)
        self.counts.setText(f"在册党员 {c['在册']} 名：正式党员 {c['正式党员']} 名，预备党员 {c['预备党员']} 名"
                            + (f"　（全部记录 {c['全部']} 条）" if c["全部"] != c["在册"] else ""))
        due = probation_due(self.db)
        self.probation.setVisible(bool(due))
        if due:  # DOMAIN: remind the clerk 30 days before a 预备党员's year of probation ends
            self.probation.setText(f"<a href='#' style='color:#a05a00'>预备期 30 天内期满：{len(due)} 名</a>")
            lines = [f"{m.village_name} {m.name}：{m.join_date} 入党，{probation_end(m.join_date)} 预备期满"
                     for m in due[:15]]
            more = [f"……共 {len(due)} 名"] if len(due) > 15 else []
            self.probation.setToolTip("\n".join(lines + more + ["点击查看这些预备党员，及时讨论转正"]))

    def show_probationary(self) -> None:
        """The status-bar link: exactly the 预备党员 whose probation ends within 30 days, not all of them."""
        due = probation_due(self.db)
        self.members_page.show_only({m.id for m in due if m.id is not None},
                                    f"预备期 30 天内期满的 {len(due)} 名预备党员")
        self.show_page("members")

    # ---- settings -----------------------------------------------------------------------------------------
    def fit_screen(self) -> None:
        """First launch: open within the available screen area, maximized if the usual size does not fit."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        rect = first_geometry(screen.availableGeometry()) if screen is not None else None
        if rect is None:
            if screen is not None:
                self.setGeometry(screen.availableGeometry())
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        else:
            self.setGeometry(rect)

    def restore_state(self) -> None:
        if not self.remember:
            return
        s = app_settings()
        geometry = s.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.fit_screen()
        splitter = s.value("main/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        self.org_page.restore_state(s)
        self.members_page.restore_state(s)

    def save_state(self) -> None:
        if not self.remember:
            return
        s = app_settings()
        s.setValue("main/geometry", self.saveGeometry())
        s.setValue("main/splitter", self.splitter.saveState())
        self.org_page.save_state(s)
        self.members_page.save_state(s)
        for key, page in self.pages.items():
            table = getattr(page, "table", None)
            if key not in ("organization", "members") and isinstance(table, QTableView):
                s.setValue(f"{key}/header", table.horizontalHeader().saveState())
        s.sync()

    @staticmethod
    def _restore_table(key: str, page: QWidget, settings: QSettings) -> None:
        """Column widths of a plugged-in page's table (操作日志, 备份与恢复 …), as the clerk left them."""
        table = getattr(page, "table", None)
        state = settings.value(f"{key}/header")
        if isinstance(table, QTableView) and state is not None:
            table.horizontalHeader().restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save the window state, cancel every running worker (report, import, export, backup check) and wait
        for all of them: a QThread destroyed while it runs aborts the program."""
        self.save_state()
        self.members_page.search_timer.stop()  # a pending keystroke must not search a closed database
        workers.stop_all()
        self.members_page.wait_loaded()
        super().closeEvent(event)
        self.closed.emit()
