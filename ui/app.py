"""Starting the window (`run_window`) and rendering it offscreen into a PNG (`screenshot`) for main.py."""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from PySide6.QtCore import (
    QLibraryInfo,
    QLocale,
    QMessageLogContext,
    Qt,
    QTimer,
    QtMsgType,
    QTranslator,
    qInstallMessageHandler,
)
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from models.db import LedgerDB
from ui import workers

STARTUP_BACKUP_DELAY_MS = 3000
CJK_FONTS = ("Microsoft YaHei", "微软雅黑", "WenQuanYi Micro Hei", "文泉驿微米黑", "Noto Sans CJK SC",
             "Source Han Sans SC", "PingFang SC", "SimHei", "Droid Sans Fallback")


def make_app() -> QApplication:
    """The QApplication with the program's names and a Chinese-capable font."""
    from ui.main_window import APPLICATION, ORGANIZATION
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    from ui.main_window import PROGRAM_NAME
    app.setApplicationDisplayName(PROGRAM_NAME)
    install_translations(app)
    families = set(QFontDatabase.families())
    for family in CJK_FONTS:
        if family in families:
            font = QFont(family)
            font.setPointSize(10)
            app.setFont(font)
            break
    return app


QT_CATALOGS = ("qtbase_zh_CN", "qt_zh_CN")
# Strings Qt's own zh_CN catalog lacks (seen in the file dialog): (context, source) → Chinese.
MISSING_ZH = {("QFileDialog", "&Look in:"): "查找范围(&L)：", ("QFileDialog", "Files of &type:"): "文件类型(&T)："}


class _Supplement(QTranslator):
    """The few Qt strings the shipped catalog does not translate."""

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        return MISSING_ZH.get((context, source))  # None (a null QString): not mine, ask the next catalog

    def isEmpty(self) -> bool:
        return False


def install_translations(app: QApplication) -> list[str]:
    """Qt's own Chinese (message box buttons, file and print dialogs), once per application. Returns the
    catalogs loaded; a missing one is skipped (the program's own texts are Chinese anyway)."""
    loaded = getattr(app, "gl_translators", None)
    if loaded is not None:
        return [name for name, _ in loaded]
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    kept: list[tuple[str, QTranslator]] = []
    for name in QT_CATALOGS:
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            kept.append((name, translator))
    supplement = _Supplement(app)
    app.installTranslator(supplement)
    kept.append(("supplement", supplement))
    app.gl_translators = kept  # type: ignore[attr-defined]  # a translator must live as long as the app
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    return [name for name, _ in kept]


def run_window(db_path: Path) -> int:
    """The program: lock, check, open and back up the database (ui.startup), sign in (or offer to create the
    first administrator), then the main window with every area. 0 on a normal exit (also 退出 at the login), 1
    when it cannot start."""
    app = make_app()
    from models.accounts import logout
    from models.org import get_town
    from ui.areas import ask_first_admin_after_setup, install_areas
    from ui.main_window import MainWindow
    from ui.safety.login_dialog import startup_flow
    from ui.startup import shutdown, startup_checks, tick
    db = startup_checks(db_path, backup_now=False)
    if db is None:
        return 1
    if not startup_flow(db, None, offer_first_admin=get_town(db) is not None):
        shutdown(db)
        return 0  # the clerk chose 退出 at the login: a normal end, not a failure
    window = MainWindow(db)
    window.events.watch_outside()  # the command line may write beside the open window
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
    from ui.areas import PAGES
    return [spec.key for spec in PAGES]


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
    from ui.areas import install_areas
    from ui.main_window import MainWindow
    window = MainWindow(db, remember=False, load_in_background=False, lazy_pages=True)  # the tree when shown
    if window.first_run is None:
        window.show_page(page)  # before the areas go in: only the page asked for is built
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
