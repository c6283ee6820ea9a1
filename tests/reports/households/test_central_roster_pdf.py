"""The 党员中心户名册 lists, under each central household, the households it links (from the households area),
read back from the real PDF; the count is the linked households, or the old count before any are entered."""
from __future__ import annotations

import subprocess
from pathlib import Path

from models import households as hh
from models.db import LedgerDB
from models.report_data import central_data, resolve_scope
from reports.central_households import build_central_households
from tests.conftest import add_member
from tests.reports.conftest import pages_text

SHOTS = Path("/work/shots/households")


def test_roster_lists_each_central_households_linked_households(town_db: LedgerDB, render, tmp_path) -> None:  # type: ignore[no-untyped-def]
    vid, gid = town_db.execute("SELECT village_id, id FROM grids WHERE name = '第一网格'").fetchone()
    d = hh.designate(town_db, add_member(town_db, "王芳", grid="第一网格"), "2025-01-01")
    for head, address, tags in (("刘德山", "东街8号", ("低保",)), ("孙秀英", "东街9号", ("空巢老人", "残疾人")),
                                ("赵大", "", ("普通",))):
        hh.link_household(town_db, hh.save_household(town_db, hh.Household(head, vid, gid, address=address,
                                                                             tags=tags)), d, "2025-02-01")
    add_member(town_db, "老李", grid="第二网格", is_central=True, linked_households=8)  # not designated: old count
    data = central_data(town_db, resolve_scope(town_db, "院上村"))
    rows = {r.name: r for g in data.grids for r in g.rows}
    assert rows["王芳"].linked_households == 3
    assert rows["王芳"].households == ("赵大", "刘德山（东街8号，低保）", "孙秀英（东街9号，空巢老人、残疾人）")  # by address
    assert rows["老李"].households == () and rows["老李"].linked_households == 8
    pdf = render(build_central_households, data)
    text = "\n".join(pages_text(pdf)).replace(" ", "")
    assert "联系户：赵大；刘德山（东街8号，低保）；孙秀英（东街9号，空巢老人、残疾人）" in text
    assert "党员中心户1户，联系户3户" in text and "合计：2个网格，党员中心户2户，联系户11户" in text
    SHOTS.mkdir(parents=True, exist_ok=True)
    pdf_path = tmp_path / "central.pdf"
    pdf_path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf_path), str(SHOTS / "roster")],
                   check=True)
