"""问题整改台账: problems with their source, deadline, dated progress notes, evidence files (stored inside the
database, so backups and restores carry them), status 待整改 / 整改中 / 已销号 and its history (销号, 重新打开).
逾期 is derived, never stored. A problem with progress is never deleted: closed, or marked 误录 (hidden)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import clock
from ..audit import ChangeLog, changing
from ..db import LedgerDB
from ..settings import get_setting, set_setting
from .rules import EVIDENCE_LIMIT_KEY, EVIDENCE_LIMIT_MB, SOURCES, STATUSES, SupervisionError, check_choice, parse_day


@dataclass
class Problem:
    village_id: int
    description: str
    source: str
    found_on: str
    deadline: str
    unit: str = ""
    person: str = ""
    measures: str = ""
    completed_on: str = ""
    status: str = "待整改"
    inspection_id: int | None = None
    project_id: int | None = None
    id: int | None = None
    mistaken: int = 0
    village: str = ""
    notes: list[tuple[str, str]] = field(default_factory=list)


_COLS = ("village_id", "description", "source", "found_on", "deadline", "unit", "person", "measures",
         "completed_on", "status", "inspection_id", "project_id")


def check_problem(db: LedgerDB, p: Problem, today: dt.date | None = None) -> Problem:
    """The problem as it will be stored, or SupervisionError naming the field."""
    day = today or clock.today()
    p.description = (p.description or "").strip()
    if not p.description:
        raise SupervisionError("问题描述不能为空")
    if not db.execute("SELECT 1 FROM villages WHERE id = ?", [p.village_id]).fetchone():
        raise SupervisionError("请选择问题所在的村（社区）")
    p.source = check_choice(p.source, SOURCES, "问题来源")
    p.status = check_choice(p.status, STATUSES, "状态")
    p.found_on = parse_day(p.found_on, "发现日期")
    p.deadline = parse_day(p.deadline, "整改时限")
    p.completed_on = parse_day(p.completed_on, "完成日期", required=False)
    if p.found_on > day.isoformat():
        raise SupervisionError(f"发现日期 {p.found_on} 不能晚于今天")
    if p.deadline < p.found_on:
        raise SupervisionError(f"整改时限 {p.deadline} 不能早于发现日期 {p.found_on}")
    if p.completed_on:
        if p.completed_on > day.isoformat():
            raise SupervisionError(f"完成日期 {p.completed_on} 不能晚于今天")
        if p.completed_on < p.found_on:
            raise SupervisionError(f"完成日期 {p.completed_on} 不能早于发现日期 {p.found_on}")
    if p.status == "已销号" and not p.completed_on:
        raise SupervisionError("状态为“已销号”的问题必须填写完成日期")
    for field_name in ("unit", "person", "measures"):
        setattr(p, field_name, (getattr(p, field_name) or "").strip())
    return p


def _row(db: LedgerDB, problem_id: int) -> dict[str, Any]:
    row = db.execute("SELECT * FROM sv_problems WHERE id = ?", [problem_id]).fetchone()
    if not row:
        raise SupervisionError(f"找不到编号为 {problem_id} 的整改问题")
    names = [d[0] for d in db.execute("SELECT * FROM sv_problems LIMIT 0").description]
    return dict(zip(names, row))


def get_problem(db: LedgerDB, problem_id: int) -> Problem:
    r = _row(db, problem_id)
    village = db.execute("SELECT name FROM villages WHERE id = ?", [r["village_id"]]).fetchone()[0]
    notes = [(d, n) for d, n in db.execute(
        "SELECT day, note FROM sv_progress WHERE problem_id = ? ORDER BY day, id", [problem_id])]
    return Problem(**{k: r[k] for k in _COLS}, id=problem_id, mistaken=r["mistaken"], village=village, notes=notes)


def _event(db: LedgerDB, log: ChangeLog, problem_id: int, kind: str, detail: str = "") -> None:
    cur = db.execute("INSERT INTO sv_problem_events (problem_id, at, kind, detail) VALUES (?, ?, ?, ?)",
                     [problem_id, clock.local_stamp(), kind, detail])
    log.record("sv_problem_events", cur.lastrowid, f"{kind}：{detail}" if detail else kind)


def _closable(db: LedgerDB, problem_id: int, completed_on: str, *, extra_notes: int = 0) -> None:
    if not completed_on:
        raise SupervisionError("销号需要填写完成日期")
    notes = db.execute("SELECT count(*) FROM sv_progress WHERE problem_id = ?", [problem_id]).fetchone()[0]
    files = db.execute("SELECT count(*) FROM sv_evidence WHERE problem_id = ? AND status = '有效'",
                       [problem_id]).fetchone()[0]
    if notes + files + extra_notes == 0:
        raise SupervisionError("销号需要至少一条整改进展或一份佐证材料")


def save_problem(db: LedgerDB, p: Problem, *, action: str = "") -> int:
    """Add (p.id None) or change a problem; a new one may come with progress notes (p.notes). Saving one as
    已销号 follows the closing rule."""
    p = check_problem(db, p)
    values = [getattr(p, c) for c in _COLS]
    with changing(db, action or ("新增整改问题" if p.id is None else "修改整改问题")) as log:
        if p.id is None:
            cur = db.execute(f"INSERT INTO sv_problems ({', '.join(_COLS)}) VALUES ({', '.join('?' * len(_COLS))})",
                             values)
            pid = int(cur.lastrowid or 0)
            log.record("sv_problems", pid, f"新增整改问题：{p.description[:30]}", None, dict(zip(_COLS, values)))
            before_status = ""
        else:
            pid = p.id
            before = _row(db, pid)
            before_status = before["status"]
            # the links to the inspection that raised it and the project whose flag it is are made with the
            # problem and kept: a form or a spreadsheet row that does not carry them must not cut them
            for link in ("inspection_id", "project_id"):
                if getattr(p, link) is None:
                    setattr(p, link, before[link])
            values = [getattr(p, c) for c in _COLS]
            db.execute(f"UPDATE sv_problems SET {', '.join(f'{c} = ?' for c in _COLS)} WHERE id = ?", [*values, pid])
            log.record("sv_problems", pid, f"修改整改问题：{p.description[:30]}", before, dict(zip(_COLS, values)))
        for day, note in p.notes:
            _add_note(db, log, pid, day, note)
        if p.status == "已销号" and before_status != "已销号":
            _closable(db, pid, p.completed_on)
            _event(db, log, pid, "销号", p.completed_on)
        elif before_status == "已销号" and p.status != "已销号":
            _event(db, log, pid, "重新打开", p.status)
    return pid


def _add_note(db: LedgerDB, log: ChangeLog, problem_id: int, day: str, note: str) -> None:
    note = (note or "").strip()
    if not note:
        raise SupervisionError("整改进展的内容不能为空")
    day = parse_day(day, "进展日期")
    if day > clock.today().isoformat():
        raise SupervisionError(f"进展日期 {day} 不能晚于今天")
    cur = db.execute("INSERT INTO sv_progress (problem_id, day, note) VALUES (?, ?, ?)", [problem_id, day, note])
    log.record("sv_progress", cur.lastrowid, f"整改进展：{note[:30]}", None, {"day": day, "note": note})


def add_progress(db: LedgerDB, problem_id: int, day: str, note: str) -> None:
    """A dated progress note; a 待整改 problem becomes 整改中."""
    with changing(db, "记录整改进展") as log:
        r = _row(db, problem_id)
        _add_note(db, log, problem_id, day, note)
        if r["status"] == "待整改":
            db.execute("UPDATE sv_problems SET status = '整改中' WHERE id = ?", [problem_id])
            log.record("sv_problems", problem_id, "状态改为整改中", {"status": "待整改"}, {"status": "整改中"})


def evidence_limit(db: LedgerDB) -> int:
    """The largest evidence file in bytes (setting evidence_max_mb, default 50 MB)."""
    try:
        mb = float(get_setting(db, EVIDENCE_LIMIT_KEY, str(EVIDENCE_LIMIT_MB)))
    except ValueError:
        mb = EVIDENCE_LIMIT_MB
    return int(mb * 1024 * 1024)


EVIDENCE_LIMIT_MAX_MB = 500  # SQLite refuses a value over about 1 GB; a backup copies every file


def set_evidence_limit(db: LedgerDB, mb: float) -> None:
    """The evidence size limit (管理员: the "settings" permission), in MB, 1 to 500."""
    if not 1 <= mb <= EVIDENCE_LIMIT_MAX_MB:
        raise SupervisionError(f"佐证材料大小上限应在 1 到 {EVIDENCE_LIMIT_MAX_MB} MB 之间，不能是 {mb:g} MB")
    set_setting(db, EVIDENCE_LIMIT_KEY, f"{mb:g}")


def add_evidence(db: LedgerDB, problem_id: int, path: str | Path) -> int:
    """Store a file's bytes inside the database as evidence for the problem."""
    file = Path(path)
    if not file.is_file():
        raise SupervisionError(f"佐证材料 {file} 不存在")
    limit = evidence_limit(db)
    size = file.stat().st_size
    if size > limit:
        raise SupervisionError(f"佐证材料 {file.name} 有 {size / 1048576:.1f} MB，超过上限 {limit / 1048576:.0f} MB")
    try:
        content = file.read_bytes()
    except OSError as exc:
        raise SupervisionError(f"无法读取佐证材料 {file.name}：{exc.strerror or exc}") from exc
    with changing(db, "添加佐证材料") as log:
        _row(db, problem_id)
        cur = db.execute("INSERT INTO sv_evidence (problem_id, name, size, content, added_on) VALUES (?, ?, ?, ?, ?)",
                         [problem_id, file.name, len(content), content, clock.today().isoformat()])
        eid = int(cur.lastrowid or 0)
        log.record("sv_evidence", eid, f"佐证材料 {file.name}（{len(content)} 字节）", None,
                   {"name": file.name, "size": len(content)})
    return eid


