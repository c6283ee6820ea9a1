"""Odd files never end in a traceback: broken UTF-16, unreadable files, pipes named .csv, file names that look like
options, encodings we do not read (named, not "找不到表头"); --json answers in JSON whatever the exit status."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import main
from models.db import LedgerDB
from models.importing import import_members, prepare_import
from models.importing.read import ImportFileError, decode_csv
from tests.models.test_import_files import person

ROOT = Path(__file__).resolve().parent.parent.parent
CSV = f"姓名,身份证号,人员类别,入党日期,所在村\r\n甲,{person(1)},正式党员,1995-07-01,院上村\r\n"


def test_utf16_with_its_bom_is_read(town_db: LedgerDB, tmp_path: Path) -> None:
    path = tmp_path / "u16.csv"
    path.write_bytes(CSV.encode("utf-16"))
    assert import_members(town_db, path).imported == 1


@pytest.mark.parametrize("data", [
    CSV.encode("utf-16")[:-1],  # odd length: the last character cut in half
    "\ufeff姓名,身份证号\r\n".encode("utf-16-le") + b"\x00\xd8" + ",x\r\n".encode("utf-16-le"),  # lone surrogate
], ids=["odd-length", "lone-surrogate"])
def test_broken_utf16_says_so(town_db: LedgerDB, tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(data)
    with pytest.raises(ImportFileError, match="“bad.csv”是 UTF-16 编码的文件，但内容不完整或已损坏"):
        prepare_import(town_db, path)


@pytest.mark.parametrize(("codec", "label"), [("utf-32", "UTF-32"), ("utf-32-le", "UTF-32"),
                                              ("big5", "Big5"), ("shift_jis", "Shift-JIS")])
def test_encodings_we_do_not_read_are_named(codec: str, label: str) -> None:
    text = "姓名,性別,民族\r\n王偉,男,漢族\r\n" if codec in ("big5", "shift_jis") else CSV
    with pytest.raises(ImportFileError, match=f"是 {label}.*编码的文件，本程序只读取 UTF-8、UTF-16 和 GBK"):
        decode_csv(text.encode(codec), "x.csv")


def test_gbk_and_utf8_are_still_read() -> None:
    assert decode_csv(CSV.encode("gbk")) == CSV
    assert decode_csv(CSV.encode("utf-8-sig")) == CSV


def test_a_pipe_named_csv_is_refused_at_once(town_db: LedgerDB, db_path: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "名册.csv"
    os.mkfifo(fifo)
    run = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(db_path), "import", "members",
                          str(fifo), "--json"], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert run.returncode == 2
    out = json.loads(run.stdout)
    assert out["error"] == "“名册.csv”不是普通文件（可能是管道或设备），请选择一个 Excel 或 CSV 文件"
    assert (out["imported"], out["errors"]) == (0, [])


def test_an_unreadable_file_says_why(town_db: LedgerDB, tmp_path: Path) -> None:
    # as root every file is readable: a file the kernel refuses to read stands in for it
    link = tmp_path / "名册.csv"
    link.symlink_to("/proc/self/mem")
    with pytest.raises(ImportFileError, match="无法读取文件“名册.csv”：磁盘、U 盘或网络盘读取出错"):
        prepare_import(town_db, link)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_a_file_without_read_permission(town_db: LedgerDB, tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    path.write_bytes(b"PK")
    path.chmod(0)
    with pytest.raises(ImportFileError, match="没有读取权限"):
        prepare_import(town_db, path)


def test_a_file_name_starting_with_a_dash_is_a_file(town_db: LedgerDB, db_path: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "-名册.csv").write_bytes(CSV.encode("utf-8"))
    monkeypatch.chdir(tmp_path)
    assert main.main(["--db", str(db_path), "import", "members", "-名册.csv", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["imported"] == 1


def test_json_for_an_unreadable_file_exit_2(town_db: LedgerDB, db_path: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(CSV.encode("utf-32"))
    assert main.main(["--db", str(db_path), "import", "members", str(path), "--json"]) == 2
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert "UTF-32" in out["error"] and out["imported"] == 0
    assert "Traceback" not in captured.err


def test_utf16_without_a_bom_is_read(town_db: LedgerDB, tmp_path: Path) -> None:
    path = tmp_path / "u16le.csv"
    path.write_bytes(CSV.encode("utf-16-le"))
    assert import_members(town_db, path).imported == 1
