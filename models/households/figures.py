"""The households area's figure for the home page: central households in office whose member is 在册."""
from __future__ import annotations

import datetime as dt

from ..db import LedgerDB


def figures(db: LedgerDB, as_of: dt.date, village_id: int | None = None, *,
            town_key: str | None = None) -> dict[str, int]:
    sql = ("SELECT count(*) FROM central_designations d JOIN members m ON m.id = d.member_id"
           " WHERE d.status = '在任' AND m.status = '在册'")
    params: list[object] = []
    if village_id is not None:
        sql += " AND m.village_id = ?"
        params.append(village_id)
    if town_key:  # a district's database: one town's villages
        sql += " AND m.village_id IN (SELECT id FROM villages WHERE town_key = ?)"
        params.append(town_key)
    return {"central_households": db.execute(sql, params).fetchone()[0]}
