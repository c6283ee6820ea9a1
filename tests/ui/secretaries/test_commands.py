"""The secretaries area on the command line: import/export of filings and of the year's evaluation in the
issue's columns (round trip, a second row = a new version, all-or-nothing refusals), the two report kinds and
the area's reminders."""
from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

import main
from models import secretaries as sc
from models import supervision as sv
from models.db import LedgerDB
from tests.conftest import add_member
from tests.models.test_import_files import write_xlsx


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def town(town_db: LedgerDB, db_path: Path) -> dict[str, object]:
    v1 = int(town_db.execute("SELECT id FROM villages WHERE name = '院上村'").fetchone()[0])
    v2 = int(town_db.execute("SELECT id FROM villages WHERE name = '姜家庄村'").fetchone()[0])
    m1, m2 = add_member(town_db, "张三"), add_member(town_db, "李四", village="姜家庄村")
    c1 = sv.save_cadre(town_db, sv.Cadre(v1, "", "书记", "2021-12-20", member_id=m1))
    c2 = sv.save_cadre(town_db, sv.Cadre(v2, "", "书记", "2024-03-01", member_id=m2))
    ids = {r[0]: r[1] for r in town_db.execute("SELECT name, id_number FROM members")}
    return {"db": town_db, "path": str(db_path), "c1": c1, "c2": c2, "ids": ids}


def rows_of(path: Path) -> list[list[object]]:
    return [list(r) for r in openpyxl.load_workbook(path).active.iter_rows(values_only=True)]


