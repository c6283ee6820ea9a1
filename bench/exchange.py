"""Speed of the town → district exchange (issue 17): prints figures, asserts nothing.

    python bench/exchange.py [--towns 30] [--members 3300] [--folder DIR]

A district of --towns towns × --members members (30 × 3,300 ≈ 100,000). One demo town is made with
`models.demo.fill_demo` and copied for every town, each copy re-keyed (its own town code, new uids for every row,
its own identity numbers), as towns are. Each town exports its full package and the district imports all of them
(registration). Then each town makes its changes — 5 % of members edited, 2 % added, 1 % status changes (转出 /
去世), and a few transfers (a member 转出 in one town, added in the next with the same identity number) — about
630 changes, while the district corrects one member of each town that the town also edits. Each town exports
its incremental package; the figures are the package sizes (changeset and file) and the time of the whole
district merge of all of them (every check, the engine in its child process, the district's tables refreshed,
every conflict recorded). Goal: all 30 merged in ≤ 10 s, every planted conflict listed.

Floor, measured in the same run: a plain `executemany` inserting the same changed member rows (all their
columns) into an empty table in one transaction — the cost of merely writing those rows once.
"""
from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def make_template(folder: Path, members: int) -> Path:
    from models.db import open_database
    from models.demo import fill_demo
    from models.org import save_town
    path = folder / "template.db"
    db = open_database(path)
    save_town(db, "模板镇", "370285", "370285100")
    fill_demo(db, members, seed=5)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def make_town(template: Path, folder: Path, n: int) -> Path:
    """A copy of the template as town n: its own key, new uids, its own identity numbers."""
    from models.db import keyed_tables, open_database
    from models.migrations import UID_SQL
    path = folder / f"town{n:02d}.db"
    shutil.copyfile(template, path)
    db = open_database(path)
    key = f"370285{n + 100:03d}"
    with db.atomic():
        db.execute("UPDATE town SET name = ?, town_code = ?, town_key = ?", [f"第{n}镇", key, key])
        for table in keyed_tables(db):
            db.execute(f"DROP TRIGGER IF EXISTS temp.gl_keys_{table}_update")
            db.execute(f"UPDATE {table} SET uid = {UID_SQL}, town_key = ?", [key])
        db.execute("UPDATE members SET id_number = printf('%02d', ?) || substr(id_number, 3)", [n])
    db.close()
    return path


