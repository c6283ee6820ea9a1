"""The supervision spreadsheets on the command line: `import cadres|rectification|projects|cadre-businesses`
(synonyms, row errors naming sheet/row/column/value/reason, all or nothing, --dry-run, --skip-invalid, --json,
re-import updates never duplicates) and `export rectification|projects`, read back and imported again."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

import main
from models import supervision as sv
from models.db import LedgerDB, open_database
from tests.conftest import add_member, make_id


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def xlsx(path: Path, header: list[str], *rows: list[object], title: str = "") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    if title:
        ws.append([title])
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def count(db_path: Path, table: str) -> int:
    db = open_database(db_path)
    try:
        return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        db.close()


RECT = ["村（社区）", "问题描述", "问题来源", "发现日期", "责任单位", "责任人", "整改措施", "整改时限", "整改进展",
        "完成日期", "状态"]


def test_cadres_import_links_members_and_reimport_updates(town_db: LedgerDB, db_path: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    number = make_id("1972-03-04")
    add_member(town_db, "王建国", id_number=number)
    file = xlsx(tmp_path / "两委.xlsx", ["序号", "村", "姓名", "身份证号", "职务", "任职时间", "离任日期", "产生方式",
                                       "一肩挑"],
                [1, "院上村", "王建国", number, "书记", "2021.01.15", None, "选举", "是"],
                [2, "院上村", "李群众", None, "委员", "2021-01-15", None, "选举", "否"],
                title="院上村“两委”成员名单")
    code, out, _ = run(capsys, "--db", str(db_path), "import", "cadres", str(file))
    assert code == 0, out
    assert "新增 2 名" in out
    cadres = {c.name: c for c in sv.list_cadres(town_db)}
    assert cadres["王建国"].member_id is not None and cadres["王建国"].one_shoulder
    assert cadres["王建国"].start_date == "2021-01-15"
    code, out, _ = run(capsys, "--db", str(db_path), "import", "cadres", str(file))
    assert code == 0 and "未变 2 名" in out and count(db_path, "sv_cadres") == 2
    xlsx(file, ["村", "姓名", "职务", "任职时间", "离任日期"], ["院上村", "李群众", "委员", "2021-01-15", "2026-06-30"])
    code, out, _ = run(capsys, "--db", str(db_path), "import", "cadres", str(file))
    assert code == 0 and "更新 1 名" in out and count(db_path, "sv_cadres") == 2
    assert [c.name for c in sv.list_cadres(town_db, current_only=True)] == ["王建国"]


def test_cadre_rows_refused_name_row_column_value(town_db: LedgerDB, db_path: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    file = xlsx(tmp_path / "c.xlsx", ["村（社区）", "姓名", "职务", "任职日期", "离任日期", "是否一肩挑"],
                ["院上村", "甲", "委员", "2021-01-15", "", "否"],
                ["不存在村", "乙", "委员", "", "", ""],
                ["院上村", "丙", "委员", "2021-01-15", "2020-01-01", ""],
                ["院上村", "丁", "主任", "", "", "也许"])
    code, out, _ = run(capsys, "--db", str(db_path), "import", "cadres", str(file), "--json")
    assert code == 1
    got = json.loads(out)
    assert got["written"] is False and got["imported"] == 0 and got["skipped"] == 4
    errors = {(e["row"], e["column"]): e for e in got["errors"]}
    assert set(errors) == {(3, "村（社区）"), (4, "离任日期"), (5, "是否一肩挑")}
    assert errors[(3, "村（社区）")]["value"] == "不存在村" and "找不到村（社区）" in errors[(3, "村（社区）")]["message"]
    assert errors[(5, "是否一肩挑")]["value"] == "也许"
    assert all(e["sheet"] == "Sheet1" for e in got["errors"])
    assert count(db_path, "sv_cadres") == 0  # all or nothing
    code, out, _ = run(capsys, "--db", str(db_path), "import", "cadres", str(file), "--skip-invalid")
    assert code == 1 and "新增 1 名" in out and "跳过 3 行" in out
    assert "“Sheet1”第 4 行 离任日期“2020-01-01”：离任日期 2020-01-01 不能早于任职日期 2021-01-15" in out
    assert [c.name for c in sv.list_cadres(town_db)] == ["甲"]


def test_rectification_import_rules_dry_run_and_status_refused(town_db: LedgerDB, db_path: Path, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    good = ["院上村", "三务公开不及时", "程序监督", "2026-10-01", "院上村委", "王建国", "每月公开", "2026-11-20",
            "2026-10-15 已张贴\n2026-11-01 补齐账目", "", "整改中"]
    bad_status = ["院上村", "会议记录不全", "组织监督", "2026-10-01", "", "", "", "2026-12-01", "", "", "已完成"]
    closed_no_date = ["姜家庄村", "账目不清", "群众监督", "2026-10-01", "", "", "", "2026-12-01", "已核查", "", "已销号"]
    early = ["姜家庄村", "时限错误", "群众监督", "2026-10-01", "", "", "", "2026-09-01", "", "", ""]
    file = xlsx(tmp_path / "台账.xlsx", RECT, good, bad_status, closed_no_date, early)
    code, out, _ = run(capsys, "--db", str(db_path), "import", "rectification", str(file), "--json")
    got = json.loads(out)
    assert code == 1 and got["written"] is False
    errors = {e["row"]: e for e in got["errors"]}
    assert errors[3]["column"] == "状态" and errors[3]["value"] == "已完成" and "待整改、整改中、已销号" in errors[3]["message"]
    assert errors[4]["column"] == "完成日期" and "必须填写完成日期" in errors[4]["message"]
    assert errors[5]["column"] == "整改时限" and "不能早于发现日期" in errors[5]["message"]
    assert count(db_path, "sv_problems") == 0
    code, out, _ = run(capsys, "--db", str(db_path), "import", "rectification", str(file), "--skip-invalid",
                       "--dry-run")
    assert code == 1 and "试运行（未写入）：可导入新增 1 条" in out and count(db_path, "sv_problems") == 0
    code, out, _ = run(capsys, "--db", str(db_path), "import", "rectification", str(file), "--skip-invalid")
    assert code == 1 and "已导入新增 1 条" in out
    (row,) = sv.ledger(town_db)
    assert row.description == "三务公开不及时" and row.status == "整改中" and row.time_text == "逾期 6 天"
    p = sv.get_problem(town_db, row.id)
    assert p.notes == [("2026-10-15", "已张贴"), ("2026-11-01", "补齐账目")]


def test_rectification_round_trip_updates_never_duplicates(town_db: LedgerDB, db_path: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    v = int(town_db.execute("SELECT id FROM villages WHERE name = '院上村'").fetchone()[0])
    v2 = int(town_db.execute("SELECT id FROM villages WHERE name = '姜家庄村'").fetchone()[0])
    p1 = sv.save_problem(town_db, sv.Problem(v, "三务公开不及时", "程序监督", "2026-10-01", "2026-11-20",
                                             unit="村委", person="王建国", measures="按月公开"))
    sv.add_progress(town_db, p1, "2026-11-02", "已张贴公开栏")
    p2 = sv.save_problem(town_db, sv.Problem(v2, "账目不清", "群众监督", "2026-10-05", "2026-12-01"))
    sv.add_progress(town_db, p2, "2026-11-03", "重新记账")
    sv.close_problem(town_db, p2, "2026-11-20")
    sv.save_problem(town_db, sv.Problem(v2, "会议记录不全", "组织监督", "2026-10-06", "2026-12-30"))
    out_file = tmp_path / "台账导出.xlsx"
    code, out, _ = run(capsys, "--db", str(db_path), "export", "rectification", str(out_file))
    assert code == 0 and "3 条整改问题" in out
    ws = load_workbook(out_file).active
    rows = list(ws.values)
    assert list(rows[0]) == [*RECT, "剩余天数"]
    by_desc = {r[1]: r for r in rows[1:]}
    assert by_desc["三务公开不及时"][8] == "2026-11-02 已张贴公开栏" and by_desc["三务公开不及时"][11] == "逾期 6 天"
    assert by_desc["账目不清"][10] == "已销号" and by_desc["账目不清"][9] == "2026-11-20"
    before = [(r.id, r.status, r.deadline) for r in sv.ledger(town_db)]
    code, out, _ = run(capsys, "--db", str(db_path), "import", "rectification", str(out_file))
    assert code == 0 and "未变 3 条" in out
    assert count(db_path, "sv_problems") == 3 and count(db_path, "sv_progress") == 2
    assert [(r.id, r.status, r.deadline) for r in sv.ledger(town_db)] == before
    # the village changes a deadline and adds a note in the exported file: the same problem is updated
    wb = load_workbook(out_file)
    ws = wb.active
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, 2).value == "会议记录不全":
            ws.cell(r, 8).value = "2027-01-15"
            ws.cell(r, 9).value = "2026-11-25 已补记"
    wb.save(out_file)
    code, out, _ = run(capsys, "--db", str(db_path), "import", "rectification", str(out_file))
    assert code == 0 and "更新 1 条" in out and "未变 2 条" in out
    assert count(db_path, "sv_problems") == 3
    updated = next(r for r in sv.ledger(town_db) if r.description == "会议记录不全")
    assert updated.deadline == "2027-01-15" and updated.progress == "已补记"
    closed = tmp_path / "已销号.xlsx"
    code, out, _ = run(capsys, "--db", str(db_path), "export", "rectification", str(closed), "--status", "已销号",
                       "--village", "姜家庄村")
    assert code == 0 and [r[1] for r in list(load_workbook(closed).active.values)[1:]] == ["账目不清"]
    code, _, err = run(capsys, "--db", str(db_path), "export", "rectification", str(closed), "--status", "完成")
    assert code == 2 and "状态“完成”不在可选范围内" in err


def test_projects_and_businesses_import_export_flag(town_db: LedgerDB, db_path: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    biz = xlsx(tmp_path / "经商.xlsx", ["经营主体名称", "经营者", "与村干部关系", "村干部姓名", "村（社区）"],
               ["莱西市鑫达建筑有限公司", "王小二", "儿子", "王建国", "院上村"])
    code, out, _ = run(capsys, "--db", str(db_path), "import", "cadre-businesses", str(biz))
    assert code == 0 and "新增 1 个" in out
    xlsx(biz, ["经营主体名称", "经营者", "与村干部关系", "村干部姓名", "村（社区）"],
         ["莱西市鑫达建筑（有限责任公司）", "王小二", "长子", "王建国", "院上村"])
    code, out, _ = run(capsys, "--db", str(db_path), "import", "cadre-businesses", str(biz))
    assert code == 0 and "更新 1 个" in out and count(db_path, "sv_businesses") == 1
    proj_header = ["工程名称", "村（社区）", "金额（万元）", "实施主体", "承建方", "开工日期", "完工日期",
                   "是否经民主决策程序", "关联关系声明"]
    projects = xlsx(tmp_path / "工程.xlsx", proj_header,
                    ["村道硬化", "院上村", 35.5, "院上村委会", "莱西市 鑫达建筑有限公司", "2026-05-01", "2026-08-30",
                     "是", "无"],
                    ["路灯安装", "姜家庄村", "12万元", "村委会", "青岛光明电器有限公司", "2026-06-01", "", "否", ""],
                    ["坏金额", "姜家庄村", "很多", "", "", "", "", "", ""])
    code, out, _ = run(capsys, "--db", str(db_path), "import", "projects", str(projects))
    assert code == 1 and "第 4 行 金额（万元）“很多”" in out and count(db_path, "sv_projects") == 0
    code, out, _ = run(capsys, "--db", str(db_path), "import", "projects", str(projects), "--skip-invalid")
    assert "新增 2 项" in out and count(db_path, "sv_projects") == 2
    code, out, _ = run(capsys, "--db", str(db_path), "import", "projects", str(projects), "--skip-invalid")
    assert "未变 2 项" in out and count(db_path, "sv_projects") == 2
    out_file = tmp_path / "工程导出.xlsx"
    code, out, _ = run(capsys, "--db", str(db_path), "export", "projects", str(out_file))
    assert code == 0 and "其中 1 项有关联预警" in out
    rows = list(load_workbook(out_file).active.values)
    assert list(rows[0]) == [*proj_header, "关联预警"]
    by_name = {r[0]: r for r in rows[1:]}
    assert "莱西市鑫达建筑（有限责任公司）" in by_name["村道硬化"][9] and "王建国" in by_name["村道硬化"][9]
    assert by_name["路灯安装"][9] in (None, "") and by_name["路灯安装"][2] == 12 and by_name["村道硬化"][7] == "是"
    code, out, _ = run(capsys, "--db", str(db_path), "import", "projects", str(out_file))
    assert code == 0 and "未变 2 项" in out


def test_file_without_the_kinds_columns_is_refused(town_db: LedgerDB, db_path: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    file = xlsx(tmp_path / "x.xlsx", ["村（社区）", "问题描述", "问题来源"], ["院上村", "某问题", "组织监督"])
    code, _, err = run(capsys, "--db", str(db_path), "import", "rectification", str(file))
    assert code == 1 and "缺少必需的列：发现日期、整改时限" in err
    other = xlsx(tmp_path / "y.xlsx", ["甲", "乙"], ["1", "2"])
    code, out, err = run(capsys, "--db", str(db_path), "import", "projects", str(other), "--json")
    assert code == 1 and "没有村级工程的表头" in json.loads(out)["error"]
    code, _, err = run(capsys, "--db", str(db_path), "import", "cadres", str(tmp_path / "无.xlsx"))
    assert code == 2 and "找不到文件" in err


def test_gbk_csv_and_duplicate_rows_in_one_file(town_db: LedgerDB, db_path: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    text = "村（社区）,姓名,职务,任职日期,是否一肩挑\n院上村,张某,委员,2021-01-15,否\n院上村,张某,委员,2021-01-15,否\n" \
           "姜家庄村,钱某,书记,2021-01-15,是\n"
    file = tmp_path / "两委.csv"
    file.write_bytes(text.encode("gb18030"))  # what a Chinese Windows Excel saves
    code, out, _ = run(capsys, "--db", str(db_path), "import", "cadres", str(file), "--json", "--skip-invalid")
    got = json.loads(out)
    assert code == 1 and got["imported"] == 2 and got["skipped"] == 1
    [e] = got["errors"]
    assert (e["sheet"], e["row"], e["column"], e["value"]) == ("两委", 3, "姓名", "张某")
    assert e["message"] == "与第 2 行是同一条记录（重复）"
    assert sorted((c.name, c.one_shoulder) for c in sv.list_cadres(town_db)) == [("张某", False), ("钱某", True)]


def test_reimporting_a_changed_ledger_keeps_inspection_and_project_links(town_db: LedgerDB, db_path: Path,
                                                                         tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    v = int(town_db.execute("SELECT id FROM villages WHERE name = '院上村'").fetchone()[0])
    iid, [raised] = sv.record_inspection(town_db, sv.Inspection(v, "2026-11-01", "制度监督", "财务"), ["凭证不全"],
                                         "2026-12-01")
    sv.save_business(town_db, sv.Business(v, "莱西市鑫达建筑有限公司", "王小二", "儿子", "王书记"))
    project = sv.save_project(town_db, sv.Project(v, "村道硬化", 30, "村委会", "莱西市鑫达建筑有限责任公司"))
    flagged = sv.flag_to_problem(town_db, project, "2026-12-31")
    out_file = tmp_path / "台账.xlsx"
    assert run(capsys, "--db", str(db_path), "export", "rectification", str(out_file))[0] == 0
    wb = load_workbook(out_file)
    ws = wb.active
    for r in range(2, ws.max_row + 1):
        ws.cell(r, 8).value = "2027-01-15"  # every deadline moved by the village
    wb.save(out_file)
    code, out, _ = run(capsys, "--db", str(db_path), "import", "rectification", str(out_file))
    assert code == 0 and "更新 2 条" in out
    assert sv.get_problem(town_db, raised).inspection_id == iid
    assert sv.get_problem(town_db, flagged).project_id == project
    assert {r.deadline for r in sv.ledger(town_db)} == {"2027-01-15"}
