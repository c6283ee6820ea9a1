"""The 监督 page: a clerk records a problem, notes progress and closes it (销号) through the real dialogs; the
ledger shows days left or overdue in colour, the counts follow, filters narrow the list."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from models import supervision as sv
from tests.ui.conftest import commit_ime
from ui.supervision.table_models import OVERDUE, SOON

SHOTS = Path("/work/shots/supervision")


@pytest.fixture
def page(window):  # type: ignore[no-untyped-def]
    from ui.areas import install_areas
    install_areas(window)
    window.show_page("supervision")
    return window.page("supervision")


def test_record_a_problem_note_progress_and_close_it(qtbot, window, page, dialogs):  # type: ignore[no-untyped-def]
    def new(d) -> bool:  # type: ignore[no-untyped-def]
        d.village.setCurrentText("姜家庄村")
        commit_ime(d.description, "村务公开栏未及时更新")
        d.source.setCurrentText("群众监督")
        d.found_on.setDate(d.found_on.date().addDays(-30))
        d.deadline.setDate(d.deadline.date().fromString("2026-12-03", "yyyy-MM-dd"))
        commit_ime(d.person, "李主任")
        return True
    dialogs.append(new)
    page.actions["add"].click()
    [row] = page.model.rows
    assert (row.village, row.status, row.time_text) == ("姜家庄村", "待整改", "剩 7 天")
    assert page.model.index(0, 2).data(Qt.ItemDataRole.ForegroundRole) == SOON  # ForegroundRole: due within 10 days in orange
    assert "待整改 1" in page.counts_label.text() and "群众监督 1" in page.counts_label.text()

    def closing_without_a_note(d) -> bool:  # type: ignore[no-untyped-def]
        d.accept()  # refused: no progress note or evidence yet; the dialog stays open
        assert d.isVisible()
        d.reject()
        return False
    dialogs.append(closing_without_a_note)
    page.table.selectRow(0)
    page.actions["close"].click()
    assert page.model.rows[0].status == "待整改"

    def progress(d) -> bool:  # type: ignore[no-untyped-def]
        commit_ime(d.note, "已更新公开栏并拍照")
        return True
    dialogs.append(progress)
    page.table.selectRow(0)
    page.actions["progress"].click()
    assert page.model.rows[0].status == "整改中" and page.model.rows[0].progress == "已更新公开栏并拍照"

    dialogs.append(lambda d: True)
    page.table.selectRow(0)
    page.actions["close"].click()
    row = page.model.rows[0]
    assert (row.status, row.completed_on, row.time_text) == ("已销号", "2026-11-26", "已销号")
    assert "已销号 1" in page.counts_label.text()
    assert not page.actions["close"].isEnabled() and page.actions["reopen"].isEnabled()


def test_overdue_in_red_filters_and_screenshot(qtbot, window, page):  # type: ignore[no-untyped-def]
    db = window.db
    v1, v2 = (int(db.execute("SELECT id FROM villages WHERE name = ?", [n]).fetchone()[0]) for n in ("院上村", "姜家庄村"))
    sv.save_problem(db, sv.Problem(v1, "三会一课记录不全", "组织监督", "2026-09-01", "2026-11-16", unit="院上村党支部",
                                   person="王书记"))
    sv.save_problem(db, sv.Problem(v2, "工程未经民主决策", "程序监督", "2026-10-01", "2026-12-20"))
    sv.save_inspection(db, sv.Inspection(v1, "2026-09-01", "组织监督", "三会一课", "记录不全"))
    window.events.announce()
    shown = {r.description: (n, r.time_text) for n, r in enumerate(page.model.rows)}
    assert {k: v[1] for k, v in shown.items()} == {"三会一课记录不全": "逾期 10 天", "工程未经民主决策": "剩 24 天"}
    late = shown["三会一课记录不全"][0]
    assert page.model.index(late, 2).data(Qt.ItemDataRole.ForegroundRole) == OVERDUE
    assert "逾期 1" in page.counts_label.text()
    page.status.setCurrentText("逾期")
    assert [r.description for r in page.model.rows] == ["三会一课记录不全"]
    page.status.setCurrentText("全部")
    page.due.setCurrentIndex(2)  # 20 天内到期: none (one overdue, one in 24 days)
    assert page.model.rows == []
    page.due.setCurrentIndex(0)
    page.village.setCurrentText("姜家庄村")
    assert [r.village for r in page.model.rows] == ["姜家庄村"] and page.inspection_model.rows == []
    page.village.setCurrentText("全部")
    window.resize(1366, 768)
    qtbot.wait(50)
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(SHOTS / "page.png"))


def test_evidence_listed_and_opened_reopen_with_reason_and_mistaken(qtbot, window, page, dialogs, messages,
                                                                   monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    from ui import file_dialogs
    from ui.supervision import page as page_module

    def new(d) -> bool:  # type: ignore[no-untyped-def]
        d.village.setCurrentText("院上村")
        commit_ime(d.description, "三务公开栏破损")  # only the description typed: the defaults must save
        return True
    dialogs.append(new)
    page.actions["add"].click()
    [row] = page.model.rows
    assert (row.found_on, row.deadline, row.time_text) == ("2026-11-26", "2026-12-26", "剩 30 天")
    page.table.selectRow(0)
    assert page.detail_tabs.tabText(1) == "佐证材料（0）" and not page.actions["open"].isEnabled()

    photo, scan = tmp_path / "整改前照片.jpg", tmp_path / "整改报告.pdf"
    photo.write_bytes(b"\xff\xd8" + b"p" * 3000)
    scan.write_bytes(b"%PDF-1.4 " + b"s" * 200)
    picks = iter([str(photo), str(scan)])
    monkeypatch.setattr(file_dialogs.dialogs, "open_file", lambda *a, **k: next(picks))
    page.actions["evidence"].click()
    page.actions["evidence"].click()
    photo.unlink()
    scan.unlink()  # the USB stick is gone; the database has both
    assert page.selected() is not None and page.selected().id == row.id
    assert page.detail_tabs.tabText(1) == "佐证材料（2）"
    shown = [(page.evidence_model.index(n, 0).data(), page.evidence_model.index(n, 1).data()) for n in range(2)]
    assert shown == [("整改前照片.jpg", "3 KB"), ("整改报告.pdf", "209 字节")]
    opened: list[str] = []
    monkeypatch.setattr(page_module, "open_url", lambda url: opened.append(url.toLocalFile()) or True)
    page.actions["open"].click()  # two files, none picked: the clerk is asked to pick one
    assert opened == [] and "请在下方“佐证材料”中选中" in messages[-1][1]
    page.evidence_view.selectRow(1)
    page.actions["open"].click()
    assert len(opened) == 1 and Path(opened[0]).name == "整改报告.pdf"
    assert Path(opened[0]).read_bytes() == b"%PDF-1.4 " + b"s" * 200

    dialogs.append(lambda d: True)  # 销号 with evidence only (no progress note)
    page.actions["close"].click()
    page.table.selectRow(0)
    assert page.model.rows[0].status == "已销号"
    assert [page.history_model.index(0, c).data() for c in (1, 2)] == ["销号", "2026-11-26"]

    def reopen(d) -> bool:  # type: ignore[no-untyped-def]
        assert not d.ok_button.isEnabled()  # a reason is needed
        commit_ime(d.reason, "复查发现公开栏仍未修复")
        assert d.ok_button.isEnabled()
        return True
    dialogs.append(reopen)
    page.actions["reopen"].click()
    assert page.model.rows[0].status == "整改中" and page.selected().id == row.id
    assert [tuple(page.history_model.index(n, c).data() for c in (1, 2)) for n in range(2)] == [
        ("销号", "2026-11-26"), ("重新打开", "复查发现公开栏仍未修复")]
    assert page.detail_tabs.tabText(2) == "状态记录（2）"

    page.actions["mistaken"].click()  # confirmed: kept but hidden by default
    assert page.model.rows == [] and "整改中 0" in page.counts_label.text()
    page.show_mistaken.setChecked(True)
    [hidden] = page.model.rows
    assert page.model.index(0, 3).data() == "整改中（误录）"
    page.table.selectRow(0)
    assert page.actions["mistaken"].text() == "取消误录" and not page.actions["close"].isEnabled()
    page.actions["mistaken"].click()
    page.show_mistaken.setChecked(False)
    assert [r.id for r in page.model.rows] == [row.id] and page.model.rows[0].status == "整改中"
    assert [k for _, k, _ in sv.problem_history(window.db, row.id)] == ["销号", "重新打开", "标记误录", "取消误录"]


def test_the_evidence_limit_set_on_the_page_refuses_a_larger_file(qtbot, window, page, dialogs, messages,
                                                                  monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    from ui import file_dialogs
    db = window.db
    v = int(db.execute("SELECT id FROM villages WHERE name = '院上村'").fetchone()[0])
    pid = sv.save_problem(db, sv.Problem(v, "账目不清", "制度监督", "2026-10-01", "2026-12-30"))
    window.events.announce()
    assert page.actions["limit"].isEnabled()  # no accounts yet: everyone may

    def limit(d) -> bool:  # type: ignore[no-untyped-def]
        assert d.mb.value() == 50  # the default
        d.mb.setValue(1)
        return True
    dialogs.append(limit)
    page.actions["limit"].click()
    assert sv.evidence_limit(db) == 1048576
    big = tmp_path / "录像.mp4"
    big.write_bytes(b"v" * (1048576 + 10))
    monkeypatch.setattr(file_dialogs.dialogs, "open_file", lambda *a, **k: str(big))
    page.select_problem(pid)
    page.actions["evidence"].click()
    assert messages[-1][0] == "error" and "录像.mp4 有 1.0 MB，超过上限 1 MB" in messages[-1][1]
    assert sv.list_evidence(db, pid) == [] and page.detail_tabs.tabText(1) == "佐证材料（0）"


def test_the_period_filter_offers_years_and_quarters_as_problems_arrive(qtbot, window, page):  # type: ignore[no-untyped-def]
    db = window.db
    v = int(db.execute("SELECT id FROM villages WHERE name = '院上村'").fetchone()[0])
    sv.save_problem(db, sv.Problem(v, "去年的问题", "组织监督", "2025-12-31", "2026-01-31"))
    window.events.announce()
    assert [page.period.itemText(i) for i in range(page.period.count())] == ["全部", "2025年", "2025年第4季度"]
    sv.save_problem(db, sv.Problem(v, "三月的问题", "制度监督", "2026-03-31", "2026-04-30"))
    sv.save_problem(db, sv.Problem(v, "四月的问题", "群众监督", "2026-04-01", "2026-12-30"))
    window.events.announce()  # a new year appears without the villages changing
    assert [page.period.itemText(i) for i in range(page.period.count())] == [
        "全部", "2026年", "2026年第2季度", "2026年第1季度", "2025年", "2025年第4季度"]
    page.period.setCurrentText("2026年第1季度")
    assert [r.description for r in page.model.rows] == ["三月的问题"]
    page.period.setCurrentText("2026年")
    assert sorted(r.description for r in page.model.rows) == ["三月的问题", "四月的问题"]
    page.period.setCurrentText("2025年第4季度")
    assert [r.description for r in page.model.rows] == ["去年的问题"]


def test_the_ledger_and_an_inspection_printed_from_the_page(qtbot, window, page, messages, monkeypatch,
                                                            tmp_path):  # type: ignore[no-untyped-def]
    from tests.reports.conftest import pages_text
    from ui import file_dialogs
    db = window.db
    v1, v2 = (int(db.execute("SELECT id FROM villages WHERE name = ?", [n]).fetchone()[0]) for n in ("院上村", "姜家庄村"))
    iid, _ = sv.record_inspection(db, sv.Inspection(v1, "2026-09-01", "组织监督", "三会一课落实情况", "会议记录不全"),
                                  ["三会一课记录不全"], "2026-11-16")
    sv.save_problem(db, sv.Problem(v1, "公开栏未更新", "群众监督", "2026-10-01", "2026-12-20"))
    sv.save_problem(db, sv.Problem(v2, "账目不清", "制度监督", "2026-10-01", "2026-11-01"))
    window.events.announce()
    asked: list[str] = []

    def save_as(parent, caption, suggested, *a, **k):  # type: ignore[no-untyped-def]
        asked.append(suggested)
        return str(tmp_path / suggested)
    monkeypatch.setattr(file_dialogs.dialogs, "save_file", save_as)
    assert not page.actions["print_inspection"].isEnabled()
    page.village.setCurrentText("院上村")
    page.status.setCurrentText("逾期")
    page.actions["print"].click()
    assert asked[-1] == "问题整改台账-院上村-逾期-20261126.pdf"
    text = "".join(pages_text((tmp_path / asked[-1]).read_bytes()))
    assert "三会一课记录不全" in text and "逾期 10 天" in text
    assert "公开栏未更新" not in text and "账目不清" not in text
    page.inspections.selectRow(0)
    page.actions["print_inspection"].click()
    assert asked[-1] == "监督检查记录表-院上村-2026-09-01-20261126.pdf"
    text = "".join(pages_text((tmp_path / asked[-1]).read_bytes()))
    assert "三会一课落实情况" in text and "三会一课记录不全（整改时限 2026-11-16，待整改，逾期 10 天）" in text
    assert [kind for kind, _ in messages] == ["info", "info"]
    assert messages[0][1].startswith("已保存《问题整改台账》（院上村-逾期）（1 页）")
    assert messages[1][1].startswith("已保存《监督检查记录表》（院上村 2026-09-01 组织监督）（1 页）")
    assert iid == page.selected_inspection().id
