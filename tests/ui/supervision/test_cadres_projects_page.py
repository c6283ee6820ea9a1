"""The 监督 page's other tabs through the real dialogs: a cadre picked from the Party members (一肩挑) and one typed,
a post ended and kept in the history; an inspection whose findings raise problems in the ledger; a project whose
contractor matches the cadre-business register shown flagged in red and turned into a problem in one step."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt

from models import supervision as sv
from tests.conftest import add_member
from tests.ui.conftest import commit_ime
from ui.supervision.table_models import CLOSED, OVERDUE

SHOTS = Path("/work/shots/supervision2")


def _page(window):  # type: ignore[no-untyped-def]
    from ui.areas import install_areas
    install_areas(window)
    window.show_page("supervision")
    return window.page("supervision")


def test_cadres_picked_or_typed_one_shoulder_and_history(qtbot, window, dialogs, messages):  # type: ignore[no-untyped-def]
    add_member(window.db, "王建国", village="院上村")
    page = _page(window)
    page.tabs.setCurrentWidget(page.cadres)
    panel = page.cadres

    def picked(d) -> bool:  # type: ignore[no-untyped-def]
        d.village.setCurrentText("院上村")
        index = next(i for i in range(d.member.count()) if d.member.itemText(i).startswith("王建国"))
        d.member.setCurrentIndex(index)
        assert d.name.text() == "王建国" and d.name.isReadOnly()
        d.post.setCurrentText("主任")
        assert not d.one_shoulder.isEnabled()  # only the 书记 may also chair the committee
        d.post.setCurrentText("书记")
        d.one_shoulder.setChecked(True)
        d.start.setDate(d.start.date().fromString("2021-01-15", "yyyy-MM-dd"))
        SHOTS.mkdir(parents=True, exist_ok=True)
        assert d.grab().save(str(SHOTS / "cadre-dialog.png"))
        return True
    dialogs.append(picked)
    panel.actions["add"].click()

    def typed(d) -> bool:  # type: ignore[no-untyped-def]
        d.village.setCurrentText("院上村")
        assert d.member.currentIndex() == 0  # （非党员，手工填写）
        assert not d.ok_button.isEnabled()
        commit_ime(d.name, "李群众")
        d.post.setCurrentText("委员")
        d.start.setDate(d.start.date().fromString("2021-01-15", "yyyy-MM-dd"))
        return True
    dialogs.append(typed)
    panel.actions["add"].click()
    rows = {c.name: c for c in panel.model.rows}
    assert set(rows) == {"王建国", "李群众"}
    assert rows["王建国"].member_id is not None and rows["王建国"].one_shoulder and rows["李群众"].member_id is None
    assert "一肩挑 1 人" in panel.summary.text() and "有书记的村 1 个" in panel.summary.text()

    def ending(d) -> bool:  # type: ignore[no-untyped-def]
        d.day.setDate(d.day.date().fromString("2026-06-30", "yyyy-MM-dd"))
        return True
    dialogs.append(ending)
    panel.table.selectRow(next(n for n, c in enumerate(panel.model.rows) if c.name == "李群众"))
    panel.actions["end"].click()
    n = next(n for n, c in enumerate(panel.model.rows) if c.name == "李群众")
    assert panel.model.index(n, 8).data() == "已离任" and panel.model.index(n, 4).data() == "2026-06-30"
    assert panel.model.index(n, 1).data(Qt.ItemDataRole.ForegroundRole) == CLOSED
    panel.table.selectRow(n)
    assert not panel.actions["end"].isEnabled()
    panel.history.setChecked(False)
    assert [c.name for c in panel.model.rows] == ["王建国"]
    assert len(sv.list_cadres(window.db)) == 2  # the ended post stays in the history
    window.resize(1366, 768)
    qtbot.wait(50)
    SHOTS.mkdir(parents=True, exist_ok=True)
    panel.history.setChecked(True)
    assert window.grab().save(str(SHOTS / "cadres.png"))


def test_inspection_findings_raise_problems(qtbot, window, dialogs):  # type: ignore[no-untyped-def]
    db = window.db
    v = int(db.execute("SELECT id FROM villages WHERE name = '姜家庄村'").fetchone()[0])
    sv.save_cadre(db, sv.Cadre(v, "赵书记", "书记", "2021-01-15"))
    page = _page(window)

    def inspection(d) -> bool:  # type: ignore[no-untyped-def]
        d.village.setCurrentText("姜家庄村")
        assert [d.cadre.itemText(i) for i in range(d.cadre.count())] == ["（不针对具体村干部）", "赵书记（书记）"]
        d.cadre.setCurrentIndex(1)
        d.source.setCurrentText("制度监督")
        assert not d.ok_button.isEnabled()
        commit_ime(d.checked, "财务制度执行情况")
        commit_ime(d.findings, "报销凭证不全，现金日记账未按月结")
        d.problems.setPlainText("报销凭证不全\n现金日记账未按月结")
        d.deadline.setDate(d.deadline.date().fromString("2026-12-20", "yyyy-MM-dd"))
        SHOTS.mkdir(parents=True, exist_ok=True)
        assert d.grab().save(str(SHOTS / "inspection-dialog.png"))
        return True
    dialogs.append(inspection)
    page.actions["inspection"].click()
    [ins] = page.inspection_model.rows
    assert (ins.village, ins.source, ins.checked) == ("姜家庄村", "制度监督", "财务制度执行情况")
    got = sorted((r.description, r.source, r.time_text, r.status) for r in page.model.rows)
    assert got == [("报销凭证不全", "制度监督", "剩 24 天", "待整改"), ("现金日记账未按月结", "制度监督", "剩 24 天", "待整改")]
    assert {sv.get_problem(db, r.id).inspection_id for r in page.model.rows} == {ins.id}
    assert "制度监督 2" in page.counts_label.text()


def test_project_flag_shown_and_turned_into_a_problem(qtbot, window, dialogs):  # type: ignore[no-untyped-def]
    page = _page(window)
    page.tabs.setCurrentWidget(page.projects)
    panel = page.projects

    def business(d) -> bool:  # type: ignore[no-untyped-def]
        commit_ime(d.name, "莱西市鑫达建筑有限公司")
        commit_ime(d.owner, "王小二")
        d.relationship.setCurrentText("儿子")
        assert not d.ok_button.isEnabled()
        commit_ime(d.cadre, "王建国")
        d.village.setCurrentText("院上村")
        return True
    dialogs.append(business)
    panel.actions["business"].click()

    def project(d, name: str, contractor: str) -> bool:  # type: ignore[no-untyped-def]
        commit_ime(d.name, name)
        d.village.setCurrentText("院上村")
        d.amount.setValue(35.5)
        commit_ime(d.contractor, contractor)
        d.decided.setChecked(True)
        commit_ime(d.declaration, "承建方与本村干部无关联关系")
        SHOTS.mkdir(parents=True, exist_ok=True)
        assert d.grab().save(str(SHOTS / "project-dialog.png"))
        return True
    dialogs.append(lambda d: project(d, "村道硬化", "莱西市鑫达建筑（有限责任公司）"))
    panel.actions["add"].click()
    dialogs.append(lambda d: project(d, "路灯安装", "青岛光明电器有限公司"))
    panel.actions["add"].click()
    rows = {p.name: n for n, p in enumerate(panel.model.rows)}
    flagged, clean = rows["村道硬化"], rows["路灯安装"]
    assert "莱西市鑫达建筑有限公司" in panel.model.index(flagged, 4).data()
    assert panel.model.index(flagged, 4).data(Qt.ItemDataRole.ForegroundRole) == OVERDUE
    assert panel.model.index(clean, 4).data() == "" and "关联预警 1 项" in panel.summary.text()
    assert panel.model.index(clean, 9).data() == "承建方与本村干部无关联关系"
    assert panel.model.index(clean, 7).data() == ""  # 完工日期 left 未完工 in the form: none stored
    assert panel.model.headerData(9, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) == "关联关系声明"
    assert "莱西市鑫达建筑有限公司" in panel.model.index(flagged, 4).data(Qt.ItemDataRole.ToolTipRole)
    panel.table.selectRow(clean)
    assert not panel.actions["to_problem"].isEnabled()
    panel.table.selectRow(flagged)
    assert panel.actions["to_problem"].isEnabled()

    def deadline(d) -> bool:  # type: ignore[no-untyped-def]
        d.deadline.setDate(d.deadline.date().fromString("2026-12-31", "yyyy-MM-dd"))
        return True
    dialogs.append(deadline)
    panel.actions["to_problem"].click()
    [problem] = page.model.rows
    assert problem.source == "程序监督" and "村道硬化" in problem.description and problem.deadline == "2026-12-31"
    assert panel.model.index(flagged, 4).data().startswith("（已列入整改台账）")
    panel.table.selectRow(flagged)
    assert not panel.actions["to_problem"].isEnabled()
    window.resize(1366, 768)
    qtbot.wait(50)
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(SHOTS / "projects.png"))


def test_the_window_navigates_to_overdue_and_to_a_reminders_record(qtbot, window):  # type: ignore[no-untyped-def]
    from ui.areas import install_areas, navigate, open_record
    install_areas(window)
    db = window.db
    v = int(db.execute("SELECT id FROM villages WHERE name = '院上村'").fetchone()[0])
    late = sv.save_problem(db, sv.Problem(v, "台账逾期", "组织监督", "2026-09-01", "2026-11-01"))
    soon = sv.save_problem(db, sv.Problem(v, "下月到期", "组织监督", "2026-09-01", "2026-12-20"))
    sv.save_business(db, sv.Business(v, "鑫达建筑有限公司", "王小二", "儿子", "王书记"))
    pid = sv.save_project(db, sv.Project(v, "村道硬化", 30, "村委会", "鑫达建筑（有限责任公司）"))
    window.events.announce()
    navigate(window, "supervision", "overdue")
    page = window.page("supervision")
    assert window.current_page() == "supervision" and page.status.currentText() == "逾期"
    assert [r.id for r in page.model.rows] == [late]
    [flag] = [r for r in sv.reminders(db, dt.date(2026, 11, 26)) if r.kind == "project_related_party"]
    open_record(window, flag.record)
    assert page.tabs.currentWidget() is page.projects and page.projects.selected().id == pid
    open_record(window, f"sv_problems:{soon}")
    assert page.tabs.currentIndex() == 0 and page.status.currentText() == "全部" and page.selected().id == soon


def test_a_project_and_a_business_changed_through_their_forms_move_the_flag(qtbot, window, dialogs):  # type: ignore[no-untyped-def]
    db = window.db
    v = int(db.execute("SELECT id FROM villages WHERE name = '院上村'").fetchone()[0])
    sv.save_business(db, sv.Business(v, "莱西市鑫达建筑有限公司", "王小二", "儿子", "王建国"))
    pid = sv.save_project(db, sv.Project(v, "村道硬化", None, "村委会", "青岛光明电器有限公司", "2026-05-01"))
    page = _page(window)
    page.tabs.setCurrentWidget(page.projects)
    panel = page.projects
    assert not panel.actions["edit"].isEnabled() and not panel.actions["edit_business"].isEnabled()
    panel.select_project(pid)

    def contractor(d) -> bool:  # type: ignore[no-untyped-def]
        assert (d.name.text(), d.contractor.text(), d.amount.text()) == ("村道硬化", "青岛光明电器有限公司", "未填")
        assert d.start.date().toString("yyyy-MM-dd") == "2026-05-01"
        d.contractor.clear()
        commit_ime(d.contractor, "莱西市鑫达建筑有限责任公司")
        return True
    dialogs.append(contractor)
    panel.actions["edit"].click()
    [p] = sv.list_projects(db)
    assert (p.id, p.contractor, p.amount, p.start_date) == (pid, "莱西市鑫达建筑有限责任公司", None, "2026-05-01")
    assert "莱西市鑫达建筑有限公司" in panel.model.index(0, 4).data() and "关联预警 1 项" in panel.summary.text()

    def rename(d) -> bool:  # type: ignore[no-untyped-def]
        assert d.cadre.text() == "王建国" and d.relationship.currentText() == "儿子"
        d.name.clear()
        commit_ime(d.name, "莱西市鑫达农业专业合作社")
        return True
    panel.businesses.selectRow(0)
    dialogs.append(rename)
    panel.actions["edit_business"].click()
    assert [b.name for b in sv.list_businesses(db)] == ["莱西市鑫达农业专业合作社"]
    assert panel.model.index(0, 4).data() == "" and "关联预警 0 项" in panel.summary.text()


def test_a_cadre_record_corrected_through_its_form(qtbot, window, dialogs):  # type: ignore[no-untyped-def]
    db = window.db
    mid = add_member(db, "王建国", village="院上村")
    v = int(db.execute("SELECT id FROM villages WHERE name = '院上村'").fetchone()[0])
    picked = sv.save_cadre(db, sv.Cadre(v, "", "书记", "2021-01-15", appointed_by="选举", one_shoulder=True,
                                        member_id=mid))
    typed = sv.save_cadre(db, sv.Cadre(v, "李群重", "委员", "2021-01-15", "2026-06-30", "选举"))
    page = _page(window)
    page.tabs.setCurrentWidget(page.cadres)
    panel = page.cadres
    assert not panel.actions["edit"].isEnabled()
    panel.select_cadre(typed)

    def correct(d) -> bool:  # type: ignore[no-untyped-def]
        assert (d.name.text(), d.post.currentText(), d.appointed.currentText()) == ("李群重", "委员", "选举")
        assert d.member.currentIndex() == 0 and d.start.date().toString("yyyy-MM-dd") == "2021-01-15"
        d.name.clear()
        commit_ime(d.name, "李群众")
        d.start.setDate(d.start.date().fromString("2021-01-16", "yyyy-MM-dd"))
        return True
    dialogs.append(correct)
    panel.actions["edit"].click()
    got = {c.id: c for c in sv.list_cadres(db)}
    assert (got[typed].name, got[typed].start_date, got[typed].end_date) == ("李群众", "2021-01-16", "2026-06-30")
    assert panel.selected().id == typed  # the ended post stays ended, and selected
    panel.select_cadre(picked)

    def keep(d) -> bool:  # type: ignore[no-untyped-def]
        assert d.member.currentText().startswith("王建国") and d.name.isReadOnly() and d.one_shoulder.isChecked()
        d.appointed.setCurrentText("选派")
        return True
    dialogs.append(keep)
    panel.actions["edit"].click()
    c = sv.list_cadres(db, current_only=True)[0]
    assert (c.id, c.member_id, c.appointed_by, c.one_shoulder) == (picked, mid, "选派", 1)
    assert len(sv.list_cadres(db)) == 2


def test_an_inspection_names_a_cadre_serving_that_day_and_is_corrected(qtbot, window, dialogs):  # type: ignore[no-untyped-def]
    db = window.db
    v = int(db.execute("SELECT id FROM villages WHERE name = '姜家庄村'").fetchone()[0])
    left = sv.save_cadre(db, sv.Cadre(v, "钱主任", "主任", "2018-01-15", "2026-06-30"))
    sv.save_cadre(db, sv.Cadre(v, "赵书记", "书记", "2021-01-15"))
    page = _page(window)

    def inspection(d) -> bool:  # type: ignore[no-untyped-def]
        d.village.setCurrentText("姜家庄村")
        names = [d.cadre.itemText(i) for i in range(d.cadre.count())]
        assert names == ["（不针对具体村干部）", "赵书记（书记）"]  # today: the 主任 has left
        d.day.setDate(d.day.date().fromString("2026-05-20", "yyyy-MM-dd"))
        names = [d.cadre.itemText(i) for i in range(d.cadre.count())]
        assert names == ["（不针对具体村干部）", "赵书记（书记）", "钱主任（主任）"]
        d.cadre.setCurrentIndex(2)
        commit_ime(d.checked, "工程款支付审批")
        return True
    dialogs.append(inspection)
    page.actions["inspection"].click()
    [ins] = sv.list_inspections(db)
    assert (ins.day, ins.cadre_id, ins.checked) == ("2026-05-20", left, "工程款支付审批")
    assert not page.actions["edit_inspection"].isEnabled()
    page.inspections.selectRow(0)

    def correct(d) -> bool:  # type: ignore[no-untyped-def]
        assert d.cadre.currentData() == left and d.checked.text() == "工程款支付审批"
        assert d.problems.isHidden()  # its problems are the ledger's to change
        d.source.setCurrentText("群众监督")
        commit_ime(d.findings, "支付凭证齐全")
        return True
    dialogs.append(correct)
    page.actions["edit_inspection"].click()
    [again] = sv.list_inspections(db)
    assert (again.id, again.source, again.findings, again.cadre_id) == (ins.id, "群众监督", "支付凭证齐全", left)
    assert page.selected_inspection().id == ins.id
