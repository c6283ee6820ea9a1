"""Every public write function of models/, each as a case on a fresh database: the travel-keys and the
audit-coverage tests run all of them. A case prepares its database (signed in as 管理员 `admin` when it has
accounts) and returns the write to run; a new write function of models/ is added here."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from models import accounts, demo, home, members, org, settings
from models import assistance as aid
from models import decisions as dc
from models import households as hh
from models import secretaries as sc
from models import supervision as sv
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


def _sv(make: Callable[[LedgerDB, dict[str, int], Path], Write]) -> Callable[[LedgerDB, Path], Write]:
    """A staffed town with a cadre, an open problem with a progress note, a closed one and a flagged project."""
    def case(db: LedgerDB, tmp_path: Path) -> Write:
        ids = staffed(db)
        ids["cadre"] = sv.save_cadre(db, sv.Cadre(ids["v1"], "张三", "委员", member_id=ids["m1"]))
        ids["p1"] = sv.save_problem(db, sv.Problem(ids["v1"], "三务公开不及时", "程序监督", "2026-10-01", "2026-12-01"))
        sv.add_progress(db, ids["p1"], "2026-11-01", "已公开")
        ids["p2"] = sv.save_problem(db, sv.Problem(ids["v1"], "账目不清", "群众监督", "2026-10-01", "2026-12-01",
                                                   completed_on="2026-11-20", status="已销号",
                                                   notes=[("2026-11-20", "已清理")]))
        ids["proj"] = sv.save_project(db, sv.Project(ids["v1"], "水渠", 12, "村委会", "张三"))
        (tmp_path / "证明.pdf").write_bytes(b"%PDF-1.4 evidence")
        return make(db, ids, tmp_path)
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
    "supervision.save_cadre": _sv(lambda db, ids, _: lambda: sv.save_cadre(db, sv.Cadre(ids["v2"], "李四", "主任"))),
    "supervision.save_cadre(update)": _sv(lambda db, ids, _: lambda: sv.save_cadre(db, sv.Cadre(
        ids["v1"], "", "委员", "2021-01-05", "2026-11-01", member_id=ids["m1"], id=ids["cadre"]))),
    "supervision.save_inspection": _sv(lambda db, ids, _: lambda: sv.save_inspection(db, sv.Inspection(
        ids["v1"], "2026-11-20", "组织监督", "三会一课", "记录不全", ids["cadre"]))),
    "supervision.save_problem": _sv(lambda db, ids, _: lambda: sv.save_problem(db, sv.Problem(
        ids["v2"], "议事不规范", "制度监督", "2026-11-01", "2026-12-01", notes=[("2026-11-02", "已约谈")]))),
    "supervision.save_problem(update)": _sv(lambda db, ids, _: lambda: sv.save_problem(db, sv.Problem(
        ids["v1"], "三务公开不及时", "程序监督", "2026-10-01", "2026-12-31", id=ids["p1"]))),
    "supervision.save_problem(close)": _sv(lambda db, ids, _: lambda: sv.save_problem(db, sv.Problem(
        ids["v1"], "三务公开不及时", "程序监督", "2026-10-01", "2026-12-01", completed_on="2026-11-20",
        status="已销号", id=ids["p1"]))),
    "supervision.add_progress": _sv(lambda db, ids, _: lambda: sv.add_progress(db, ids["p1"], "2026-11-25", "复查")),
    "supervision.add_evidence": _sv(lambda db, ids, tmp: lambda: sv.add_evidence(db, ids["p1"], tmp / "证明.pdf")),
    "supervision.close_problem": _sv(lambda db, ids, _: lambda: sv.close_problem(db, ids["p1"], "2026-11-25")),
    "supervision.reopen_problem": _sv(lambda db, ids, _: lambda: sv.reopen_problem(db, ids["p2"], "复查未过")),
    "supervision.mark_mistaken": _sv(lambda db, ids, _: lambda: sv.mark_mistaken(db, ids["p1"])),
    "supervision.unmark_mistaken": _sv(lambda db, ids, _: (sv.mark_mistaken(db, ids["p1"]), lambda: sv.unmark_mistaken(
        db, ids["p1"]))[1]),
    "supervision.set_evidence_limit": _sv(lambda db, ids, _: lambda: sv.set_evidence_limit(db, 20)),
    "supervision.save_project": _sv(lambda db, ids, _: lambda: sv.save_project(db, sv.Project(
        ids["v2"], "路灯", 8.5, "村委会", "光明电气有限公司", "2026-05-01", "2026-06-01", True))),
    "supervision.save_business": _sv(lambda db, ids, _: lambda: sv.save_business(db, sv.Business(
        ids["v1"], "鑫达建筑有限公司", "张小三", "儿子", "张三"))),
    "supervision.save_business(update)": _sv(lambda db, ids, _: (lambda bid: lambda: sv.save_business(db, sv.Business(
        ids["v1"], "鑫达建筑有限公司", "张小三", "长子", "张三", id=bid)))(sv.save_business(db, sv.Business(
            ids["v1"], "鑫达建筑有限公司", "张小三", "儿子", "张三")))),
    "supervision.import_table": _sv(lambda db, ids, tmp: (lambda f: lambda: sv.import_table(
        db, sv.IMPORT_KINDS["rectification"], f))(_write(tmp / "台账.csv", "村（社区）,问题描述,问题来源,发现日期,整改时限,"
                                                   "整改进展\n院上村,公开栏破损,群众监督,2026-11-01,2026-12-01,已修\n"))),
    "supervision.end_cadre": _sv(lambda db, ids, _: lambda: sv.end_cadre(db, ids["cadre"], "2026-11-20")),
    "supervision.record_inspection": _sv(lambda db, ids, _: lambda: sv.record_inspection(db, sv.Inspection(
        ids["v1"], "2026-11-01", "制度监督", "财务制度"), ["凭证不全"], "2026-12-01")),
    "supervision.fill_district": _sv(lambda db, ids, _: lambda: sv.fill_district(
        db, __import__("random").Random(1), dt.date(2026, 11, 26), problems=20, projects=5, businesses=5)),
    "supervision.flag_to_problem": _sv(lambda db, ids, _: lambda: sv.flag_to_problem(db, ids["proj"], "2026-12-31")),
}


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _central(db: LedgerDB, ids: dict[str, int]) -> tuple[int, int]:
    """A central household (张三) linking one household; returns (designation, household)."""
    d = hh.designate(db, ids["m1"], "2025-01-01")
    h = hh.save_household(db, hh.Household("户主甲", ids["v1"], ids["g1"], persons=3, tags=("低保",)))
    hh.link_household(db, h, d, "2025-01-02")
    return d, h


def _moved(db: LedgerDB, ids: dict[str, int], _: Path) -> Write:
    _, h = _central(db, ids)
    other = hh.designate(db, add_member(db, "王五", grid="第一网格"), "2025-01-01")
    return lambda: hh.link_household(db, h, other, "2025-02-01")


HOUSEHOLD_CASES: dict[str, Callable[[LedgerDB, Path], Write]] = {
    "households.designate": _staffed(lambda db, ids, _: lambda: hh.designate(db, ids["m1"], "2025-01-01")),
    "households.end_designation": _staffed(lambda db, ids, _: (lambda d: lambda: hh.end_designation(
        db, d, "2026-01-01", "调整"))(_central(db, ids)[0])),
    "households.end_for_member(change_status)": _staffed(lambda db, ids, _: (lambda d: lambda: members.change_status(
        db, ids["m1"], "去世", "2026-01-01"))(_central(db, ids))),
    "households.save_household": _staffed(lambda db, ids, _: lambda: hh.save_household(
        db, hh.Household("户主乙", ids["v1"], ids["g1"], persons=2))),
    "households.save_household(update)": _staffed(lambda db, ids, _: (lambda h: lambda: hh.save_household(
        db, hh.Household("户主甲", ids["v1"], ids["g1"], persons=5, id=h)))(_central(db, ids)[1])),
    "households.link_household": _staffed(lambda db, ids, _: (lambda d, h: lambda: hh.link_household(
        db, hh.save_household(db, hh.Household("户主丙", ids["v1"], ids["g1"])), d, "2025-03-01"))(
        *_central(db, ids))),
    "households.link_household(move)": _staffed(_moved),
    "households.unlink_household": _staffed(lambda db, ids, _: (lambda h: lambda: hh.unlink_household(
        db, h, "2026-01-01", "搬迁"))(_central(db, ids)[1])),
    "households.record_visit": _staffed(lambda db, ids, _: (lambda h: lambda: hh.record_visit(
        db, hh.Visit(h, "2026-11-01", "办事", "漏雨", "已修")))(_central(db, ids)[1])),
    "households.import_households": _staffed(lambda db, ids, tmp: (lambda d, h, path: lambda: hh.import_households(
        db, path))(*_central(db, ids), write_xlsx(tmp / "户.xlsx", {"户": [
            ["中心户姓名", "户主姓名", "家庭住址", "家庭人口", "所在村（社区）"], ["", "户主甲", "", 2, "院上村"],
            ["张三", "户主丁", "9号", 1, "院上村"]]}))),
    "households.import_visits": _staffed(lambda db, ids, tmp: (lambda d, h, path: lambda: hh.import_visits(
        db, path))(*_central(db, ids), write_xlsx(tmp / "走访.xlsx", {"走访": [
            ["日期", "户主姓名", "村", "事项类型"], ["2026-11-02", "户主甲", "院上村", "问事"]]}))),
    "households.set_tag_list": _staffed(lambda db, ids, _: lambda: hh.set_tag_list(
        db, [*hh.TAGS, "独居老人"])),
}
CASES.update(HOUSEHOLD_CASES)


def _due(db: LedgerDB, ids: dict[str, int]) -> Any:
    """A reminder to mark: 王五's probation ends within 30 days."""
    from models.reminders import due
    add_member(db, "王五", category="预备党员", full_date="", join_date="2025-12-10")
    return next(r for r in due(db) if r.subject == "王五")


