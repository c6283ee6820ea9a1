"""Health checks: integrity, foreign keys, data-quality findings; a process killed mid-write loses nothing committed."""
from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from models import idcard
from models.db import LedgerDB, open_database
from models.health import check_database, quick_check
from models.org import add_grid, add_village
from tests.conftest import add_member

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 26)


def kinds(db: LedgerDB) -> list[str]:
    return [f.kind for f in check_database(db, today=TODAY)]


def test_clean_ledger_has_no_findings(town_db: LedgerDB) -> None:
    add_member(town_db, "张三", grid="第一网格")
    add_member(town_db, "李四", village="姜家庄村")
    assert check_database(town_db, today=TODAY) == []
    assert quick_check(town_db.conn.execute("PRAGMA database_list").fetchone()[2]) == []


def test_duplicate_identity_numbers_differing_in_case(town_db: LedgerDB) -> None:
    seq = 1
    while not (number := idcard.make("370285", dt.date(1970, 1, 2), seq)).endswith("X"):
        seq += 1
    add_member(town_db, "王五", id_number=number)
    town_db.execute("INSERT INTO members (name, id_number, village_id) VALUES ('王五（重复）', ?, 1)",
                    [number.lower()])
    town_db.conn.commit()
    findings = check_database(town_db, today=TODAY)
    assert [f.kind for f in findings] == ["身份号码重复"]
    assert "王五" in findings[0].text and "王五（重复）" in findings[0].text and number not in findings[0].text


def test_member_without_village_breaks_a_foreign_key(town_db: LedgerDB) -> None:
    town_db.execute("PRAGMA foreign_keys = OFF")
    town_db.execute("INSERT INTO members (name, id_number, village_id) VALUES ('无村人', '1', 999)")
    town_db.conn.commit()
    findings = check_database(town_db, today=TODAY)
    assert [f.kind for f in findings] == ["外键", "缺少村"]
    assert "无村人" in findings[1].text and "没有所在村" in findings[1].text


def test_grids_and_members_left_in_a_merged_village(town_db: LedgerDB) -> None:
    old = add_village(town_db, "前店村")
    add_grid(town_db, old, "前店网格")
    add_member(town_db, "赵六", village="前店村")
    town_db.execute("UPDATE villages SET status = '已合并', merged_into_id = 1 WHERE id = ?", [old])
    town_db.conn.commit()
    texts = [f.text for f in check_database(town_db, today=TODAY)]
    assert any("赵六" in t and "前店村" in t and "院上村" in t for t in texts)
    assert any("前店网格" in t and "已合并" in t for t in texts)


def test_member_in_a_grid_of_another_village(town_db: LedgerDB) -> None:
    mid = add_member(town_db, "孙七", village="姜家庄村")
    town_db.execute("UPDATE members SET grid_id = 1 WHERE id = ?", [mid])
    town_db.conn.commit()
    assert kinds(town_db) == ["网格归属"]


def test_overdue_probation(town_db: LedgerDB) -> None:
    add_member(town_db, "周八", category="预备党员", join_date="2025-10-01", full_date="")
    assert kinds(town_db) == ["预备期"]
    assert check_database(town_db, today=dt.date(2026, 9, 1)) == []  # not yet due


def test_damaged_file_is_reported_never_raised(db_path: Path, town_db: LedgerDB) -> None:
    for i in range(300):
        add_member(town_db, f"党员{i}")
    town_db.close()
    data = bytearray(db_path.read_bytes())
    data[3 * 4096:10 * 4096] = os.urandom(7 * 4096)
    db_path.write_bytes(bytes(data))
    assert quick_check(db_path)
    db = open_database(db_path, migrate=False)
    assert kinds(db) and set(kinds(db)) == {"完整性"}
    db.close()
    garbage = db_path.with_name("garbage.db")
    garbage.write_bytes(b"hello" * 1000)
    assert "不是数据库文件" in quick_check(garbage)[0]


WRITER = """
import sys, time
sys.path.insert(0, sys.argv[1])
from models.db import open_database
db = open_database(sys.argv[2])
db.execute("INSERT INTO town (name, county_code) VALUES ('院上镇', '370285')")
db.execute("INSERT INTO villages (name) VALUES ('院上村')")
for i in range(50):
    db.execute("INSERT INTO members (name, id_number, village_id) VALUES (?, ?, 1)", [f"已提交{i}", f"c{i}"])
db.conn.commit()
db.execute("PRAGMA cache_size = 5")  # spill dirty pages to the WAL while the transaction is open
db.execute("BEGIN")
i = 0
while True:
    db.execute("INSERT INTO members (name, id_number, village_id, remarks) VALUES (?, ?, 1, ?)",
               [f"未提交{i}", f"u{i}", "x" * 2000])
    i += 1
    if i == 500:
        print("writing", flush=True)
"""


def test_process_killed_mid_write_keeps_the_last_committed_state(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(ROOT), str(path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "writing"
    time.sleep(0.2)
    assert Path(f"{path}-wal").stat().st_size > 100_000  # uncommitted pages did reach the disk
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert quick_check(path) == []
    conn = sqlite3.connect(str(path))
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    names = [r[0] for r in conn.execute("SELECT name FROM members ORDER BY id")]
    conn.close()
    assert names == [f"已提交{i}" for i in range(50)]
