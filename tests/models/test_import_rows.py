"""What each imported row becomes: every rejection with its sheet, Excel row, header as written, value and reason;
duplicates; updates of known people; all or nothing; skip-invalid; dry run; a 5,000-row file."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from models import clock, pinyin
from models.audit_chain import chain_problems
from models.db import LedgerDB
from models.entities import MemberQuery
from models.importing import import_members, prepare_import
from models.members import change_status, find_by_id_number, search_members, search_text
from models.org import add_village, find_village, get_grid, list_grids, merge_villages
from tests.conftest import add_member
from tests.models.test_import_files import person, write_xlsx

HEADER = ["序号", "姓名", "性别", "身份证号", "人员类别", "入党日期", "转正日期", "联系电话", "所在村"]


def good(seq: int, name: str = "张伟", **over: object) -> list[object]:
    row = {"序号": seq, "姓名": name, "性别": "", "身份证号": person(100 + seq), "人员类别": "正式党员",
           "入党日期": "1995-07-01", "转正日期": "1996-07-01", "联系电话": "13912345678", "所在村": "院上村"}
    row.update(over)
    return [row[h] for h in HEADER]


def snapshot(db: LedgerDB) -> list[str]:
    return list(db.conn.iterdump())


REJECTIONS = [
    ({"身份证号": person(1)[:17] + ("0" if person(1)[17] != "0" else "1")}, "身份证号", "校验位错误"),
    ({"身份证号": float(person(1))}, "身份证号", "Excel"),
    ({"姓名": ""}, "姓名", "姓名不能为空"),
    ({"入党日期": "1995-02-30"}, "入党日期", "不存在"),
    ({"入党日期": "1985-01-01"}, "入党日期", "未满 18 周岁"),
    ({"转正日期": "1994-07-01"}, "转正日期", "早于加入党组织日期"),
    ({"人员类别": "入党积极分子"}, "人员类别", "不是党员"),
    ({"人员类别": "发展对象"}, "人员类别", "不是党员"),
    ({"联系电话": "1391234"}, "联系电话", "不是有效号码"),
    ({"性别": "女"}, "性别", "与公民身份号码不符"),
    ({"入党日期": 1995.1}, "入党日期", "分不清是 1 月还是 10 月"),
    ({"入党日期": "1995年"}, "入党日期", "只有年份"),
    ({"入党日期": "95.7.1"}, "入党日期", "年份要写全四位"),
    ({"入党日期": "1995071"}, "入党日期", "数字连在一起"),
    ({"入党日期": "1995-07-01 上午九点"}, "入党日期", "时间只能写成 09:30"),
]


@pytest.mark.parametrize("change, column, reason", REJECTIONS)
def test_each_rejection_names_sheet_row_header_value_and_reason(
        town_db: LedgerDB, tmp_path: Path, change: dict[str, object], column: str, reason: str) -> None:
    rows = [["院上镇院上村党员花名册"], HEADER, good(1, "甲"), good(2, "乙", **change), good(3, "丙")]
    plan = prepare_import(town_db, write_xlsx(tmp_path / "r.xlsx", {"一组": rows}))
    assert len(plan.errors) == 1, plan.errors
    problem = plan.errors[0]
    assert (problem.sheet, problem.row, problem.column) == ("一组", 4, column)
    assert reason in problem.message
    raw = change.get(column, "")
    if isinstance(raw, str):
        assert problem.value == raw.strip()
    assert [r.values["name"] for r in plan.rows] == ["甲", "丙"] and plan.rejected_rows == 1


def test_the_same_identity_number_twice_names_the_other_row(town_db: LedgerDB, tmp_path: Path) -> None:
    same = person(50)
    rows = [HEADER, good(1, "甲", 身份证号=same), good(2, "乙"), good(3, "丙", 身份证号=same.lower())]
    plan = prepare_import(town_db, write_xlsx(tmp_path / "r.xlsx", {"Sheet1": rows}))
    assert [(e.row, e.message) for e in plan.errors] == [
        (2, "公民身份号码与第 4 行重复，同一人只能有一行"), (4, "公民身份号码与第 2 行重复，同一人只能有一行")]
    assert [r.values["name"] for r in plan.rows] == ["乙"]


def test_duplicates_across_sheets_name_the_sheet(town_db: LedgerDB, tmp_path: Path) -> None:
    same = person(51)
    plan = prepare_import(town_db, write_xlsx(tmp_path / "r.xlsx", {
        "一网格": [HEADER, good(1, "甲", 身份证号=same)], "二网格": [HEADER, good(1, "乙", 身份证号=same)]}))
    assert plan.errors[0].message == "公民身份号码与“二网格”第 2 行重复，同一人只能有一行"


def test_default_mode_writes_nothing_when_any_row_is_rejected(town_db: LedgerDB, tmp_path: Path) -> None:
    before = snapshot(town_db)
    rows = [HEADER] + [good(i, f"人{i}") for i in range(1, 20)] + [good(20, "错", 联系电话="12")]
    rows.append(good(21, "新村人", 所在村="新建村"))
    result = import_members(town_db, write_xlsx(tmp_path / "r.xlsx", {"Sheet1": rows}))
    assert not result.written and result.imported == 0 and result.skipped == 21 and len(result.errors) == 1
    assert result.created_villages == []
    assert snapshot(town_db) == before


def test_skip_invalid_writes_the_valid_rows_and_lists_the_rejected(town_db: LedgerDB, tmp_path: Path) -> None:
    rows = [HEADER, good(1, "甲"), good(2, "错", 人员类别="群众"), good(3, "丙", 所在村="新建村")]
    result = import_members(town_db, write_xlsx(tmp_path / "r.xlsx", {"Sheet1": rows}), skip_invalid=True)
    assert (result.imported, result.updated, result.skipped) == (2, 0, 1)
    assert [(e.row, e.column) for e in result.errors] == [(3, "人员类别")]
    assert result.created_villages == ["新建村"]
    names = {m.name: m.village_name for m in search_members(town_db, MemberQuery())}
    assert names == {"甲": "院上村", "丙": "新建村"}
    audit = town_db.execute("SELECT action, summary FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert audit[0] == "导入党员" and "新增 2 名" in audit[1]


def test_new_villages_and_grids_are_made_as_the_organization_page_makes_them(town_db: LedgerDB,
                                                                              tmp_path: Path) -> None:
    """The import's villages and grids are written in its one change; each still has its own audit row (its
    history on the 组织 page), its Party organization's default name and its pinyin order, and the chain holds."""
    header = HEADER + ["所在网格"]
    rows = [header, good(1, "甲", 所在村="东庄村") + ["第二网格"], good(2, "乙", 所在村="东庄村") + ["第一网格"],
            good(3, "丙", 所在村="西庄村") + ["第二网格"], good(4, "丁") + ["新网格"], good(5, "戊", 所在村="西庄村") + [""]]
    result = import_members(town_db, write_xlsx(tmp_path / "r.xlsx", {"Sheet1": rows}))
    assert result.errors == [] and result.imported == 5
    assert result.created_villages == ["东庄村", "西庄村"]
    assert result.created_grids == ["东庄村 第二网格", "东庄村 第一网格", "西庄村 第二网格", "院上村 新网格"]
    east = find_village(town_db, "东庄村")
    assert east is not None and east.org_name == "院上镇东庄村党支部" and east.org_type == "党支部"
    assert [g.name for g in list_grids(town_db, east.id)] == ["第一网格", "第二网格"]
    audited = town_db.execute("SELECT action, table_name, record_id, summary FROM audit_log"
                              " WHERE table_name IN ('villages', 'grids') AND action = '导入党员' ORDER BY id").fetchall()
    grid_ids = {g.name + str(g.village_id): g.id for g in list_grids(town_db)}
    assert [(t, s) for _, t, _, s in audited] == [("villages", "东庄村"), ("villages", "西庄村"), ("grids", "第二网格"),
                                                  ("grids", "第一网格"), ("grids", "第二网格"), ("grids", "新网格")]
    assert audited[0][2] == east.id and audited[3][2] == grid_ids["第一网格" + str(east.id)]
    assert chain_problems(town_db) == []
    import json
    from dataclasses import asdict
    afters = [json.loads(a) for a, in town_db.execute(
        "SELECT after FROM audit_log WHERE table_name IN ('villages', 'grids') AND action = '导入党员' ORDER BY id")]
    assert afters[0] == asdict(east) and afters[3] == asdict(get_grid(town_db, grid_ids["第一网格" + str(east.id)]))
    got = {m.name: (m.village_name, m.grid_name) for m in search_members(town_db, MemberQuery())}
    assert got["乙"] == ("东庄村", "第一网格") and got["丁"] == ("院上村", "新网格") and got["戊"] == ("西庄村", "")


