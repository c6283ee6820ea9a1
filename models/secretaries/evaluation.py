"""履职评估: the town's indicators and weights for each year (a default set until the clerk saves one; weights sum
to 100), each secretary's scores (0–100 per indicator), the weighted totals, and a ranking column that stays off
unless switched on for the year (rankings are discouraged by the rules against formalism).

The set belongs to the town that evaluates (rows keyed by town_key): in a district's database each town's
secretaries are scored against their own town's set, one town at a time (`town_key`), or all towns together with
each row totalled by its own town's set. The district only looks: the sets, scores and ranking switch are the
towns' to change (a change made in the district would come back as a conflict with the town's next package)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from .. import supervision
from ..audit import ChangeLog, changing
from ..db import LedgerDB
from ..db import town_key as own_key
from .rules import SECRETARY_POST, SecretaryError

DEFAULT_INDICATORS: tuple[tuple[str, float], ...] = (
    ("政治引领", 20), ("发展集体经济", 25), ("基层治理", 20), ("服务群众", 20), ("廉洁自律", 15))
MIN_YEAR, MAX_YEAR = 2000, 2100


@dataclass(frozen=True)
class Indicator:
    name: str
    weight: float           # 0 in a district's view of all towns where the towns weigh it differently
    id: int | None = None   # None: the default set, not saved for the year yet

    @property
    def label(self) -> str:
        """The column heading: the name with its weight (“政治引领（20）”), or the name alone when towns differ."""
        return f"{self.name}（{self.weight:g}）" if self.weight else self.name


@dataclass(frozen=True)
class EvalRow:
    cadre_id: int
    village: str
    name: str
    scores: dict[str, float | None]
    total: float | None     # weighted total once every indicator is scored
    rank: int | None = None  # only when the year's ranking is switched on


@dataclass(frozen=True)
class Evaluation:
    year: int
    indicators: list[Indicator]
    rows: list[EvalRow]
    show_ranking: bool
    saved: bool             # the year's indicator set is saved (False: the default set is shown)
    mixed: bool = False     # a district's view of towns whose sets differ (each row totalled by its own)


def check_year(year: object) -> int:
    try:
        y = int(str(year).strip())
    except ValueError:
        raise SecretaryError(f"评估年度“{year}”应为四位年份，如 2026") from None
    if not MIN_YEAR <= y <= MAX_YEAR:
        raise SecretaryError(f"评估年度 {y} 不在 {MIN_YEAR}–{MAX_YEAR} 之间")
    return y


def _key(db: LedgerDB, town_key: str | None) -> str:
    """The town whose set applies: the one chosen in a district's database, else this file's own."""
    return town_key or own_key(db)


def _district(db: LedgerDB) -> bool:
    from .. import exchange
    return exchange.is_district(db)


def _towns_only(db: LedgerDB) -> None:
    if _district(db):
        raise SecretaryError("汇总库中的履职评估来自各乡镇上报的数据包，只能查看：评估指标、得分和排名请在乡镇的"
                             "数据库中设置和录入")


def indicators(db: LedgerDB, year: int, town_key: str | None = None) -> list[Indicator]:
    """The year's indicators in their order (of this file's town, or in a district's database of the town
    given); the default set when none is saved for the year."""
    rows = db.execute("SELECT id, name, weight FROM sc_indicators WHERE year = ? AND status = '有效'"
                      " AND town_key = ? ORDER BY sort, id", [year, _key(db, town_key)]).fetchall()
    if not rows:
        return [Indicator(n, float(w)) for n, w in DEFAULT_INDICATORS]
    return [Indicator(n, float(w), i) for i, n, w in rows]


def check_indicators(items: Sequence[tuple[str, object]]) -> list[tuple[str, float]]:
    out: list[tuple[str, float]] = []
    seen: set[str] = set()
    if not items:
        raise SecretaryError("评估指标至少要有一项")
    for i, (name, weight) in enumerate(items, start=1):
        name = (name or "").strip()
        if not name:
            raise SecretaryError(f"第 {i} 项指标的名称不能为空")
        if name in seen:
            raise SecretaryError(f"指标“{name}”重复")
        seen.add(name)
        try:
            w = float(str(weight).strip())
        except ValueError:
            raise SecretaryError(f"指标“{name}”的权重“{weight}”不是数字") from None
        if not 0 < w <= 100:
            raise SecretaryError(f"指标“{name}”的权重 {weight} 应大于 0、不超过 100")
        out.append((name, w))
    total = sum(w for _, w in out)
    if abs(total - 100) > 1e-6:
        raise SecretaryError(f"各项指标的权重合计应为 100，现为 {total:g}")
    return out


def _save_set(db: LedgerDB, log: ChangeLog, year: int, items: list[tuple[str, float]]) -> None:
    old = {n: (i, w, s) for i, n, w, s in db.execute(
        "SELECT id, name, weight, sort FROM sc_indicators WHERE year = ? AND status = '有效' AND town_key = ?",
        [year, own_key(db)])}
    for sort, (name, weight) in enumerate(items):
        if name in old:
            iid, w, s = old.pop(name)
            if (w, s) != (weight, sort):
                db.execute("UPDATE sc_indicators SET weight = ?, sort = ? WHERE id = ?", [weight, sort, iid])
                log.record("sc_indicators", iid, f"{year} 年指标“{name}”", {"weight": w, "sort": s},
                           {"weight": weight, "sort": sort})
            continue
        cur = db.execute("INSERT INTO sc_indicators (year, name, weight, sort) VALUES (?, ?, ?, ?)",
                         [year, name, weight, sort])
        log.record("sc_indicators", int(cur.lastrowid or 0), f"{year} 年指标“{name}”", None,
                   {"year": year, "name": name, "weight": weight, "sort": sort})
    for name, (iid, _w, _s) in old.items():  # a dropped indicator is retired, its scores kept
        db.execute("UPDATE sc_indicators SET status = '停用' WHERE id = ?", [iid])
        log.record("sc_indicators", iid, f"{year} 年指标“{name}”停用", {"status": "有效"}, {"status": "停用"})


def save_indicators(db: LedgerDB, year: int, items: Sequence[tuple[str, object]]) -> None:
    """Save the year's indicator set (names and weights, weights summing to 100)."""
    year, checked = check_year(year), check_indicators(items)
    _towns_only(db)
    with changing(db, f"修改 {year} 年履职评估指标") as log:
        _save_set(db, log, year, checked)


