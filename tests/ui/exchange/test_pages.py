"""The exchange pages with real widgets in the real window: a district clerk imports the towns' packages on
数据交换 (the summary lists each, a bad file refused with its reason), decides conflicts on 冲突 by clicking —
take theirs with a reason typed, edit a value through the real form — and a town clerk exports a package."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from models import exchange as ex
from models.db import open_database
from tests.models.exchange.scenario import Scenario, build, edit_in_district, new_district
from tests.ui.conftest import commit_ime
from ui.exchange import page as exchange_page
from ui.file_dialogs import dialogs as file_dialogs

SHOTS = Path("/work/shots")


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    return build(tmp_path_factory.mktemp("towns"), members=40)


def window_on(qtbot, db):  # type: ignore[no-untyped-def]
    from ui.areas import install_areas
    from ui.main_window import MainWindow
    w = MainWindow(db, load_in_background=False)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    install_areas(w)
    w.show()
    return w


def test_a_district_clerk_imports_and_decides_conflicts_by_clicking(  # type: ignore[no-untyped-def]
        qtbot, tmp_path, scenario, monkeypatch, messages, dialogs):
    db = new_district(tmp_path / "区.db")
    w = window_on(qtbot, db)
    assert not w.items["conflicts"].isHidden()
    w.show_page("exchange")
    page = w.page("exchange")
    assert "莱西市" in page.heading.text() and page.buttons["import"].text() == "导入数据包…"
    picked = [str(p) for p in scenario.round1.values()]
    monkeypatch.setattr(exchange_page, "choose_packages", lambda parent: picked)
    page.buttons["import"].click()  # imported in a worker thread, with a progress dialog
    qtbot.waitUntil(lambda: page.import_thread is None, timeout=60000)
    assert page.town_model.rowCount() == 3 and "成功 3 个，拒绝 0 个" in page.result.toPlainText()
    edit_in_district(db, scenario)
    bad = tmp_path / "坏.glpkg"
    bad.write_bytes(b"not a package")
    picked = [*map(str, scenario.round2.values()), str(bad)]
    page.buttons["import"].click()
    qtbot.waitUntil(lambda: page.import_thread is None, timeout=60000)
    summary = page.result.toPlainText()
    assert "成功 3 个，拒绝 1 个" in summary and "新发现冲突 4 处" in summary
    assert "已拒绝 坏.glpkg：“坏.glpkg”不是网格党建台账的数据包" in summary
    assert messages[-1][0] == "warning"
    assert page.buttons["conflicts"].isEnabled()
    page.buttons["conflicts"].click()
    assert w.current_page() == "conflicts"
    conflicts = w.page("conflicts")
    assert conflicts.model.rowCount() == 4
    conflicts.table.grab().save(str(SHOTS / "exchange-conflicts-test.png")) if SHOTS.is_dir() else None
    # the phone changed in the district and in 院上镇: side by side, the differing field marked
    row = next(n for n, c in enumerate(conflicts.model.rows) if c.kind == "changed_both")
    conflicts.table.selectRow(row)
    chosen = conflicts.selected()
    marked = [r for r in conflicts.side_model.rows if r.differs]
    assert [(r.label, r.ours, r.theirs) for r in marked] == [("联系电话", "13822220001", "13911110001")]
    assert conflicts.buttons["theirs"].isEnabled() and conflicts.buttons["edit"].isEnabled()
    commit_ime(conflicts.reason, "以乡镇为准")
    conflicts.buttons["theirs"].click()
    assert conflicts.model.rowCount() == 3  # 待处理 only: the decided one left the list
    decided = ex.get_conflict(db, chosen.id)
    assert (decided.status, decided.reason) == ("took_theirs", "以乡镇为准")
    phone = db.execute("SELECT phone FROM members WHERE uid = ?", [chosen.uid]).fetchone()[0]
    assert phone == "13911110001"
    # the status held back (去世 in 河头店镇, the phone corrected here): 修改… through the real form
    row = next(n for n, c in enumerate(conflicts.model.rows) if c.kind == "deleted_changed")
    conflicts.table.selectRow(row)
    chosen = conflicts.selected()

    def edit(d) -> bool:  # type: ignore[no-untyped-def]
        assert not d.ok_button.isEnabled()  # a reason is required
        d.value.clear()
        commit_ime(d.value, "转出")
        commit_ime(d.reason, "核实为转出")
        assert d.ok_button.isEnabled()
        return True

    dialogs.append(edit)
    conflicts.buttons["edit"].click()
    decided = ex.get_conflict(db, chosen.id)
    assert (decided.status, decided.value, decided.reason) == ("edited", "转出", "核实为转出")
    assert db.execute("SELECT status FROM members WHERE uid = ?", [chosen.uid]).fetchone()[0] == "转出"
    # an identity number seen in two towns: keep ours, no form
    conflicts.status.setCurrentIndex(1)  # 全部
    assert conflicts.model.rowCount() == 4
    first_dup = next(n for n, c in enumerate(conflicts.model.rows) if c.kind == "duplicate_id_number")
    conflicts.table.selectRow(first_dup)
    assert not conflicts.buttons["edit"].isEnabled()
    conflicts.buttons["ours"].click()
    assert ex.get_conflict(db, conflicts.model.rows[first_dup].id).status == "kept_ours"
    assert "已处理：保留本库" in conflicts.decided.text()
    audit = db.execute("SELECT table_name, count(*) FROM audit_log WHERE action = '处理数据冲突' GROUP BY 1").fetchall()
    assert dict(audit) == {"ex_conflicts": 3, "members": 2}  # three decisions, two of them wrote a record
    w.close()


def test_a_town_clerk_exports_a_package(qtbot, tmp_path, scenario, monkeypatch, messages, dialogs):  # type: ignore[no-untyped-def]
    for suffix in ("", ".sent.db"):
        shutil.copyfile(str(scenario.town_dbs["A"]) + suffix, str(tmp_path / "A.db") + suffix)
    db = open_database(tmp_path / "A.db")
    w = window_on(qtbot, db)
    assert w.items["conflicts"].isHidden()  # a town's database has no 冲突 page in its navigation
    assert w.members_page.town.isHidden()  # nor a town filter on its 党员 page
    w.show_page("exchange")
    page = w.page("exchange")
    assert "院上镇" in page.heading.text() and "上次导出：第 2 号增量数据包" in page.info.text()
    assert not page.buttons["decisions"].isVisible() and page.buttons["import"].text() == "导入区县处理决定…"
    out = tmp_path / "上报.glpkg"
    monkeypatch.setattr(file_dialogs, "save_file", lambda *a, **k: str(out))

    def plain(dialog) -> bool:  # type: ignore[no-untyped-def]
        assert not dialog.encrypt_box.isChecked()  # no accounts: the clerk may choose, plain by default
        return True

    dialogs.append(plain)
    page.buttons["export_full"].click()
    assert out.exists() and "已导出第 3 号完整数据包" in messages[-1][1] and "未加密" in messages[-1][1]
    assert not ex.read_package(out).encrypted
    assert "上次导出：第 3 号完整数据包" in page.info.text() and page.sent_model.rowCount() == 3
    w.close()


def test_a_package_is_sealed_once_there_are_accounts_and_the_district_opens_it(  # type: ignore[no-untyped-def]
        qtbot, tmp_path, scenario, monkeypatch, messages, dialogs):
    from models import accounts, crypto
    monkeypatch.setattr(crypto, "SCRYPT_LOG2N", 10)
    for suffix in ("", ".sent.db"):
        shutil.copyfile(str(scenario.town_dbs["B"]) + suffix, str(tmp_path / "B.db") + suffix)
    db = open_database(tmp_path / "B.db")
    accounts.create_first_admin(db, "admin", "admin-pass-1")
    accounts.login(db, "admin", "admin-pass-1")
    w = window_on(qtbot, db)
    w.show_page("exchange")
    page = w.page("exchange")
    out = tmp_path / "河头店镇-完整.glpkg"
    monkeypatch.setattr(file_dialogs, "save_file", lambda *a, **k: str(out))

    def seal(dialog) -> bool:  # type: ignore[no-untyped-def]
        assert dialog.encrypt_box.isChecked()  # the default once the database has accounts
        dialog.password.setText("河头店2026")
        dialog.repeat.setText("河头店2026")
        return True

    dialogs.append(seal)
    page.buttons["export_full"].click()
    assert "已用密码加密" in messages[-1][1] and ex.read_package(out).locked
    summary = db.execute("SELECT summary FROM audit_log WHERE action = '导出上报数据包' ORDER BY id DESC"
                         ).fetchone()[0]
    assert "已加密" in summary
    w.close()
    town_names = {str(r[0]) for r in db.execute("SELECT name FROM members")}
    db.close()

    district = new_district(tmp_path / "区.db")
    w = window_on(qtbot, district)
    w.show_page("exchange")
    page = w.page("exchange")
    monkeypatch.setattr(exchange_page, "choose_packages", lambda parent: [str(out)])
    typed: list[tuple[str, bool]] = []
    page.ask_password = lambda parent, name, wrong: typed.append((name, wrong)) or None  # cancelled
    page.buttons["import"].click()
    assert typed == [(out.name, False)] and page.import_thread is None
    assert district.execute("SELECT count(*) FROM members").fetchone()[0] == 0  # nothing imported
    answers = iter(["打错的密码", "河头店2026"])
    typed.clear()
    page.ask_password = lambda parent, name, wrong: typed.append((name, wrong)) or next(answers)
    page.buttons["import"].click()
    qtbot.waitUntil(lambda: page.import_thread is None, timeout=60000)
    assert typed == [(out.name, False), (out.name, True)]  # asked again after the wrong one
    assert "成功 1 个，拒绝 0 个" in page.result.toPlainText()
    assert {str(r[0]) for r in district.execute("SELECT name FROM members")} == town_names
    w.close()


def test_the_members_page_of_a_district_filters_by_town(qtbot, tmp_path, scenario):  # type: ignore[no-untyped-def]
    from models.members import search_members
    from tests.models.exchange.scenario import merged
    db = merged(tmp_path, scenario, "ABC")
    w = window_on(qtbot, db)
    w.show_page("members")
    page = w.members_page
    qtbot.waitUntil(lambda: not page.is_reloading())
    assert page.town.isVisible()
    assert [page.town.itemText(i) for i in range(page.town.count())] == ["全部乡镇", "店埠镇", "河头店镇", "院上镇"]
    everyone = page.model.rowCount()
    page.town.setCurrentIndex(page.town.findData("370285105"))
    in_register = db.execute("SELECT count(*) FROM members WHERE town_key = '370285105' AND status = '在册'"
                             ).fetchone()[0]
    assert page.model.rowCount() == in_register < everyone
    villages = {page.village.itemData(i) for i in range(1, page.village.count())}
    assert villages == {r[0] for r in db.execute("SELECT id FROM villages WHERE town_key = '370285105'")}
    # what the reports print from the 党员 page follows the same filter
    assert {m.village_id for m in search_members(db, page.current_query())} <= villages
    assert len(search_members(db, page.current_query())) == in_register
    w.close()