def test_dry_run_reports_what_would_happen_and_writes_nothing(town_db: LedgerDB, tmp_path: Path) -> None:
    before = snapshot(town_db)
    rows = [HEADER, good(1, "甲", 所在村="新建村")]
    result = import_members(town_db, write_xlsx(tmp_path / "r.xlsx", {"Sheet1": rows}), dry_run=True)
    assert (result.imported, result.written, result.created_villages) == (1, False, ["新建村"])
    assert snapshot(town_db) == before


def test_a_known_identity_number_is_updated_not_duplicated(town_db: LedgerDB, tmp_path: Path) -> None:
    number = person(60)
    mid = add_member(town_db, "李老", id_number=number, grid="第一网格", address="老地址", education="小学")
    change_status(town_db, mid, "转出", "2020-01-01", "水集街道党工委")
    rows = [HEADER, good(1, "李 老", 身份证号=number, 联系电话="13700000000"), good(2, "新人")]
    result = import_members(town_db, write_xlsx(tmp_path / "r.xlsx", {"Sheet1": rows}))
    assert (result.imported, result.updated) == (1, 1)
    m = find_by_id_number(town_db, number)
    assert m is not None and m.id == mid
    assert (m.phone, m.address, m.education, m.status, m.grid_name) == ("13700000000", "老地址", "小学", "转出", "第一网格")
    assert town_db.execute("SELECT count(*) FROM members WHERE id_number = ?", [number]).fetchone()[0] == 1
    assert search_text(m) == town_db.execute("SELECT search_text FROM members WHERE id = ?", [mid]).fetchone()[0]


