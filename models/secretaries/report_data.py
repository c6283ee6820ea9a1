"""The data of the area's printed forms as plain dataclasses: the 村党组织书记备案表 (one per current secretary,
personal data from the member record, the current filing's content — blank boxes for one not filed yet) and the
year's 履职评估 table. The fetch functions have the one signature reports/__init__.py's REPORTS expects."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .. import clock
from ..db import LedgerDB
from ..org import town_name as file_name
from ..town_filter import whole_scope
from .evaluation import check_year, evaluation
from .queries import secretaries
from .rules import SecretaryError


@dataclass(frozen=True)
class FilingForm:
    village: str
    name: str
    id_number: str
    person: dict[str, str]
    post: str
    appointed_by: str
    appointment_date: str
    one_shoulder: bool
    term_end: str
    review: str
    resume: tuple[tuple[str, str], ...]
    family: tuple[tuple[str, str, str, str], ...]
    rewards: str
    opinion: str
    filing_date: str
    filing_number: str
    version: int             # 0: not filed yet
    state: str


@dataclass(frozen=True)
class FilingData:
    town: str
    scope: str
    forms: tuple[FilingForm, ...]


@dataclass(frozen=True)
class EvaluationData:
    town: str
    year: int
    indicators: tuple[tuple[str, float], ...]
    rows: tuple[tuple[str, str, tuple[float | None, ...], float | None, int | None], ...]
    show_ranking: bool
    scope: str = ""          # one town of a district's database; "" for the whole file


def filing_data(db: LedgerDB, village_id: int | None = None, today: dt.date | None = None, *,
                town_key: str | None = None, town_name: str = "") -> FilingData:
    """One form per current secretary of the village, the whole file, or (a district's database) one town:
    town_key, headed with town_name."""
    forms = []
    town_key = town_key if village_id is None else None
    for s in secretaries(db, today or clock.today(), village_id, town_key=town_key):
        f = s.filing
        review = f"{f.review_result}（{f.review_date}）" if f and f.review_result else ""
        forms.append(FilingForm(
            s.village, s.name, s.id_number, s.person, f.post if f else s.post,
            f.appointed_by if f else s.appointed_by, f.appointment_date if f else s.start_date,
            f.one_shoulder if f else s.one_shoulder, s.term_end, review,
            tuple(f.resume) if f else (), tuple(f.family) if f else (), f.rewards if f else "",
            f.opinion if f else "", f.filing_date if f else "", f.filing_number if f else "",
            f.version if f else 0, s.state))
    if village_id is not None:
        scope = forms[0].village if forms else ""
    else:
        scope = whole_scope(db, town_key, town_name)
    return FilingData(file_name(db), scope, tuple(forms))


def evaluation_data(db: LedgerDB, year: int, *, town_key: str | None = None,
                    town_name: str = "") -> EvaluationData:
    """The year's table of the whole file, or (a district's database) of one town's secretaries, ranked among
    themselves when ranking is on."""
    ev = evaluation(db, year, town_key=town_key)
    rows = tuple((r.village, r.name, tuple(r.scores.get(i.name) for i in ev.indicators), r.total, r.rank)
                 for r in ev.rows)
    scope = whole_scope(db, town_key, town_name)
    return EvaluationData(file_name(db), ev.year, tuple((i.name, i.weight) for i in ev.indicators), rows,
                          ev.show_ranking, "" if scope == "全镇" else scope)


def filing_fetch(db: LedgerDB, scope: Any, *, today: dt.date | None = None, order: str = "pinyin",
                 **_: Any) -> FilingData:
    return filing_data(db, getattr(scope, "village_id", None), today, town_key=getattr(scope, "town_key", None),
                       town_name=getattr(scope, "town_name", ""))


def evaluation_fetch(db: LedgerDB, scope: Any, *, today: dt.date | None = None, order: str = "pinyin",
                     year: int | None = None, **_: Any) -> EvaluationData:
    if year is None:
        raise SecretaryError("履职评估表要用 --year 指定评估年度，如 --year 2026")
    return evaluation_data(db, check_year(year), town_key=getattr(scope, "town_key", None),
                           town_name=getattr(scope, "town_name", ""))
