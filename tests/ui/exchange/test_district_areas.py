"""The area pages and reports of a district's database, one town at a time (issue 17): on 中心户, 四个一, 监督, 书记备案
and 议事决策 a 乡镇 filter (全部乡镇, then each town; hidden in a town's database) restricts the village choices and
the rows; two towns' villages of one name are told apart where a list mixes towns (and 监督 filters by the village,
not its name); 首页 counts one town's figures and reminders; the area reports print one town under its name.

A district of three towns merged from the demo (tests/models/exchange/scenario.py), each test on its own copy."""
from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from models import clock, report_data
from models.db import LedgerDB, open_database
from reports import REPORTS, fetch, render
from reports.styles import ReportOptions
from tests.models.exchange.scenario import Scenario, build, merged

ROOT = Path(__file__).resolve().parents[3]
TOWNS = ["全部乡镇", "店埠镇", "河头店镇", "院上镇"]
HE = "370285105"  # 河头店镇
DIAN = "370285106"  # 店埠镇
YUAN = "370285104"  # 院上镇


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Scenario]:
    folder = tmp_path_factory.mktemp("district")
    scenario = build(folder, members=120)
    merged(folder, scenario, "ABC").close()
    return folder / "district.db", scenario


@pytest.fixture
def district(built: tuple[Path, Scenario], tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "district.db"
    shutil.copyfile(built[0], path)
    db = open_database(path)
    yield db
    db.close()


def ids(db: LedgerDB, sql: str, *params: object) -> set[int]:
    return {int(r[0]) for r in db.execute(sql, params)}


def town_villages(db: LedgerDB, town: str) -> set[int]:
    return ids(db, "SELECT id FROM villages WHERE town_key = ? AND status = '在用'", town)


def shown(qtbot, page):  # type: ignore[no-untyped-def]
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    return page


def pick(box, text: str) -> None:  # type: ignore[no-untyped-def]
    """As the clerk picks an entry of a combo box."""
    index = box.findText(text)
    assert index >= 0, f"{text} not offered: {[box.itemText(i) for i in range(box.count())]}"
    box.setCurrentIndex(index)


def texts(box) -> list[str]:  # type: ignore[no-untyped-def]
    return [box.itemText(i) for i in range(box.count())]


def namesake(db: LedgerDB) -> tuple[int, int, str]:
    """A village of 店埠镇 renamed to the name of one of 院上镇's that has problems in the ledger (two towns may
    each have a village of one name): (院上镇's village, 店埠镇's village, the name)."""
    a, name = db.execute("SELECT v.id, v.name FROM villages v WHERE v.town_key = ? AND EXISTS (SELECT 1 FROM"
                         " sv_problems p WHERE p.village_id = v.id AND p.mistaken = 0) ORDER BY v.id LIMIT 1",
                         [YUAN]).fetchone()
    c = db.execute("SELECT v.id FROM villages v WHERE v.town_key = ? AND EXISTS (SELECT 1 FROM sv_problems p"
                   " WHERE p.village_id = v.id AND p.mistaken = 0) ORDER BY v.id LIMIT 1", [DIAN]).fetchone()[0]
    db.execute("UPDATE villages SET name = ? WHERE id = ?", [name, c])
    db.conn.commit()
    return int(a), int(c), str(name)


# ---- a town's database: nothing to choose ---------------------------------------------------------------------

def test_a_towns_database_shows_no_town_filter(qtbot, built: tuple[Path, Scenario]) -> None:  # type: ignore[no-untyped-def]
    from ui.assistance.page import AssistancePage
    from ui.decisions.page import DecisionsPage
    from ui.home.page import HomePage
    from ui.households.page import HouseholdsPage
    from ui.secretaries.page import SecretariesPage
    from ui.supervision.page import SupervisionPage
    db = open_database(built[1].town_dbs["A"])
    try:
        for kind in (HouseholdsPage, AssistancePage, SupervisionPage, SecretariesPage, DecisionsPage):
            page = shown(qtbot, kind(db, None))
            assert page.town.isHidden() and page.town.town_key() is None, kind.__name__
        home = shown(qtbot, HomePage(db))
        qtbot.waitUntil(lambda: home.stats is not None and not home.is_loading())
        villages = [r[0] for r in db.execute("SELECT name FROM villages WHERE status = '在用' ORDER BY sort_key, id")]
        assert texts(home.scope) == ["全镇", *villages]  # no towns, plain village names
    finally:
        db.close()


# ---- the area pages of a district ---------------------------------------------------------------------------

def test_households_tree_lists_the_chosen_towns_villages(qtbot, district: LedgerDB) -> None:  # type: ignore[no-untyped-def]
    from ui.households.page import HouseholdsPage
    page = shown(qtbot, HouseholdsPage(district, None))
    assert page.town.isVisible() and texts(page.town.combo) == TOWNS
    from ui.households.page import SCOPE_ROLE

    def listed() -> set[int]:
        return {page.tree_model.index(r, 0).data(SCOPE_ROLE)[1] for r in range(page.tree_model.rowCount())}

    everyone = ids(district, "SELECT id FROM villages WHERE status = '在用'")
    assert listed() == everyone
    pick(page.town.combo, "河头店镇")
    assert listed() == town_villages(district, HE)
    _, village_id, _ = page.scope()
    assert village_id in town_villages(district, HE)  # the first of the town's villages is selected
    central = ids(district, "SELECT d.id FROM central_designations d JOIN members m ON m.id = d.member_id"
                            " WHERE d.status = '在任' AND m.village_id = ?", village_id)
    assert {c.designation_id for c in page.centrals.rows} == central and central
    assert {h.id for h in page.homes.rows} == ids(district, "SELECT id FROM households WHERE village_id = ?"
                                                            " AND status = '在用'", village_id)
    pick(page.town.combo, "全部乡镇")
    assert listed() == everyone


def test_four_ones_matrix_of_one_town(qtbot, district: LedgerDB) -> None:  # type: ignore[no-untyped-def]
    from ui.assistance.page import AssistancePage
    page = shown(qtbot, AssistancePage(district, None))
    page.year.setValue(2026)
    weak = "SELECT v.id FROM villages v JOIN village_years y ON y.village_id = v.id WHERE y.year = 2026" \
           " AND y.class = '强基' AND v.status = '在用'"
    assert page.town.isVisible() and texts(page.town.combo) == TOWNS
    assert {r.village_id for r in page.rows} == ids(district, weak) and len(page.rows) == 6
    pick(page.town.combo, "店埠镇")
    mine = ids(district, weak + " AND v.town_key = ?", DIAN)
    assert {r.village_id for r in page.rows} == mine and page.table.rowCount() == len(mine) == 2
    assert f"强基村 {len(mine)} 个" in page.counts.text()
    names = {page.table.item(r, 0).text() for r in range(page.table.rowCount())}
    assert names == {r[0] for r in district.execute(f"SELECT v.name FROM ({weak} AND v.town_key = ?) w"
                                                    " JOIN villages v ON v.id = w.id", [DIAN])}
    pick(page.town.combo, "全部乡镇")
    assert page.table.rowCount() == 6


def test_supervision_filters_a_village_by_key_and_one_town(qtbot, district: LedgerDB) -> None:  # type: ignore[no-untyped-def]
    from ui.supervision.page import SupervisionPage
    a, c, name = namesake(district)
    page = shown(qtbot, SupervisionPage(district, None))
    assert page.town.isVisible() and texts(page.town.combo) == TOWNS
    offered = texts(page.village)
    assert f"{name}（院上镇）" in offered and f"{name}（店埠镇）" in offered and name not in offered
    page.village.setCurrentIndex(page.village.findData(a))  # 院上镇's, not 店埠镇's of the same name
    problems = ids(district, "SELECT id FROM sv_problems WHERE village_id = ? AND mistaken = 0", a)
    assert {r.id for r in page.model.rows} == problems and problems
    shown_as = {page.model.index(r, 0).data() for r in range(page.model.rowCount())}
    assert shown_as == {f"{name}（院上镇）"}  # the rows of every town tell the two apart too
    assert {i.village_id for i in page.inspection_model.rows} <= {a}

    pick(page.town.combo, "店埠镇")
    assert page.village.currentIndex() == 0  # 院上镇's village is not offered in 店埠镇
    assert texts(page.village) == ["全部", *(r[0] for r in district.execute(
        "SELECT name FROM villages WHERE town_key = ? AND status = '在用' ORDER BY sort_key, id", [DIAN]))]
    in_town = ids(district, "SELECT p.id FROM sv_problems p JOIN villages v ON v.id = p.village_id"
                            " WHERE v.town_key = ? AND p.mistaken = 0", DIAN)
    assert name in {page.model.index(r, 0).data() for r in range(page.model.rowCount())}  # one town: plain names
    assert {r.id for r in page.model.rows} == in_town and f"当前列出 {len(in_town)} 条" in page.counts_label.text()
    late = district.execute("SELECT count(*) FROM sv_problems p JOIN villages v ON v.id = p.village_id WHERE"
                            " v.town_key = ? AND p.mistaken = 0 AND p.status != '已销号' AND p.deadline < ?",
                            [DIAN, clock.today().isoformat()]).fetchone()[0]
    assert f"逾期 {late}" in page.counts_label.text()
    assert {i.village_id for i in page.inspection_model.rows} <= town_villages(district, DIAN)
    page.tabs.setCurrentWidget(page.cadres)
    assert {x.village_id for x in page.cadres.model.rows} == ids(
        district, "SELECT c.village_id FROM sv_cadres c JOIN villages v ON v.id = c.village_id"
                  " WHERE v.town_key = ? AND c.status = '有效'", DIAN)
    assert {vid for vid, _ in page._villages()} == town_villages(district, DIAN)  # what the forms offer
    page.tabs.setCurrentWidget(page.projects)
    assert {p.id for p in page.projects.model.rows} == ids(
        district, "SELECT p.id FROM sv_projects p JOIN villages v ON v.id = p.village_id"
                  " WHERE v.town_key = ? AND p.status = '有效'", DIAN)
    pick(page.town.combo, "全部乡镇")
    page.tabs.setCurrentIndex(0)
    assert len(page.model.rows) == district.execute("SELECT count(*) FROM sv_problems WHERE mistaken = 0"
                                                    ).fetchone()[0]


def test_secretaries_of_one_town(qtbot, district: LedgerDB) -> None:  # type: ignore[no-untyped-def]
    from ui.secretaries.page import SecretariesPage
    page = shown(qtbot, SecretariesPage(district, None))
    assert page.town.isVisible() and texts(page.town.combo) == TOWNS
    everyone = {r.cadre_id for r in page.model.rows}
    pick(page.town.combo, "院上镇")
    mine = {r.cadre_id for r in page.model.rows}
    assert mine and mine < everyone
    assert {r.village_id for r in page.model.rows} <= town_villages(district, YUAN)
    assert page.counts_label.text().startswith(f"现任书记 {len(mine)} 名")
    page.tabs.setCurrentIndex(1)  # 履职评估: the town's secretaries only
    qtbot.waitUntil(lambda: page.eval_model.rowCount() > 0)
    assert {r.cadre_id for r in page.eval_model.rows} <= ids(
        district, "SELECT c.id FROM sv_cadres c JOIN villages v ON v.id = c.village_id WHERE v.town_key = ?", YUAN)
    pick(page.town.combo, "全部乡镇")
    page.tabs.setCurrentIndex(0)
    assert {r.cadre_id for r in page.model.rows} == everyone


def test_decisions_of_one_town(qtbot, district: LedgerDB) -> None:  # type: ignore[no-untyped-def]
    from ui.decisions.page import DecisionsPage
    page = shown(qtbot, DecisionsPage(district, None))
    assert page.town.isVisible() and texts(page.town.combo) == TOWNS
    assert len(page.model.rows) == district.execute("SELECT count(*) FROM dc_items WHERE status = '有效'").fetchone()[0]
    pick(page.town.combo, "河头店镇")
    items = ids(district, "SELECT i.id FROM dc_items i JOIN villages v ON v.id = i.village_id"
                          " WHERE v.town_key = ? AND i.status = '有效'", HE)
    assert {d.id for d in page.model.rows} == items and items
    assert {page.village.itemData(i) for i in range(1, page.village.count())} == town_villages(district, HE)
    assert page.counts.text().startswith(f"议事事项 {len(items)} 项")
    pick(page.town.combo, "全部乡镇")
    assert page.village.count() == 1 + len(ids(district, "SELECT id FROM villages WHERE status = '在用'"))


# ---- 首页 ----------------------------------------------------------------------------------------------------

def test_home_counts_one_town(qtbot, district: LedgerDB, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """In the worker thread the district's file would use (BACKGROUND_FROM: here any size)."""
    import ui.home.page as home_page
    from models import home
    from models.reminders import due
    monkeypatch.setattr(home_page, "BACKGROUND_FROM", 0)
    page = shown(qtbot, home_page.HomePage(district))
    qtbot.waitUntil(lambda: page.stats is not None and not page.is_loading(), timeout=30000)
    assert texts(page.scope)[:4] == ["全区（县）", "店埠镇", "河头店镇", "院上镇"]
    every = len(page.rows)
    day = clock.today().isoformat()
    per_town = 0
    for name, key in (("店埠镇", DIAN), ("河头店镇", HE), ("院上镇", YUAN)):
        pick(page.scope, name)
        qtbot.waitUntil(lambda: not page.is_loading() and page.stats is not None
                        and page.stats.town_key == page.town_key(), timeout=30000)
        qtbot.waitUntil(lambda: page._reminders_town == page.town_key(), timeout=30000)
        t = page.tiles
        assert t["members"].value == district.execute(
            "SELECT count(*) FROM members WHERE town_key = ? AND status = '在册'", [key]).fetchone()[0]
        assert t["villages"].value == len(town_villages(district, key))
        assert t["grids"].value == district.execute(
            "SELECT count(*) FROM grids g JOIN villages v ON v.id = g.village_id WHERE v.town_key = ?"
            " AND g.status = '在用' AND v.status = '在用'", [key]).fetchone()[0]
        assert t["rectification_overdue"].value == district.execute(
            "SELECT count(*) FROM sv_problems p JOIN villages v ON v.id = p.village_id WHERE v.town_key = ?"
            " AND p.mistaken = 0 AND p.status != '已销号' AND p.deadline < ?", [key, day]).fetchone()[0]
        assert t["central_households"].value == district.execute(
            "SELECT count(*) FROM central_designations d JOIN members m ON m.id = d.member_id JOIN villages v"
            " ON v.id = m.village_id WHERE v.town_key = ? AND d.status = '在任' AND m.status = '在册'",
            [key]).fetchone()[0]
        assert {vid for vid, _, _ in page.stats.by_village} == town_villages(district, key)
        # every reminder shown is about one of the town's villages (its record's village)
        village_names = {r[0] for r in district.execute("SELECT name FROM villages WHERE town_key = ?", [key])}
        assert page.rows and {r.village for r in page.rows} <= village_names
        per_town += len(page.rows)
    assert per_town == every == len(home.split(district, due(district))[0])
    pick(page.scope, "全区（县）")
    qtbot.waitUntil(lambda: not page.is_loading() and page._reminders_town is None
                    and page.stats is not None and page.stats.town_key is None, timeout=30000)
    assert len(page.rows) == every and page.tiles["members"].value == district.execute(
        "SELECT count(*) FROM members WHERE status = '在册'").fetchone()[0]


# ---- the area reports, one town ---------------------------------------------------------------------------

def pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)


def other_villages(db: LedgerDB, town: str) -> set[str]:
    return {r[0] for r in db.execute("SELECT name FROM villages WHERE town_key != ?", [town])}


@pytest.mark.parametrize("kind", ["linked-households", "inspection", "secretary-filing", "evaluation", "decision"])
def test_an_area_report_of_one_town(district: LedgerDB, kind: str) -> None:
    scope = report_data.resolve_scope(district, town="河头店镇")
    extra = {"year": 2026} if kind == "evaluation" else {}
    data = fetch(district, kind, scope, **extra)
    buf = io.BytesIO()
    assert render(kind, data, buf, ReportOptions()) >= 1
    text = pdf_text(buf.getvalue())
    assert REPORTS[kind].title in text.replace("\n", "") and "河头店镇" in text
    mine = {r[0] for r in district.execute("SELECT name FROM villages WHERE town_key = ? AND status = '在用'", [HE])}
    assert any(v in text for v in mine)
    assert not [v for v in other_villages(district, HE) if v in text]


@pytest.mark.parametrize("kind", ["rectification", "four-ones"])
def test_report_town_of_an_area_on_the_command_line(built: tuple[Path, Scenario], tmp_path: Path, kind: str) -> None:
    out = tmp_path / f"{kind}.pdf"
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(built[0]), "report", kind,
                           "--town", "店埠镇", "--year", "2026", "--out", str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True).stdout
    assert "店埠镇" in text and "Traceback" not in done.stderr
    db = open_database(built[0])
    try:
        listed = {r[0] for r in db.execute("SELECT DISTINCT v.name FROM sv_problems p JOIN villages v ON"
                                           " v.id = p.village_id WHERE v.town_key = ? AND p.mistaken = 0", [DIAN])} \
            if kind == "rectification" else {r[0] for r in db.execute(
                "SELECT v.name FROM villages v JOIN village_years y ON y.village_id = v.id WHERE y.year = 2026"
                " AND y.class = '强基' AND v.town_key = ?", [DIAN])}
        assert listed and all(v in text for v in listed)
        assert not [v for v in other_villages(db, DIAN) if v in text]
    finally:
        db.close()


