"""Opening and closing the program around one database: never a traceback.

`startup_checks(db_path, parent)` runs before the main window is shown: it takes the instance lock (a database in
use by another instance: a dialog offers to open it read-only or to quit), runs PRAGMA quick_check (a damaged
database: a dialog offers to restore the newest good backup or a chosen file), opens the database and makes the
day's automatic backup. It returns the LedgerDB, or None when the program should quit.
While it runs, `tick` (a timer every 5 minutes) refreshes the lock and makes the next day's backup when the
program stays open overnight. `shutdown(db)` (connected to QApplication.aboutToQuit) makes the exit backup and
releases the lock.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from models import clock
from models.backup import BackupError, auto_backup, backup_folder, backup_folder_of_file, list_backups
from models.db import DatabaseError, LedgerDB, migration_sets, open_database
from models.health import quick_check
from models.lock import DatabaseInUse, LockError, LockHandle, acquire
from models.restore import BackupFileInfo, RestoreError, inspect_backup, restore_database
from ui import messages

HEARTBEAT_MS = 5 * 60 * 1000


class Dialogs:
    """Tests set `auto_answer` (dialog -> choice key) instead of clicking; `shown` keeps the dialogs asked."""
    auto_answer: Callable[[ChoiceDialog], str] | None = None
    shown: list[ChoiceDialog] = []


class ChoiceDialog(QDialog):
    """A heading, an explanation and one button per choice; `choice` is the key clicked ('' when closed)."""

    def __init__(self, title: str, heading: str, text: str, choices: list[tuple[str, str]],
                 parent: QWidget | None = None, *,
                 icon: QStyle.StandardPixmap = QStyle.StandardPixmap.SP_MessageBoxWarning) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.choice = ""
        self.buttons: dict[str, QPushButton] = {}
        top = QHBoxLayout()
        pic = QLabel()
        pic.setPixmap(self.style().standardIcon(icon).pixmap(48, 48))
        top.addWidget(pic, 0)
        texts = QVBoxLayout()
        self.heading = QLabel(heading)
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.body = QLabel(text)
        self.body.setWordWrap(True)
        self.body.setMinimumWidth(460)
        texts.addWidget(self.heading)
        texts.addWidget(self.body)
        top.addLayout(texts, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        for key, label in choices:
            button = QPushButton(label)
            button.clicked.connect(lambda _=False, k=key: self._choose(k))
            row.addWidget(button)
            self.buttons[key] = button
        if choices:
            self.buttons[choices[0][0]].setDefault(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addSpacing(8)
        layout.addLayout(row)

    def _choose(self, key: str) -> None:
        self.choice = key
        self.accept()

    def text(self) -> str:
        return f"{self.heading.text()}\n{self.body.text()}"


def ask(dialog: ChoiceDialog) -> str:
    if Dialogs.auto_answer is not None:
        Dialogs.shown.append(dialog)
        return Dialogs.auto_answer(dialog)
    dialog.exec()
    dialog.deleteLater()
    return dialog.choice


def in_use_dialog(exc: DatabaseInUse, parent: QWidget | None = None) -> ChoiceDialog:
    who = exc.info.describe() if exc.info else "另一个程序"
    return ChoiceDialog("数据库正在使用", "数据库正在被另一个程序使用",
                        f"使用者：{who}。\n\n同一时间只能有一个窗口修改数据。可以只读打开（可以查阅、打印，不能修改），"
                        "或者退出，等对方关闭程序后再打开。", [("readonly", "只读打开"), ("quit", "退出")], parent,
                        icon=QStyle.StandardPixmap.SP_MessageBoxInformation)


def damaged_dialog(db_path: Path, problems: list[str], good: BackupFileInfo | None,
                   parent: QWidget | None = None) -> ChoiceDialog:
    detail = "；".join(problems[:2])
    if len(detail) > 160:
        detail = detail[:160] + "…"
    text = f"数据库文件 {db_path.name} 没有通过完整性检查，可能是磁盘故障或程序异常退出造成的。\n问题：{detail}\n\n"
    choices = []
    if good is not None:
        text += (f"找到最新的完好备份：{good.path.name}\n数据日期：{good.data_date or '未知'}，"
                 f"在册党员 {good.members} 名。\n\n恢复前会把损坏的文件另存一份，不会删除。"
                 "数据日期之后录入的内容需要重新录入。")
        choices.append(("restore", "从最新备份恢复"))
    else:
        text += "备份文件夹中没有找到完好的备份。可以选择 U 盘等位置上的备份文件来恢复。"
    choices += [("choose", "选择备份文件…"), ("quit", "退出")]
    return ChoiceDialog("数据库已损坏", "数据库文件已损坏", text, choices, parent,
                        icon=QStyle.StandardPixmap.SP_MessageBoxCritical)


def _default_chooser(parent: QWidget | None, folder: Path) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, "选择备份文件", str(folder), "数据库备份 (*.db);;所有文件 (*)")
    return path


choose_backup_file: Callable[[QWidget | None, Path], str] = _default_chooser


def find_good_backup(folder: Path, limit: int = 10) -> BackupFileInfo | None:
    """The newest backup in folder that passes the restore checks."""
    for entry in list_backups(folder)[:limit]:
        try:
            return inspect_backup(entry.path)
        except RestoreError:
            continue
    return None


@dataclass
class _Session:
    db_path: Path
    lock: LockHandle | None
    timer: QTimer | None = None
    backed_up_on: dt.date | None = None  # the day of the last automatic backup this session made or checked


_sessions: dict[int, _Session] = {}


def startup_checks(db_path: str | Path, parent: QWidget | None = None, *,
                   now: dt.datetime | None = None, backup_now: bool = True) -> LedgerDB | None:
    """Lock, check, open and back up the database; None when the program should quit. Never raises.

    With backup_now False the day's backup is left to the first `tick` (the window calls it once it is
    shown, so a large database does not delay the window)."""
    try:
        return _startup(Path(db_path), parent, now, backup_now)
    except Exception as exc:  # a clerk sees a sentence, not a traceback
        messages.error(parent, f"打开数据库时出现意外错误：{exc}")
        return None


def _startup(db_path: Path, parent: QWidget | None, now: dt.datetime | None,
             backup_now: bool = True) -> LedgerDB | None:
    lock: LockHandle | None = None
    read_only_reason = ""
    try:
        lock = acquire(db_path)
    except DatabaseInUse as exc:
        if ask(in_use_dialog(exc, parent)) != "readonly":
            return None
        who = exc.info.describe() if exc.info else "另一个程序"
        read_only_reason = f"数据库正在被 {who} 使用，本窗口为只读，不能修改数据。"
    except LockError as exc:
        messages.error(parent, str(exc), "无法打开数据库")
        return None
    try:
        db = _check_and_open(db_path, parent, now, read_only=bool(read_only_reason))
    except BaseException:
        if lock:
            lock.release()
        raise
    if db is None:
        if lock:
            lock.release()
        return None
    if read_only_reason:
        db.read_only = True
        db.read_only_reason = read_only_reason
    elif backup_now:
        try:
            _backup_quietly(db, db_path, parent, now, "启动时的自动备份")
        except BaseException:
            db.close()
            if lock:
                lock.release()
            raise
    backed_up = not read_only_reason and backup_now
    session = _Session(db_path, lock, backed_up_on=(now or clock.now()).date() if backed_up else None)
    session.timer = _heartbeat(db, session)
    _sessions[id(db)] = session
    app = QApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(lambda: shutdown(db))
    return db


def _check_and_open(db_path: Path, parent: QWidget | None, now: dt.datetime | None,
                    *, read_only: bool) -> LedgerDB | None:
    if db_path.exists():
        problems = quick_check(db_path)
        if problems:
            if read_only:
                messages.error(parent, "数据库文件已损坏，且另一个程序正在使用它。"
                                       "请先关闭另一个程序，再重新打开本程序恢复备份。", "数据库已损坏")
                return None
            if not _recover(db_path, problems, parent, now):
                return None
    try:
        db = open_database(db_path, migrate=not read_only)
    except DatabaseError as exc:
        messages.error(parent, str(exc), "无法打开数据库")
        return None
    # upgrading is a write: not under another instance's feet
    if read_only and any(m.pending(db) for m in migration_sets()):
        db.close()
        messages.error(parent, "这个数据库需要升级到本程序的新版本，只读打开时不能升级。"
                               "请先关闭另一个正在使用它的程序，再重新打开。", "无法只读打开")
        return None
    return db


def _recover(db_path: Path, problems: list[str], parent: QWidget | None, now: dt.datetime | None) -> bool:
    folder = backup_folder_of_file(db_path)
    good = find_good_backup(folder)
    while True:
        choice = ask(damaged_dialog(db_path, problems, good, parent))
        if choice == "restore" and good is not None:
            source = good.path
        elif choice == "choose":
            picked = choose_backup_file(parent, folder)
            if not picked:
                continue
            source = Path(picked)
        else:
            return False
        try:
            with _waiting():
                result = restore_database(db_path, source, backup_folder=folder, now=now)
        except RestoreError as exc:
            messages.error(parent, str(exc), "无法恢复")
            continue
        kept = f"\n损坏的数据库已另存为 {result.safety_copy}。" if result.safety_copy else ""
        messages.info(parent, f"已从备份 {source.name} 恢复。\n恢复的数据日期：{result.info.data_date or '未知'}。"
                              f"此日期之后录入的内容需要重新录入。{kept}", "恢复完成")
        return True


@contextmanager
def _waiting() -> Iterator[None]:
    """A wait cursor while a copy or restore runs in the foreground (start-up and exit only)."""
    if not isinstance(QApplication.instance(), QApplication):
        yield
        return
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def _heartbeat(db: LedgerDB, session: _Session) -> QTimer | None:
    app = QApplication.instance()
    if app is None:
        return None
    timer = QTimer(app)
    timer.setInterval(HEARTBEAT_MS)
    timer.timeout.connect(lambda: tick(db))
    timer.start()
    return timer


def tick(db: LedgerDB, now: dt.datetime | None = None) -> None:
    """Every few minutes: refresh the lock (with the signed-in user) and, once a new day has begun while the
    program stays open, make that day's automatic backup."""
    session = _sessions.get(id(db))
    if session is None:
        return
    if session.lock is not None:
        session.lock.refresh(user=db.user or None, now=now)
    today = (now or clock.now()).date()
    if not db.read_only and session.backed_up_on != today:
        session.backed_up_on = today
        _backup_quietly(db, session.db_path, None, now, "每日自动备份")


def _backup_quietly(db: LedgerDB, db_path: Path, parent: QWidget | None, now: dt.datetime | None,
                    what: str) -> None:
    try:
        with _waiting():
            auto_backup(db_path, backup_folder(db, db_path), now)
    except BackupError as exc:
        messages.warn(parent, f"{what}没有完成：{exc}\n数据本身没有受影响。请在“备份与恢复”页检查备份文件夹。",
                      "自动备份失败")


def lock_of(db: LedgerDB) -> LockHandle | None:
    """The lock the program holds for db (e.g. to refresh it with the signed-in user's name)."""
    session = _sessions.get(id(db))
    return session.lock if session else None


def shutdown(db: LedgerDB, parent: QWidget | None = None, *, now: dt.datetime | None = None) -> None:
    """On exit: the automatic backup (not for a read-only window) and the lock's release. Safe to call twice."""
    session = _sessions.pop(id(db), None)
    if session is None:
        return
    if session.timer is not None:
        session.timer.stop()
        session.timer.deleteLater()
    try:
        if not db.read_only:
            _backup_quietly(db, session.db_path, parent, now, "退出时的自动备份")
    finally:
        if session.lock is not None:
            session.lock.release()