def list_evidence(db: LedgerDB, problem_id: int) -> list[tuple[int, str, int]]:
    """(id, file name, size in bytes) of the problem's evidence files."""
    return [(int(i), str(n), int(s)) for i, n, s in db.execute(
        "SELECT id, name, size FROM sv_evidence WHERE problem_id = ? AND status = '有效' ORDER BY id", [problem_id])]


def save_evidence_copy(db: LedgerDB, evidence_id: int, folder: str | Path) -> Path:
    """Write the stored file out (to open it); returns its path."""
    row = db.execute("SELECT name, content FROM sv_evidence WHERE id = ?", [evidence_id]).fetchone()
    if not row:
        raise SupervisionError(f"找不到编号为 {evidence_id} 的佐证材料")
    out = Path(folder) / Path(row[0]).name
    out.write_bytes(row[1])
    return out


def close_problem(db: LedgerDB, problem_id: int, completed_on: str, note: str = "") -> None:
    """销号: needs a completion date and at least one progress note or evidence file (the note given counts)."""
    day = parse_day(completed_on, "完成日期")
    with changing(db, "问题销号") as log:
        r = _row(db, problem_id)
        if r["status"] == "已销号":
            raise SupervisionError("该问题已经销号")
        if day > clock.today().isoformat():
            raise SupervisionError(f"完成日期 {day} 不能晚于今天")
        if day < r["found_on"]:
            raise SupervisionError(f"完成日期 {day} 不能早于发现日期 {r['found_on']}")
        if note.strip():
            _add_note(db, log, problem_id, day, note)
        _closable(db, problem_id, day)
        db.execute("UPDATE sv_problems SET status = '已销号', completed_on = ? WHERE id = ?", [day, problem_id])
        log.record("sv_problems", problem_id, "销号", {"status": r["status"], "completed_on": r["completed_on"]},
                   {"status": "已销号", "completed_on": day})
        _event(db, log, problem_id, "销号", day)


