"""`main.py backup / restore / check`: exit status and the Chinese lines a clerk or a script sees."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import main
from models.db import LedgerDB, open_database
from models.lock import acquire
from models.migrations import MIGRATIONS
from tests.conftest import add_member

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def ledger(town_db: LedgerDB, db_path: Path) -> Path:
    add_member(town_db, "张三", grid="第一网格")
    add_member(town_db, "李四", village="姜家庄村")
    return db_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_backup_prints_path_and_size(ledger: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "usb" / "备份.db"
    out_file.parent.mkdir()
    code, out, _ = run(capsys, "--db", str(ledger), "backup", "--out", str(out_file))
    assert code == 0 and str(out_file) in out and "KB" in out
    assert sqlite3.connect(str(out_file)).execute("SELECT count(*) FROM members").fetchone()[0] == 2


def test_backup_into_a_folder_names_the_file_by_date(ledger: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(ledger), "backup", "--out", str(tmp_path))
    made = list(tmp_path.glob("网格党建台账备份-*.db"))
    assert code == 0 and len(made) == 1 and made[0].name in out


def test_backup_to_a_missing_folder_fails_cleanly(ledger: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--db", str(ledger), "backup", "--out", str(tmp_path / "没有" / "x.db"))
    assert code == 1 and "备份失败" in err and "无法写入" in err


def test_restore_good_file_tells_the_data_date(ledger: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "copy.db"
    assert run(capsys, "--db", str(ledger), "backup", "--out", str(copy))[0] == 0
    db = open_database(ledger)
    when = db.execute("SELECT substr(max(at), 1, 16) FROM audit_log").fetchone()[0]
    db.execute("DELETE FROM member_events")
    db.execute("UPDATE members SET name = '误改'")
    db.conn.commit()
    db.close()
    code, out, _ = run(capsys, "--db", str(ledger), "restore", str(copy))
    assert code == 0 and f"恢复的数据日期：{when}" in out and "院上镇" in out and "恢复前副本" in out
    names = {r[0] for r in sqlite3.connect(str(ledger)).execute("SELECT name FROM members")}
    assert names == {"张三", "李四"}


def test_restore_refuses_bad_files(ledger: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "名单.csv"
    text.write_text("姓名,身份证\n张三,1\n" * 200, encoding="utf-8")
    code, _, err = run(capsys, "--db", str(ledger), "restore", str(text))
    assert code == 1 and "不是数据库文件" in err

    newer = tmp_path / "newer.db"
    run(capsys, "--db", str(ledger), "backup", "--out", str(newer))
    conn = sqlite3.connect(str(newer))
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, 'm050_x', '')",
                 [MIGRATIONS.name])
    conn.commit()
    conn.close()
    code, _, err = run(capsys, "--db", str(ledger), "restore", str(newer))
    assert code == 1 and "较新版本" in err

    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(newer.read_bytes()[:4096] + os.urandom(len(newer.read_bytes()) - 4096))
    code, _, err = run(capsys, "--db", str(ledger), "restore", str(damaged))
    assert code == 1 and "已损坏" in err
    assert {r[0] for r in sqlite3.connect(str(ledger)).execute("SELECT name FROM members")} == {"张三", "李四"}


def test_restore_refused_while_the_program_has_the_database(ledger: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "copy.db"
    run(capsys, "--db", str(ledger), "backup", "--out", str(copy))
    lock = acquire(ledger, user="窗口中的文书")
    try:
        code, _, err = run(capsys, "--db", str(ledger), "restore", str(copy))
    finally:
        lock.release()
    assert code == 1 and "窗口中的文书" in err


def test_check_clean_and_with_findings(ledger: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(ledger), "check")
    assert code == 0 and "检查通过" in out
    db = open_database(ledger)
    add_member(db, "周八", category="预备党员", join_date="2020-03-01", full_date="")
    db.close()
    code, out, _ = run(capsys, "--db", str(ledger), "check")
    assert code == 1 and "[预备期] 预备党员 周八" in out and "共发现 1 个问题" in out


def test_check_damaged_and_missing_files(ledger: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = open_database(ledger)
    for i in range(200):
        add_member(db, f"党员{i}")
    db.close()
    data = bytearray(ledger.read_bytes())
    data[3 * 4096:9 * 4096] = os.urandom(6 * 4096)
    ledger.write_bytes(bytes(data))
    code, out, _ = run(capsys, "--db", str(ledger), "check")
    assert code == 1 and "[完整性]" in out and "restore" in out
    code, _, err = run(capsys, "--db", str(tmp_path / "none.db"), "check")
    assert code == 1 and "找不到数据库文件" in err and not (tmp_path / "none.db").exists()


def test_cli_runs_as_a_script(ledger: Path) -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(ledger), "check"],
                          capture_output=True, text=True, env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert proc.returncode == 0 and "检查通过" in proc.stdout


def test_backup_is_audited_and_needs_a_login_once_there_are_accounts(
        ledger: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from models import accounts
    from models.backup import EXTERNAL_ACTION
    code, _, _ = run(capsys, "--db", str(ledger), "backup", "--out", str(tmp_path / "a.db"))
    db = open_database(ledger)
    assert code == 0
    assert db.execute("SELECT count(*) FROM audit_log WHERE action = ?", [EXTERNAL_ACTION]).fetchone()[0] == 1
    accounts.create_first_admin(db, "admin", "admin-pass-1")
    accounts.add_account(db, "reader", "查阅", "reader-pass-1")
    db.close()
    code, _, err = run(capsys, "--db", str(ledger), "backup", "--out", str(tmp_path / "b.db"))
    assert code == 1 and "需要 --user" in err and not (tmp_path / "b.db").exists()
    monkeypatch.setenv("GRIDLEDGER_PASSWORD", "reader-pass-1")
    code, _, err = run(capsys, "--db", str(ledger), "--user", "reader", "backup", "--out", str(tmp_path / "c.db"))
    assert code == 1 and "没有备份数据的权限" in err and not (tmp_path / "c.db").exists()
    monkeypatch.setenv("GRIDLEDGER_PASSWORD", "admin-pass-1")
    code, _, err = run(capsys, "--db", str(ledger), "--user", "admin", "backup", "--out", str(tmp_path / "e.db"))
    assert code == 1 and "默认加密" in err and "--no-encrypt" in err and not (tmp_path / "e.db").exists()
    code, _, _ = run(capsys, "--db", str(ledger), "--user", "admin", "backup", "--out", str(tmp_path / "d.db"),
                     "--no-encrypt")
    db = open_database(ledger)
    assert code == 0 and db.execute("SELECT user FROM audit_log WHERE action = ? ORDER BY id DESC",
                                    [EXTERNAL_ACTION]).fetchone()[0] == "admin"
