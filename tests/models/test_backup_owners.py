"""Backups belong to their database (issue 9.7): three towns' databases kept in one folder, backed up into one
backup folder over simulated weeks, never rotate away or list each other's backups; a manual 立即备份 is never
rotated; restoring another town's backup is refused unless confirmed, naming both towns."""
from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path

import pytest

import main
from models.backup import (
    AUTO,
    NOW,
    auto_backup,
    backup_file,
    identity_of,
    list_backups,
    manual_backup,
)
from models.db import open_database
from models.dbuid import ACTION, uid_of_file
from models.org import save_town
from models.restore import OtherDatabase, inspect_backup, restore_database
from tests.conftest import add_member

D = dt.datetime
TOWNS = ("院上镇", "南墅镇", "马连庄镇")


def make_town(path: Path, town: str, members: int = 2) -> Path:
    db = open_database(path)
    save_town(db, town, "370285")
    db.execute("INSERT INTO villages (name) VALUES ('中心村')")
    db.conn.commit()
    for i in range(members):
        add_member(db, f"{town}{i}", village="中心村")
    db.close()
    return path


def change(path: Path, i: int) -> None:
    conn = sqlite3.connect(str(path))
    conn.execute("INSERT INTO audit_log (at, action, table_name) VALUES (?, '修改党员', 'members')", [f"x{i}"])
    conn.commit()
    conn.close()


@pytest.fixture
def three(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "台账"
    folder.mkdir()
    return [make_town(folder / f"town{i}.db", t) for i, t in enumerate(TOWNS)]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.slow
def test_three_databases_in_one_folder_rotate_only_their_own_backups(three: list[Path], tmp_path: Path) -> None:
    folder = tmp_path / "backups"  # one backup folder for all three
    start = D(2026, 9, 1, 17, 0)
    early = manual_backup(three[0], folder, D(2026, 8, 31, 12, 0))  # 立即备份 before the weeks of rotation
    for day in range(36):
        for n, path in enumerate(three):
            change(path, day * 10 + n)  # the data changes every day
            auto_backup(path, folder, start + dt.timedelta(days=day, minutes=n))
    owners = [identity_of(p) for p in three]
    assert len({o.tag for o in owners}) == 3
    last = (start + dt.timedelta(days=35)).date()
    for n, who in enumerate(owners):
        autos = list_backups(folder, [AUTO], owner=who)
        assert {e.tag for e in autos} == {who.tag} and {e.town for e in autos} == {TOWNS[n]}
        days = [e.when.date() for e in autos]
        assert days[:7] == [last - dt.timedelta(days=k) for k in range(7)]  # each keeps its own 7 days …
        assert 9 <= len(autos) <= 7 + 4 + 12  # … weeks and months: nobody pruned another's
        assert all(TOWNS[n] in e.path.name and who.tag in e.path.name for e in autos)
        assert all(inspect_backup(e.path).town == TOWNS[n] for e in autos[:2])  # each holds its own town
    assert early.exists()  # the manual copy survived 36 days of automatic rotation
    mine = list_backups(folder, owner=owners[0])
    assert [e.kind for e in mine if e.kind == NOW] == [NOW] and early in [e.path for e in mine]
    assert early not in [e.path for e in list_backups(folder, owner=owners[1])]
    total = len(list_backups(folder))
    assert total == sum(len(list_backups(folder, owner=o)) for o in owners)  # every file belongs to one


def test_the_database_id_is_made_once_and_travels_in_its_backups(three: list[Path], tmp_path: Path) -> None:
    assert uid_of_file(three[0]) == ""
    first = identity_of(three[0])
    assert identity_of(three[0]) == first  # stable
    uid = uid_of_file(three[0])
    assert uid.startswith(first.tag) and len(uid) == 32
    copy = backup_file(three[0], tmp_path / "copy.db")
    assert uid_of_file(copy) == uid and inspect_backup(copy).uid == uid
    conn = sqlite3.connect(str(three[0]))
    assert conn.execute("SELECT count(*) FROM audit_log WHERE action = ?", [ACTION]).fetchone()[0] == 1
    conn.close()


def test_an_older_unnamed_backup_of_another_town_is_neither_listed_nor_pruned(three: list[Path],
                                                                            tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    theirs = backup_file(three[1], folder / "自动备份-20260101-170000.db")  # named by date only (older version)
    ours = backup_file(three[0], folder / "自动备份-20260102-170000.db")
    for day in range(20):
        change(three[0], day)
        auto_backup(three[0], folder, D(2026, 3, 1, 17) + dt.timedelta(days=day))
    listed = [e.path for e in list_backups(folder, owner=identity_of(three[0]))]
    assert theirs not in listed and ours in listed
    assert theirs.exists() and ours.exists()


def test_restoring_another_towns_backup_is_refused_naming_both(three: list[Path], tmp_path: Path) -> None:
    other = backup_file(three[1], tmp_path / "南墅.db")
    before = digest(three[0])
    with pytest.raises(OtherDatabase) as info:
        restore_database(three[0], other, backup_folder=tmp_path / "backups")
    assert "南墅镇" in str(info.value) and "院上镇" in str(info.value)
    assert digest(three[0]) == before
    result = restore_database(three[0], other, backup_folder=tmp_path / "backups", allow_other=True)
    assert result.info.town == "南墅镇"


def test_same_town_name_but_another_database_is_still_another(tmp_path: Path) -> None:
    a = make_town(tmp_path / "a.db", "院上镇")
    b = make_town(tmp_path / "b.db", "院上镇")
    identity_of(a), identity_of(b)
    with pytest.raises(OtherDatabase, match="两个数据库同名"):
        restore_database(a, backup_file(b, tmp_path / "b-copy.db"), backup_folder=tmp_path / "bk")


def test_an_older_backup_of_this_database_keeps_its_id(three: list[Path], tmp_path: Path) -> None:
    old = backup_file(three[0], tmp_path / "old.db")  # made before the id existed
    uid = identity_of(three[0]) and uid_of_file(three[0])
    restore_database(three[0], old, backup_folder=tmp_path / "backups")  # same town, no id: ours
    assert uid_of_file(three[0]) == uid


def test_cli_refuses_another_towns_backup_without_force(three: list[Path], tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    identity_of(three[0])
    other = backup_file(three[2], tmp_path / "马连庄.db")
    before = digest(three[0])
    assert main.main(["--db", str(three[0]), "restore", str(other)]) == 1
    err = capsys.readouterr().err
    assert "马连庄镇" in err and "院上镇" in err and "--force" in err and "Traceback" not in err
    assert digest(three[0]) == before
    assert main.main(["--db", str(three[0]), "restore", str(other), "--force"]) == 0
    assert "马连庄镇" in capsys.readouterr().out


def test_cli_backup_into_a_folder_is_named_for_its_database(three: list[Path], tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    usb = tmp_path / "U盘"
    usb.mkdir()
    assert main.main(["--db", str(three[1]), "backup", "--out", str(usb)]) == 0
    (made,) = usb.iterdir()
    assert made.name.startswith(f"网格党建台账备份-南墅镇-{identity_of(three[1]).tag}-")
