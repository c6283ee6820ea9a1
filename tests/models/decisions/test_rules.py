"""The procedure's checks at their boundaries: the 党员大会's quorum (exactly 2/3 present passes, one short
fails), majorities (exactly half in favour is not more than half), votes against attendance, steps out of date
order, 公开 before the decision, skipped steps and the 一肩挑 merge. A check flags, it never refuses."""
from __future__ import annotations

import pytest

from models.decisions import DEFAULT_STEPS, StepRecord, check, match_step
from models.decisions.rules import DecisionError, check_steps, stage

STEPS = list(DEFAULT_STEPS)
PARTY, VILLAGERS, PUBLISH = 3, 4, 6


def good(upto: int = 7) -> list[StepRecord]:
    """A clean item: every step up to `upto`, a day apart, the meetings well attended."""
    out = []
    for n in range(upto + 1):
        day = f"2026-03-{n + 1:02d}"
        rule = STEPS[n][1]
        if rule == "meeting":
            out.append(StepRecord(n, day, 7, 7, 7, 0, 0, "同意"))
        elif rule == "party":
            out.append(StepRecord(n, day, 30, 30, 28, 1, 1, "通过"))
        elif rule == "villagers":
            out.append(StepRecord(n, day, 40, 36, 35, 1, 0, "通过"))
        else:
            out.append(StepRecord(n, day, result="同意"))
    return out


def with_step(records: list[StepRecord], r: StepRecord) -> list[StepRecord]:
    return [r if x.step_no == r.step_no else x for x in records]


def test_a_clean_item_has_no_flags_and_is_published() -> None:
    assert check(STEPS, good(), one_shoulder=False) == {}
    assert stage(STEPS, good()) == "已公开"
    assert stage(STEPS, good(VILLAGERS)) == "已决议"
    assert stage(STEPS, good(PARTY)) == "进行中"


@pytest.mark.parametrize(("due", "present", "flagged"), [(30, 20, False), (30, 19, True), (31, 21, False),
                                                         (31, 20, True), (3, 2, False)])
def test_party_assembly_needs_two_thirds_present(due: int, present: int, flagged: bool) -> None:
    r = StepRecord(PARTY, "2026-03-04", due, present, present, 0, 0, "通过")
    flags = check(STEPS, with_step(good(), r), False).get(PARTY, [])
    assert any("三分之二" in f for f in flags) is flagged, flags
    if flagged:
        assert f"实到 {present} 人，不足应到 {due} 人的三分之二" in flags[0]


@pytest.mark.parametrize(("present", "votes_for", "flagged"), [(20, 10, True), (20, 11, False), (21, 10, True),
                                                               (21, 11, False)])
def test_party_assembly_needs_more_than_half_of_those_present(present: int, votes_for: int, flagged: bool) -> None:
    r = StepRecord(PARTY, "2026-03-04", 30, present, votes_for, present - votes_for, 0, "通过")
    flags = check(STEPS, with_step(good(), r), False).get(PARTY, [])
    assert any("未超过实到" in f for f in flags) is flagged, flags


def test_a_vote_recorded_as_rejected_is_not_flagged_for_its_majority_but_the_item_is_rejected() -> None:
    r = StepRecord(PARTY, "2026-03-04", 30, 30, 10, 20, 0, "未通过")
    records = [x for x in good(PARTY - 1)] + [r]
    assert check(STEPS, records, False) == {}
    assert stage(STEPS, records) == "未通过"


@pytest.mark.parametrize(("due", "votes_for", "flagged"), [(40, 20, True), (40, 21, False), (41, 20, True),
                                                           (41, 21, False)])
def test_villagers_meeting_needs_more_than_half_of_all_representatives(due: int, votes_for: int,
                                                                       flagged: bool) -> None:
    r = StepRecord(VILLAGERS, "2026-03-05", due, due, votes_for, due - votes_for, 0, "通过")
    flags = check(STEPS, with_step(good(), r), False).get(VILLAGERS, [])
    assert any("未超过全体代表" in f for f in flags) is flagged, flags


