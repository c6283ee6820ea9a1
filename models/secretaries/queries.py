"""The secretaries as the page, the reports and the reminders see them: each village's current 书记 from the
supervision area's cadre list, their personal data from the member record, their filing's state, and the
reminders term_ending / secretary_not_filed / filing_outdated."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import clock, supervision
from ..db import LedgerDB
from ..reminders import Reminder
from .filings import Filing, current_filings
from .rules import SECRETARY_POST, TERM_NOTICE_DAYS, days_left, term_end, term_ending

FILED, NOT_FILED, OUTDATED = "已备案", "未备案", "需重新备案"
PERSON_FIELDS = ("gender", "ethnicity", "birth_date", "education", "join_date", "phone", "address")


@dataclass(frozen=True)
class SecretaryRow:
    cadre_id: int
    village_id: int
    village: str
    name: str
    id_number: str
    post: str
    start_date: str
    appointed_by: str
    one_shoulder: bool
    member_id: int | None
    person: dict[str, str]          # 性别, 民族, 出生日期, 学历, 入党日期, 电话, 住址 from the member record
    filing: Filing | None
    term_end: str                   # the filing's, else the appointment + 5 years, else ''

    @property
    def state(self) -> str:
        if self.filing is None:
            return NOT_FILED
        if self.start_date and self.filing.filing_date < self.start_date:
            return OUTDATED
        return FILED


def _people(db: LedgerDB, ids: list[int]) -> dict[int, dict[str, str]]:
    out: dict[int, dict[str, str]] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for r in db.execute(f"SELECT id, {', '.join(PERSON_FIELDS)} FROM members WHERE id IN"
                            f" ({', '.join('?' * len(chunk))})", chunk):
            out[r[0]] = dict(zip(PERSON_FIELDS, (str(x or "") for x in r[1:])))
    return out


def secretaries(db: LedgerDB, as_of: dt.date | None = None, village_id: int | None = None, *,
                town_key: str | None = None) -> list[SecretaryRow]:
    """Every current 书记 (not left by as_of), in the villages' order; of one village, or in a district's
    database of one town (town_key)."""
    day = (as_of or clock.today()).isoformat()
    cadres = [c for c in supervision.list_cadres(db, village_id, town_key=town_key)
              if c.post == SECRETARY_POST and (not c.end_date or c.end_date >= day) and c.id is not None]
    people = _people(db, [c.member_id for c in cadres if c.member_id is not None])
    filings = current_filings(db)
    rows = []
    for c in cadres:
        f = filings.get(c.id or 0)
        end = f.term_end if f else (term_end(c.start_date) if c.start_date else "")
        rows.append(SecretaryRow(c.id or 0, c.village_id, c.village, c.name, c.id_number, c.post, c.start_date,
                                 c.appointed_by, c.one_shoulder, c.member_id,
                                 people.get(c.member_id or 0, {}), f, end))
    return rows


def reminders(db: LedgerDB, as_of: dt.date) -> list[Reminder]:
    out: list[Reminder] = []
    for s in secretaries(db, as_of):
        record = f"sv_cadres:{s.cadre_id}"
        if s.term_end and term_ending(s.term_end, as_of):
            left = days_left(s.term_end, as_of)
            when = (f"已于 {s.term_end} 届满" if left < 0 else "今天届满" if left == 0
                    else f"将于 {s.term_end} 届满（还有 {left} 天）")
            todo = "请及时换届或调整" if left < 0 else f"请提前做好换届或调整准备（提前 {TERM_NOTICE_DAYS} 天提醒）"
            out.append(Reminder("term_ending", s.term_end, s.village, s.name, f"村党组织书记任期{when}，{todo}",
                                record))
        if s.state == NOT_FILED:
            out.append(Reminder("secretary_not_filed", s.start_date or as_of.isoformat(), s.village, s.name,
                                f"现任村党组织书记{s.name}（任职日期 {s.start_date or '未填'}）尚未备案", record))
        elif s.state == OUTDATED and s.filing is not None:
            out.append(Reminder("filing_outdated", s.start_date, s.village, s.name,
                                f"备案日期 {s.filing.filing_date} 早于本次任职日期 {s.start_date}，请重新备案",
                                record))
    return out