def test_a_village_name_two_towns_share_needs_the_town(district: LedgerDB) -> None:
    a, c, name = namesake(district)
    with pytest.raises(report_data.ScopeError, match="请同时用 --town 指定乡镇") as refused:
        report_data.resolve_scope(district, village=name)
    assert "院上镇" in str(refused.value) and "店埠镇" in str(refused.value)
    assert report_data.resolve_scope(district, village=name, town="店埠镇").village_id == c
    ledger = fetch(district, "rectification", report_data.Scope("village", a), status="")
    assert ledger.villages and {v for v, _ in ledger.villages} == {name}
    assert sum(len(rows) for _, rows in ledger.villages) == district.execute(
        "SELECT count(*) FROM sv_problems WHERE village_id = ? AND mistaken = 0", [a]).fetchone()[0]


# ---- 履职评估: each town's secretaries scored against their own town's set ---------------------------------------

def test_evaluation_of_a_district_uses_each_towns_own_indicators(qtbot, district: LedgerDB,  # type: ignore[no-untyped-def]
                                                                  built: tuple[Path, Scenario]) -> None:
    from models import secretaries as sc
    from ui.secretaries.page import SecretariesPage
    year = 2026
    town_db = open_database(built[1].town_dbs["B"])  # 河头店镇 as it evaluates itself
    own = sc.evaluation(town_db, year)
    town_db.close()
    assert own.rows and all(r.total is not None for r in own.rows)
    one = sc.evaluation(district, year, town_key=HE)
    assert [(i.name, i.weight) for i in one.indicators] == [(i.name, i.weight) for i in own.indicators]
    assert sum(i.weight for i in one.indicators) == 100
    assert {(r.name, r.total) for r in one.rows} == {(r.name, r.total) for r in own.rows}
    every = sc.evaluation(district, year)  # the three towns: each row by its own town's set, never ×3
    assert len(every.indicators) == 5 and not every.mixed
    assert every.rows and all(r.total is not None and 0 <= r.total <= 100 for r in every.rows)
    assert {(r.name, r.total) for r in own.rows} <= {(r.name, r.total) for r in every.rows}
    assert {f"{r.village}（河头店镇）" for r in own.rows} <= {r.village for r in every.rows}  # which town each is of
    with pytest.raises(sc.SecretaryError, match="只能查看"):
        sc.save_indicators(district, year, [("政治引领", 50), ("服务群众", 50)])
    with pytest.raises(sc.SecretaryError, match="只能查看"):
        sc.save_scores(district, year, every.rows[0].cadre_id, {"政治引领": "90"})
    # one town weighs differently: the district shows each row by its own town's weights
    district.execute("UPDATE sc_indicators SET weight = CASE name WHEN '政治引领' THEN 35 ELSE weight END, "
                     "status = CASE name WHEN '廉洁自律' THEN '停用' ELSE status END WHERE town_key = ? AND year = ?",
                     [HE, year])
    district.conn.commit()
    mixed = sc.evaluation(district, year)
    assert mixed.mixed and {i.name: i.weight for i in mixed.indicators}["政治引领"] == 0
    assert all(r.total is None or 0 <= r.total <= 100 for r in mixed.rows)
    he = sc.evaluation(district, year, town_key=HE)
    assert {(r.name, r.total) for r in he.rows} <= {(r.name, r.total) for r in mixed.rows}
    page = shown(qtbot, SecretariesPage(district, None))
    page.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: page.eval_model.rowCount() == len(mixed.rows))
    assert "各乡镇的评估指标不同" in page.eval_note.text()
    assert not page.indicators_button.isEnabled() and not page.scores_button.isEnabled()
    header = [page.eval_model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.eval_model.columnCount())]
    assert "政治引领" in header and "服务群众（20）" in header
    pick(page.town.combo, "河头店镇")
    qtbot.waitUntil(lambda: page.eval_model.rowCount() == len(he.rows))
    header = [page.eval_model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.eval_model.columnCount())]
    assert "政治引领（35）" in header and not any(h.startswith("廉洁自律") for h in header)
    data = fetch(district, "evaluation", report_data.resolve_scope(district), year=year)
    buf = io.BytesIO()
    render("evaluation", data, buf, ReportOptions())
    text = pdf_text(buf.getvalue())
    assert "全区（县）" in text and "各乡镇权重不同" in text


