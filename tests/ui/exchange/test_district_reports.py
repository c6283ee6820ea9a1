"""A district's printed forms, one town at a time: `report --town` and the 报表 page's 乡镇 choice print that town's
members only, under its name; an unknown town is refused with the towns there are."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from models import report_data
from reports import fetch
from tests.models.exchange.scenario import Scenario, build, merged

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("district")
    scenario: Scenario = build(folder, members=40)
    merged(folder, scenario, "ABC").close()
    return folder / "district.db"


def test_one_towns_roster_and_statistics(district: Path) -> None:
    from models.db import open_database
    db = open_database(district)
    scope = report_data.resolve_scope(db, town="河头店镇")
    assert (scope.kind, scope.town_key, scope.town_name) == ("town", "370285105", "河头店镇")
    assert report_data.resolve_scope(db, town="370285105") == scope
    listed = [r[0] for r in db.execute("SELECT name FROM members WHERE town_key = '370285105' AND status = '在册'")]
    roster = fetch(db, "roster", scope)
    names = [row.name for grid in roster.grids for row in grid.rows]
    forms = fetch(db, "member-form", scope)
    assert sorted(m.name for m in forms.members) == sorted(listed) and forms.scope == "河头店镇"
    assert sorted(names) == sorted(listed) and roster.scope == "河头店镇"
    stats = fetch(db, "statistics", scope)
    mine = {r[0] for r in db.execute("SELECT name FROM villages WHERE town_key = '370285105' AND status = '在用'")}
    assert {r.village for r in stats.rows if r.village} <= mine and sum(r.members for r in stats.rows
                                                                         if r.village) == len(listed)
    ledger = fetch(db, "rectification", scope, status="")  # the area ledgers print one town too
    assert ledger.scope == "河头店镇" and {v for v, _ in ledger.villages} <= mine
    with pytest.raises(report_data.ScopeError, match="本库没有名为“新村镇”的乡镇，可选：店埠镇"):
        report_data.resolve_scope(db, town="新村镇")
    village = db.execute("SELECT name FROM villages WHERE town_key = '370285106' LIMIT 1").fetchone()[0]
    one = report_data.resolve_scope(db, village=village, town="店埠镇")
    assert one.kind == "village" and db.execute("SELECT town_key FROM villages WHERE id = ?",
                                                [one.village_id]).fetchone()[0] == "370285106"
    db.close()


def test_report_town_on_the_command_line(district: Path, tmp_path: Path) -> None:
    out = tmp_path / "河头店镇花名册.pdf"
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(district), "report", "roster",
                           "--town", "河头店镇", "--out", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True).stdout
    assert "河头店镇" in text and "Traceback" not in done.stderr
    unknown = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(district), "report",
                              "rectification", "--town", "新村镇", "--out", str(tmp_path / "r.pdf")],
                             capture_output=True, text=True)
    assert unknown.returncode == 2 and "本库没有名为“新村镇”的乡镇" in unknown.stdout + unknown.stderr
    assert "Traceback" not in unknown.stderr and not (tmp_path / "r.pdf").exists()


def test_the_reports_page_offers_the_towns_of_a_district(qtbot, district: Path) -> None:  # type: ignore[no-untyped-def]
    from models.db import open_database
    from ui.printing.page import ReportsPage
    db = open_database(district)
    page = ReportsPage(db)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(page.town_box.isVisible)  # built on the first show, its widgets shown right after
    assert page.scope_buttons["town"].text() == "全部"
    assert [page.town_box.itemText(i) for i in range(page.town_box.count())] == ["全部乡镇", "店埠镇", "河头店镇",
                                                                                 "院上镇"]
    assert page.scope().town_key is None  # 全部: every town, as before
    page.town_box.setCurrentIndex(page.town_box.findText("河头店镇"))
    scope = page.scope()
    assert (scope.kind, scope.town_key, scope.town_name) == ("town", "370285105", "河头店镇")
    mine = {r[0] for r in db.execute("SELECT id FROM villages WHERE town_key = '370285105' AND status = '在用'")}
    assert {page.village_box.itemData(i) for i in range(page.village_box.count())} == mine
    db.close()


def test_the_home_page_of_a_district_counts_the_whole_district(qtbot, district: Path) -> None:  # type: ignore[no-untyped-def]
    from models.db import open_database
    from ui.home.page import HomePage
    db = open_database(district)
    page = HomePage(db)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.stats is not None and not page.is_loading())
    assert page.scope.itemText(0) == "全区（县）"
    in_register = db.execute("SELECT count(*) FROM members WHERE status = '在册'").fetchone()[0]
    towns = db.execute("SELECT count(DISTINCT town_key) FROM members").fetchone()[0]
    assert page.tiles["members"].value == in_register and towns == 3
    db.close()
