"""Packages that leave the PC sealed with a password (issue 9, item 5): nothing about a member is in the clear in
the file, the district opens it with the password, a wrong or missing password refuses the package whole and
leaves the district database as it was (the package can then be imported with the right one), and the export's
audit row says whether it was sealed."""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest

from models import clock, crypto
from models import exchange as ex
from models.db import LedgerDB, open_database
from models.demo import fill_demo
from models.org import save_town
from tests.models.exchange.scenario import DISTRICT, _set, new_district

SECRET = "村里的密码2026"


@pytest.fixture(autouse=True)
def quick_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crypto, "SCRYPT_LOG2N", 10)  # the format keeps its parameters per file


@pytest.fixture
def town(tmp_path: Path):  # type: ignore[no-untyped-def]
    clock.set_now(dt.datetime(2026, 11, 20, 9, 0))
    db = open_database(tmp_path / "院上镇.db")
    save_town(db, "院上镇", DISTRICT[1], "370285104")
    fill_demo(db, 30, seed=11)
    yield db
    db.close()
    clock.set_now(None)


def people(db: LedgerDB) -> list[tuple[str, str, str]]:
    return [(str(r[0]), str(r[1]), str(r[2] or "")) for r in db.execute(
        "SELECT name, id_number, phone FROM members ORDER BY id_number")]


def every_stored_byte(path: Path) -> bytes:
    """The file as it lies on the stick and every member of the zip decompressed: what anyone could read."""
    raw = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        return raw + b"".join(z.read(n) for n in z.namelist())


def district_state(db: LedgerDB) -> tuple[object, ...]:
    return (people(db), db.execute("SELECT count(*) FROM ex_received").fetchone()[0],
            db.execute("SELECT count(*) FROM ex_towns").fetchone()[0],
            db.execute("SELECT count(*) FROM ex_conflicts").fetchone()[0])


def test_a_sealed_package_shows_no_member_and_opens_with_its_password(town: LedgerDB, tmp_path: Path) -> None:
    sealed = tmp_path / "院上镇-1.glpkg"
    r = ex.export_package(town, sealed, password=SECRET)
    assert r.encrypted and r.as_json()["encrypted"] is True
    clear = every_stored_byte(sealed)
    roster = people(town)
    assert len(roster) >= 30
    for name, id_number, phone in roster:
        assert id_number.encode() not in clear, id_number
        assert name.encode("utf-8") not in clear, name
        if phone:
            assert phone.encode() not in clear, phone
    pkg = ex.read_package(sealed)  # the manifest stays readable: the district orders packages before asking
    assert pkg.locked and pkg.town == "370285104" and pkg.sequence == 1 and pkg.manifest["encrypted"] is True
    summary = town.execute("SELECT summary FROM audit_log WHERE action = '导出上报数据包' ORDER BY id DESC"
                           ).fetchone()[0]
    assert "已加密" in summary and sealed.name in summary

    district = new_district(tmp_path / "区.db")
    asked: list[tuple[str, int]] = []

    def password(p: ex.Package, attempt: int) -> str | None:
        asked.append((p.path.name, attempt))
        return SECRET

    [outcome] = ex.import_files(district, [sealed], password=password)
    assert outcome.applied, outcome.refused
    assert asked == [(sealed.name, 0)]
    assert people(district) == roster
    district.close()


