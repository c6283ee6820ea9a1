"""The import dialog with real widgets offscreen: choose a file, see columns, preview and problems, save the problem
list, import or skip invalid rows; and the 导出… / 下载导入模板 actions with answered file dialogs."""
from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from models.db import LedgerDB
from models.entities import MemberQuery
from tests.conftest import add_member
from tests.models.test_import_files import messy_rows, person, write_xlsx
from ui import file_dialogs
from ui.events import DataEvents
from ui.members import roster_io
from ui.members.import_dialog import ImportDialog

SHOTS = Path("/tmp/shots-import-export")


class Answers(file_dialogs.FileDialogs):
    def __init__(self, open_name: str = "", save_name: str = "") -> None:
        self.open_name, self.save_name = open_name, save_name
        self.asked: list[str] = []

    def open_file(self, parent: object, caption: str, file_filter: str = "") -> str:
        self.asked.append(caption)
        return self.open_name

    def save_file(self, parent: object, caption: str, suggested: str, file_filter: str = "") -> str:
        self.asked.append(f"{caption}:{suggested}")
        return self.save_name


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    a = Answers()
    monkeypatch.setattr(file_dialogs, "dialogs", a)
    return a


def bad_roster(tmp_path: Path) -> Path:
    rows = messy_rows()
    rows[4][4] = float(person(2))  # Excel turned the identity number into a number
    rows[5][6] = "入党积极分子"
    return write_xlsx(tmp_path / "姜家庄村.xlsx", {"花名册": rows})


def open_dialog(qtbot: QtBot, db: LedgerDB, answers: Answers, path: Path) -> ImportDialog:
    dialog = ImportDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    answers.open_name = str(path)
    with qtbot.waitSignal(dialog.plan_ready, timeout=10000):
        dialog.choose_button.click()
    qtbot.waitUntil(lambda: not dialog.busy)
    return dialog


def test_models_pass_the_model_tester(qtbot: QtBot, qtmodeltester, town_db: LedgerDB, tmp_path: Path,
                                      answers: Answers) -> None:
    dialog = open_dialog(qtbot, town_db, answers, bad_roster(tmp_path))
    for model in (dialog.columns_model, dialog.preview_model, dialog.problems_model):
        qtmodeltester.check(model)


def test_problems_are_listed_nothing_can_be_imported_as_is_and_the_list_is_saved(
        qtbot: QtBot, town_db: LedgerDB, tmp_path: Path, answers: Answers, messages: list[tuple[str, str]]) -> None:
    dialog = open_dialog(qtbot, town_db, answers, bad_roster(tmp_path))
    problems = dialog.problems_model
    rows = [tuple(problems.index(r, c).data() for c in range(5)) for r in range(problems.rowCount())]
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [
        ("花名册", "5", "身份证号码", "3.70285E+17"), ("花名册", "6", "党员类别", "入党积极分子")]
    assert "文本" in rows[0][4]
    assert dialog.tabs.currentIndex() == 2 and dialog.tabs.tabText(2) == "问题（2）"
    assert not dialog.import_button.isEnabled() and dialog.skip_button.isEnabled()
    columns = dialog.columns_model
    marked = [columns.index(r, 1).data() for r in range(columns.rowCount()) if columns.index(r, 2).data() == "未识别，不导入"]
    assert marked == ["籍贯"]
    preview = dialog.preview_model
    assert preview.rowCount() == 1 and preview.index(0, 2).data() == "王芳"
    assert preview.index(0, 2 + 5).data() == "大学专科"  # 学历 as it will be stored
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "import-problems.png"))

    answers.save_name = str(tmp_path / "回执.xlsx")
    dialog.save_problems_button.click()
    ws = openpyxl.load_workbook(tmp_path / "回执.xlsx").active
    assert [c.value for c in ws[2]] == ["花名册", 5, "身份证号码", "3.70285E+17", rows[0][4]]
    assert town_db.execute("SELECT count(*) FROM members").fetchone()[0] == 0


