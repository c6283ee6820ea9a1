"""村级工程 (village projects) and the register of businesses run by cadres or their close relatives; the
related-party check ("禁止村干部承揽或插手本村工程项目"): a project is flagged when its contractor, normalized
(normalize_name), matches a registered business, or when the contractor's name is that of a serving cadre
of the project's village. One step turns a flag into a problem in the ledger."""
from __future__ import annotations

from dataclasses import dataclass

from .. import clock
from ..audit import changing
from ..db import LedgerDB
from .ledger import Problem, save_problem
from .rules import SupervisionError, normalize_name, parse_day


@dataclass
class Project:
    village_id: int
    name: str
    amount: float | None = None
    implementer: str = ""
    contractor: str = ""
    start_date: str = ""
    end_date: str = ""
    decided: bool = False
    declaration: str = ""
    id: int | None = None
    village: str = ""


_PCOLS = ("village_id", "name", "amount", "implementer", "contractor", "start_date", "end_date", "decided",
          "declaration")


def save_project(db: LedgerDB, p: Project) -> int:
    p.name = (p.name or "").strip()
    if not p.name:
        raise SupervisionError("工程名称不能为空")
    if not db.execute("SELECT 1 FROM villages WHERE id = ?", [p.village_id]).fetchone():
        raise SupervisionError(f"工程“{p.name}”：请选择所在的村（社区）")
    if p.amount is not None and p.amount < 0:
        raise SupervisionError(f"工程“{p.name}”的金额（万元）不能为负数")
    p.start_date = parse_day(p.start_date, "开工日期", required=False)
    p.end_date = parse_day(p.end_date, "完工日期", required=False)
    if p.start_date and p.end_date and p.end_date < p.start_date:
        raise SupervisionError(f"工程“{p.name}”的完工日期 {p.end_date} 早于开工日期 {p.start_date}")
    p.contractor = (p.contractor or "").strip()
    values = [int(bool(p.decided)) if k == "decided" else getattr(p, k) for k in _PCOLS]
    with changing(db, "新增村级工程" if p.id is None else "修改村级工程") as log:
        if p.id is None:
            cur = db.execute(f"INSERT INTO sv_projects ({', '.join(_PCOLS)}) VALUES ({', '.join('?' * len(_PCOLS))})",
                             values)
            pid = int(cur.lastrowid or 0)
            log.record("sv_projects", pid, p.name, None, dict(zip(_PCOLS, values)))
            return pid
        before = db.execute(f"SELECT {', '.join(_PCOLS)} FROM sv_projects WHERE id = ?", [p.id]).fetchone()
        if not before:
            raise SupervisionError(f"找不到编号为 {p.id} 的村级工程")
        db.execute(f"UPDATE sv_projects SET {', '.join(f'{k} = ?' for k in _PCOLS)} WHERE id = ?", [*values, p.id])
        log.record("sv_projects", p.id, p.name, dict(zip(_PCOLS, before)), dict(zip(_PCOLS, values)))
        return p.id


def list_projects(db: LedgerDB, *, town_key: str | None = None) -> list[Project]:
    """The projects (in a district's database of one town's villages when town_key is given)."""
    in_town, params = (" AND v.town_key = ?", [town_key]) if town_key else ("", [])
    rows = db.execute(f"SELECT p.id, v.name, {', '.join('p.' + k for k in _PCOLS)} FROM sv_projects p"
                      f" JOIN villages v ON v.id = p.village_id WHERE p.status = '有效'{in_town}"
                      " ORDER BY v.sort_key, v.id, p.start_date, p.id", params).fetchall()
    return [Project(**dict(zip(_PCOLS, r[2:])), id=r[0], village=r[1]) for r in rows]


@dataclass
class Business:
    village_id: int
    name: str
    owner: str = ""
    relationship: str = ""
    cadre_name: str = ""
    id: int | None = None
    village: str = ""


_BCOLS = ("village_id", "name", "owner", "relationship", "cadre_name")


def save_business(db: LedgerDB, b: Business) -> int:
    b.name = (b.name or "").strip()
    if not b.name:
        raise SupervisionError("经营主体名称不能为空")
    if not db.execute("SELECT 1 FROM villages WHERE id = ?", [b.village_id]).fetchone():
        raise SupervisionError(f"经营主体“{b.name}”：请选择村干部所在的村（社区）")
    if not (b.cadre_name or "").strip():
        raise SupervisionError(f"经营主体“{b.name}”：请填写相关的村干部姓名")
    values = [(getattr(b, k) or "").strip() if isinstance(getattr(b, k), str) else getattr(b, k) for k in _BCOLS]
    with changing(db, "登记村干部亲属经商" if b.id is None else "修改村干部亲属经商登记") as log:
        if b.id is None:
            cur = db.execute(f"INSERT INTO sv_businesses ({', '.join(_BCOLS)}) VALUES (?, ?, ?, ?, ?)", values)
            bid = int(cur.lastrowid or 0)
            log.record("sv_businesses", bid, b.name, None, dict(zip(_BCOLS, values)))
            return bid
        before = db.execute(f"SELECT {', '.join(_BCOLS)} FROM sv_businesses WHERE id = ?", [b.id]).fetchone()
        if not before:
            raise SupervisionError(f"找不到编号为 {b.id} 的经营主体登记")
        db.execute(f"UPDATE sv_businesses SET {', '.join(f'{k} = ?' for k in _BCOLS)} WHERE id = ?", [*values, b.id])
        log.record("sv_businesses", b.id, b.name, dict(zip(_BCOLS, before)), dict(zip(_BCOLS, values)))
        return b.id


