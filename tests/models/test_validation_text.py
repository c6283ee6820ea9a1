"""Text no clerk means is refused with the field named, in the one member rule set (form, import, command line):
controls, direction overrides, invisible characters, over-long values; 失去联系日期 is checked like other dates;
an export never writes a cell Excel cannot open."""
from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import openpyxl
import pytest

import main
from models import idcard
from models.db import LedgerDB
from models.entities import Member
from models.importing import import_members
from models.members import MemberError, save_member
from models.org import find_village
from models.validation import TEXT_LIMITS, check_member
from reports.xlsx import build_members_xlsx, build_problems_xlsx

TODAY = dt.date(2026, 11, 26)
ID = idcard.make("370285", dt.date(1970, 5, 6), 11)
BASE = {"name": "张三", "id_number": ID, "category": "正式党员", "join_date": "1995-07-01"}


def errors(**changes: object) -> list[str]:
    return [str(e) for e in check_member({**BASE, **changes}, today=TODAY).errors]


@pytest.mark.parametrize("changes, expected", [
    ({"name": "王\u202e伟gnp.exe"}, "姓名：含有改变文字方向的控制字符（U+202E）"),
    ({"address": "院上村\u206612号"}, "家庭住址：含有改变文字方向的控制字符（U+2066）"),
    ({"name": "王\x00伟"}, "姓名：含有控制字符（U+0000）"),
    ({"remarks": "备\x07注"}, "备注：含有控制字符（U+0007）"),
    ({"phone": "1381234\x1b5678"}, "联系电话：含有控制字符（U+001B）"),
    ({"name": "\u200b\u200b"}, "姓名：含有看不见的字符（U+200B）"),
    ({"name": "\u3164\u3164"}, "姓名：含有看不见的字符（U+3164）"),
    ({"name": "张\u200d三"}, "姓名：含有看不见的字符（U+200D）"),
    ({"remarks": "x" * 100_000}, "备注：内容过长（100000 个字，最多 1000 个字）"),
    ({"address": "院" * 201}, "家庭住址：内容过长（201 个字，最多 200 个字）"),
    ({"name": "张" * 41}, "姓名：内容过长（41 个字，最多 40 个字）"),
    ({"lost_contact": "是", "lost_date": "2099-05"}, "失去联系日期：日期 2099-05 在今天之后"),
    ({"lost_contact": "是", "lost_date": "1000-01"}, "失去联系日期：日期“1000-01”不存在"),
    ({"lost_contact": "是", "lost_date": "1000-01-01"}, "失去联系日期：早于加入党组织日期 1995-07-01"),
])
def test_refused_with_the_field_named_and_only_once(changes: dict[str, object], expected: str) -> None:
    found = errors(**changes)
    assert found == [expected] or (len(found) == 1 and found[0].startswith(expected)), found


@pytest.mark.parametrize("changes", [
    {"address": "院上村\n12号"}, {"remarks": "第一行\r\n第二行\t备注"}, {"name": "阿依古丽·买买提"},
    {"remarks": "备" * TEXT_LIMITS["remarks"]}, {"lost_contact": "是", "lost_date": "2020-05-03"},
])
def test_what_clerks_do_type_is_kept(changes: dict[str, object]) -> None:
    assert errors(**changes) == []


def test_the_form_path_refuses_the_same(town_db: LedgerDB) -> None:
    village = find_village(town_db, "院上村")
    assert village is not None
    member = Member(name="王\u202e伟gnp.exe", id_number=ID, village_id=village.id, category="正式党员",
                    join_date="1995-07-01", ethnicity="汉族")
    with pytest.raises(MemberError, match="姓名：含有改变文字方向的控制字符"):
        save_member(town_db, member)


def test_an_import_refuses_a_huge_remark_and_the_roster_still_prints(town_db: LedgerDB, db_path: Path,
                                                                     tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    other = idcard.make("370285", dt.date(1971, 5, 6), 13)
    path = tmp_path / "a.csv"  # (openpyxl cannot even write a control character into an .xlsx)
    path.write_text(f"姓名,身份证号,人员类别,入党日期,所在村,备注\n张三,{ID},正式党员,1995-07-01,院上村,"
                    f"{'长' * 100_000}\n李四\x01,{other},正式党员,1995-07-01,院上村,\n", encoding="utf-8")
    assert main.main(["--db", str(db_path), "import", "members", str(path), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert [(e["row"], e["column"]) for e in out["errors"]] == [(2, "备注"), (3, "姓名")]
    assert out["errors"][0]["value"].endswith("…（共 100000 个字）") and len(out["errors"][0]["value"]) < 200
    assert out["errors"][1]["value"] == "李四⟨U+0001⟩"
    result = import_members(town_db, path)
    buf = io.BytesIO()  # the problem list for the village opens in Excel (openpyxl refuses control characters)
    build_problems_xlsx(result.errors, buf)
    assert openpyxl.load_workbook(buf).active.cell(row=3, column=4).value == "李四⟨U+0001⟩"
    assert town_db.execute("SELECT count(*) FROM members").fetchone()[0] == 0
    assert main.main(["--db", str(db_path), "report", "roster", "--out", str(tmp_path / "r.pdf")]) == 0


def test_export_never_writes_a_cell_over_excels_limit() -> None:
    member = Member(name="张三", id_number=ID, village_id=1, category="正式党员", join_date="1995-07-01",
                    remarks="长" * 40_000, village_name="院上村")  # stored before the limits existed
    buf = io.BytesIO()
    build_members_xlsx([member], buf)
    ws = openpyxl.load_workbook(buf).active
    longest = max(len(str(c.value or "")) for row in ws.iter_rows() for c in row)
    assert longest == 32767
