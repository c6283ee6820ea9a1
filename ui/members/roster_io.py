"""The 党员 page's 导入… / 导出… / 下载导入模板 actions: file dialogs, then models.importing and reports.xlsx.

File dialogs go through ui.file_dialogs.dialogs so tests can answer them without a window.
"""
from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from models import clock
from models.audit import can_see_full_ids, has_accounts, log_full_id_export
from models.db import LedgerDB
from models.entities import MemberQuery
from models.importing import ImportCancelled, ImportResult
from models.members import search_members
from models.org import get_town
from ui import file_dialogs, messages
from ui.events import DataEvents
from ui.file_dialogs import write_file
from ui.members.import_worker import run_with_progress


def open_import(parent: QWidget | None, db: LedgerDB, events: DataEvents) -> ImportResult | None:
    """导入…: the import dialog; after a write, one changed signal naming the tables the import touched."""
    from ui.members.import_dialog import ImportDialog
    dialog = ImportDialog(db, parent)
    dialog.exec()
    result = dialog.result_of_import
    dialog.deleteLater()
    if result is not None and result.written:
        events.announce()  # the import ran in a worker thread: its audit rows name what it changed
    return result


ENCRYPTED_SUFFIX = ".enc"  # 名册.xlsx.enc, like an encrypted backup


def export_members(parent: QWidget | None, db: LedgerDB, query: MemberQuery) -> Path | None:
    """导出…: the members the page shows, in the national column order."""
    town = get_town(db)
    suggested = f"{town.name if town else ''}党员名册-{clock.today():%Y%m%d}.xlsx"
    path = file_dialogs.dialogs.save_file(parent, "导出党员名册", suggested)
    if not path:
        return None
    full = can_see_full_ids(db)
    password = ""
    if full:  # every full identity number leaves the PC: offered encrypted, by default once there are accounts
        from ui.file_password import ask_new_password
        chosen = ask_new_password(parent, has_accounts(db), what="名册", title="导出党员名册", ok_text="导出")
        if chosen is None:
            return None
        if chosen[0]:
            password = chosen[1]
            path += ENCRYPTED_SUFFIX
    town_name = town.name if town else ""
    all_statuses = query.statuses != ("在册",)

    def build(db: LedgerDB, cancelled: Callable[[], bool] = lambda: False, **_: object) -> tuple[int, bytes]:
        members = search_members(db, query)
        if cancelled():
            raise ImportCancelled("已取消导出")
        from reports.xlsx import build_members_xlsx  # openpyxl and ReportLab load when a clerk exports
        buf = io.BytesIO()
        build_members_xlsx(members, buf, town=town_name, all_statuses=all_statuses)
        return len(members), buf.getvalue()

    out, error = run_with_progress(parent, db, "正在导出党员名册…", build)
    if error:
        messages.error(parent, error)
        return None
    if out is None:  # cancelled by closing the window
        return None
    count, data = out
    if password:
        from models.crypto import encrypt_stream
        sealed = io.BytesIO()
        encrypt_stream(io.BytesIO(data), sealed, password)
        data = sealed.getvalue()
    if not write_file(parent, path, data):
        return None
    if full:
        log_full_id_export(db, f"导出党员名册 {Path(path).name}，{'已加密' if password else '未加密'}", count)
    how = "（已加密：打开时需要这个密码，可用“导入”或命令 decrypt）" if password else ""
    messages.info(parent, f"已导出 {count} 名党员到\n{path}{how}")
    return Path(path)


def save_template(parent: QWidget | None) -> Path | None:
    """下载导入模板: the blank roster with drop-down lists and 填表说明, to send to the villages."""
    path = file_dialogs.dialogs.save_file(parent, "保存导入模板", "党员名册导入模板.xlsx")
    if not path:
        return None
    from reports.xlsx import build_template
    buf = io.BytesIO()
    build_template(buf)
    if not write_file(parent, path, buf.getvalue()):
        return None
    messages.info(parent, f"已保存导入模板到\n{path}\n\n请发给各村（社区）按模板填写。")
    return Path(path)
