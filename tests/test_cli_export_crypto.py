"""Exports with full identity numbers leave the PC password-protected (issue 9.5): encrypted by default once the
database has accounts, opened again by `import members` or `decrypt` with the password; a wrong one is said
clearly and writes nothing; `--no-encrypt` is an audited choice."""
from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

import main
from models import accounts, crypto
from models.crypto import is_encrypted
from models.db import LedgerDB
from tests.conftest import add_member

PW = "secret-pass-1"
FILE_PW = "roster-pass-9"


@pytest.fixture(autouse=True)
def _fast_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crypto, "SCRYPT_LOG2N", 10)


@pytest.fixture
def ledger(town_db: LedgerDB, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    add_member(town_db, "张三", grid="第一网格")
    accounts.create_first_admin(town_db, "admin", PW)
    monkeypatch.setenv("GRIDLEDGER_PASSWORD", PW)
    return db_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_an_export_with_accounts_is_encrypted_and_opens_again(ledger: Path, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRIDLEDGER_BACKUP_PASSWORD", FILE_PW)
    out = tmp_path / "名册.xlsx"
    code, text, _ = run(capsys, "--db", str(ledger), "--user", "admin", "export", "members", str(out))
    sealed = tmp_path / "名册.xlsx.enc"
    assert code == 0 and not out.exists() and is_encrypted(sealed) and "已加密" in text
    assert "张三" not in sealed.read_bytes().decode("latin-1")
    # the wrong password: said clearly, nothing written
    monkeypatch.setenv("GRIDLEDGER_BACKUP_PASSWORD", "wrong-pass-0")
    code, _, err = run(capsys, "--db", str(ledger), "decrypt", str(sealed), str(out))
    assert code == 1 and "密码不正确" in err and not out.exists()
    code, _, err = run(capsys, "--db", str(ledger), "--user", "admin", "import", "members", str(sealed))
    assert code == 1 and "密码不正确" in err
    monkeypatch.setenv("GRIDLEDGER_BACKUP_PASSWORD", FILE_PW)
    code, text, _ = run(capsys, "--db", str(ledger), "decrypt", str(sealed), str(out))
    assert code == 0 and "张三" in [c.value for c in next(load_workbook(out).active.iter_rows(min_row=2))]
    code, text, _ = run(capsys, "--db", str(ledger), "--user", "admin", "import", "members", str(sealed),
                        "--dry-run")
    assert code == 0 and "试运行（未写入）" in text and "跳过 0 行" in text
    code, _, err = run(capsys, "--db", str(ledger), "decrypt", str(sealed), str(out))
    assert code == 1 and "已存在" in err  # never overwritten


def test_no_encrypt_is_a_choice_and_audited(ledger: Path, town_db: LedgerDB, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "名册.xlsx"
    code, text, _ = run(capsys, "--db", str(ledger), "--user", "admin", "export", "members", str(out),
                        "--no-encrypt")
    assert code == 0 and out.exists() and not is_encrypted(out) and "未加密" in text
    summary = town_db.execute("SELECT summary FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert "名册.xlsx" in summary and "未加密" in summary
