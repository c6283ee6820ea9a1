"""A district's database seen one town at a time (issue 17), shared by every area's page and report: the 乡镇
choices a page's filter offers, the villages of the chosen town, and village names a clerk can tell apart where
two towns each have a village of that name (“东村（院上镇）”). In a town's database there is nothing to choose: no
choices, every village, plain names.

A village belongs to the town whose key it carries (villages.town_key); an area's rows belong to the town of their
village, so each area filters its rows by `village_ids(db, town_key)` or by joining villages on `v.town_key`."""
from __future__ import annotations

from dataclasses import dataclass

from .db import LedgerDB
from .entities import Village
from .org import list_villages


@dataclass(frozen=True)
class TownChoice:
    key: str   # the town's 9-digit code, its rows' town_key
    name: str


def choices(db: LedgerDB) -> list[TownChoice]:
    """The towns registered with a district's database, by name; [] in a town's database (no filter to show)."""
    from . import exchange
    if not exchange.is_district(db):
        return []
    return [TownChoice(key, name) for key, name in exchange.town_names(db).items()]


def town_name(db: LedgerDB, town_key: str) -> str:
    from . import exchange
    return exchange.town_names(db).get(town_key, town_key)


def village_ids(db: LedgerDB, town_key: str | None) -> set[int] | None:
    """The ids of one town's villages (merged ones included); None when no town is chosen (every village)."""
    if not town_key:
        return None
    from . import exchange
    return exchange.town_villages(db, town_key)


def villages(db: LedgerDB, town_key: str | None = None, *, include_merged: bool = False) -> list[Village]:
    """The villages in use (and merged ones when asked), in their order; only one town's when town_key is given."""
    found = list_villages(db, include_merged=include_merged)
    ids = village_ids(db, town_key)
    return found if ids is None else [v for v in found if v.id in ids]


def village_labels(db: LedgerDB) -> dict[int, str]:
    """{village id: name as a list mixing towns shows it}: the name, with its town's name after it when a village
    of another town in this file has the same name (“东村（院上镇）”). Plain names in a town's database."""
    rows = db.execute("SELECT id, name, town_key FROM villages").fetchall()
    towns_of: dict[str, set[str]] = {}
    for _, name, key in rows:
        towns_of.setdefault(name, set()).add(key)
    shared = {name for name, keys in towns_of.items() if len(keys) > 1}
    if not shared:
        return {int(i): str(name) for i, name, _ in rows}
    from . import exchange
    names = exchange.town_names(db)
    return {int(i): f"{name}（{names.get(key, key)}）" if name in shared else str(name) for i, name, key in rows}


def whole_scope(db: LedgerDB, town_key: str | None = None, town_name: str = "") -> str:
    """How a report heads a scope of no one village: the town chosen in a district's database, else the whole
    file — 全镇 in a town's database, 全区（县） in a district's."""
    if town_key:
        return town_name or town_key
    from . import exchange
    return "全区（县）" if exchange.is_district(db) else "全镇"
