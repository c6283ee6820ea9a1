"""The home page's figures and chart series: one aggregate query per chart, never one per member.

Members not 在册 are never counted. Ages are on the `as_of` day (the birth date, or the identity number's when
the birth date is empty; a month-precision birth date counts from the 1st), in the 统计汇总表's bands. Figures
of the later areas (central households, the four ones, rectification) come from each area's public
`figures(db, as_of, village_id)`; an area not built yet gives none, and its figures stay 0.
"""
from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass, field
from typing import Any

from .. import codes
from ..db import LedgerDB
from ..report_data import AGE_BANDS, AGE_LIMITS, age_band

AREA_FIGURES = ("central_households", "weak_villages", "weak_villages_covered", "rectification_open",
                "rectification_overdue")

# the birth day as text: the stored birth date, else the identity number's; a month alone counts from the 1st
_BIRTH = ("(CASE WHEN m.birth_date != '' THEN m.birth_date || '-01'"
          " WHEN length(m.id_number) = 18 THEN substr(m.id_number, 7, 4) || '-' || substr(m.id_number, 11, 2)"
          " || '-' || substr(m.id_number, 13, 2) END)")
_AGE = (f"(CAST(:year AS INTEGER) - CAST(substr({_BIRTH}, 1, 4) AS INTEGER)"
        f" - (:monthday < substr({_BIRTH}, 6, 5)))")


def _band_sql() -> str:
    whens = " ".join(f"WHEN age <= {limit} THEN {i}" for i, limit in enumerate(AGE_LIMITS))
    return f"CASE WHEN age IS NULL THEN NULL {whens} ELSE {len(AGE_LIMITS)} END"


@dataclass(frozen=True)
class Stats:
    as_of: dt.date
    village: str                      # "" for the whole town (or the whole district, or one town of it)
    villages: int
    grids: int
    members: int
    full: int
    probationary: int
    by_village: tuple[tuple[int, str, int], ...]         # (village id, name, members), in the town's order
    age_bands: tuple[tuple[str, int, int], ...]          # (band, 男, 女)
    education_bands: tuple[tuple[str, int], ...]
    join_decades: tuple[tuple[str, int], ...]            # ("1980年代", count), oldest first
    areas: dict[str, int] = field(default_factory=dict)  # AREA_FIGURES, from the areas that have them
    town_key: str | None = None       # a district's database: the figures of this one town

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "villages": self.villages, "grids": self.grids, "members": self.members, "full": self.full,
            "probationary": self.probationary}
        out.update({key: self.areas.get(key, 0) for key in AREA_FIGURES})
        out["by_village"] = [{"village": name, "members": n} for _, name, n in self.by_village]
        out["age_bands"] = [{"band": band, "男": men, "女": women} for band, men, women in self.age_bands]
        out["education_bands"] = [{"band": band, "count": n} for band, n in self.education_bands]
        out["join_decades"] = [{"decade": decade, "count": n} for decade, n in self.join_decades]
        return out


def _where(village_id: int | None, town_key: str | None = None) -> tuple[str, dict[str, Any]]:
    """The 在册 members of the file, of one village, or (a district's database) of one town: the members it
    sent, as the 党员 page's 乡镇 filter counts them (m.town_key)."""
    if village_id is not None:
        return "m.status = '在册' AND m.village_id = :village", {"village": village_id}
    if town_key:
        return "m.status = '在册' AND m.town_key = :town", {"town": town_key}
    return "m.status = '在册'", {}


def stats(db: LedgerDB, as_of: dt.date, village_id: int | None = None, *, town_key: str | None = None) -> Stats:
    """The key figures and chart series of the town (or of one village) on as_of; in a district's database of
    one town when town_key is given (and no village)."""
    town_key = town_key if village_id is None else None
    where, params = _where(village_id, town_key)
    in_town = " AND v.town_key = :town" if town_key else ""
    if village_id is None:
        villages = db.execute(f"SELECT count(*) FROM villages v WHERE v.status = '在用'{in_town}",
                              params).fetchone()[0]
        grids = db.execute("SELECT count(*) FROM grids g JOIN villages v ON v.id = g.village_id"
                           f" WHERE g.status = '在用' AND v.status = '在用'{in_town}", params).fetchone()[0]
        village = ""
    else:
        villages = 1
        grids = db.execute("SELECT count(*) FROM grids WHERE status = '在用' AND village_id = ?",
                           (village_id,)).fetchone()[0]
        village = db.execute("SELECT name FROM villages WHERE id = ?", (village_id,)).fetchone()[0]
    members, full, probationary = db.execute(
        f"SELECT count(*), coalesce(sum(m.category = '正式党员'), 0), coalesce(sum(m.category = '预备党员'), 0)"
        f" FROM members m WHERE {where}", params).fetchone()
    by_village = tuple(db.execute(
        "SELECT v.id, v.name, count(m.id) FROM villages v LEFT JOIN members m ON m.village_id = v.id"
        " AND m.status = '在册' WHERE v.status = '在用'" + (" AND v.id = :village" if village_id else in_town)
        + " GROUP BY v.id ORDER BY v.sort_key, v.id", params).fetchall())
    return Stats(as_of, village, villages, grids, members, full, probationary,
                 tuple((i, n, c) for i, n, c in by_village), _ages(db, as_of, where, params),
                 _education(db, where, params), _decades(db, where, params),
                 area_figures(db, as_of, village_id, town_key), town_key)


