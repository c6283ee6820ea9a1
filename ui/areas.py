"""The program's pages, in navigation order (PAGES: one line per area), and putting them into the main window:
the real page of every area built so far, the 账户 menu (用户管理, 修改密码, 切换用户), the idle lock, and what
changes when the signed-in user changes.

MainWindow stays a frame of navigation and pages; this module knows which real page fills which area. A new
area adds one PageSpec line: its key (also `screenshot --page`), its name, and how to build its page.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QWidget

from models import accounts
from models.audit import can, has_accounts
from models.members import database_file
from ui.dialogs import run
from ui.safety.accounts_dialog import AccountsDialog
from ui.safety.idle_lock import IdleLock, install_idle_lock
from ui.safety.login_dialog import ChangePasswordDialog, first_admin_flow, switch_user

if TYPE_CHECKING:
    from ui.main_window import MainWindow


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    page: str = ""   # "module:Class" of the area's page; "" built by the window itself, or not built yet
    make: Callable[[type, MainWindow], QWidget] | None = None  # how to build it (default: Class(db, events))
    coming: str = ""  # for an area not built yet: one line on what it will do (its placeholder page)

    def page_class(self) -> type:
        """The page's class, imported when first needed (the window opens without every area's modules)."""
        module, _, name = self.page.partition(":")
        return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]

    def build(self, window: MainWindow) -> QWidget:
        cls = self.page_class()
        return self.make(cls, window) if self.make else cls(window.db, window.events)

    @property
    def built_here(self) -> bool:
        return bool(self.page)


PAGES: tuple[PageSpec, ...] = (
    PageSpec("home", "首页", "ui.home.page:HomePage"),  # the first page the program opens
    PageSpec("organization", "组织"),  # the window builds 组织 and 党员: the first run and the status bar need them
    PageSpec("members", "党员"),
    PageSpec("central-households", "中心户", "ui.households.page:HouseholdsPage"),
    PageSpec("reports", "报表", "ui.printing.page:ReportsPage", lambda cls, w: cls(w.db, events=w.events)),
    PageSpec("four-ones", "四个一帮扶", "ui.assistance.page:AssistancePage"),
    PageSpec("supervision", "监督", "ui.supervision.page:SupervisionPage"),
    PageSpec("secretaries", "书记备案", "ui.secretaries.page:SecretariesPage"),
    PageSpec("decisions", "议事决策", "ui.decisions.page:DecisionsPage"),
    PageSpec("exchange", "数据交换", "ui.exchange.page:ExchangePage"),
    PageSpec("conflicts", "冲突", "ui.exchange.conflicts_page:ConflictsPage"),  # shown for a district's database
    PageSpec("audit", "操作日志", "ui.safety.audit_page:AuditPage", lambda cls, w: cls(w.db)),
    PageSpec("backup", "备份与恢复", "ui.safety.backup_page:BackupPage",
             lambda cls, w: cls(w.db, w.db_path, events=w.events)),  # type: ignore[attr-defined]
)


def install_areas(window: MainWindow, db_path: str | Path | None = None) -> None:
    """Fill the areas built so far and add the 账户 menu (once)."""
    db = window.db
    path = Path(db_path) if db_path else Path(database_file(db))
    window.db_path = path  # type: ignore[attr-defined]
    for spec in PAGES:
        if spec.built_here:  # built when first shown (or asked for): opening the window imports no area
            window.set_lazy_page(spec.key, spec.title, lambda spec=spec: _build(window, spec))
    from models.exchange import is_district
    window.items["conflicts"].setHidden(not is_district(db))  # a town's database has no merge conflicts
    if not hasattr(window, "account_menu"):
        _install_once(window)
    refresh_user(window)


def _build(window: MainWindow, spec: PageSpec) -> QWidget:
    page = spec.build(window)
    _connect_navigation(window, page)
    return page


def _page_shown(window: MainWindow) -> None:
    """报表 prints 'the members the current search shows' when the clerk comes from the 党员 page."""
    if window.current_page() != "reports":
        return
    set_query = getattr(window.page("reports"), "set_query", None)
    if set_query is not None:
        set_query(window.members_page.current_query())






def _connect_navigation(window: MainWindow, page: QWidget) -> None:
    """A page asks the window to go elsewhere through these signals (UI areas never import each other)."""
    for name, go in (("open_page", navigate), ("show_members", show_members), ("open_record", open_record)):
        signal = getattr(page, name, None)
        if signal is not None:
            signal.connect(lambda *args, go=go: go(window, *args))


def navigate(window: MainWindow, key: str, name: str = "") -> None:
    """Show page `key`; a page with `apply_filter(name)` shows what the name says (e.g. "overdue")."""
    if key not in window.items:
        return
    window.show_page(key)
    apply = getattr(window.page(key), "apply_filter", None)
    if name and apply is not None:
        apply(name)


def show_members(window: MainWindow, ids: set[int] | None, caption: str = "") -> None:
    window.members_page.show_only(ids, caption)
    window.show_page("members")


def open_record(window: MainWindow, record: str) -> None:
    """Go to a record ("members:12", "villages:3", "sv_problems:7" …): the page that shows its table, with the
    record selected where the page can (`show_record(table, id)`)."""
    table, _, ident = record.partition(":")
    try:
        rid = int(ident)
    except ValueError:
        return
    if table == "members":
        show_members(window, {rid}, "提醒所指的党员")
        return
    if table in ("villages", "grids"):
        window.show_page("organization")
        window.org_page.select("village" if table == "villages" else "grid", rid)
        return
    for spec in PAGES:
        if not spec.built_here or spec.key == "home" or spec.key not in window.items:
            continue
        if table not in frozenset(getattr(spec.page_class(), "watches", frozenset())):
            continue
        window.show_page(spec.key)
        show = getattr(window.page(spec.key), "show_record", None)
        if show is not None:
            show(table, rid)
        return


def _install_once(window: MainWindow) -> None:
    """Connections and the menu that survive a change of user (the pages are rebuilt then)."""
    _connect_navigation(window, window.org_page)  # 组织 → 中心户 (确定党员中心户 from a grid)
    window.nav.currentRowChanged.connect(lambda _row: _page_shown(window))
    menu = window.menuBar().addMenu("账户(&A)")
    window.account_menu = menu  # type: ignore[attr-defined]
    acts = {
        "accounts": QAction("用户管理…", window),
        "password": QAction("修改密码…", window),
        "switch": QAction("切换用户…", window),
        "lock": QAction("锁定窗口", window),
    }
    acts["lock"].setShortcut(QKeySequence("Ctrl+L"))
    acts["accounts"].triggered.connect(lambda: open_accounts(window))
    acts["password"].triggered.connect(lambda: run(ChangePasswordDialog(window.db, window)))
    acts["switch"].triggered.connect(lambda: change_user(window))
    acts["lock"].triggered.connect(lambda: lock_now(window))
    for act in acts.values():
        menu.addAction(act)
        window.addAction(act)  # the shortcut works wherever the focus is in the window
    window.account_actions = acts  # type: ignore[attr-defined]
    window.idle_lock = install_idle_lock(window, window.db)  # type: ignore[attr-defined]


def refresh_user(window: MainWindow) -> None:
    """Menus and the status bar follow who is signed in (and whether the database has accounts at all)."""
    db = window.db
    acts = getattr(window, "account_actions", {})
    with_accounts = has_accounts(db)
    if acts:
        acts["accounts"].setText("用户管理…" if with_accounts else "创建管理员账户…")
        acts["accounts"].setEnabled(not with_accounts or can(db, "accounts"))
        for key in ("password", "switch", "lock"):
            acts[key].setEnabled(with_accounts and bool(db.user))
    who = f"当前用户：{db.user}（{db.role}）" if db.user else ("未设置用户" if not with_accounts else "未登录")
    if db.read_only:
        who += "　只读"
    label = getattr(window, "user_label", None)
    if label is None:
        label = QLabel()
        window.statusBar().addWidget(label)
        window.user_label = label  # type: ignore[attr-defined]
    label.setText(who)
    label.show()


def open_accounts(window: MainWindow) -> None:
    db = window.db
    if not has_accounts(db):
        if first_admin_flow(db, window, window.events):
            _user_changed(window)
        return
    dialog = AccountsDialog(db, window, window.events)
    lock: IdleLock | None = getattr(window, "idle_lock", None)
    if lock is not None:
        dialog.idle_minutes_changed.connect(lock.set_minutes)
    run(dialog)


def change_user(window: MainWindow) -> None:
    """切换用户: the old user is signed out; without a new login the window closes (nothing can be done)."""
    if switch_user(window.db, window):
        _user_changed(window)
    else:
        window.close()


def lock_now(window: MainWindow) -> None:
    lock: IdleLock | None = getattr(window, "idle_lock", None)
    if lock is not None:
        lock.lock(manual=True)


def _user_changed(window: MainWindow) -> None:
    """A different role sees different pages (操作日志), numbers (masked for 查阅) and buttons."""
    current = window.current_page()
    install_areas(window, getattr(window, "db_path", None))
    window.members_page.reload()
    window.org_page.show_detail()  # its buttons follow the new role at once
    lock: IdleLock | None = getattr(window, "idle_lock", None)
    if lock is not None:
        lock.set_minutes(accounts.idle_minutes(window.db))
    if current:
        window.show_page(current)


def ask_first_admin_after_setup(window: MainWindow) -> None:
    """On a brand-new database: once the town is set up, offer to create the administrator account."""
    if window.first_run is not None:
        window.first_run.finished.connect(lambda: _offer_first_admin(window))


def _offer_first_admin(window: MainWindow) -> None:
    refresh_user(window)  # the status bar's 未设置用户 was hidden under the first-run message
    if not has_accounts(window.db) and first_admin_flow(window.db, window, window.events):
        _user_changed(window)

