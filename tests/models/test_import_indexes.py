"""A large first import makes the members' indexes after its INSERT (models.db.indexes_made_after): the
database ends with every index the schema has, and a refused import leaves them as they were."""
from __future__ import annotations

from pathlib import Path

import pytest

from models.db import indexes_made_after, key_values, open_database
from models.demo import fill_demo
from models.entities import MemberQuery
from models.importing import import_members
from models.importing import write as write_module
from models.members import search_members
from reports.xlsx import build_members_xlsx


def _indexes(db) -> list[tuple[str, str]]:
    return sorted(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                             " AND tbl_name IN ('members', 'member_events')").fetchall())


@pytest.fixture()
def roster(tmp_path: Path) -> Path:
    source = open_database(tmp_path / "source.db")
    fill_demo(source, 300, seed=5)
    path = tmp_path / "roster.xlsx"
    with open(path, "wb") as fh:
        build_members_xlsx(search_members(source, MemberQuery(statuses=())), fh, town="院上镇")
    return path


def test_bulk_import_keeps_every_index_and_its_rules(tmp_path: Path, roster: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(write_module, "BULK_INDEXING", 10)  # this small roster takes the bulk path
    target = open_database(tmp_path / "target.db")
    before = _indexes(target)
    result = import_members(target, roster, skip_invalid=True)
    assert result.imported > 250
    assert _indexes(target) == before
    plan = target.execute("EXPLAIN QUERY PLAN SELECT id FROM members WHERE uid = 'x'").fetchall()
    assert "members_uid" in str(plan)
    number, town = target.execute("SELECT id_number, town_key FROM members LIMIT 1").fetchone()
    with pytest.raises(Exception, match="UNIQUE"):
        target.execute("INSERT INTO members (name, id_number, town_key, village_id) VALUES ('x', ?, ?, 1)",
                       [number, town])
    assert target.execute("SELECT count(*) FROM member_events WHERE kind = '登记'").fetchone()[0] == result.imported


def test_failed_bulk_insert_rolls_back_with_the_indexes(tmp_path: Path) -> None:
    db = open_database(tmp_path / "t.db")
    before = _indexes(db)
    with pytest.raises(RuntimeError):
        with db.atomic():
            with indexes_made_after(db, "members", when=True):
                assert not any(name.startswith("members_") for name, _ in _indexes(db))
                raise RuntimeError("power cut")
    assert _indexes(db) == before


def test_imported_members_and_their_events_get_keys_that_travel(tmp_path: Path, roster: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The bulk INSERT sets uid itself (models.migrations.new_uids, not the key triggers): a UUID4 per row,
    unique in the file, with the town key, the UTC time and the user, as every other write sets them."""
    from models import clock
    from models.migrations import new_uids
    from tests.models.test_travel_keys import UTC, UUID4
    monkeypatch.setattr(write_module, "BULK_INDEXING", 10)
    target = open_database(tmp_path / "target.db")
    result = import_members(target, roster, skip_invalid=True)
    rows = target.execute("SELECT uid, town_key, updated_at FROM members UNION ALL"
                          " SELECT uid, town_key, updated_at FROM member_events").fetchall()
    assert len(rows) == 2 * result.imported
    assert all(UUID4.fullmatch(uid) for uid, _, _ in rows)
    assert len({uid for uid, _, _ in rows}) == len(rows), "no uid twice"
    assert {(town, at) for _, town, at in rows} == {(key_values(target)[0], clock.utc_stamp())}
    assert UTC.fullmatch(rows[0][2])
    many = new_uids(5000)
    assert len(set(many)) == 5000 and all(UUID4.fullmatch(u) for u in many)


def test_each_new_member_gets_its_own_registration_even_when_ids_skip(tmp_path: Path, roster: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The 登记 events are made ahead for ids that follow the last one; if the new members' ids do not (here a
    trigger moves every other one), they are made from the ids the members got."""
    monkeypatch.setattr(write_module, "BULK_INDEXING", 10)
    target = open_database(tmp_path / "target.db")
    target.execute("CREATE TEMP TRIGGER gap AFTER INSERT ON members WHEN NEW.id % 2 = 0"
                   " BEGIN UPDATE members SET id = NEW.id + 1000000 WHERE id = NEW.id; END")
    result = import_members(target, roster, skip_invalid=True)
    assert target.execute("SELECT max(id) FROM members").fetchone()[0] > 1000000, "the ids skipped"
    per_member = target.execute("SELECT m.id, count(e.id) FROM members m LEFT JOIN member_events e"
                                " ON e.member_id = m.id AND e.kind = '登记' GROUP BY m.id").fetchall()
    assert len(per_member) == result.imported and {n for _, n in per_member} == {1}
    orphans = target.execute("SELECT count(*) FROM member_events e LEFT JOIN members m ON m.id = e.member_id"
                             " WHERE m.id IS NULL").fetchone()[0]
    assert orphans == 0
