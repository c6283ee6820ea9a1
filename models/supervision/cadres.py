"""村"两委"成员 (village cadres, history kept: a post ends with an end date, never deleted) and 监督检查记录
(inspections, one of the four sources, optionally about one cadre; a finding raises problems in the ledger)."""
from __future__ import annotations

from dataclasses import dataclass

from .. import clock
from ..audit import changing
from ..db import LedgerDB
from ..idcard import IdNumberError
from ..idcard import parse as parse_id
from .rules import SOURCES, SupervisionError, check_choice, parse_day


@dataclass
class Cadre:
    village_id: int
    name: str
    post: str
    start_date: str = ""
    end_date: str = ""
    appointed_by: str = ""
    one_shoulder: bool = False
    member_id: int | None = None
    id_number: str = ""
    id: int | None = None
    village: str = ""


_COLS = ("village_id", "member_id", "name", "id_number", "post", "start_date", "end_date", "appointed_by",
         "one_shoulder")


def check_cadre(db: LedgerDB, c: Cadre) -> Cadre:
    if c.member_id is not None:  # picked from the members: their data is not typed twice
        row = db.execute("SELECT name, id_number FROM members WHERE id = ?", [c.member_id]).fetchone()
        if not row:
            raise SupervisionError(f"找不到编号为 {c.member_id} 的党员")
        c.name, c.id_number = row
    c.name = (c.name or "").strip()
    if not c.name:
        raise SupervisionError("村干部姓名不能为空")
    if not db.execute("SELECT 1 FROM villages WHERE id = ?", [c.village_id]).fetchone():
        raise SupervisionError("请选择村干部所在的村（社区）")
    c.post = (c.post or "").strip()
    if not c.post:
        raise SupervisionError("职务不能为空")
    if c.id_number and c.member_id is None:
        try:
            c.id_number = parse_id(c.id_number).number
        except IdNumberError as exc:
            raise SupervisionError(f"{c.name}的公民身份号码：{exc}") from None
    c.start_date = parse_day(c.start_date, "任职日期", required=False)
    c.end_date = parse_day(c.end_date, "离任日期", required=False)
    if c.start_date and c.end_date and c.end_date < c.start_date:
        raise SupervisionError(f"离任日期 {c.end_date} 不能早于任职日期 {c.start_date}")
    if c.one_shoulder and c.post != "书记":
        raise SupervisionError("只有村党组织书记可以“一肩挑”（兼任村委会主任）")
    return c


def save_cadre(db: LedgerDB, c: Cadre) -> int:
    c = check_cadre(db, c)
    values = [getattr(c, k) if k != "one_shoulder" else int(bool(c.one_shoulder)) for k in _COLS]
    with changing(db, "新增村干部" if c.id is None else "修改村干部") as log:
        if c.id is None:
            cur = db.execute(f"INSERT INTO sv_cadres ({', '.join(_COLS)}) VALUES ({', '.join('?' * len(_COLS))})",
                             values)
            cid = int(cur.lastrowid or 0)
            log.record("sv_cadres", cid, f"{c.name}（{c.post}）", None, dict(zip(_COLS, values)))
            return cid
        before = db.execute(f"SELECT {', '.join(_COLS)} FROM sv_cadres WHERE id = ?", [c.id]).fetchone()
        if not before:
            raise SupervisionError(f"找不到编号为 {c.id} 的村干部")
        db.execute(f"UPDATE sv_cadres SET {', '.join(f'{k} = ?' for k in _COLS)} WHERE id = ?", [*values, c.id])
        log.record("sv_cadres", c.id, f"{c.name}（{c.post}）", dict(zip(_COLS, before)), dict(zip(_COLS, values)))
        return c.id


def list_cadres(db: LedgerDB, village_id: int | None = None, *, current_only: bool = False,
                town_key: str | None = None) -> list[Cadre]:
    """The cadres (of one village; in a district's database of one town when town_key is given)."""
    where, params = ["c.status = '有效'"], []  # type: tuple[list[str], list[object]]
    if village_id is not None:
        where.append("c.village_id = ?")
        params.append(village_id)
    if town_key:
        where.append("v.town_key = ?")
        params.append(town_key)
    if current_only:
        where.append("(c.end_date = '' OR c.end_date >= ?)")
        params.append(clock.today().isoformat())
    # a cadre picked from the members shows the member's name and number as they are now (corrected since)
    shown = {"name": "coalesce(m.name, c.name)", "id_number": "coalesce(m.id_number, c.id_number)"}
    rows = db.execute(f"SELECT c.id, v.name, {', '.join(shown.get(k, 'c.' + k) for k in _COLS)} FROM sv_cadres c"
                      f" JOIN villages v ON v.id = c.village_id LEFT JOIN members m ON m.id = c.member_id"
                      f" WHERE {' AND '.join(where)}"
                      " ORDER BY v.sort_key, v.id, c.end_date != '', c.start_date, c.id", params).fetchall()
    return [Cadre(**dict(zip(_COLS, r[2:])), id=r[0], village=r[1]) for r in rows]


@dataclass
class Inspection:
    village_id: int
    day: str
    source: str
    checked: str = ""
    findings: str = ""
    cadre_id: int | None = None
    id: int | None = None
    village: str = ""


_ICOLS = ("village_id", "day", "source", "cadre_id", "checked", "findings")


