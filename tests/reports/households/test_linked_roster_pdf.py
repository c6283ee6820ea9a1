"""The 联系户名册 per grid, read back from the real PDF (and from `report linked-households`): every household
with who links it, the unlinked ones marked, a grid without households said so."""
from __future__ import annotations

import subprocess
from pathlib import Path

from pypdf import PdfReader

import main
from models import households as hh
from models.db import LedgerDB
from models.report_data import resolve_scope
from reports.households import build_linked_households
from tests.conftest import add_member
from tests.reports.conftest import pages_text

SHOTS = Path("/work/shots/households")


def test_linked_roster_per_grid(town_db: LedgerDB, render, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    vid, gid = town_db.execute("SELECT village_id, id FROM grids WHERE name = '第一网格'").fetchone()
    d = hh.designate(town_db, add_member(town_db, "王芳", grid="第一网格"), "2025-01-01")
    linked = hh.save_household(town_db, hh.Household("刘德山", vid, gid, address="东街8号", persons=4,
                                                     phone="13800001111", tags=("低保",), party_household=True))
    hh.link_household(town_db, linked, d, "2025-02-01")
    hh.record_visit(town_db, hh.Visit(linked, "2026-10-03", "办事"))
    hh.save_household(town_db, hh.Household("孙秀英", vid, gid, address="东街9号", tags=("空巢老人",)))
    data = hh.linked_households_data(town_db, resolve_scope(town_db, "院上村"))
    assert [(g.grid, len(g.rows)) for g in data.grids] == [("第一网格", 2), ("第二网格", 0)]
    pdf = render(build_linked_households, data)
    text = "".join(pages_text(pdf)).replace(" ", "").replace("\u3000", "").replace("\n", "")
    assert "联系户名册" in text and "院上村第一网格共2户，其中未联系1户" in text
    assert "1刘德山东街8号413800001111低保是王芳2026-10-03" in text
    assert "2孙秀英东街9号1空巢老人未联系—" in text
    assert "院上村第二网格（本网格暂无登记的户）" in text and "合计：2个网格，2户，其中未联系1户" in text
    out = tmp_path / "linked.pdf"
    assert main.main(["--db", str(town_db.conn.execute("PRAGMA database_list").fetchone()[2]), "report",
                      "linked-households", "--village", "院上村", "--grid", "第一网格", "--out", str(out)]) == 0
    capsys.readouterr()
    grid_text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "刘德山" in grid_text and "第二网格" not in grid_text
    SHOTS.mkdir(parents=True, exist_ok=True)
    (tmp_path / "p.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(tmp_path / "p.pdf"),
                    str(SHOTS / "linked")], check=True)