def _ages(db: LedgerDB, as_of: dt.date, where: str, params: dict[str, Any]) -> tuple[tuple[str, int, int], ...]:
    """One scan grouped by birth year, 'birthday still to come this year' and gender; the bands in Python."""
    counts: dict[tuple[int, str], int] = {}
    for year, later, gender, n in db.execute(
            f"SELECT substr(b, 1, 4), substr(b, 6, 5) > :monthday, gender, count(*) FROM"
            f" (SELECT {_BIRTH} AS b, m.gender AS gender FROM members m WHERE {where})"
            " WHERE b IS NOT NULL GROUP BY 1, 2, 3", {**params, "monthday": as_of.isoformat()[5:]}):
        try:
            age = as_of.year - int(year) - int(later)
        except ValueError:
            continue
        key = (age_band(age), gender)
        counts[key] = counts.get(key, 0) + n
    return tuple((name, counts.get((i, "男"), 0), counts.get((i, "女"), 0)) for i, name in enumerate(AGE_BANDS))


def _education(db: LedgerDB, where: str, params: dict[str, Any]) -> tuple[tuple[str, int], ...]:
    bands = {band: 0 for band, _ in codes.education_bands()}
    for label, n in db.execute(f"SELECT m.education, count(*) FROM members m WHERE {where} GROUP BY m.education",
                               params):
        bands[codes.education_band(label)] = bands.get(codes.education_band(label), 0) + n
    return tuple(bands.items())


def _decades(db: LedgerDB, where: str, params: dict[str, Any]) -> tuple[tuple[str, int], ...]:
    rows = db.execute(f"SELECT substr(m.join_date, 1, 3), count(*) FROM members m WHERE {where}"
                      " AND m.join_date GLOB '[12][0-9][0-9][0-9]*' GROUP BY 1 ORDER BY 1", params).fetchall()
    return tuple((f"{prefix}0年代", n) for prefix, n in rows)


def area_figures(db: LedgerDB, as_of: dt.date, village_id: int | None,
                 town_key: str | None = None) -> dict[str, int]:
    """Each area's `figures(db, as_of, village_id, town_key=…)`: town_key counts one town of a district's
    database (the rows of its villages)."""
    from ..areas import AREAS
    out: dict[str, int] = {}
    for name in AREAS:
        figures = getattr(importlib.import_module(f"models.{name}"), "figures", None)
        if figures is not None:
            out.update(figures(db, as_of, village_id, town_key=town_key) if town_key else
                       figures(db, as_of, village_id))
    return out


def member_ids(db: LedgerDB, as_of: dt.date, village_id: int | None = None, *, category: str | None = None,
               band: str | None = None, gender: str | None = None, education: str | None = None,
               decade: str | None = None, town_key: str | None = None) -> list[int]:
    """The 在册 members behind a figure or a bar (the click-through to the 党员 page); town_key: of one town
    of a district's database."""
    where, params = _where(village_id, town_key)
    sql = f"SELECT m.id FROM members m WHERE {where}"
    if category:
        sql += " AND m.category = :category"
        params["category"] = category
    if decade:
        sql += " AND substr(m.join_date, 1, 3) = :decade"
        params["decade"] = decade[:3]
    if gender:
        sql += " AND m.gender = :gender"
        params["gender"] = gender
    if band is not None:
        sql = (f"SELECT id FROM (SELECT m.id AS id, {_AGE} AS age FROM members m WHERE {where}"
               + (" AND m.gender = :gender" if gender else "") + (" AND m.category = :category" if category else "")
               + f") WHERE ({_band_sql()}) = :band")
        params.update(year=as_of.year, monthday=as_of.isoformat()[5:], band=AGE_BANDS.index(band))
    ids = [row[0] for row in db.execute(sql, params)]
    if education is not None:
        labels = [label for (label,) in db.execute("SELECT DISTINCT education FROM members")
                  if codes.education_band(label) == education]
        keep = {row[0] for row in db.execute(
            f"SELECT id FROM members WHERE education IN ({', '.join('?' * len(labels))})", labels)}
        ids = [i for i in ids if i in keep]
    return ids
