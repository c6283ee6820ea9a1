"""`main.py backup --encrypt` and restoring a password-protected backup from the command line (issue 9.5): the
password from GRIDLEDGER_BACKUP_PASSWORD or a terminal, a wrong one said clearly, no terminal and no variable a
Chinese reason, never a traceback."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import main
from models import crypto
from models.crypto import is_encrypted
from models.db import LedgerDB
from tests.conftest import add_member

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _fast_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crypto, "SCRYPT_LOG2N", 10)


@pytest.fixture
def ledger(town_db: LedgerDB, db_path: Path) -> Path:
    add_member(town_db, "张三", grid="第一网格")
    return db_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_encrypted_backup_and_restore_with_the_password_from_the_environment(
        ledger: Path, town_db: LedgerDB, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    usb = tmp_path / "U盘"
    usb.mkdir()
    monkeypatch.setenv("GRIDLEDGER_BACKUP_PASSWORD", "U盘密码2026")
    code, out, _ = run(capsys, "--db", str(ledger), "backup", "--out", str(usb), "--encrypt")
    (made,) = usb.iterdir()
    assert code == 0 and "已加密" in out and made.name.endswith(".db.enc") and is_encrypted(made)
    row = town_db.execute("SELECT summary FROM audit_log WHERE action = '备份到外部位置'").fetchone()
    assert "已加密" in row[0]
    town_db.execute("UPDATE members SET name = '误改'")
    town_db.conn.commit()
    monkeypatch.setenv("GRIDLEDGER_BACKUP_PASSWORD", "wrong-password")
    code, _, err = run(capsys, "--db", str(ledger), "restore", str(made))
    assert code == 1 and "密码不正确" in err and "Traceback" not in err
    assert town_db.execute("SELECT name FROM members").fetchone()[0] == "误改"
    monkeypatch.setenv("GRIDLEDGER_BACKUP_PASSWORD", "U盘密码2026")
    code, out, _ = run(capsys, "--db", str(ledger), "restore", str(made))
    assert code == 0 and "在册党员 1 名" in out
    assert town_db.execute("SELECT name FROM members").fetchone()[0] == "张三"


def test_a_short_password_is_refused(ledger: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRIDLEDGER_BACKUP_PASSWORD", "12345")
    code, _, err = run(capsys, "--db", str(ledger), "backup", "--out", str(tmp_path / "x.db.enc"))
    assert code == 1 and "至少 6 个字符" in err and not (tmp_path / "x.db.enc").exists()


def test_a_plain_backup_says_it_is_not_encrypted(ledger: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(ledger), "backup", "--out", str(tmp_path / "plain.db"))
    assert code == 0 and "未加密" in out and "--encrypt" in out and not is_encrypted(tmp_path / "plain.db")


@pytest.mark.parametrize("command", ["restore", "backup"])
def test_no_terminal_and_no_variable_is_a_chinese_reason(ledger: Path, tmp_path: Path, command: str,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    sealed = tmp_path / "sealed.db.enc"
    monkeypatch.setenv("GRIDLEDGER_BACKUP_PASSWORD", "U盘密码2026")
    assert main.main(["--db", str(ledger), "backup", "--out", str(sealed)]) == 0
    env = {k: v for k, v in os.environ.items() if k != "GRIDLEDGER_BACKUP_PASSWORD"}
    args = [str(sealed)] if command == "restore" else ["--out", str(tmp_path / "new.db.enc"), "--encrypt"]
    proc = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(ledger), command, *args],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          env={**env, "PYTHONIOENCODING": "utf-8"})
    assert proc.returncode == 1
    assert "GRIDLEDGER_BACKUP_PASSWORD" in proc.stderr and "需要密码" in proc.stderr
    assert "Traceback" not in proc.stderr
