"""Secretary filings: personal data from the member record, versions kept, refusals, and the reminders at their
date boundaries (tests' today: 2026-11-26)."""
from __future__ import annotations

import datetime as dt

import pytest

from models import org
from models import secretaries as sc
from models import supervision as sv
from models.db import LedgerDB
from models.reminders import due
from tests.conftest import add_member

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def town(db: LedgerDB) -> dict[str, int]:
    org.save_town(db, "院上镇", "370285")
    v1, v2 = org.add_village(db, "院上村"), org.add_village(db, "姜家庄村")
    m1 = add_member(db, "张三", phone="13912345678")
    m2 = add_member(db, "李四", village="姜家庄村")
    c1 = sv.save_cadre(db, sv.Cadre(v1, "", "书记", "2021-12-20", appointed_by="选举", member_id=m1))
    c2 = sv.save_cadre(db, sv.Cadre(v2, "", "书记", "2024-03-01", appointed_by="选派", member_id=m2))
    return {"v1": v1, "v2": v2, "m1": m1, "m2": m2, "c1": c1, "c2": c2}


def filing(cadre: int, **kw: object) -> sc.Filing:
    base: dict[str, object] = {"appointed_by": "选举", "appointment_date": "2021-12-20",
                               "filing_date": "2022-01-10", "filing_number": "院备〔2022〕1号"}
    base.update(kw)
    return sc.Filing(cadre, **base)  # type: ignore[arg-type]


def test_personal_data_come_from_the_member_record(db: LedgerDB, town: dict[str, int]) -> None:
    row = next(s for s in sc.secretaries(db) if s.cadre_id == town["c1"])
    assert (row.name, row.village, row.person["phone"], row.state) == ("张三", "院上村", "13912345678", "未备案")
    assert row.id_number and row.person["birth_date"] == "1970-05-06"


def test_term_end_is_the_appointment_plus_five_years_when_blank(db: LedgerDB, town: dict[str, int]) -> None:
    sc.save_filing(db, filing(town["c1"]))
    assert sc.current_filing(db, town["c1"]).term_end == "2026-12-20"  # type: ignore[union-attr]
    sc.save_filing(db, filing(town["c2"], appointment_date="2024-02-29", filing_date="2024-03-05",
                              filing_number="2"))
    assert sc.current_filing(db, town["c2"]).term_end == "2029-02-28"  # type: ignore[union-attr]


def test_a_change_after_filing_is_a_new_version_and_the_old_stays(db: LedgerDB, town: dict[str, int]) -> None:
    first = sc.save_filing(db, filing(town["c1"], resume=[("2015.01-2021.12", "院上村村委委员")]))
    assert sc.save_filing(db, filing(town["c1"], resume=[("2015.01-2021.12", "院上村村委委员")])) == first
    second = sc.save_filing(db, filing(town["c1"], review_result="通过", review_date="2021-12-01",
                                       resume=[("2015.01-2021.12", "院上村村委委员")]))
    assert second != first
    history = sc.filing_history(db, town["c1"])
    assert [(f.version, f.status, f.review_result) for f in history] == [(2, "现行", "通过"), (1, "历史", "")]
    assert history[1].resume == [("2015.01-2021.12", "院上村村委委员")]
    assert history[1].replaced_on == TODAY.isoformat()


@pytest.mark.parametrize("kw, message", [
    ({"appointed_by": "指定"}, "产生方式“指定”应为 选举、选派、调整 之一"),
    ({"appointment_date": ""}, "任职日期不能为空"),
    ({"filing_date": "2026-11-27"}, "备案日期 2026-11-27 不能晚于今天"),
    ({"filing_date": "2021-12-19"}, "备案日期 2021-12-19 不能早于任职日期 2021-12-20"),
    ({"term_end": "2021-12-20"}, "任期届满日期 2021-12-20 应晚于任职日期 2021-12-20"),
    ({"review_result": "基本通过", "review_date": "2021-12-01"}, "资格联审结果“基本通过”应为 通过 或 不通过"),
    ({"review_result": "通过"}, "资格联审日期不能为空"),
    ({"filing_number": " "}, "备案编号不能为空"),
    ({"family": [("妻子", "", "群众", "务农")]}, "家庭成员第 1 行的称谓和姓名都要填写"),
])
def test_refusals_name_the_field(db: LedgerDB, town: dict[str, int], kw: dict[str, object], message: str) -> None:
    with pytest.raises(sc.SecretaryError, match=message):
        sc.save_filing(db, filing(town["c1"], **kw))
    assert sc.filing_history(db, town["c1"]) == []


