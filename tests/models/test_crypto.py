"""Password-protected copies (issue 9.5): models.crypto's format and failures, encrypted backups and their
restore, and temporaries a killed backup or restore leaves, removed by the next backup or start."""
from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from models import crypto
from models.backup import auto_backup, backup_file, clean_leftovers
from models.crypto import CryptoError, WrongPassword, decrypt_file, encrypt_file, is_encrypted
from models.db import open_database
from models.demo import fill_demo
from models.restore import PasswordNeeded, WrongBackupPassword, inspect_backup, restore_database

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _fast_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crypto, "SCRYPT_LOG2N", 10)  # the file records it: decrypting follows the file


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tpl") / "demo.db"
    db = open_database(path)
    fill_demo(db, 120, seed=2)
    db.close()
    return path


@pytest.fixture
def live(template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "data" / "ledger.db"
    path.parent.mkdir()
    shutil.copyfile(template, path)
    return path


def an_id_number(path: Path) -> bytes:
    conn = sqlite3.connect(str(path))
    try:
        return str(conn.execute("SELECT id_number FROM members LIMIT 1").fetchone()[0]).encode()
    finally:
        conn.close()


@pytest.mark.parametrize("size", [0, 1, 999, 1000, 1001, 2500])
def test_round_trip_over_chunk_edges(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    monkeypatch.setattr(crypto, "CHUNK", 1000)
    data = os.urandom(size)
    (tmp_path / "plain").write_bytes(data)
    encrypt_file(tmp_path / "plain", tmp_path / "sealed", "正确的密码123")
    sealed = (tmp_path / "sealed").read_bytes()
    assert is_encrypted(tmp_path / "sealed") and not is_encrypted(tmp_path / "plain")
    assert len(sealed) == crypto.HEADER_SIZE + size + 16 * max(1, -(-size // 1000))
    decrypt_file(tmp_path / "sealed", tmp_path / "back", "正确的密码123")
    assert (tmp_path / "back").read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["back", "plain", "sealed"]  # no temporaries left


def test_header_says_what_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crypto, "SCRYPT_LOG2N", 17)  # the real parameters of a new file
    (tmp_path / "p").write_bytes(b"x")
    encrypt_file(tmp_path / "p", tmp_path / "s", "password")
    head = (tmp_path / "s").read_bytes()[:crypto.HEADER_SIZE]
    assert head[:16] == b"GRIDLEDGER-ENC\n\x00" and head[16] == 1 and head[17] == 1
    assert (head[18], head[19], head[20]) == (17, 8, 1)  # scrypt N = 2**17, r = 8, p = 1
    assert int.from_bytes(head[44:48], "big") == 1 << 20
    encrypt_file(tmp_path / "p", tmp_path / "s2", "password")
    assert (tmp_path / "s2").read_bytes()[21:44] != head[21:44]  # fresh salt and nonce for every file


def test_wrong_password_damage_and_truncation_are_told_apart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crypto, "CHUNK", 1000)
    (tmp_path / "p").write_bytes(os.urandom(3000))
    encrypt_file(tmp_path / "p", tmp_path / "s", "password")
    sealed = (tmp_path / "s").read_bytes()
    with pytest.raises(WrongPassword, match="密码不正确"):
        decrypt_file(tmp_path / "s", tmp_path / "out", "Password")
    flipped = bytearray(sealed)
    flipped[crypto.HEADER_SIZE + 1016 + 5] ^= 1  # inside the second chunk
    (tmp_path / "f").write_bytes(bytes(flipped))
    with pytest.raises(CryptoError, match="第 2 段"):
        decrypt_file(tmp_path / "f", tmp_path / "out", "password")
    (tmp_path / "t").write_bytes(sealed[:-1016])  # the last chunk cut off: the one before is not marked last
    with pytest.raises(CryptoError):
        decrypt_file(tmp_path / "t", tmp_path / "out", "password")
    (tmp_path / "n").write_bytes(b"SQLite format 3\x00" + os.urandom(100))
    with pytest.raises(CryptoError, match="不是网格党建台账的加密文件"):
        decrypt_file(tmp_path / "n", tmp_path / "out", "password")
    assert not (tmp_path / "out").exists()  # nothing half-decrypted stays


def test_an_encrypted_backup_holds_no_identity_number_and_restores_with_its_password(live: Path,
                                                                                   tmp_path: Path) -> None:
    usb = tmp_path / "U盘"
    usb.mkdir()
    copy = backup_file(live, usb / "备份.db.enc", password="U盘密码2026")
    number = an_id_number(live)
    assert number in live.read_bytes() and number not in copy.read_bytes()
    assert is_encrypted(copy) and [p.name for p in usb.iterdir()] == ["备份.db.enc"]
    assert not [p for p in live.parent.iterdir() if p.name.endswith(".part")]  # the plain copy is gone
    with pytest.raises(PasswordNeeded, match="加密备份"):
        inspect_backup(copy)
    assert inspect_backup(copy, password="U盘密码2026").encrypted
    before = live.read_bytes()
    with pytest.raises(WrongBackupPassword, match="密码不正确"):
        restore_database(live, copy, backup_folder=tmp_path / "bk", password="u盘密码2026")
    assert live.read_bytes() == before
    conn = sqlite3.connect(str(live))
    conn.execute("UPDATE members SET name = '误改'")
    conn.commit()
    conn.close()
    result = restore_database(live, copy, backup_folder=tmp_path / "bk", password="U盘密码2026")
    assert result.info.encrypted and result.info.members > 100
    conn = sqlite3.connect(str(live))
    assert conn.execute("SELECT count(*) FROM members WHERE name = '误改'").fetchone()[0] == 0
    conn.close()


# --- temporaries left by a killed process ---

def killed_while(script: str, *args: str) -> None:
    """Run script in a subprocess that stops in the middle of the work (its progress callback prints STOPPED
    and sleeps), and kill -9 it there."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-c", textwrap.dedent(script), *args], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.strip() == "STOPPED", proc.stderr.read() if proc.stderr else ""
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL


SLOW_BACKUP = """
    import sys, time
    from models.backup import backup_file
    backup_file(sys.argv[1], sys.argv[2], progress=lambda done, total: print("STOPPED", flush=True) or time.sleep(60))
"""


def test_a_killed_backup_leaves_a_part_that_the_next_backup_removes(live: Path, tmp_path: Path) -> None:
    usb = tmp_path / "U盘"
    usb.mkdir()
    killed_while(SLOW_BACKUP, str(live), str(usb / "备份.db"))  # in the middle of the copy
    (left,) = [p for p in usb.iterdir() if p.name.startswith(".")]
    assert left.name.startswith(".备份.db.") and left.stat().st_size > 0  # everyone's data, hidden
    backup_file(live, usb / "下一次.db")
    assert sorted(p.name for p in usb.iterdir()) == ["下一次.db"]


SLOW_RESTORE = """
    import sys, time
    from models.restore import restore_database
    restore_database(sys.argv[1], sys.argv[2], backup_folder=sys.argv[3],
                     progress=lambda done, total: print("STOPPED", flush=True) or time.sleep(60))
"""


def test_a_killed_restore_leaves_a_tmp_that_the_next_start_removes(live: Path, tmp_path: Path) -> None:
    good = backup_file(live, tmp_path / "good.db")
    conn = sqlite3.connect(str(live))
    conn.execute("UPDATE members SET name = '恢复前'")
    conn.commit()
    conn.close()
    folder = tmp_path / "backups"
    killed_while(SLOW_RESTORE, str(live), str(good), str(folder))  # the pages are in, the cleanup not done
    assert [p for p in live.parent.iterdir() if ".restore-" in p.name]  # the private copy: everyone's data
    db = open_database(live)  # the restore's one transaction is whole: the backup's data, sound
    assert "恢复前" not in {r[0] for r in db.execute("SELECT DISTINCT name FROM members")}
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
    auto_backup(live, folder)  # what the program does at start
    assert not [p for p in live.parent.iterdir() if ".restore-" in p.name or p.name.endswith(".part")]


def test_clean_leftovers_keeps_what_a_live_process_writes(live: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    mine = folder / f".备份.db.{os.getpid()}.part"  # this process is writing it
    mine.write_bytes(b"x")
    dead = folder / ".备份.db.999999999.part"
    dead.write_bytes(b"x")
    stale = live.parent / f".{live.name}.restore-1.tmp"  # pid 1 is alive, but the file is two hours old
    stale.write_bytes(b"x")
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    unrelated = folder / ".hidden-notes.txt"
    unrelated.write_bytes(b"x")
    assert set(clean_leftovers(live, folder)) == {dead, stale}
    assert mine.exists() and unrelated.exists()
