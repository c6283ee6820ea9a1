"""The command line once a database has accounts: --user and the password for commands that change data,
Chinese refusals with exit status 1, and the `user` command."""
from __future__ import annotations

import argparse
from pathlib import Path

import pytest

import main
from models import accounts
from models.db import open_database
from ui import cli

ROOT = Path(__file__).resolve().parent.parent

PW = "mima-1234"




def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def staffed_path(db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    monkeypatch.delenv("GRIDLEDGER_PASSWORD", raising=False)
    monkeypatch.setenv("GRIDLEDGER_NEW_PASSWORD", PW)
    assert run(capsys, "--db", str(db_path), "user", "add", "admin", "--role", "管理员")[0] == 0
    monkeypatch.setenv("GRIDLEDGER_PASSWORD", PW)
    for name, role in (("clerk", "录入员"), ("reader", "查阅")):
        assert run(capsys, "--db", str(db_path), "--user", "admin", "user", "add", name, "--role", role)[0] == 0
    monkeypatch.delenv("GRIDLEDGER_PASSWORD")
    return db_path


def test_database_without_accounts_needs_no_login(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(db_path), "demo", "--members", "20")
    assert code == 0 and "20 名党员" in out


def test_first_user_must_be_admin(db_path: Path, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRIDLEDGER_NEW_PASSWORD", PW)
    code, _, err = run(capsys, "--db", str(db_path), "user", "add", "clerk", "--role", "录入员")
    assert code == 1 and "第一个用户必须是管理员" in err
    monkeypatch.setenv("GRIDLEDGER_NEW_PASSWORD", "short")
    code, _, err = run(capsys, "--db", str(db_path), "user", "add", "admin", "--role", "管理员")
    assert code == 1 and "密码至少 8 位" in err


def test_data_commands_need_user_once_accounts_exist(staffed_path: Path, capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run(capsys, "--db", str(staffed_path), "demo", "--members", "20")
    assert code == 1 and "执行“demo”需要 --user 用户名 和密码" in err
    monkeypatch.setenv("GRIDLEDGER_PASSWORD", PW)
    code, out, _ = run(capsys, "--db", str(staffed_path), "--user", "clerk", "demo", "--members", "20")
    assert code == 0 and "20 名党员" in out
    db = open_database(staffed_path)
    assert db.execute("SELECT user FROM audit_log WHERE action = '载入示例数据'").fetchone()[0] == "clerk"


def test_wrong_password_and_lock_exit_1(staffed_path: Path, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRIDLEDGER_PASSWORD", "wrong-password")
    code, _, err = run(capsys, "--db", str(staffed_path), "--user", "clerk", "demo")
    assert code == 1 and "错误：密码错误，还可以再试 4 次" in err
    for _ in range(4):
        run(capsys, "--db", str(staffed_path), "--user", "clerk", "demo")
    monkeypatch.setenv("GRIDLEDGER_PASSWORD", PW)
    code, _, err = run(capsys, "--db", str(staffed_path), "--user", "clerk", "demo")
    assert code == 1 and "已锁定" in err and "秒后再试" in err


def test_password_prompted_when_not_in_environment(staffed_path: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    prompts: list[str] = []
    monkeypatch.setattr("getpass.getpass", lambda prompt="": prompts.append(prompt) or PW)
    code, out, _ = run(capsys, "--db", str(staffed_path), "--user", "admin", "user", "list")
    assert code == 0 and prompts == ["用户 admin 的密码："]
    assert [line.split("\t")[:3] for line in out.splitlines()] == [
        ["admin", "-", "管理员"], ["clerk", "-", "录入员"], ["reader", "-", "查阅"]]


def test_reader_may_not_change_data_or_manage_users(staffed_path: Path, capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRIDLEDGER_PASSWORD", PW)
    code, _, err = run(capsys, "--db", str(staffed_path), "--user", "reader", "demo", "--members", "20")
    assert code == 1 and "reader（查阅）只能查阅" in err
    code, _, err = run(capsys, "--db", str(staffed_path), "--user", "clerk", "user", "disable", "admin")
    assert code == 1 and "没有管理用户的权限" in err
    assert open_database(staffed_path).execute("SELECT count(*) FROM members").fetchone()[0] == 0


def test_admin_disables_and_resets(staffed_path: Path, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRIDLEDGER_PASSWORD", PW)
    base = ("--db", str(staffed_path), "--user", "admin", "user")
    assert run(capsys, *base, "disable", "reader")[0] == 0
    code, _, err = run(capsys, *base, "disable", "admin")
    assert code == 1 and "不能停用当前登录的用户" in err
    monkeypatch.setenv("GRIDLEDGER_NEW_PASSWORD", "fresh-pass-1")
    assert run(capsys, *base, "reset-password", "clerk")[0] == 0
    db = open_database(staffed_path)
    assert accounts.login(db, "clerk", "fresh-pass-1").role == "录入员"
    assert accounts.get_account(db, "reader").active is False  # type: ignore[union-attr]


@pytest.mark.parametrize("argv, expected", [
    (["demo"], ("edit", True)),
    (["report", "roster", "--out", "x.pdf", "--full-id"], ("full_ids", True)),
    (["report", "roster", "--out", "x.pdf"], ("print", True)),
    (["export", "members", "x.xlsx"], ("full_ids", True)),
    (["export", "template", "x.xlsx"], (None, False)),
    (["search", "张"], ("print", True)),
    (["reminders"], ("print", True)),
    (["screenshot", "--page", "members", "--out", "x.png"], ("print", True)),
    (["restore", "x.db"], ("restore", True)),
    (["check"], ("print", True)),
    (["town", "set", "--name", "新镇"], ("print", True)),
])
def test_each_verb_declares_its_access(argv: list[str], expected: tuple[str | None, bool]) -> None:
    """Every verb that shows personal data needs a login once accounts exist; only the blank template not."""
    args = cli.build_parser().parse_args(argv)
    assert cli.access_of(args) == expected


def _args(*argv: str, user: str = "") -> argparse.Namespace:
    args = cli.build_parser().parse_args(["report", "roster", "--out", "x.pdf", *argv])
    args.user = user
    return args


def test_reports_need_a_login_once_accounts_exist(staffed_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """A report shows names, phones and addresses: no --user, no report (and the refusal is audited)."""
    from models.audit import can_see_full_ids
    db = open_database(staffed_path)
    assert cli.authenticate(db, _args()) == 1
    assert "需要 --user" in capsys.readouterr().err
    assert db.execute("SELECT count(*) FROM audit_log WHERE action = '拒绝执行'").fetchone()[0] == 1
    monkeypatch.setenv("GRIDLEDGER_PASSWORD", PW)
    assert cli.authenticate(db, _args(user="reader")) is None
    assert db.user == "reader" and can_see_full_ids(db) is False
    assert cli.authenticate(db, _args("--full-id", user="reader")) == 1
    assert "没有查看完整身份证号的权限" in capsys.readouterr().err
    assert cli.authenticate(db, _args("--full-id", user="clerk")) is None
    assert can_see_full_ids(db) is True


def test_no_password_source_and_no_terminal_is_a_chinese_reason(staffed_path: Path, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    import subprocess
    import sys
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("GRIDLEDGER_PASSWORD")}
    for argv in (["--user", "admin", "user", "add", "new", "--role", "查阅"],
                 ["--user", "admin", "export", "members", str(tmp_path / "x.xlsx")]):
        done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(staffed_path), *argv],
                              stdin=subprocess.DEVNULL, capture_output=True, text=True, env=env, timeout=60)
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert "没有可输入密码的终端" in done.stderr and "GRIDLEDGER_PASSWORD" in done.stderr


def test_authenticate_file_before_opening(staffed_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """restore/backup/check run before the database is opened normally: they sign in through the file."""
    restore = cli.build_parser().parse_args(["--user", "clerk", "restore", "x.db"])
    monkeypatch.setenv("GRIDLEDGER_PASSWORD", PW)
    assert cli.authenticate_file(staffed_path, restore) == 1
    assert "没有恢复数据的权限" in capsys.readouterr().err
    assert cli.authenticate_file(staffed_path, cli.build_parser().parse_args(["--user", "admin", "restore", "x.db"])) is None
    assert cli.authenticate_file(staffed_path, cli.build_parser().parse_args(["restore", "x.db"])) == 1
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"this is not a database" * 100)
    assert cli.authenticate_file(damaged, restore) is None
    assert "无法读取当前数据库中的用户信息" in capsys.readouterr().err
    assert cli.authenticate_file(tmp_path / "missing.db", restore) is None
