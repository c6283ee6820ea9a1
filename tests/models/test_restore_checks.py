"""Restores that cannot destroy: a candidate is checked whole (program's file, schema, upgrade, integrity, foreign
keys, the audit log's triggers) before the live file is touched, and restore and import exclude each other."""
from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

import main
from models import oplock
from models.backup import backup_file
from models.db import APP_ID, open_database
from models.demo import fill_demo
from models.health import check_database
from models.importing import ImportCancelled, import_members
from models.restore import RestoreError, inspect_backup, restore_database
from tests.models.test_import_files import person, write_xlsx


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tpl") / "demo.db"
    db = open_database(path)
    fill_demo(db, 40, seed=5)
    db.close()
    return path


@pytest.fixture
def live(template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "data" / "ledger.db"
    path.parent.mkdir()
    shutil.copyfile(template, path)
    return path


def fingerprint(path: Path) -> dict[str, str]:
    """Hashes of the database file and its side files, as they lie on disk."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(path.parent.iterdir()) if p.name.startswith(path.name) and p.is_file()}


def altered(live: Path, tmp_path: Path, *sql: str) -> Path:
    """A verified backup of live with some SQL run on it (foreign keys off, as someone editing the file)."""
    path = backup_file(live, tmp_path / "候选.db")
    conn = sqlite3.connect(str(path))
    for s in sql:
        conn.execute(s)
    conn.commit()
    conn.close()
    return path


def only_migrations_table(tmp_path: Path, *, with_rows: bool) -> Path:
    path = tmp_path / "只有版本表.db"
    conn = sqlite3.connect(str(path))
    conn.execute(f"PRAGMA application_id = {APP_ID}")
    conn.execute("CREATE TABLE _sqlite_migrations (id INTEGER PRIMARY KEY, migration_set TEXT, name TEXT,"
                 " applied_at TEXT)")
    if with_rows:
        for name in ("m001_organization_and_members", "m002_accounts", "m003_settings",
                     "m004_drop_members_status_index"):
            conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES"
                         " ('gridledger', ?, '')", [name])
    conn.commit()
    conn.close()
    return path


BAD: list[tuple[str, Callable[[Path, Path], Path], str]] = [
    ("app id, no migrations table", lambda lv, tp: altered(lv, tp, "DROP TABLE _sqlite_migrations"),
     "缺少数据结构版本记录"),
    ("migrations table, no app id", lambda lv, tp: altered(lv, tp, "PRAGMA application_id = 0"),
     "缺少网格党建台账的文件标记"),
    ("only the migrations table", lambda lv, tp: only_migrations_table(tp, with_rows=True),
     r"缺少数据表 镇（街道）（town）.*党员（members）"),
    ("only an empty migrations table", lambda lv, tp: only_migrations_table(tp, with_rows=False),
     "没有建立台账数据表的记录"),
    ("no members table", lambda lv, tp: altered(lv, tp, "DROP TABLE member_events", "DROP TABLE members"),
     r"缺少数据表 党员（members）、党员变动记录（member_events）"),
    ("a column missing", lambda lv, tp: altered(lv, tp, "ALTER TABLE members DROP COLUMN phone"),
     r"党员（members） 缺少字段 phone"),
    ("audit log triggers dropped", lambda lv, tp: altered(lv, tp, "DROP TRIGGER audit_log_no_delete"),
     "操作日志的保护已被删除.*audit_log_no_delete"),
    ("schema and version record disagree", lambda lv, tp: altered(
        lv, tp, "DELETE FROM _sqlite_migrations WHERE name = 'm002_accounts'"), "无法升级到本程序的版本"),
    ("dangling reference", lambda lv, tp: altered(lv, tp, "UPDATE members SET village_id = 9999 WHERE id = 1"),
     r"党员（members）第 1 行引用的村（社区）（villages）记录不存在"),
]


@pytest.mark.parametrize("make, reason", [(m, r) for _, m, r in BAD], ids=[i for i, _, _ in BAD])
def test_a_bad_candidate_never_touches_the_live_file(live: Path, tmp_path: Path, make, reason: str) -> None:
    candidate = make(live, tmp_path)
    before = fingerprint(live)
    with pytest.raises(RestoreError, match=reason):
        inspect_backup(candidate)
    with pytest.raises(RestoreError, match=reason):
        restore_database(live, candidate, backup_folder=tmp_path / "backups")
    assert fingerprint(live) == before  # byte-identical, no side file added
    assert not (tmp_path / "backups").exists()  # not even a safety copy was needed
    assert not list(live.parent.glob(".*restore*"))
    assert not list(live.parent.glob("*before-upgrade*"))
    db = open_database(live)  # and the ledger still works: check runs, members are there
    assert db.execute("SELECT count(*) FROM members").fetchone()[0] == 40
    assert check_database(db) is not None
    db.close()


def test_cli_refuses_a_bad_candidate_in_chinese_and_check_still_runs(
        live: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    candidate = altered(live, tmp_path, "DROP TABLE _sqlite_migrations")
    before = fingerprint(live)
    assert main.main(["--db", str(live), "restore", str(candidate)]) == 1
    err = capsys.readouterr().err
    assert "恢复失败" in err and "缺少数据结构版本记录" in err and "Traceback" not in err
    assert fingerprint(live) == before
    assert main.main(["--db", str(live), "check"]) in (0, 2)
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("page_size", [1024, 65536])
def test_backups_with_another_page_size_are_restored(live: Path, tmp_path: Path, page_size: int) -> None:
    candidate = tmp_path / f"页{page_size}.db"
    shutil.copyfile(live, candidate)
    conn = sqlite3.connect(str(candidate))
    conn.execute("PRAGMA journal_mode = delete")
    conn.execute(f"PRAGMA page_size = {page_size}")
    conn.execute("VACUUM")
    conn.execute("UPDATE members SET name = '页大小' WHERE id = 1")
    conn.commit()
    assert conn.execute("PRAGMA page_size").fetchone()[0] == page_size
    conn.close()
    db = open_database(live)  # the window has it open in WAL mode
    result = restore_database(live, candidate, backup_folder=tmp_path / "backups")
    assert result.info.members > 0
    assert db.execute("SELECT name FROM members WHERE id = 1").fetchone()[0] == "页大小"
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()


def test_an_older_backup_is_upgraded_on_the_copy_not_in_the_live_file(live: Path, tmp_path: Path) -> None:
    old = altered(live, tmp_path, "DROP TABLE settings", "DELETE FROM _sqlite_migrations WHERE name = 'm003_settings'")
    restore_database(live, old, backup_folder=tmp_path / "backups")
    assert not list(live.parent.glob("*before-upgrade*"))  # no upgrade copy written beside the live file
    db = open_database(live, migrate=False)
    assert "settings" in db.table_names()
    db.close()


# --- restore and import exclude each other ---

def roster(tmp_path: Path, n: int) -> Path:
    rows = [["姓名", "身份证号", "人员类别", "入党日期", "所在村"]]
    rows += [[f"导入{i}", person(300 + i), "正式党员", "1995-07-01", "新村"] for i in range(n)]
    return write_xlsx(tmp_path / "roster.xlsx", {"Sheet1": rows})


def test_a_restore_during_an_import_is_refused_and_not_overwritten(live: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(oplock, "WAIT_SECONDS", 0.3)
    backup = backup_file(live, tmp_path / "备份.db")
    db = open_database(live)
    refused: list[str] = []

    def progress(phase: str, done: int, total: int) -> None:  # the import is reading its file now
        if not refused:
            with pytest.raises(RestoreError) as info:
                restore_database(live, backup, backup_folder=tmp_path / "backups")
            refused.append(str(info.value))
    result = import_members(db, roster(tmp_path, 5), progress=progress)
    assert result.imported == 5
    assert refused and "正在导入党员名册" in refused[0] and "不能同时从备份恢复" in refused[0]
    assert db.execute("SELECT count(*) FROM members").fetchone()[0] == 45
    db.close()
    restore_database(live, backup, backup_folder=tmp_path / "backups")  # afterwards it may
    assert sqlite3.connect(str(live)).execute("SELECT count(*) FROM members").fetchone()[0] == 40


def test_an_import_during_a_restore_waits_then_says_why(live: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(oplock, "WAIT_SECONDS", 0.3)
    path = roster(tmp_path, 3)
    db = open_database(live)
    with oplock.exclusive(live, "从备份恢复"):
        with pytest.raises(ImportCancelled, match="正在从备份恢复.*不能同时导入党员名册"):
            import_members(db, path)
        assert main.main(["--db", str(live), "import", "members", str(path)]) == 1
        assert "正在从备份恢复" in capsys.readouterr().err
    assert db.execute("SELECT count(*) FROM members").fetchone()[0] == 40
    assert import_members(db, path).imported == 3  # the lock is gone with the restore
    import_members(db, path, dry_run=True)  # a dry run reads only and takes no lock
    db.close()