def test_skip_invalid_imports_the_good_rows_after_confirming(qtbot: QtBot, town_db: LedgerDB, tmp_path: Path,
                                                             answers: Answers, messages: list[tuple[str, str]]) -> None:
    dialog = open_dialog(qtbot, town_db, answers, bad_roster(tmp_path))
    with qtbot.waitSignal(dialog.import_finished, timeout=10000):
        dialog.skip_button.click()
    assert messages[0][0] == "confirm" and "跳过 2 行" in messages[0][1]
    assert dialog.result_of_import is not None and dialog.result_of_import.imported == 1
    assert [m[1] for m in messages if m[0] == "info"] == ["已导入：新增 1 名党员，更新 0 名，跳过 2 行有错误的数据；"
                                                          "新建网格 1 个。"]
    assert town_db.execute("SELECT name FROM members").fetchall() == [("王芳",)]


def test_a_clean_file_is_previewed_then_imported(qtbot: QtBot, town_db: LedgerDB, tmp_path: Path,
                                                 answers: Answers, messages: list[tuple[str, str]]) -> None:
    add_member(town_db, "王芳", id_number=person(1, male=False), village="姜家庄村")  # the same person
    dialog = open_dialog(qtbot, town_db, answers, write_xlsx(tmp_path / "ok.xlsx", {"花名册": messy_rows()}))
    assert dialog.tabs.currentIndex() == 1 and dialog.import_button.isEnabled()
    assert "可导入 <b>3</b> 行（其中 1 人已在系统中" in dialog.summary.text()
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "import-preview.png"))
    with qtbot.waitSignal(dialog.import_finished, timeout=10000):
        dialog.import_button.click()
    assert (dialog.result_of_import.imported, dialog.result_of_import.updated) == (2, 1)  # type: ignore[union-attr]
    assert town_db.execute("SELECT count(*) FROM members").fetchone()[0] == 3


def test_an_unreadable_file_says_why(qtbot: QtBot, town_db: LedgerDB, tmp_path: Path, answers: Answers,
                                     messages: list[tuple[str, str]]) -> None:
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(b"broken")
    dialog = ImportDialog(town_db)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.import_finished, timeout=10000):
        dialog.load(bad)
    qtbot.waitUntil(lambda: not dialog.busy)
    assert messages[-1][0] == "error" and "无法读取文件" in messages[-1][1]
    assert not dialog.import_button.isEnabled() and not dialog.skip_button.isEnabled()


