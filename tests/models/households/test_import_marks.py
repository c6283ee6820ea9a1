"""The member import's 是否党员中心户 = 是 makes a designation (unknown start date, the count kept visible); a roster
saying 否 never silently ends one."""
from __future__ import annotations

from pathlib import Path

from models import households
from models.db import LedgerDB
from models.importing import import_members
from tests.conftest import add_member, make_id
from tests.models.test_import_files import write_xlsx

HEAD = ["姓名", "身份证号", "人员类别", "入党日期", "转正日期", "所在村", "是否党员中心户", "联系户数"]


def test_a_marked_member_becomes_a_designation_and_a_no_does_not_end_one(town_db: LedgerDB, tmp_path: Path) -> None:
    kept = add_member(town_db, "李四")
    households.designate(town_db, kept, "2025-03-01")
    number = make_id("1970-05-06")
    old = town_db.execute("SELECT id_number FROM members WHERE id = ?", [kept]).fetchone()[0]
    path = write_xlsx(tmp_path / "roster.xlsx", {"Sheet1": [
        HEAD, ["张三", number, "正式党员", "1995-07-01", "1996-07-01", "院上村", "是", 9],
        ["李四", old, "正式党员", "1995-07-01", "1996-07-01", "院上村", "否", 0]]})
    import_members(town_db, path)
    zhang = town_db.execute("SELECT id, is_central FROM members WHERE name = '张三'").fetchone()
    assert zhang[1] == 1
    d = households.current_designation(town_db, zhang[0])
    assert d is not None
    start, legacy = town_db.execute("SELECT start_date, legacy_households FROM central_designations WHERE id = ?",
                                    [d if isinstance(d, int) else d.id]).fetchone()
    assert (start, legacy) == ("", 9)
    # 李四 stays a central household: ending one needs its date and reason on the 中心户 page
    assert households.current_designation(town_db, kept) is not None
    assert town_db.execute("SELECT is_central FROM members WHERE id = ?", [kept]).fetchone()[0] == 1
    # importing the same roster again makes no second designation
    import_members(town_db, path)
    assert town_db.execute("SELECT count(*) FROM central_designations WHERE status = '在任'").fetchone()[0] == 2


def test_a_rosters_count_does_not_override_the_households_linked(town_db: LedgerDB, tmp_path: Path) -> None:
    m = add_member(town_db, "李四", grid="第一网格")
    d = households.designate(town_db, m, "2025-03-01")
    vid, gid = town_db.execute("SELECT village_id, id FROM grids WHERE name = '第一网格'").fetchone()
    for i in range(3):
        home = households.save_household(town_db, households.Household(f"户主{i}", vid, gid, address=f"{i}号"))
        households.link_household(town_db, home, d, "2025-03-02")
    number = town_db.execute("SELECT id_number FROM members WHERE id = ?", [m]).fetchone()[0]
    path = write_xlsx(tmp_path / "roster.xlsx", {"Sheet1": [
        HEAD, ["李四", number, "正式党员", "1995-07-01", "1996-07-01", "院上村", "是", 12]]})
    import_members(town_db, path)
    assert town_db.execute("SELECT linked_households FROM members WHERE id = ?", [m]).fetchone()[0] == 3