def year_secretaries(db: LedgerDB, year: int, *, town_key: str | None = None) -> list[supervision.Cadre]:
    """The 书记 who served at some time in the year (and anyone already scored for it); in a district's database
    of one town when town_key is given."""
    first, last = f"{year}-01-01", f"{year}-12-31"
    scored = {r[0] for r in db.execute("SELECT DISTINCT s.cadre_id FROM sc_scores s JOIN sc_indicators i"
                                       " ON i.id = s.indicator_id WHERE i.year = ?", [year])}
    return [c for c in supervision.list_cadres(db, town_key=town_key) if c.id in scored or (
        c.post == SECRETARY_POST and (not c.start_date or c.start_date <= last)
        and (not c.end_date or c.end_date >= first))]


def save_scores(db: LedgerDB, year: int, cadre_id: int, scores: Mapping[str, object]) -> None:
    """Enter one secretary's scores for the year (blank: left as it was); saves the default set if the year has
    none yet."""
    year = check_year(year)
    _towns_only(db)
    cadres = {c.id: c for c in year_secretaries(db, year)}
    if cadre_id not in cadres:
        raise SecretaryError(f"编号为 {cadre_id} 的人员不是 {year} 年在任的村党组织书记")
    who = f"{cadres[cadre_id].village}{cadres[cadre_id].name}"
    names = {i.name for i in indicators(db, year)}
    values: dict[str, float] = {}
    for name, raw in scores.items():
        if name not in names:
            raise SecretaryError(f"{who}：{year} 年没有“{name}”这项指标")
        text = "" if raw is None else str(raw).strip()
        if not text:
            continue
        try:
            v = float(text)
        except ValueError:
            raise SecretaryError(f"{who}：“{name}”的得分“{text}”不是数字") from None
        if not 0 <= v <= 100:
            raise SecretaryError(f"{who}：“{name}”的得分 {text} 应在 0–100 之间")
        values[name] = v
    with changing(db, f"录入 {year} 年履职评估得分") as log:
        if indicators(db, year)[0].id is None:
            _save_set(db, log, year, [(n, w) for n, w in DEFAULT_INDICATORS])
        ids = {i.name: i.id for i in indicators(db, year)}
        for name, v in values.items():
            old = db.execute("SELECT id, score FROM sc_scores WHERE indicator_id = ? AND cadre_id = ?",
                             [ids[name], cadre_id]).fetchone()
            if old and old[1] == v:
                continue
            if old:
                db.execute("UPDATE sc_scores SET score = ? WHERE id = ?", [v, old[0]])
                log.record("sc_scores", old[0], f"{who}“{name}”", {"score": old[1]}, {"score": v})
            else:
                cur = db.execute("INSERT INTO sc_scores (indicator_id, cadre_id, score) VALUES (?, ?, ?)",
                                 [ids[name], cadre_id, v])
                log.record("sc_scores", int(cur.lastrowid or 0), f"{who}“{name}”", None,
                           {"indicator_id": ids[name], "cadre_id": cadre_id, "score": v})


