"""A town with weak villages for the assistance tests."""
from __future__ import annotations

from models import assistance as a
from models import org
from models.db import LedgerDB

LEADER = a.Person("王建国", "副区长", "13800000001")
TOWN_LEADER = a.Person("李明", "党委副书记", "13800000002")
DEPT = a.Person("区农业农村局", contact="赵强", phone="0532-88886666")
SECRETARY = a.Person("孙丽", "第一书记", "13800000004", unit="区财政局")


def weak_town(db: LedgerDB) -> dict[str, int]:
    """院上镇: 院上村 and 姜家庄村 强基 in 2026 (院上村 fully covered), 后庄村 示范."""
    if org.get_town(db) is None:
        org.save_town(db, "院上镇", "370285")
    ids = {n: (v.id if (v := org.find_village(db, n)) else org.add_village(db, n)) for n in ("院上村", "姜家庄村", "后庄村")}
    a.set_classes(db, 2026, [(ids["院上村"], "强基", 2), (ids["姜家庄村"], "强基", 1), (ids["后庄村"], "示范", 5)])
    v = ids["院上村"]
    a.assign(db, v, 2026, "leader", LEADER)
    a.assign(db, v, 2026, "town_leader", TOWN_LEADER)
    a.assign(db, v, 2026, "department", DEPT)
    a.assign(db, v, 2026, "first_secretary", SECRETARY, posting_start="2025-03-01", posting_end="2027-02-28")
    return ids
