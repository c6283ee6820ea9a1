"""Sheets far larger than a roster (one stray cell far away) are refused before python-calamine reads them:
a Chinese reason naming the sheet, never a process that allocates gigabytes and aborts."""
from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from models.db import LedgerDB
from models.importing import import_members, prepare_import
from models.importing.read import ImportFileError
from tests.models.test_import_files import person, write_ods, write_xls

ROOT = Path(__file__).resolve().parent.parent.parent
HEADER = ["姓名", "身份证号", "人员类别", "入党日期", "所在村"]


def stray_xlsx(path: Path, cell: str, *, sheet: str = "花名册") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(HEADER)
    ws.append(["甲", person(1), "正式党员", "1995-07-01", "院上村"])
    ws[cell] = "x"
    wb.save(path)
    return path


def without_dimension(path: Path) -> Path:
    """The same workbook with the sheet's <dimension> taken out (some writers never store one)."""
    out = path.with_name("nodim-" + path.name)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"<dimension[^>]*/>", b"", data)
                assert b"<dimension" not in data
            dst.writestr(item, data)
    return out


def test_a_stray_cell_at_xfd65536_ends_with_a_chinese_reason_not_an_abort(town_db: LedgerDB, db_path: Path,
                                                                         tmp_path: Path) -> None:
    path = stray_xlsx(tmp_path / "院上村.xlsx", "XFD65536")
    # in its own process: on a build without the check, calamine aborts the process (exit 134)
    run = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(db_path), "import", "members",
                          str(path)], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert run.returncode == 2, run.stderr
    assert "工作表“花名册”" in run.stderr and "A1:XFD65536" in run.stderr and "Ctrl+End" in run.stderr
    assert "Traceback" not in run.stderr
    assert town_db.execute("SELECT count(*) FROM members").fetchone()[0] == 0


@pytest.mark.parametrize(("cell", "used"), [("ALL1048576", "ALL1048576"), ("CV1048576", "CV1048576"),
                                            ("A1048576", "E1048576"), ("XFD1", "XFD2")])
def test_far_stray_cells_are_refused_naming_the_sheet(town_db: LedgerDB, tmp_path: Path, cell: str,
                                                      used: str) -> None:
    path = stray_xlsx(tmp_path / "a.xlsx", cell, sheet="第一网格")
    with pytest.raises(ImportFileError, match=f"工作表“第一网格”使用范围达到 A1:{used}（"):
        prepare_import(town_db, path)


def test_a_sheet_without_a_stored_dimension_is_measured_from_its_cells(town_db: LedgerDB, tmp_path: Path) -> None:
    path = without_dimension(stray_xlsx(tmp_path / "a.xlsx", "ALL1048576"))
    with pytest.raises(ImportFileError, match="A1:ALL1048576"):
        prepare_import(town_db, path)
    fine = without_dimension(stray_xlsx(tmp_path / "b.xlsx", "AB40"))
    assert import_members(town_db, fine).imported == 1


def test_a_stray_cell_nearby_is_still_read(town_db: LedgerDB, tmp_path: Path) -> None:
    result = import_members(town_db, stray_xlsx(tmp_path / "a.xlsx", "Z300"))
    assert (result.imported, result.errors) == (1, [])


def test_ods_with_a_far_cell_is_refused_but_trailing_empty_repeats_are_not(town_db: LedgerDB,
                                                                           tmp_path: Path) -> None:
    rows = [HEADER, ["甲", person(1), "正式党员", "1995-07-01", "院上村"]]
    path = write_ods(tmp_path / "a.ods", {"名册": rows})
    # what LibreOffice writes after the data: a million empty rows of 1,024 empty cells, as two elements
    empty = ('<table:table-row table:number-rows-repeated="1048574"><table:table-cell'
             ' table:number-columns-repeated="1024"/></table:table-row>')
    far = ('<table:table-row table:number-rows-repeated="200000"><table:table-cell/></table:table-row>'
           '<table:table-row><table:table-cell table:number-columns-repeated="90"/>'
           '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>')
    wide = ('<table:table-row><table:table-cell table:number-columns-repeated="20000"/>'
            '<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>'
            '</table:table-row>')
    for name, extra in (("empty.ods", empty), ("far.ods", far), ("wide.ods", wide)):
        with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp_path / name, "w") as dst:
            for item in src.infolist():
                data = src.read(item)
                if item.filename == "content.xml":
                    data = data.replace(b"</table:table>", extra.encode() + b"</table:table>")
                dst.writestr(item, data)
    assert import_members(town_db, tmp_path / "empty.ods").imported == 1
    with pytest.raises(ImportFileError, match=r"工作表“名册”使用范围达到 A1:CM200003（200003 行 × 91 列）"):
        prepare_import(town_db, tmp_path / "far.ods")
    with pytest.raises(ImportFileError, match=r"工作表“名册”使用范围达到 A1:ACOG3（3 行 × 20001 列）"):
        prepare_import(town_db, tmp_path / "wide.ods")


def test_xls_at_its_largest_is_refused_before_its_cells_become_values(town_db: LedgerDB, tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt")
    path = write_xls(tmp_path / "a.xls", {"Sheet1": [HEADER, ["甲", person(1), "正式党员", "1995-07-01", "院上村"]]})
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("名册")
    for c, v in enumerate(HEADER):
        ws.write(0, c, v)
    ws.write(65535, 255, "x")
    wb.save(str(tmp_path / "far.xls"))
    assert import_members(town_db, path).imported == 1
    with pytest.raises(ImportFileError, match="工作表“名册”使用范围达到 A1:IV65536"):
        prepare_import(town_db, tmp_path / "far.xls")