def test_filings_import_export_round_trip_and_versions(town: dict[str, object], tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    ids: dict[str, str] = town["ids"]  # type: ignore[assignment]
    sheet = [list(sc.FILING_COLUMNS),
             ["院上村", "张三", ids["张三"], "书记", "2021-12-20", "选举", "是", "", "通过", "2021-12-01",
              "2022-01-10", "院备〔2022〕1号", "同意备案"],
             ["院上村", "张三", ids["张三"], "书记", "2021-12-20", "选举", "是", "", "通过", "2021-12-01",
              "2022-03-01", "院备〔2022〕1号", "同意备案（更正）"]]
    src = write_xlsx(tmp_path / "备案.xlsx", {"Sheet1": sheet})
    code, out, err = run(capsys, "--db", town["path"], "import", "secretary-filings", str(src))
    assert code == 0, err
    assert "新备案 1 份，新版本 1 份" in out
    history = sc.filing_history(town["db"], town["c1"])  # type: ignore[arg-type]
    assert [(f.version, f.status, f.opinion) for f in history] == [(2, "现行", "同意备案（更正）"),
                                                                   (1, "历史", "同意备案")]
    assert history[0].term_end == "2026-12-20"  # blank: appointment + 5 years
    code, out, _ = run(capsys, "--db", town["path"], "export", "secretary-filings", str(tmp_path / "out.xlsx"))
    assert code == 0 and out.strip() == "1"
    back = rows_of(tmp_path / "out.xlsx")
    assert back[0] == list(sc.FILING_COLUMNS)
    assert back[1] == ["院上村", "张三", ids["张三"], "书记", "2021-12-20", "选举", "是", "2026-12-20", "通过",
                       "2021-12-01", "2022-03-01", "院备〔2022〕1号", "同意备案（更正）"]
    code, out, _ = run(capsys, "--db", town["path"], "import", "secretary-filings", str(tmp_path / "out.xlsx"))
    assert code == 0 and "未变 1 份" in out  # the export imports back unchanged
    assert len(sc.filing_history(town["db"], town["c1"])) == 2  # type: ignore[arg-type]


def test_a_bad_row_refuses_the_whole_file(town: dict[str, object], tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    sheet = [list(sc.FILING_COLUMNS),
             ["院上村", "张三", "", "书记", "2021-12-20", "选举", "否", "", "", "", "2022-01-10", "1", ""],
             ["姜家庄村", "王五", "", "书记", "2024-03-01", "选举", "否", "", "", "", "2024-03-05", "2", ""],
             ["姜家庄村", "李四", "", "书记", "2024-03-01", "指派", "否", "", "", "", "2024-03-05", "3", ""]]
    src = write_xlsx(tmp_path / "备案.xlsx", {"备案": sheet})
    code, _, err = run(capsys, "--db", town["path"], "import", "secretary-filings", str(src))
    assert code == 1
    assert "工作表“备案”第 3 行“姓名”列：王五（无身份号码）不是姜家庄村的现任村干部" in err
    assert "工作表“备案”第 4 行" in err and "产生方式“指派”" in err
    assert sc.current_filings(town["db"]) == {}  # type: ignore[arg-type]


def test_evaluation_import_export_with_weighted_totals(town: dict[str, object], tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    names = [n for n, _ in sc.DEFAULT_INDICATORS]
    src = write_xlsx(tmp_path / "评估.xlsx", {"Sheet1": [["村（社区）", "姓名", *names],
                                                        ["院上村", "张三", 90, 80, 70, 60, 100],
                                                        ["姜家庄村", "李四", 80, 80, 80, 80, 80]]})
    code, out, err = run(capsys, "--db", town["path"], "import", "evaluation", str(src), "--year", "2026")
    assert code == 0, err
    code, out, _ = run(capsys, "--db", town["path"], "export", "evaluation", "--year", "2026",
                       str(tmp_path / "e.xlsx"))
    assert code == 0
    back = rows_of(tmp_path / "e.xlsx")
    assert back[0] == ["村（社区）", "姓名", *names, "加权总分"]  # no ranking column unless switched on
    totals = {r[1]: r[-1] for r in back[1:]}
    assert totals == {"张三": round((90 * 20 + 80 * 25 + 70 * 20 + 60 * 20 + 100 * 15) / 100, 2), "李四": 80}
    bad = write_xlsx(tmp_path / "坏.xlsx", {"Sheet1": [["村（社区）", "姓名", *names, "群众满意度"],
                                                      ["院上村", "张三", 1, 1, 1, 1, 1, 1]]})
    code, _, err = run(capsys, "--db", town["path"], "import", "evaluation", str(bad), "--year", "2026")
    assert code == 1 and "2026 年没有这些指标：群众满意度" in err


def test_reports_secretary_filing_and_evaluation(town: dict[str, object], tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    sc.save_filing(town["db"], sc.Filing(town["c1"], "选举", "2021-12-20", "2022-01-10", "院备1",  # type: ignore
                                         resume=[("2015.01-2021.12", "院上村村委委员")]))
    out = tmp_path / "备案.pdf"
    code, stdout, err = run(capsys, "--db", town["path"], "report", "secretary-filing", "--out", str(out))
    assert code == 0, err
    assert stdout.strip() == "2"  # one page per secretary
    text = PdfReader(io.BytesIO(out.read_bytes())).pages[1].extract_text()  # 姜家庄村 first (pinyin)
    assert "村党组织书记备案表" in text and "院上村村委委员" in text
    code, stdout, _ = run(capsys, "--db", town["path"], "report", "secretary-filing", "--out", str(out),
                          "--village", "姜家庄村")
    assert stdout.strip() == "1" and "李四" in PdfReader(out).pages[0].extract_text()
    code, _, err = run(capsys, "--db", town["path"], "report", "evaluation", "--out", str(out))
    assert code == 2 and "--year" in err
    code, stdout, _ = run(capsys, "--db", town["path"], "report", "evaluation", "--year", "2026", "--out", str(out))
    assert code == 0 and "村党组织书记履职评估表" in PdfReader(out).pages[0].extract_text()


def test_reminders_json_has_the_secretary_kinds(town: dict[str, object], capsys: pytest.CaptureFixture[str]) -> None:
    sc.save_filing(town["db"], sc.Filing(town["c1"], "选举", "2021-12-20", "2022-01-10", "院备1"))  # type: ignore
    code, out, _ = run(capsys, "--db", town["path"], "reminders", "--json")
    got = {(r["kind"], r["subject"]) for r in json.loads(out)["reminders"]}
    assert {("term_ending", "张三"), ("secretary_not_filed", "李四")} <= got
    assert ("secretary_not_filed", "张三") not in got