def list_businesses(db: LedgerDB, *, town_key: str | None = None) -> list[Business]:
    in_town, params = (" AND v.town_key = ?", [town_key]) if town_key else ("", [])
    rows = db.execute(f"SELECT b.id, v.name, {', '.join('b.' + k for k in _BCOLS)} FROM sv_businesses b"
                      f" JOIN villages v ON v.id = b.village_id WHERE b.status = '有效'{in_town}"
                      " ORDER BY v.sort_key, v.id, b.id", params).fetchall()
    return [Business(**dict(zip(_BCOLS, r[2:])), id=r[0], village=r[1]) for r in rows]


@dataclass(frozen=True)
class RelatedFlag:
    project_id: int
    project: str
    village: str
    contractor: str
    match: str   # one Chinese phrase naming the matching business or cadre


def related_party_flags(db: LedgerDB) -> list[RelatedFlag]:
    """Every project whose contractor matches a registered business, or is a cadre of the project's village who
    served when the project started (or serves today); names compared normalized (normalize_name: widths,
    spaces, brackets, suffixes), so 张 三 and 张三（个人） are 张三."""
    businesses: dict[str, list[tuple[str, str, str, str]]] = {}
    for name, owner, rel, cadre in db.execute(
            "SELECT name, owner, relationship, cadre_name FROM sv_businesses WHERE status = '有效'"):
        businesses.setdefault(normalize_name(name), []).append((name, owner, rel, cadre))
    today = clock.today().isoformat()
    # (village, normalized name) -> [(name, post, start, end)]
    cadres: dict[tuple[int, str], list[tuple[str, str, str, str]]] = {}
    for vid, name, post, start, end in db.execute(
            "SELECT c.village_id, coalesce(m.name, c.name), c.post, c.start_date, c.end_date FROM sv_cadres c"
            " LEFT JOIN members m ON m.id = c.member_id WHERE c.status = '有效'"):
        cadres.setdefault((vid, normalize_name(name)), []).append((name, post, start, end))

    def cadre_at(vid: int, name: str, day: str) -> tuple[str, str] | None:
        for cname, post, start, end in cadres.get((vid, normalize_name(name)), ()):
            if any((not start or start <= d) and (not end or d <= end) for d in (day, today)):
                return cname, post
        return None
    flags = []
    for pid, pname, vid, village, contractor, started in db.execute(
            "SELECT p.id, p.name, p.village_id, v.name, p.contractor, p.start_date FROM sv_projects p JOIN villages v"
            " ON v.id = p.village_id WHERE p.status = '有效' AND p.contractor != '' ORDER BY v.sort_key, p.id"):
        day = started or today
        hit = businesses.get(normalize_name(contractor))
        if hit:
            name, owner, rel, cadre = hit[0]
            if owner and cadre_at(vid, owner, day):
                rel = "本人"
            match = f"承建方与登记的经营主体“{name}”相同（经营者 {owner or '未填'}，系村干部{cadre}的{rel or '亲属'}）"
        elif (found := cadre_at(vid, contractor, day)) is not None:
            match = f"承建方是本村村干部{found[0]}（{found[1]}）"
        else:
            continue
        flags.append(RelatedFlag(pid, pname, village, contractor, match))
    return flags


def flag_to_problem(db: LedgerDB, project_id: int, deadline: str) -> int:
    """Turn a project's related-party flag into a problem (程序监督) in the ledger."""
    flag = next((f for f in related_party_flags(db) if f.project_id == project_id), None)
    if flag is None:
        raise SupervisionError(f"编号为 {project_id} 的工程没有关联关系预警")
    if db.execute("SELECT 1 FROM sv_problems WHERE project_id = ? AND mistaken = 0", [project_id]).fetchone():
        raise SupervisionError(f"工程“{flag.project}”的关联关系预警已经列入整改台账")
    vid = db.execute("SELECT village_id FROM sv_projects WHERE id = ?", [project_id]).fetchone()[0]
    return save_problem(db, Problem(
        village_id=vid, description=f"村级工程“{flag.project}”：{flag.match}", source="程序监督",
        found_on=clock.today().isoformat(), deadline=deadline, project_id=project_id), action="关联预警转整改问题")


def projects_in_ledger(db: LedgerDB) -> set[int]:
    """Ids of projects whose related-party flag is already a problem in the ledger (not 误录)."""
    return {int(r[0]) for r in db.execute(
        "SELECT DISTINCT project_id FROM sv_problems WHERE project_id IS NOT NULL AND mistaken = 0")}