def _unmark(db: LedgerDB, ids: dict[str, int], _: Path) -> Write:
    r = _due(db, ids)
    home.mark_handled(db, r)
    return lambda: home.unmark(db, r)


HOME_CASES: dict[str, Callable[[LedgerDB, Path], Write]] = {
    "home.mark_handled": _staffed(lambda db, ids, _: (lambda r: lambda: home.mark_handled(db, r, "已讨论"))(
        _due(db, ids))),
    "home.unmark": _staffed(_unmark),
}
CASES.update(HOME_CASES)

def _sc(make: Callable[[LedgerDB, dict[str, int], Path], Write]) -> Callable[[LedgerDB, Path], Write]:
    """A staffed town whose 院上村 secretary 张三 (a cadre from the member record) is filed once and scored."""
    def case(db: LedgerDB, tmp_path: Path) -> Write:
        ids = staffed(db)
        ids["sec"] = sv.save_cadre(db, sv.Cadre(ids["v1"], "", "书记", "2021-01-05", appointed_by="选举",
                                                member_id=ids["m1"]))
        ids["filing"] = sc.save_filing(db, sc.Filing(ids["sec"], "选举", "2021-01-05", "2021-02-01", "备2021-01"))
        sc.save_scores(db, 2026, ids["sec"], {"政治引领": 90})
        (tmp_path / "备案.csv").write_text("村（社区）,姓名,任职日期,产生方式,备案日期,备案编号\n"
                                          "院上村,张三,2021-01-05,选举,2021-03-01,备2021-02\n", encoding="utf-8")
        (tmp_path / "评估.csv").write_text("村（社区）,姓名,政治引领,发展集体经济,基层治理,服务群众,廉洁自律\n"
                                          "院上村,张三,80,81,82,83,84\n", encoding="utf-8")
        return make(db, ids, tmp_path)
    return case


