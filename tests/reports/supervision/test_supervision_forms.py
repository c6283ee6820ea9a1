"""The 问题整改台账 PDF (landscape, grouped by village, status and days left) and the 监督检查记录表, read back
with pypdf; `report rectification|inspection` on the command line."""
from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

import main
from models import supervision as sv
from models.db import LedgerDB
from reports import render
from tests.reports.conftest import options, pages_text

SHOTS = Path("/work/shots/supervision")


@pytest.fixture
def ledger(town_db: LedgerDB) -> LedgerDB:
    db = town_db
    v1, v2 = (int(db.execute("SELECT id FROM villages WHERE name = ?", [n]).fetchone()[0]) for n in ("院上村", "姜家庄村"))
    iid = sv.save_inspection(db, sv.Inspection(v1, "2026-09-01", "组织监督", "三会一课落实情况", "会议记录不全"))
    sv.save_problem(db, sv.Problem(v1, "三会一课记录不全", "组织监督", "2026-09-01", "2026-11-16", unit="院上村党支部",
                                   person="王书记", measures="补齐记录", inspection_id=iid))
    pid = sv.save_problem(db, sv.Problem(v1, "村务公开栏未更新", "群众监督", "2026-10-01", "2026-12-06"))
    sv.add_progress(db, pid, "2026-11-01", "已更新一半")
    done = sv.save_problem(db, sv.Problem(v2, "工程资料不全", "程序监督", "2026-10-01", "2026-11-20"))
    sv.close_problem(db, done, "2026-11-19", "已补齐")
    return db


def pdf_of(db: LedgerDB, kind: str, **extra: object) -> bytes:
    from models.report_data import Scope
    from reports import fetch
    out = io.BytesIO()
    render(kind, fetch(db, kind, Scope(), **extra), out, options())
    return out.getvalue()


def test_the_ledger_pdf_is_landscape_grouped_by_village_with_days_left(ledger: LedgerDB, tmp_path: Path) -> None:
    pdf = pdf_of(ledger, "rectification")
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert page.mediabox.width > page.mediabox.height
    text = "".join(pages_text(pdf))
    assert "问题整改台账" in text and "院上镇" in text
    assert "姜家庄村\u30001 项（已销号 1）" in text and "院上村\u30002 项（待整改 1，整改中 1，其中逾期 1）" in text
    for expected in ("三会一课记录不全", "逾期 10 天", "剩 10 天", "已销号", "补齐记录", "已更新一半", "2026-11-19"):
        assert expected in text, expected
    assert "合计：2 个村（社区），3 项" in text
    (tmp_path / "t.pdf").write_bytes(pdf)
    SHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(tmp_path / "t.pdf"),
                    str(SHOTS / "rectification")], check=False)


def test_the_ledger_pdf_by_status(ledger: LedgerDB) -> None:
    text = "".join(pages_text(pdf_of(ledger, "rectification", status="逾期")))
    assert "三会一课记录不全" in text and "村务公开栏未更新" not in text and "工程资料不全" not in text
    with pytest.raises(sv.SupervisionError, match="状态“完成”不在可选范围内"):
        pdf_of(ledger, "rectification", status="完成")


def test_the_inspection_form_lists_its_problems(ledger: LedgerDB, tmp_path: Path) -> None:
    iid = sv.list_inspections(ledger)[0].id
    inspection = sv.get_inspection(ledger, iid)
    fixed = sv.save_problem(ledger, sv.Problem(inspection.village_id, "党费台账不清", "组织监督", "2026-09-01",
                                               "2026-10-01", inspection_id=iid))
    sv.close_problem(ledger, fixed, "2026-09-20", "已重新登记")
    pdf = pdf_of(ledger, "inspection", record_id=iid)
    text = "".join(pages_text(pdf))
    assert "待整改，逾期 10 天" in text and "党费台账不清（整改时限 2026-10-01，已销号，完成日期 2026-09-20）" in text
    assert "已销号，已销号" not in text  # the status said once
    for expected in ("监督检查记录表", "三会一课落实情况", "会议记录不全", "组织监督", "三会一课记录不全", "整改时限 2026-11-16",
                     "检查人（签字）"):
        assert expected in text, expected
    (tmp_path / "i.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(tmp_path / "i.pdf"),
                    str(SHOTS / "inspection")], check=False)


def test_report_verbs(ledger: LedgerDB, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "台账.pdf"
    code = main.main(["--db", str(db_path), "report", "rectification", "--out", str(out), "--village", "院上村",
                      "--status", "整改中"])
    assert code == 0, capsys.readouterr().err
    text = "".join(pages_text(out.read_bytes()))
    assert "村务公开栏未更新" in text and "三会一课记录不全" not in text and "工程资料不全" not in text
    iid = sv.list_inspections(ledger)[0].id
    assert main.main(["--db", str(db_path), "report", "inspection", "--id", str(iid), "--out", str(out)]) == 0
    assert "会议记录不全" in "".join(pages_text(out.read_bytes()))
    capsys.readouterr()
    assert main.main(["--db", str(db_path), "report", "inspection", "--id", "999", "--out", str(out)]) == 1
    assert "找不到编号为 999 的监督检查记录" in capsys.readouterr().err
    assert main.main(["--db", str(db_path), "report", "rectification", "--status", "完成", "--out", str(out)]) == 1
