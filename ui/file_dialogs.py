"""Where the program's file dialogs start: the user's documents folder the first time, then the last folder a
file was opened from or saved to (remembered in QSettings, so also across restarts)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from ui import messages

LAST_FOLDER = "files/last_folder"


def _settings():  # type: ignore[no-untyped-def]
    from ui.main_window import app_settings  # late: main_window imports the pages that use this module
    return app_settings()


def start_folder() -> str:
    """The last folder used if it still exists, else 文档 (Documents), else the home folder."""
    last = _settings().value(LAST_FOLDER)
    if isinstance(last, str) and last and Path(last).is_dir():
        return last
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return docs if docs and Path(docs).is_dir() else str(Path.home())


def remember(path: str) -> None:
    """Note the folder of a chosen file, so the next dialog starts there."""
    if path:
        settings = _settings()
        settings.setValue(LAST_FOLDER, str(Path(path).parent))
        settings.sync()


def open_file(parent: QWidget | None, caption: str, file_filter: str) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, caption, start_folder(), file_filter)
    remember(path)
    return path


def save_file(parent: QWidget | None, caption: str, suggested: str, file_filter: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, caption, str(Path(start_folder()) / suggested), file_filter)
    remember(path)
    return path


ROSTER_FILTER = "党员名册 (*.xlsx *.xls *.ods *.csv);;Excel 文件 (*.xlsx *.xls);;CSV 文件 (*.csv);;所有文件 (*)"
XLSX_FILTER = "Excel 文件 (*.xlsx)"
PNG_FILTER = "PNG 图片 (*.png)"


class FileDialogs:
    """Asks for file names; returns '' when the clerk cancels. Tests replace `dialogs`'s methods. The dialogs
    start in 文档, then in the last folder used ."""

    def open_file(self, parent: QWidget | None, caption: str, file_filter: str = ROSTER_FILTER) -> str:
        return open_file(parent, caption, file_filter)

    def save_file(self, parent: QWidget | None, caption: str, suggested: str, file_filter: str = XLSX_FILTER,
                  suffix: str = ".xlsx") -> str:
        name = save_file(parent, caption, suggested, file_filter)
        if name and not name.lower().endswith(suffix):
            name += suffix
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
