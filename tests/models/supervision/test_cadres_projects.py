"""Village cadres (picked from members, history kept), inspections, and the related-party check on village
projects with the name variants it must see through; a flag becomes a ledger problem in one step."""
from __future__ import annotations

import pytest

from models import supervision as sv
from models.db import LedgerDB
from models.reminders import due
from tests.conftest import add_member, make_id


def village(db: LedgerDB, name: str = "院上村") -> int:
    return int(db.execute("SELECT id FROM villages WHERE name = ?", [name]).fetchone()[0])


def test_a_cadre_picked_from_members_takes_their_name_and_number(town_db: LedgerDB) -> None:
    mid = add_member(town_db, "王书记")
    number = town_db.execute("SELECT id_number FROM members WHERE id = ?", [mid]).fetchone()[0]
    sv.save_cadre(town_db, sv.Cadre(village(town_db), "", "书记", "2021-01-05", member_id=mid, one_shoulder=True,
                                    appointed_by="选举"))
    [c] = sv.list_cadres(town_db)
    assert (c.name, c.id_number, c.village, c.one_shoulder) == ("王书记", number, "院上村", 1)


def test_cadre_history_is_kept_and_bad_input_refused(town_db: LedgerDB) -> None:
    v = village(town_db)
    old = sv.save_cadre(town_db, sv.Cadre(v, "李主任", "主任", "2018-01-01", id_number=make_id()))
    sv.save_cadre(town_db, sv.Cadre(v, "李主任", "主任", "2018-01-01", "2021-01-04", id=old))
    sv.save_cadre(town_db, sv.Cadre(v, "赵主任", "主任", "2021-01-05"))
    assert [c.name for c in sv.list_cadres(town_db)] == ["赵主任", "李主任"]
    assert [c.name for c in sv.list_cadres(town_db, current_only=True)] == ["赵主任"]
    with pytest.raises(sv.SupervisionError, match="离任日期 2020-01-01 不能早于任职日期"):
        sv.save_cadre(town_db, sv.Cadre(v, "钱", "委员", "2021-01-01", "2020-01-01"))
    with pytest.raises(sv.SupervisionError, match="只有村党组织书记可以“一肩挑”"):
        sv.save_cadre(town_db, sv.Cadre(v, "孙", "委员", one_shoulder=True))
    with pytest.raises(sv.SupervisionError, match="孙的公民身份号码"):
        sv.save_cadre(town_db, sv.Cadre(v, "孙", "委员", id_number="3702851970"))


def test_an_inspection_names_its_source_and_a_cadre_of_that_village(town_db: LedgerDB) -> None:
    v = village(town_db)
    cid = sv.save_cadre(town_db, sv.Cadre(v, "王书记", "书记"))
    iid = sv.save_inspection(town_db, sv.Inspection(v, "2026-11-20", "组织监督", "三会一课记录", "记录不全", cid))
    assert sv.get_inspection(town_db, iid).findings == "记录不全"
    with pytest.raises(sv.SupervisionError, match="监督类型“巡查”不在可选范围内"):
        sv.save_inspection(town_db, sv.Inspection(v, "2026-11-20", "巡查", "账目"))
    with pytest.raises(sv.SupervisionError, match="所选村干部不在被检查的村"):
        sv.save_inspection(town_db, sv.Inspection(village(town_db, "姜家庄村"), "2026-11-20", "群众监督", "账目",
                                                  cadre_id=cid))


