"""The supervision area's figures for the home page: open and overdue rectification problems (误录 left out)."""
from __future__ import annotations

import datetime as dt

from ..db import LedgerDB


def figures(db: LedgerDB, as_of: dt.date, village_id: int | None = None, *,
            town_key: str | None = None) -> dict[str, int]:
    sql = ("SELECT count(*), coalesce(sum(deadline < ?), 0) FROM sv_problems"
           " WHERE status != '已销号' AND mistaken = 0")
    params: list[object] = [as_of.isoformat()]
    if village_id is not None:
        sql += " AND village_id = ?"
        params.append(village_id)
    if town_key:  # a district's database: one town's villages
        sql += " AND village_id IN (SELECT id FROM villages WHERE town_key = ?)"
        params.append(town_key)
    open_, overdue = db.execute(sql, params).fetchone()
    return {"rectification_open": open_, "rectification_overdue": overdue}
