"""The demo's assistance records: every village classed for two years, 强基 villages with their slots (some
missing, one posting ending within 30 days, one holder replaced), a year of logs — so each reminder of the area
and each part of the 四个一 page shows something; the home page's figures count them."""
from __future__ import annotations

import datetime as dt

from models import assistance as aid
from models import clock, demo
from models.db import LedgerDB


def test_demo_fills_every_part_of_the_page_and_every_reminder(db: LedgerDB) -> None:
    counts = demo.fill_demo(db, 1200)
    today = clock.today()
    villages = db.execute("SELECT count(*) FROM villages").fetchone()[0]
    assert len(aid.year_classes(db, today.year)) == villages == len(aid.year_classes(db, today.year - 1))
    m = aid.matrix(db, today.year)
    assert counts["个强基村"] == m.weak >= 2 and 0 < m.covered < m.weak
    assert counts["项四个一帮扶安排"] > 3 * m.weak and counts["条帮扶记录"] > m.weak
    kinds = {r.kind for r in aid.reminders(db, today)}
    assert {"four_ones_missing", "posting_ending", "assistance_no_log"} <= kinds
    ending = [r for r in m.rows if aid.posting_ends_within(r.cells["first_secretary"], today, 30)]
    assert len(ending) == 1
    replaced = db.execute("SELECT village_id, kind, held_until FROM assistance_slots WHERE status = '已替换'").fetchall()
    assert len(replaced) == 1 and replaced[0][1] == "town_leader"
    vid = replaced[0][0]
    assert aid.holder(db, vid, today.year, "town_leader", dt.date(today.year, 3, 1)).held_until == replaced[0][2]
    assert aid.holder(db, vid, today.year, "town_leader", today).held_until == ""
    assert any(c.entries and c.last_log for r in m.rows for c in r.cells.values())
    assert len(aid.known_people(db, "leader")) < sum(1 for r in m.rows if not r.cells["leader"].missing), \
        "a leader keeps contact with several villages"
    assert aid.figures(db, today) == {"weak_villages": m.weak, "weak_villages_covered": m.covered}