@pytest.mark.parametrize(("registered", "contractor"), [
    ("莱西市鑫达建筑有限公司", "莱西市鑫达建筑有限责任公司"),
    ("莱西市鑫达建筑有限公司", "莱西市 鑫达建筑 有限公司"),
    ("（青岛）鑫达建筑有限公司", "(青岛)鑫达建筑有限公司"),
    ("ＡＢＣ建筑工程队", "abc建筑"),
])
def test_the_related_party_match_sees_through_name_variants(town_db: LedgerDB, registered: str,
                                                            contractor: str) -> None:
    v = village(town_db)
    sv.save_business(town_db, sv.Business(v, registered, "王小二", "儿子", "王书记"))
    sv.save_project(town_db, sv.Project(v, "村道硬化", 35.5, "村委会", contractor, decided=True))
    sv.save_project(town_db, sv.Project(v, "路灯安装", 8, "村委会", "青岛光明电气有限公司"))
    [flag] = sv.related_party_flags(town_db)
    assert flag.project == "村道硬化" and registered in flag.match and "王书记的儿子" in flag.match
    [r] = [r for r in due(town_db) if r.kind == "project_related_party"]
    assert r.subject == "村道硬化" and contractor in r.reason


def test_a_serving_cadre_as_contractor_is_flagged_only_in_their_own_village(town_db: LedgerDB) -> None:
    v = village(town_db)
    sv.save_cadre(town_db, sv.Cadre(v, "张三", "委员", "2021-01-05"))
    sv.save_project(town_db, sv.Project(v, "水渠", 12, "村委会", "张三"))
    sv.save_project(town_db, sv.Project(village(town_db, "姜家庄村"), "水井", 3, "村委会", "张三"))
    assert [f.project for f in sv.related_party_flags(town_db)] == ["水渠"]


def test_a_flag_becomes_one_problem(town_db: LedgerDB) -> None:
    v = village(town_db)
    sv.save_cadre(town_db, sv.Cadre(v, "张三", "委员"))
    pid = sv.save_project(town_db, sv.Project(v, "水渠", 12, "村委会", "张三"))
    prob = sv.flag_to_problem(town_db, pid, "2026-12-31")
    p = sv.get_problem(town_db, prob)
    assert p.source == "程序监督" and "水渠" in p.description and p.found_on == "2026-11-26"
    with pytest.raises(sv.SupervisionError, match="已经列入整改台账"):
        sv.flag_to_problem(town_db, pid, "2026-12-31")


def test_end_a_post_record_an_inspection_with_problems_newest_inspections(town_db: LedgerDB) -> None:
    v = village(town_db)
    cid = sv.save_cadre(town_db, sv.Cadre(v, "周委员", "委员", "2021-01-15"))
    with pytest.raises(sv.SupervisionError, match="离任日期 2020-06-30 不能早于任职日期 2021-01-15"):
        sv.end_cadre(town_db, cid, "2020-06-30")
    sv.end_cadre(town_db, cid, "2026-06-30")
    with pytest.raises(sv.SupervisionError, match="已于 2026-06-30 离任"):
        sv.end_cadre(town_db, cid, "2026-07-01")
    assert sv.list_cadres(town_db, current_only=True) == [] and len(sv.list_cadres(town_db)) == 1
    with pytest.raises(sv.SupervisionError, match="请填写整改时限"):
        sv.record_inspection(town_db, sv.Inspection(v, "2026-11-01", "制度监督", "财务"), ["凭证不全"])
    assert sv.list_inspections(town_db) == []  # nothing half-saved
    with pytest.raises(sv.SupervisionError, match="整改时限 2026-10-01 不能早于发现日期 2026-11-01"):
        sv.record_inspection(town_db, sv.Inspection(v, "2026-11-01", "制度监督", "财务"), ["凭证不全"], "2026-10-01")
    assert sv.list_inspections(town_db) == [] and sv.ledger(town_db) == []
    iid, pids = sv.record_inspection(town_db, sv.Inspection(v, "2026-11-01", "制度监督", "财务"),
                                     ["凭证不全", " ", "账目未结"], "2026-12-01", person="会计")
    assert [sv.get_problem(town_db, p).inspection_id for p in pids] == [iid, iid]
    assert {(r.description, r.person, r.found_on) for r in sv.ledger(town_db)} == {
        ("凭证不全", "会计", "2026-11-01"), ("账目未结", "会计", "2026-11-01")}
    sv.save_inspection(town_db, sv.Inspection(v, "2026-11-20", "群众监督", "来访"))
    assert [i.day for i in sv.list_inspections(town_db, limit=1)] == ["2026-11-20"]


