"""Two imports at once: the second waits for the first writer (BEGIN IMMEDIATE + busy_timeout) and both land;
a writer that keeps the lock too long gets a Chinese message, never `database is locked`."""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import main
from models import idcard
from models.db import DatabaseBusy, LedgerDB
from models.importing import import_members
from models.importing import write as import_write
from tests.models.test_import_files import write_xlsx

ROOT = Path(__file__).resolve().parent.parent.parent
HEADER = ["姓名", "身份证号", "人员类别", "入党日期", "所在村", "网格"]


def roster(path: Path, first: int, count: int, village: str) -> Path:
    rows = [[f"党员{first + i}", idcard.make("370285", dt.date(1950, 1, 1) + dt.timedelta(days=first + i), 2),
             "正式党员", "1995-07-01", village, f"第{(first + i) % 7 + 1}网格"] for i in range(count)]
    return write_xlsx(path, {"Sheet1": [HEADER, *rows]})


def test_two_imports_in_two_processes_both_land(town_db: LedgerDB, db_path: Path, tmp_path: Path) -> None:
    files = [roster(tmp_path / "a.xlsx", 0, 4000, "院上村"), roster(tmp_path / "b.xlsx", 5000, 4000, "姜家庄村")]
    runs = [subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--db", str(db_path), "import", "members",
                              str(f), "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
            for f in files]
    outs = [r.communicate(timeout=300) for r in runs]
    for run, (out, err) in zip(runs, outs):
        assert run.returncode == 0, err
        assert "Traceback" not in err and "locked" not in err
        assert json.loads(out)["imported"] == 4000
    counts = dict(town_db.execute("SELECT v.name, count(*) FROM members m JOIN villages v ON v.id = m.village_id"
                                  " GROUP BY v.name").fetchall())
    assert counts == {"院上村": 4000, "姜家庄村": 4000}
    imports = town_db.execute("SELECT count(*) FROM audit_log WHERE action = '导入党员' AND table_name = 'members'").fetchone()[0]
    assert imports == 2


def test_a_writer_holding_the_lock_too_long_gets_a_chinese_reason(town_db: LedgerDB, db_path: Path,
                                                                    tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = roster(tmp_path / "a.xlsx", 0, 3, "院上村")
    monkeypatch.setattr(import_write, "IMPORT_WAIT_SECONDS", 0.5)
    other = sqlite3.connect(db_path)
    other.execute("BEGIN IMMEDIATE")  # another program is writing
    try:
        with pytest.raises(DatabaseBusy, match="另一个导入或修改正在写入这个数据库，等待 0 秒后仍未结束"):
            import_members(town_db, path)
        assert main.main(["--db", str(db_path), "import", "members", str(path), "--json"]) == 1
        captured = capsys.readouterr()
        assert "另一个导入或修改正在写入这个数据库" in json.loads(captured.out)["error"]
        assert "Traceback" not in captured.err
    finally:
        other.rollback()
        other.close()
    assert import_members(town_db, path).imported == 3  # once the other writer is done


def test_an_import_respects_the_instance_lock_of_a_window(town_db: LedgerDB, db_path: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    from models.lock import acquire, lock_path
    path = roster(tmp_path / "a.xlsx", 0, 3, "院上村")
    monkeypatch.setattr(import_write, "IMPORT_WAIT_SECONDS", 0.5)
    window = acquire(db_path, user="张会计")  # a window has the database open
    try:
        assert main.main(["--db", str(db_path), "import", "members", str(path)]) == 1
        err = capsys.readouterr().err
        assert "数据库正在被 张会计（电脑" in err and "请等它完成或关闭窗口后再导入" in err
        assert town_db.execute("SELECT count(*) FROM members").fetchone()[0] == 0
        assert main.main(["--db", str(db_path), "import", "members", str(path), "--dry-run"]) == 0  # reads only
    finally:
        window.release()
    assert main.main(["--db", str(db_path), "import", "members", str(path)]) == 0
    assert not lock_path(db_path).exists()  # the import let go of the lock
    assert town_db.execute("SELECT count(*) FROM members").fetchone()[0] == 3
