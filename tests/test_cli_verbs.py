"""The verbs scripts and the later areas need: `search`, `reminders`, `town show/set`; Chinese --help."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import main
from models import accounts
from models.db import LedgerDB
from tests.conftest import add_member

ROOT = Path(__file__).resolve().parent.parent
PW = "secret-pass-1"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def ledger(town_db: LedgerDB, db_path: Path) -> Path:
    add_member(town_db, "张伟", grid="第一网格", phone="13800000001")
    add_member(town_db, "张卫东", grid="第一网格")
    add_member(town_db, "曾强", village="姜家庄村")
    # 预备党员 joined 2025-12-10: probation ends 2026-12-10, 14 days after the test clock's 2026-11-26
    add_member(town_db, "李娜", male=False, category="预备党员", join_date="2025-12-10", full_date="")
    # ended 2026-10-01 and still 预备党员
    add_member(town_db, "王强", category="预备党员", join_date="2025-10-01", full_date="")
    add_member(town_db, "赵六", lost_contact=True, lost_date="2026-03")
    add_member(town_db, "钱七", lost_contact=True, lost_date="2026-09")
    return db_path


def test_search_matches_like_the_search_box(ledger: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(ledger), "search", "zw", "--json")
    assert code == 0
    assert {m["name"] for m in json.loads(out)} == {"张伟", "张卫东"}
    code, out, _ = run(capsys, "--db", str(ledger), "search", "13800000001")
    assert code == 0 and out.splitlines()[0].startswith("张伟\t")
    code, out, _ = run(capsys, "--db", str(ledger), "search", "张", "--village", "姜家庄村", "--json")
    assert code == 0 and json.loads(out) == []
    code, _, err = run(capsys, "--db", str(ledger), "search", "张", "--village", "没有这个村")
    assert code == 2 and "找不到村（社区）“没有这个村”" in err


def test_search_masks_numbers_for_readers(ledger: Path, town_db: LedgerDB, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    number = town_db.execute("SELECT id_number FROM members WHERE name = '张伟'").fetchone()[0]
    accounts.create_first_admin(town_db, "admin", PW)
    accounts.add_account(town_db, "reader", "查阅", PW)
    code, _, err = run(capsys, "--db", str(ledger), "search", "张伟")
    assert code == 1 and "需要 --user" in err
    monkeypatch.setenv("GRIDLEDGER_PASSWORD", PW)
    code, out, _ = run(capsys, "--db", str(ledger), "--user", "reader", "search", "张伟", "--json")
    found = json.loads(out)
    assert code == 0 and found[0]["name"] == "张伟" and found[0]["id_number"] != number
    assert number not in out


def test_reminders_json_sorted_by_date_with_each_kind(ledger: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(ledger), "reminders", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["as_of"] == "2026-11-26"
    got = [(r["kind"], r["subject"], r["date"]) for r in data["reminders"]]
    assert got == [("lost_contact", "赵六", "2026-09-01"), ("probation_overdue", "王强", "2026-10-01"),
                   ("probation_due", "李娜", "2026-12-10")]
    assert all(set(r) == {"kind", "date", "village", "subject", "reason"} for r in data["reminders"])
    assert data["reminders"][2]["village"] == "院上村" and "14 天" in data["reminders"][2]["reason"]


def test_reminders_as_of_another_day_changes_nothing(ledger: Path, town_db: LedgerDB,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    before = town_db.execute("SELECT count(*), max(id) FROM audit_log").fetchone()
    code, out, _ = run(capsys, "--db", str(ledger), "reminders", "--as-of", "2026-03-01", "--json")
    assert code == 0 and json.loads(out) == {"as_of": "2026-03-01", "reminders": []}
    code, out, _ = run(capsys, "--db", str(ledger), "reminders", "--as-of", "2027-04-01", "--json")
    kinds = sorted(r["kind"] for r in json.loads(out)["reminders"])
    assert kinds == ["lost_contact", "lost_contact", "probation_overdue", "probation_overdue"]
    assert town_db.execute("SELECT count(*), max(id) FROM audit_log").fetchone() == before
    code, _, err = run(capsys, "--db", str(ledger), "reminders", "--as-of", "明天")
    assert code == 2 and "YYYY-MM-DD" in err


def test_town_show_and_set_by_an_administrator(ledger: Path, town_db: LedgerDB,
                                               capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(capsys, "--db", str(ledger), "town", "show", "--json")
    assert code == 0 and json.loads(out) == {"name": "院上镇", "county_code": "370285", "town_code": ""}
    accounts.create_first_admin(town_db, "admin", PW)
    accounts.add_account(town_db, "clerk", "录入员", PW)
    monkeypatch.setenv("GRIDLEDGER_PASSWORD", PW)
    code, _, err = run(capsys, "--db", str(ledger), "--user", "clerk", "town", "set", "--name", "院上街道")
    assert code == 1 and "修改设置" in err
    code, _, err = run(capsys, "--db", str(ledger), "--user", "admin", "town", "set", "--county-code", "37028")
    assert code == 1 and "6 位数字" in err
    code, out, _ = run(capsys, "--db", str(ledger), "--user", "admin", "town", "set", "--name", "院上街道",
                       "--town-code", "370285100")
    assert code == 0 and "院上街道" in out
    code, out, _ = run(capsys, "--db", str(ledger), "--user", "admin", "town", "show")
    assert "院上街道" in out and "370285100" in out
    row = town_db.execute("SELECT user, before, after FROM audit_log WHERE action = '设置镇信息'"
                          " ORDER BY id DESC LIMIT 1").fetchone()
    assert row[0] == "admin" and "院上镇" in row[1] and "院上街道" in row[2]


def test_help_and_usage_errors_are_chinese(tmp_path: Path) -> None:
    def call(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(tmp_path / "x.db"), *argv],
                              capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    top = call("--help")
    assert top.returncode == 0 and "用法：" in top.stdout and "显示本帮助并退出" in top.stdout
    assert "usage:" not in top.stdout and "show this help" not in top.stdout and "reminders" in top.stdout
    sub = call("report", "--help")
    assert "用法：" in sub.stdout and "选项：" in sub.stdout and "options:" not in sub.stdout
    bad = call("search", "--json")
    assert bad.returncode == 2 and json.loads(bad.stdout)["exit"] == 2 and "缺少参数" in bad.stderr


def test_a_writing_verb_waits_for_no_window_it_refuses_naming_who(ledger: Path, town_db: LedgerDB,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """The command line never writes behind an open window's back: the window's lock names who holds it."""
    from models.lock import acquire
    window = acquire(ledger, user="李文书")
    try:
        code, _, err = run(capsys, "--db", str(ledger), "town", "set", "--name", "院上街道")
        assert code == 1 and "李文书" in err and "关闭窗口" in err
        code, _, err = run(capsys, "--db", str(ledger), "demo", "--members", "5")
        assert code == 1 and "李文书" in err
        code, out, _ = run(capsys, "--db", str(ledger), "town", "show")  # reading is fine
        assert code == 0 and "院上镇" in out
    finally:
        window.release()
    assert town_db.execute("SELECT name FROM town").fetchone()[0] == "院上镇"
    assert run(capsys, "--db", str(ledger), "town", "set", "--name", "院上街道")[0] == 0


def test_sample_data_never_go_into_a_town_with_records(town_db: LedgerDB, db_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """town_db has villages but no members yet: sample villages and members would mix with the real ones."""
    code, _, err = run(capsys, "--db", str(db_path), "demo", "--members", "20")
    assert code == 1 and "只能载入空数据库" in err and "--db" in err
    assert town_db.execute("SELECT count(*) FROM members").fetchone()[0] == 0
    assert [r[0] for r in town_db.execute("SELECT name FROM villages ORDER BY id")] == ["院上村", "姜家庄村"]
