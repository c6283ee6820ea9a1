"""The assistance verbs through main.main: import four-ones (dry run, row errors, all or nothing, round trip
with export four-ones), import assistance-log, and the area's reminders in `reminders --json`."""
from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

import main
from models import assistance as a
from models.db import LedgerDB
from tests.models.assistance.helpers import weak_town
from tests.models.test_import_files import write_xlsx

HEAD = list(a.FOUR_ONES_COLUMNS)
ROW_1 = ["姜家庄村", "强基", 1, "王建国", "副区长", "13800000001", "李明", "党委副书记", "13800000002",
         "区农业农村局", "赵强", "0532-88886666", "郑洁", "区教育局", "第一书记", "13700000001", "2024-12-01",
         "2026-12-20"]
ROW_2 = ["后庄村", "创优", 4] + [""] * 15


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def ledger(db: LedgerDB, db_path: Path) -> Path:
    weak_town(db)
    return db_path


def test_import_four_ones_dry_run_then_real(ledger: Path, db: LedgerDB, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = write_xlsx(tmp_path / "四个一.xlsx", {"Sheet1": [HEAD, ROW_1, ROW_2]})
    code, out, _ = run(capsys, "--db", str(ledger), "import", "four-ones", str(path), "--year", "2026", "--dry-run",
                       "--json")
    assert code == 0 and json.loads(out) == {"rows": 2, "valid": 2, "written": 0, "dry_run": True, "errors": []}
    assert a.holder(db, 2, 2026, "leader") is None
    code, out, _ = run(capsys, "--db", str(ledger), "import", "four-ones", str(path), "--year", "2026")
    assert code == 0 and "已导入“四个一”帮扶表 2 行" in out
    m = a.matrix(db, 2026)
    row = [r for r in m.rows if r.village == "姜家庄村"][0]
    assert {k: c.person.name for k, c in row.cells.items()} == {  # type: ignore[union-attr]
        "leader": "王建国", "town_leader": "李明", "department": "区农业农村局", "first_secretary": "郑洁"}
    assert (m.weak, m.covered) == (2, 2)
    assert a.get_year(db, 3, 2026).klass == "创优"  # type: ignore[union-attr]


def test_a_bad_row_refuses_the_whole_file_naming_row_and_column(ledger: Path, db: LedgerDB, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    bad_phone = ROW_1[:5] + ["12345"] + ROW_1[6:]
    weak_slot = ["后庄村", "示范", 5, "王建国"] + [""] * 14
    path = write_xlsx(tmp_path / "bad.xlsx", {"帮扶": [HEAD, ROW_2, bad_phone, weak_slot, ["无名村", "强基", 6]]})
    code, out, _ = run(capsys, "--db", str(ledger), "import", "four-ones", str(path), "--year", "2026", "--json")
    result = json.loads(out)
    assert code == 1 and result["written"] == 0
    assert [(e["row"], e["column"]) for e in result["errors"]] == [(3, "区市领导电话"), (4, "区市领导"),
                                                                   (5, "村（社区）")]
    assert all(e["sheet"] == "帮扶" and e["reason"] for e in result["errors"])
    assert a.get_year(db, 3, 2026).klass == "示范"  # type: ignore[union-attr]  # nothing written
    code, out, err = run(capsys, "--db", str(ledger), "import", "four-ones", str(path), "--year", "2026",
                         "--skip-invalid")
    assert code == 1 and "已导入“四个一”帮扶表 1 行，跳过有错误的 3 行" in out
    assert "“帮扶”第 3 行“区市领导电话”列（12345）" in err
    assert a.get_year(db, 3, 2026).klass == "创优"  # type: ignore[union-attr]


def test_export_then_import_is_a_round_trip(ledger: Path, db: LedgerDB, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "导出.xlsx"
    code, out, _ = run(capsys, "--db", str(ledger), "export", "four-ones", "--year", "2026", str(out_file))
    assert code == 0 and "3 个村（社区）" in out
    rows = [list(r) for r in openpyxl.load_workbook(out_file).active.iter_rows(values_only=True)]
    assert rows[0] == HEAD
    yuan = [r for r in rows if r[0] == "院上村"][0]
    assert yuan[:4] == ["院上村", "强基", "2", "王建国"] and yuan[-2:] == ["2025-03-01", "2027-02-28"]
    before = db.execute("SELECT count(*) FROM assistance_slots").fetchone()[0]
    audit = db.execute("SELECT max(id) FROM audit_log").fetchone()[0]
    code, out, _ = run(capsys, "--db", str(ledger), "import", "four-ones", str(out_file), "--year", "2026")
    assert code == 0
    assert db.execute("SELECT count(*) FROM assistance_slots").fetchone()[0] == before  # nothing new
    changed = db.execute("SELECT count(*) FROM audit_log WHERE id > ? AND table_name != ''", [audit]).fetchone()[0]
    assert changed == 0
    code, _, err = run(capsys, "--db", str(ledger), "export", "four-ones", "--year", "1800", str(out_file))
    assert code == 2 and "年度 1800" in err


def test_import_assistance_log(ledger: Path, db: LedgerDB, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    head = list(a.LOG_COLUMNS)
    path = write_xlsx(tmp_path / "记录.xlsx", {"Sheet1": [
        head, ["院上村", "王建国", "2026-11-20", "走访", "道路破损", "协调修路", "修路资金 5 万元", "已完工", "是"],
        ["院上村", "孙丽", "2026-11-21", "座谈", "", "", "", "", ""]]})
    code, out, _ = run(capsys, "--db", str(ledger), "import", "assistance-log", str(path), "--json")
    assert code == 0 and json.loads(out)["written"] == 2
    slot = a.holder(db, 1, 2026, "leader")
    logs = a.slot_logs(db, slot.id)  # type: ignore[union-attr]
    assert [(e.day, e.form, e.needs_town) for e in logs] == [("2026-11-20", "走访", True)]
    bad = write_xlsx(tmp_path / "坏.xlsx", {"Sheet1": [head, ["院上村", "张三", "2026-11-20", "走访"]]})
    code, out, _ = run(capsys, "--db", str(ledger), "import", "assistance-log", str(bad), "--json")
    assert code == 1 and json.loads(out)["errors"][0]["column"] == "帮扶人"


def test_reminders_json_has_the_areas_kinds(ledger: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(ledger), "reminders", "--json")
    assert code == 0
    found = json.loads(out)["reminders"]
    missing = [r for r in found if r["kind"] == "four_ones_missing"]
    assert {r["subject"] for r in missing} == {"区市领导联系", "镇街领导帮包", "区市部门结对", "第一书记驻点"}
    assert all(r["village"] == "姜家庄村" for r in missing)
    assert {r["kind"] for r in found} >= {"four_ones_missing", "assistance_no_log"}
