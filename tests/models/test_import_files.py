"""Roster files as villages send them, generated here (xlsx, xls, ods, csv in GBK and UTF-8 with BOM), and the
reading side of the import: title rows, synonyms, several sheets, blank and total rows, unreadable files."""
from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
import pytest

from models import idcard
from models.db import LedgerDB
from models.importing import import_members, prepare_import
from models.importing.columns import find_layout, normalize_header
from models.importing.read import ImportFileError

Rows = Sequence[Sequence[object]]


def person(seq: int, birth: str = "1970-05-06", male: bool = True) -> str:
    return idcard.make("370285", dt.date.fromisoformat(birth), seq * 2 + (1 if male else 0))


MESSY_HEADER = ["序号", "姓 名", "性别", "民族", "身份证号码", "文化程度", "党员类别", "入党时间", "转正时间",
                "手机号", "村（社区）", "网格", "中心户", "联系户", "籍贯"]


def messy_rows() -> list[list[object]]:
    """A village's roster: a merged title row, a 填报单位 line, the header, people, a blank row, a total row."""
    return [
        ["院上镇姜家庄村党员花名册"] + [None] * 14,
        ["填报单位：姜家庄村党支部", None, None, None, None, None, None, None, None, "填报日期：2024年3月"],
        MESSY_HEADER,
        [1, "王　芳", "", "汉", person(1, male=False), "大专", "正式", "1995.07", "1996年7月", "138 1234-5678",
         "姜家庄村", "第一网格", "是", 10, "山东莱西"],
        [2, " 李建国 ", "男", "汉族", person(2).lower()[:-1] + person(2)[-1].lower(), "高中", "预备",
         dt.date(2025, 3, 1), "", "0532-88881234", "姜家庄村", "第二网格", "", None, ""],
        [3, "阿依古丽·买买提", "女", "维吾尔族", "３７０２８５" + person(3, male=False)[6:], "本科", "正式党员",
         "19950312", "1996/3/12", "", "姜家庄村", "第一网格", "√", 8, ""],
        [None] * 15,
        ["合计", "3人"] + [None] * 13,
    ]


def write_xlsx(path: Path, sheets: dict[str, Rows]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
        if rows and rows[0] and isinstance(rows[0][0], str) and "花名册" in rows[0][0]:
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[2]))
    wb.save(path)
    return path


def write_xls(path: Path, sheets: dict[str, Rows]) -> Path:
    xlwt = pytest.importorskip("xlwt")
    wb = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for name, rows in sheets.items():
        ws = wb.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, dt.date):
                    ws.write(r, c, value, date_style)
                elif value is not None:
                    ws.write(r, c, value)
    wb.save(str(path))
    return path


