"""备份与恢复 page: this database's backups, 立即备份 (a 手动备份), 备份到… (a USB stick, password-protected by
default once the database has accounts), 从备份恢复… and the backup folder setting.

The work (copy, verify, inspect, restore) runs in a QThread on its own SQLite connections, with a progress bar;
the window stays responsive. A protected backup's password is asked (again when wrong); a restore is confirmed
with the date of the data it brings back — and with both towns named when the backup is another database's —
and the page emits `restored` (and DataEvents' signals when given) so views reload.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models import clock
from models.audit import PermissionDenied, has_accounts, log_event, require
from models.backup import (
    EXTERNAL_ACTION,
    MANUAL,
    BackupEntry,
    Identity,
    backup_file,
    backup_folder,
    default_backup_folder,
    identity_of,
    last_external_backup,
    list_backups,
    manual_backup,
    size_text,
    unique_target,
)
from models.crypto import is_encrypted
from models.db import LedgerDB
from models.restore import (
    BackupFileInfo,
    RestoreResult,
    WrongBackupPassword,
    inspect_backup,
    other_database,
    restore_database,
)
from models.settings import set_setting
from ui import messages
from ui.events import DataEvents
from ui.page import Page
from ui.safety.backup_password import ask_new_password, ask_password
from ui.safety.backup_table import CHECKED, BackupTableModel, Job, Verifier, file_key, start_thread

EXTERNAL_REMINDER_DAYS = 7


def _choose_folder(parent: QWidget, start: Path) -> str:
    return QFileDialog.getExistingDirectory(parent, "选择文件夹（例如 U 盘）", str(start))


def _choose_file(parent: QWidget, start: Path) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, "选择备份文件", str(start),
                                          "数据库备份 (*.db *.enc);;所有文件 (*)")
    return path


class BackupPage(Page):
    refresh_on_show = True  # the list is of files: one may have been deleted meanwhile
    restored = Signal()
    job_finished = Signal(bool)  # True on success

    # replaced in tests; a real clerk gets the system file dialogs
    choose_folder: Callable[[QWidget, Path], str] = staticmethod(_choose_folder)
    choose_file: Callable[[QWidget, Path], str] = staticmethod(_choose_file)
    ask_new_password: Callable[[QWidget, bool], tuple[bool, str] | None] = staticmethod(ask_new_password)
    ask_password: Callable[[QWidget, str, bool], str | None] = staticmethod(ask_password)

    def __init__(self, db: LedgerDB, db_path: str | Path, parent: QWidget | None = None, *,
                 events: DataEvents | None = None) -> None:
        super().__init__(db, events, parent)
        self.db_path = Path(db_path)
        self._job: Job | None = None
        self._on_done: Callable[[Any], None] = lambda _result: None
        self._verifier: Verifier | None = None
        self._pending: set[Path] = set()
        title = QLabel("备份与恢复")
        title.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fff4e5; color: #8a4b00; padding: 6px; border-radius: 4px;")

        box = QGroupBox("备份文件夹")
        self.folder_edit = QLineEdit()
        self.folder_edit.setReadOnly(True)
        self.change_folder_button = QPushButton("更改…")
        self.reset_folder_button = QPushButton("恢复默认")
        row = QHBoxLayout()
        row.addWidget(self.folder_edit, 1)
        row.addWidget(self.change_folder_button)
        row.addWidget(self.reset_folder_button)
        note = QLabel("程序每天自动备份一次，退出时更新当天的备份；保留最近 7 天、4 周和 12 个月的自动备份，"
                      "“立即备份”的手动备份不会被自动清理。每份备份都先通过完整性检查，才会清理较旧的备份。"
                      "建议每周用“备份到…”另存一份到 U 盘（可以用密码加密）。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        inner = QVBoxLayout(box)
        inner.addLayout(row)
        inner.addWidget(note)
        self.external_label = QLabel()
        self.external_label.setWordWrap(True)
        inner.addWidget(self.external_label)

        self.model = BackupTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setMinimumSectionSize(96)
        self.empty_label = QLabel("备份文件夹中还没有备份。")

        self.backup_now_button = QPushButton("立即备份")
        self.backup_to_button = QPushButton("备份到…")
        self.restore_selected_button = QPushButton("恢复选中的备份")
        self.restore_file_button = QPushButton("从备份文件恢复…")
        buttons = QHBoxLayout()
        for b in (self.backup_now_button, self.backup_to_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        for b in (self.restore_selected_button, self.restore_file_button):
            buttons.addWidget(b)

        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.banner)
        layout.addWidget(box)
        layout.addWidget(QLabel("本数据库的备份（同一文件夹中其他数据库的备份不在此列出）"))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)

        self.change_folder_button.clicked.connect(self.change_folder)
        self.reset_folder_button.clicked.connect(self.reset_folder)
        self.backup_now_button.clicked.connect(self.backup_now)
        self.backup_to_button.clicked.connect(self.backup_to)
        self.restore_selected_button.clicked.connect(self.restore_selected)
        self.restore_file_button.clicked.connect(self.restore_from_file)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.table.doubleClicked.connect(lambda *_: self.restore_selected())
        self.refresh()

    # --- state ---

    def folder(self) -> Path:
        return backup_folder(self.db, self.db_path)

    def identity(self) -> Identity:
        """This database's tag and town: the list shows only its backups (its stable id made when missing)."""
        return identity_of(self.db_path, create=not self.db.read_only)

    def _restriction(self) -> str:
        """Why this window may not restore or change settings ('' when it may)."""
        try:
            require(self.db, "restore")
        except PermissionDenied as exc:
            return f"{exc}。恢复备份和修改备份设置请由管理员操作。"
        return ""

    def busy(self) -> bool:
        return self._job is not None

    def on_data_changed(self, tables: frozenset[str]) -> None:
        self.refresh()

    def refresh(self) -> None:
        self.folder_edit.setText(str(self.folder()))
        entries = list_backups(self.folder(), owner=self.identity())
        known: dict[Path, bool] = {e.path: True for e in entries if e.encrypted}  # checked when restored
        for e in entries:
            try:
                key = file_key(e.path)
            except OSError:
                continue
            if key in CHECKED:
                known[e.path] = CHECKED[key]
        self.model.set_entries(entries, known)
        self._verify([e.path for e in entries if e.path not in known])
        self.empty_label.setVisible(not self.model.entries)
        self._show_external()
        restriction = self._restriction()
        self.banner.setText(restriction)
        self.banner.setVisible(bool(restriction))
        self._update_buttons()

    def _show_external(self, today: dt.date | None = None) -> None:
        """How long ago a copy left this PC: backups on the same disk die with it."""
        last = last_external_backup(self.db)
        days = None if last is None else ((today or clock.today()) - last.date()).days
        if last is None:
            text = "还没有备份到 U 盘等其他位置：电脑硬盘损坏时，同一硬盘上的自动备份也会一起丢失。"
        elif days is not None and days > EXTERNAL_REMINDER_DAYS:
            text = f"上次备份到其他位置是 {last:%Y-%m-%d}（{days} 天前），请用“备份到…”再备份一次。"
        else:
            text = f"上次备份到其他位置：{last:%Y-%m-%d %H:%M}。"
        overdue = last is None or (days is not None and days > EXTERNAL_REMINDER_DAYS)
        self.external_label.setText(text)
        self.external_label.setStyleSheet("color: #b00020;" if overdue else "color: #1b5e20;")

    def _verify(self, paths: list[Path]) -> None:
        self._stop_verifier()
        if not paths:
            return
        self._pending = set(paths)
        verifier = Verifier(paths)
        verifier.checked.connect(self._checked)
        self._verifier = verifier
        start_thread(verifier)

    def _stop_verifier(self) -> None:
        if self._verifier is not None:
            self._verifier.requestInterruption()
            self._verifier.wait()
            self._verifier = None
        self._pending = set()

    def _checked(self, path: Path, ok: bool) -> None:
        self._pending.discard(path)
        self.model.set_checked(path, ok)

    def checking(self) -> bool:
        """True until every listed backup has its quick_check result."""
        return bool(self._pending)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._stop_verifier()
        if self._job is not None:  # a copy or restore runs to its end: it is one transaction anyway
            self._job.wait()
        super().closeEvent(event)

    def _update_buttons(self) -> None:
        idle, allowed = not self.busy(), not self._restriction()
        for b in (self.change_folder_button, self.reset_folder_button, self.restore_file_button):
            b.setEnabled(idle and allowed)
        self.restore_selected_button.setEnabled(idle and allowed and self._selected() is not None)
        self.backup_now_button.setEnabled(idle and not self.db.read_only)
        self.backup_to_button.setEnabled(idle and self.db.role != "查阅")

    def _selected(self) -> BackupEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.entries[rows[0].row()] if rows else None

    # --- running work in a thread ---

    def _run(self, what: str, work: Callable[[Callable[[int, int], None]], object],
             done: Callable[[Any], None]) -> None:
        job = Job(work)
        self._job, self._on_done = job, done
        self.status.setStyleSheet("")
        self.status.setText(f"{what}，请稍候…")
        self.progress.setRange(0, 0)
        self.progress.show()
        # bound methods, not lambdas: Qt drops the connections when the page is gone
        job.progressed.connect(self._progress)
        job.succeeded.connect(self._job_succeeded)
        job.failed.connect(self._job_failed)
        self._update_buttons()
        start_thread(job)

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _job_succeeded(self, result: object) -> None:
        done = self._on_done
        self._finish(True, lambda: done(result))

    def _job_failed(self, text: str) -> None:
        self._finish(False, lambda: self._fail(text))

    def _finish(self, ok: bool, then: Callable[[], None]) -> None:
        if self._job is not None:
            self._job.wait()
        self._job = None
        self.progress.hide()
        self.refresh()
        then()
        self.job_finished.emit(ok)

    def _fail(self, text: str) -> None:
        self.status.setStyleSheet("color: #b00020;")
        self.status.setText(text)
        messages.error(self, text)

    def _ok(self, text: str) -> None:
        self.status.setStyleSheet("color: #1b5e20;")
        self.status.setText(text)

    # --- actions ---

    def backup_now(self) -> None:
        folder, path = self.folder(), self.db_path
        self._run("正在备份", lambda progress: manual_backup(path, folder, progress=progress),
                  lambda made: self._ok(f"已备份：{made.name}（{size_text(made.stat().st_size)}，"
                                        "已通过完整性检查；手动备份不会被自动清理）"))

    def backup_to(self) -> None:
        try:  # a copy of everyone's personal data leaves the program: 查阅 users may not
            require(self.db, "backup")
        except PermissionDenied as exc:
            messages.error(self, str(exc))
            return
        chosen = self.choose_folder(self, self.folder())
        if not chosen:
            return
        choice = self.ask_new_password(self, has_accounts(self.db))  # protected by default once accounts exist
        if choice is None:
            self._ok("已取消备份。")
            return
        encrypt, password = choice
        target = unique_target(Path(chosen), MANUAL, clock.now(), self.identity(), encrypted=encrypt)
        path = self.db_path
        self._run("正在备份到所选位置" + ("并加密" if encrypt else ""),
                  lambda progress: backup_file(path, target, progress, password=password), self._backed_up_to)

    def _backed_up_to(self, target: Path) -> None:
        sealed = is_encrypted(target)
        how = "已加密" if sealed else "未加密"
        log_event(self.db, EXTERNAL_ACTION, f"备份到 {target}（{how}）")  # everyone's personal data left the program
        self._show_external()
        kept = "已加密，恢复时需要输入密码" if sealed else "未加密：请妥善保管这个 U 盘"
        text = (f"已备份到 {target}（{size_text(target.stat().st_size)}，已通过完整性检查，{kept}）。"
                "U 盘可以安全拔出。")
        self._ok(text)
        messages.info(self, text, "备份完成")

    def change_folder(self) -> None:
        chosen = self.choose_folder(self, self.folder())
        if chosen:
            self._set_folder(chosen)

    def reset_folder(self) -> None:
        self._set_folder("")

    def _set_folder(self, value: str) -> None:
        target = Path(value) if value else default_backup_folder(self.db_path)
        try:
            target.mkdir(parents=True, exist_ok=True)
            probe = target / ".gridledger-write-test"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            messages.error(self, f"不能使用文件夹 {target}：{exc.strerror or exc}。请换一个可写入的文件夹。")
            return
        try:
            set_setting(self.db, "backup_folder", value)
        except PermissionDenied as exc:
            messages.error(self, str(exc))
            return
        self.refresh()
        self._ok(f"备份文件夹已改为 {target}")

    def restore_selected(self) -> None:
        entry = self._selected()
        if entry is not None and self.restore_selected_button.isEnabled():
            self.restore_from(entry.path)

    def restore_from_file(self) -> None:
        chosen = self.choose_file(self, self.folder())
        if chosen:
            self.restore_from(Path(chosen))

    def restore_from(self, source: Path, *, wrong: bool = False) -> None:
        """Inspect source in a thread (asking a protected backup's password first), confirm with its data date,
        then restore in a thread."""
        if self._restriction():
            messages.error(self, self._restriction())
            return
        password = ""
        if is_encrypted(source):
            password = self.ask_password(self, source.name, wrong) or ""
            if not password:
                self._ok("已取消恢复，数据没有改动。")
                return

        def inspect(_progress: Callable[[int, int], None]) -> object:
            try:
                return inspect_backup(source, password=password)
            except WrongBackupPassword:
                return WrongBackupPassword  # asked again, not shown as a failure
        self._run("正在检查备份文件", inspect,
                  lambda info: self.restore_from(source, wrong=True) if info is WrongBackupPassword
                  else self._confirm_restore(info, password))

    def _confirm_restore(self, info: BackupFileInfo, password: str = "") -> None:
        folder = self.folder()
        text = (f"用备份 {info.path.name} 替换当前数据库？\n\n备份的数据日期：{info.data_date or '未知'}\n"
                f"内容：{info.town or '未填镇名'}，在册党员 {info.members} 名\n\n"
                f"当前数据库会先另存一份安全副本到 {folder}。\n数据日期之后录入或修改的内容在恢复后将不再出现。")
        other = other_database(info, self.db_path)
        if other is not None:
            text = f"注意：{other}\n\n{text}"
        if not messages.confirm(self, text, "恢复另一个数据库的备份？" if other else "确认恢复"):
            self._ok("已取消恢复，数据没有改动。")
            return
        path, user, allow = self.db_path, self.db.user, other is not None
        self._run("正在恢复", lambda progress: restore_database(path, info.path, backup_folder=folder, user=user,
                                                               progress=progress, allow_other=allow,
                                                               password=password),
                  self._restored)

    def _restored(self, result: RestoreResult) -> None:
        kept = f"\n恢复前的数据库已另存为 {result.safety_copy}。" if result.safety_copy else ""
        text = f"已从 {result.info.path.name} 恢复。恢复的数据日期：{result.info.data_date or '未知'}。{kept}"
        self._ok(text.replace("\n", " "))
        messages.info(self, text, "恢复完成")
        self.restored.emit()
        if self.events is not None:
            self.events.everything_changed()