def test_open_import_emits_one_changed_naming_what_it_wrote(qtbot: QtBot, town_db: LedgerDB, tmp_path: Path,
                                                            answers: Answers, messages: list[tuple[str, str]],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_xlsx(tmp_path / "ok.xlsx", {"花名册": messy_rows()})

    def run_dialog(self: ImportDialog) -> int:
        with qtbot.waitSignal(self.plan_ready, timeout=10000):
            self.load(path)
        qtbot.waitUntil(lambda: not self.busy)
        with qtbot.waitSignal(self.import_finished, timeout=10000):
            self.import_button.click()
        return 1

    monkeypatch.setattr(ImportDialog, "exec", run_dialog)
    events = DataEvents(town_db)
    seen: list[frozenset[str]] = []
    events.changed.connect(seen.append)
    result = roster_io.open_import(None, town_db, events)
    assert result is not None and result.imported == 3
    assert len(seen) == 1 and "members" in seen[0]


def test_export_and_template_save_where_the_clerk_chose(town_db: LedgerDB, tmp_path: Path, answers: Answers,
                                                        messages: list[tuple[str, str]], qtbot: QtBot,
                                                        dialogs: list[Callable[[QDialog], bool]]) -> None:
    add_member(town_db, "王芳", male=False)
    answers.save_name = str(tmp_path / "名册.xlsx")
    offered: list[bool] = []

    def plain(dialog: QDialog) -> bool:  # no accounts yet: encryption is offered but not ticked
        offered.append(dialog.encrypt_box.isChecked())  # type: ignore[attr-defined]
        return True
    dialogs.append(plain)
    assert roster_io.export_members(None, town_db, MemberQuery()) == tmp_path / "名册.xlsx"
    assert offered == [False]
    assert answers.asked[-1].startswith("导出党员名册:院上镇党员名册-")
    assert openpyxl.load_workbook(tmp_path / "名册.xlsx").active["B2"].value == "王芳"
    answers.save_name = str(tmp_path / "模板.xlsx")
    assert roster_io.save_template(None) == tmp_path / "模板.xlsx"
    assert "填表说明" in openpyxl.load_workbook(tmp_path / "模板.xlsx").sheetnames
    answers.save_name = ""
    assert roster_io.export_members(None, town_db, MemberQuery()) is None
    assert [k for k, _ in messages] == ["info", "info"]


def test_an_export_protected_with_a_password_opens_only_with_it(
        town_db: LedgerDB, tmp_path: Path, answers: Answers, messages: list[tuple[str, str]], qtbot: QtBot,
        dialogs: list[Callable[[QDialog], bool]]) -> None:
    from models.crypto import WrongPassword, decrypt_stream
    add_member(town_db, "王芳", male=False)
    answers.save_name = str(tmp_path / "名册.xlsx")

    def protect(dialog: QDialog) -> bool:
        dialog.encrypt_box.setChecked(True)  # type: ignore[attr-defined]
        dialog.password.setText("村里的密码2026")  # type: ignore[attr-defined]
        dialog.repeat.setText("村里的密码2026")  # type: ignore[attr-defined]
        return True
    dialogs.append(protect)
    sealed = roster_io.export_members(None, town_db, MemberQuery())
    assert sealed == tmp_path / "名册.xlsx.enc"
    assert not (tmp_path / "名册.xlsx").exists()
    with pytest.raises(WrongPassword):
        decrypt_stream(io.BytesIO(sealed.read_bytes()), io.BytesIO(), "别的密码别的密码")
    plain = io.BytesIO()
    decrypt_stream(io.BytesIO(sealed.read_bytes()), plain, "村里的密码2026")
    assert openpyxl.load_workbook(io.BytesIO(plain.getvalue())).active["B2"].value == "王芳"
    assert "已加密" in messages[-1][1]


def test_a_file_open_in_excel_is_reported(town_db: LedgerDB, tmp_path: Path, answers: Answers,
                                          messages: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch,
                                          qtbot: QtBot) -> None:
    answers.save_name = str(tmp_path / "locked.xlsx")

    def locked(self: Path, data: bytes) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "write_bytes", locked)
    assert roster_io.save_template(None) is None
    assert messages == [("error", "无法写入“locked.xlsx”：文件可能正在 Excel 或 WPS 中打开，请关闭后重试")]


def big_roster(tmp_path: Path, n: int = 6000) -> Path:
    import datetime as dt
    rows: list[list[object]] = [["姓名", "身份证号", "人员类别", "入党日期", "所在村"]]
    for i in range(n):
        birth = (dt.date(1950, 1, 1) + dt.timedelta(days=i * 2)).isoformat()
        rows.append([f"党员{i}", person(1, birth), "正式党员", "2015-07-01", "院上村"])
    return write_xlsx(tmp_path / "big.xlsx", {"Sheet1": rows})


def test_a_large_file_is_read_in_the_background_and_can_be_cancelled(
        qtbot: QtBot, town_db: LedgerDB, tmp_path: Path, messages: list[tuple[str, str]]) -> None:
    from PySide6.QtCore import QTimer
    path = big_roster(tmp_path)
    dialog = ImportDialog(town_db)
    qtbot.addWidget(dialog)
    dialog.show()
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(5)
    with qtbot.waitSignal(dialog.plan_ready, timeout=20000):
        dialog.load(path)
        assert dialog.busy and dialog.progress.isVisible() and dialog.cancel_button.text() == "停止"
    timer.stop()
    assert len(ticks) >= 3  # the event loop kept running while the file was read and checked
    qtbot.waitUntil(lambda: not dialog.busy)
    assert dialog.plan is not None and len(dialog.plan.rows) == 6000

    with qtbot.waitSignal(dialog.import_finished, timeout=20000):
        dialog.load(path)
        dialog.cancel_button.click()  # 停止 while reading
    qtbot.waitUntil(lambda: not dialog.busy)
    assert messages[-1] == ("error", "已取消导入，没有写入任何数据")
    assert dialog.isVisible() and dialog.cancel_button.text() == "取消"
    assert town_db.execute("SELECT count(*) FROM members").fetchone()[0] == 0


