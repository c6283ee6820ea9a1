"""村党组织书记备案: one filing per secretary's appointment, every change after filing a new version (the old one
kept as 历史, never overwritten). Identity and personal data are read from the member record and the cadre list
(models.supervision), never stored twice here."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field, replace

from .. import clock, supervision
from ..audit import changing
from ..db import LedgerDB
from .rules import APPOINTED_BY, REVIEW_RESULTS, SECRETARY_POST, SecretaryError, parse_day, term_end


@dataclass
class Filing:
    cadre_id: int
    appointed_by: str
    appointment_date: str
    filing_date: str
    filing_number: str
    one_shoulder: bool = False
    term_end: str = ""
    review_result: str = ""
    review_date: str = ""
    resume: list[tuple[str, str]] = field(default_factory=list)              # (起止年月, 单位及职务)
    family: list[tuple[str, str, str, str]] = field(default_factory=list)    # (称谓, 姓名, 政治面貌, 工作单位及职务)
    rewards: str = ""
    opinion: str = ""
    post: str = SECRETARY_POST
    id: int | None = None
    version: int = 0
    status: str = ""
    replaced_on: str = ""
    village_id: int = 0


_COLS = ("cadre_id", "village_id", "version", "post", "appointed_by", "appointment_date", "one_shoulder",
         "term_end", "review_result", "review_date", "resume", "family", "rewards", "opinion", "filing_date",
         "filing_number")
_SAME = tuple(c for c in _COLS if c != "version")


def current_cadre(db: LedgerDB, cadre_id: int, as_of: dt.date | None = None) -> supervision.Cadre:
    """The cadre of the filing: a current 书记 of a village in the supervision area's cadre list."""
    day = (as_of or clock.today()).isoformat()
    found = [c for c in supervision.list_cadres(db) if c.id == cadre_id]
    if not found:
        raise SecretaryError(f"村干部名单中没有编号为 {cadre_id} 的人员")
    c = found[0]
    if c.post != SECRETARY_POST:
        raise SecretaryError(f"{c.village}的{c.name}职务是“{c.post}”，不是村党组织书记，不能办理书记备案")
    if c.end_date and c.end_date < day:
        raise SecretaryError(f"{c.village}的{c.name}已于 {c.end_date} 离任，不是现任村干部")
    return c


def _row(f: Filing) -> dict[str, object]:
    return {"cadre_id": f.cadre_id, "village_id": f.village_id, "version": f.version, "post": f.post,
            "appointed_by": f.appointed_by, "appointment_date": f.appointment_date,
            "one_shoulder": int(bool(f.one_shoulder)), "term_end": f.term_end, "review_result": f.review_result,
            "review_date": f.review_date, "resume": json.dumps([list(r) for r in f.resume], ensure_ascii=False),
            "family": json.dumps([list(r) for r in f.family], ensure_ascii=False), "rewards": f.rewards,
            "opinion": f.opinion, "filing_date": f.filing_date, "filing_number": f.filing_number}