def save_inspection(db: LedgerDB, i: Inspection) -> int:
    i.day = parse_day(i.day, "检查日期")
    if i.day > clock.today().isoformat():
        raise SupervisionError(f"检查日期 {i.day} 不能晚于今天")
    i.source = check_choice(i.source, SOURCES, "监督类型")
    if not db.execute("SELECT 1 FROM villages WHERE id = ?", [i.village_id]).fetchone():
        raise SupervisionError("请选择被检查的村（社区）")
    if i.cadre_id is not None and not db.execute(
            "SELECT 1 FROM sv_cadres WHERE id = ? AND village_id = ?", [i.cadre_id, i.village_id]).fetchone():
        raise SupervisionError("所选村干部不在被检查的村（社区）")
    if not (i.checked or "").strip():
        raise SupervisionError("检查内容不能为空")
    values = [getattr(i, k) for k in _ICOLS]
    with changing(db, "新增监督检查" if i.id is None else "修改监督检查") as log:
        if i.id is None:
            cur = db.execute(f"INSERT INTO sv_inspections ({', '.join(_ICOLS)}) VALUES (?, ?, ?, ?, ?, ?)", values)
            iid = int(cur.lastrowid or 0)
            log.record("sv_inspections", iid, f"{i.day} {i.source}", None, dict(zip(_ICOLS, values)))
            return iid
        before = db.execute(f"SELECT {', '.join(_ICOLS)} FROM sv_inspections WHERE id = ?", [i.id]).fetchone()
        if not before:
            raise SupervisionError(f"找不到编号为 {i.id} 的监督检查记录")
        db.execute(f"UPDATE sv_inspections SET {', '.join(f'{k} = ?' for k in _ICOLS)} WHERE id = ?", [*values, i.id])
        log.record("sv_inspections", i.id, f"{i.day} {i.source}", dict(zip(_ICOLS, before)), dict(zip(_ICOLS, values)))
        return i.id


def list_inspections(db: LedgerDB, village_id: int | None = None, *, limit: int | None = None,
                     town_key: str | None = None) -> list[Inspection]:
    """Newest first; `limit` keeps only so many of the newest; town_key: one town's of a district's database."""
    where, params = "WHERE i.status = '有效'", []  # type: tuple[str, list[object]]
    if village_id is not None:
        where += " AND i.village_id = ?"
        params.append(village_id)
    if town_key:
        where += " AND v.town_key = ?"
        params.append(town_key)
    if limit is not None:
        where += " ORDER BY i.day DESC, i.id DESC LIMIT ?"
        params.append(limit)
    else:
        where += " ORDER BY i.day DESC, i.id DESC"
    rows = db.execute(f"SELECT i.id, v.name, {', '.join('i.' + k for k in _ICOLS)} FROM sv_inspections i"
                      f" JOIN villages v ON v.id = i.village_id {where}", params).fetchall()
    return [Inspection(**dict(zip(_ICOLS, r[2:])), id=r[0], village=r[1]) for r in rows]


def get_inspection(db: LedgerDB, inspection_id: int) -> Inspection:
    rows = [i for i in list_inspections(db) if i.id == inspection_id]
    if not rows:
        raise SupervisionError(f"找不到编号为 {inspection_id} 的监督检查记录")
    return rows[0]


def end_cadre(db: LedgerDB, cadre_id: int, end_date: str) -> None:
    """A post ends (离任): the record stays, with its end date, in the history."""
    day = parse_day(end_date, "离任日期")
    row = db.execute("SELECT name, post, start_date, end_date FROM sv_cadres WHERE id = ? AND status = '有效'",
                     [cadre_id]).fetchone()
    if not row:
        raise SupervisionError(f"找不到编号为 {cadre_id} 的村干部")
    name, post, start, ended = row
    if ended and ended <= clock.today().isoformat():
        raise SupervisionError(f"{name}的{post}职务已于 {ended} 离任")
    if start and day < start:
        raise SupervisionError(f"离任日期 {day} 不能早于任职日期 {start}")
    with changing(db, "村干部离任") as log:
        db.execute("UPDATE sv_cadres SET end_date = ? WHERE id = ?", [day, cadre_id])
        log.record("sv_cadres", cadre_id, f"{name}（{post}）离任", {"end_date": ended}, {"end_date": day})


def village_members(db: LedgerDB, village_id: int) -> list[tuple[int, str, str]]:
    """(id, name, identity number) of the village's registered Party members, to pick a cadre from."""
    return [(int(i), str(n), str(d)) for i, n, d in db.execute(
        "SELECT id, name, id_number FROM members WHERE village_id = ? AND status = '在册' ORDER BY name, id",
        [village_id])]


def record_inspection(db: LedgerDB, i: Inspection, problems: list[str], deadline: str = "", *, unit: str = "",
                      person: str = "") -> tuple[int, list[int]]:
    """An inspection and the problems its findings raise (one per text, same village, source and found-on date,
    the deadline given), in one transaction: (inspection id, problem ids)."""
    from .ledger import Problem, save_problem
    texts = [t.strip() for t in problems if t and t.strip()]
    if texts and not (deadline or "").strip():
        raise SupervisionError("发现的问题要列入整改台账，请填写整改时限")
    with changing(db, "新增监督检查"):
        iid = save_inspection(db, i)
        ids = [save_problem(db, Problem(i.village_id, text, i.source, i.day, deadline, unit=unit, person=person,
                                        inspection_id=iid)) for text in texts]
    return iid, ids
