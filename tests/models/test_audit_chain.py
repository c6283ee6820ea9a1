"""The audit log shows tampering (issue 9.4): each row is chained to the one before (SHA-256); `check` reports the
first broken row, missing protection triggers, accounts and roles no audit row explains, and a file emptied of its
accounts, which then needs a login; the chain's head (日志校验码) is printed on every report."""
from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

import main
from models import accounts, audit, audit_chain, members
from models.audit import PermissionDenied, accounts_vanished, can_see_full_ids, chain_head, has_accounts
from models.db import LedgerDB, open_database
from models.health import check_database
from models.migrations import MIGRATIONS
from models.org import add_village, save_town
from tests.conftest import add_member

PW = "mima-1234"
ROOT = Path(__file__).resolve().parents[2]


def as_admin(monkeypatch: pytest.MonkeyPatch, path: Path, *verb: str) -> int:
    """A command-line verb signed in as admin (every read needs a login once the file has accounts)."""
    monkeypatch.setenv("GRIDLEDGER_PASSWORD", PW)
    return main.main(["--db", str(path), "--user", "admin", *verb])


def audit_findings(db: LedgerDB) -> list[str]:
    return [f.text for f in check_database(db) if f.kind == "操作日志"]


@pytest.fixture
def ledger(db_path: Path) -> Path:
    """A town file with accounts and a few audited changes, closed: the tests tamper with it as a file."""
    db = open_database(db_path)
    save_town(db, "院上镇", "370285")
    add_village(db, "院上村")
    accounts.create_first_admin(db, "admin", PW)
    accounts.add_account(db, "reader", "查阅", PW)
    for name in ("张三", "李四", "王五"):
        add_member(db, name)
    accounts.logout(db)
    db.close()
    return db_path


def tamper(path: Path, *sql: str) -> None:
    """What anyone holding the file can do with the sqlite3 shell."""
    conn = sqlite3.connect(path)
    for statement in sql:
        conn.execute(statement)
    conn.commit()
    conn.close()


def test_untouched_log_passes_and_its_head_moves_with_each_row(ledger: Path) -> None:
    db = open_database(ledger)
    assert audit_findings(db) == []
    head = chain_head(db)
    assert re.fullmatch(r"[0-9a-f]{8}", head)
    audit.log_event(db, "测试", "一行")
    assert chain_head(db) != head and audit_chain.find_code(db, head) is not None
    hashes = [r[0] for r in db.execute("SELECT chain_hash FROM audit_log ORDER BY id")]
    assert len(set(hashes)) == len(hashes) and all(len(h) == 64 for h in hashes)


def test_every_audit_row_goes_through_one_function() -> None:
    writers = [p.relative_to(ROOT).as_posix() for p in [*ROOT.glob("models/**/*.py"), *ROOT.glob("ui/**/*.py"),
                                                        *ROOT.glob("reports/**/*.py"), ROOT / "main.py"]
               if re.search(r"INSERT\s+INTO\s+audit_log", p.read_text(encoding="utf-8"), re.I)]
    assert writers == ["models/audit_chain.py"]


TAMPERING: dict[str, tuple[tuple[str, ...], str]] = {
    "row edited": (("DROP TRIGGER audit_log_no_update",
                    "UPDATE audit_log SET user = 'reader' WHERE action = '新增党员' AND summary = '李四'"),
                   r"操作日志第 \d+ 条（ID \d+，.*reader，新增党员）与校验链不符"),
    "row deleted": (("DROP TRIGGER audit_log_no_delete",
                     "DELETE FROM audit_log WHERE action = '新增党员' AND summary = '李四'"),
                    r"之前缺少 ID \d+–\d+ 的记录：有记录被删除"),
    "row forged": (("INSERT INTO audit_log (at, user, action, summary) VALUES"
                    " ('2026-01-01 08:00:00', 'admin', '修改党员', '伪造的记录')",),
                   r"（ID \d+，2026-01-01 08:00:00，admin，修改党员）与校验链不符"),
    "trigger dropped": (("DROP TRIGGER audit_log_no_update",),
                        r"保护触发器 audit_log_no_update 已被删除：操作日志现在可以被修改"),
    "role raised": (("UPDATE accounts SET role = '管理员' WHERE name = 'reader'",),
                    r"用户 reader 的角色是管理员，操作日志记录的是查阅：角色被绕过程序改动"),
    "account slipped in": (("INSERT INTO accounts (name, role, password_hash) VALUES ('mole', '管理员', 'x')",),
                           r"用户 mole（管理员）在操作日志中没有新增记录"),
    "account deleted": (("DELETE FROM accounts WHERE name = 'reader'",),
                        r"用户 reader 的记录已被删除"),
    "account enabled again": (("UPDATE accounts SET active = 0 WHERE name = 'reader'",),
                              r"用户 reader 现为停用，操作日志记录的是启用"),
}


