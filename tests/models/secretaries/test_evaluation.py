"""履职评估: the default set, the editor's weight rule (sum exactly 100), scores, weighted totals and the ranking
that is off unless switched on."""
from __future__ import annotations

import pytest

from models import org
from models import secretaries as sc
from models import supervision as sv
from models.db import LedgerDB


@pytest.fixture
def cadres(db: LedgerDB) -> list[int]:
    org.save_town(db, "院上镇", "370285")
    out = []
    for i, (village, name) in enumerate((("院上村", "张三"), ("姜家庄村", "李四"), ("后庄村", "王五"))):
        v = org.add_village(db, village)
        out.append(sv.save_cadre(db, sv.Cadre(v, name, "书记", f"202{i}-01-01")))
    return out


def test_the_default_set_sums_to_100_and_is_shown_until_saved(db: LedgerDB, cadres: list[int]) -> None:
    ev = sc.evaluation(db, 2026)
    assert sum(i.weight for i in ev.indicators) == 100 and not ev.saved
    assert [r.name for r in ev.rows] == ["王五", "李四", "张三"]  # villages in pinyin order
    sc.save_scores(db, 2026, cadres[0], {"政治引领": 90})
    assert sc.evaluation(db, 2026).saved  # scoring saves the default set for the year


@pytest.mark.parametrize("items, message", [
    ([("甲", 50), ("乙", 49.9)], "权重合计应为 100，现为 99.9"),
    ([("甲", 50), ("乙", 50.1)], "权重合计应为 100，现为 100.1"),
    ([("甲", 50), ("甲", 50)], "指标“甲”重复"),
    ([("甲", 100), ("乙", 0)], "权重 0 应大于 0"),
    ([("", 100)], "名称不能为空"),
    ([("甲", "五十"), ("乙", 50)], "权重“五十”不是数字"),
    ([], "至少要有一项"),
])
def test_weights_must_sum_to_exactly_100(db: LedgerDB, cadres: list[int], items: list[tuple[str, object]],
                                         message: str) -> None:
    with pytest.raises(sc.SecretaryError, match=message):
        sc.save_indicators(db, 2026, items)
    assert not sc.evaluation(db, 2026).saved


def test_weighted_totals_and_an_edited_set(db: LedgerDB, cadres: list[int]) -> None:
    sc.save_indicators(db, 2026, [("政治引领", 40), ("服务群众", 35.5), ("廉洁自律", 24.5)])
    sc.save_scores(db, 2026, cadres[0], {"政治引领": 90, "服务群众": 80, "廉洁自律": 100})
    sc.save_scores(db, 2026, cadres[1], {"政治引领": 90, "服务群众": 80})
    rows = {r.name: r for r in sc.evaluation(db, 2026).rows}
    assert rows["张三"].total == round((90 * 40 + 80 * 35.5 + 100 * 24.5) / 100, 2) == 88.9
    assert rows["李四"].total is None  # not every indicator scored yet
    sc.save_indicators(db, 2026, [("政治引领", 60), ("服务群众", 40)])  # 廉洁自律 retired, its score kept aside
    assert {r.name: r.total for r in sc.evaluation(db, 2026).rows}["李四"] == 86.0
    assert [i.name for i in sc.evaluation(db, 2025).indicators][0] == "政治引领"  # another year: the default


@pytest.mark.parametrize("score, ok", [("0", True), ("100", True), ("100.5", False), ("-1", False), ("优", False)])
def test_scores_between_0_and_100(db: LedgerDB, cadres: list[int], score: str, ok: bool) -> None:
    if ok:
        sc.save_scores(db, 2026, cadres[0], {"政治引领": score})
        row = next(r for r in sc.evaluation(db, 2026).rows if r.cadre_id == cadres[0])
        assert row.scores["政治引领"] == float(score)
    else:
        with pytest.raises(sc.SecretaryError, match="政治引领"):
            sc.save_scores(db, 2026, cadres[0], {"政治引领": score})


def test_ranking_is_off_unless_switched_on(db: LedgerDB, cadres: list[int]) -> None:
    full = dict.fromkeys((n for n, _ in sc.DEFAULT_INDICATORS), 80)
    sc.save_scores(db, 2026, cadres[0], full)
    sc.save_scores(db, 2026, cadres[1], {**full, "廉洁自律": 100})
    sc.save_scores(db, 2026, cadres[2], full)
    ev = sc.evaluation(db, 2026)
    assert not ev.show_ranking and all(r.rank is None for r in ev.rows)
    sc.set_ranking(db, 2026, True)
    assert {r.name: r.rank for r in sc.evaluation(db, 2026).rows} == {"李四": 1, "张三": 2, "王五": 2}


def test_someone_not_secretary_that_year_cannot_be_scored(db: LedgerDB, cadres: list[int]) -> None:
    with pytest.raises(sc.SecretaryError, match="不是 2019 年在任的村党组织书记"):
        sc.save_scores(db, 2019, cadres[0], {"政治引领": 80})
