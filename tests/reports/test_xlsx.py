"""The exported roster, the import template and the problem list, read back with openpyxl and calamine."""
from __future__ import annotations

import io
from pathlib import Path

import openpyxl
from python_calamine import load_workbook

from models.db import LedgerDB, open_database
from models.demo import fill_demo
from models.entities import MemberQuery
from models.importing import ImportProblem, import_members
from models.members import search_members
from reports.xlsx import HEADER, build_members_xlsx, build_problems_xlsx, build_template
from tests.conftest import add_member

NATIONAL = ("序号 姓名 性别 民族 公民身份号码 出生日期 学历 人员类别 所在党支部 加入党组织日期 转为正式党员日期 工作岗位 联系电话 "
            "家庭住址 党籍状态 是否为失联党员 失去联系日期 是否为流动党员 外出流向 所在村（社区） 所在网格 是否党员中心户 联系户数 备注").split()


def export(db: LedgerDB, **kw: object) -> bytes:
    out = io.BytesIO()
    build_members_xlsx(search_members(db, MemberQuery(**kw)), out, town="院上镇")  # type: ignore[arg-type]
    return out.getvalue()


def test_header_is_exactly_the_national_order_then_the_towns_columns() -> None:
    assert list(HEADER) == NATIONAL


def test_export_formats_identity_and_phone_as_text_freezes_header_and_filters(town_db: LedgerDB) -> None:
    add_member(town_db, "王芳", male=False, grid="第一网格", phone="13812345678", join_date="2001-07",
               full_date="2002-07-01", is_central=True, linked_households=9)
    add_member(town_db, "李强", village="姜家庄村")
    wb = openpyxl.load_workbook(io.BytesIO(export(town_db)))
    ws = wb.active
    assert ws.title == "党员名册" and [c.value for c in ws[1]] == NATIONAL
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:X3"
    row = {h: c for h, c in zip(NATIONAL, ws[2])}
    assert row["姓名"].value == "李强" or row["姓名"].value == "王芳"
    wang = next(r for r in ws.iter_rows(min_row=2) if r[1].value == "王芳")
    cells = dict(zip(NATIONAL, wang))
    assert cells["公民身份号码"].data_type == "s" and cells["公民身份号码"].number_format == "@"
    assert len(cells["公民身份号码"].value) == 18
    assert cells["联系电话"].value == "13812345678" and cells["联系电话"].number_format == "@"
    assert cells["加入党组织日期"].value == "2001-07" and cells["转为正式党员日期"].value == "2002-07-01"
    assert cells["是否党员中心户"].value == "是" and cells["联系户数"].value == 9
    assert (cells["所在村（社区）"].value, cells["所在网格"].value) == ("院上村", "第一网格")
    assert ws.column_dimensions["E"].width >= 20  # 18 digits fit
    assert ws.column_dimensions["I"].width >= 12  # Chinese branch names are double width


def test_export_then_import_into_an_empty_database_then_export_gives_the_same_rows(tmp_path: Path) -> None:
    source = open_database(tmp_path / "a.db")
    fill_demo(source, 300, seed=11)
    first = tmp_path / "first.xlsx"
    first.write_bytes(export(source))
    target = open_database(tmp_path / "b.db")
    result = import_members(target, first, skip_invalid=True)
    assert result.imported > 250
    ok = {r[0] for r in target.execute("SELECT id_number FROM members")}
    second = export(target)
    rows1 = load_workbook(str(first)).get_sheet_by_index(0).to_python()
    rows2 = load_workbook(io.BytesIO(second)).get_sheet_by_index(0).to_python()
    kept = [r[1:] for r in rows1[1:] if r[4] in ok]  # rows the rules refused are not in the second export
    assert rows2[0] == rows1[0] and [r[1:] for r in rows2[1:]] == kept
    assert len(rows1) - 1 - len(kept) == result.skipped


def test_template_has_the_header_drop_downs_a_hidden_code_sheet_and_instructions() -> None:
    out = io.BytesIO()
    build_template(out)
    wb = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    assert wb.sheetnames == ["党员名册", "代码表", "填表说明"]
    ws = wb["党员名册"]
    assert [c.value for c in ws[1]] == NATIONAL and ws.freeze_panes == "A2"
    assert wb["代码表"].sheet_state == "hidden"
    lists = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists["C2"] == '"男,女"' and lists["H2"] == '"正式党员,预备党员"'
    assert lists["P2"] == lists["R2"] == lists["V2"] == '"是,否"'
    assert lists["D2"].startswith("代码表!$A$2") and lists["G2"].startswith("代码表!$B$2")
    codes = [c.value for c in wb["代码表"]["A"]]
    assert "汉族" in codes and "基诺族" in codes
    assert ws["E2"].number_format == "@" and ws["M500"].number_format == "@"
    notes = " ".join(str(c.value) for row in wb["填表说明"].iter_rows() for c in row if c.value)
    assert "文本" in notes and "1995-07" in notes


def test_an_empty_template_imports_as_no_rows(town_db: LedgerDB, tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    with open(path, "wb") as fh:
        build_template(fh)
    result = import_members(town_db, path)
    assert (result.imported, result.skipped, result.errors) == (0, 0, [])
    assert result.ignored_sheets == ["代码表", "填表说明"]


def test_problem_list_for_the_village() -> None:
    out = io.BytesIO()
    build_problems_xlsx([ImportProblem("一组", 7, "身份证号", "3.70285E+17", "被 Excel 存成了数字")], out)
    ws = openpyxl.load_workbook(io.BytesIO(out.getvalue())).active
    assert [c.value for c in ws[1]] == ["工作表", "行号", "列", "填写的内容", "问题"]
    assert [c.value for c in ws[2]] == ["一组", 7, "身份证号", "3.70285E+17", "被 Excel 存成了数字"]