@pytest.mark.parametrize("kind", TAMPERING)
def test_check_reports_tampering(ledger: Path, kind: str, capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    statements, expected = TAMPERING[kind]
    tamper(ledger, *statements)
    db = open_database(ledger)
    texts = audit_findings(db)
    assert any(re.search(expected, t) for t in texts), texts
    db.close()
    assert as_admin(monkeypatch, ledger, "check") != 0
    out = capsys.readouterr().out
    assert "[操作日志]" in out and "检查通过" not in out


def test_chain_reports_only_the_first_broken_row(ledger: Path) -> None:
    tamper(ledger, "DROP TRIGGER audit_log_no_update", "UPDATE audit_log SET summary = 'x' WHERE id IN (3, 5)")
    db = open_database(ledger)
    broken = [t for t in audit_findings(db) if "校验链" in t]
    assert len(broken) == 1 and "第 3 条（ID 3，" in broken[0]


def test_a_file_emptied_of_its_accounts_needs_a_login(ledger: Path) -> None:
    tamper(ledger, "DELETE FROM accounts")
    db = open_database(ledger)
    assert accounts_vanished(db) and has_accounts(db)
    assert not can_see_full_ids(db), "no anonymous full identity numbers"
    with pytest.raises(PermissionDenied, match="请先登录"):
        members.save_member(db, members.get_member(db, 1))
    with pytest.raises(accounts.AccountError, match="用户记录已被删除"):
        accounts.create_first_admin(db, "intruder", PW)
    with pytest.raises(accounts.LoginError):
        accounts.login(db, "admin", PW)
    assert any("用户已全部被删除" in t for t in audit_findings(db))
    db.close()
    tamper(ledger, "DROP TABLE accounts")  # the table itself gone: the same, and no traceback
    db = open_database(ledger)
    assert accounts_vanished(db) and has_accounts(db) and accounts.list_accounts(db) == []
    with pytest.raises(accounts.LoginError):
        accounts.login(db, "admin", PW)


def test_a_file_that_never_had_accounts_still_opens_freely(db: LedgerDB) -> None:
    save_town(db, "院上镇", "370285")
    add_village(db, "院上村")
    add_member(db, "张三")
    assert not accounts_vanished(db) and not has_accounts(db) and can_see_full_ids(db)
    assert audit_findings(db) == []


def test_a_shortened_log_no_longer_holds_the_printed_code(ledger: Path) -> None:
    db = open_database(ledger)
    printed = chain_head(db)  # on the paper
    assert audit_chain.find_code(db, printed) is not None
    accounts.login(db, "admin", PW)
    db.close()
    last = sqlite3.connect(ledger).execute("SELECT max(id) FROM audit_log").fetchone()[0]
    tamper(ledger, "DROP TRIGGER audit_log_no_delete", f"DELETE FROM audit_log WHERE id >= {last - 1}",
           "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
           " BEGIN SELECT RAISE(ABORT, '操作日志不能删除'); END")
    db = open_database(ledger)
    assert audit_findings(db) == [], "a cut tail leaves a sound chain…"
    assert audit_chain.find_code(db, printed) is None, "…but the code on the paper is no longer in it"


def _pre_chain_file(path: Path, extra: Callable[[sqlite3.Connection], None] | None = None) -> None:
    """A file as the previous version left it: migrations up to m004, audit rows without hashes."""
    raw = LedgerDB(path)
    MIGRATIONS.apply(raw, stop_before="m005_audit_chain")
    raw.execute("INSERT INTO town (name) VALUES ('院上镇')")
    for i in range(5):
        raw.execute("INSERT INTO audit_log (at, user, action, summary) VALUES (?, '', '旧记录', ?)",
                    [f"2026-01-0{i + 1} 08:00:00", f"第 {i} 条"])
    raw.conn.commit()
    if extra:
        extra(raw.conn)
        raw.conn.commit()
    raw.close()


def test_m005_chains_the_rows_already_there(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _pre_chain_file(db_path)
    assert main.main(["--db", str(db_path), "check"]) != 0  # check does not upgrade: it says why
    assert "还没有校验链" in capsys.readouterr().out
    db = open_database(db_path)
    assert "m005_audit_chain" in [m.name for m in MIGRATIONS.applied(db)]
    assert db.execute("SELECT count(*) FROM audit_log WHERE length(chain_hash) = 64").fetchone()[0] == 5
    assert audit_findings(db) == []
    with pytest.raises(sqlite3.IntegrityError, match="操作日志不能修改"):
        db.execute("UPDATE audit_log SET summary = 'x' WHERE id = 1")
    audit.log_event(db, "锁定", "新记录")
    assert audit_findings(db) == []


def test_m005_does_not_put_back_a_trigger_removed_before_the_upgrade(db_path: Path) -> None:
    _pre_chain_file(db_path, lambda conn: conn.execute("DROP TRIGGER audit_log_no_update"))
    db = open_database(db_path)
    assert any("audit_log_no_update 已被删除" in t for t in audit_findings(db))


@pytest.mark.parametrize("kind", ["roster", "member-form", "central-households", "statistics"])
def test_every_printed_report_carries_the_log_code(ledger: Path, tmp_path: Path, kind: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from pypdf import PdfReader
    out = tmp_path / f"{kind}.pdf"
    assert as_admin(monkeypatch, ledger, "report", kind, "--out", str(out)) == 0
    pages = [p.extract_text() or "" for p in PdfReader(out).pages]
    codes = {m for text in pages for m in re.findall(r"日志校验码：([0-9a-f]{8})", text)}
    assert len(codes) == 1 and all("日志校验码：" in text for text in pages)
    db = open_database(ledger)
    assert audit_chain.find_code(db, codes.pop()) is not None, "the code names a row of this file's log"


def test_check_names_the_log_code_when_all_is_well(ledger: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    assert as_admin(monkeypatch, ledger, "check") == 0
    db = open_database(ledger)
    assert f"操作日志校验链完整（日志校验码 {chain_head(db)}）" in capsys.readouterr().out


def test_restored_file_keeps_a_sound_chain_with_the_restore_note(ledger: Path, tmp_path: Path) -> None:
    from models.backup import backup_file
    from models.restore import restore_database
    copy = backup_file(ledger, tmp_path / "copy.db")
    db = open_database(ledger)
    accounts.login(db, "admin", PW)
    add_member(db, "赵六")
    db.close()
    restore_database(ledger, copy, backup_folder=tmp_path / "backups", user="admin")
    db = open_database(ledger)
    assert db.execute("SELECT action FROM audit_log ORDER BY id DESC").fetchone()[0] == "从备份恢复"
    assert audit_findings(db) == []


def test_no_anonymous_full_numbers_from_a_file_emptied_of_its_accounts(ledger: Path, tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    tamper(ledger, "DELETE FROM accounts")
    out = tmp_path / "all.xlsx"
    assert main.main(["--db", str(ledger), "export", "members", str(out)]) != 0
    assert main.main(["--db", str(ledger), "report", "roster", "--full-id", "--out", str(tmp_path / "r.pdf")]) != 0
    assert "需要 --user" in capsys.readouterr().err
    assert not out.exists() and not (tmp_path / "r.pdf").exists()


def test_a_file_emptied_of_its_accounts_can_still_be_checked_and_restored(ledger: Path, tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """Nobody can sign in to it: `check` still shows what happened, `restore` is the way back."""
    from models.backup import backup_file
    good = backup_file(ledger, tmp_path / "good.db")
    tamper(ledger, "DELETE FROM accounts")
    assert main.main(["--db", str(ledger), "report", "roster", "--out", str(tmp_path / "r.pdf")]) == 1
    assert main.main(["--db", str(ledger), "check"]) == 1
    out, err = capsys.readouterr()
    assert "用户已全部被删除" in out and "账户已被删除" in err and "Traceback" not in err
    assert main.main(["--db", str(ledger), "restore", str(good)]) == 0
    db = open_database(ledger)
    assert not accounts_vanished(db) and [a.name for a in accounts.list_accounts(db)] == ["admin", "reader"]


def test_the_window_will_not_open_a_file_emptied_of_its_accounts(qtbot, ledger: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.messages import Messages
    from ui.safety.login_dialog import startup_flow
    tamper(ledger, "DELETE FROM accounts")
    db = open_database(ledger)
    Messages.shown, Messages.auto_answer = [], lambda kind, text: True
    try:
        assert startup_flow(db) is False
        assert Messages.shown and "用户账户全部不见了" in Messages.shown[0][1] and "restore" in Messages.shown[0][1]
    finally:
        Messages.auto_answer = None
