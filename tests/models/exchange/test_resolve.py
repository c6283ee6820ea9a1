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
    # the identity number A added again after C (merged first, in BCA) is A's to look into, said in words
    assert twice.town == "370285104" and outcome.lines[-1] == (
        "区县认定：孙立新（身份证号在本镇和另一乡镇都有记录）以另一乡镇的记录为准：如是转接，请办理转出；"
        "如是重复录入，请核实后改正（同一人重复录入）")
    assert outcome.as_json()["lines"] == list(outcome.lines)
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
    # a decided record is in step again: the town's next change of it (here a status change, before any
    # decisions package came back) is no conflict
    import datetime as dt

    from models import clock
    from models.members import change_status
    town = town_copy(scenario, "A", tmp_path / "town")
    clock.set_now(dt.datetime(2026, 11, 25, 9, 0))
    member = town.execute("SELECT id FROM members WHERE uid = ?", [scenario.uids["a1"]]).fetchone()[0]
    change_status(town, member, "去世", "2026-11-24")
    ex.export_package(town, tmp_path / "A-3.glpkg")
    [outcome] = ex.import_files(district, [tmp_path / "A-3.glpkg"])
    assert outcome.applied and outcome.conflicts == 0
    assert district.execute("SELECT status FROM members WHERE uid = ?", [scenario.uids["a1"]]).fetchone()[0] == "去世"
    town.close()
    b1 = conflict_of(district, scenario.uids["b1"], "deleted_changed")
    ex.resolve(district, b1.id, "ours", reason="尚未核实")
    assert district.execute("SELECT status FROM members WHERE uid = ?", [scenario.uids["b1"]]).fetchone()[0] == "在册"
    with pytest.raises(ex.ExchangeRefused, match="没有编号"):
        ex.resolve(district, 999, "ours")
    district.close()


def test_a_row_deleted_on_one_side_and_changed_on_the_other_is_reported_whole(tmp_path: Path) -> None:
    """Hard deletions (a natural village taken off a village's list): deleted there and changed here, or
    changed there and deleted here — reported as deleted_changed on the whole record, nothing done silently."""
    import datetime as dt

    from models import clock
    from models.org import add_village, get_village, save_town, update_village
    from tests.models.exchange.scenario import new_district
    clock.set_now(dt.datetime(2026, 11, 20, 9, 0))
    town = open_database(tmp_path / "town.db")
    save_town(town, "院上镇", "370285", "370285104")
    vid = add_village(town, "院上村", natural=["东院", "西院"])
    ex.export_package(town, tmp_path / "1.glpkg")
    district = new_district(tmp_path / "district.db")
    assert ex.import_files(district, [tmp_path / "1.glpkg"])[0].applied
    east, west = (str(town.execute("SELECT uid FROM natural_villages WHERE name = ?", [n]).fetchone()[0])
                  for n in ("东院", "西院"))
    clock.set_now(dt.datetime(2026, 11, 20, 10, 0))
    update_village(town, get_village(town, vid), natural=["西院"])  # 东院 deleted in the town
    town.execute("UPDATE natural_villages SET name = '西院村' WHERE uid = ?", [west])  # 西院 renamed there
    town.conn.commit()
    district.execute("UPDATE natural_villages SET name = '东院（核实）' WHERE uid = ?", [east])  # changed here
    district.execute("DELETE FROM natural_villages WHERE uid = ?", [west])  # deleted here
    district.conn.commit()
    ex.export_package(town, tmp_path / "2.glpkg")
    [outcome] = ex.import_files(district, [tmp_path / "2.glpkg"])
    assert outcome.applied and outcome.conflicts == 2
    found = {c.uid: c for c in ex.list_conflicts(district)}
    assert (found[east].kind, found[east].field, found[east].theirs) == ("deleted_changed", "*", None)
    assert found[east].ours["name"] == "东院（核实）"
    assert (found[west].kind, found[west].ours, found[west].theirs["name"]) == ("deleted_changed", None, "西院村")
    # nothing done silently: 东院 is still here, 西院 not brought back
    names = {r[0] for r in district.execute("SELECT name FROM natural_villages")}
    assert names == {"东院（核实）"}
    with pytest.raises(ex.ExchangeRefused, match="本库已没有这条记录"):
        ex.resolve(district, found[west].id, "theirs")
    ex.resolve(district, found[east].id, "theirs", reason="乡镇已撤销")
    assert district.execute("SELECT count(*) FROM natural_villages").fetchone()[0] == 0
    town.close()
    district.close()


def test_a_whole_record_decision_is_told_to_the_town_never_done_behind_it(tmp_path: Path, scenario: Scenario
                                                                          ) -> None:
    """A record removed by hand in the town while the district corrected it: the district keeps it; the town is
    told in words (it neither deletes nor types records again behind the clerk)."""
    import datetime as dt

    from models import clock
    from tests.models.exchange.scenario import BASE, _set
    district = merged(tmp_path, scenario, "ABC")
    town = town_copy(scenario, "A", tmp_path / "town")
    uid, name = town.execute("SELECT m.uid, m.name FROM members m WHERE m.status = '在册' AND NOT m.is_central"
                             " AND NOT EXISTS (SELECT 1 FROM sv_cadres c WHERE c.member_id = m.id)"
                             " AND NOT EXISTS (SELECT 1 FROM central_designations d WHERE d.member_id = m.id)"
                             " ORDER BY m.id DESC LIMIT 1").fetchone()
    try:
        clock.set_now(BASE + dt.timedelta(hours=3))
        _set(district, district.execute("SELECT id FROM members WHERE uid = ?", [uid]).fetchone()[0],
             phone="13822229999")
        # by hand, with another tool: the program itself never deletes a member
        town.execute("DELETE FROM member_events WHERE member_id = (SELECT id FROM members WHERE uid = ?)", [uid])
        town.execute("DELETE FROM members WHERE uid = ?", [uid])
        town.conn.commit()
        third = tmp_path / "A-3.glpkg"
        ex.export_package(town, third)
        [outcome] = ex.import_files(district, [third])
        assert outcome.applied and outcome.conflicts == 1, outcome
        whole = conflict_of(district, uid, "deleted_changed")
        assert whole.field == "*"
        ex.resolve(district, whole.id, "ours", reason="该党员仍在册")
        decisions = tmp_path / "决定.glpkg"
        ex.decisions_package(district, decisions, scenario.key("A"))
        [applied] = ex.import_files(town, [decisions])
        assert applied.applied, applied.refused
        told = [line for line in applied.lines if name in line]
        assert told and "在区县保留" in told[0] and "重新录入" in told[0] and "该党员仍在册" in told[0]
        assert town.execute("SELECT count(*) FROM members WHERE uid = ?", [uid]).fetchone()[0] == 0
        summary = town.execute("SELECT summary FROM audit_log WHERE action = '导入区县处理决定' ORDER BY id DESC"
                               ).fetchone()[0]
        assert "在区县保留" in summary
    finally:
        clock.set_now(None)
        town.close()
        district.close()