@pytest.mark.parametrize("kind", ["linked-households", "rectification", "inspection", "four-ones", "decision",
                                  "secretary-filing"])
def test_an_area_report_of_the_whole_district_is_headed_so(district: LedgerDB, kind: str) -> None:
    extra = {"status": ""} if kind == "rectification" else {}
    data = fetch(district, kind, report_data.resolve_scope(district), **extra)
    assert getattr(data, "scope", None) == "全区（县）", data.scope


def test_four_ones_new_year_of_one_town(qtbot, district: LedgerDB, dialogs, messages) -> None:  # type: ignore[no-untyped-def]
    """设置年度分类 and 复制上年帮扶安排 with a town chosen touch that town's villages only."""
    from ui.assistance.page import AssistancePage
    clock.set_now(clock.now().replace(year=2027, month=1, day=5))
    try:
        page = shown(qtbot, AssistancePage(district, None))
        page.year.setValue(2026)
        pick(page.town.combo, "店埠镇")

        def classes(dialog) -> bool:  # type: ignore[no-untyped-def]
            assert "店埠镇" in dialog.windowTitle() and dialog.year.value() == 2027
            assert set(dialog.ids) == town_villages(district, DIAN)
            return True

        dialogs.append(classes)
        page.classes_button.click()
        classed = ids(district, "SELECT village_id FROM village_years WHERE year = 2027")
        assert classed and classed <= town_villages(district, DIAN)
        page.year.setValue(2027)
        page.copy_button.click()
        copied = ids(district, "SELECT village_id FROM assistance_slots WHERE year = 2027")
        assert copied and copied <= town_villages(district, DIAN)
    finally:
        clock.set_now(None)


def test_a_district_of_one_town_so_far_offers_the_town_filter(qtbot, built: tuple[Path, Scenario],  # type: ignore[no-untyped-def]
                                                               tmp_path: Path) -> None:
    """The first town registered: 党员 and 报表 show the 乡镇 choice as every area page does (not from the second)."""
    from models import exchange as ex
    from tests.models.exchange.scenario import new_district
    from ui.events import DataEvents
    from ui.members.page import MembersPage
    from ui.printing.page import ReportsPage
    db = new_district(tmp_path / "区.db")
    assert all(o.applied for o in ex.import_files(db, [built[1].round1["A"]]))
    members = shown(qtbot, MembersPage(db, DataEvents(db)))
    qtbot.waitUntil(lambda: members.town.count() == 2, timeout=10000)
    assert not members.town.isHidden() and texts(members.town) == ["全部乡镇", "院上镇"]
    printing = shown(qtbot, ReportsPage(db))
    qtbot.waitUntil(printing.town_box.isVisible)  # built on the first show
    assert not printing.town_box.isHidden() and texts(printing.town_box) == ["全部乡镇", "院上镇"]
    pick(printing.town_box, "院上镇")
    assert printing.town_key() == YUAN
    db.close()
