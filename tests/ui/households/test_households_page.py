"""The 中心户 page: designate a member and link a household through the window; the unlinked list; a refusal
keeps the dialog open."""
from __future__ import annotations

from pathlib import Path

import pytest

from models import households as hh
from tests.conftest import add_member
from tests.ui.conftest import commit_ime

SHOTS = Path("/work/shots/households")


@pytest.fixture
def page(window):  # type: ignore[no-untyped-def]
    from ui.areas import install_areas
    install_areas(window)
    window.show_page("central-households")
    p = window.page("central-households")
    assert p.select("grid", *window.db.execute("SELECT village_id, id FROM grids WHERE name = '第一网格'").fetchone())
    return p


def test_designate_and_link_through_the_window(qtbot, window, page, dialogs, messages):  # type: ignore[no-untyped-def]
    add_member(window.db, "王芳", grid="第一网格")
    window.events.announce()

    def designate(d) -> bool:  # type: ignore[no-untyped-def]
        assert d.member.currentText() == "王芳（第一网格）"
        d.start.setText("2026-12-01")
        assert not d.on_save()  # in the future: refused, the dialog stays
        assert "晚于今天" in messages[-1][1]
        d.start.setText("2026-03-01")
        return True

    dialogs.append(designate)
    page.designate()
    assert [(c.name, c.linked) for c in page.centrals.rows] == [("王芳", 0)]

    def household(d) -> bool:  # type: ignore[no-untyped-def]
        commit_ime(d.head, "刘德山")
        commit_ime(d.address, "院上村东街8号")
        d.persons.setValue(4)
        d.tags["低保"].setChecked(True)
        return True

    dialogs.append(household)
    page.new_household()
    page.only_unlinked.setChecked(True)
    assert [(h.head_name, h.grid, h.tags) for h in page.homes.rows] == [("刘德山", "第一网格", ("低保",))]
    assert "刘德山" in page.warnings.text() and "没有党员中心户联系" in page.warnings.text()
    page.home_view.selectRow(0)

    def link(d) -> bool:  # type: ignore[no-untyped-def]
        assert d.central.currentText().startswith("王芳")
        d.start.setText("2026-03-02")
        return True

    dialogs.append(link)
    page.link_selected()
    assert page.homes.rows == []  # no longer unlinked
    page.only_unlinked.setChecked(False)
    page.central_view.selectRow(0)
    assert [h.head_name for h in page.homes.rows] == ["刘德山"] and "王芳联系的户（1 户）" == page.home_title.text()
    assert [(c.name, c.linked) for c in page.centrals.rows] == [("王芳", 1)]
    assert "只联系 1 户" in page.warnings.text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.resize(1366, 768)
    qtbot.wait(10)
    window.grab().save(str(SHOTS / "page-test.png"))
    assert hh.household_rows(window.db)[0].central == "王芳"


def test_screenshot_of_the_page_from_the_command_line(town_db, db_path, tmp_path, capsys):  # type: ignore[no-untyped-def]
    import main
    out = tmp_path / "households.png"
    assert main.main(["--db", str(db_path), "screenshot", "--page", "central-households", "--out", str(out)]) == 0
    assert out.stat().st_size > 5000


