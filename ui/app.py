"""Starting the window (`run_window`) and rendering it offscreen into a PNG (`screenshot`) for main.py."""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, Qt, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from models.db import LedgerDB

from . import workers

STARTUP_BACKUP_DELAY_MS = 3000
CJK_FONTS = ("Microsoft YaHei", "微软雅黑", "WenQuanYi Micro Hei", "文泉驿微米黑", "Noto Sans CJK SC",
             "Source Han Sans SC", "PingFang SC", "SimHei", "Droid Sans Fallback")


def make_app() -> QApplication:
    """The QApplication with the program's names and a Chinese-capable font."""
    from .main_window import APPLICATION, ORGANIZATION
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("网格党建台账")
    families = set(QFontDatabase.families())
    for family in CJK_FONTS:
        if family in families:
            font = QFont(family)
            font.setPointSize(10)
            app.setFont(font)
            break
    return app


def run_window(db_path: Path) -> int:
    """The program: lock, check, open and back up the database (ui.startup), sign in (or offer to create the
    first administrator), then the main window with every area. 0 on a normal exit, 1 when it cannot start."""
    app = make_app()
    from models.accounts import logout
    from models.org import get_town

    from .areas import ask_first_admin_after_setup, install_areas
    from .login_dialog import startup_flow
    from .main_window import MainWindow
    from .startup import shutdown, startup_checks, tick
    db = startup_checks(db_path, backup_now=False)
    if db is None:
        return 1
    if not startup_flow(db, None, offer_first_admin=get_town(db) is not None):
        shutdown(db)
        return 1
    window = MainWindow(db)
    install_areas(window, db_path)
    ask_first_admin_after_setup(window)
    app.aboutToQuit.connect(workers.stop_all)  # quitting another way (lock screen, session end) stops them too
    app.aboutToQuit.connect(lambda: logout(db) if db.user and not db.read_only else None)
    # a dialog still open (import, progress) would keep the program running after the window closed
    window.closed.connect(app.quit, Qt.ConnectionType.QueuedConnection)
    window.show()
    QTimer.singleShot(STARTUP_BACKUP_DELAY_MS, lambda: tick(db))  # the day's backup, once the window is up
    return app.exec()


def page_names() -> list[str]:
    from .main_window import PAGES
    return [key for key, _ in PAGES]


def parse_size(size_str: str) -> tuple[int, int] | None:
    m = re.fullmatch(r"\s*(\d{3,5})\s*[xX×*]\s*(\d{3,5})\s*", size_str or "")
    if not m:
        return None
    w, h = int(m[1]), int(m[2])
    return (w, h) if 320 <= w <= 8000 and 240 <= h <= 8000 else None


def _quiet_offscreen(_mode: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    """The offscreen platform warns about every shown window; keep other messages."""
    if "propagateSizeHints" not in message:
        sys.stderr.write(message + "\n")


def screenshot(db: LedgerDB, page: str, out_path: Path, size_str: str = "1366x768") -> int:
    """Render the main window offscreen on `page` at `size_str` and save a PNG. 0 ok, 2 bad arguments."""
    names = page_names()
    if page not in names:
        print(f"参数错误：没有名为“{page}”的页面。可用的页面：{'、'.join(names)}", file=sys.stderr)
        return 2
    size = parse_size(size_str)
    if size is None:
        print(f"参数错误：尺寸“{size_str}”应写成 宽x高，如 1366x768", file=sys.stderr)
        return 2
    if QApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        qInstallMessageHandler(_quiet_offscreen)
    app = make_app()
    from .areas import install_areas
    from .main_window import MainWindow
    window = MainWindow(db, remember=False, load_in_background=False, lazy_pages=True)  # the tree when shown
    install_areas(window)
    window.resize(*size)
    if window.first_run is None:
        window.show_page(page)
    window.show()
    for _ in range(3):
        app.processEvents()
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    ok = window.grab().save(str(out_path), "PNG")
    window.close()  # stops and waits for every worker (ui.workers)
    workers.stop_all()
    if not ok:
        print(f"错误：无法保存图片到 {out_path}", file=sys.stderr)
        return 1
    print(f"已保存 {out_path}（{size[0]}x{size[1]}，页面 {page}）")
    return 0
