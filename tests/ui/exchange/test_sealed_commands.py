"""`exchange export` / `decisions` / `import` with passwords (issue 9, item 5): a town with accounts seals its
package by default (the password from GRIDLEDGER_BACKUP_PASSWORD), `--no-encrypt` is an audited choice, the
district's import opens a sealed package with the password and refuses it whole with a Chinese reason when the
password is wrong or missing — exit 1, JSON for scripts, never a traceback."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import main
from models import accounts, clock, crypto
from models.db import open_database
from models.demo import fill_demo
from models.org import save_town
from tests.models.exchange.scenario import DISTRICT

ROOT = Path(__file__).resolve().parents[3]
LOGIN = "town-admin-1"
FILE_PW = "package-pass-7"


@pytest.fixture(autouse=True)
def _fast_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crypto, "SCRYPT_LOG2N", 10)


@pytest.fixture
def town(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "院上镇.db"
    clock.set_now(dt.datetime(2026, 11, 20, 9, 0))
    db = open_database(path)
    save_town(db, "院上镇", DISTRICT[1], "370285104")
    fill_demo(db, 25, seed=11)
    accounts.create_first_admin(db, "admin", LOGIN)
    db.close()
    clock.set_now(None)
    monkeypatch.setenv("GRIDLEDGER_PASSWORD", LOGIN)
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def names(path: Path) -> list[str]:
    db = open_database(path)
    try:
        return [str(r[0]) for r in db.execute("SELECT name FROM members ORDER BY id_number")]
    finally:
        db.close()


def test_a_town_with_accounts_seals_its_package_and_the_district_opens_it(
        town: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRIDLEDGER_BACKUP_PASSWORD", FILE_PW)
    pkg = tmp_path / "院上镇-1.glpkg"
    code, out, err = run(capsys, "--db", str(town), "--user", "admin", "exchange", "export", str(pkg), "--json")
    assert code == 0, err
    assert json.loads(out)["encrypted"] is True
    roster = names(town)
    assert roster and not any(n.encode("utf-8") in pkg.read_bytes() for n in roster)
    district = tmp_path / "区.db"
    assert run(capsys, "--db", str(district), "exchange", "init-district", "--name", DISTRICT[0],
               "--county-code", DISTRICT[1])[0] == 0
    monkeypatch.setenv("GRIDLEDGER_BACKUP_PASSWORD", "not-the-one")
    code, out, err = run(capsys, "--db", str(district), "exchange", "import", "--json", str(pkg))
    assert code == 1 and "Traceback" not in err
    [refused] = json.loads(out)["packages"]
    assert not refused["applied"] and "密码不正确" in refused["reason"]
    assert names(district) == []
    monkeypatch.setenv("GRIDLEDGER_BACKUP_PASSWORD", FILE_PW)
    code, out, err = run(capsys, "--db", str(district), "exchange", "import", str(pkg))
    assert code == 0 and "第 1 号完整数据包" in out, err
    assert names(district) == roster


def test_no_encrypt_is_an_audited_choice(town: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pkg = tmp_path / "明文.glpkg"
    code, out, err = run(capsys, "--db", str(town), "--user", "admin", "exchange", "export", str(pkg), "--no-encrypt")
    assert code == 0 and "未加密" in out, err
    db = open_database(town)
    summary = db.execute("SELECT summary FROM audit_log WHERE action = '导出上报数据包'").fetchone()[0]
    db.close()
    assert "明文.glpkg" in summary and "未加密" in summary


def test_no_password_source_is_a_chinese_reason_not_a_traceback(town: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "GRIDLEDGER_BACKUP_PASSWORD"}
    env["GRIDLEDGER_PASSWORD"] = LOGIN
    pkg = tmp_path / "院上镇-1.glpkg"
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(town), "--user", "admin",
                           "exchange", "export", str(pkg)], capture_output=True, text=True, env=env,
                          stdin=subprocess.DEVNULL, start_new_session=True, timeout=120)
    assert done.returncode == 1 and "需要密码" in done.stderr and "Traceback" not in done.stderr
    assert not pkg.exists()