def town_changes(path: Path, n: int, towns: int, rate_edit: float, rate_add: float, rate_status: float,
                 transfers: list[tuple[int, str, str]]) -> tuple[str, int]:
    """Make the town's changes through ordinary SQL on a program connection (the key triggers stamp them);
    returns (uid of the member the district will also correct, number of changes)."""
    from models.db import open_database
    db = open_database(path)
    ids = [r[0] for r in db.execute("SELECT id FROM members WHERE status = '在册' ORDER BY id")]
    n_edit, n_add, n_status = int(len(ids) * rate_edit), int(len(ids) * rate_add), int(len(ids) * rate_status)
    edited, status = ids[:n_edit], ids[n_edit:n_edit + n_status]
    with db.atomic():
        for i, mid in enumerate(edited):
            column = ("phone", "address", "remarks")[i % 3]
            db.execute(f"UPDATE members SET {column} = ? WHERE id = ?", [f"改{n}-{i}", mid])
        for i, mid in enumerate(status):
            db.execute("UPDATE members SET status = ?, status_date = '2026-11-19' WHERE id = ?",
                       ["转出" if i % 2 else "去世", mid])
        cols = [c for c in db["members"].columns_dict if c not in ("id", "uid", "town_key", "updated_at",
                                                                    "updated_by", "id_number", "name")]
        for i in range(n_add):
            db.execute(f"INSERT INTO members (name, id_number, {', '.join(cols)}) SELECT '新' || name, ?,"
                       f" {', '.join(cols)} FROM members WHERE id = ?", [f"N{n:02d}{i:06d}00000000"[:18], ids[-1 - i]])
        for source, name, number in transfers:  # 转入 from the town before: the same identity number
            if source == (n - 1) % towns:
                db.execute(f"INSERT INTO members (name, id_number, {', '.join(cols)}) SELECT ?, ?, {', '.join(cols)}"
                           " FROM members WHERE id = ?", [name, number, ids[-1]])
    db.close()
    return "", n_edit + n_add + n_status


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--towns", type=int, default=30)
    ap.add_argument("--members", type=int, default=3300)
    ap.add_argument("--folder", default="")
    args = ap.parse_args()
    from models import clock
    from models import exchange as ex
    from models.db import open_database
    folder = Path(args.folder or tempfile.mkdtemp(prefix="bench-exchange-"))
    folder.mkdir(parents=True, exist_ok=True)
    base = dt.datetime(2026, 11, 20, 9, 0)
    clock.set_now(base)
    registered_at = clock.utc_stamp()
    t = time.perf_counter()
    template = make_template(folder, args.members)
    paths = [make_town(template, folder, n) for n in range(args.towns)]
    print(f"{args.towns} towns × {args.members} members made in {time.perf_counter() - t:.1f} s ({folder})")

    full, sizes = [], []
    t = time.perf_counter()
    for n, path in enumerate(paths):
        db = open_database(path)
        out = folder / f"town{n:02d}-1.glpkg"
        r = ex.export_package(db, out)
        sizes.append((r.size, out.stat().st_size))
        full.append(out)
        db.close()
    export_full = time.perf_counter() - t
    district = open_database(folder / "district.db")
    ex.init_district(district, "莱西市", "370285")
    t = time.perf_counter()
    outcomes = ex.import_files(district, full)
    merge_full = time.perf_counter() - t
    assert all(o.applied for o in outcomes), [o.refused for o in outcomes if not o.applied]
    print(f"full packages: {statistics.median(s for s, _ in sizes) / 1024:.0f} kB changeset, "
          f"{statistics.median(f for _, f in sizes) / 1024:.0f} kB file (median); exported in {export_full:.1f} s; "
          f"registered by the district in {merge_full:.1f} s")

    # the towns' changes, a few transfers, and the district's own corrections (one member per town)
    clock.set_now(base + dt.timedelta(hours=1))
    transfers = []
    for n in range(0, args.towns, max(1, args.towns // 5)):
        db = open_database(paths[n])
        mid, name, number = db.execute("SELECT id, name, id_number FROM members WHERE status = '在册'"
                                       " ORDER BY id DESC LIMIT 1 OFFSET 100").fetchone()
        db.execute("UPDATE members SET status = '转出', status_detail = '下一镇' WHERE id = ?", [mid])
        db.conn.commit()
        db.close()
        transfers.append((n, name, number))
    changes = [town_changes(p, n, args.towns, 0.05, 0.02, 0.01, transfers)[1] for n, p in enumerate(paths)]
    clock.set_now(base + dt.timedelta(hours=2))
    corrected = 0
    for path in paths:  # the first edited member of each town: its phone corrected here too
        db = open_database(path)
        uid = db.execute("SELECT uid FROM members WHERE status = '在册' ORDER BY id LIMIT 1").fetchone()[0]
        db.close()
        corrected += district.execute("UPDATE members SET phone = '区县更正' WHERE uid = ?", [uid]).rowcount
    district.conn.commit()
    clock.set_now(base + dt.timedelta(hours=3))
    incremental, sizes = [], []
    for n, path in enumerate(paths):
        db = open_database(path)
        out = folder / f"town{n:02d}-2.glpkg"
        r = ex.export_package(db, out)
        sizes.append((r.size, out.stat().st_size, r.count))
        incremental.append(out)
        db.close()
    print(f"incremental packages: {statistics.median(c for *_, c in sizes):.0f} changes, "
          f"{statistics.median(s for s, _, _ in sizes) / 1024:.0f} kB changeset, "
          f"{statistics.median(f for _, f, _ in sizes) / 1024:.0f} kB file (median; town edits "
          f"{statistics.median(changes):.0f} members)")
    before = len(ex.list_conflicts(district))
    t = time.perf_counter()
    outcomes = ex.import_files(district, incremental)
    merge = time.perf_counter() - t
    assert all(o.applied for o in outcomes), [o.refused for o in outcomes if not o.applied]
    listed = len(ex.list_conflicts(district)) - before
    kinds: dict[str, int] = {}
    for c in ex.list_conflicts(district):
        kinds[c.kind] = kinds.get(c.kind, 0) + 1
    planted = corrected + len(transfers)

    # floor: the changed member rows, written once with a plain executemany
    changed = [o.changed + o.added for o in outcomes]
    rows = district.execute("SELECT * FROM members WHERE updated_at > ?", [registered_at]).fetchall()
    floor_db = sqlite3.connect(folder / "floor.db")
    columns = len(rows[0]) if rows else 1
    floor_db.execute(f"CREATE TABLE m ({', '.join(f'c{i}' for i in range(columns))})")
    t = time.perf_counter()
    with floor_db:
        floor_db.executemany(f"INSERT INTO m VALUES ({', '.join('?' * columns)})", rows)
    floor = time.perf_counter() - t
    floor_db.close()
    print(f"district merge of {args.towns} incremental packages ({sum(changed)} rows added or changed): "
          f"{merge:.2f} s (goal ≤ 10 s); floor (executemany of the {len(rows)} changed member rows) {floor:.3f} s, "
          f"ratio {merge / floor if floor else float('inf'):.0f}×")
    print(f"conflicts listed: {listed} (planted {planted}: {corrected} changed in both places, {len(transfers)} "
          f"transfers); by kind {kinds}")
    district.close()


if __name__ == "__main__":
    main()
