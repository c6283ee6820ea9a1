"""The exchange verbs as a clerk runs them: JSON shapes (the issue's contract), exit statuses (import: 0 when
every package applied, 1 when one was refused; usage errors 2), Chinese reasons, never a traceback."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import main
from models.db import open_database
from tests.models.exchange.scenario import DISTRICT, Scenario, build, edit_in_district

ROOT = Path(__file__).resolve().parents[3]
CONFLICT_KEYS = {"id", "table", "uid", "town", "kind", "id_number", "name", "field", "ours", "theirs", "status"}


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    return build(tmp_path_factory.mktemp("towns"), members=40)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_district_merge_on_the_command_line(tmp_path: Path, scenario: Scenario,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "区.db")
    code, out, err = run(capsys, "--db", db, "exchange", "init-district", "--name", DISTRICT[0],
                         "--county-code", DISTRICT[1])
    assert code == 0 and "区（县）汇总库" in out, err
    code, out, err = run(capsys, "--db", db, "exchange", "import", "--json", *map(str, scenario.round1.values()))
    assert code == 0, err
    report = json.loads(out)
    assert report["applied"] == 3 and report["refused"] == 0
    assert {(p["town"], p["sequence"], p["full"], p["conflicts"]) for p in report["packages"]} == {
        ("370285104", 1, True, 0), ("370285105", 1, True, 0), ("370285106", 1, True, 0)}
    assert all(p["added"] > 40 for p in report["packages"])
    district = open_database(db)
    edit_in_district(district, scenario)
    district.close()
    empty = tmp_path / "空.glpkg"
    empty.write_bytes(b"")
    code, out, err = run(capsys, "--db", db, "exchange", "import", "--json", *map(str, scenario.round2.values()),
                         str(empty))
    assert code == 1
    report = json.loads(out)
    assert report["applied"] == 3 and report["refused"] == 1
    refused = [p for p in report["packages"] if not p["applied"]]
    assert refused[0]["file"] == "空.glpkg" and "空文件" in refused[0]["reason"]
    assert sum(p["conflicts"] for p in report["packages"] if p["applied"]) == 4
    code, out, err = run(capsys, "--db", db, "exchange", "conflicts", "--json")
    assert code == 0
    conflicts = json.loads(out)["conflicts"]
    assert len(conflicts) == 4 and all(CONFLICT_KEYS <= set(c) for c in conflicts)
    assert {c["kind"] for c in conflicts} == {"changed_both", "deleted_changed", "duplicate_id_number"}
    assert {c["status"] for c in conflicts} == {"open"}
    phone = next(c for c in conflicts if c["kind"] == "changed_both")
    assert (phone["table"], phone["field"], phone["ours"], phone["theirs"]) == (
        "members", "phone", "13822220001", "13911110001")
    code, out, err = run(capsys, "--db", db, "exchange", "resolve", str(phone["id"]), "--keep", "theirs",
                         "--reason", "以乡镇为准")
    assert code == 0 and "采用来件" in out, err
    code, out, err = run(capsys, "--db", db, "exchange", "resolve", str(phone["id"]), "--keep", "ours")
    assert code == 1 and "已处理" in err
    code, out, err = run(capsys, "--db", db, "exchange", "resolve", "9999", "--keep", "ours")
    assert code == 1 and "没有编号为 9999 的冲突" in err
    code, out, err = run(capsys, "--db", db, "exchange", "conflicts", "--json")
    statuses = {c["id"]: c["status"] for c in json.loads(out)["conflicts"]}
    assert statuses[phone["id"]] == "took_theirs"
    code, out, err = run(capsys, "--db", db, "exchange", "status", "--json")
    status = json.loads(out)
    assert status["role"] == "district" and status["open_conflicts"] == 3
    assert {t["town"]: t["last_sequence"] for t in status["towns"]} == {
        "370285104": 2, "370285105": 2, "370285106": 2}
    code, out, err = run(capsys, "--db", db, "exchange", "decisions", str(tmp_path / "决定.glpkg"))
    assert code == 0 and "1 项" in out
    code, out, err = run(capsys, "--db", db, "exchange", "export", str(tmp_path / "x.glpkg"))
    assert code == 1 and "汇总库" in err


def test_town_export_and_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "镇.db")
    code, out, err = run(capsys, "--db", db, "exchange", "export", str(tmp_path / "a.glpkg"))
    assert code == 1 and "town set" in err  # no town yet
    assert run(capsys, "--db", db, "town", "set", "--name", "院上镇", "--county-code", "370285",
               "--town-code", "370285104")[0] == 0
    assert run(capsys, "--db", db, "demo", "--members", "30")[0] == 0
    code, out, err = run(capsys, "--db", db, "exchange", "export", "--json", str(tmp_path / "a.glpkg"))
    assert code == 0, err
    first = json.loads(out)
    assert (first["sequence"], first["full"], first["town"]) == (1, True, "370285104") and first["changes"] > 30
    code, out, err = run(capsys, "--db", db, "exchange", "export", "--json", str(tmp_path / "b.glpkg"))
    second = json.loads(out)
    assert (second["sequence"], second["full"], second["changes"]) == (2, False, 0)
    code, out, err = run(capsys, "--db", db, "exchange", "status", "--json")
    assert json.loads(out)["last_sent"]["sequence"] == 2
    code, out, err = run(capsys, "--db", db, "exchange", "export", str(tmp_path / "c.txt"))
    assert code == 1 and ".glpkg" in err


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, env=env,
                          timeout=120, cwd=ROOT)


@pytest.mark.slow
def test_the_real_process_refuses_without_a_traceback(tmp_path: Path, scenario: Scenario) -> None:
    db = str(tmp_path / "区.db")
    assert cli("--db", db, "exchange", "init-district", "--name", "莱西市", "--county-code", "370285").returncode == 0
    junk = tmp_path / "junk.glpkg"
    junk.write_bytes(b"PK\x03\x04 truncated")
    cases = [
        (("exchange", "import", str(junk)), 1, "已损坏"),
        (("exchange", "import", "--json", str(scenario.round2["A"])), 1, "尚未在本区（县）登记"),
        (("exchange", "import", str(tmp_path / "nope.glpkg")), 2, "找不到文件"),
        (("exchange", "resolve", "1"), 2, "--keep"),
        (("exchange", "init-district", "--name", "莱西市", "--county-code", "37"), 1, "应为 6 位数字"),
        (("exchange", "init-district", "--name", "莱西市", "--county-code", "370285"), 1, "已经是区（县）汇总库"),
        (("exchange", "frobnicate"), 2, "没有“frobnicate”"),
    ]
    for args, status, words in cases:
        done = cli("--db", db, *args)
        assert done.returncode == status, (args, done.stdout, done.stderr)
        assert words in done.stdout + done.stderr, (args, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr, done.stderr
    done = cli("--db", db, "exchange", "import", "--json", str(scenario.round1["A"]), str(scenario.round2["A"]))
    assert done.returncode == 0, done.stderr
    assert [p["sequence"] for p in json.loads(done.stdout)["packages"]] == [1, 2]


def test_a_reader_sees_conflicts_with_masked_identity_numbers(tmp_path: Path, scenario: Scenario,
                                                              capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from models import accounts
    from tests.models.exchange.scenario import merged
    db = merged(tmp_path, scenario, "CAB")
    accounts.create_first_admin(db, "admin", "admin-pass-1")
    accounts.add_account(db, "reader", "查阅", "reader-pass-1")
    db.close()
    path = str(tmp_path / "district.db")
    monkeypatch.setenv("GRIDLEDGER_PASSWORD", "reader-pass-1")
    code, out, err = run(capsys, "--db", path, "--user", "reader", "exchange", "conflicts", "--json")
    assert code == 0, err
    numbers = [c["id_number"] for c in json.loads(out)["conflicts"]]
    assert len(numbers) == 4 and all("*" in n for n in numbers)
    code, out, err = run(capsys, "--db", path, "--user", "reader", "exchange", "resolve", "1", "--keep", "ours")
    assert code == 1 and "只能查阅" in err
    monkeypatch.setenv("GRIDLEDGER_PASSWORD", "admin-pass-1")
    code, out, err = run(capsys, "--db", path, "--user", "admin", "exchange", "conflicts", "--json")
    assert all("*" not in c["id_number"] for c in json.loads(out)["conflicts"])
