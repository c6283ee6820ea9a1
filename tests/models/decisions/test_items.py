"""Decision items and their steps in a real database: an item keeps the procedure it started with when the town
edits it, a flagged step is kept (and reminded), field errors are refused with nothing written, corrections and
作废 are audited, and the import takes a village's spreadsheet (one row per step) all or nothing and round-trips
through the export."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from models import decisions as dc
from models import reminders as core_reminders
from models import supervision as sv
from models.db import LedgerDB
from tests.conftest import add_member
from tests.models.test_import_files import write_xlsx


def village(db: LedgerDB, name: str = "院上村") -> int:
    return int(db.execute("SELECT id FROM villages WHERE name = ?", [name]).fetchone()[0])


def audit_count(db: LedgerDB) -> int:
    return int(db.execute("SELECT count(*) FROM audit_log").fetchone()[0])


def test_an_item_keeps_its_procedure_when_the_town_edits_it(town_db: LedgerDB) -> None:
    old = dc.save_item(town_db, dc.Item(village(town_db), "村内道路硬化", "集体经济项目立项/招标", 35))
    assert dc.procedure(town_db).version == 1
    four = [("村党组织提议", "meeting"), ("村“两委”商议", "meeting"), ("党员大会审议", "party"),
            ("村民代表会议决议", "villagers"), ("决议公开", "publish"), ("实施结果公开", "publish")]
    dc.save_procedure(town_db, four)
    assert dc.procedure(town_db).version == 2
    new = dc.save_item(town_db, dc.Item(village(town_db), "集体果园承包", "土地承包租赁"))
    assert len(dc.item_detail(town_db, old).steps) == 8 and dc.item_detail(town_db, old).procedure_version == 1
    assert [s for s, _r in dc.item_detail(town_db, new).steps] == [s for s, _r in four]
    before = audit_count(town_db)
    dc.save_procedure(town_db, four)  # the same steps again: no new version, nothing written
    assert dc.procedure(town_db).version == 2 and audit_count(town_db) == before


def test_a_flagged_step_is_kept_reminded_and_shown_on_the_item(town_db: LedgerDB) -> None:
    item = dc.save_item(town_db, dc.Item(village(town_db), "年度财务预算", "财务预算和重大收支"))
    for n, day in enumerate(("2026-09-01", "2026-09-03", "2026-09-05")):
        assert dc.record_step(town_db, item, dc.StepRecord(n, day, 7, 7, 6, 1, 0, "同意") if n else
                              dc.StepRecord(n, day)) == []
    flags = dc.record_step(town_db, item, dc.StepRecord(3, "2026-09-10", 45, 29, 25, 2, 2, "通过"))
    assert flags == ["实到 29 人，不足应到 45 人的三分之二（至少 30 人），会议无效"]
    d = dc.item_detail(town_db, item)
    assert d.status == dc.FLAGGED and d.record(3).present == 29  # type: ignore[union-attr]
    due = [r for r in core_reminders.due(town_db, dt.date(2026, 11, 26)) if r.kind == "decision_flagged"]
    assert [(r.village, r.subject, r.date) for r in due] == [("院上村", "年度财务预算", "2026-09-10")]
    assert "“党员大会审议”" in due[0].reason and "不足应到 45 人的三分之二" in due[0].reason
    dc.record_step(town_db, item, dc.StepRecord(3, "2026-09-10", 45, 30, 25, 2, 2, "通过"))  # corrected
    assert dc.item_detail(town_db, item).flags == {}
    assert not [r for r in core_reminders.due(town_db, dt.date(2026, 11, 26)) if r.kind == "decision_flagged"]


@pytest.mark.parametrize(("record", "reason"), [
    (dc.StepRecord(0, ""), "日期不能为空"),
    (dc.StepRecord(0, "2026-02-30"), "不是真实的日期"),
    (dc.StepRecord(0, "2026-11-27"), "晚于今天"),
    (dc.StepRecord(1, "2026-09-01", "七", 7), "应到人数“七”应为不小于 0 的整数"),
    (dc.StepRecord(1, "2026-09-01", 7, -1), "实到人数“-1”应为不小于 0 的整数"),
    (dc.StepRecord(9, "2026-09-01"), "没有第 10 个步骤"),
])
def test_field_errors_are_refused_with_nothing_written(town_db: LedgerDB, record: dc.StepRecord,
                                                       reason: str) -> None:
    item = dc.save_item(town_db, dc.Item(village(town_db), "路灯安装", "其他"))
    before = audit_count(town_db)
    with pytest.raises(dc.DecisionError, match=reason):
        dc.record_step(town_db, item, record)
    assert audit_count(town_db) == before and dc.item_detail(town_db, item).records == ()


def test_items_are_checked_and_deletion_is_soft(town_db: LedgerDB) -> None:
    v = village(town_db)
    with pytest.raises(dc.DecisionError, match="事项类别“修路”应为"):
        dc.save_item(town_db, dc.Item(v, "道路", "修路"))
    with pytest.raises(dc.DecisionError, match="金额（万元）“-3”不能为负数"):
        dc.save_item(town_db, dc.Item(v, "道路", "其他", "-3"))  # type: ignore[arg-type]
    item = dc.save_item(town_db, dc.Item(v, "道路  硬化", "其他", "12.5万元"))  # type: ignore[arg-type]
    d = dc.item_detail(town_db, item)
    assert (d.title, d.amount) == ("道路 硬化", 12.5)
    with pytest.raises(dc.DecisionError, match="院上村已有名为“道路 硬化”的议事事项"):
        dc.save_item(town_db, dc.Item(v, "道路 硬化", "其他"))
    dc.record_step(town_db, item, dc.StepRecord(0, "2026-10-01"))
    dc.delete_item(town_db, item)
    assert dc.items(town_db) == []
    assert town_db.execute("SELECT status FROM dc_items WHERE id = ?", [item]).fetchone()[0] == "已作废"
    assert town_db.execute("SELECT status FROM dc_steps WHERE item_id = ?", [item]).fetchone()[0] == "已作废"
    dc.save_item(town_db, dc.Item(v, "道路 硬化", "其他"))  # the name is free again


def test_a_step_cleared_by_mistake_leaves_the_timeline(town_db: LedgerDB) -> None:
    item = dc.save_item(town_db, dc.Item(village(town_db), "路灯安装", "其他"))
    dc.record_step(town_db, item, dc.StepRecord(0, "2026-10-01"))
    dc.clear_step(town_db, item, 0)
    assert dc.item_detail(town_db, item).records == ()
    with pytest.raises(dc.DecisionError, match="还没有记录"):
        dc.clear_step(town_db, item, 0)


def test_one_shoulder_villages_may_merge_the_first_two_meetings(town_db: LedgerDB) -> None:
    v = village(town_db)
    m = add_member(town_db, "张三")
    sv.save_cadre(town_db, sv.Cadre(v, "", "书记", "2021-01-05", one_shoulder=True, member_id=m))
    item = dc.save_item(town_db, dc.Item(v, "文化广场建设", "集体经济项目立项/招标"))
    dc.record_step(town_db, item, dc.StepRecord(1, "2026-10-01", 7, 7, 7, 0, 0, "同意"))
    assert dc.record_step(town_db, item, dc.StepRecord(2, "2026-10-01", result="合并召开")) == []
    assert dc.item_detail(town_db, item).record(2).merged  # type: ignore[union-attr]
    other = dc.save_item(town_db, dc.Item(village(town_db, "姜家庄村"), "文化广场建设", "其他"))
    dc.record_step(town_db, other, dc.StepRecord(1, "2026-10-01", 7, 7, 7, 0, 0, "同意"))
    assert "不是“一肩挑”" in dc.record_step(town_db, other, dc.StepRecord(2, "2026-10-01", merged=True))[0]


HEADER = ["村（社区）", "事项名称", "事项类别", "金额（万元）", "步骤", "日期", "应到人数", "实到人数", "赞成", "反对",
          "弃权", "结果"]


def sheet_rows() -> list[list[object]]:
    return [HEADER,
            ["院上村", "集体厂房出租", "资产资源发包", 20, "村党支部提议", "2026-08-01", 7, 7, 7, 0, 0, "同意"],
            ["院上村", "集体厂房出租", "资产资源发包", 20, "两委商议", "2026/08/03", 9, 9, 9, 0, 0, "同意"],
            ["院上村", "集体厂房出租", "资产资源发包", 20, "党员大会审议", "2026年8月10日", 40, 26, 25, 1, 0, "通过"],
            ["院上村", "集体厂房出租", "资产资源发包", 20, "村民代表会议决议", "2026-08-15", 35, 33, 30, 2, 1, "通过"],
            ["姜家庄村", "路灯安装", "其他", None, "提议", "2026-09-01", 5, 5, 5, 0, 0, "同意"]]


def test_import_groups_rows_into_items_flags_and_round_trips(town_db: LedgerDB, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "议事.xlsx", {"议事记录": sheet_rows()})
    r = dc.import_decisions(town_db, path)
    assert (r.items, r.steps, r.unchanged, r.flagged) == (2, 5, 0, 1)  # 26 of 40 is short of 2/3
    d = next(x for x in dc.items(town_db) if x.title == "集体厂房出租")
    assert [x.step_no for x in d.records] == [1, 2, 3, 4] and d.stage == "已决议"
    assert list(d.flags) == [3]
    again = dc.import_decisions(town_db, path)
    assert (again.items, again.steps, again.unchanged) == (0, 0, 5)
    out = tmp_path / "导出.xlsx"
    from reports.xlsx_table import build_table_xlsx
    with out.open("wb") as f:
        build_table_xlsx(list(dc.COLUMNS), dc.decision_rows(town_db), f)
    rows = [list(x) for x in openpyxl.load_workbook(out).active.iter_rows(values_only=True)]
    assert rows[0] == HEADER
    assert ["院上村", "集体厂房出租", "资产资源发包", 20, "党员大会审议", "2026-08-10", 40, 26, 25, 1, 0, "通过"] in rows
    before = audit_count(town_db)
    assert dc.import_decisions(town_db, out).unchanged == 5 and audit_count(town_db) == before + 1


def test_a_bad_row_refuses_the_whole_file_naming_row_and_column(town_db: LedgerDB, tmp_path: Path) -> None:
    rows = sheet_rows()
    rows[2][4] = "开会"
    rows[5][0] = "新村"
    rows[3][7] = "二十六"
    path = write_xlsx(tmp_path / "坏.xlsx", {"议事记录": rows})
    with pytest.raises(dc.SheetRefused) as exc:
        dc.import_decisions(town_db, path)
    text = str(exc.value)
    assert "有 3 行有问题，未导入任何记录" in text
    assert "第 3 行：“步骤”列：“开会”不是议事程序中的步骤" in text
    assert "第 4 行：“党员大会审议”的实到人数“二十六”应为不小于 0 的整数" in text
    assert "第 6 行：“村（社区）”列：没有名为“新村”的村（社区）" in text
    assert dc.items(town_db) == [] and town_db.execute("SELECT count(*) FROM dc_steps").fetchone()[0] == 0


def test_the_demo_has_a_missed_quorum_and_an_early_publication(db: LedgerDB) -> None:
    from models.demo import fill_demo
    fill_demo(db, members=120)
    reasons = [r.reason for r in dc.reminders(db, dt.date(2026, 11, 26))]
    assert any("三分之二" in x for x in reasons)
    assert any("不能先公开后决议" in x for x in reasons)
    stages = {d.stage for d in dc.items(db)}
    assert {"进行中", "已公开"} <= stages


def test_the_demo_makes_as_many_items_as_asked_with_names_unique_in_each_village(town_db: LedgerDB) -> None:
    import random
    counts = dc.fill_demo(town_db, random.Random(3), dt.date(2026, 11, 26), per_village=14)
    assert counts == {"项议事事项": 28}
    titles = [(d.village, d.title) for d in dc.items(town_db)]
    assert len(set(titles)) == 28