def test_imported_members_are_searchable_and_sorted_like_saved_ones(town_db: LedgerDB, tmp_path: Path) -> None:
    import_members(town_db, write_xlsx(tmp_path / "r.xlsx", {"Sheet1": [HEADER, good(1, "张伟")]}))
    m = search_members(town_db, MemberQuery(text="zw"))[0]
    stored = town_db.execute("SELECT search_text, sort_key FROM members WHERE id = ?", [m.id]).fetchone()
    assert stored == (search_text(m), pinyin.name_sort_key("张伟"))
    assert town_db.execute("SELECT kind FROM member_events WHERE member_id = ?", [m.id]).fetchone()[0] == "登记"


def test_a_merged_village_is_refused_with_where_it_went(town_db: LedgerDB, tmp_path: Path) -> None:
    old = add_village(town_db, "老村")
    target = town_db.execute("SELECT id FROM villages WHERE name = '院上村'").fetchone()[0]
    merge_villages(town_db, old, target)
    plan = prepare_import(town_db, write_xlsx(tmp_path / "r.xlsx", {"Sheet1": [HEADER, good(1, 所在村="老村")]}))
    assert [(e.column, e.message) for e in plan.errors] == [("所在村", "老村已合并到院上村，请改填合并后的村")]


def test_blank_rows_numbered_rows_and_totals_are_not_members(town_db: LedgerDB, tmp_path: Path) -> None:
    rows = [HEADER, good(1, "甲"), [2] + [None] * 8, [None] * 9, ["合计", "1 人"], ["填表人：王会计", None, "审核人："]]
    plan = prepare_import(town_db, write_xlsx(tmp_path / "r.xlsx", {"Sheet1": rows}))
    assert plan.errors == [] and plan.total_rows == 1


def test_a_row_without_any_village_says_so(db: LedgerDB, tmp_path: Path) -> None:
    rows = [["姓名", "身份证号", "人员类别", "入党日期"], ["甲", person(70), "正式党员", "1995-07-01"]]
    plan = prepare_import(db, write_xlsx(tmp_path / "r.xlsx", {"Sheet1": rows}))
    assert [(e.row, e.column, e.message[:9]) for e in plan.errors] == [(2, "所在村（社区）", "未填写所在村（社区")]
    plan = prepare_import(db, write_xlsx(tmp_path / "r.xlsx", {"Sheet1": rows}), default_village="院上村")
    assert plan.errors == [] and plan.new_villages == ["院上村"]


def test_a_5000_row_file(town_db: LedgerDB, tmp_path: Path) -> None:
    start = dt.date(1960, 1, 1)
    rows: list[list[object]] = [HEADER]
    for i in range(5000):
        birth = (start + dt.timedelta(days=i * 2)).isoformat()
        rows.append([i + 1, f"党员{i}", "", person(i % 400, birth), "正式党员", "2010-07-01", "2011-07-01",
                     f"139{i:08d}", "院上村" if i % 2 else "姜家庄村"])
    rows[4001][5] = "2010-13-01"
    path = write_xlsx(tmp_path / "big.xlsx", {"Sheet1": rows})
    result = import_members(town_db, path)
    assert not result.written and [(e.row, e.column) for e in result.errors] == [(4002, "入党日期")]
    result = import_members(town_db, path, skip_invalid=True)
    assert (result.imported, result.skipped) == (4999, 1)
    assert town_db.execute("SELECT count(*) FROM members").fetchone()[0] == 4999