def test_votes_cannot_exceed_those_present_nor_present_exceed_due() -> None:
    r = StepRecord(1, "2026-03-02", 7, 8, 7, 1, 1, "同意")
    flags = check(STEPS, with_step(good(), r), False)[1]
    assert flags == ["实到人数 8 超过应到人数 7", "表决票数合计 9 超过实到人数 8"]
    exact = StepRecord(1, "2026-03-02", 7, 7, 5, 1, 1, "同意")
    assert 1 not in check(STEPS, with_step(good(), exact), False)


def test_a_step_dated_before_the_one_before_it_is_flagged_and_the_same_day_is_not() -> None:
    early = StepRecord(2, "2026-03-01", 7, 7, 7, 0, 0, "同意")  # step 2 (村“两委”商议) before step 1's 03-02
    flags = check(STEPS, with_step(good(), early), False)
    assert flags[2] == ["日期 2026-03-01 早于上一步“村党组织提议”的 2026-03-02（步骤应按顺序进行）"]
    same = StepRecord(2, "2026-03-02", 7, 7, 7, 0, 0, "同意")
    assert 2 not in check(STEPS, with_step(good(), same), False)


def test_publishing_before_the_decision_or_without_one_is_flagged() -> None:
    records = good()
    early = with_step(records, StepRecord(PUBLISH, "2026-03-04", result="已公开"))  # decision is 03-05
    assert "公开日期 2026-03-04 早于决议日期 2026-03-05，不能先公开后决议" in check(STEPS, early, False)[PUBLISH]
    no_decision = [r for r in good(PUBLISH) if r.step_no != VILLAGERS]
    flags = check(STEPS, no_decision, False)[PUBLISH]
    assert "“村民（代表）会议决议”尚未作出，不能先公开" in flags
    assert any("跳过了“村民（代表）会议决议”" in f for f in check(STEPS, no_decision, False)[VILLAGERS + 1])


def test_the_first_two_meetings_may_be_one_only_where_the_secretary_holds_both_posts() -> None:
    merged = with_step(good(), StepRecord(2, "2026-03-02", merged=True))
    assert check(STEPS, merged, one_shoulder=True) == {}
    assert check(STEPS, merged, one_shoulder=False)[2] == [
        "村党组织书记不是“一肩挑”，村党组织提议和村“两委”商议应分别召开"]
    wrong = with_step(good(), StepRecord(PARTY, "2026-03-04", merged=True))
    assert check(STEPS, wrong, one_shoulder=True)[PARTY] == ["只有村党组织提议和村“两委”商议可以合并召开"]


def test_a_missing_first_suggestion_is_not_a_skip_but_a_missing_meeting_is() -> None:
    assert check(STEPS, good()[1:], False) == {}
    without_review = [r for r in good() if r.step_no != 2]
    assert check(STEPS, without_review, False)[PARTY] == ["跳过了“村“两委”商议”就进行了“党员大会审议”"]


def test_step_names_as_villages_write_them() -> None:
    for name, n in (("党员大会审议", 3), ("两委商议", 2), ("村两委会商议", 2), ("村民代表会议决议", 4), ("一审", 5),
                    ("村民（代表）会议决议", 4), ("村“两委”商议", 2), ("结果公开", 7), ("支部提议", 1)):
        assert match_step(name, STEPS) == n, name
    assert match_step("开会", STEPS) is None


def test_a_procedure_edit_is_checked() -> None:
    with pytest.raises(DecisionError, match="至少要有两个步骤"):
        check_steps([("提议", "meeting")])
    with pytest.raises(DecisionError, match="重名"):
        check_steps([("提议", "meeting"), ("提议", "party")])
    with pytest.raises(DecisionError, match="不能排在村民（代表）会议决议之前"):
        check_steps([("公开", "publish"), ("决议", "villagers")])
    assert check_steps([(" 提议 ", "meeting"), ("", "note"), ("决议", "villagers")]) == [("提议", "meeting"),
                                                                                        ("决议", "villagers")]
