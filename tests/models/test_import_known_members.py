"""Rows of members already in the system: another name with the same identity number is refused unless the clerk
accepts it (no silent rename); an unchanged roster re-imported writes nothing and says how many were unchanged;
imported members get 所在党支部 like hand-entered ones."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import main
from models.db import LedgerDB
from models.importing import import_members, prepare_import
from models.members import find_by_id_number, member_events
from tests.conftest import add_member
from tests.models.test_import_files import person, write_xlsx

HEADER = ["姓名", "身份证号", "人员类别", "入党日期", "联系电话", "所在村", "网格"]


def row(name: str, seq: int, phone: str = "13912345678", village: str = "院上村", grid: str = "第一网格") -> list[object]:
    return [name, person(seq), "正式党员", "1995-07-01", phone, village, grid]


def audit_count(db: LedgerDB) -> int:
    return int(db.execute("SELECT count(*) FROM audit_log").fetchone()[0])


def test_the_same_number_with_another_name_is_refused_by_default(town_db: LedgerDB, tmp_path: Path) -> None:
    mid = add_member(town_db, "张三", id_number=person(1))
    path = write_xlsx(tmp_path / "r.xlsx", {"Sheet1": [HEADER, row("王重复", 1), row("李四", 2)]})
    plan = prepare_import(town_db, path)
    assert [(e.row, e.column, e.value) for e in plan.errors] == [(2, "姓名", "王重复")]
    assert plan.errors[0].message.startswith("身份证号与系统中的张三相同，姓名不同")
    result = import_members(town_db, path)
    assert (result.written, result.imported) == (False, 0)
    assert find_by_id_number(town_db, person(1)).name == "张三"  # type: ignore[union-attr]
    result = import_members(town_db, path, skip_invalid=True)
    assert (result.imported, result.updated, result.skipped) == (1, 0, 1)
    assert find_by_id_number(town_db, person(1)).name == "张三"  # type: ignore[union-attr]
    assert [e.kind for e in member_events(town_db, mid)] == ["登记"]


def test_the_clerk_may_accept_the_new_name(town_db: LedgerDB, tmp_path: Path) -> None:
    mid = add_member(town_db, "张三", id_number=person(1))
    path = write_xlsx(tmp_path / "r.xlsx", {"Sheet1": [HEADER, row("张叁", 1)]})
    plan = prepare_import(town_db, path, accept_renames=True)
    assert plan.errors == [] and plan.updates == 1
    assert [w.message for w in plan.warnings] == ["身份证号与系统中的张三相同，将改名为张叁"]
    result = import_members(town_db, path, accept_renames=True)
    assert (result.imported, result.updated) == (0, 1)
    member = find_by_id_number(town_db, person(1))
    assert member is not None and (member.id, member.name) == (mid, "张叁")
    after = town_db.execute("SELECT after FROM audit_log WHERE record_id = ? AND action = '导入党员'"
                            " AND table_name = 'members'", [mid]).fetchone()[0]
    assert json.loads(after)["name"] == "张叁"


def test_the_command_line_refuses_then_accepts_with_accept_names(town_db: LedgerDB, db_path: Path,
                                                                 tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    add_member(town_db, "张三", id_number=person(1))
    path = write_xlsx(tmp_path / "r.xlsx", {"Sheet1": [HEADER, row("王重复", 1)]})
    assert main.main(["--db", str(db_path), "import", "members", str(path)]) == 1
    assert "身份证号与系统中的张三相同，姓名不同" in capsys.readouterr().out
    assert main.main(["--db", str(db_path), "import", "members", str(path), "--accept-names", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["imported"], out["updated"], out["unchanged"]) == (0, 1, 0)
    assert find_by_id_number(town_db, person(1)).name == "王重复"  # type: ignore[union-attr]


def test_re_importing_an_unchanged_roster_writes_nothing(town_db: LedgerDB, db_path: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    path = write_xlsx(tmp_path / "r.xlsx", {"Sheet1": [HEADER, row("甲", 1), row("乙", 2), row("丙", 3)]})
    first = import_members(town_db, path)
    assert (first.imported, first.updated, first.unchanged) == (3, 0, 0)
    audits, events = audit_count(town_db), town_db.execute("SELECT count(*) FROM member_events").fetchone()[0]
    stamps = town_db.execute("SELECT id, updated_at FROM members ORDER BY id").fetchall()
    plan = prepare_import(town_db, path)
    assert (plan.updates, plan.unchanged) == (0, 3)
    assert main.main(["--db", str(db_path), "import", "members", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["imported"], out["updated"], out["unchanged"], out["skipped"]) == (0, 0, 3, 0)
    assert town_db.execute("SELECT count(*) FROM member_events").fetchone()[0] == events
    assert town_db.execute("SELECT id, updated_at FROM members ORDER BY id").fetchall() == stamps
    assert audit_count(town_db) == audits + 1  # the import's own summary row, no row per member
    summary = town_db.execute("SELECT summary FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert summary.endswith("新增 0 名，更新 0 名，未变 3 名")
    # one changed phone: one member updated, two unchanged
    changed = write_xlsx(tmp_path / "s.xlsx", {"Sheet1": [HEADER, row("甲", 1), row("乙", 2, phone="13700000000"),
                                                          row("丙", 3)]})
    result = import_members(town_db, changed)
    assert (result.imported, result.updated, result.unchanged) == (0, 1, 2)
    assert main.main(["--db", str(db_path), "import", "members", str(changed)]) == 0
    assert "更新 0 名，未变 3 名" in capsys.readouterr().out


def test_imported_members_get_the_villages_party_organization(town_db: LedgerDB, tmp_path: Path) -> None:
    header = HEADER + ["所在党支部"]
    path = write_xlsx(tmp_path / "r.xlsx", {"Sheet1": [
        header, row("甲", 1) + [""], row("乙", 2) + ["院上村第二党支部"], row("丙", 3, village="新村", grid="") + [""]]})
    plan = prepare_import(town_db, path)
    assert [r.values["branch"] for r in plan.rows] == ["院上镇院上村党支部", "院上村第二党支部", "院上镇新村党支部"]
    import_members(town_db, path)
    branches = [find_by_id_number(town_db, person(n)).branch for n in (1, 2, 3)]  # type: ignore[union-attr]
    assert branches == ["院上镇院上村党支部", "院上村第二党支部", "院上镇新村党支部"]
    # hand-entered the same way: the form fills the village's organization
    village_org = town_db.execute("SELECT org_name FROM villages WHERE name = '院上村'").fetchone()[0]
    assert branches[0] == village_org


def test_a_known_member_without_a_branch_gets_one_and_a_typed_one_is_kept(town_db: LedgerDB,
                                                                         tmp_path: Path) -> None:
    add_member(town_db, "甲", id_number=person(1), branch="")
    add_member(town_db, "乙", id_number=person(2), branch="院上村第二党支部")
    path = write_xlsx(tmp_path / "r.xlsx", {"Sheet1": [HEADER, row("甲", 1), row("乙", 2)]})
    import_members(town_db, path)
    assert find_by_id_number(town_db, person(1)).branch == "院上镇院上村党支部"  # type: ignore[union-attr]
    assert find_by_id_number(town_db, person(2)).branch == "院上村第二党支部"  # type: ignore[union-attr]


def test_a_stored_gender_that_differs_from_the_file_is_refused_even_when_names_are_accepted(
        town_db: LedgerDB, tmp_path: Path) -> None:
    mid = add_member(town_db, "张三", id_number=person(1))
    town_db.execute("UPDATE members SET gender = '女' WHERE id = ?", [mid])  # entered wrongly long ago
    town_db.conn.commit()
    path = write_xlsx(tmp_path / "r.xlsx", {"Sheet1": [HEADER, row("张三", 1)]})
    plan = prepare_import(town_db, path, accept_renames=True)
    assert [(e.column, e.message) for e in plan.errors] == [
        ("身份证号", "身份证号与系统中的张三相同，性别不同（系统中为女，文件中为男），请核对")]