def set_ranking(db: LedgerDB, year: int, on: bool) -> None:
    """Switch the year's ranking column on or off."""
    year = check_year(year)
    _towns_only(db)
    old = db.execute("SELECT id, show_ranking FROM sc_years WHERE year = ? AND town_key = ?",
                     [year, own_key(db)]).fetchone()
    if old and bool(old[1]) == on:
        return
    with changing(db, f"{'显示' if on else '不显示'} {year} 年履职评估排名") as log:
        if old:
            db.execute("UPDATE sc_years SET show_ranking = ? WHERE id = ?", [int(on), old[0]])
            log.record("sc_years", old[0], f"{year} 年排名", {"show_ranking": old[1]}, {"show_ranking": int(on)})
        else:
            cur = db.execute("INSERT INTO sc_years (year, show_ranking) VALUES (?, ?)", [year, int(on)])
            log.record("sc_years", int(cur.lastrowid or 0), f"{year} 年排名", None, {"show_ranking": int(on)})


def weighted_total(inds: Sequence[Indicator], scores: Mapping[str, float | None]) -> float | None:
    """Σ score × weight / 100, to 2 decimals; None until every indicator has a score."""
    if any(scores.get(i.name) is None for i in inds):
        return None
    return round(sum(float(scores[i.name] or 0) * i.weight for i in inds) / 100, 2)


def evaluation(db: LedgerDB, year: int, *, ranking: bool | None = None,
               town_key: str | None = None) -> Evaluation:
    """The year's table; `ranking` overrides the year's switch (None: as switched). town_key: in a district's
    database only that town's secretaries, with that town's set and switch, ranked among themselves; without
    it a district shows every town's, each totalled by its own town's set (ranked across towns only when
    `ranking` asks)."""
    year = check_year(year)
    if not town_key and _district(db):
        return _all_towns(db, year, ranking)
    key = _key(db, town_key)
    inds = indicators(db, year, town_key)
    got: dict[int, dict[str, float]] = {}
    for cid, name, score in db.execute("SELECT s.cadre_id, i.name, s.score FROM sc_scores s JOIN sc_indicators i"
                                       " ON i.id = s.indicator_id WHERE i.year = ? AND i.status = '有效'"
                                       " AND i.town_key = ?", [year, key]):
        got.setdefault(cid, {})[name] = float(score)
    flag = db.execute("SELECT show_ranking FROM sc_years WHERE year = ? AND town_key = ?", [year, key]).fetchone()
    show = bool(flag and flag[0]) if ranking is None else ranking
    rows = []
    for c in year_secretaries(db, year, town_key=town_key):
        s: dict[str, float | None] = {i.name: got.get(c.id or 0, {}).get(i.name) for i in inds}
        rows.append(EvalRow(c.id or 0, c.village, c.name, s, weighted_total(inds, s)))
    return Evaluation(year, inds, _ranked(rows) if show else rows, show, inds[0].id is not None)


def _ranked(rows: list[EvalRow]) -> list[EvalRow]:
    totals = sorted((r.total for r in rows if r.total is not None), reverse=True)
    return [EvalRow(r.cadre_id, r.village, r.name, r.scores, r.total,
                    totals.index(r.total) + 1 if r.total is not None else None) for r in rows]


def _all_towns(db: LedgerDB, year: int, ranking: bool | None) -> Evaluation:
    """A district's table of every town: each town's rows as that town evaluates them, town after town, each
    village named with its town. The columns are the towns' indicators (with their weights where every town
    weighs them alike)."""
    from ..town_filter import choices
    towns = choices(db)
    parts = [evaluation(db, year, ranking=False, town_key=t.key) for t in towns]
    for n, (t, p) in enumerate(zip(towns, parts)):  # which town each row is of: “邓家寨村（院上镇）”
        parts[n] = replace(p, rows=[replace(r, village=f"{r.village}（{t.name}）") for r in p.rows])
    parts = [p for p in parts if p.rows] or parts[:1]
    weights: dict[str, set[float]] = {}
    for p in parts:
        for i in p.indicators:
            weights.setdefault(i.name, set()).add(i.weight)
    sets = {tuple((i.name, i.weight) for i in p.indicators) for p in parts}
    inds = [Indicator(name, next(iter(w)) if len(w) == 1 else 0.0) for name, w in weights.items()] or [
        Indicator(n, float(w)) for n, w in DEFAULT_INDICATORS]
    rows = [r for p in parts for r in p.rows]
    show = bool(ranking)
    return Evaluation(year, inds, _ranked(rows) if show else rows, show, all(p.saved for p in parts),
                      mixed=len(sets) > 1)


def this_year(today: dt.date) -> int:
    return today.year
