"""The 党员 page's 导入… / 导出… / 下载导入模板 actions: file dialogs, then models.importing and reports.xlsx.

File dialogs go through `FileDialogs` (module attribute `dialogs`) so tests can answer them without a window.
"""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from models import clock
from models.audit import can_see_full_ids, log_full_id_export
from models.db import LedgerDB
from models.entities import MemberQuery
from models.importing import ImportResult
from models.members import search_members
from models.org import get_town
from reports.xlsx import build_members_xlsx, build_template

from . import messages
from .events import DataEvents
from .import_worker import run_with_progress

ROSTER_FILTER = "党员名册 (*.xlsx *.xls *.ods *.csv);;Excel 文件 (*.xlsx *.xls);;CSV 文件 (*.csv);;所有文件 (*)"
XLSX_FILTER = "Excel 文件 (*.xlsx)"


class FileDialogs:
    """Asks for file names; returns '' when the clerk cancels. Tests replace `roster_io.dialogs`."""

    last_dir: str = ""

    def open_file(self, parent: QWidget | None, caption: str, file_filter: str = ROSTER_FILTER) -> str:
        name, _ = QFileDialog.getOpenFileName(parent, caption, self.last_dir, file_filter)
        if name:
            self.last_dir = str(Path(name).parent)
        return name

    def save_file(self, parent: QWidget | None, caption: str, suggested: str, file_filter: str = XLSX_FILTER) -> str:
        start = str(Path(self.last_dir) / suggested) if self.last_dir else suggested
        name, _ = QFileDialog.getSaveFileName(parent, caption, start, file_filter)
        if name and not name.lower().endswith(".xlsx"):
            name += ".xlsx"
        if name:
            self.last_dir = str(Path(name).parent)
        return name


dialogs = FileDialogs()


def write_file(parent: QWidget | None, path: str, data: bytes) -> bool:
    """Write bytes; say in Chinese why not (most often: the file is open in Excel)."""
    try:
        Path(path).write_bytes(data)
    except PermissionError:
        messages.error(parent, f"无法写入“{Path(path).name}”：文件可能正在 Excel 或 WPS 中打开，请关闭后重试")
        return False
    except OSError as exc:
        messages.error(parent, f"无法写入“{path}”：{exc.strerror or exc}")
        return False
    return True


def open_import(parent: QWidget | None, db: LedgerDB, events: DataEvents) -> ImportResult | None:
    """导入…: the import dialog; after a write, one records_changed (and organization_changed if it created any)."""
    from .import_dialog import ImportDialog
    dialog = ImportDialog(db, parent)
    dialog.exec()
    result = dialog.result_of_import
    dialog.deleteLater()
    if result is None or not result.written:
        return result
    if result.created_villages or result.created_grids:
        events.organization_changed.emit()
    events.records_changed.emit()
    return result


def export_members(parent: QWidget | None, db: LedgerDB, query: MemberQuery) -> Path | None:
    """导出…: the members the page shows, in the national column order."""
    town = get_town(db)
    suggested = f"{town.name if town else ''}党员名册-{clock.today():%Y%m%d}.xlsx"
    path = dialogs.save_file(parent, "导出党员名册", suggested)
    if not path:
        return None
    town_name = town.name if town else ""
    all_statuses = query.statuses != ("在册",)

    def build(db: LedgerDB, **_: object) -> tuple[int, bytes]:
        members = search_members(db, query)
        buf = io.BytesIO()
        build_members_xlsx(members, buf, town=town_name, all_statuses=all_statuses)
        return len(members), buf.getvalue()

    out, error = run_with_progress(parent, db, "正在导出党员名册…", build)
    if error:
        messages.error(parent, error)
        return None
    count, data = out
    if not write_file(parent, path, data):
        return None
    if can_see_full_ids(db):
        log_full_id_export(db, f"导出党员名册 {Path(path).name}", count)
    messages.info(parent, f"已导出 {count} 名党员到\n{path}")
    return Path(path)


def save_template(parent: QWidget | None) -> Path | None:
    """下载导入模板: the blank roster with drop-down lists and 填表说明, to send to the villages."""
    path = dialogs.save_file(parent, "保存导入模板", "党员名册导入模板.xlsx")
    if not path:
        return None
    buf = io.BytesIO()
    build_template(buf)
    if not write_file(parent, path, buf.getvalue()):
        return None
    messages.info(parent, f"已保存导入模板到\n{path}\n\n请发给各村（社区）按模板填写。")
    return Path(path)