def check_filing(db: LedgerDB, f: Filing) -> Filing:
    cadre = current_cadre(db, f.cadre_id)
    who = f"{cadre.village}{cadre.name}的备案"
    f = replace(f, village_id=cadre.village_id, post=(f.post or SECRETARY_POST).strip())
    f.appointed_by = (f.appointed_by or "").strip()
    if f.appointed_by not in APPOINTED_BY:
        raise SecretaryError(f"{who}：产生方式“{f.appointed_by}”应为 {'、'.join(APPOINTED_BY)} 之一")
    f.appointment_date = parse_day(f.appointment_date, f"{who}：任职日期")
    f.term_end = parse_day(f.term_end, f"{who}：任期届满日期", required=False) or term_end(f.appointment_date)
    if f.term_end <= f.appointment_date:
        raise SecretaryError(f"{who}：任期届满日期 {f.term_end} 应晚于任职日期 {f.appointment_date}")
    f.review_result = (f.review_result or "").strip()
    if f.review_result and f.review_result not in REVIEW_RESULTS:
        raise SecretaryError(f"{who}：资格联审结果“{f.review_result}”应为 通过 或 不通过")
    f.review_date = parse_day(f.review_date, f"{who}：资格联审日期", required=bool(f.review_result))
    if f.review_date and not f.review_result:
        raise SecretaryError(f"{who}：填写了资格联审日期，请同时填写资格联审结果")
    f.filing_date = parse_day(f.filing_date, f"{who}：备案日期")
    if f.filing_date > clock.today().isoformat():
        raise SecretaryError(f"{who}：备案日期 {f.filing_date} 不能晚于今天")
    if f.filing_date < f.appointment_date:
        raise SecretaryError(f"{who}：备案日期 {f.filing_date} 不能早于任职日期 {f.appointment_date}")
    f.filing_number = (f.filing_number or "").strip()
    if not f.filing_number:
        raise SecretaryError(f"{who}：备案编号不能为空")
    other = db.execute("SELECT cadre_id FROM sc_filings WHERE filing_number = ? AND status = '现行' AND cadre_id != ?",
                       [f.filing_number, f.cadre_id]).fetchone()
    if other:
        raise SecretaryError(f"{who}：备案编号“{f.filing_number}”已用于另一位书记的备案")
    f.resume = [(str(a).strip(), str(b).strip()) for a, b in f.resume if str(a).strip() or str(b).strip()]
    f.family = [tuple(str(x).strip() for x in r) for r in f.family if any(str(x).strip() for x in r)]  # type: ignore[misc]
    for i, r in enumerate(f.family, start=1):
        if not r[0] or not r[1]:
            raise SecretaryError(f"{who}：家庭成员第 {i} 行的称谓和姓名都要填写")
    f.rewards, f.opinion = (f.rewards or "").strip(), (f.opinion or "").strip()
    return f


def save_filing(db: LedgerDB, f: Filing) -> int:
    """File (备案) or change a filing: a change of a filed record makes a new version and keeps the old one.
    Saving the same content again changes nothing and returns the current version's id."""
    f = check_filing(db, f)
    now = db.execute(f"SELECT id, version, {', '.join(_SAME)} FROM sc_filings WHERE cadre_id = ? AND status = '现行'",
                     [f.cadre_id]).fetchone()
    row = _row(f)
    if now and all(now[2 + i] == row[c] for i, c in enumerate(_SAME)):
        return int(now[0])
    row["version"] = (now[1] + 1) if now else 1
    name = current_cadre(db, f.cadre_id).name
    with changing(db, "书记备案" if not now else "书记备案变更（新版本）") as log:
        if now:
            db.execute("UPDATE sc_filings SET status = '历史', replaced_on = ? WHERE id = ?",
                       [clock.today().isoformat(), now[0]])
            log.record("sc_filings", now[0], f"{name}备案第 {now[1]} 版转为历史", {"status": "现行"},
                       {"status": "历史"})
        cur = db.execute(f"INSERT INTO sc_filings ({', '.join(_COLS)}) VALUES ({', '.join('?' * len(_COLS))})",
                         [row[c] for c in _COLS])
        fid = int(cur.lastrowid or 0)
        log.record("sc_filings", fid, f"{name}备案第 {row['version']} 版（{f.filing_number}）", None, row)
        return fid


def _filing(r: tuple[object, ...]) -> Filing:
    d = dict(zip(("id", "status", "replaced_on", *_COLS), r))
    d["resume"] = [tuple(x) for x in json.loads(str(d["resume"]))]
    d["family"] = [tuple(x) for x in json.loads(str(d["family"]))]
    d["one_shoulder"] = bool(d["one_shoulder"])
    return Filing(**d)  # type: ignore[arg-type]


_SELECT = f"SELECT id, status, replaced_on, {', '.join(_COLS)} FROM sc_filings"


def current_filings(db: LedgerDB) -> dict[int, Filing]:
    """The current (现行) filing of every cadre that has one, by cadre id."""
    return {f.cadre_id: f for f in map(_filing, db.execute(f"{_SELECT} WHERE status = '现行'").fetchall())}


def current_filing(db: LedgerDB, cadre_id: int) -> Filing | None:
    r = db.execute(f"{_SELECT} WHERE cadre_id = ? AND status = '现行'", [cadre_id]).fetchone()
    return _filing(r) if r else None


def filing_history(db: LedgerDB, cadre_id: int) -> list[Filing]:
    """Every version of the cadre's filing, newest first."""
    return [_filing(r) for r in db.execute(f"{_SELECT} WHERE cadre_id = ? ORDER BY version DESC", [cadre_id])]
