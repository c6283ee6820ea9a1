"""The area's demo records: made from the cadre list (nothing without cadres), one term ending soon, one
secretary not filed, a year of complete scores."""
from __future__ import annotations

import datetime as dt
import random

from models import org
from models import secretaries as sc
from models import supervision as sv
from models.db import LedgerDB
from models.reminders import due

TODAY = dt.date(2026, 11, 26)


def test_without_cadres_nothing_is_made(db: LedgerDB) -> None:
    org.save_town(db, "院上镇", "370285")
    org.add_village(db, "院上村")
    assert sc.fill_demo(db, random.Random(1), TODAY) == {}
    assert db.execute("SELECT count(*) FROM sc_filings").fetchone()[0] == 0


def test_demo_secretaries_one_term_ending_one_not_filed_and_scores(db: LedgerDB) -> None:
    org.save_town(db, "院上镇", "370285")
    for i, name in enumerate(("院上村", "姜家庄村", "后庄村", "前庄村")):
        v = org.add_village(db, name)
        sv.save_cadre(db, sv.Cadre(v, f"书记{i}", "书记", f"202{i + 2}-03-01", appointed_by="选举"))
        sv.save_cadre(db, sv.Cadre(v, f"委员{i}", "委员", "2021-03-01"))
    counts = sc.fill_demo(db, random.Random(1), TODAY)
    assert counts == {"份书记备案": 3, "名书记的年度评估得分": 4}
    found = [(r.kind, r.village) for r in due(db, TODAY) if r.kind in ("term_ending", "secretary_not_filed",
                                                                     "filing_outdated")]
    assert sorted(k for k, _ in found) == ["secretary_not_filed", "term_ending"]
    ev = sc.evaluation(db, 2026)
    assert ev.saved and len(ev.rows) == 4 and all(r.total is not None for r in ev.rows)
    assert db.execute("SELECT count(*) FROM sc_filings WHERE uid IS NULL OR town_key = ''").fetchone()[0] == 0