def write_csv(path: Path, rows: Rows, encoding: str) -> Path:
    import csv
    import io
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([["" if v is None else str(v) for v in row] for row in rows])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def write_ods(path: Path, sheets: dict[str, Rows]) -> Path:
    """A minimal OpenDocument spreadsheet (what WPS or LibreOffice save), written by hand."""
    def cell(v: object) -> str:
        if v is None:
            return "<table:table-cell/>"
        if isinstance(v, (int, float)):
            return (f'<table:table-cell office:value-type="float" office:value="{v}">'
                    f'<text:p>{v}</text:p></table:table-cell>')
        return f'<table:table-cell office:value-type="string"><text:p>{escape(str(v))}</text:p></table:table-cell>'
    tables = "".join(
        f'<table:table table:name="{escape(name)}">'
        + "".join("<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in rows)
        + "</table:table>" for name, rows in sheets.items())
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content'
               ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
               ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
               ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               f'<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>'
               '</office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest'
                ' xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/"'
                ' manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


def members(db: LedgerDB) -> dict[str, dict[str, object]]:
    rows = db.execute("SELECT m.name, m.id_number, m.gender, m.ethnicity, m.birth_date, m.education, m.category,"
                      " m.join_date, m.full_date, m.phone, v.name AS village, coalesce(g.name, '') AS grid,"
                      " m.is_central, m.linked_households FROM members m JOIN villages v ON v.id = m.village_id"
                      " LEFT JOIN grids g ON g.id = m.grid_id").fetchall()
    keys = ("name", "id_number", "gender", "ethnicity", "birth_date", "education", "category", "join_date",
            "full_date", "phone", "village", "grid", "is_central", "linked_households")
    return {r[0]: dict(zip(keys, r)) for r in rows}


def test_header_names_are_matched_without_spaces_and_with_either_bracket_width() -> None:
    assert normalize_header(" 所在村\n(社区) ") == normalize_header("所在村（社区）")
    layout = find_layout([["标题"], ["序号", "姓  名", "公民身份证号", "入党日期", "村居", "籍贯"]])
    assert layout is not None and layout.header_row == 1
    assert {c.header: c.field for c in layout.columns if c.field != "#ignore"} == {
        "姓  名": "name", "公民身份证号": "id_number", "入党日期": "join_date", "村居": "village", "籍贯": None}
    assert layout.unknown == ["籍贯"]


def test_messy_xlsx_with_title_rows_and_synonyms_is_read_as_stored(town_db: LedgerDB, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "姜家庄村.xlsx", {"花名册": messy_rows()})
    result = import_members(town_db, path)
    assert result.errors == [] and result.imported == 3 and result.skipped == 0
    assert result.ignored_columns == ["籍贯"]
    assert result.created_grids == ["姜家庄村 第一网格", "姜家庄村 第二网格"]
    got = members(town_db)
    assert got["王芳"] == {
        "name": "王芳", "id_number": person(1, male=False), "gender": "女", "ethnicity": "汉族",
        "birth_date": "1970-05-06", "education": "大学专科", "category": "正式党员", "join_date": "1995-07",
        "full_date": "1996-07", "phone": "13812345678", "village": "姜家庄村", "grid": "第一网格", "is_central": 1,
        "linked_households": 10}
    assert got["李建国"]["id_number"] == person(2) and got["李建国"]["join_date"] == "2025-03-01"
    assert got["李建国"]["phone"] == "0532-88881234" and got["李建国"]["education"] == "普通高中"
    assert got["阿依古丽·买买提"]["id_number"] == person(3, male=False)
    assert got["阿依古丽·买买提"]["join_date"] == "1995-03-12" and got["阿依古丽·买买提"]["education"] == "大学本科"


def test_village_comes_from_the_title_when_the_file_has_no_village_column(town_db: LedgerDB, tmp_path: Path) -> None:
    rows = [["院上镇姜家庄村党员花名册"], ["姓名", "公民身份号码", "人员类别", "入党日期"],
            ["赵一", person(4), "正式党员", "1990-01-01"]]
    result = import_members(town_db, write_xlsx(tmp_path / "a.xlsx", {"Sheet1": rows}))
    assert result.errors == [] and members(town_db)["赵一"]["village"] == "姜家庄村"


def test_every_sheet_with_a_roster_header_is_read_and_the_others_are_named(town_db: LedgerDB, tmp_path: Path) -> None:
    header = ["姓名", "身份证号", "人员类别", "入党日期", "所在网格"]
    path = write_xlsx(tmp_path / "multi.xlsx", {
        "填表说明": [["1. 身份证号请设为文本格式"], ["2. 日期写成 1995-07-01"]],
        "院上村": [header, ["甲", person(5), "正式党员", "1990-01-01", "第一网格"]],
        "东庄村": [["东庄村党员名单"], header, ["乙", person(6), "预备党员", "2025-06-01", "第三网格"]],
    })
    result = import_members(town_db, path)
    assert result.errors == [] and result.imported == 2
    assert result.ignored_sheets == ["填表说明"]
    assert result.created_villages == ["东庄村"] and result.created_grids == ["东庄村 第三网格"]
    got = members(town_db)
    assert (got["甲"]["village"], got["甲"]["grid"]) == ("院上村", "第一网格")
    assert (got["乙"]["village"], got["乙"]["grid"]) == ("东庄村", "第三网格")


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-8"])
def test_csv_in_the_encodings_excel_saves(town_db: LedgerDB, tmp_path: Path, encoding: str) -> None:
    rows = [["姓名", "公民身份号码", "人员类别", "加入党组织日期", "所在村（社区）", "家庭住址"],
            ["钱　多", person(7), "正式党员", "1990-01-01", "院上村", "院上村　12 号"]]
    path = write_csv(tmp_path / "roster.csv", rows, encoding)
    result = import_members(town_db, path)
    assert result.errors == [] and result.imported == 1
    assert members(town_db)["钱多"]["village"] == "院上村"


def test_xls_with_real_dates_and_numeric_identity_number(town_db: LedgerDB, tmp_path: Path) -> None:
    rows = [["姓名", "公民身份号码", "人员类别", "入党日期", "所在村"],
            ["孙文", person(8), "正式党员", dt.date(1991, 7, 1), "院上村"],
            ["周武", float(person(9)[:17] + "0"), "正式党员", dt.date(1992, 7, 1), "院上村"]]
    path = write_xls(tmp_path / "old.xls", {"Sheet1": rows})
    plan = prepare_import(town_db, path)
    assert [r.values["join_date"] for r in plan.rows] == ["1991-07-01"]
    assert len(plan.errors) == 1 and plan.errors[0].row == 3 and plan.errors[0].value == "3.70285E+17"
    assert "Excel" in plan.errors[0].message and "文本" in plan.errors[0].message


def test_ods_is_read(town_db: LedgerDB, tmp_path: Path) -> None:
    rows = [["姓名", "身份证号", "人员类别", "入党日期", "村"], ["吴双", person(10), "正式", "1999-09-09", "院上村"]]
    result = import_members(town_db, write_ods(tmp_path / "wps.ods", {"名册": rows}))
    assert result.errors == [] and members(town_db)["吴双"]["category"] == "正式党员"


@pytest.mark.parametrize("name, content, reason", [
    ("roster.txt", b"x", "不支持的文件类型"),
    ("broken.xlsx", b"not a zip file", "无法读取文件"),
    ("empty.xlsx", None, "找不到党员名册的表头"),
])
def test_unreadable_files_say_why(town_db: LedgerDB, tmp_path: Path, name: str, content: bytes | None,
                                  reason: str) -> None:
    path = tmp_path / name
    if content is None:
        write_xlsx(path, {"Sheet1": [["随便写的", "表格"]]})
    else:
        path.write_bytes(content)
    with pytest.raises(ImportFileError, match=reason):
        prepare_import(town_db, path)


def test_missing_file(town_db: LedgerDB, tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="找不到文件"):
        prepare_import(town_db, tmp_path / "none.xlsx")