SECRETARY_CASES: dict[str, Callable[[LedgerDB, Path], Write]] = {
    "secretaries.save_filing": _sc(lambda db, ids, _: lambda: sc.save_filing(db, sc.Filing(
        ids["sec"], "选举", "2021-01-05", "2021-02-01", "备2021-01", review_result="通过",
        review_date="2020-12-20", resume=[("2010.01-2020.12", "院上村村委委员")]))),
    "secretaries.save_indicators": _sc(lambda db, ids, _: lambda: sc.save_indicators(
        db, 2026, [("政治引领", 30), ("发展集体经济", 30), ("服务群众", 40)])),
    "secretaries.save_scores": _sc(lambda db, ids, _: lambda: sc.save_scores(
        db, 2026, ids["sec"], {"政治引领": 95, "基层治理": 88})),
    "secretaries.set_ranking": _sc(lambda db, ids, _: lambda: sc.set_ranking(db, 2026, True)),
    "secretaries.import_filings": _sc(lambda db, ids, tmp: lambda: sc.import_filings(db, tmp / "备案.csv")),
    "secretaries.import_evaluation": _sc(lambda db, ids, tmp: lambda: sc.import_evaluation(
        db, tmp / "评估.csv", 2026)),
}
CASES.update(SECRETARY_CASES)