def test_rows_without_a_village_go_to_the_village_the_clerk_picks(qtbot: QtBot, town_db: LedgerDB, tmp_path: Path,
                                                                  messages: list[tuple[str, str]]) -> None:
    rows = [["姓名", "身份证号", "人员类别", "入党日期"], ["甲", person(80), "正式党员", "1995-07-01"]]
    dialog = ImportDialog(town_db)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.plan_ready, timeout=10000):
        dialog.load(write_xlsx(tmp_path / "Sheet.xlsx", {"Sheet1": rows}))
    qtbot.waitUntil(lambda: not dialog.busy)
    assert dialog.problems_model.index(0, 2).data() == "所在村（社区）" and not dialog.skip_button.isEnabled()
    with qtbot.waitSignal(dialog.plan_ready, timeout=10000):
        dialog.village_combo.setCurrentIndex(dialog.village_combo.findText("姜家庄村"))
    qtbot.waitUntil(lambda: not dialog.busy)
    assert dialog.problems_model.rowCount() == 0 and dialog.import_button.isEnabled()
    assert dialog.preview_model.index(0, 2 + 18).data() == "姜家庄村"


def test_reminders_follow_the_errors_and_go_into_the_saved_list(
        qtbot: QtBot, town_db: LedgerDB, tmp_path: Path, answers: Answers, messages: list[tuple[str, str]]) -> None:
    rows = messy_rows()
    rows[5][6] = "入党积极分子"
    rows[3][8] = "1995年12月"  # 王芳: full membership five months after joining — unusual, not wrong
    path = write_xlsx(tmp_path / "姜家庄村.xlsx", {"花名册": rows})
    dialog = open_dialog(qtbot, town_db, answers, path)
    problems = dialog.problems_model
    shown = [(problems.index(r, 1).data(), problems.index(r, 4).data()) for r in range(problems.rowCount())]
    assert shown[0][0] == "6" and "不是党员" in shown[0][1]
    assert shown[1] == ("4", "提醒（不影响导入）：距入党不足一年即转正，请核对")
    assert dialog.tabs.tabText(2) == "问题（1，提醒 1）"
    answers.save_name = str(tmp_path / "回执.xlsx")
    dialog.save_problems_button.click()
    wb = openpyxl.load_workbook(tmp_path / "回执.xlsx")
    assert wb.sheetnames == ["需要改正的问题", "提醒（不影响导入）"]
    assert [c.value for c in wb["提醒（不影响导入）"][2]][1:3] == [4, "转正时间"]


def test_a_rename_is_a_problem_until_the_clerk_accepts_the_new_name(qtbot: QtBot, town_db: LedgerDB,
                                                                   tmp_path: Path, answers: Answers,
                                                                   messages: list[tuple[str, str]]) -> None:
    add_member(town_db, "张三", id_number=person(1))
    header = ["姓名", "身份证号", "人员类别", "入党日期", "所在村"]
    path = write_xlsx(tmp_path / "r.xlsx", {"Sheet1": [header, ["王重复", person(1), "正式党员", "1995-07-01", "院上村"],
                                                       ["李四", person(2), "正式党员", "1995-07-01", "院上村"]]})
    dialog = open_dialog(qtbot, town_db, answers, path)
    problems = [dialog.problems_model.index(r, 4).data() for r in range(dialog.problems_model.rowCount())]
    assert problems[0].startswith("身份证号与系统中的张三相同，姓名不同") and dialog.tabs.currentIndex() == 2
    assert not dialog.import_button.isEnabled()
    shots = Path("/work/shots/import")
    shots.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(shots / "rename-refused.png"))
    with qtbot.waitSignal(dialog.plan_ready, timeout=10000):
        dialog.accept_names_box.setChecked(True)
    qtbot.waitUntil(lambda: not dialog.busy)
    assert dialog.plan is not None and dialog.plan.errors == [] and dialog.import_button.isEnabled()
    assert "1 人将按文件更新" in dialog.summary.text()
    problems = [dialog.problems_model.index(r, 4).data() for r in range(dialog.problems_model.rowCount())]
    assert problems == ["提醒（不影响导入）：身份证号与系统中的张三相同，将改名为王重复"]
    dialog.grab().save(str(shots / "rename-accepted.png"))
    with qtbot.waitSignal(dialog.import_finished, timeout=10000):
        dialog.import_button.click()
    assert sorted(n for (n,) in town_db.execute("SELECT name FROM members")) == ["李四", "王重复"]


