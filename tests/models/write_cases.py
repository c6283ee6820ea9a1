"""Every public write function of models/, each as a case on a fresh database: the travel-keys and the
audit-coverage tests run all of them. A case prepares its database (signed in as 管理员 `admin` when it has
accounts) and returns the write to run; a new write function of models/ is added here."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from models import accounts, demo, members, org, settings
from models import assistance as aid
from models.db import LedgerDB
from models.entities import Grid, Member, Village
from models.importing import import_members
from tests.conftest import add_member, make_id
from tests.models.test_import_files import person, write_xlsx

PW = "mima-1234"
Write = Callable[[], Any]


def town(db: LedgerDB) -> None:
    org.save_town(db, "院上镇", "370285")
    v1 = org.add_village(db, "院上村")
    org.add_village(db, "姜家庄村", natural=["姜家庄", "后庄"])
    org.add_grid(db, v1, "第一网格")
    org.add_grid(db, v1, "第二网格")


def staffed(db: LedgerDB) -> dict[str, int]:
    """A town with members (one 转出), three accounts, signed in as the 管理员 admin."""
    town(db)
    m1 = add_member(db, "张三", grid="第一网格")
    m2 = add_member(db, "李四")
    members.change_status(db, m2, "转出", "2020-01-01", "莱西市委组织部")
    accounts.create_first_admin(db, "admin", PW)
    accounts.add_account(db, "clerk", "录入员", PW)
    accounts.add_account(db, "reader", "查阅", PW)
    v1, v2 = (org.find_village(db, n).id for n in ("院上村", "姜家庄村"))  # type: ignore[union-attr]
    g1 = db.execute("SELECT id FROM grids WHERE name = '第一网格'").fetchone()[0]
    return {"v1": v1, "v2": v2, "g1": g1, "m1": m1, "m2": m2}


ROSTER = ["序号", "姓名", "身份证号", "人员类别", "入党日期", "转正日期", "联系电话", "所在村", "所在网格"]


def _roster(tmp_path: Path, rows: list[list[object]]) -> Path:
    return write_xlsx(tmp_path / "roster.xlsx", {"Sheet1": [ROSTER, *rows]})


def _staffed(make: Callable[[LedgerDB, dict[str, int], Path], Write]) -> Callable[[LedgerDB, Path], Write]:
    def case(db: LedgerDB, tmp_path: Path) -> Write:
        return make(db, staffed(db), tmp_path)
    return case


def _import_update(db: LedgerDB, ids: dict[str, int], tmp_path: Path) -> Write:
    number = members.get_member(db, ids["m1"]).id_number
    path = _roster(tmp_path, [[1, "张三", number, "正式党员", "1995-07-01", "1996-07-01", "13912345678", "院上村",
                               "第一网格"]])
    return lambda: import_members(db, path)


def _import_new(db: LedgerDB, ids: dict[str, int], tmp_path: Path) -> Write:
    path = _roster(tmp_path, [[1, "王五", person(301), "正式党员", "1995-07-01", "1996-07-01", "13912345678",
                               "新庄村", "第一网格"],
                              [2, "赵六", person(302), "预备党员", "2026-03-01", "", "", "院上村", "第三网格"]])
    return lambda: import_members(db, path)


def _new_town(db: LedgerDB, tmp_path: Path) -> Write:
    v = org.add_village(db, "院上村", natural=["东院上"])  # made before the town: save_town claims it
    org.add_grid(db, v, "第一网格")
    return lambda: org.save_town(db, "院上镇", "370285", "370285104")


def _first_admin(db: LedgerDB, tmp_path: Path) -> Write:
    town(db)
    return lambda: accounts.create_first_admin(db, "boss", PW)


def _demo(db: LedgerDB, tmp_path: Path) -> Write:
    org.save_town(db, "院上镇", "370285", "370285104")
    return lambda: demo.fill_demo(db, 30)


def _demo_empty(db: LedgerDB, tmp_path: Path) -> Write:
    return lambda: demo.fill_demo(db, 30)


def _weak(make: Callable[[LedgerDB, dict[str, int]], Write]) -> Callable[[LedgerDB, Path], Write]:
    """staffed, with 院上村 强基 in 2026 and its town leader slot filled (for the assistance area's writes)."""
    def case(db: LedgerDB, tmp_path: Path) -> Write:
        ids = staffed(db)
        aid.set_class(db, ids["v1"], 2026, "强基", 2)
        ids["slot"] = aid.assign(db, ids["v1"], 2026, "town_leader", aid.Person("李明", "副书记", "13800000002")).id
        return make(db, ids)
    return case


CASES: dict[str, Callable[[LedgerDB, Path], Write]] = {
    "members.save_member": _staffed(lambda db, ids, _: lambda: members.save_member(db, Member(
        name="新人", id_number=make_id(), village_id=ids["v1"], grid_id=ids["g1"], join_date="1995-07-01",
        full_date="1996-07-01"))),
    "members.save_member(update)": _staffed(lambda db, ids, _: lambda: members.save_member(
        db, Member(**{**members.get_member(db, ids["m1"]).__dict__, "phone": "13800000000"}))),
    "members.save_member(other grid)": _staffed(lambda db, ids, _: lambda: members.save_member(
        db, Member(**{**members.get_member(db, ids["m1"]).__dict__, "grid_id": None}))),
    "members.change_status": _staffed(lambda db, ids, _: lambda: members.change_status(db, ids["m1"], "去世",
                                                                                         "2020-01-01")),
    "members.restore_member": _staffed(lambda db, ids, _: lambda: members.restore_member(db, ids["m2"])),
    "org.save_town": _staffed(lambda db, ids, _: lambda: org.save_town(db, "新镇", "370285")),
    "org.save_town(new)": _new_town,
    "org.add_village": _staffed(lambda db, ids, _: lambda: org.add_village(db, "新村")),
    "org.add_village(natural)": _staffed(lambda db, ids, _: lambda: org.add_village(db, "新村", natural=["甲庄"])),
    "org.update_village": _staffed(lambda db, ids, _: lambda: org.update_village(db, Village(ids["v1"], "改名村"))),
    "org.update_village(natural)": _staffed(lambda db, ids, _: lambda: org.update_village(
        db, Village(ids["v2"], "姜家庄社区"), ["姜家庄", "前庄"])),
    "org.update_village(only natural)": _staffed(lambda db, ids, _: lambda: org.update_village(
        db, org.get_village(db, ids["v2"]), ["姜家庄", "前庄"])),
    "org.add_grid": _staffed(lambda db, ids, _: lambda: org.add_grid(db, ids["v1"], "第九网格")),
    "org.update_grid": _staffed(lambda db, ids, _: lambda: org.update_grid(db, Grid(ids["g1"], ids["v1"],
                                                                                   "改名网格"))),
    "org.move_grid": _staffed(lambda db, ids, _: lambda: org.move_grid(db, ids["g1"], ids["v2"])),
    "org.merge_villages": _staffed(lambda db, ids, _: lambda: org.merge_villages(db, ids["v2"], ids["v1"])),
    "org.merge_villages(grids)": _staffed(lambda db, ids, _: lambda: org.merge_villages(db, ids["v1"], ids["v2"])),
    "org.move_members": _staffed(lambda db, ids, _: lambda: org.move_members(db, [ids["m1"]], None, ids["v2"])),
    "importing.import_members(update)": _staffed(_import_update),
    "importing.import_members(new)": _staffed(_import_new),
    "demo.fill_demo": _demo,
    "demo.fill_demo(no town)": _demo_empty,
    "accounts.create_first_admin": _first_admin,
    "accounts.add_account": _staffed(lambda db, ids, _: lambda: accounts.add_account(db, "boss", "管理员", PW)),
    "accounts.set_role": _staffed(lambda db, ids, _: lambda: accounts.set_role(db, "reader", "录入员")),
    "accounts.set_active": _staffed(lambda db, ids, _: lambda: accounts.set_active(db, "clerk", False)),
    "accounts.reset_password": _staffed(lambda db, ids, _: lambda: accounts.reset_password(db, "clerk",
                                                                                            "new-pw-5678")),
    "accounts.change_password": _staffed(lambda db, ids, _: lambda: accounts.change_password(db, "admin", PW,
                                                                                              "new-pw-5678")),
    "accounts.set_idle_minutes": _staffed(lambda db, ids, _: lambda: accounts.set_idle_minutes(db, 5)),
    "settings.set_setting": _staffed(lambda db, ids, _: lambda: settings.set_setting(db, "backup_folder", "/b")),
    "assistance.set_class": _staffed(lambda db, ids, _: lambda: aid.set_class(db, ids["v1"], 2026, "强基", 2)),
    "assistance.set_classes": _staffed(lambda db, ids, _: lambda: aid.set_classes(
        db, 2026, [(ids["v1"], "强基", 2), (ids["v2"], "示范", 4)])),
    "assistance.copy_classes": _weak(lambda db, ids: lambda: aid.copy_classes(db, 2027)),
    "assistance.assign": _weak(lambda db, ids: lambda: aid.assign(db, ids["v1"], 2026, "first_secretary", aid.Person(
        "孙丽", "第一书记", "13800000004", unit="区财政局"), posting_start="2025-03-01", posting_end="2027-02-28")),
    "assistance.assign(replace)": _weak(lambda db, ids: lambda: aid.assign(
        db, ids["v1"], 2026, "town_leader", aid.Person("周涛", "副镇长", ""), since="2026-07-01")),
    "assistance.update_slot": _weak(lambda db, ids: lambda: aid.update_slot(
        db, ids["slot"], aid.Person("李明", "党委书记", "13800000002"))),
    "assistance.copy_year": _weak(lambda db, ids: lambda: (aid.copy_classes(db, 2027), aid.copy_year(db, 2027))),
    "assistance.add_log": _weak(lambda db, ids: lambda: aid.add_log(db, ids["slot"], "2026-11-01", "走访",
                                                                    learned="路灯", amount="1.5")),
}

# A moment after the cases' preparation (made at the tests' fixed 09:00), so that a write's times differ.
LATER = dt.datetime(2026, 11, 26, 10, 30, 15)
