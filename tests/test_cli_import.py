"""The command-line contract of `import members`, `export members` and `export template`: exit codes, --json,
never a traceback; and an import killed mid-write leaves the database exactly as it was."""
from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import openpyxl
import pytest

import main
from models.db import LedgerDB, open_database
from tests.models.test_import_files import person, write_xlsx

ROOT = Path(__file__).resolve().parent.parent
HEADER = ["姓名", "身份证号", "人员类别", "入党日期", "所在村", "籍贯"]


def roster(tmp_path: Path, *rows: list[object]) -> Path:
    return write_xlsx(tmp_path / "roster.xlsx", {"Sheet1": [HEADER, *rows]})


def run(db_path: Path, *args: str) -> int:
    return main.main(["--db", str(db_path), *args])


def test_clean_file_imports_with_exit_0_and_the_json_contract(town_db: LedgerDB, db_path: Path, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = roster(tmp_path, ["甲", person(1), "正式党员", "1995-07-01", "新村", "莱西"])
    assert run(db_path, "import", "members", str(path), "--json") == 0
    out = json.loads(capsys.readouterr().out)
    assert out == {"imported": 1, "updated": 0, "unchanged": 0, "skipped": 0, "created_villages": ["新村"], "created_grids": [],
                   "ignored_columns": ["籍贯"], "ignored_sheets": [], "errors": []}


def test_rejected_rows_exit_1_and_nothing_is_written(town_db: LedgerDB, db_path: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = roster(tmp_path, ["甲", person(1), "正式党员", "1995-07-01", "院上村"],
                  ["乙", person(2), "发展对象", "1995-07-01", "院上村"])
    assert run(db_path, "import", "members", str(path), "--json") == 1
    out = json.loads(capsys.readouterr().out)
    assert (out["imported"], out["skipped"]) == (0, 2)
    assert out["errors"] == [{"sheet": "Sheet1", "row": 3, "column": "人员类别", "value": "发展对象",
                              "message": "“发展对象”不是党员，不能录入党员名册"}]
    assert town_db.execute("SELECT count(*) FROM members").fetchone()[0] == 0
    assert run(db_path, "import", "members", str(path), "--skip-invalid") == 1
    text = capsys.readouterr().out
    assert "第 3 行" in text and "新增 1 名" in text
    assert town_db.execute("SELECT count(*) FROM members").fetchone()[0] == 1


def test_dry_run_exits_by_the_same_rule_and_writes_nothing(town_db: LedgerDB, db_path: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = roster(tmp_path, ["甲", person(1), "正式党员", "1995-07-01", "院上村"])
    assert run(db_path, "import", "members", str(path), "--dry-run") == 0
    assert "试运行" in capsys.readouterr().out
    assert town_db.execute("SELECT count(*) FROM members").fetchone()[0] == 0


@pytest.mark.parametrize("make, message", [
    (lambda p: p / "missing.xlsx", "找不到文件"),
    (lambda p: (p / "bad.xlsx").write_bytes(b"garbage") and p / "bad.xlsx", "无法读取文件"),
    (lambda p: (p / "x.docx").write_bytes(b"x") and p / "x.docx", "不支持的文件类型"),
])
def test_unreadable_files_exit_2_with_a_chinese_message(town_db: LedgerDB, db_path: Path, tmp_path: Path, make,
                                                        message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(db_path, "import", "members", str(make(tmp_path))) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_usage_errors_exit_2(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        run(db_path, "import", "members")
    assert exc.value.code == 2 and "参数错误" in capsys.readouterr().err
    assert run(db_path, "export", "members", str(tmp_path / "out.csv")) == 2
    assert run(db_path, "export", "members", str(tmp_path / "out.xlsx"), "--village", "没有的村") == 2
    assert "找不到村（社区）“没有的村”" in capsys.readouterr().err
    (tmp_path / "dir.xlsx").mkdir()
    assert run(db_path, "export", "template", str(tmp_path / "dir.xlsx")) == 2
    assert "无法写入" in capsys.readouterr().err


def test_export_members_and_template(town_db: LedgerDB, db_path: Path, tmp_path: Path) -> None:
    path = roster(tmp_path, ["甲", person(1), "正式党员", "1995-07-01", "院上村"],
                  ["乙", person(2), "正式党员", "1995-07-01", "姜家庄村"])
    assert run(db_path, "import", "members", str(path)) == 0
    assert run(db_path, "export", "members", str(tmp_path / "all.xlsx")) == 0
    assert run(db_path, "export", "members", str(tmp_path / "one.xlsx"), "--village", "姜家庄村") == 0
    names = [r[1].value for r in openpyxl.load_workbook(tmp_path / "one.xlsx").active.iter_rows(min_row=2)]
    assert names == ["乙"]
    assert openpyxl.load_workbook(tmp_path / "all.xlsx").active.max_row == 3
    assert run(db_path, "export", "members", str(tmp_path / "hist.xlsx"), "--all-statuses") == 0
    assert openpyxl.load_workbook(tmp_path / "hist.xlsx").active["Y1"].value == "状态"
    assert run(db_path, "export", "template", str(tmp_path / "t.xlsx")) == 0
    assert "填表说明" in openpyxl.load_workbook(tmp_path / "t.xlsx").sheetnames


KILLER = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {root!r})
    from models.db import open_database
    from models.importing import import_members
    def progress(phase, done, total):
        if phase == "写入数据库" and done:
            print("WRITING", flush=True)
            time.sleep(60)
    import_members(open_database({db!r}), {file!r}, progress=progress)
""")


@pytest.mark.slow
def test_an_import_killed_mid_write_leaves_the_database_exactly_as_before(town_db: LedgerDB, db_path: Path,
                                                                          tmp_path: Path) -> None:
    births = [(dt.date(1960, 1, 1) + dt.timedelta(days=i)).isoformat() for i in range(12000)]
    rows = [[f"人{i}", person(1, births[i]), "正式党员", "2015-07-01", f"村{i % 7}"] for i in range(12000)]
    path = roster(tmp_path, *rows)
    town_db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = list(town_db.conn.iterdump())
    town_db.close()
    proc = subprocess.Popen([sys.executable, "-c", KILLER.format(root=str(ROOT), db=str(db_path), file=str(path))],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "WRITING", proc.stderr.read() if proc.stderr else ""
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    db = open_database(db_path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert list(db.conn.iterdump()) == before
    db.close()
