"""The decisions area on the command line: `import decisions` (all or nothing, the reason on stderr), `export
decisions` in the same columns, `report decision --item ID` read back from the PDF (every step, the flag's
reason), `reminders --json` with decision_flagged, and `screenshot --page decisions`."""
from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

import main
from models.db import LedgerDB
from tests.models.decisions.test_items import HEADER, sheet_rows
from tests.models.test_import_files import write_xlsx


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_export_report_and_reminders(town_db: LedgerDB, db_path: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    db = str(db_path)
    src = write_xlsx(tmp_path / "议事.xlsx", {"议事记录": sheet_rows()})
    code, out, err = run(capsys, "--db", db, "import", "decisions", str(src))
    assert code == 0, err
    assert "新事项 2 项，步骤记录 5 条" in out and "其中 1 项有步骤不符合议事程序" in out
    code, out, err = run(capsys, "--db", db, "export", "decisions", str(tmp_path / "导出.xlsx"))
    assert code == 0 and out.strip() == "5"
    rows = [list(r) for r in openpyxl.load_workbook(tmp_path / "导出.xlsx").active.iter_rows(values_only=True)]
    assert rows[0] == HEADER and len(rows) == 6
    code, out, err = run(capsys, "--db", db, "reminders", "--json")
    flagged = [r for r in json.loads(out)["reminders"] if r["kind"] == "decision_flagged"]
    assert [(r["village"], r["subject"], r["date"]) for r in flagged] == [("院上村", "集体厂房出租", "2026-08-10")]
    item = town_db.execute("SELECT id FROM dc_items WHERE title = '集体厂房出租'").fetchone()[0]
    pdf = tmp_path / "登记表.pdf"
    code, out, err = run(capsys, "--db", db, "report", "decision", "--item", str(item), "--out", str(pdf))
    assert code == 0 and out.strip() == "1", err
    text = PdfReader(pdf).pages[0].extract_text()
    for words in ("村级事务决策登记表", "集体厂房出租", "资产资源发包", "党员大会审议", "2026-08-10", "实施结果公开",
                  "不足应到 40 人的三分之二", "镇街审核意见"):
        assert words in text.replace("\n", ""), words
    code, out, err = run(capsys, "--db", db, "report", "decision", "--out", str(tmp_path / "全部.pdf"))
    assert code == 0 and out.strip() == "2"
    code, out, err = run(capsys, "--db", db, "report", "decision", "--item", "999", "--out", str(tmp_path / "x.pdf"))
    assert code == 1 and "没有编号为 999 的议事事项" in err and not (tmp_path / "x.pdf").exists()


def test_a_bad_file_is_refused_whole_without_a_traceback(town_db: LedgerDB, db_path: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    rows = sheet_rows()
    rows[3][5] = "八月十日"
    src = write_xlsx(tmp_path / "坏.xlsx", {"议事记录": rows})
    code, out, err = run(capsys, "--db", str(db_path), "import", "decisions", str(src))
    assert code == 1 and "第 4 行：“党员大会审议”的日期“八月十日”不是日期" in err and "Traceback" not in err
    assert town_db.execute("SELECT count(*) FROM dc_items").fetchone()[0] == 0
    code, out, err = run(capsys, "--db", str(db_path), "import", "decisions", str(tmp_path / "没有.xlsx"))
    assert code == 2 and "Traceback" not in err
    code, out, err = run(capsys, "--db", str(db_path), "export", "decisions", str(tmp_path / "a.csv"))
    assert code == 2 and "应以 .xlsx 结尾" in err


def test_screenshot_renders_the_page(town_db: LedgerDB, db_path: Path, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    from PySide6.QtGui import QImage
    out = tmp_path / "议事.png"
    code, _, err = run(capsys, "--db", str(db_path), "screenshot", "--page", "decisions", "--out", str(out))
    assert code == 0, err
    assert QImage(str(out)).width() == 1366