def test_a_wrong_or_missing_password_refuses_the_package_and_changes_nothing(town: LedgerDB, tmp_path: Path) -> None:
    sealed = tmp_path / "院上镇-1.glpkg"
    ex.export_package(town, sealed, password=SECRET)
    district = new_district(tmp_path / "区.db")
    before = district_state(district)
    tries: list[int] = []

    def wrong(p: ex.Package, attempt: int) -> str | None:
        tries.append(attempt)
        return "不对的密码"

    [outcome] = ex.import_files(district, [sealed], password=wrong)
    assert not outcome.applied and "密码不正确" in outcome.refused and "没有导入" in outcome.refused
    assert tries == [0, 1, 2]  # asked again after each wrong one, then given up
    assert district_state(district) == before
    [outcome] = ex.import_files(district, [sealed])  # nobody to ask
    assert not outcome.applied and "有密码保护" in outcome.refused
    [outcome] = ex.import_files(district, [sealed], password=lambda p, attempt: None)  # the clerk cancels
    assert not outcome.applied and "没有输入密码" in outcome.refused
    assert district_state(district) == before

    def right_the_second_time(p: ex.Package, attempt: int) -> str | None:
        return SECRET if attempt else "打错了"

    [outcome] = ex.import_files(district, [sealed], password=right_the_second_time)
    assert outcome.applied, outcome.refused  # the refused tries did not use up its sequence number
    assert people(district) == people(town)
    district.close()


def test_a_sealed_package_altered_on_the_stick_is_refused(town: LedgerDB, tmp_path: Path) -> None:
    sealed = tmp_path / "院上镇-1.glpkg"
    ex.export_package(town, sealed, password=SECRET)
    with zipfile.ZipFile(sealed) as z:
        manifest, payload = z.read("manifest.json"), bytearray(z.read("changes.bin.enc"))
    payload[len(payload) // 2] ^= 0x01
    altered = tmp_path / "改动过.glpkg"
    with zipfile.ZipFile(altered, "w") as z:
        z.writestr("manifest.json", manifest)
        z.writestr("changes.bin.enc", bytes(payload))
    district = new_district(tmp_path / "区.db")
    before = district_state(district)
    [outcome] = ex.import_files(district, [altered], password=lambda p, attempt: SECRET)
    assert not outcome.applied and "损坏" in outcome.refused  # within the first chunk it reads as a wrong password
    assert district_state(district) == before
    district.close()


def test_the_districts_decisions_travel_sealed_too(town: LedgerDB, tmp_path: Path) -> None:
    first = tmp_path / "院上镇-1.glpkg"
    ex.export_package(town, first, password=SECRET)
    district = new_district(tmp_path / "区.db")
    assert all(o.applied for o in ex.import_files(district, [first], password=lambda p, a: SECRET))
    member_id, uid, name, id_number = town.execute("SELECT id, uid, name, id_number FROM members WHERE status = '在册'"
                                                   " ORDER BY id LIMIT 1").fetchone()
    clock.set_now(dt.datetime(2026, 11, 20, 10, 0))
    _set(town, member_id, phone="13911112222")
    clock.set_now(dt.datetime(2026, 11, 20, 11, 0))
    _set(district, district.execute("SELECT id FROM members WHERE uid = ?", [uid]).fetchone()[0], phone="13800001111")
    second = tmp_path / "院上镇-2.glpkg"
    ex.export_package(town, second, password=SECRET)
    [outcome] = ex.import_files(district, [second], password=lambda p, a: SECRET)
    assert outcome.applied and outcome.conflicts == 1, outcome
    [conflict] = ex.list_conflicts(district)
    ex.resolve(district, conflict.id, "ours", reason="已电话核实")
    decisions = tmp_path / "处理决定.glpkg"
    assert ex.decisions_package(district, decisions, password=SECRET) == 1
    clear = every_stored_byte(decisions)
    assert name.encode("utf-8") not in clear and id_number.encode() not in clear and b"13800001111" not in clear
    summary = district.execute("SELECT summary FROM audit_log WHERE action = '导出处理决定数据包'").fetchone()[0]
    assert "已加密" in summary and "1 项" in summary
    [refused] = ex.import_files(town, [decisions], password=lambda p, a: "不对的密码")
    assert not refused.applied and "密码不正确" in refused.refused
    assert town.execute("SELECT phone FROM members WHERE uid = ?", [uid]).fetchone()[0] == "13911112222"
    [applied] = ex.import_files(town, [decisions], password=lambda p, a: SECRET)
    assert applied.applied, applied.refused
    assert town.execute("SELECT phone FROM members WHERE uid = ?", [uid]).fetchone()[0] == "13800001111"
    district.close()
