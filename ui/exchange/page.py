"""The 数据交换 page (issue 17). On a town's database: 导出上报数据包 (since the last one, or full) to a folder or
USB stick, what was sent last, and 导入区县处理决定. On a district's: 导入数据包 (one or many), the summary of
each (town, sequence, rows added/changed, conflicts, or why it was refused), the registered towns, and
导出处理决定 for the towns. Every write goes through the window's one write path (DataEvents.write)."""
from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QThread, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QTableView,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from models import clock
from models import exchange as ex
from models.audit import can, has_accounts
from models.db import LedgerDB, database_path, open_same
from models.errors import Refused
from ui import file_dialogs, messages, workers
from ui.events import DataEvents
from ui.file_password import ask_new_password, ask_package_password
from ui.page import Page

from .table_models import SentTableModel, TownTableModel

PACKAGE_FILTER = "数据包 (*.glpkg)"


def choose_packages(parent: QWidget | None) -> list[str]:
    """The packages the clerk picks (one or many); [] when cancelled. Tests replace it."""
    paths, _ = QFileDialog.getOpenFileNames(parent, "选择数据包", file_dialogs.start_folder(),
                                            f"{PACKAGE_FILTER};;所有文件 (*)")
    if paths:
        file_dialogs.remember(paths[0])
    return list(paths)


class ImportThread(QThread):
    """Imports packages on its own connection; the outcomes (or a Chinese reason) are read after `finished`."""
    step = Signal(int, int, str)

    def __init__(self, db: LedgerDB, paths: list[Path], parent: QWidget,
                 password: ex.PasswordFor | None = None) -> None:
        super().__init__(parent)
        self.source, self.path, self.paths, self.password = db, database_path(db), paths, password
        self.cancel = threading.Event()
        self.outcomes: list[ex.ImportOutcome] | None = None
        self.error = ""

    def run(self) -> None:
        try:
            db = open_same(self.source, self.path)
            try:
                self.outcomes = ex.import_files(db, self.paths, progress=self.step.emit,
                                                cancelled=self.cancel.is_set, password=self.password)
            finally:
                db.close()
        except Refused as exc:
            self.error = str(exc)
        except Exception as exc:  # noqa: BLE001 - the clerk gets a reason, never a crash
            self.error = f"导入时出错：{type(exc).__name__}：{exc}"