def test_visit_list_filters_by_grid_period_and_kind(qtbot, window, page):  # type: ignore[no-untyped-def]
    db = window.db
    rows = {n: db.execute("SELECT village_id, id FROM grids WHERE name = ?", [n]).fetchone()
            for n in ("第一网格", "第二网格")}
    one = hh.save_household(db, hh.Household("刘一", *rows["第一网格"]))
    two = hh.save_household(db, hh.Household("孙二", *rows["第二网格"]))
    for home, day, kind in ((one, "2026-11-20", "办事"), (one, "2026-08-27", "问事"), (one, "2026-08-26", "问事"),
                            (two, "2026-11-01", "办事")):
        hh.record_visit(db, hh.Visit(home, day, kind, f"{day}的事"))
    window.events.announce()
    page.tabs.setCurrentIndex(1)
    shown = lambda: [(r[0], r[3], r[4]) for r in page.visits.model.rows]  # noqa: E731
    assert page.visits.period.currentText() == "近三个月"  # from 2026-08-27: the 26th is out
    assert shown() == [("2026-11-20", "刘一", "办事"), ("2026-08-27", "刘一", "问事")]
    page.visits.kind.setCurrentIndex(page.visits.kind.findText("问事"))
    assert shown() == [("2026-08-27", "刘一", "问事")]
    page.visits.period.setCurrentIndex(page.visits.period.findText("全部"))
    assert shown() == [("2026-08-27", "刘一", "问事"), ("2026-08-26", "刘一", "问事")]
    page.visits.period.setCurrentIndex(page.visits.period.findText("自定义"))
    assert page.visits.since_edit.isVisibleTo(page) and page.visits.until_edit.isVisibleTo(page)
    page.visits.since_edit.setText("2026-08-26")
    page.visits.until_edit.setText("2026-08-26")
    page.visits.refresh()
    assert shown() == [("2026-08-26", "刘一", "问事")]  # both ends count
    page.visits.until_edit.setText("2026-8月")
    page.visits.refresh()
    assert shown() == [] and "起止日期应写成" in page.visits.title.text()
    page.visits.until_edit.clear()
    page.visits.period.setCurrentIndex(page.visits.period.findText("全部"))
    page.visits.kind.setCurrentIndex(0)
    page.select("village", rows["第一网格"][0], None)
    assert [r[3] for r in page.visits.model.rows] == ["刘一", "孙二", "刘一", "刘一"]
    assert page.visits.title.text() == "走访记录（4 条）"
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.resize(1366, 768)
    qtbot.wait(10)
    window.grab().save(str(SHOTS / "visits-tab.png"))


def test_household_types_are_an_editable_setting(qtbot, window, page, dialogs, messages):  # type: ignore[no-untyped-def]
    def tags(d) -> bool:  # type: ignore[no-untyped-def]
        d.tags.setText("普通、低保、特困、残疾人、空巢老人")
        assert not d.on_save()  # 留守儿童 drives a warning: refused, the dialog stays
        assert "留守儿童" in messages[-1][1] and "不能删除" in messages[-1][1]
        commit_ime(d.tags, "、独居老人")
        d.tags.setText(d.tags.text().replace("空巢老人", "空巢老人、留守儿童"))
        return True

    dialogs.append(tags)
    page.edit_tags()
    assert hh.tag_list(window.db)[-1] == "独居老人"
    assert window.db.execute("SELECT count(*) FROM audit_log WHERE action = '修改设置'").fetchone()[0] == 1

    def household(d) -> bool:  # type: ignore[no-untyped-def]
        assert list(d.tags) == list(hh.tag_list(window.db))
        commit_ime(d.head, "周大")
        d.tags["独居老人"].setChecked(True)
        return True

    dialogs.append(household)
    page.new_household()
    assert [h.tags for h in hh.household_rows(window.db)] == [("独居老人",)]


def _end(date: str, reason: str, messages, refusals: tuple[tuple[str, str, str], ...] = ()):  # type: ignore[no-untyped-def]
    """Works an EndDialog: each refusal (date, reason, expected words) keeps the dialog open, then date/reason."""
    def work(d) -> bool:  # type: ignore[no-untyped-def]
        for bad_date, bad_reason, words in refusals:
            d.date.setText(bad_date)
            d.reason.clear()
            commit_ime(d.reason, bad_reason)
            assert not d.on_save() and words in messages[-1][1]
        d.date.setText(date)
        d.reason.clear()
        commit_ime(d.reason, reason)
        return True
    return work


