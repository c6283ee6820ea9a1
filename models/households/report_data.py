"""The 联系户名册's data: per grid of the scope, every household (linked or not) with its central household, the
type tags and the last visit; a grid without households says so. Plain dataclasses for reports/households."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .. import town_filter
from ..db import LedgerDB
from .queries import household_rows


@dataclass(frozen=True)
class LinkedRow:
    head: str
    address: str
    persons: int
    phone: str
    tags: str
    party: bool
    central: str       # '' when no central household links it
    last_visit: str


@dataclass(frozen=True)
class LinkedGrid:
    village: str
    grid: str
    leader: str
    rows: tuple[LinkedRow, ...]


@dataclass(frozen=True)
class LinkedData:
    town: str
    scope: str
    grids: tuple[LinkedGrid, ...]


NO_GRID = "未分网格"


def linked_households_data(db: LedgerDB, scope: Any) -> LinkedData:
    """scope: models.report_data.Scope (village_id / grid_id; the town when both are None; in a district's
    database its town_key names one town, headed with its town_name)."""
    from ..org import get_grid, get_town, get_village, list_grids, list_villages
    source = scope.query if getattr(scope, "kind", "") == "query" and scope.query is not None else scope
    village_id, grid_id = getattr(source, "village_id", None), getattr(source, "grid_id", None)
    town_key = getattr(scope, "town_key", None) if village_id is None else None  # one town of a district's
    if village_id is not None:
        villages = [get_village(db, village_id)]
    elif town_key:
        from ..town_filter import villages as town_villages
        villages = town_villages(db, town_key)
    else:
        villages = list_villages(db)
    grids: list[LinkedGrid] = []
    for v in villages:
        by_grid: dict[str, list[LinkedRow]] = {}
        for h in household_rows(db, v.id, grid_id):
            by_grid.setdefault(h.grid or NO_GRID, []).append(LinkedRow(
                h.head_name, h.address, h.persons, h.phone, "、".join(h.tags), h.party_household, h.central,
                h.last_visit))
        listed = [g for g in list_grids(db, v.id) if grid_id in (None, g.id)]
        for g in listed:
            grids.append(LinkedGrid(v.name, g.name, g.leader, tuple(by_grid.pop(g.name, []))))
        for name, rows in by_grid.items():  # no grid, or a grid no longer in use
            grids.append(LinkedGrid(v.name, name, "", tuple(rows)))
    town = get_town(db)
    if grid_id is not None:
        label = f"{villages[0].name}{get_grid(db, grid_id).name}"
    else:
        label = villages[0].name if village_id is not None else \
            town_filter.whole_scope(db, town_key, getattr(scope, "town_name", ""))
    return LinkedData(town.name if town else "", label, tuple(grids))


def linked_households_fetch(db: LedgerDB, scope: Any, *, today: dt.date | None = None, order: str = "pinyin",
                            **_: Any) -> LinkedData:
    return linked_households_data(db, scope)
