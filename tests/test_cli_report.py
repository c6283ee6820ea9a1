"""`main.py report KIND --out FILE.pdf`: page count on stdout and exit 0; exit 2 with a Chinese message for a
bad kind or scope; nothing written when it fails."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from pypdf import PdfReader

import main
from models import idcard
from models.db import LedgerDB
from tests.conftest import add_member


@pytest.fixture
def ledger(town_db: LedgerDB, db_path: Path) -> Path:
    add_member(town_db, "张伟", grid="第一网格")
    add_member(town_db, "李娜", grid="第二网格", male=False, is_central=True, linked_households=9)
    add_member(town_db, "王强", village="姜家庄村")
    return db_path


def run(ledger: Path, *args: str) -> int:
    return main.main(["--db", str(ledger), "report", *args])


@pytest.mark.parametrize("kind, pages", [("member-form", 3), ("roster", 1), ("central-households", 1),
                                         ("statistics", 1)])
def test_each_kind_writes_a_pdf_and_prints_its_page_count(ledger: Path, tmp_path: Path, kind: str, pages: int,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"{kind}.pdf"
    assert run(ledger, kind, "--out", str(out)) == 0
    assert capsys.readouterr().out.strip() == str(pages)
    assert len(PdfReader(out).pages) == pages


def test_village_and_grid_scope_and_full_ids(ledger: Path, tmp_path: Path, town_db: LedgerDB,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "roster.pdf"
    assert run(ledger, "roster", "--out", str(out), "--village", "院上村", "--grid", "第二网格", "--full-id") == 0
    text = PdfReader(out).pages[0].extract_text()
    number = town_db.execute("SELECT id_number FROM members WHERE name = '李娜'").fetchone()[0]
    assert "李娜" in text and number in text and "张伟" not in text and "范围：院上村第二网格" in text
    assert run(ledger, "roster", "--out", str(out), "--village", "院上村") == 0
    text = PdfReader(out).pages[0].extract_text()
    assert "张伟" in text and "王强" not in text and number not in text


@pytest.mark.parametrize("args, message", [
    (["payroll"], "没有“payroll”这种报表，可选：member-form（党员基本信息采集表）"),
    (["roster", "--village", "院下村"], "找不到名为“院下村”的村（社区）"),
    (["roster", "--grid", "第九网格"], "找不到名为“第九网格”的网格"),
])
def test_bad_kind_or_scope_exits_2_in_chinese_and_writes_nothing(ledger: Path, tmp_path: Path, args: list[str],
                                                                  message: str,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.pdf"
    assert run(ledger, *args, "--out", str(out)) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_unusable_font_exits_1_and_leaves_no_file(ledger: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.pdf"
    assert run(ledger, "roster", "--out", str(out), "--font", str(tmp_path / "none.ttf")) == 1
    assert "字体文件不存在" in capsys.readouterr().err
    assert list(tmp_path.glob("*.pdf")) == []


def test_missing_folder_is_reported(ledger: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(ledger, "roster", "--out", str(tmp_path / "nope" / "x.pdf")) == 1
    assert "不存在" in capsys.readouterr().err




def test_member_form_carries_the_whole_number_and_is_audited(ledger: Path, tmp_path: Path,
                                                             town_db: LedgerDB) -> None:
    """The 采集表 is signed and filed: whole number by default; a database with accounts but no --user gets the
    masked form; every printout with whole numbers is in the audit trail."""
    from models import accounts
    from models.audit import FULL_ID_EXPORT
    number = town_db.execute("SELECT id_number FROM members WHERE name = '张伟'").fetchone()[0]
    out = tmp_path / "form.pdf"
    assert run(ledger, "member-form", "--out", str(out), "--village", "院上村", "--grid", "第一网格") == 0
    assert number in PdfReader(out).pages[0].extract_text()
    assert town_db.execute("SELECT count(*) FROM audit_log WHERE action = ?", [FULL_ID_EXPORT]).fetchone()[0] == 1
    accounts.create_first_admin(town_db, "admin", "admin-pass-1")
    accounts.add_account(town_db, "reader", "查阅", "reader-pass-1")
    out.unlink()
    assert run(ledger, "member-form", "--out", str(out), "--village", "院上村", "--grid", "第一网格") == 1
    assert not out.exists()  # personal data needs a login once accounts exist
    os.environ["GRIDLEDGER_PASSWORD"] = "reader-pass-1"
    try:
        assert main.main(["--db", str(ledger), "--user", "reader", "report", "member-form", "--out", str(out),
                          "--village", "院上村", "--grid", "第一网格"]) == 0
    finally:
        del os.environ["GRIDLEDGER_PASSWORD"]
    text = PdfReader(out).pages[0].extract_text()
    assert number not in text and idcard.mask(number) in text


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_saved_pdf_gets_the_usual_mode_not_the_temporary_files_0600(ledger: Path, tmp_path: Path, umask: int,
                                                                     mode: int) -> None:
    """Colleagues (or the backup job) must be able to read a report the clerk saved, as with any new file."""
    out = tmp_path / "roster.pdf"
    old = os.umask(umask)
    try:
        assert run(ledger, "roster", "--out", str(out)) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == mode


def test_roster_in_stroke_order_from_the_command_line(ledger: Path, town_db: LedgerDB, tmp_path: Path) -> None:
    """--order strokes prints each grid's names by the surname's strokes (王 4 before 李 7), pinyin by default."""
    for name in ("李明", "王芳"):
        add_member(town_db, name, village="姜家庄村")
    out = tmp_path / "roster.pdf"

    def names_in_order(*extra: str) -> list[str]:
        assert run(ledger, "roster", "--out", str(out), "--village", "姜家庄村", *extra) == 0
        text = "".join(page.extract_text() for page in PdfReader(out).pages)
        return sorted(("李明", "王芳", "王强"), key=text.index)

    assert names_in_order() == ["李明", "王芳", "王强"]  # li, wang fang, wang qiang
    assert names_in_order("--order", "strokes") == ["王芳", "王强", "李明"]
    with pytest.raises(SystemExit) as usage:
        run(ledger, "roster", "--out", str(out), "--order", "笔画")
    assert usage.value.code == 2
