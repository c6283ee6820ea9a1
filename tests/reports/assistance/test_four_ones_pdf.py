"""The “四个一”帮扶责任表 read back with pypdf: a landscape summary of the 强基 villages, then one portrait page
per village with its four names, posts and phones, its log summary and the 镇党委（盖章） line; `report four-ones
--year --village` on the command line."""
from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

import main
from models import assistance as aid
from models.db import LedgerDB
from models.report_data import Scope
from reports import fetch, render
from tests.models.assistance.helpers import weak_town
from tests.reports.conftest import options, pages_text

SHOTS = Path("/work/shots/assistance")


@pytest.fixture
def ledger(db: LedgerDB) -> LedgerDB:
    ids = weak_town(db)
    slot = aid.holder(db, ids["院上村"], 2026, "first_secretary")
    assert slot is not None
    aid.add_log(db, slot.id, "2026-11-10", "现场办公", done="修缮村路灯", funds="路灯项目", amount="3.5",
                needs_town=True)
    aid.set_class(db, ids["院上村"], 2026, "强基", 2, note="村集体收入突破 10 万元")
    return db


def pdf_of(db: LedgerDB, **extra: object) -> bytes:
    out = io.BytesIO()
    render("four-ones", fetch(db, "four-ones", Scope(), **extra), out, options())
    return out.getvalue()


def test_summary_then_one_page_per_weak_village_with_its_four_names(ledger: LedgerDB, tmp_path: Path) -> None:
    pdf = pdf_of(ledger, year="2026")
    reader = PdfReader(io.BytesIO(pdf))
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
    assert len(sizes) == 3 and sizes[0][0] > sizes[0][1] and all(w < h for w, h in sizes[1:])
    pages = pages_text(pdf)
    assert "“四个一”帮扶责任汇总表" in pages[0] and "强基村 2 个，四项齐全 1 个" in pages[0]
    assert "后庄村" not in "".join(pages), "a 示范 village has no sheet"
    yuan = next(p for p in pages[1:] if "院上村" in p)
    for name in ("王建国", "副区长", "13800000001", "李明", "区农业农村局", "赵强", "孙丽", "区财政局",
                 "2027-02-28", "村集体收入突破 10 万元", "帮扶记录 1 条，资金 3.5，需镇街协调 1 条",
                 "修缮村路灯", "镇党委（盖章）", "帮扶责任人（签字）"):
        assert name in yuan, name
    jiang = next(p for p in pages[1:] if "姜家庄村" in p)
    assert "区市领导联系、镇街领导帮包、区市部门结对、第一书记驻点" in jiang.replace("\n", "") and "王建国" not in jiang
    path = tmp_path / "四个一.pdf"
    path.write_bytes(pdf)
    SHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(SHOTS / "four_ones_pdf")], check=True)


def test_a_replaced_holder_is_not_printed_on_the_day_after(ledger: LedgerDB) -> None:
    v = int(ledger.execute("SELECT id FROM villages WHERE name = '院上村'").fetchone()[0])
    aid.assign(ledger, v, 2026, "leader", aid.Person("周涛", "副区长", "13800000009"), since="2026-10-01")
    text = "".join(pages_text(pdf_of(ledger, year=2026)))
    assert "周涛" in text and "王建国" not in text


def test_report_verb_takes_year_and_village(ledger: LedgerDB, db_path: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "院上村.pdf"
    code = main.main(["--db", str(db_path), "report", "four-ones", "--year", "2026", "--village", "院上村",
                      "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    pages = pages_text(out.read_bytes())
    assert len(pages) == 1 and "院上村" in pages[0] and "汇总表" not in pages[0]
    code = main.main(["--db", str(db_path), "report", "four-ones", "--year", "1800", "--out", str(out)])
    assert code == 1 and "年度 1800 不在" in capsys.readouterr().err
    code = main.main(["--db", str(db_path), "report", "four-ones", "--year", "2025", "--out", str(out)])
    assert code == 0 and "2025 年没有强基村" in "".join(pages_text(out.read_bytes()))
