"""Idle lock: after N minutes without keyboard or mouse input the program's windows are covered and the
signed-in user's password is asked again. Nothing is closed: open dialogs and unsaved input stay as they were
under the covers, and input to them is held back until the password is given. Locking and unlocking are
written to the audit trail.

The main window calls `install_idle_lock(window, db)` once after signing in.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QPalette
from PySide6.QtWidgets import QApplication, QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from models import accounts, clock
from models.audit import has_accounts, log_event
from models.db import LedgerDB
from ui.safety.login_dialog import ERROR_STYLE, password_edit

INPUT_EVENTS = {QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.MouseButtonPress,
                QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick, QEvent.Type.Wheel,
                QEvent.Type.ShortcutOverride, QEvent.Type.Shortcut, QEvent.Type.InputMethod,
                QEvent.Type.TouchBegin, QEvent.Type.ContextMenu}
ACTIVITY_EVENTS = INPUT_EVENTS | {QEvent.Type.MouseMove}
WATCHED_EVENTS = ACTIVITY_EVENTS | {QEvent.Type.Close, QEvent.Type.Resize, QEvent.Type.Show}


class Cover(QWidget):
    """An opaque sheet over one window; the one over the main window holds the password panel."""

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, Qt.GlobalColor.darkGray)
        self.setPalette(palette)
        label = QLabel("网格党建台账 · 已锁定", self)
        label.setStyleSheet("color: white; font-size: 20px;")
        label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 48, 0, 0)  # above the password panel (placed at a third of the height)
        layout.addWidget(label)
        self.label = label
        self.setGeometry(host.rect())


class LockPanel(QDialog):
    """The password prompt: an application-modal window over the main window, so it takes input even when
    a modal dialog of the program is open underneath. It cannot be closed or escaped, only unlocked."""

    def __init__(self, user: str, parent: QWidget, *, manual: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle("窗口已锁定")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self.setFixedWidth(400)
        title = QLabel("窗口已锁定")
        title.setStyleSheet("font-size: 18px; font-weight: bold;")
        why = "" if manual else "长时间无操作，窗口已锁定。"  # a manual lock: the title says it all
        self.hint = hint = QLabel(f"{why}请输入用户 {user} 的密码继续；未保存的内容和打开的窗口都保持原样。")
        hint.setWordWrap(True)
        self.password = password_edit("密码")
        self.button = QPushButton("解锁")
        self.button.setDefault(True)
        self.message = QLabel()
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        # for a clerk who cannot unlock (another user at the desk, a forgotten password): end the program
        self.quit_button = QPushButton("退出程序…")
        self.quit_button.setAutoDefault(False)
        row = QHBoxLayout()
        row.addWidget(self.password, 1)
        row.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.quit_button, 0, Qt.AlignmentFlag.AlignRight)

    def reject(self) -> None:  # Esc does not unlock
        pass

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        event.ignore()


class IdleLock(QObject):
    """Application-wide event filter: restarts the idle timer on input, locks on timeout."""

    def __init__(self, window: QWidget, db: LedgerDB, minutes: int,
                 now: Callable[[], dt.datetime] | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.db = db
        self.now = now or clock.now
        self.covers: dict[QWidget, Cover] = {}
        self.panel: LockPanel | None = None
        self._focus: QWidget | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        self.set_minutes(minutes)
        QApplication.instance().installEventFilter(self)  # type: ignore[union-attr]

    @property
    def locked(self) -> bool:
        return self.panel is not None

    def set_minutes(self, minutes: int) -> None:
        self.minutes = minutes
        if minutes > 0:
            self.timer.start(minutes * 60_000)
        else:
            self.timer.stop()

    def uninstall(self) -> None:
        """Stop watching (the window closes for good); also done when the window is destroyed."""
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    # --- locking -------------------------------------------------------------------------------------------
    def lock(self, *, manual: bool = False) -> bool:
        """Cover every visible window and ask for the password (manual: 锁定窗口 / Ctrl+L, not idle time).
        Not done without a signed-in user."""
        if self.locked or not self.db.user or not has_accounts(self.db):
            return False
        self._focus = QApplication.focusWidget()
        self.timer.stop()
        for w in QApplication.topLevelWidgets():
            if w.isVisible() and self._coverable(w):
                self._cover(w)
        self.panel = LockPanel(self.db.user, self.window, manual=manual)
        self.panel.button.clicked.connect(self._try_unlock)
        self.panel.quit_button.clicked.connect(self._quit_clicked)
        self._place_panel()
        self.panel.show()
        self.panel.activateWindow()
        self.panel.password.setFocus()
        log_event(self.db, "锁定", "手动锁定窗口" if manual else f"无操作 {self.minutes} 分钟，窗口自动锁定")
        return True

    def _coverable(self, w: QWidget) -> bool:
        return w is not self.panel and not isinstance(w, LockPanel) and w.windowType() not in (
            Qt.WindowType.ToolTip, Qt.WindowType.Popup)

    def _cover(self, w: QWidget) -> Cover:
        cover = Cover(w)
        cover.show()
        cover.raise_()
        self.covers[w] = cover
        return cover

    def _place_panel(self) -> None:
        if self.panel is None:
            return
        self.panel.adjustSize()
        frame = self.window.frameGeometry()
        self.panel.move(frame.x() + max(0, (frame.width() - self.panel.width()) // 2),
                        frame.y() + max(0, (frame.height() - self.panel.height()) // 3))

    def unlock(self, password: str) -> bool:
        """Check the password (wrong ones count towards the login lock; an empty one is no try); True when the
        windows are uncovered."""
        if self.panel is None:
            return True
        if not password:  # Enter on an empty field is not a try: not counted, not logged as 登录失败
            self.panel.message.setText("请输入密码")
            self.panel.password.setFocus()
            return False
        try:
            accounts.verify_password(self.db, self.db.user, password, now=self.now())
        except accounts.LoginError as exc:
            self.panel.message.setText(str(exc))
            self.panel.password.clear()
            return False
        for cover in self.covers.values():
            try:
                cover.hide()
                cover.deleteLater()
            except RuntimeError:  # its window was closed meanwhile
                pass
        self.covers.clear()
        panel, self.panel = self.panel, None
        panel.hide()
        panel.deleteLater()
        log_event(self.db, "解锁", "输入密码后解锁")
        if self._focus is not None:
            self._focus.setFocus()
        self.set_minutes(self.minutes)
        return True

    QUIT_CONFIRM = "再点一次确认退出（未保存的内容将丢失）"

    def _quit_clicked(self) -> None:
        """First click asks (on the button itself: no other window can take input while locked); the second
        ends the program — uncovered first, so the windows may close and the exit backup runs."""
        if self.panel is None:
            return
        if self.panel.quit_button.text() != self.QUIT_CONFIRM:
            self.panel.quit_button.setText(self.QUIT_CONFIRM)
            return
        log_event(self.db, "锁定时退出", f"{self.db.user} 未解锁，退出程序")
        for cover in self.covers.values():
            if shiboken6.isValid(cover):
                cover.hide()
        self.covers.clear()
        panel, self.panel = self.panel, None
        panel.hide()
        self.uninstall()
        QApplication.quit()

    def _try_unlock(self) -> None:
        if self.panel is not None:
            self.unlock(self.panel.password.text())

    # --- events --------------------------------------------------------------------------------------------
    def _inside_panel(self, obj: QObject) -> bool:
        return self.panel is not None and (obj is self.panel or self.panel.isAncestorOf(obj))  # type: ignore

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind not in WATCHED_EVENTS:  # paint, timer … events pass untouched and fast
            return False
        if not shiboken6.isValid(self.window):
            self.uninstall()
            return False
        if not self.locked:
            if kind in ACTIVITY_EVENTS and self.minutes > 0:
                self.timer.start()
            return False
        if kind in INPUT_EVENTS and isinstance(obj, QWidget) and not self._inside_panel(obj):
            return True  # held back: windows under the covers get no input while locked
        if kind == QEvent.Type.Close and (obj in self.covers or any(
                w.windowHandle() is obj for w in self.covers if shiboken6.isValid(w))):
            event.ignore()
            return True  # the window manager's close button does nothing while locked
        if kind == QEvent.Type.Resize and obj in self.covers:
            self.covers[obj].setGeometry(obj.rect())
            if obj is self.window:
                self._place_panel()
        if kind == QEvent.Type.Show and isinstance(obj, QWidget) and obj.isWindow() and obj not in self.covers \
                and self._coverable(obj):
            self._cover(obj)
        return False


def install_idle_lock(window: QWidget, db: LedgerDB, minutes: int | None = None) -> IdleLock:
    """Start locking `window` (and every other window of the program) after idle minutes; by default the
    database's setting (accounts.idle_minutes, 15). Keep the returned object, e.g. as window.idle_lock."""
    return IdleLock(window, db, accounts.idle_minutes(db) if minutes is None else minutes)
