"""The rectification ledger: status transitions, the overdue/due-soon boundaries with the clock fixed at
2026-11-26, the closing rule, reopening kept in the history, 误录 hidden, evidence stored in the file."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from models import supervision as sv
from models.backup import backup_file
from models.db import LedgerDB, open_database
from models.reminders import due
from models.restore import restore_database
from models.settings import set_setting

TODAY = dt.date(2026, 11, 26)


def village(db: LedgerDB, name: str = "院上村") -> int:
    return int(db.execute("SELECT id FROM villages WHERE name = ?", [name]).fetchone()[0])


def problem(db: LedgerDB, deadline: str, *, found_on: str = "2026-10-01", desc: str = "三务公开不及时",
            **kw: object) -> int:
    return sv.save_problem(db, sv.Problem(village_id=village(db), description=desc, source="程序监督",
                                          found_on=found_on, deadline=deadline, **kw))  # type: ignore[arg-type]


@pytest.mark.parametrize(("deadline", "text", "late", "soon"), [
    ("2026-11-26", "今天到期", False, True),
    ("2026-11-25", "逾期 1 天", True, False),
    ("2026-12-06", "剩 10 天", False, True),
    ("2026-12-07", "剩 11 天", False, False),
])
def test_days_left_and_the_boundaries(town_db: LedgerDB, deadline: str, text: str, late: bool, soon: bool) -> None:
    pid = problem(town_db, deadline)
    [row] = sv.ledger(town_db)
    assert (row.id, row.time_text, row.overdue) == (pid, text, late)
    kinds = [r.kind for r in due(town_db)]
    assert kinds == (["rectification_overdue"] if late else ["rectification_due"] if soon else [])
    assert len(sv.ledger(town_db, sv.LedgerFilter(status="逾期"))) == int(late)
    assert len(sv.ledger(town_db, sv.LedgerFilter(due_within=10))) == int(soon)
    assert len(sv.ledger(town_db, sv.LedgerFilter(due_within=20))) == int(not late)


def test_overdue_reminder_names_the_days(town_db: LedgerDB) -> None:
    problem(town_db, "2026-11-16")
    [r] = due(town_db)
    assert r.kind == "rectification_overdue" and "逾期 10 天" in r.reason and r.village == "院上村"
    assert due(town_db, dt.date(2026, 11, 10))[0].kind == "rectification_due"


def test_progress_moves_to_in_progress_and_closing_needs_date_and_evidence(town_db: LedgerDB) -> None:
    pid = problem(town_db, "2026-12-30")
    with pytest.raises(sv.SupervisionError, match="至少一条整改进展或一份佐证材料"):
        sv.close_problem(town_db, pid, "2026-11-20")
    assert sv.get_problem(town_db, pid).status == "待整改"
    sv.add_progress(town_db, pid, "2026-11-10", "已张贴公开栏")
    assert sv.get_problem(town_db, pid).status == "整改中"
    with pytest.raises(sv.SupervisionError, match="不能晚于今天"):
        sv.close_problem(town_db, pid, "2026-11-27")
    with pytest.raises(sv.SupervisionError, match="不能早于发现日期"):
        sv.close_problem(town_db, pid, "2026-09-01")
    sv.close_problem(town_db, pid, "2026-11-20")
    p = sv.get_problem(town_db, pid)
    assert (p.status, p.completed_on) == ("已销号", "2026-11-20")
    assert sv.ledger(town_db)[0].time_text == "已销号" and due(town_db) == []
    sv.reopen_problem(town_db, pid, "群众反映仍未公开")
    assert sv.get_problem(town_db, pid).status == "整改中"
    assert [k for _, k, _ in sv.problem_history(town_db, pid)] == ["销号", "重新打开"]


def test_saving_as_closed_without_completion_date_is_refused_and_nothing_saved(town_db: LedgerDB) -> None:
    with pytest.raises(sv.SupervisionError, match="必须填写完成日期"):
        problem(town_db, "2026-12-30", status="已销号")
    with pytest.raises(sv.SupervisionError, match="至少一条整改进展"):
        problem(town_db, "2026-12-30", status="已销号", completed_on="2026-11-20")
    assert town_db.execute("SELECT count(*) FROM sv_problems").fetchone()[0] == 0
    pid = problem(town_db, "2026-12-30", status="已销号", completed_on="2026-11-20",
                  notes=[("2026-11-20", "已整改")])
    assert sv.get_problem(town_db, pid).status == "已销号"


@pytest.mark.parametrize(("fields", "message"), [
    ({"deadline": "2026-09-30"}, "整改时限 2026-09-30 不能早于发现日期"),
    ({"deadline": "2026-12-30", "completed_on": "2026-11-30"}, "完成日期 2026-11-30 不能晚于今天"),
    ({"deadline": "2026-12-30", "completed_on": "2026-09-01"}, "不能早于发现日期"),
    ({"deadline": "2026-12-30", "status": "已完成"}, "状态“已完成”不在可选范围内"),
    ({"deadline": "2026-02-30"}, "不是真实的日期"),
])
def test_bad_dates_and_status_are_refused(town_db: LedgerDB, fields: dict[str, str], message: str) -> None:
    with pytest.raises(sv.SupervisionError, match=message):
        problem(town_db, **fields)  # type: ignore[arg-type]


def test_mistaken_is_hidden_but_kept(town_db: LedgerDB) -> None:
    pid = problem(town_db, "2026-11-20")
    sv.add_progress(town_db, pid, "2026-11-01", "已约谈")
    sv.mark_mistaken(town_db, pid)
    assert sv.ledger(town_db) == [] and due(town_db) == []
    assert sv.counts(town_db)["status"]["整改中"] == 0
    [row] = sv.ledger(town_db, sv.LedgerFilter(include_mistaken=True))
    assert (row.id, row.mistaken, row.progress) == (pid, True, "已约谈")
    with pytest.raises(sv.SupervisionError, match="已经标记为误录"):
        sv.mark_mistaken(town_db, pid)
    sv.unmark_mistaken(town_db, pid)  # marked by mistake: back, and both steps in the history
    assert [r.mistaken for r in sv.ledger(town_db)] == [False] and [r.kind for r in due(town_db)] == [
        "rectification_overdue"]
    assert [k for _, k, _ in sv.problem_history(town_db, pid)] == ["标记误录", "取消误录"]
    with pytest.raises(sv.SupervisionError, match="没有标记为误录"):
        sv.unmark_mistaken(town_db, pid)
    # nothing removes a problem: there is no delete, the row and its note stay
    assert town_db.execute("SELECT count(*) FROM sv_progress WHERE problem_id = ?", [pid]).fetchone()[0] == 1
    assert not any(name.startswith("delete") for name in sv.__all__)


def test_counts_by_status_and_source(town_db: LedgerDB) -> None:
    problem(town_db, "2026-11-20")
    pid = problem(town_db, "2026-12-20", desc="账目不清")
    sv.add_progress(town_db, pid, "2026-11-25", "已清理")
    c = sv.counts(town_db)
    assert c["status"] == {"待整改": 1, "整改中": 1, "已销号": 0, "逾期": 1}
    assert c["source"]["程序监督"] == 2 and c["source"]["群众监督"] == 0


def test_evidence_is_stored_listed_opened_and_kept_by_backup_and_restore(town_db: LedgerDB, db_path: Path,
                                                                          tmp_path: Path) -> None:
    pid = problem(town_db, "2026-12-30")
    photo = tmp_path / "公开栏照片.jpg"
    photo.write_bytes(b"\xff\xd8JPEG" * 100)
    sv.add_evidence(town_db, pid, photo)
    photo.unlink()  # the USB stick is gone: the database still has it
    [(eid, name, size)] = sv.list_evidence(town_db, pid)
    assert (name, size) == ("公开栏照片.jpg", 600)
    out = tmp_path / "open"
    out.mkdir()
    assert sv.save_evidence_copy(town_db, eid, out).read_bytes() == b"\xff\xd8JPEG" * 100
    sv.close_problem(town_db, pid, "2026-11-25")  # evidence alone allows closing
    copy = backup_file(db_path, tmp_path / "备份.db")
    sv.mark_mistaken(town_db, pid)  # a change after the backup, undone by the restore
    town_db.close()
    restore_database(db_path, copy, backup_folder=tmp_path / "safety")
    restored = open_database(db_path)
    try:
        assert sv.list_evidence(restored, pid) == [(eid, name, size)]
        assert sv.save_evidence_copy(restored, eid, out).read_bytes() == b"\xff\xd8JPEG" * 100
        assert [r.id for r in sv.ledger(restored)] == [pid]
    finally:
        restored.close()


def test_evidence_missing_or_too_large_is_refused(town_db: LedgerDB, tmp_path: Path) -> None:
    pid = problem(town_db, "2026-12-30")
    with pytest.raises(sv.SupervisionError, match="不存在"):
        sv.add_evidence(town_db, pid, tmp_path / "没有.pdf")
    set_setting(town_db, "evidence_max_mb", "0.001")
    big = tmp_path / "big.pdf"
    big.write_bytes(b"x" * 2000)
    with pytest.raises(sv.SupervisionError, match="超过上限"):
        sv.add_evidence(town_db, pid, big)
    assert sv.list_evidence(town_db, pid) == []


def test_the_evidence_limit_is_a_setting_of_50_mb(town_db: LedgerDB, tmp_path: Path) -> None:
    assert sv.evidence_limit(town_db) == 50 * 1024 * 1024
    sv.set_evidence_limit(town_db, 1)
    assert sv.evidence_limit(town_db) == 1024 * 1024
    for bad in (0, 0.5, 501):
        with pytest.raises(sv.SupervisionError, match="大小上限应在 1 到 500 MB 之间"):
            sv.set_evidence_limit(town_db, bad)
    assert sv.evidence_limit(town_db) == 1024 * 1024
    pid = problem(town_db, "2026-12-30")
    big = tmp_path / "扫描件.pdf"
    big.write_bytes(b"x" * (1024 * 1024 + 1))
    with pytest.raises(sv.SupervisionError, match="扫描件.pdf 有 1.0 MB，超过上限 1 MB"):
        sv.add_evidence(town_db, pid, big)


def test_unreadable_evidence_is_refused_with_the_reason(town_db: LedgerDB, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    pid = problem(town_db, "2026-12-30")
    folder = tmp_path / "照片"
    folder.mkdir()
    with pytest.raises(sv.SupervisionError, match="不存在"):  # a folder is not a file
        sv.add_evidence(town_db, pid, folder)
    locked = tmp_path / "锁定.jpg"
    locked.write_bytes(b"jpeg")

    def refuse(self: Path) -> bytes:  # what a file another program holds open, or a bad USB stick, gives
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(sv.SupervisionError, match="无法读取佐证材料 锁定.jpg：Permission denied"):
        sv.add_evidence(town_db, pid, locked)
    monkeypatch.undo()
    assert sv.list_evidence(town_db, pid) == []


def test_changing_a_problem_keeps_its_inspection_and_project(town_db: LedgerDB) -> None:
    """The edit form and a re-imported spreadsheet row carry no links: saving them must not cut the problem off
    from the inspection that raised it, nor a flag's problem off its project (the flag would be offered again)."""
    v = village(town_db)
    iid, [raised] = sv.record_inspection(town_db, sv.Inspection(v, "2026-11-01", "制度监督", "财务"), ["凭证不全"],
                                         "2026-12-01")
    sv.save_cadre(town_db, sv.Cadre(v, "张三", "委员"))
    project = sv.save_project(town_db, sv.Project(v, "水渠", 12, "村委会", "张三"))
    flagged = sv.flag_to_problem(town_db, project, "2026-12-31")
    for pid in (raised, flagged):
        p = sv.get_problem(town_db, pid)
        sv.save_problem(town_db, sv.Problem(p.village_id, p.description, p.source, p.found_on, "2027-01-10",
                                            person="会计", status=p.status, id=pid))
    assert sv.get_problem(town_db, raised).inspection_id == iid
    assert [r.description for r in sv.inspection_data(town_db, inspection_id=iid).records[0].problems] == ["凭证不全"]
    assert sv.get_problem(town_db, flagged).project_id == project and sv.projects_in_ledger(town_db) == {project}
    assert sv.get_problem(town_db, flagged).deadline == "2027-01-10"
