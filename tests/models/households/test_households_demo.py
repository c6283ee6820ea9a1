"""The demo town's central households: nearly every grid has some, ~10 households each, the member record's
是否党员中心户 agrees with the designations, a year of visits, and every households warning has something."""
from __future__ import annotations

import datetime as dt
from collections import Counter

from models import households as hh
from models.db import LedgerDB
from models.demo import fill_demo


def test_demo_gives_grids_central_households_and_every_warning(db: LedgerDB) -> None:
    made = fill_demo(db, 1200, seed=11)
    centrals = hh.central_rows(db)
    assert made["名党员中心户"] == len(centrals) > 0
    grids = db.execute("SELECT count(*) FROM grids").fetchone()[0]
    with_central = {c.grid_id for c in centrals}
    assert len(with_central) < grids and len(with_central) >= 0.9 * grids  # a few without: the warning shows
    counts = [c.linked for c in centrals]
    assert 8 <= sorted(counts)[len(counts) // 2] <= 12 and made["户联系户"] == sum(counts)
    # the member record agrees with the designations: marked exactly when designated now
    marked = {r[0] for r in db.execute("SELECT id FROM members WHERE is_central")}
    assert marked == {c.member_id for c in centrals}
    assert db.execute("SELECT count(*) FROM central_designations d JOIN members m ON m.id = d.member_id"
                      " WHERE d.status = '已结束' AND m.status = '在册'").fetchone()[0] == 0
    visits = hh.visit_rows(db)
    assert len(visits) == made["条走访记录"] and set(v[4] for v in visits) == set(hh.VISIT_KINDS)
    assert min(v[0] for v in visits) >= (dt.date(2026, 11, 26) - dt.timedelta(days=365)).isoformat()
    kinds = Counter(r.kind for r in hh.reminders(db, dt.date(2026, 11, 26)))
    assert all(kinds[k] > 0 for k in ("central_too_few", "central_too_many", "grid_without_central",
                                      "household_unlinked", "household_not_visited")), kinds
    assert kinds["household_not_visited"] < 0.2 * made["户联系户"]


def test_the_default_demo_shows_every_warning(db: LedgerDB) -> None:
    """`main.py demo` (600 members) — what a clerk trying the program sees — has all five kinds, not only a big
    town where chance gives each one."""
    fill_demo(db, today=dt.date(2026, 11, 26))
    kinds = Counter(r.kind for r in hh.reminders(db, dt.date(2026, 11, 26)))
    assert all(kinds[k] > 0 for k in ("central_too_few", "central_too_many", "grid_without_central",
                                      "household_unlinked", "household_not_visited")), kinds