class ExchangePage(Page):
    watches = frozenset({"ex_sent", "ex_received", "ex_towns", "ex_conflicts", "ex_district", "ex_decisions_applied",
                         "town"})
    open_page = Signal(str, str)
    # the password dialogs (tests replace them on the page): a new package's, and a sealed package's
    ask_new_password: Callable[..., tuple[bool, str] | None] = staticmethod(ask_new_password)
    ask_password: Callable[[QWidget, str, bool], str | None] = staticmethod(ask_package_password)

    def __init__(self, db: LedgerDB, events: DataEvents | None, parent: QWidget | None = None) -> None:
        super().__init__(db, events, parent)
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.heading)
        layout.addWidget(self.info)
        bar = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (
                ("export", "导出上报数据包…", lambda: self.export(full=False)),
                ("export_full", "导出完整数据包…", lambda: self.export(full=True)),
                ("import", "导入数据包…", self.import_packages),
                ("decisions", "导出处理决定…", self.export_decisions),
                ("conflicts", "处理冲突", lambda: self.open_page.emit("conflicts", "open"))):
            button = QPushButton(text)
            button.clicked.connect(slot)
            self.buttons[key] = button
            bar.addWidget(button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.towns_label = QLabel("已登记的乡镇")
        layout.addWidget(self.towns_label)
        self.town_model = TownTableModel()
        self.towns = QTableView()
        self.towns.setModel(self.town_model)
        self.towns.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.towns.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.towns.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.towns, 2)
        self.sent_label = QLabel("已导出的数据包")
        layout.addWidget(self.sent_label)
        self.sent_model = SentTableModel()
        self.sent = QTableView()
        self.sent.setModel(self.sent_model)
        self.sent.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sent.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.sent, 2)
        self.result_label = QLabel("本次结果")
        layout.addWidget(self.result_label)
        self.result = QTextEdit()
        self.result.setReadOnly(True)
        self.result.setPlaceholderText("导出或导入后，这里列出每个数据包的结果。")
        layout.addWidget(self.result, 1)
        self.progress: QProgressDialog | None = None
        self.import_thread: ImportThread | None = None
        self.mark_stale()

    # ---- reading
    def on_data_changed(self, tables: frozenset[str]) -> None:
        s = ex.status(self.db)
        district = s.role == "district"
        may_import = can(self.db, "import")
        for key in ("export", "export_full"):
            self.buttons[key].setVisible(not district)
            self.buttons[key].setEnabled(may_import)
        self.buttons["import"].setText("导入数据包…" if district else "导入区县处理决定…")
        self.buttons["import"].setEnabled(may_import)
        for key in ("decisions", "conflicts"):
            self.buttons[key].setVisible(district)
        for w in (self.towns_label, self.towns):
            w.setVisible(district)
        for w in (self.sent_label, self.sent):
            w.setVisible(not district)
        if district:
            self.heading.setText(f"区（县）汇总库：{s.name}（县级代码 {s.county_code}）")
            members = sum(t.members for t in s.towns)
            conflicts = (f"<span style='color:#c62828'>待处理冲突 {s.open_conflicts} 处</span>"
                         if s.open_conflicts else "没有待处理的冲突")
            self.info.setText(f"已登记乡镇 {len(s.towns)} 个，在册党员 {members} 名；{conflicts}。"
                              "乡镇的第一个数据包须为完整数据包；之后按序号逐个导入（缺号、重号的数据包整个拒绝）。")
            self.town_model.set_rows(s.towns)
            self.towns.resizeColumnsToContents()
            self.buttons["conflicts"].setEnabled(s.open_conflicts > 0)
        else:
            self.heading.setText(f"乡镇：{s.name or '（尚未设置本镇信息）'}（{s.key or '无代码'}）")
            last = s.last
            if last is None:
                sent = "尚未导出过数据包：第一次导出的是完整数据包，区县据此登记本镇。"
            else:
                sent = (f"上次导出：第 {last.sequence} 号{'完整' if last.full else '增量'}数据包，"
                        f"{last.changes} 处修改，{last.size:,} 字节，{last.sent_at}（{last.file_name}）。"
                        "下一次导出自那以后的修改。")
            self.info.setText(sent)
            self.sent_model.set_rows(ex.sent_history(self.db))
            self.sent.resizeColumnsToContents()

    # ---- writing
    def _write(self, op: Callable[[], Any], then: Callable[[Any], object] | None = None) -> bool:
        """Page.write (the one write path) under a wait cursor: importing many packages takes seconds."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return self.write(self, op, then)
        finally:
            QApplication.restoreOverrideCursor()

    def export(self, *, full: bool) -> None:
        s = ex.status(self.db)
        kind = "完整数据包" if full else "上报数据包"
        path = file_dialogs.dialogs.save_file(self, f"导出{kind}", f"{s.name}-{kind}-{clock.today():%Y%m%d}.glpkg",
                                              PACKAGE_FILTER, suffix=".glpkg")
        if not path:
            return
        password = self._new_password(f"导出{kind}")
        if password is None:
            return
        self._write(lambda: ex.export_package(self.db, Path(path), full=full, password=password), self._exported)

    def _new_password(self, title: str, holds: str = "党员的姓名、身份证号、电话和住址") -> str | None:
        """The password a package is sealed with ('' for none); None when the clerk cancels. Sealed by default
        once the database has accounts: a package carries members' identity numbers, phones and addresses."""
        choice = self.ask_new_password(self, has_accounts(self.db), what="数据包", title=title, ok_text="导出",
                                       holds=holds)
        if choice is None:
            return None
        return choice[1] if choice[0] else ""

    def _exported(self, r: ex.ExportResult) -> None:
        note = f"\n{r.note}" if r.note else ""
        sealed = ("已用密码加密：请另行告知区（县）组织部密码（电话告知，不要写在 U 盘上）。" if r.encrypted else
                  "未加密：U 盘丢失时，其中党员的身份证号、电话和住址会泄露。")
        text = (f"已导出第 {r.sequence} 号{'完整' if r.full else '增量'}数据包：{r.count} 处修改，{r.size:,} 字节。\n"
                f"{r.path}{note}\n{sealed}\n请把这个文件交给区（县）组织部（U 盘拷贝即可）。")
        self.result.setPlainText(text)
        messages.info(self, text)

    def import_packages(self) -> None:
        """The chosen packages are imported in a worker thread on its own connection (30 towns' first packages
        take tens of seconds), with a progress dialog; its audit rows tell the window what changed."""
        paths = choose_packages(self)
        if not paths:
            return
        passwords = self._package_passwords([Path(p) for p in paths])
        if passwords is None:
            return

        def password(pkg: ex.Package, attempt: int) -> str | None:
            return passwords.get(pkg.path) if attempt == 0 else None

        if not database_path(self.db):  # an in-memory database cannot be opened twice: here, at once
            self._write(lambda: ex.import_files(self.db, [Path(p) for p in paths], password=password),
                        self._imported)
            return
        self.progress = QProgressDialog("正在导入数据包……", "取消", 0, len(paths), self)
        self.progress.setWindowTitle("导入数据包")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)
        thread = ImportThread(self.db, [Path(p) for p in paths], self, password)
        thread.step.connect(self._step)
        thread.finished.connect(lambda: self._import_done(thread))
        self.progress.canceled.connect(thread.cancel.set)
        self.import_thread = thread
        for key in ("import", "decisions"):
            self.buttons[key].setEnabled(False)
        if not workers.start(thread, thread.cancel.set):
            self._import_done(thread)

    def _package_passwords(self, paths: list[Path]) -> dict[Path, str] | None:
        """Each sealed package's password, asked here (the import runs in a thread) and tried at once: asked
        again after a wrong one. None when the clerk cancels a password: then nothing is imported."""
        passwords: dict[Path, str] = {}
        for path in paths:
            try:
                pkg = ex.read_package(path)
            except ex.PackageRefused:
                continue  # the import says why
            wrong = False
            while pkg.locked and path not in passwords:
                typed = self.ask_password(self, path.name, wrong)
                if typed is None:
                    return None
                QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
                try:
                    ex.unseal(pkg, typed)
                    passwords[path] = typed
                except ex.PackageLocked:
                    wrong = True
                except ex.PackageRefused:
                    passwords[path] = typed  # damaged: the import refuses it with the reason
                finally:
                    QApplication.restoreOverrideCursor()
        return passwords

    def _step(self, done: int, total: int, name: str) -> None:
        progress = self.progress  # a modal dialog's setValue runs the event loop: the import may end inside it
        if progress is not None:
            progress.setLabelText(f"正在导入 {name}（{done + 1}/{total}）……")
            progress.setMaximum(total)
            progress.setValue(done)

    def _import_done(self, thread: ImportThread) -> None:
        self.import_thread = None
        for key in ("import", "decisions"):
            self.buttons[key].setEnabled(True)  # then as the role allows (on_data_changed)
        if self.progress is not None:
            self.progress.close()
            self.progress = None
        if self.events is not None:
            self.events.announce()  # the worker's audit rows name what it changed
        self.on_data_changed(frozenset(self.watches))
        if thread.error:
            messages.error(self, thread.error)
        elif thread.outcomes is not None:
            self._imported(thread.outcomes)

    def _imported(self, outcomes: list[ex.ImportOutcome]) -> None:
        lines = []
        for o in outcomes:
            who = f"{o.town_name}（{o.town}）" if o.town else o.town_name
            if not o.applied:
                lines.append(f"✗ 已拒绝 {o.file}：{o.refused}")
            elif o.kind == "decisions":
                lines.append(f"✓ 已导入处理决定 {o.file}（{who}）：修改 {o.changed} 处")
                lines += [f"    {line}" for line in o.lines]
            else:
                lines.append(f"✓ {o.file}：{who}第 {o.sequence} 号{'完整' if o.full else '增量'}数据包，"
                             f"新增 {o.added}，修改 {o.changed}，删除 {o.deleted}，冲突 {o.conflicts}")
        refused = sum(1 for o in outcomes if not o.applied)
        conflicts = sum(o.conflicts for o in outcomes)
        head = (f"导入 {len(outcomes)} 个数据包：成功 {len(outcomes) - refused} 个，拒绝 {refused} 个；"
                f"新发现冲突 {conflicts} 处。")
        self.result.setPlainText("\n".join([head, *lines]))
        (messages.warn if refused else messages.info)(self, "\n".join([head, *lines[:12]]))

    def export_decisions(self) -> None:
        path = file_dialogs.dialogs.save_file(self, "导出处理决定", f"处理决定-{clock.today():%Y%m%d}.glpkg",
                                              PACKAGE_FILTER, suffix=".glpkg")
        if not path:
            return
        password = self._new_password("导出处理决定", "所涉党员的姓名和区县的处理决定（可能含身份证号、电话）")
        if password is None:
            return
        self._write(lambda: ex.decisions_package(self.db, Path(path), password=password),
                    lambda n: self.result.setPlainText(f"已导出处理决定 {n} 项：{path}\n请发回各乡镇，在乡镇的"
                                                       "“数据交换”页面用“导入区县处理决定”导入。"))
