"""A person decides each conflict (keep ours / take theirs / edit, with a reason, audited); the decisions go back
to the town in a package, and the town's next package then merges with no conflict."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from models import exchange as ex
from models.db import LedgerDB, open_database
from tests.models.exchange.scenario import Scenario, build, merged


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    return build(tmp_path_factory.mktemp("towns"), members=40)


def conflict_of(db: LedgerDB, uid: str, kind: str) -> ex.Conflict:
    return next(c for c in ex.list_conflicts(db) if c.uid == uid and c.kind == kind)


def town_copy(scenario: Scenario, town: str, folder: Path) -> LedgerDB:
    folder.mkdir(exist_ok=True)
    for suffix in ("", ".sent.db"):
        shutil.copyfile(str(scenario.town_dbs[town]) + suffix, str(folder / f"{town}.db") + suffix)
    return open_database(folder / f"{town}.db")


def phone(db: LedgerDB, uid: str) -> str:
    return str(db.execute("SELECT phone FROM members WHERE uid = ?", [uid]).fetchone()[0])


def test_decisions_are_audited_sent_back_and_the_next_package_merges_clean(tmp_path: Path, scenario: Scenario
                                                                          ) -> None:
    district = merged(tmp_path, scenario, "BCA")
    u = scenario.uids
    a1 = conflict_of(district, u["a1"], "changed_both")
    b1 = conflict_of(district, u["b1"], "deleted_changed")
    twice = next(c for c in ex.list_conflicts(district)
                 if c.kind == "duplicate_id_number" and c.uid in (u["a_new"], u["c_new"]))
    ex.resolve(district, a1.id, value="13833330000", reason="电话经本人核实")
    ex.resolve(district, b1.id, "theirs", reason="已核实去世")
    ex.resolve(district, twice.id, "ours", reason="同一人重复录入")
    assert phone(district, u["a1"]) == "13833330000"
    assert "13833330000" in district.execute("SELECT search_text FROM members WHERE uid = ?", [u["a1"]]).fetchone()[0]
    assert district.execute("SELECT status FROM members WHERE uid = ?", [u["b1"]]).fetchone()[0] == "去世"
    statuses = {c.id: (c.status, c.reason) for c in ex.list_conflicts(district)}
    assert statuses[a1.id] == ("edited", "电话经本人核实") and statuses[b1.id] == ("took_theirs", "已核实去世")
    assert statuses[twice.id] == ("kept_ours", "同一人重复录入")
    audit = [r[0] for r in district.execute("SELECT summary FROM audit_log WHERE action = '处理数据冲突'")]
    assert any("电话经本人核实" in s for s in audit) and any("已核实去世" in s for s in audit)
    with pytest.raises(ex.ExchangeRefused, match="已处理"):
        ex.resolve(district, a1.id, "ours")
    ex.decisions_package(district, tmp_path / "decisions.glpkg")

    town = town_copy(scenario, "A", tmp_path / "town")
    [outcome] = ex.import_files(town, [tmp_path / "decisions.glpkg"])
    assert outcome.applied and outcome.kind == "decisions" and outcome.changed == 1
    assert phone(town, u["a1"]) == "13833330000"
    assert town.execute("SELECT count(*) FROM audit_log WHERE action = '导入区县处理决定' AND table_name = 'members'"
                        ).fetchone()[0] == 1
    assert "导入过" in ex.import_files(town, [tmp_path / "decisions.glpkg"])[0].refused
    ex.export_package(town, tmp_path / "A-3.glpkg")
    [outcome] = ex.import_files(district, [tmp_path / "A-3.glpkg"])
    assert outcome.applied and outcome.conflicts == 0 and outcome.changed >= 1
    assert phone(district, u["a1"]) == "13833330000"
    town.close()
    district.close()


def test_keep_ours_writes_nothing_and_take_theirs_writes_the_incoming_value(tmp_path: Path, scenario: Scenario
                                                                           ) -> None:
    district = merged(tmp_path, scenario, "ABC")
    a1 = conflict_of(district, scenario.uids["a1"], "changed_both")
    ex.resolve(district, a1.id, "theirs")
    assert phone(district, scenario.uids["a1"]) == "13911110001"
    b1 = conflict_of(district, scenario.uids["b1"], "deleted_changed")
    ex.resolve(district, b1.id, "ours", reason="尚未核实")
    assert district.execute("SELECT status FROM members WHERE uid = ?", [scenario.uids["b1"]]).fetchone()[0] == "在册"
    with pytest.raises(ex.ExchangeRefused, match="没有编号"):
        ex.resolve(district, 999, "ours")
    district.close()
