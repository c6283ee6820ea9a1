"""The issue's test: three towns from the demo, each edited, every kind of conflict planted; the district merges
them in every order, lists every planted conflict (and nothing else) and loses no edit."""
from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from models import exchange as ex
from models.db import LedgerDB
from tests.models.exchange.scenario import Scenario, build, merged


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    return build(tmp_path_factory.mktemp("towns"))


def planted(sc: Scenario) -> set[tuple[object, ...]]:
    u = sc.uids
    return {("changed_both", "members", u["a1"], "phone"), ("deleted_changed", "members", u["b1"], "status"),
            ("duplicate_id_number", frozenset({u["a_new"], u["c_new"]})),
            ("duplicate_id_number", frozenset({u["b2"], u["c_transfer"]}))}


def found(db: LedgerDB) -> set[tuple[object, ...]]:
    out: set[tuple[object, ...]] = set()
    for c in ex.list_conflicts(db):
        other = db.execute("SELECT other_uid FROM ex_conflicts WHERE id = ?", [c.id]).fetchone()[0]
        out.add((c.kind, frozenset({c.uid, other})) if c.kind == "duplicate_id_number" else
                (c.kind, c.table, c.uid, c.field))
    return out


def value(db: LedgerDB, uid: str, column: str) -> object:
    row = db.execute(f"SELECT {column} FROM members WHERE uid = ?", [uid]).fetchone()
    return row[0] if row else None


@pytest.mark.parametrize("order", ["".join(p) for p in itertools.permutations("ABC")])
def test_every_planted_conflict_is_listed_and_no_edit_is_lost(tmp_path: Path, scenario: Scenario, order: str
                                                              ) -> None:
    db = merged(tmp_path, scenario, order)
    assert found(db) == planted(scenario)
    conflicts = {(c.uid, c.field): c for c in ex.list_conflicts(db) if c.kind != "duplicate_id_number"}
    # every town's edit is in the district, or held in a conflict with the incoming value
    for town, uid, column, wanted in scenario.edits:
        held = conflicts.get((uid, column))
        assert value(db, uid, column) == wanted or (held is not None and held.theirs == wanted), (town, uid, column)
    # the district's own corrections stand
    for uid, column, wanted in scenario.district_edits:
        assert value(db, uid, column) == wanted
    a1 = conflicts[(scenario.uids["a1"], "phone")]
    assert (a1.ours, a1.theirs, a1.status, a1.town) == ("13822220001", "13911110001", "open", "370285104")
    b1 = conflicts[(scenario.uids["b1"], "status")]
    assert (b1.ours, b1.theirs) == ("在册", "去世")
    # a2: the town's phone and the district's address merged without a conflict
    assert (value(db, scenario.uids["a2"], "phone"), value(db, scenario.uids["a2"], "address")) == (
        "13911110002", "区县核实的地址")
    # both records of the identity number seen twice are kept, one per town
    twice = db.execute("SELECT town_key FROM members WHERE uid IN (?, ?) ORDER BY town_key",
                       [scenario.uids["a_new"], scenario.uids["c_new"]]).fetchall()
    assert [r[0] for r in twice] == ["370285104", "370285106"]
    counts = dict(db.execute("SELECT town_key, count(*) FROM members GROUP BY town_key").fetchall())
    assert counts == {"370285104": 80 + 3, "370285105": 80 + 2, "370285106": 80 + 4}
    db.close()


def test_the_district_shows_every_town_with_its_references_rebuilt(tmp_path: Path, scenario: Scenario) -> None:
    db = merged(tmp_path, scenario, "ABC")
    # every member's village and grid is a row of the same town in the district's own ids
    wrong = db.execute("SELECT count(*) FROM members m JOIN villages v ON v.id = m.village_id"
                       " LEFT JOIN grids g ON g.id = m.grid_id WHERE v.town_key != m.town_key"
                       " OR (m.grid_id IS NOT NULL AND (g.town_key != m.town_key OR g.village_id != v.id))"
                       ).fetchone()[0]
    assert wrong == 0
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    towns = {t.town: t for t in ex.towns(db)}
    assert set(towns) == {"370285104", "370285105", "370285106"} and all(t.last_sequence == 2 for t in towns.values())
    # the areas' tables travel too, e.g. the households and their visits of each town
    assert {r[0] for r in db.execute("SELECT DISTINCT town_key FROM household_visits")} == set(towns)
    db.close()


def test_a_person_in_two_towns_of_the_district_can_still_be_corrected(tmp_path: Path, scenario: Scenario) -> None:
    """The identity number is unique in a town, not across the district: the district clerk corrects one town's
    record of a person the other town also sent, and a second record in the same town is still refused."""
    from dataclasses import replace

    from models.members import MemberError, get_member, save_member
    db = merged(tmp_path, scenario, "ABC")
    db.user, db.role = "区县管理员", "管理员"
    for key, phone in (("a_new", "13955550000"), ("c_new", "13955550001")):  # whichever was merged first
        (member_id,) = db.execute("SELECT id FROM members WHERE uid = ?", [scenario.uids[key]]).fetchone()
        member = get_member(db, member_id)
        save_member(db, replace(member, phone=phone))
        assert get_member(db, member_id).phone == phone
    with pytest.raises(MemberError, match="公民身份号码：已登记为"):
        save_member(db, replace(member, id=None, name="重复登记"))
    db.close()