def test_end_a_central_household_with_its_date_and_reason(qtbot, window, page, dialogs, messages):  # type: ignore[no-untyped-def]
    """结束中心户 on the page asks the date and the reason (not today, silently); the history keeps both and its
    households show as unlinked."""
    db = window.db
    member = add_member(db, "王芳", grid="第一网格")
    d = hh.designate(db, member, "2025-03-01")
    vid, gid = db.execute("SELECT village_id, id FROM grids WHERE name = '第一网格'").fetchone()
    for head in ("刘一", "孙二"):
        hh.link_household(db, hh.save_household(db, hh.Household(head, vid, gid)), d, "2025-03-02")
    window.events.announce()
    page.central_view.selectRow(0)
    dialogs.append(_end("2026-06-30", "年龄原因", messages, (
        ("2026-12-01", "年龄原因", "晚于今天"), ("2025-01-01", "年龄原因", "早于确定日期"),
        ("2026-06-30", "", "结束原因"))))
    page.end_selected()
    assert page.centrals.rows == []
    assert hh.designation_history(db, member) == [("2025-03-01", "两推两审一公示", "", "2026-06-30", "年龄原因",
                                                    "已结束")]
    page.only_unlinked.setChecked(True)
    assert sorted(h.head_name for h in page.homes.rows) == ["刘一", "孙二"]
    assert db.execute("SELECT DISTINCT end_date, end_reason FROM household_links").fetchall() == [
        ("2026-06-30", "年龄原因")]
    # the history is there to see: the 中心户历史 tab of the grid
    assert page.tabs.tabText(3) == "中心户历史"
    assert [tuple(page.history.data(page.history.index(0, c)) for c in range(8))] == [
        ("王芳", "第一网格", "2025-03-01", "两推两审一公示", "—", "2026-06-30", "年龄原因", "已结束")]
    hh.designate(db, member, "2026-07-01")
    window.events.announce()
    assert [r[7] for r in page.history.rows] == ["在任", "已结束"]  # current first


def test_edit_move_and_end_a_link_through_the_page(qtbot, window, page, dialogs, messages):  # type: ignore[no-untyped-def]
    db = window.db
    a = hh.designate(db, add_member(db, "甲", grid="第一网格"), "2025-01-01")
    hh.designate(db, add_member(db, "乙", grid="第二网格"), "2025-01-01")
    vid, gid = db.execute("SELECT village_id, id FROM grids WHERE name = '第一网格'").fetchone()
    home = hh.save_household(db, hh.Household("刘一", vid, gid, "", "东街1号", 2, "", ("低保",)))
    hh.link_household(db, home, a, "2025-02-01")
    window.events.announce()
    page.home_view.selectRow(0)

    def edit(d) -> bool:  # type: ignore[no-untyped-def]
        assert d.windowTitle() == "修改户"
        assert (d.head.text(), d.address.text(), d.persons.value(), d.grid.currentText()) == (
            "刘一", "东街1号", 2, "第一网格")
        assert d.tags["低保"].isChecked() and not d.tags["普通"].isChecked()
        d.persons.setValue(0)  # the spin box keeps 1 at least
        d.address.clear()
        commit_ime(d.address, "东街9号")
        d.tags["空巢老人"].setChecked(True)
        d.grid.setCurrentIndex(d.grid.findText("第二网格"))
        return True

    dialogs.append(edit)
    page.edit_household()
    (row,) = hh.household_rows(db)
    assert (row.id, row.address, row.persons, row.tags, row.grid, row.central) == (
        home, "东街9号", 1, ("低保", "空巢老人"), "第二网格", "甲")
    page.select("village", vid, None)
    page.home_view.selectRow(0)

    def move(d) -> bool:  # type: ignore[no-untyped-def]
        assert "现为甲" in d.windowTitle()
        assert [d.central.itemText(i) for i in range(d.central.count())] == ["乙（第二网格，已联系 0 户）"]
        d.start.setText("2026-05-01")
        return True

    dialogs.append(move)
    page.link_selected()
    assert hh.household_rows(db)[0].central == "乙"
    page.home_view.selectRow(0)
    dialogs.append(_end("2026-10-01", "搬迁", messages, (("2026-13-01", "搬迁", "不是有效日期"),)))
    page.unlink_selected()
    assert hh.household_rows(db)[0].central == ""
    links = db.execute("SELECT designation_id, start_date, end_date, end_reason, status FROM household_links"
                       " ORDER BY id").fetchall()
    assert [tuple(r[1:]) for r in links] == [("2025-02-01", "2026-05-01", "调整联系人", "已结束"),
                                             ("2026-05-01", "2026-10-01", "搬迁", "已结束")]
    page.home_view.selectRow(0)
    page.unlink_selected()  # linked to no one now: said so, no dialog
    assert "没有联系的党员中心户" in messages[-1][1]


