"""Issue 11.8: Qt's own dialogs speak Chinese (the program loads Qt's zh_CN catalogs), and file dialogs start in
the user's documents folder, then in the last folder used."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel, QMessageBox

from ui import file_dialogs
from ui.app import install_translations, make_app

SHOTS = Path("/work/shots/uifix")


def test_message_boxes_and_file_dialogs_are_chinese(qtbot) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    assert "qtbase_zh_CN" in install_translations(app)  # qt_zh_CN only bundles catalogs, some not shipped
    box = QMessageBox(QMessageBox.Icon.Information, "提示", "已保存", QMessageBox.StandardButton.Ok
                      | QMessageBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.button(QMessageBox.StandardButton.Ok).text() == "确定"
    assert box.button(QMessageBox.StandardButton.Cancel).text() == "取消"
    dialog = QFileDialog(None, "选择文件")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    dialog.show()
    buttons = dialog.findChild(QDialogButtonBox)
    texts = {b.text() for b in buttons.buttons()}
    assert "Cancel" not in texts and "取消" in texts, texts
    labels = {label.objectName(): label.text() for label in dialog.findChildren(QLabel)}
    assert labels["lookInLabel"] == "查找范围(&L)：" and labels["fileTypeLabel"] == "文件类型(&T)："
    assert labels["fileNameLabel"] == "文件名称(&N)："  # from Qt's own catalog, not hidden by the supplement
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.resize(700, 420)
    dialog.grab().save(str(SHOTS / "11.8-file-dialog.png"))


def test_file_dialogs_start_in_documents_then_in_the_last_folder(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    seen: list[str] = []
    chosen = tmp_path / "u盘" / "名册.xlsx"
    chosen.parent.mkdir()

    def fake_save(parent, caption, start, file_filter):  # type: ignore[no-untyped-def]
        seen.append(start)
        return str(chosen), file_filter

    def fake_open(parent, caption, start, file_filter):  # type: ignore[no-untyped-def]
        seen.append(start)
        return "", file_filter  # cancelled: the remembered folder stays

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_save)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", fake_open)
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    first = docs if Path(docs).is_dir() else str(Path.home())
    assert file_dialogs.FileDialogs().save_file(None, "导出", "党员名册.xlsx") == str(chosen)
    assert seen[0] == str(Path(first) / "党员名册.xlsx")
    assert file_dialogs.FileDialogs().open_file(None, "导入") == ""
    assert file_dialogs.FileDialogs().open_file(None, "导入") == ""
    assert seen[1:] == [str(chosen.parent)] * 2
