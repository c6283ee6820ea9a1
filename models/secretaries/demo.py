"""Sample records for the `demo` verb: a filing for each current secretary in the cadre list (the supervision
area's demo makes them; without cadres nothing is made), one whose term ends within 90 days, one not filed, and a
year of evaluation scores on the default indicators. Written in one `changing()` with one audit row per table."""
from __future__ import annotations

import datetime as dt
import json
import random

from .. import supervision
from ..audit import changing
from ..db import LedgerDB
from .evaluation import DEFAULT_INDICATORS
from .rules import SECRETARY_POST, term_end

_POSTS = ("村委委员", "村党支部委员", "村会计", "村妇联主席", "村民小组长", "镇农业服务中心职员")
_RELATIONS = (("妻子", "群众", "务农"), ("儿子", "共青团员", "外出务工"), ("女儿", "群众", "在校学生"),
              ("父亲", "中共党员", "退休"))


def fill_demo(db: LedgerDB, rng: random.Random, today: dt.date) -> dict[str, int]:
    day = today.isoformat()
    cadres = [c for c in supervision.list_cadres(db) if c.post == SECRETARY_POST and c.id is not None
              and (not c.end_date or c.end_date >= day) and (not c.start_date or c.start_date <= day)]
    if not cadres:
        return {}
    filings = []
    for n, c in enumerate(cadres[:-1]):  # the last one is left not filed
        start = c.start_date or (today - dt.timedelta(days=rng.randint(300, 1500))).isoformat()
        # the term as filed: one ends in 45 days; the others at least a year away (a sample town in mid-term)
        end = (today + dt.timedelta(days=45)).isoformat() if n == 0 else \
            max(term_end(start), (today + dt.timedelta(days=365 + rng.randint(0, 700))).isoformat())
        filed = min(dt.date.fromisoformat(start) + dt.timedelta(days=rng.randint(5, 40)), today).isoformat()
        first = dt.date.fromisoformat(start).year - rng.randint(6, 15)
        resume = [[f"{first}.03-{first + 4}.12", rng.choice(_POSTS)],
                  [f"{first + 5}.01-{start[:4]}.{start[5:7]}", f"{c.village}{rng.choice(_POSTS[:3])}"],
                  [f"{start[:4]}.{start[5:7]}-", f"{c.village}党组织书记"]]
        family = [[rel, c.name[0] + rng.choice("玉秀明华国建"), pol, work]
                  for rel, pol, work in rng.sample(_RELATIONS, 2)]
        review_day = (dt.date.fromisoformat(start) - dt.timedelta(days=10)).isoformat()
        filings.append((c.id, c.village_id, 1, SECRETARY_POST, c.appointed_by or "选举", start, int(c.one_shoulder),
                        end, "通过", review_day, json.dumps(resume, ensure_ascii=False),
                        json.dumps(family, ensure_ascii=False), rng.choice(("无", "2023年度优秀党务工作者")),
                        "同意备案", filed, f"备〔{filed[:4]}〕{n + 1:03d}号"))
    year = today.year
    with changing(db, "载入示例数据（书记备案、履职评估）") as log:
        db.conn.executemany(
            "INSERT INTO sc_filings (cadre_id, village_id, version, post, appointed_by, appointment_date,"
            " one_shoulder, term_end, review_result, review_date, resume, family, rewards, opinion, filing_date,"
            " filing_number) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", filings)
        log.record("sc_filings", None, f"示例书记备案 {len(filings)} 份", None, None)
        ids = []
        for sort, (name, weight) in enumerate(DEFAULT_INDICATORS):
            cur = db.execute("INSERT INTO sc_indicators (year, name, weight, sort) VALUES (?, ?, ?, ?)",
                             [year, name, weight, sort])
            ids.append(int(cur.lastrowid or 0))
        log.record("sc_indicators", None, f"{year} 年默认评估指标 {len(ids)} 项", None, None)
        scores = [(i, c.id, float(rng.randint(70, 98))) for c in cadres for i in ids]
        db.conn.executemany("INSERT INTO sc_scores (indicator_id, cadre_id, score) VALUES (?, ?, ?)", scores)
        log.record("sc_scores", None, f"{year} 年履职评估得分 {len(scores)} 项", None, None)
    return {"份书记备案": len(filings), "名书记的年度评估得分": len(cadres)}
