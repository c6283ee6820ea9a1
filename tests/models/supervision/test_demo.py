"""The demo town's supervision records: a 书记 for every village (some 一肩挑), inspections raising problems in
every status (some overdue, exactly one due tomorrow), two projects of which one is flagged — each record one the
area's own rules accept."""
from __future__ import annotations

import datetime as dt
from collections import Counter

from models import clock, demo
from models import supervision as sv
from models.db import LedgerDB
from models.supervision.cadres import check_cadre
from models.supervision.ledger import check_problem


def test_demo_fills_every_village_and_every_status(db: LedgerDB) -> None:
    made = demo.fill_demo(db, 600)
    today = clock.today()
    villages = {int(v) for (v,) in db.execute("SELECT id FROM villages")}
    cadres = sv.list_cadres(db, current_only=True)
    secretaries = [c for c in cadres if c.post == "书记"]
    assert {c.village_id for c in secretaries} == villages and len(secretaries) == len(villages)
    assert 0 < sum(c.one_shoulder for c in secretaries) < len(villages)
    assert any(c.member_id for c in cadres) and any(c.member_id is None for c in cadres)
    assert made["名村“两委”成员"] == len(sv.list_cadres(db))
    for c in sv.list_cadres(db):
        check_cadre(db, c)  # the rules accept every sample record
    rows = sv.ledger(db)
    assert made["条整改问题"] == len(rows) >= 12
    assert set(Counter(r.status for r in rows)) == set(sv.STATUSES)
    assert sum(r.overdue for r in rows) >= 2
    assert [r.time_text for r in rows if r.status != "已销号" and r.days_left == 1] == ["剩 1 天"]
    for r in rows:
        p = sv.get_problem(db, r.id)
        check_problem(db, p, today)
        assert p.inspection_id is not None
        if p.status == "已销号":
            assert p.completed_on and p.notes and sv.problem_history(db, r.id)[0][1] == "销号"
    assert len(sv.list_inspections(db)) == made["条监督检查记录"]
    assert len(sv.list_projects(db)) == 2
    [flag] = sv.related_party_flags(db)
    assert "有限责任公司" in flag.contractor and "有限公司" in flag.match
    kinds = Counter(r.kind for r in sv.reminders(db, today))
    assert kinds["rectification_due"] >= 1 and kinds["rectification_overdue"] >= 2 and kinds["project_related_party"] == 1
    assert (today + dt.timedelta(days=1)).isoformat() in {r.deadline for r in rows}


def test_district_scale_tops_up_to_the_figures(db: LedgerDB) -> None:
    import random
    demo.fill_demo(db, 600)
    made = sv.fill_district(db, random.Random(3), clock.today(), problems=500, projects=120, businesses=200)
    assert db.execute("SELECT count(*) FROM sv_problems").fetchone()[0] == 500
    assert db.execute("SELECT count(*) FROM sv_projects").fetchone()[0] == 120
    assert db.execute("SELECT count(*) FROM sv_businesses").fetchone()[0] == 200
    assert made["项村级工程"] == 118
    assert 2 <= len(sv.related_party_flags(db)) <= 10