def test_the_months_before_a_not_visited_reminder_is_a_setting(qtbot, window, page, dialogs):  # type: ignore[no-untyped-def]
    db = window.db
    d = hh.designate(db, add_member(db, "王芳", grid="第一网格"), "2025-01-01")
    vid, gid = db.execute("SELECT village_id, id FROM grids WHERE name = '第一网格'").fetchone()
    home = hh.save_household(db, hh.Household("刘一", vid, gid))
    hh.link_household(db, home, d, "2025-01-01")
    hh.record_visit(db, hh.Visit(home, "2026-08-20", "问事"))
    window.events.announce()
    assert "刘一：自 2026-08-20 最后一次走访已满 3 个月" in page.warnings.text()

    def months(dialog) -> bool:  # type: ignore[no-untyped-def]
        assert dialog.months.value() == 3
        dialog.months.setValue(4)
        return True

    dialogs.append(months)
    page.edit_reminders()
    assert hh.visit_months(db) == 4 and "刘一" not in page.warnings.text()
    assert db.execute("SELECT count(*) FROM audit_log WHERE action = '修改设置' AND summary LIKE '%未走访提醒月数%'"
                      ).fetchone()[0] == 1


def test_designate_from_the_grid_on_the_organization_page(qtbot, window, page, dialogs):  # type: ignore[no-untyped-def]
    db = window.db
    add_member(db, "王芳", grid="第二网格")
    add_member(db, "李明", grid="第一网格")
    window.events.announce()
    vid, gid = db.execute("SELECT village_id, id FROM grids WHERE name = '第二网格'").fetchone()
    window.show_page("organization")
    assert window.org_page.select("grid", gid)
    action = window.org_page.actions_["central"]
    assert action.isEnabled()

    def designate(d) -> bool:  # type: ignore[no-untyped-def]
        assert [d.member.itemText(i) for i in range(d.member.count())] == ["王芳（第二网格）"]  # that grid's only
        d.start.setText("2026-03-01")
        d.notice.setText("2026-02-20")
        return True

    dialogs.append(designate)
    action.trigger()
    assert window.current_page() == "central-households" and page.scope() == ("grid", vid, gid)
    assert [(c.name, c.grid, c.start_date) for c in page.centrals.rows] == [("王芳", "第二网格", "2026-03-01")]


def test_a_households_reminder_opens_the_household(qtbot, window, page):  # type: ignore[no-untyped-def]
    from ui.areas import open_record
    db = window.db
    vid = db.execute("SELECT id FROM villages WHERE name = '姜家庄村'").fetchone()[0]
    hh.save_household(db, hh.Household("周五", vid, None, tags=("普通",)))
    poor = hh.save_household(db, hh.Household("孙二", vid, None, tags=("特困",)))
    window.events.announce()
    (reminder,) = [r for r in hh.reminders(db, clock_today()) if r.kind == "household_unlinked"]
    window.show_page("members")
    open_record(window, reminder.record)
    assert window.current_page() == "central-households" and page.scope() == ("village", vid, None)
    assert page.current_household() is not None and page.current_household().id == poor


def clock_today():  # type: ignore[no-untyped-def]
    from models import clock
    return clock.today()


def test_the_warnings_tab_lists_them_all_and_opens_what_they_name(qtbot, window, page):  # type: ignore[no-untyped-def]
    db = window.db
    member = add_member(db, "王芳", grid="第一网格")
    hh.designate(db, member, "2025-01-01")
    vid, gid = db.execute("SELECT village_id, id FROM grids WHERE name = '第一网格'").fetchone()
    poor = [hh.save_household(db, hh.Household(f"困难{i}", vid, gid, tags=("低保",))) for i in range(5)]
    window.events.announce()
    page.select("village", vid, None)
    rows = page.warning_rows.rows
    assert len(rows) == 7 and page.tabs.tabText(2) == "提醒（7）"  # too few, 第二网格, five households
    assert "全部见右侧“提醒”页签" in page.warnings.text() and "reminders" not in page.warnings.text()
    shown = [page.warning_rows.data(page.warning_rows.index(r, 0)) for r in range(len(rows))]
    assert shown[:2] == ["联系户过少", "网格无中心户"] and set(shown[2:]) == {"困难户无人联系"}
    at = next(r for r, w in enumerate(rows) if w.subject == "困难3")
    page.open_warning(at)
    assert page.tabs.currentIndex() == 0 and page.current_household().id == poor[3]
    page.open_warning(0)  # 王芳 links too few: the 党员 page shows her
    assert window.current_page() == "members" and window.members_page.model.rowCount() == 1
    assert "提醒所指的党员" in window.members_page.only_label.text()