@pytest.mark.parametrize("contractor", ["张三", "张 三", "张　三", "张三（个人）", "张三(本人)"])
def test_a_cadre_as_contractor_is_seen_through_spaces_and_brackets(town_db: LedgerDB, contractor: str) -> None:
    v = village(town_db)
    sv.save_cadre(town_db, sv.Cadre(v, "张三", "委员", "2021-01-05"))
    sv.save_project(town_db, sv.Project(v, "水渠", 12, "村委会", contractor))
    [flag] = sv.related_party_flags(town_db)
    assert flag.match == "承建方是本村村干部张三（委员）"


def test_a_cadre_counts_while_serving_when_the_project_started(town_db: LedgerDB) -> None:
    """A project a cadre took while in office stays flagged after they leave; one started after, or before they
    took office, is not theirs to answer for."""
    v = village(town_db)
    sv.save_cadre(town_db, sv.Cadre(v, "李四", "主任", "2018-01-15", "2021-01-14"))
    sv.save_project(town_db, sv.Project(v, "在任时承建", 20, "村委会", "李四", "2020-05-01", "2020-09-01"))
    sv.save_project(town_db, sv.Project(v, "离任后承建", 20, "村委会", "李四", "2023-05-01"))
    sv.save_project(town_db, sv.Project(v, "任职前承建", 20, "村委会", "李四", "2017-05-01", "2017-09-01"))
    assert [f.project for f in sv.related_party_flags(town_db)] == ["在任时承建"]


def test_a_registered_business_owned_by_a_cadre_of_the_village_says_so(town_db: LedgerDB) -> None:
    v = village(town_db)
    sv.save_cadre(town_db, sv.Cadre(v, "王书记", "书记", "2021-01-05"))
    sv.save_business(town_db, sv.Business(v, "院上鑫达土石方工程队", "王书记", "本人", "王书记"))
    sv.save_project(town_db, sv.Project(v, "村道", 30, "村委会", "院上鑫达土石方（工程队）", "2026-04-01"))
    [flag] = sv.related_party_flags(town_db)
    assert "经营者 王书记，系村干部王书记的本人" in flag.match


def test_a_cadre_picked_from_members_follows_a_corrected_name(town_db: LedgerDB) -> None:
    """Their data is not typed twice: correcting the member's name corrects the cadre list and the check."""
    from models import members
    v = village(town_db)
    mid = add_member(town_db, "王建困")
    sv.save_cadre(town_db, sv.Cadre(v, "", "书记", "2021-01-05", member_id=mid))
    m = members.get_member(town_db, mid)
    members.save_member(town_db, members.Member(**{**m.__dict__, "name": "王建国"}))
    assert [c.name for c in sv.list_cadres(town_db)] == ["王建国"]
    sv.save_project(town_db, sv.Project(v, "水渠", 12, "村委会", "王建国", "2026-03-01"))
    assert [f.match for f in sv.related_party_flags(town_db)] == ["承建方是本村村干部王建国（书记）"]


def test_a_flag_in_the_ledger_no_longer_reminds_as_a_flag(town_db: LedgerDB) -> None:
    v = village(town_db)
    sv.save_cadre(town_db, sv.Cadre(v, "张三", "委员"))
    pid = sv.save_project(town_db, sv.Project(v, "水渠", 12, "村委会", "张三"))
    assert [r.kind for r in due(town_db)] == ["project_related_party"]
    problem = sv.flag_to_problem(town_db, pid, "2026-12-31")
    assert [r.kind for r in due(town_db)] == []  # the problem is due in 35 days: nothing yet
    assert [f.project_id for f in sv.related_party_flags(town_db)] == [pid]  # still shown flagged on the page
    sv.mark_mistaken(town_db, problem)  # the problem was 误录: the flag reminds again
    assert [r.kind for r in due(town_db)] == ["project_related_party"]
