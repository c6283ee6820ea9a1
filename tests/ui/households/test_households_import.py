"""`import households`, `import visits` and `export households` through main.main: identity on re-import,
refusals naming the row and the candidates, the error workbook, all-or-nothing, and the export's round trip."""
from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

import main
from models import households as hh
from models.db import LedgerDB
from tests.conftest import add_member, make_id

HEADER = ["中心户姓名", "中心户身份证号", "户主姓名", "户主身份证号", "家庭住址", "家庭人口", "联系电话", "户类型",
          "是否党员户", "所在村（社区）", "所在网格"]


def sheet(path: Path, header: list[str], *rows: list[object]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "联系户"
    ws.append(["院上村党员中心户联系户登记表"])
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def households(db: LedgerDB) -> list[tuple[str, str, str, int, str]]:
    return [(h.head_name, h.address, h.central, h.persons, "、".join(h.tags)) for h in hh.household_rows(db)]


@pytest.fixture
def central(town_db: LedgerDB) -> tuple[int, str]:
    number = make_id("1968-03-04")
    member = add_member(town_db, "王芳", grid="第一网格", id_number=number)
    return hh.designate(town_db, member, "2025-01-01"), number


def test_import_then_reimport_updates_never_duplicates(town_db: LedgerDB, db_path: Path, tmp_path: Path,
                                                        central: tuple[int, str],
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    head = make_id("1950-01-02")
    first = sheet(tmp_path / "户.xlsx", HEADER,
                  ["王芳", "", "刘一", head, "院上村1号", 3, "13800000001", "低保、空巢老人", "否", "院上村", "第一网格"],
                  ["王芳", "", "孙二", "", "院上村2号", "2", "", "普通", "是", "院上村", "第一网格"],
                  ["", "", "赵三", "", "院上村3号", 1, "", "残疾人", "", "院上村", ""])
    code, out, _ = run(capsys, "--db", str(db_path), "import", "households", str(first))
    assert code == 0, out
    assert "新增 3 户" in out
    assert households(town_db) == [("刘一", "院上村1号", "王芳", 3, "低保、空巢老人"),
                                   ("孙二", "院上村2号", "王芳", 2, "普通"),
                                   ("赵三", "院上村3号", "", 1, "残疾人")]  # 未分网格 after the grids
    # the same households again: 刘一 by identity number (address changed), 孙二 by name and address
    again = sheet(tmp_path / "户2.xlsx", HEADER,
                  ["王芳", "", "刘一", head, "院上村9号", 4, "13800000001", "低保", "否", "院上村", "第一网格"],
                  ["", central[1], "孙二", "", "院上村2号", 2, "", "普通", "是", "院上村", "第一网格"])
    code, out, _ = run(capsys, "--db", str(db_path), "import", "households", str(again), "--json")
    result = json.loads(out)
    assert code == 0 and (result["imported"], result["updated"], result["unchanged"]) == (0, 1, 1)
    assert town_db.execute("SELECT count(*) FROM households").fetchone()[0] == 3
    assert ("刘一", "院上村9号", "王芳", 4, "低保") in households(town_db)


def test_ambiguous_central_name_is_refused_naming_the_candidates(town_db: LedgerDB, db_path: Path,
                                                                 tmp_path: Path, central: tuple[int, str],
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    hh.designate(town_db, add_member(town_db, "王芳", grid="第二网格"), "2025-02-01")
    path = sheet(tmp_path / "户.xlsx", HEADER,
                 ["", "", "刘一", "", "1号", 1, "", "", "", "院上村", "第一网格"],
                 ["王芳", "", "孙二", "", "2号", 1, "", "", "", "院上村", "第一网格"],
                 ["", "", "钱四", "", "4号", "两口", "", "五保", "", "院上村", "第九网格"])
    errors = tmp_path / "问题.xlsx"
    code, out, _ = run(capsys, "--db", str(db_path), "import", "households", str(path), "--errors", str(errors))
    assert code == 1
    assert "“联系户”第 4 行 中心户姓名“王芳”：院上村有 2 名同名在册党员：王芳（第一网格，3702" in out
    assert "第二网格" in out and "请填写中心户身份证号" in out
    assert "第 5 行 家庭人口“两口”：" in out or "第 5 行 所在网格“第九网格”" in out
    assert "全部未导入" in out
    assert town_db.execute("SELECT count(*) FROM households").fetchone()[0] == 0  # nothing half-written
    problems = [[c.value for c in r] for r in openpyxl.load_workbook(errors).active.iter_rows(min_row=2)]
    assert ["联系户", 4, "中心户姓名", "王芳"] == problems[0][:4]
    assert {p[2] for p in problems} >= {"中心户姓名", "所在网格", "户类型"}
    # --skip-invalid imports the good row only
    code, out, _ = run(capsys, "--db", str(db_path), "import", "households", str(path), "--skip-invalid")
    assert code == 1 and "新增 1 户" in out and "跳过 2 行" in out
    assert [h[0] for h in households(town_db)] == ["刘一"]


def test_central_must_be_designated_and_dry_run_writes_nothing(town_db: LedgerDB, db_path: Path, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    add_member(town_db, "李明", grid="第一网格")
    path = sheet(tmp_path / "户.xlsx", HEADER, ["李明", "", "刘一", "", "1号", 1, "", "", "", "院上村", ""])
    code, out, _ = run(capsys, "--db", str(db_path), "import", "households", str(path))
    assert code == 1 and "李明还不是党员中心户" in out
    ok = sheet(tmp_path / "ok.xlsx", HEADER, ["", "", "刘一", "", "1号", 1, "", "", "", "院上村", ""])
    code, out, _ = run(capsys, "--db", str(db_path), "import", "households", str(ok), "--dry-run")
    assert code == 0 and "试运行" in out and "新增 1 户" in out
    assert town_db.execute("SELECT count(*) FROM households").fetchone()[0] == 0


def test_export_reads_back_unchanged(town_db: LedgerDB, db_path: Path, tmp_path: Path, central: tuple[int, str],
                                     capsys: pytest.CaptureFixture[str]) -> None:
    vid, gid = town_db.execute("SELECT village_id, id FROM grids WHERE name = '第一网格'").fetchone()
    other = town_db.execute("SELECT id FROM villages WHERE name = '姜家庄村'").fetchone()[0]
    linked = hh.save_household(town_db, hh.Household("刘一", vid, gid, make_id("1951-05-05"), "1号", 3, "13900000000",
                                                     ("低保", "单亲"), True))
    hh.link_household(town_db, linked, central[0], "2026-01-01")
    hh.save_household(town_db, hh.Household("孙二", vid, None, "", "2号", 1))
    hh.save_household(town_db, hh.Household("周五", other, None, "", "姜家庄1号", 2))
    out_file = tmp_path / "户.xlsx"
    code, out, _ = run(capsys, "--db", str(db_path), "export", "households", str(out_file), "--village", "院上村")
    assert code == 0 and "已导出 2 户" in out
    rows = [[c.value for c in r] for r in openpyxl.load_workbook(out_file).active.iter_rows()]
    assert rows[0] == HEADER
    assert rows[1][:4] == ["王芳", central[1], "刘一", town_db.execute(
        "SELECT head_id_number FROM households WHERE id = ?", [linked]).fetchone()[0]]
    assert rows[1][7:] == ["低保、单亲", "是", "院上村", "第一网格"]
    code, out, _ = run(capsys, "--db", str(db_path), "import", "households", str(out_file), "--json")
    result = json.loads(out)
    assert code == 0 and (result["imported"], result["updated"], result["unchanged"]) == (0, 0, 2)
    assert town_db.execute("SELECT count(*) FROM household_links").fetchone()[0] == 1


def test_import_visits_finds_households_and_never_records_twice(town_db: LedgerDB, db_path: Path,
                                                               tmp_path: Path, central: tuple[int, str],
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    vid, gid = town_db.execute("SELECT village_id, id FROM grids WHERE name = '第一网格'").fetchone()
    head = make_id("1949-09-09")
    hh.save_household(town_db, hh.Household("刘一", vid, gid, head, "1号"))
    hh.save_household(town_db, hh.Household("孙二", vid, gid, "", "2号"))
    hh.save_household(town_db, hh.Household("孙二", vid, gid, "", "5号"))
    header = ["日期", "户主姓名", "户主身份证号", "村", "事项类型", "反映问题", "办理情况", "是否上报"]
    path = sheet(tmp_path / "走访.xlsx", header, ["2026-10-08", "", head, "", "办事", "屋顶漏水", "已修", "是"],
                 ["2026-10-09", "刘一", "", "院上村", "问事", "低保续办", "", "否"])
    code, out, _ = run(capsys, "--db", str(db_path), "import", "visits", str(path))
    assert code == 0 and "新增 2 条" in out
    code, out, _ = run(capsys, "--db", str(db_path), "import", "visits", str(path))
    assert code == 0 and "新增 0 条" in out and "未变 2 条" in out
    assert [(r[0], r[3], r[4], r[7]) for r in hh.visit_rows(town_db)] == [("2026-10-09", "刘一", "问事", 0),
                                                                         ("2026-10-08", "刘一", "办事", 1)]
    bad = sheet(tmp_path / "bad.xlsx", header, ["2026-12-08", "孙二", "", "院上村", "聊天", "", "", "也许"],
                ["2026-10-01", "周七", "", "院上村", "问事", "", "", ""],
                ["2026-10-02", "刘一", "", "院上村", "问事", "漏" * 1001, "", ""])
    code, out, _ = run(capsys, "--db", str(db_path), "import", "visits", str(bad))
    assert code == 1
    assert "第 3 行 日期“2026-12-08”：2026-12-08 晚于今天" in out
    assert "第 3 行 事项类型“聊天”：应为 问事、提事、议事、办事、评事 之一" in out
    assert "第 3 行 是否上报“也许”" in out
    assert "院上村有 2 户户主名为“孙二”（2号、5号）" in out
    assert "第 4 行 户主姓名“周七”：院上村没有户主为“周七”的户" in out
    assert "第 5 行 反映问题“" in out and "内容过长（1001 个字，最多 1000 个字）" in out
    assert len(hh.visit_rows(town_db)) == 2
    errors = tmp_path / "走访问题.xlsx"  # the error workbook to send back, as for households
    code, out, _ = run(capsys, "--db", str(db_path), "import", "visits", str(bad), "--errors", str(errors), "--json")
    assert code == 1 and json.loads(out)["written"] is False
    problems = [[c.value for c in r] for r in openpyxl.load_workbook(errors).active.iter_rows(min_row=2)]
    assert {(p[1], p[2]) for p in problems} >= {(3, "日期"), (3, "事项类型"), (4, "户主姓名"), (5, "反映问题")}


def test_unreadable_file_and_bad_arguments_exit_2_without_traceback(town_db: LedgerDB, db_path: Path,
                                                                   tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--db", str(db_path), "import", "households", str(tmp_path / "没有.xlsx"), "--json")
    assert code == 2 and "找不到文件" in json.loads(out)["error"] and "Traceback" not in err
    (tmp_path / "户.txt").write_text("x")
    code, _, err = run(capsys, "--db", str(db_path), "import", "visits", str(tmp_path / "户.txt"))
    assert code == 2 and "不支持的文件类型" in err
    code, _, err = run(capsys, "--db", str(db_path), "export", "households", str(tmp_path / "户.csv"))
    assert code == 2 and "应以 .xlsx 结尾" in err
    code, _, err = run(capsys, "--db", str(db_path), "export", "households", str(tmp_path / "户.xlsx"),
                       "--village", "无此村")
    assert code == 2 and "找不到村（社区）“无此村”" in err


def test_a_central_household_who_left_is_refused(town_db: LedgerDB, db_path: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from models import members
    number = make_id("1960-02-02")
    member = add_member(town_db, "老周", grid="第一网格", id_number=number)
    hh.designate(town_db, member, "2024-01-01")
    members.change_status(town_db, member, "转出", "2026-10-01", "莱西市水集街道党工委")
    path = sheet(tmp_path / "户.xlsx", HEADER, ["", number, "刘一", "", "1号", 1, "", "", "", "院上村", ""])
    code, out, _ = run(capsys, "--db", str(db_path), "import", "households", str(path))
    assert code == 1 and "第 3 行 中心户身份证号" in out and "老周为“转出”状态，不能联系户" in out


def test_every_problem_of_a_row_is_named_at_once(town_db: LedgerDB, db_path: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown village does not hide the row's other problems; synonyms (户主, 住址, 人口, 类型, 村 …) and the
    separators 、，, and spaces are read."""
    path = sheet(tmp_path / "户.xlsx", ["序号", "户主", "住址", "人口", "电话", "类型", "党员户", "村", "网格",
                                         "联系的党员中心户"],
                 [1, "刘一", "1号", 3, "", "低保，残疾人", "是", "院上村", "第一网格", ""],
                 [2, "孙二", "2号", "2", "", "低保,特困 单亲", "否", "院上村", "", ""],
                 [3, "", "4号", -1, "", "富户", "也许", "无此村", "", ""])
    code, out, _ = run(capsys, "--db", str(db_path), "import", "households", str(path))
    assert code == 1
    for words in ("第 5 行 村“无此村”：找不到村（社区）“无此村”", "第 5 行 户主“”：不能为空",
                  "第 5 行 人口“-1”：应为正整数", "第 5 行 类型“富户”：“富户”不在可选类型中", "第 5 行 党员户“也许”"):
        assert words in out, out
    assert town_db.execute("SELECT count(*) FROM households").fetchone()[0] == 0
    code, out, _ = run(capsys, "--db", str(db_path), "import", "households", str(path), "--skip-invalid")
    assert "新增 2 户" in out
    assert [(h[0], h[4]) for h in households(town_db)] == [("刘一", "低保、残疾人"), ("孙二", "低保、特困、单亲")]
    assert "未识别的列" not in out  # 联系的党员中心户 (the 联系户名册's heading) is the 中心户 column


def test_reimport_without_the_central_household_ends_the_link(town_db: LedgerDB, db_path: Path, tmp_path: Path,
                                                              central: tuple[int, str],
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """A row without a 中心户 is an unlinked household: re-importing the village's sheet with the cell emptied
    ends the link (history kept), the household stays the same one."""
    row = ["王芳", "", "刘一", "", "1号", 3, "", "低保", "否", "院上村", "第一网格"]
    run(capsys, "--db", str(db_path), "import", "households", str(sheet(tmp_path / "a.xlsx", HEADER, row)))
    assert households(town_db) == [("刘一", "1号", "王芳", 3, "低保")]
    code, out, _ = run(capsys, "--db", str(db_path), "import", "households",
                       str(sheet(tmp_path / "b.xlsx", HEADER, ["", ""] + row[2:])), "--json")
    assert code == 0 and json.loads(out)["updated"] == 1
    assert households(town_db) == [("刘一", "1号", "", 3, "低保")]
    assert town_db.execute("SELECT status, end_reason FROM household_links").fetchall() == [("已结束", "导入调整")]


def test_export_with_accounts_is_encrypted_and_imports_again(town_db: LedgerDB, db_path: Path, tmp_path: Path,
                                                             central: tuple[int, str],
                                                             capsys: pytest.CaptureFixture[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The households export carries full identity numbers: once there are accounts it is 户.xlsx.enc (as
    export members), `import households` opens it with the password, a wrong one imports nothing."""
    from models import accounts, crypto
    from models.crypto import is_encrypted
    monkeypatch.setattr(crypto, "SCRYPT_LOG2N", 10)
    vid, gid = town_db.execute("SELECT village_id, id FROM grids WHERE name = '第一网格'").fetchone()
    head = make_id("1951-05-05")
    hh.link_household(town_db, hh.save_household(town_db, hh.Household("刘一", vid, gid, head, "1号")), central[0],
                      "2026-01-01")
    accounts.create_first_admin(town_db, "admin", "secret-pass-1")
    monkeypatch.setenv("GRIDLEDGER_PASSWORD", "secret-pass-1")
    monkeypatch.setenv("GRIDLEDGER_BACKUP_PASSWORD", "file-pass-9")
    code, out, _ = run(capsys, "--db", str(db_path), "--user", "admin", "export", "households",
                       str(tmp_path / "户.xlsx"))
    sealed = tmp_path / "户.xlsx.enc"
    assert code == 0 and "已加密" in out and not (tmp_path / "户.xlsx").exists() and is_encrypted(sealed)
    assert head.encode() not in sealed.read_bytes()
    monkeypatch.setenv("GRIDLEDGER_BACKUP_PASSWORD", "wrong-pass-0")
    code, _, err = run(capsys, "--db", str(db_path), "--user", "admin", "import", "households", str(sealed))
    assert code == 1 and "密码不正确" in err
    monkeypatch.setenv("GRIDLEDGER_BACKUP_PASSWORD", "file-pass-9")
    code, out, _ = run(capsys, "--db", str(db_path), "--user", "admin", "import", "households", str(sealed),
                       "--json")
    assert code == 0 and (json.loads(out)["unchanged"], json.loads(out)["imported"]) == (1, 0)
    code, out, _ = run(capsys, "--db", str(db_path), "--user", "admin", "export", "households",
                       str(tmp_path / "明文.xlsx"), "--no-encrypt")
    assert code == 0 and "未加密" in out and (tmp_path / "明文.xlsx").exists()
    assert [r[0] for r in town_db.execute("SELECT summary FROM audit_log WHERE summary LIKE '导出户%' ORDER BY id")] \
        == ["导出户 户.xlsx.enc（全镇），已加密，含 1 人的完整身份证号", "导出户 明文.xlsx（全镇），未加密，含 1 人的完整身份证号"]


def test_a_sheet_with_fewer_columns_changes_only_what_it_says(town_db: LedgerDB, db_path: Path, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """Re-importing a village's short list (names and persons only) updates those and keeps the phones, types,
    grids and identity numbers; without 家庭住址 a head's name finds the household when it is unique."""
    vid, gid = town_db.execute("SELECT village_id, id FROM grids WHERE name = '第一网格'").fetchone()
    head = make_id("1955-05-05")
    hh.save_household(town_db, hh.Household("刘一", vid, gid, head, "1号", 3, "13900000000", ("低保", "单亲"), True))
    hh.save_household(town_db, hh.Household("孙二", vid, gid, "", "2号", 2))
    hh.save_household(town_db, hh.Household("孙二", vid, None, "", "5号", 1))
    short = sheet(tmp_path / "短.xlsx", ["户主姓名", "家庭人口", "所在村（社区）"], ["刘一", 4, "院上村"])
    code, out, _ = run(capsys, "--db", str(db_path), "import", "households", str(short), "--json")
    assert code == 0 and (json.loads(out)["updated"], json.loads(out)["imported"]) == (1, 0), out
    (liu,) = [h for h in hh.household_rows(town_db) if h.head_name == "刘一"]
    assert (liu.head_id_number, liu.address, liu.persons, liu.phone, liu.tags, liu.party_household, liu.grid) == (
        head, "1号", 4, "13900000000", ("低保", "单亲"), True, "第一网格")
    blank_id = sheet(tmp_path / "空号.xlsx", HEADER, ["", "", "刘一", "", "1号", 4, "13900000000", "低保、单亲", "是",
                                                    "院上村", "第一网格"])
    code, out, _ = run(capsys, "--db", str(db_path), "import", "households", str(blank_id), "--json")
    assert code == 0 and json.loads(out)["unchanged"] == 1  # a blank 户主身份证号 does not erase the number
    ambiguous = sheet(tmp_path / "同名.xlsx", ["户主姓名", "家庭人口", "所在村（社区）"], ["孙二", 3, "院上村"])
    code, out, _ = run(capsys, "--db", str(db_path), "import", "households", str(ambiguous))
    assert code == 1 and "院上村有 2 户户主名为“孙二”（2号、5号）" in out
    assert town_db.execute("SELECT count(*) FROM households").fetchone()[0] == 3


def test_a_central_household_of_another_village_is_refused(town_db: LedgerDB, db_path: Path, tmp_path: Path,
                                                           central: tuple[int, str],
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = sheet(tmp_path / "户.xlsx", HEADER, ["", central[1], "周五", "", "姜家庄1号", 2, "", "", "", "姜家庄村", ""])
    code, out, _ = run(capsys, "--db", str(db_path), "import", "households", str(path))
    assert code == 1 and "王芳是院上村的党员，不能联系姜家庄村的户" in out
    assert town_db.execute("SELECT count(*) FROM households").fetchone()[0] == 0


def test_a_household_moved_to_another_village_leaves_its_old_grid(town_db: LedgerDB, db_path: Path,
                                                                  tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    vid, gid = town_db.execute("SELECT village_id, id FROM grids WHERE name = '第一网格'").fetchone()
    head = make_id("1956-06-06")
    hh.save_household(town_db, hh.Household("刘一", vid, gid, head, "1号", 3, "13900000000"))
    moved = sheet(tmp_path / "迁.xlsx", ["户主姓名", "户主身份证号", "家庭住址", "所在村（社区）"],
                  ["刘一", head, "姜家庄8号", "姜家庄村"])
    code, out, _ = run(capsys, "--db", str(db_path), "import", "households", str(moved), "--json")
    assert code == 0 and json.loads(out)["updated"] == 1, out
    (row,) = hh.household_rows(town_db)
    assert (row.village, row.grid, row.address, row.phone, row.persons) == ("姜家庄村", "", "姜家庄8号", "13900000000", 3)