def test_record_a_visit_through_the_window(qtbot, window, page, dialogs, messages):  # type: ignore[no-untyped-def]
    db = window.db
    d = hh.designate(db, add_member(db, "王芳", grid="第一网格"), "2025-01-01")
    vid, gid = db.execute("SELECT village_id, id FROM grids WHERE name = '第一网格'").fetchone()
    home = hh.save_household(db, hh.Household("刘一", vid, gid))
    hh.link_household(db, home, d, "2025-01-01")
    window.events.announce()
    page.home_view.selectRow(0)

    def visit(dialog) -> bool:  # type: ignore[no-untyped-def]
        assert [dialog.kind.itemText(i) for i in range(dialog.kind.count())] == list(hh.VISIT_KINDS)
        dialog.date.setText("2026-11-27")
        assert not dialog.on_save() and "晚于今天" in messages[-1][1]  # refused, the dialog stays
        dialog.date.setText("2026-11-20")
        dialog.kind.setCurrentText("提事")
        commit_ime(dialog.raised, "村路路灯不亮")
        commit_ime(dialog.handled, "已上报村党支部")
        dialog.reported.setChecked(True)
        return True

    dialogs.append(visit)
    page.visit_selected()
    assert [r[:8] for r in hh.visit_rows(db)] == [
        ("2026-11-20", "院上村", "第一网格", "刘一", "提事", "村路路灯不亮", "已上报村党支部", 1)]
    assert page.homes.rows[0].last_visit == "2026-11-20" and page.centrals.rows[0].last_visit == "2026-11-20"
    assert page.visits.title.text() == "走访记录（1 条）"
    assert db.execute("SELECT designation_id FROM household_visits").fetchone()[0] == d  # who visited


def test_a_migrated_central_households_date_is_filled_in_on_the_page(qtbot, window, page, dialogs, messages):  # type: ignore[no-untyped-def]
    db = window.db
    m = add_member(db, "老中心户", grid="第一网格", is_central=True, linked_households=9)
    db.execute("INSERT INTO central_designations (member_id, method, legacy_households) VALUES (?, '', 9)", [m])
    window.events.announce(frozenset({"central_designations"}))
    assert page.centrals.data(page.centrals.index(0, 2)) == "9（原登记）"
    assert page.centrals.data(page.centrals.index(0, 4)) == "不详"
    page.central_view.selectRow(0)

    def edit(d) -> bool:  # type: ignore[no-untyped-def]
        assert d.windowTitle() == "修改党员中心户" and not d.member.isEnabled()
        assert (d.start.text(), d.method.text()) == ("", "两推两审一公示")
        d.start.setText("2027-01-01")
        assert not d.on_save() and "晚于今天" in messages[-1][1]
        d.start.setText("2022-04-01")
        d.notice.setText("2022-03-25")
        return True

    dialogs.append(edit)
    page.edit_central()
    assert page.centrals.data(page.centrals.index(0, 4)) == "2022-04-01"
    assert hh.designation_history(db, m) == [("2022-04-01", "两推两审一公示", "2022-03-25", "", "", "在任")]


@pytest.mark.parametrize(("role", "writes", "settings"), [("查阅", False, False), ("录入员", True, False),
                                                         ("管理员", True, True)])
def test_the_pages_actions_follow_the_role(qtbot, town_db, db_path, dialogs, role, writes, settings):  # type: ignore[no-untyped-def]
    from tests.ui.test_areas import signed_in_window
    vid, gid = town_db.execute("SELECT village_id, id FROM grids WHERE name = '第一网格'").fetchone()
    hh.save_household(town_db, hh.Household("刘一", vid, gid))
    w = signed_in_window(qtbot, town_db, db_path, role)
    w.show()
    w.show_page("central-households")
    acts = w.page("central-households").actions_
    for text in ("确定中心户", "修改中心户", "结束中心户", "新增户", "修改户", "注销户", "联系到中心户", "结束联系",
                 "登记走访", "作废走访"):
        assert acts[text].isEnabled() is writes, (role, text)
    for text in ("户类型设置", "提醒设置"):  # settings: administrators (models.settings refuses the others too)
        assert acts[text].isEnabled() is settings, (role, text)
    if not writes:
        assert "只能查阅" in acts["确定中心户"].toolTip()
        page = w.page("central-households")
        assert page.select("village", vid, None) and page.homes.rows
        page.home_view.doubleClicked.emit(page.homes.index(0, 0))  # no form opens (dialogs: none expected)


