"""Every write audits every table it changes (HOUSE.md "One write path"): for each public write function of
models/, the tables whose rows changed are exactly the tables its new audit rows name, so the window can read
from the audit log what to refresh (models.audit.tables_changed_since)."""
from __future__ import annotations

from pathlib import Path

import pytest

from models import accounts, org
from models.audit import tables_changed_since
from models.db import LedgerDB
from tests.models.test_audit_roles import WRITE_NAMES
from tests.models.write_cases import CASES, PW, staffed

SKIPPED = {"audit_log", "_sqlite_migrations"}


def contents(db: LedgerDB) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows (in rowid order), the audit log and migration list left out."""
    return {t: db.execute(f"SELECT * FROM [{t}] ORDER BY rowid").fetchall()
            for t in db.table_names() if t not in SKIPPED}


def last_audit_id(db: LedgerDB) -> int:
    return int(db.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0])


def test_the_cases_cover_every_write_function_the_roles_test_knows() -> None:
    known = {n.split("(")[0] for n in WRITE_NAMES}
    assert known <= {n.split("(")[0] for n in CASES}
    assert {"importing.import_members", "settings.set_setting"} <= {n.split("(")[0] for n in CASES}


@pytest.mark.parametrize("name", list(CASES))
def test_a_write_audits_exactly_the_tables_it_changes(db: LedgerDB, tmp_path: Path, name: str) -> None:
    write = CASES[name](db, tmp_path)
    before, mark = contents(db), last_audit_id(db)
    write()
    after = contents(db)
    changed = {t for t in after if after[t] != before.get(t)}
    assert changed, f"{name} changed nothing"
    named = {r[0] for r in db.execute("SELECT table_name FROM audit_log WHERE id > ? AND table_name != ''", [mark])}
    # A record saved unchanged still gets its audit row (the clerk pressed 确定; its diff is empty): its table is
    # then named though no row of it changed — the only case where the two sets may differ.
    unchanged_save = {"org.update_village(only natural)": {"villages"}}.get(name, set())
    assert named - unchanged_save == changed, f"{name}: changed {sorted(changed)}, audit names {sorted(named)}"
    assert tables_changed_since(db, mark) == named


def test_the_demo_audits_villages_grids_members_and_their_history(db: LedgerDB) -> None:
    from models.demo import fill_demo
    org.save_town(db, "院上镇", "370285")
    mark = last_audit_id(db)
    counts = fill_demo(db, 60)
    rows = db.execute("SELECT action, table_name, record_id, summary FROM audit_log WHERE id > ? ORDER BY id",
                      [mark]).fetchall()
    rows = [r for r in rows if not r[0].startswith("载入示例数据（")]  # the areas' fill_demo rows: their own action
    assert [r[1] for r in rows] == ["villages", "grids", "members", "member_events"]
    assert {r[0] for r in rows} == {"载入示例数据"} and all(r[2] is None for r in rows)
    assert f"{counts['grids']} 个网格" in rows[1][3] and f"{counts['members']} 名党员" in rows[2][3]


def test_tables_changed_since_reads_only_later_rows(db: LedgerDB, tmp_path: Path) -> None:
    ids = staffed(db)
    mark = last_audit_id(db)
    assert tables_changed_since(db, mark) == set()
    accounts.login(db, "clerk", PW)  # an event: no table named
    assert tables_changed_since(db, mark) == set()
    org.move_members(db, [ids["m1"]], ids["g1"] + 1)
    assert tables_changed_since(db, mark) == {"members", "member_events"}
    assert "accounts" in tables_changed_since(db, 0) and "town" in tables_changed_since(db, 0)
