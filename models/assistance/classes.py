"""Village classes (示范/创优/强基) and stars (1–5) per year, kept in the core `village_years` table (with the
decided date and note this area appends), and setting many villages' classes for a new year from last year's."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .. import clock
from ..audit import changing
from ..dates import DateError, parse_date
from ..db import LedgerDB
from ..errors import Refused

CLASSES = ("示范", "创优", "强基")
WEAK = "强基"
MIN_YEAR = 2000


class AssistanceError(Refused, ValueError):
    """A refused change of the assistance area; the message is Chinese and names the field."""


@dataclass(frozen=True)
class VillageYear:
    village_id: int
    village: str
    year: int
    klass: str
    stars: int | None
    decided_on: str = ""
    note: str = ""


def check_year(year: object) -> int:
    try:
        y = int(str(year).strip())
    except ValueError:
        raise AssistanceError(f"年度“{year}”应为四位数字的年份") from None
    top = clock.today().year + 1
    if not MIN_YEAR <= y <= top:
        raise AssistanceError(f"年度 {y} 不在 {MIN_YEAR}–{top} 之间")
    return y


def check_date(value: object, field: str) -> str:
    try:
        day = parse_date(value)
    except DateError as exc:
        raise AssistanceError(f"{field}“{value}”无法识别：{exc}") from None
    if day and len(day) != 10:
        raise AssistanceError(f"{field}“{value}”应写到日（如 2026-03-01）")
    return day


def _check(klass: str, stars: object) -> tuple[str, int | None]:
    klass = (klass or "").strip()
    if klass not in CLASSES:
        raise AssistanceError(f"分类“{klass}”应为 示范、创优 或 强基 之一")
    if stars in (None, ""):
        return klass, None
    try:
        n = int(str(stars).strip().rstrip("星"))
    except ValueError:
        raise AssistanceError(f"星级“{stars}”应为 1–5 的整数") from None
    if not 1 <= n <= 5:
        raise AssistanceError(f"星级 {n} 应在 1–5 之间")
    return klass, n


def _village_name(db: LedgerDB, village_id: int) -> str:
    row = db.execute("SELECT name FROM villages WHERE id = ?", [village_id]).fetchone()
    if not row:
        raise AssistanceError(f"没有编号为 {village_id} 的村（社区）")
    return str(row[0])


def get_year(db: LedgerDB, village_id: int, year: int) -> VillageYear | None:
    row = db.execute("SELECT y.village_id, v.name, y.year, y.class, y.stars, y.decided_on, y.note"
                     " FROM village_years y JOIN villages v ON v.id = y.village_id"
                     " WHERE y.village_id = ? AND y.year = ?", [village_id, year]).fetchone()
    return VillageYear(*row) if row else None


def village_history(db: LedgerDB, village_id: int) -> list[VillageYear]:
    rows = db.execute("SELECT y.village_id, v.name, y.year, y.class, y.stars, y.decided_on, y.note"
                      " FROM village_years y JOIN villages v ON v.id = y.village_id"
                      " WHERE y.village_id = ? AND y.class != '' ORDER BY y.year", [village_id]).fetchall()
    return [VillageYear(*r) for r in rows]


def year_classes(db: LedgerDB, year: int) -> list[VillageYear]:
    rows = db.execute("SELECT y.village_id, v.name, y.year, y.class, y.stars, y.decided_on, y.note"
                      " FROM village_years y JOIN villages v ON v.id = y.village_id"
                      " WHERE y.year = ? AND y.class != '' AND v.status = '在用' ORDER BY v.sort_key, v.name",
                      [year]).fetchall()
    return [VillageYear(*r) for r in rows]


def _write(db: LedgerDB, log: object, village_id: int, year: int, klass: str, stars: int | None,
           decided_on: str, note: str) -> None:
    old = get_year(db, village_id, year)
    values = {"class": klass, "stars": stars, "decided_on": decided_on, "note": note}
    name = _village_name(db, village_id)
    summary = f"{name} {year} 年：{klass}{'，' + str(stars) + '星' if stars else ''}"
    if old:
        if (old.klass, old.stars, old.decided_on, old.note) == (klass, stars, decided_on, note):
            return
        db.execute("UPDATE village_years SET class = ?, stars = ?, decided_on = ?, note = ?"
                   " WHERE village_id = ? AND year = ?", [klass, stars, decided_on, note, village_id, year])
        before = {"class": old.klass, "stars": old.stars, "decided_on": old.decided_on, "note": old.note}
    else:
        db.execute("INSERT INTO village_years (village_id, year, class, stars, decided_on, note)"
                   " VALUES (?, ?, ?, ?, ?, ?)", [village_id, year, klass, stars, decided_on, note])
        before = None
    rowid = db.execute("SELECT rowid FROM village_years WHERE village_id = ? AND year = ?",
                       [village_id, year]).fetchone()[0]
    log.record("village_years", rowid, summary, before, values)  # type: ignore[attr-defined]


def set_class(db: LedgerDB, village_id: int, year: object, klass: str, stars: object = None, *,
              decided_on: object = "", note: str = "") -> VillageYear:
    """Set one village's class and stars for a year. Changing 强基 to another class keeps the village's slots
    (their history stays; they are simply no longer required)."""
    y = check_year(year)
    k, s = _check(klass, stars)
    day = check_date(decided_on, "评定日期")
    name = _village_name(db, village_id)
    with changing(db, "设置村分类星级") as log:
        _write(db, log, village_id, y, k, s, day, note.strip())
    got = get_year(db, village_id, y)
    assert got is not None, name
    return got


def set_classes(db: LedgerDB, year: object, rows: Iterable[tuple[int, str, object]], *,
                decided_on: object = "") -> int:
    """Set many villages' (village_id, class, stars) for one year in one transaction; all or nothing."""
    y = check_year(year)
    day = check_date(decided_on, "评定日期")
    checked = []
    for village_id, klass, stars in rows:
        name = _village_name(db, village_id)
        try:
            checked.append((village_id, *_check(klass, stars)))
        except AssistanceError as exc:
            raise AssistanceError(f"{name}：{exc}") from None
    with changing(db, "批量设置村分类星级") as log:
        for village_id, k, s in checked:
            _write(db, log, village_id, y, k, s, day, "")
    return len(checked)


def start_year_from(db: LedgerDB, year: object, *, town_key: str | None = None) -> list[tuple[int, str, int | None]]:
    """The starting point for classing `year`: each village in use with last year's class and stars
    (('', None) for a village not classed last year), for the clerk to change and then `set_classes`; in a
    district's database only one town's villages when town_key is given."""
    y = check_year(year)
    in_town, params = (" AND v.town_key = ?", [town_key]) if town_key else ("", [])
    rows = db.execute("SELECT v.id, coalesce(y.class, ''), y.stars FROM villages v"
                      " LEFT JOIN village_years y ON y.village_id = v.id AND y.year = ?"
                      f" WHERE v.status = '在用'{in_town} ORDER BY v.sort_key, v.name", [y - 1, *params]).fetchall()
    return [(int(r[0]), str(r[1]), r[2]) for r in rows]


def copy_classes(db: LedgerDB, year: object, *, town_key: str | None = None) -> int:
    """Set `year`'s classes to last year's for every village classed last year and not yet classed this year
    (in a district's database, of one town when town_key is given)."""
    y = check_year(year)
    done = {v.village_id for v in year_classes(db, y)}
    rows = [(vid, k, s) for vid, k, s in start_year_from(db, y, town_key=town_key) if k and vid not in done]
    if not rows:
        return 0
    return set_classes(db, y, rows)