def test_an_imported_row_is_stored_exactly_as_saving_it_in_the_form_would(town_db: LedgerDB, tmp_path: Path) -> None:
    from models.members import get_member, save_member
    rows = [["姓名", "身份证号", "人员类别", "入党日期", "转正日期", "所在村", "所在网格", "中心户", "联系户", "学历"],
            ["王 芳", person(90, male=False), "正式", "2001.07", "2002-07-01", "院上村", "第一网格", "是", 9, "大专"]]
    import_members(town_db, write_xlsx(tmp_path / "r.xlsx", {"Sheet1": rows}))
    sql = "SELECT * FROM members"
    imported = [dict(zip([d[0] for d in town_db.execute(sql).description], r)) for r in town_db.execute(sql)]
    mid = int(imported[0]["id"])  # type: ignore[call-overload]
    save_member(town_db, get_member(town_db, mid))
    saved = [dict(zip([d[0] for d in town_db.execute(sql).description], r)) for r in town_db.execute(sql)]
    for row in imported + saved:
        row.pop("updated_at")
    assert saved == imported and imported[0]["name"] == "王芳" and imported[0]["is_central"] == 1


@pytest.mark.parametrize("cell, stored", [(19950312.0, "1995-03-12"), (1995.07, "1995-07"), (1995.12, "1995-12"),
                                          (dt.datetime(1995, 3, 12, 0, 0), "1995-03-12"), ("1995年3月12日", "1995-03-12"),
                                          ("1995/3/12", "1995-03-12"), ("2001年7月", "2001-07")])
def test_dates_typed_as_numbers_or_text_are_read(town_db: LedgerDB, tmp_path: Path, cell: object, stored: str) -> None:
    rows = [HEADER, good(1, 入党日期=cell, 转正日期="")]
    plan = prepare_import(town_db, write_xlsx(tmp_path / "r.xlsx", {"Sheet1": rows}))
    assert plan.errors == [] and plan.rows[0].values["join_date"] == stored


def test_cancelling_during_the_write_leaves_the_database_as_it_was(town_db: LedgerDB, tmp_path: Path) -> None:
    from models.importing import ImportCancelled
    from models.importing.write import CHUNK
    births = [(dt.date(1950, 1, 1) + dt.timedelta(days=i * 3)).isoformat() for i in range(CHUNK + 10)]
    rows = [HEADER] + [good(i, f"人{i}", 身份证号=person(1, b), 所在村=f"新村{i % 3}", 入党日期="2015-07-01",
                            转正日期="2016-07-01") for i, b in enumerate(births)]
    before = snapshot(town_db)
    seen: list[str] = []

    def progress(phase: str, done: int, total: int) -> None:
        seen.append(phase)

    with pytest.raises(ImportCancelled):
        import_members(town_db, write_xlsx(tmp_path / "r.xlsx", {"Sheet1": rows}), progress=progress,
                       cancelled=lambda: seen.count("写入数据库") >= 2)
    assert snapshot(town_db) == before


def test_an_imported_polyphonic_surname_is_found_by_its_surname_reading(town_db: LedgerDB, tmp_path: Path) -> None:
    import_members(town_db, write_xlsx(tmp_path / "r.xlsx", {"Sheet1": [HEADER, good(1, "曾强"), good(2, "陈明")]}))
    assert [m.name for m in search_members(town_db, MemberQuery(text="zq"))] == ["曾强"]
    assert [m.name for m in search_members(town_db, MemberQuery())] == ["陈明", "曾强"]


@pytest.mark.parametrize("written, stored", [
    ("一九九五年七月一日", "1995-07-01"), ("1995年7月1号", "1995-07-01"), ("1995 07 01", "1995-07-01"),
    ("1995-07-01 09:36:46", "1995-07-01"), ("一九九五年七月", "1995-07"),
])
def test_dates_as_documents_write_them_are_imported(town_db: LedgerDB, tmp_path: Path, written: str,
                                                    stored: str) -> None:
    result = import_members(town_db, write_xlsx(tmp_path / "r.xlsx", {"Sheet1": [HEADER, good(1, 入党日期=written)]}))
    assert result.imported == 1, result.errors
    assert search_members(town_db, MemberQuery())[0].join_date == stored