def test_a_household_that_is_gone_is_ended_not_removed(qtbot, window, page, dialogs, messages):  # type: ignore[no-untyped-def]
    db = window.db
    d = hh.designate(db, add_member(db, "王芳", grid="第一网格"), "2025-01-01")
    vid, gid = db.execute("SELECT village_id, id FROM grids WHERE name = '第一网格'").fetchone()
    gone = hh.save_household(db, hh.Household("刘一", vid, gid, address="1号", tags=("低保",)))
    stays = hh.save_household(db, hh.Household("孙二", vid, gid, address="2号"))
    for home in (gone, stays):
        hh.link_household(db, home, d, "2025-02-01")
    window.events.announce()
    page.home_view.selectRow(0)
    assert page.current_household().id == gone

    def end(dialog) -> bool:  # type: ignore[no-untyped-def]
        assert dialog.form.labelForField(dialog.reason).text() == "注销原因"
        assert not dialog.on_save() and "注销原因：不能为空" in messages[-1][1]
        commit_ime(dialog.reason, "全家迁出")
        return True

    dialogs.append(end)
    page.end_household()
    assert [h.head_name for h in page.homes.rows] == ["孙二"] and page.centrals.rows[0].linked == 1
    assert db.execute("SELECT status, ended_date, ended_reason FROM households WHERE id = ?", [gone]).fetchone() == (
        "已注销", "2026-11-26", "全家迁出")  # kept, never removed
    assert db.execute("SELECT status, end_reason FROM household_links WHERE household_id = ?", [gone]).fetchone() == (
        "已结束", "户已注销：全家迁出")
    assert not [r for r in hh.reminders(db, dt_today()) if r.subject == "刘一"]
    assert db.execute("SELECT linked_households FROM members WHERE name = '王芳'").fetchone()[0] == 1
    with pytest.raises(hh.HouseholdError, match="不存在"):
        hh.record_visit(db, hh.Visit(gone, "2026-11-01"))


def dt_today():  # type: ignore[no-untyped-def]
    from models import clock
    return clock.today()


def test_a_visit_recorded_by_mistake_is_voided(qtbot, window, page, dialogs, messages):  # type: ignore[no-untyped-def]
    db = window.db
    d = hh.designate(db, add_member(db, "王芳", grid="第一网格"), "2025-01-01")
    vid, gid = db.execute("SELECT village_id, id FROM grids WHERE name = '第一网格'").fetchone()
    home = hh.save_household(db, hh.Household("刘一", vid, gid))
    hh.link_household(db, home, d, "2025-01-01")
    hh.record_visit(db, hh.Visit(home, "2026-08-01", "问事"))
    wrong = hh.record_visit(db, hh.Visit(home, "2026-11-20", "办事", "登记错了"))
    window.events.announce()
    assert page.homes.rows[0].last_visit == "2026-11-20"
    page.void_selected_visit()  # the 户 tab is current: said so, no dialog
    assert "走访记录" in messages[-1][1]
    page.tabs.setCurrentIndex(1)
    page.visits.period.setCurrentIndex(page.visits.period.findText("全部"))
    page.visits.view.selectRow(0)

    def void(dialog) -> bool:  # type: ignore[no-untyped-def]
        assert not dialog.date.isVisibleTo(dialog) and "2026-11-20" in dialog.windowTitle()
        assert not dialog.on_save() and "作废原因：不能为空" in messages[-1][1]
        commit_ime(dialog.reason, "登记错了户")
        return True

    dialogs.append(void)
    page.void_selected_visit()
    assert [r[0] for r in page.visits.model.rows] == ["2026-08-01"]
    assert page.homes.rows[0].last_visit == "2026-08-01"  # the warnings and last visits forget it
    assert "自 2026-08-01 最后一次走访已满 3 个月" in page.warnings.text()
    assert db.execute("SELECT status FROM household_visits WHERE id = ?", [wrong]).fetchone()[0] == "作废"  # kept
    with pytest.raises(hh.HouseholdError, match="已作废"):
        hh.void_visit(db, wrong, "again")
