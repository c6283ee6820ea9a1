"""Three towns built from the demo, each edited, with every kind of conflict planted (issue 17), and the
district that merges them. Shared by the model, command-line and page tests of the exchange area.

Planted (the conflicts a merge must list, whatever order the packages come in):
- a1: 院上镇 and the district both change the phone                       → changed_both (members.phone)
- b1: 河头店镇 marks the member 去世, the district corrects the phone        → deleted_changed (members.status)
- new: 院上镇 and 店埠镇 both add the same identity number                  → duplicate_id_number (added twice)
- b2: 河头店镇 marks b2 转出, 店埠镇 adds a member with b2's number (转入)     → duplicate_id_number (transfer)
and edits that merge with none: a2 (town changes the phone, district the address), plain edits and new members
in every town.
"""
from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path

from models import clock, idcard
from models import exchange as ex
from models.db import LedgerDB, open_database
from models.demo import fill_demo
from models.members import change_status, get_member, save_member
from models.org import save_town
from tests.conftest import add_member

BASE = dt.datetime(2026, 11, 20, 9, 0)
TOWNS = {"A": ("院上镇", "370285104", 11), "B": ("河头店镇", "370285105", 12), "C": ("店埠镇", "370285106", 13)}
DISTRICT = ("莱西市", "370285")


@dataclass
class Scenario:
    folder: Path
    round1: dict[str, Path] = field(default_factory=dict)
    round2: dict[str, Path] = field(default_factory=dict)
    uids: dict[str, str] = field(default_factory=dict)
    # (town key, member uid, field, value): every town edit that must reach the district or a conflict
    edits: list[tuple[str, str, str, object]] = field(default_factory=list)
    district_edits: list[tuple[str, str, object]] = field(default_factory=list)
    town_dbs: dict[str, Path] = field(default_factory=dict)

    def key(self, town: str) -> str:
        return TOWNS[town][1]


def _uid(db: LedgerDB, member_id: int) -> str:
    return str(db.execute("SELECT uid FROM members WHERE id = ?", [member_id]).fetchone()[0])


def _in_register(db: LedgerDB, count: int, skip: int = 0) -> list[int]:
    return [int(r[0]) for r in db.execute("SELECT id FROM members WHERE status = '在册' AND NOT is_central"
                                          " ORDER BY id LIMIT ? OFFSET ?", [count, skip])]


def _first_village(db: LedgerDB) -> str:
    return str(db.execute("SELECT name FROM villages ORDER BY id LIMIT 1").fetchone()[0])


def _set(db: LedgerDB, member_id: int, **values: object) -> None:
    save_member(db, replace(get_member(db, member_id), **values))  # type: ignore[arg-type]


def build(folder: Path, members: int = 80) -> Scenario:
    """The three towns, their full packages (round 1) and, after their edits, their incremental ones (round 2)."""
    sc = Scenario(folder)
    dbs: dict[str, LedgerDB] = {}
    try:
        clock.set_now(BASE)
        for town, (name, code, seed) in TOWNS.items():
            path = folder / f"{town}.db"
            db = open_database(path)
            save_town(db, name, "370285", code)
            fill_demo(db, members, seed=seed)
            dbs[town] = db
            sc.town_dbs[town] = path
        numbers = [{r[0] for r in db.execute("SELECT id_number FROM members")} for db in dbs.values()]
        assert not (numbers[0] & numbers[1] or numbers[0] & numbers[2] or numbers[1] & numbers[2]), "demo seeds clash"
        for town, db in dbs.items():
            sc.round1[town] = folder / f"{town}-1.glpkg"
            ex.export_package(db, sc.round1[town])
        clock.set_now(BASE + dt.timedelta(hours=1))
        a, b, c = dbs["A"], dbs["B"], dbs["C"]
        a1, a2, *a_plain = _in_register(a, 7)
        sc.uids.update(a1=_uid(a, a1), a2=_uid(a, a2))
        _set(a, a1, phone="13911110001")
        _set(a, a2, phone="13911110002")
        sc.edits += [(sc.key("A"), sc.uids["a1"], "phone", "13911110001"),
                     (sc.key("A"), sc.uids["a2"], "phone", "13911110002")]
        b1, b2, *b_plain = _in_register(b, 7)
        sc.uids.update(b1=_uid(b, b1), b2=_uid(b, b2))
        change_status(b, b1, "去世", "2026-11-19", today=clock.today())
        change_status(b, b2, "转出", "2026-11-19", "店埠镇第一党支部", today=clock.today())
        sc.edits += [(sc.key("B"), sc.uids["b1"], "status", "去世"), (sc.key("B"), sc.uids["b2"], "status", "转出")]
        b2_row = b.execute("SELECT name, id_number FROM members WHERE id = ?", [b2]).fetchone()
        c_plain = _in_register(c, 5)
        twice = idcard.make("370285", dt.date(1968, 3, 4), 611)
        sc.uids["a_new"] = _uid(a, add_member(a, "孙立新", village=_first_village(a), id_number=twice))
        sc.uids["c_new"] = _uid(c, add_member(c, "孙立新", village=_first_village(c), id_number=twice))
        sc.uids["c_transfer"] = _uid(c, add_member(c, str(b2_row[0]), village=_first_village(c),
                                                   id_number=str(b2_row[1])))
        for town, db, plain in (("A", a, a_plain), ("B", b, b_plain), ("C", c, c_plain)):
            for i, member_id in enumerate(plain):
                value = f"{town}村{i}号"
                _set(db, member_id, address=value)
                sc.edits.append((sc.key(town), _uid(db, member_id), "address", value))
            for i in range(2):
                number = idcard.make("370285", dt.date(1970, 1, 1 + i), 100 + 10 * ord(town) % 300 + 2 * i)
                uid = _uid(db, add_member(db, f"新党员{town}{i}", village=_first_village(db), id_number=number))
                sc.edits.append((sc.key(town), uid, "id_number", number))
        for town, db in dbs.items():
            sc.round2[town] = folder / f"{town}-2.glpkg"
            ex.export_package(db, sc.round2[town])
    finally:
        for db in dbs.values():
            db.close()
        clock.set_now(None)
    sc.district_edits = [(sc.uids["a1"], "phone", "13822220001"), (sc.uids["a2"], "address", "区县核实的地址"),
                         (sc.uids["b1"], "phone", "13822220003")]
    return sc


def new_district(path: Path) -> LedgerDB:
    db = open_database(path)
    ex.init_district(db, *DISTRICT)
    return db


def edit_in_district(db: LedgerDB, sc: Scenario) -> None:
    """The district's own corrections, made after round 1 (an hour after the towns' edits)."""
    clock.set_now(BASE + dt.timedelta(hours=2))
    for uid, column, value in sc.district_edits:
        member_id = int(db.execute("SELECT id FROM members WHERE uid = ?", [uid]).fetchone()[0])
        _set(db, member_id, **{column: value})


def merged(folder: Path, sc: Scenario, order: str, name: str = "district.db") -> LedgerDB:
    """A district that imported round 1 and round 2 in `order` ("ABC", "CAB" …), with its edits between."""
    db = new_district(folder / name)
    for outcome in ex.import_files(db, [sc.round1[t] for t in order]):
        assert outcome.applied, outcome.refused
    edit_in_district(db, sc)
    for outcome in ex.import_files(db, [sc.round2[t] for t in order]):
        assert outcome.applied, outcome.refused
    return db


def copy_package(src: Path, dst: Path) -> Path:
    shutil.copyfile(src, dst)
    return dst