def test_a_15_digit_number_in_a_number_cell_is_imported_intact(town_db: LedgerDB, tmp_path: Path) -> None:
    full = person(7)  # born in the 1900s: its 15-digit form drops the "19" and the check character
    old = full[:6] + full[8:17]
    result = import_members(town_db, write_xlsx(tmp_path / "r.xlsx", {"Sheet1": [HEADER, good(1, 身份证号=float(old))]}))
    assert result.imported == 1, result.errors
    assert find_by_id_number(town_db, full) is not None


def test_an_unknown_county_code_is_imported_with_a_warning(town_db: LedgerDB, tmp_path: Path) -> None:
    import datetime as dt

    from models import idcard
    number = idcard.make("111111", dt.date(1970, 5, 6), 11)
    plan = prepare_import(town_db, write_xlsx(tmp_path / "r.xlsx", {"Sheet1": [HEADER, good(1, 身份证号=number)]}))
    assert not plan.errors
    assert any("地址码 111111 不在行政区划代码" in w.message for w in plan.warnings), plan.warnings


def test_imported_members_carry_the_programs_clock(town_db: LedgerDB, tmp_path: Path) -> None:
    import_members(town_db, write_xlsx(tmp_path / "r.xlsx", {"Sheet1": [HEADER, good(1), good(2, "李四")]}))
    stamps = set(town_db.execute("SELECT created_at, updated_at FROM members").fetchall())
    assert stamps == {("2026-11-26 09:00:00", clock.utc_stamp())}  # created locally, updated_at in UTC (m006)


def test_every_column_of_a_new_member_lands_where_the_form_would_put_it(town_db: LedgerDB, tmp_path: Path) -> None:
    """A bulk INSERT names its columns in its own order: every field of a full row, each value distinct, is read
    back in its own field, and the row is what save_member stores for the same member."""
    from dataclasses import asdict, replace

    from models.members import save_member
    header = ["姓名", "性别", "民族", "公民身份号码", "出生日期", "学历", "人员类别", "所在党支部", "入党日期", "转正日期",
              "工作岗位", "联系电话", "家庭住址", "党籍状态", "是否失联党员", "失去联系日期", "是否流动党员", "外出流向",
              "所在村", "所在网格", "是否党员中心户", "联系户数", "备注"]
    number = person(70, male=False)
    row = ["孙丽", "女", "汉族", number, number[6:10] + "-" + number[10:12] + "-" + number[12:14], "大专", "正式党员",
           "院上村第一党支部", "2001-07-01", "2002-07-01", "农民", "13912345670", "院上村8号", "正常", "是", "2024-03",
           "是", "青岛市黄岛区", "院上村", "第一网格", "是", "6", "原村会计"]
    result = import_members(town_db, write_xlsx(tmp_path / "full.xlsx", {"Sheet1": [header, row]}), skip_invalid=True)
    assert result.imported == 1, result.as_json()
    m = find_by_id_number(town_db, number)
    assert m is not None
    got = asdict(m)
    assert (got["name"], got["gender"], got["ethnicity"], got["education"], got["branch"]) == (
        "孙丽", "女", "汉族", "大学专科", "院上村第一党支部")
    assert (got["join_date"], got["full_date"], got["job"], got["phone"], got["address"]) == (
        "2001-07-01", "2002-07-01", "农民", "13912345670", "院上村8号")
    assert (got["lost_contact"], got["lost_date"], got["mobile"], got["outflow"]) == (True, "2024-03", True, "青岛市黄岛区")
    assert (got["is_central"], got["linked_households"], got["remarks"], m.status, m.grid_name) == (
        True, 6, "原村会计", "在册", "第一网格")
    columns = "name, id_number, gender, ethnicity, birth_date, education, category, branch, join_date, full_date, job," \
              " phone, address, party_status, lost_contact, lost_date, mobile, outflow, linked_households, remarks," \
              " status, status_date, status_detail, search_text, sort_key"
    imported = town_db.execute(f"SELECT {columns} FROM members WHERE id = ?", [m.id]).fetchone()
    town_db.execute("DELETE FROM central_designations")
    town_db.execute("DELETE FROM member_events")
    town_db.execute("DELETE FROM members")
    again = save_member(town_db, replace(m, id=None))
    assert town_db.execute(f"SELECT {columns} FROM members WHERE id = ?", [again]).fetchone() == imported