def test_the_filing_date_today_is_accepted(db: LedgerDB, town: dict[str, int]) -> None:
    sc.save_filing(db, filing(town["c1"], filing_date="2026-11-26"))
    assert sc.current_filing(db, town["c1"]) is not None


def test_only_a_current_secretary_is_filed_and_numbers_are_not_shared(db: LedgerDB, town: dict[str, int]) -> None:
    member = sv.save_cadre(db, sv.Cadre(town["v1"], "王五", "委员"))
    with pytest.raises(sc.SecretaryError, match="职务是“委员”，不是村党组织书记"):
        sc.save_filing(db, filing(member))
    sc.save_filing(db, filing(town["c1"]))
    with pytest.raises(sc.SecretaryError, match="已用于另一位书记的备案"):
        sc.save_filing(db, filing(town["c2"], appointment_date="2024-03-01", filing_date="2024-03-05"))


def kinds(db: LedgerDB, day: dt.date) -> set[tuple[str, str]]:
    return {(r.kind, r.subject) for r in due(db, day) if r.kind in ("term_ending", "secretary_not_filed",
                                                                   "filing_outdated")}


def test_term_ending_at_its_90_day_boundary(db: LedgerDB, town: dict[str, int]) -> None:
    sc.save_filing(db, filing(town["c1"], term_end="2027-02-24"))  # 90 days after 2026-11-26
    assert ("term_ending", "张三") in kinds(db, TODAY)
    assert ("term_ending", "张三") not in kinds(db, TODAY - dt.timedelta(days=1))  # 91 days before
    over = [r for r in due(db, dt.date(2027, 3, 1)) if r.kind == "term_ending"]
    assert over and "已于 2027-02-24 届满" in over[0].reason


def test_not_filed_and_outdated(db: LedgerDB, town: dict[str, int]) -> None:
    assert {("secretary_not_filed", "张三"), ("secretary_not_filed", "李四")} <= kinds(db, TODAY)
    sc.save_filing(db, filing(town["c1"]))
    assert ("secretary_not_filed", "张三") not in kinds(db, TODAY)
    # re-appointed: the cadre list gets the new appointment date; the old filing is now outdated
    sv.save_cadre(db, sv.Cadre(town["v1"], "", "书记", "2022-01-10", appointed_by="选举", member_id=town["m1"],
                               id=town["c1"]))
    assert ("filing_outdated", "张三") not in kinds(db, TODAY)  # filed on the appointment day: still current
    sv.save_cadre(db, sv.Cadre(town["v1"], "", "书记", "2022-01-11", appointed_by="选举", member_id=town["m1"],
                               id=town["c1"]))
    assert ("filing_outdated", "张三") in kinds(db, TODAY)
    assert next(s for s in sc.secretaries(db) if s.name == "张三").state == "需重新备案"


def test_a_secretary_who_left_is_no_longer_reminded(db: LedgerDB, town: dict[str, int]) -> None:
    sv.save_cadre(db, sv.Cadre(town["v2"], "", "书记", "2024-03-01", "2026-11-25", member_id=town["m2"],
                               id=town["c2"]))
    assert ("secretary_not_filed", "李四") not in kinds(db, TODAY)
    assert ("secretary_not_filed", "李四") in kinds(db, dt.date(2026, 11, 25))  # still in post that day