def reopen_problem(db: LedgerDB, problem_id: int, reason: str) -> None:
    """A closed problem back to 整改中 (the closing stays in the history)."""
    if not (reason or "").strip():
        raise SupervisionError("重新打开需要写明原因")
    with changing(db, "重新打开整改问题") as log:
        r = _row(db, problem_id)
        if r["status"] != "已销号":
            raise SupervisionError("只有已销号的问题可以重新打开")
        db.execute("UPDATE sv_problems SET status = '整改中', completed_on = '' WHERE id = ?", [problem_id])
        log.record("sv_problems", problem_id, "重新打开", {"status": "已销号", "completed_on": r["completed_on"]},
                   {"status": "整改中", "completed_on": ""})
        _event(db, log, problem_id, "重新打开", reason.strip())


def mark_mistaken(db: LedgerDB, problem_id: int) -> None:
    """“误录”: kept, hidden from the ledger by default, noted in the history. (Nothing is ever deleted.)"""
    with changing(db, "标记误录") as log:
        if _row(db, problem_id)["mistaken"]:
            raise SupervisionError("该问题已经标记为误录")
        db.execute("UPDATE sv_problems SET mistaken = 1 WHERE id = ?", [problem_id])
        log.record("sv_problems", problem_id, "标记为误录", {"mistaken": 0}, {"mistaken": 1})
        _event(db, log, problem_id, "标记误录")


def unmark_mistaken(db: LedgerDB, problem_id: int) -> None:
    """A problem marked 误录 by mistake back in the ledger (both steps stay in the history)."""
    with changing(db, "取消误录") as log:
        if not _row(db, problem_id)["mistaken"]:
            raise SupervisionError("该问题没有标记为误录")
        db.execute("UPDATE sv_problems SET mistaken = 0 WHERE id = ?", [problem_id])
        log.record("sv_problems", problem_id, "取消误录", {"mistaken": 1}, {"mistaken": 0})
        _event(db, log, problem_id, "取消误录")


def problem_history(db: LedgerDB, problem_id: int) -> list[tuple[str, str, str]]:
    """(at, kind, detail) of closings, reopenings and 误录 markings, oldest first."""
    return [tuple(r) for r in db.execute(  # type: ignore[misc]
        "SELECT at, kind, detail FROM sv_problem_events WHERE problem_id = ? ORDER BY id", [problem_id])]