def test_an_unchanged_roster_says_how_many_were_unchanged(qtbot: QtBot, town_db: LedgerDB, tmp_path: Path,
                                                          answers: Answers, messages: list[tuple[str, str]]) -> None:
    add_member(town_db, "张三", id_number=person(1), branch="院上镇院上村党支部")  # as the form saves him
    header = ["姓名", "身份证号", "人员类别", "入党日期", "所在村"]
    path = write_xlsx(tmp_path / "r.xlsx", {"Sheet1": [header, ["张三", person(1), "正式党员", "1995-07-01", "院上村"]]})
    dialog = open_dialog(qtbot, town_db, answers, path)
    assert "0 人将按文件更新，1 人与系统中相同，不改动" in dialog.summary.text()
    with qtbot.waitSignal(dialog.import_finished, timeout=10000):
        dialog.import_button.click()
    assert [m[1] for m in messages if m[0] == "info"] == ["已导入：新增 0 名党员，更新 0 名，1 名与系统中相同（未改动）。"]


def test_a_sheet_with_a_far_stray_cell_is_explained_and_the_window_lives(qtbot: QtBot, town_db: LedgerDB,
                                                                       tmp_path: Path, answers: Answers,
                                                                       messages: list[tuple[str, str]]) -> None:
    from tests.models.test_import_big_sheets import stray_xlsx
    dialog = ImportDialog(town_db)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.import_finished, timeout=20000):
        dialog.load(stray_xlsx(tmp_path / "院上村.xlsx", "XFD65536"))
    qtbot.waitUntil(lambda: not dialog.busy)
    assert messages[-1][0] == "error" and "工作表“花名册”使用范围达到 A1:XFD65536" in messages[-1][1]
    assert "Ctrl+End" in dialog.summary.text() and not dialog.import_button.isEnabled()
    shots = Path("/work/shots/import")
    shots.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(shots / "stray-cell-refused.png"))


def test_a_large_roster_is_checked_with_the_helper_process_from_the_dialog(
        qtbot: QtBot, town_db: LedgerDB, tmp_path: Path, answers: Answers, monkeypatch: pytest.MonkeyPatch) -> None:
    """The dialog's check runs in a worker thread; for a large file it starts the helper process (models.importing
    .helper) from there: the preview and the import are the same, and no process is left."""
    from models.importing import helper
    started: list[helper.Helper] = []
    start = helper.start

    def recording(*args: object, **kwargs: object) -> helper.Helper | None:
        made = start(*args, **kwargs)  # type: ignore[arg-type]
        if made:
            started.append(made)
        return made

    monkeypatch.setattr(helper, "MIN_BYTES", 0)  # this small file counts as large
    monkeypatch.setattr(helper, "start", recording)
    dialog = open_dialog(qtbot, town_db, answers, write_xlsx(tmp_path / "ok.xlsx", {"花名册": messy_rows()}))
    assert "可导入 <b>3</b> 行" in dialog.summary.text()
    assert len(started) == 1 and started[0].reader is not None and started[0].process.poll() is not None
    with qtbot.waitSignal(dialog.import_finished, timeout=10000):
        dialog.import_button.click()
    assert dialog.result_of_import.imported == 3  # type: ignore[union-attr]
    assert town_db.execute("SELECT count(*) FROM members").fetchone()[0] == 3