def _dc(make: Callable[[LedgerDB, dict[str, int], Path], Write]) -> Callable[[LedgerDB, Path], Write]:
    """A staffed town with one decision item of 院上村 whose first two steps are recorded."""
    def case(db: LedgerDB, tmp_path: Path) -> Write:
        ids = staffed(db)
        ids["item"] = dc.save_item(db, dc.Item(ids["v1"], "村内道路硬化", "集体经济项目立项/招标", 30))
        dc.record_step(db, ids["item"], dc.StepRecord(0, "2026-10-01"))
        dc.record_step(db, ids["item"], dc.StepRecord(1, "2026-10-05", 7, 7, 7, 0, 0, "同意"))
        (tmp_path / "议事.csv").write_text("村（社区）,事项名称,事项类别,步骤,日期,应到人数,实到人数,赞成\n"
                                          "院上村,路灯安装,其他,提议,2026-10-02,7,7,7\n", encoding="utf-8")
        return make(db, ids, tmp_path)
    return case


DECISION_CASES: dict[str, Callable[[LedgerDB, Path], Write]] = {
    "decisions.save_item": _dc(lambda db, ids, _: lambda: dc.save_item(db, dc.Item(ids["v1"], "路灯安装", "其他"))),
    "decisions.save_item(update)": _dc(lambda db, ids, _: lambda: dc.save_item(
        db, dc.Item(ids["v1"], "村内道路硬化", "集体经济项目立项/招标", 45, id=ids["item"]))),
    "decisions.delete_item": _dc(lambda db, ids, _: lambda: dc.delete_item(db, ids["item"])),
    "decisions.record_step": _dc(lambda db, ids, _: lambda: dc.record_step(
        db, ids["item"], dc.StepRecord(2, "2026-10-08", 9, 9, 9, 0, 0, "同意"))),
    "decisions.record_step(correct)": _dc(lambda db, ids, _: lambda: dc.record_step(
        db, ids["item"], dc.StepRecord(1, "2026-10-05", 7, 6, 6, 0, 0, "同意"))),
    "decisions.clear_step": _dc(lambda db, ids, _: lambda: dc.clear_step(db, ids["item"], 1)),
    "decisions.save_procedure": _dc(lambda db, ids, _: lambda: dc.save_procedure(
        db, [("村党组织提议", "meeting"), ("党员大会审议", "party"), ("村民代表会议决议", "villagers"),
             ("决议公开", "publish")])),
    "decisions.import_decisions": _dc(lambda db, ids, tmp: lambda: dc.import_decisions(db, tmp / "议事.csv")),
}
CASES.update(DECISION_CASES)


# A moment after the cases' preparation (made at the tests' fixed 09:00), so that a write's times differ.
LATER = dt.datetime(2026, 11, 26, 10, 30, 15)
