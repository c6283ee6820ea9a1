"""Bad input (issue 17): a truncated, altered, foreign or empty file; a package of an unknown town, of another
county or schema version; a sequence gap or repeat; a package applied twice — each refused whole with a Chinese
reason, the district database unchanged byte for byte and row for row."""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from models import exchange as ex
from models.db import LedgerDB, open_database
from models.exchange.package import read_package, write_package
from tests.models.exchange.scenario import Scenario, build, new_district


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    return build(tmp_path_factory.mktemp("towns"), members=40)


@pytest.fixture
def district(tmp_path: Path, scenario: Scenario) -> LedgerDB:
    """A district that registered 院上镇 and applied its packages 1 and 2."""
    db = new_district(tmp_path / "district.db")
    for outcome in ex.import_files(db, [scenario.round1["A"], scenario.round2["A"]]):
        assert outcome.applied, outcome.refused
    return db


def snapshot(db: LedgerDB) -> tuple[list[str], dict[str, bytes]]:
    path = Path(db.execute("PRAGMA database_list").fetchone()[2])
    # the file and its WAL (the -shm index is shared memory that every reader touches)
    files = {p.name: p.read_bytes() for p in path.parent.iterdir() if p.name in (path.name, path.name + "-wal")}
    return list(db.conn.iterdump()), files


def rewritten(src: Path, out: Path, **changes: object) -> Path:
    """The same package with its manifest changed (the digest still true: a well-made package of another kind)."""
    pkg = read_package(src)
    write_package(out, {**pkg.manifest, **changes}, pkg.payload)
    return out


def flipped(src: Path, out: Path, at: float) -> Path:
    data = bytearray(src.read_bytes())
    i = int(len(data) * at)
    data[i] ^= 0x01
    out.write_bytes(bytes(data))
    return out


def payload_flipped(src: Path, out: Path) -> Path:
    """One flipped byte inside the changeset, the zip rebuilt around it: only the digest can tell."""
    pkg = read_package(src)
    payload = bytearray(pkg.payload)
    payload[len(payload) // 2] ^= 0x01
    with zipfile.ZipFile(src) as z:
        manifest = z.read("manifest.json")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("manifest.json", manifest)
        z.writestr("changes.bin", bytes(payload))
    return out


def later_package(scenario: Scenario, tmp_path: Path) -> Path:
    """院上镇's package 3 (from a copy of the town, so the shared scenario stays as it is)."""
    folder = tmp_path / "town-copy"
    folder.mkdir()
    for suffix in ("", ".sent.db"):
        shutil.copyfile(str(scenario.town_dbs["A"]) + suffix, str(folder / "A.db") + suffix)
    db = open_database(folder / "A.db")
    db.execute("UPDATE members SET phone = '13700000000' WHERE id = 3")
    db.conn.commit()
    ex.export_package(db, folder / "A-3.glpkg")
    db.close()
    return folder / "A-3.glpkg"


CASES = {
    "truncated": (lambda sc, t: _truncated(sc.round2["A"], t / "t.glpkg"), "已损坏"),
    "flipped byte in the file": (lambda sc, t: flipped(sc.round1["B"], t / "f.glpkg", 0.5), "损坏"),
    "flipped byte in the changeset": (lambda sc, t: payload_flipped(sc.round1["B"], t / "p.glpkg"), "校验值"),
    "foreign file": (lambda sc, t: _write(t / "x.glpkg", b"%PDF-1.4 not a package"), "不是网格党建台账的数据包"),
    "foreign zip": (lambda sc, t: _zip(t / "z.glpkg"), "不是网格党建台账的数据包"),
    "empty file": (lambda sc, t: _write(t / "e.glpkg", b""), "空文件"),
    "unknown town": (lambda sc, t: sc.round2["B"], "尚未在本区（县）登记"),
    "another county": (lambda sc, t: rewritten(sc.round1["B"], t / "c.glpkg", county_code="370211"),
                       "不属于本区（县）"),
    "sequence gap": (lambda sc, t: rewritten(later_package(sc, t), t / "g.glpkg", sequence=4), "序号不连续"),
    "sequence repeat": (lambda sc, t: rewritten(later_package(sc, t), t / "r.glpkg", sequence=2), "序号重复"),
    "another schema version": (lambda sc, t: rewritten(sc.round1["B"], t / "s.glpkg", schema_version="0123abcd",
                                                       schema={"members": ["uid", "name"]}), "数据结构版本"),
    "applied twice": (lambda sc, t: sc.round2["A"], "导入过"),
    "another town's rows": (lambda sc, t: rewritten(sc.round1["C"], t / "o.glpkg", town_key="370285105",
                                                    town_name="河头店镇"), "不属于发送乡镇的记录"),
}


def _truncated(src: Path, out: Path) -> Path:
    data = src.read_bytes()
    return _write(out, data[: len(data) // 2])


def _write(out: Path, data: bytes) -> Path:
    out.write_bytes(data)
    return out


def _zip(out: Path) -> Path:
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("readme.txt", "hello")
    return out


@pytest.mark.parametrize("case", list(CASES))
def test_bad_package_is_refused_whole_and_changes_nothing(case: str, district: LedgerDB, scenario: Scenario,
                                                          tmp_path: Path) -> None:
    make, reason = CASES[case]
    package = make(scenario, tmp_path)
    before = snapshot(district)
    [outcome] = ex.import_files(district, [package])
    assert not outcome.applied
    assert reason in outcome.refused, outcome.refused
    assert any("\u4e00" <= ch <= "\u9fff" for ch in outcome.refused)
    after = snapshot(district)
    assert after[0] == before[0]  # row for row
    assert after[1] == before[1]  # byte for byte (the file, its WAL)
    district.close()


def test_the_next_package_applies_once(
        district: LedgerDB, scenario: Scenario, tmp_path: Path) -> None:
    later = later_package(scenario, tmp_path)
    outcomes = ex.import_files(district, [later])
    assert outcomes[0].applied and outcomes[0].sequence == 3  # package 3 follows package 2: applies
    assert ex.import_files(district, [later])[0].refused.startswith("这个数据包")
    district.close()


def test_a_town_database_refuses_change_packages_and_a_district_refuses_decisions(
        tmp_path: Path, district: LedgerDB, scenario: Scenario) -> None:
    town = open_database(tmp_path / "town.db")
    [outcome] = ex.import_files(town, [scenario.round1["A"]])
    assert "乡镇的数据库" in outcome.refused
    ex.decisions_package(district, tmp_path / "d.glpkg")
    [outcome] = ex.import_files(district, [tmp_path / "d.glpkg"])
    assert "应在乡镇的数据库中导入" in outcome.refused
    town.close()
    district.close()


def test_a_town_packages_in_any_file_order_go_in_by_sequence(tmp_path: Path, scenario: Scenario) -> None:
    db = new_district(tmp_path / "d.db")
    outcomes = ex.import_files(db, [scenario.round2["A"], scenario.round1["A"]])
    assert [(o.sequence, o.applied) for o in outcomes] == [(1, True), (2, True)]
    db.close()
