"""Backups: verified copies, nothing half-written on a full disk, rotation over simulated dates, restore."""
from __future__ import annotations

import datetime as dt
import errno
import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from models import backup as backup_mod
from models import restore as restore_mod
from models.backup import (
    AUTO,
    BackupError,
    auto_backup,
    backup_file,
    backup_folder,
    list_backups,
    plan_rotation,
)
from models.db import open_database
from models.demo import fill_demo
from models.migrations import MIGRATIONS
from models.restore import RestoreError, inspect_backup, restore_database
from models.settings import set_setting

D = dt.datetime


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    db = open_database(path)
    fill_demo(db, 200, seed=3)
    db.close()
    return path


@pytest.fixture
def demo_path(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "data" / "ledger.db"
    path.parent.mkdir()
    shutil.copyfile(demo_template, path)
    return path


def member_names(path: Path) -> list[str]:
    conn = sqlite3.connect(str(path))
    try:
        return [r[0] for r in conn.execute("SELECT name FROM members ORDER BY id")]
    finally:
        conn.close()


def corrupt(path: Path) -> None:
    """Overwrite pages 3-12 with garbage, as a failing disk would."""
    data = bytearray(path.read_bytes())
    page = 4096
    data[2 * page:12 * page] = os.urandom(10 * page)
    path.write_bytes(bytes(data))


def small_target(limit: int):  # a destination that runs out of space after `limit` pages
    def open_target(path: Path) -> sqlite3.Connection:
        conn = sqlite3.connect(str(path))
        conn.execute(f"PRAGMA max_page_count = {limit}")
        return conn
    return open_target


# --- making a backup ---

def test_backup_is_a_verified_complete_copy_in_rollback_mode(demo_path: Path, tmp_path: Path) -> None:
    db = open_database(demo_path)  # open with pending WAL pages: the copy must include them
    db.execute("UPDATE members SET name = '改过的名字' WHERE id = 1")
    db.conn.commit()
    (tmp_path / "usb").mkdir()
    target = backup_file(demo_path, tmp_path / "usb" / "copy.db")
    assert target.exists()
    assert member_names(target)[0] == "改过的名字"
    assert member_names(target) == member_names(demo_path)
    conn = sqlite3.connect(str(target))
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert sorted(p.name for p in target.parent.iterdir()) == ["copy.db"]
    db.close()


def test_disk_full_during_backup_leaves_nothing_and_says_so(demo_path: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    monkeypatch.setattr(backup_mod, "_open_target", small_target(5))
    with pytest.raises(BackupError, match="磁盘空间不足"):
        backup_file(demo_path, folder / "copy.db")
    assert list(folder.iterdir()) == []


def test_disk_full_on_rename_is_reported(demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*_a: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(backup_mod.os, "replace", full)
    with pytest.raises(BackupError, match="磁盘空间不足"):
        backup_file(demo_path, tmp_path / "copy.db")
    assert not list(tmp_path.glob("*copy*"))


@pytest.fixture
def tiny_tmpfs(tmp_path: Path):
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    can_mount = os.name == "posix" and os.geteuid() == 0 and shutil.which("mount") is not None
    if not can_mount or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mnt)],
                                       capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    yield mnt
    subprocess.run(["umount", str(mnt)], check=False)


def test_real_full_disk_tmpfs(demo_path: Path, tiny_tmpfs: Path) -> None:
    with pytest.raises(BackupError, match="磁盘空间不足"):
        backup_file(demo_path, tiny_tmpfs / "copy.db")
    assert list(tiny_tmpfs.iterdir()) == []


def test_unwritable_folder_is_a_clear_message(demo_path: Path, tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    with pytest.raises(BackupError, match="无法写入|没有写入权限"):
        auto_backup(demo_path, not_a_folder / "backups", D(2026, 3, 1, 17))


def test_backup_onto_the_database_itself_is_refused(demo_path: Path) -> None:
    before = demo_path.read_bytes()
    with pytest.raises(BackupError, match="数据库文件本身"):
        backup_file(demo_path, demo_path.parent / "." / demo_path.name)
    assert demo_path.read_bytes() == before


def test_missing_database_is_not_created(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="找不到数据库文件"):
        backup_file(tmp_path / "nope.db", tmp_path / "copy.db")
    assert not (tmp_path / "nope.db").exists()


# --- automatic backups and rotation ---

def test_rotation_plan_over_a_year_and_a_half_of_daily_backups() -> None:
    start = D(2025, 1, 1, 17, 30)
    stamps = [start + dt.timedelta(days=i) for i in range(540)]
    keep = plan_rotation(stamps)
    last = stamps[-1]
    days = sorted({t.date() for t in keep}, reverse=True)
    assert [t.date() for t in stamps[-7:]] == sorted(days[:7])            # the last 7 days
    weeks = {t.isocalendar()[:2] for t in keep}
    assert len(weeks) >= 4 and last.isocalendar()[:2] in weeks
    months = sorted({(t.year, t.month) for t in keep}, reverse=True)
    assert len(months) == 12 and months[0] == (last.year, last.month)  # 12 months, none older
    assert len(keep) <= 7 + 4 + 12
    assert min(keep) > last - dt.timedelta(days=366)
    # a month is represented by its newest backup
    assert D(2025, 12, 31, 17, 30) in keep


def test_several_backups_a_day_keep_the_newest() -> None:
    stamps = [D(2026, 5, 4, h) for h in (9, 12, 18)]
    assert plan_rotation(stamps) == {D(2026, 5, 4, 18)}


def test_auto_backup_over_simulated_weeks_rotates(demo_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    unrelated = folder / "我的文件.db"
    folder.mkdir()
    unrelated.write_text("keep me")
    db = open_database(demo_path)
    day = D(2026, 1, 1, 17, 0)
    for i in range(45):
        db.execute("UPDATE town SET name = ?", [f"院上镇{i}"])  # the data changes every day
        db.conn.commit()
        auto_backup(demo_path, folder, day + dt.timedelta(days=i))
    db.close()
    autos = list_backups(folder, [AUTO])
    names = [e.when for e in autos]
    assert names[:7] == [day + dt.timedelta(days=i) for i in range(44, 37, -1)]
    assert len(autos) <= 7 + 4 + 12 and len(autos) >= 9
    assert {(t.year, t.month) for t in names} == {(2026, 1), (2026, 2)}
    assert unrelated.read_text() == "keep me"
    # named for their database: kind, its town as it was then, its tag, the time
    assert all(re.fullmatch(r"自动备份-院上镇\d+-[0-9a-f]{8}-2026\d{4}-170000\.db", e.path.name) for e in autos)
    assert len({e.tag for e in autos}) == 1


def test_auto_backup_once_a_day_unless_data_changed(demo_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    first = auto_backup(demo_path, folder, D(2026, 4, 1, 9))
    assert first.made is not None
    again = auto_backup(demo_path, folder, D(2026, 4, 1, 17))
    assert again.made is None and "最新" in again.skipped
    db = open_database(demo_path)
    set_setting(db, "note", "x")  # a change that day: the exit backup refreshes today's copy
    db.close()
    later = auto_backup(demo_path, folder, D(2026, 4, 1, 18))
    assert later.made is not None and first.made in later.pruned
    assert [e.when for e in list_backups(folder)] == [D(2026, 4, 1, 18)]
    assert auto_backup(demo_path, folder, D(2026, 4, 2, 9)).made is not None  # a new day: a new copy


def test_unverified_backup_is_deleted_and_prunes_nothing(demo_path: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "backups"
    for i in range(10):
        auto_backup(demo_path, folder, D(2026, 1, 1, 17) + dt.timedelta(days=i), force=True)
    before = [e.path for e in list_backups(folder)]
    monkeypatch.setattr(backup_mod, "integrity_problems", lambda conn, **kw: ["*** in database main ***"])
    with pytest.raises(BackupError, match="校验未通过"):
        auto_backup(demo_path, folder, D(2026, 9, 1, 17), force=True)
    assert [e.path for e in list_backups(folder)] == before
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in before)


def test_failed_auto_backup_on_full_disk_prunes_nothing(demo_path: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "backups"
    for i in range(9):
        auto_backup(demo_path, folder, D(2026, 1, 1, 17) + dt.timedelta(days=i), force=True)
    before = sorted(p.name for p in folder.iterdir())
    monkeypatch.setattr(backup_mod, "_open_target", small_target(5))
    with pytest.raises(BackupError, match="磁盘空间不足"):
        auto_backup(demo_path, folder, D(2026, 9, 1, 17), force=True)
    assert sorted(p.name for p in folder.iterdir()) == before


def test_backup_folder_setting(demo_path: Path, tmp_path: Path) -> None:
    db = open_database(demo_path)
    assert backup_folder(db, demo_path) == demo_path.parent.resolve() / "backups"
    set_setting(db, "backup_folder", str(tmp_path / "U盘"))
    assert backup_folder(db, demo_path) == tmp_path / "U盘"
    assert db.execute("SELECT action FROM audit_log ORDER BY id DESC").fetchone()[0] == "修改设置"
    db.close()


# --- restore ---

@pytest.fixture
def good_backup(demo_path: Path, tmp_path: Path) -> Path:
    return backup_file(demo_path, tmp_path / "U盘备份.db")


def test_restore_good_file(demo_path: Path, good_backup: Path, tmp_path: Path) -> None:
    original = member_names(demo_path)
    db = open_database(demo_path)  # the program has the database open while restoring
    db.execute("UPDATE members SET name = '误改'")
    db.conn.commit()
    result = restore_database(demo_path, good_backup, backup_folder=tmp_path / "backups", user="admin",
                              now=D(2026, 6, 1, 10))
    assert member_names(demo_path) == original
    assert db.execute("SELECT name FROM members ORDER BY id").fetchone()[0] == original[0]  # live connection
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", result.info.data_date)
    assert result.info.town == "院上镇" and result.info.members > 150
    assert result.safety_copy is not None and re.fullmatch(
        r"恢复前副本-院上镇-[0-9a-f]{8}-20260601-100000\.db", result.safety_copy.name)
    assert set(member_names(result.safety_copy)) == {"误改"}
    row = db.execute("SELECT user, action, summary FROM audit_log ORDER BY id DESC").fetchone()
    assert row[0] == "admin" and row[1] == "从备份恢复" and result.info.data_date in row[2]
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
    assert not list(demo_path.parent.glob(".*restore*"))


def test_restore_rejects_a_non_database_file(demo_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "名单.xlsx"
    bad.write_bytes(b"PK\x03\x04" + os.urandom(5000))
    before = demo_path.read_bytes()
    with pytest.raises(RestoreError, match="不是数据库文件"):
        restore_database(demo_path, bad, backup_folder=tmp_path / "backups")
    assert demo_path.read_bytes() == before
    assert not (tmp_path / "backups").exists() or not list((tmp_path / "backups").iterdir())


def test_restore_rejects_another_programs_database(demo_path: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(str(other))
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(RestoreError, match="不是网格党建台账的数据库文件"):
        inspect_backup(other)


def test_restore_rejects_a_newer_version(demo_path: Path, good_backup: Path, tmp_path: Path) -> None:
    conn = sqlite3.connect(str(good_backup))
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, 'm099_future', '')",
                 [MIGRATIONS.name])
    conn.commit()
    conn.close()
    with pytest.raises(RestoreError, match="较新版本.*m099_future"):
        restore_database(demo_path, good_backup, backup_folder=tmp_path / "backups")


def test_restore_rejects_a_damaged_file(demo_path: Path, good_backup: Path, tmp_path: Path) -> None:
    corrupt(good_backup)
    before = member_names(demo_path)
    with pytest.raises(RestoreError, match="已损坏"):
        restore_database(demo_path, good_backup, backup_folder=tmp_path / "backups")
    assert member_names(demo_path) == before


def test_restore_of_an_older_version_upgrades_it(demo_path: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    shutil.copyfile(demo_path, old)
    conn = sqlite3.connect(str(old))
    conn.execute("DROP TABLE settings")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm003_settings'")
    conn.commit()
    conn.close()
    assert "m003_settings" not in inspect_backup(old).migrations
    restore_database(demo_path, old, backup_folder=tmp_path / "backups")
    db = open_database(demo_path, migrate=False)
    assert "settings" in db.table_names()
    db.close()


def test_disk_full_during_restore_leaves_the_database_as_it_was(tmp_path: Path, good_backup: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    live = tmp_path / "live" / "ledger.db"
    db = open_database(live)  # small: the restored data does not fit
    db.execute("INSERT INTO town (name, county_code) VALUES ('原来的镇', '370285')")
    db.conn.commit()
    pages = db.execute("PRAGMA page_count").fetchone()[0]

    def full_disk(path: Path) -> sqlite3.Connection:
        conn = sqlite3.connect(str(path))
        conn.execute(f"PRAGMA max_page_count = {pages + 2}")
        return conn
    monkeypatch.setattr(restore_mod, "_connect_live", full_disk)
    with pytest.raises(RestoreError, match="磁盘空间不足.*没有改动"):
        restore_database(live, good_backup, backup_folder=tmp_path / "backups", allow_other=True)
    assert db.execute("SELECT name FROM town").fetchall() == [("原来的镇",)]
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()


def test_restore_over_a_damaged_database(demo_path: Path, good_backup: Path, tmp_path: Path) -> None:
    corrupt(demo_path)
    result = restore_database(demo_path, good_backup, backup_folder=tmp_path / "backups")
    assert result.safety_copy is not None and result.safety_copy.exists()  # the damaged file is kept
    conn = sqlite3.connect(str(demo_path))
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_read_only_medium_is_a_clear_message(demo_path: Path, tiny_tmpfs: Path) -> None:
    if subprocess.run(["mount", "-o", "remount,ro", str(tiny_tmpfs)], capture_output=True).returncode != 0:
        pytest.skip("cannot remount read-only here")
    with pytest.raises(BackupError, match="只读或没有写入权限"):
        backup_file(demo_path, tiny_tmpfs / "copy.db")
    with pytest.raises(BackupError, match="只读或没有写入权限"):
        auto_backup(demo_path, tiny_tmpfs / "backups", D(2026, 3, 1, 17))


def test_data_date_is_the_newest_change_not_the_newest_login(demo_path: Path, tmp_path: Path) -> None:
    conn = sqlite3.connect(str(demo_path))
    conn.execute("INSERT INTO audit_log (at, user, action, table_name, record_id) VALUES"
                 " ('2031-01-01 08:00:00.000', '张三', '修改党员', 'members', 1)")
    conn.execute("INSERT INTO audit_log (at, user, action) VALUES ('2031-02-03 09:00:00.000', '张三', '登录')")
    conn.commit()
    conn.close()
    assert inspect_backup(backup_file(demo_path, tmp_path / "c.db")).data_date == "2031-01-01 08:00"
