"""The decisions area's plain rules (no SQL): the matters that need the town's approval, the default procedure
(五议一审两公开), what each kind of step must satisfy, step names as villages write them, and `check`, which says
for each recorded step what is wrong with it. A step that fails a check is kept and flagged, never refused: the
record must show what happened."""
from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import NamedTuple

from ..dates import DateError, parse_date
from ..errors import Refused

KINDS = ("村庄规划", "财务预算和重大收支", "土地承包租赁", "集体经济项目立项/招标", "集体举债", "资产资源发包", "其他")

# What a step is, and so what it must satisfy:
NOTE, MEETING, PARTY, VILLAGERS, REVIEW, PUBLISH = "", "meeting", "party", "villagers", "review", "publish"
RULES: dict[str, str] = {
    NOTE: "记录（无表决）",
    MEETING: "会议表决",
    PARTY: "党员大会（实到≥应到的2/3，赞成>实到的半数）",
    VILLAGERS: "村民（代表）会议决议（赞成>应到的半数）",
    REVIEW: "镇街审核",
    PUBLISH: "公开（不得早于决议）",
}
DEFAULT_STEPS: tuple[tuple[str, str], ...] = (
    ("党员群众建议", NOTE),
    ("村党组织提议", MEETING),
    ("村“两委”商议", MEETING),
    ("党员大会审议", PARTY),
    ("村民（代表）会议决议", VILLAGERS),
    ("镇街审核", REVIEW),
    ("决议公开", PUBLISH),
    ("实施结果公开", PUBLISH),
)
# Step names as villages write them (四议两公开's names included), after `_plain`.
_SYNONYMS = {
    "群众建议": "党员群众建议", "党员建议": "党员群众建议", "建议": "党员群众建议", "村民建议": "党员群众建议",
    "党组织提议": "村党组织提议", "支部提议": "村党组织提议", "党支部提议": "村党组织提议", "提议": "村党组织提议",
    "村党支部提议": "村党组织提议",
    "两委商议": "村两委商议", "村两委会商议": "村两委商议", "两委会商议": "村两委商议", "商议": "村两委商议",
    "村两委会议商议": "村两委商议",
    "审议": "党员大会审议", "党员大会": "党员大会审议",
    "村民代表会议决议": "村民代表会议决议", "村民会议决议": "村民代表会议决议", "决议": "村民代表会议决议",
    "村民代表会议": "村民代表会议决议", "村民代表大会决议": "村民代表会议决议",
    "镇审核": "镇街审核", "街道审核": "镇街审核", "镇党委审核": "镇街审核", "一审": "镇街审核", "审核": "镇街审核",
    "镇街道审核": "镇街审核",
    "公开决议": "决议公开", "决议结果公开": "决议公开",
    "结果公开": "实施结果公开", "实施情况公开": "实施结果公开",
}
FAILED = ("未通过", "不通过", "否决", "不同意")
MERGED = "合并召开"
YEARS = (2000, 2100)


class DecisionError(Refused):
    """An item, step or procedure the rules refuse; the message is Chinese and names the field."""


def _plain(name: str) -> str:
    return re.sub(r"[\s“”\"'‘’（）()、“”]", "", name or "")


def match_step(name: str, steps: list[tuple[str, str]] | tuple[tuple[str, str], ...]) -> int | None:
    """The position of `name` in the procedure `steps`, by its own name or a synonym; None when none fits."""
    plain = _plain(name)
    target = _SYNONYMS.get(plain, plain)
    for n, (step, _rule) in enumerate(steps):
        own = _plain(step)
        if plain == own or target == own or _SYNONYMS.get(own, own) == target:
            return n
    return None


def check_steps(steps: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A procedure as the town edits it: names non-empty and different, rules known, 公开 after the decision."""
    out = [(str(name).strip(), rule) for name, rule in steps if str(name).strip()]
    if len(out) < 2:
        raise DecisionError("议事程序至少要有两个步骤")
    seen: set[str] = set()
    for n, (name, rule) in enumerate(out, start=1):
        if rule not in RULES:
            raise DecisionError(f"议事程序第 {n} 步“{name}”：规则“{rule}”不存在")
        if _plain(name) in seen:
            raise DecisionError(f"议事程序第 {n} 步“{name}”与前面的步骤重名")
        seen.add(_plain(name))
    rules = [r for _n, r in out]
    if VILLAGERS in rules and PUBLISH in rules and rules.index(PUBLISH) < rules.index(VILLAGERS):
        raise DecisionError("议事程序中“公开”步骤不能排在村民（代表）会议决议之前")
    return out


class StepRecord(NamedTuple):
    """What was recorded of one step; numbers None when not recorded. A named tuple: a district's 4,000 items
    read some 25,000 of them each time the page refreshes."""
    step_no: int
    day: str = ""
    due: int | None = None
    present: int | None = None
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstain: int | None = None
    result: str = ""
    merged: bool = False      # 一肩挑: held together with the step before (the first two meetings as one)
    id: int | None = None


_FAILED = re.compile("|".join(FAILED))


def failed(result: str) -> bool:
    return bool(result) and _FAILED.search(result) is not None


def _meeting_problems(rule: str, r: StepRecord) -> list[str]:
    out = []
    if r.present is not None and r.due is not None and r.present > r.due:
        out.append(f"实到人数 {r.present} 超过应到人数 {r.due}")
    votes = [v for v in (r.votes_for, r.votes_against, r.votes_abstain) if v is not None]
    if votes and r.present is not None and sum(votes) > r.present:
        out.append(f"表决票数合计 {sum(votes)} 超过实到人数 {r.present}")
    if rule == PARTY:
        if r.due is None or r.present is None or r.votes_for is None:
            out.append("未记录应到、实到人数和赞成票数，无法核对党员大会是否有效")
            return out
        if r.present * 3 < r.due * 2:
            out.append(f"实到 {r.present} 人，不足应到 {r.due} 人的三分之二（至少 {math.ceil(r.due * 2 / 3)} 人），"
                       "会议无效")
        if r.votes_for * 2 <= r.present and not failed(r.result):
            out.append(f"赞成 {r.votes_for} 票，未超过实到 {r.present} 人的半数，不能视为通过")
    if rule == VILLAGERS:
        if r.due is None or r.votes_for is None:
            out.append("未记录应到人数和赞成票数，无法核对决议是否有效")
            return out
        if r.votes_for * 2 <= r.due and not failed(r.result):
            out.append(f"赞成 {r.votes_for} 票，未超过全体代表（应到）{r.due} 人的半数，不能视为通过")
    return out


@lru_cache(maxsize=64)
def _shape(steps: tuple[tuple[str, str], ...]) -> tuple[tuple[int, ...], int | None]:
    """A procedure's meeting steps and its decision step (a town has a few procedures; items share them)."""
    meetings = tuple(n for n, (_s, rule) in enumerate(steps) if rule in (MEETING, PARTY, VILLAGERS))
    decision = next((n for n, (_s, rule) in enumerate(steps) if rule == VILLAGERS), None)
    return meetings, decision


def check(steps: list[tuple[str, str]] | tuple[tuple[str, str], ...],
          records: list[StepRecord] | tuple[StepRecord, ...], one_shoulder: bool) -> dict[int, list[str]]:
    """For each recorded step (by step_no), the reasons it is flagged; steps without problems are absent."""
    flags: dict[int, list[str]] = {}
    if not records:
        return flags
    done = {r.step_no: r for r in records if r.step_no < len(steps)}
    meetings, decision = _shape(tuple(steps))
    last_day, last_name = "", ""
    latest = max(done) if done else -1
    for n, (name, rule) in enumerate(steps):
        r = done.get(n)
        if r is None:
            if n < latest and not (n == 0 and rule == NOTE):
                later = steps[min(k for k in done if k > n)][0]
                flags.setdefault(min(k for k in done if k > n), []).append(f"跳过了“{name}”就进行了“{later}”")
            continue
        problems = flags.setdefault(n, [])
        if r.merged:
            if len(meetings) < 2 or n != meetings[1]:
                problems.append("只有村党组织提议和村“两委”商议可以合并召开")
            elif not one_shoulder:
                problems.append("村党组织书记不是“一肩挑”，村党组织提议和村“两委”商议应分别召开")
        if r.day and last_day and r.day < last_day:
            problems.append(f"日期 {r.day} 早于上一步“{last_name}”的 {last_day}（步骤应按顺序进行）")
        if rule in (MEETING, PARTY, VILLAGERS) and not r.merged:
            problems.extend(_meeting_problems(rule, r))
        if rule == PUBLISH and decision is not None:
            d = done.get(decision)
            if d is None or not d.day:
                problems.append(f"“{steps[decision][0]}”尚未作出，不能先公开")
            elif r.day and r.day < d.day:
                problems.append(f"公开日期 {r.day} 早于决议日期 {d.day}，不能先公开后决议")
        if r.day:
            last_day, last_name = max(last_day, r.day), name if r.day >= last_day else last_name
    return {n: p for n, p in flags.items() if p}


# An item's stage, from its records (the page's filter; 有问题 is shown beside it when a step is flagged)
IN_PROGRESS, DECIDED, PUBLISHED, REJECTED = "进行中", "已决议", "已公开", "未通过"
FLAGGED = "有问题"
STAGES = (IN_PROGRESS, DECIDED, PUBLISHED, REJECTED)


def stage(steps: list[tuple[str, str]] | tuple[tuple[str, str], ...],
          records: list[StepRecord] | tuple[StepRecord, ...]) -> str:
    done = {r.step_no: r for r in records}
    rules = [rule for _s, rule in steps]
    if any(failed(r.result) for r in records):
        return REJECTED
    if any(rules[n] == PUBLISH for n in done if n < len(rules)):
        return PUBLISHED
    if any(rules[n] == VILLAGERS for n in done if n < len(rules)):
        return DECIDED
    return IN_PROGRESS


def parse_day(text: object, field: str, *, required: bool = False) -> str:
    """A whole day, read by the core date parser (models.dates: 2026-11-26, 2026年11月26日, 二〇二六年…);
    a month alone or a year out of range is refused with the field named."""
    try:
        day = parse_date(text)
    except DateError as exc:
        what = "不是真实的日期" if "不存在" in str(exc) else "不是日期"
        raise DecisionError(f"{field}“{str(text).strip()}”{what}（{exc}）") from None
    if not day:
        if required:
            raise DecisionError(f"{field}不能为空")
        return ""
    if len(day) != 10:
        raise DecisionError(f"{field}“{str(text).strip()}”只有年月，请写到日（如 2026-11-26）")
    if not YEARS[0] <= int(day[:4]) <= YEARS[1]:
        raise DecisionError(f"{field}“{str(text).strip()}”的年份不合理")
    return day


def parse_count(value: object, field: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip().removesuffix("人").removesuffix("票").strip()
    if not text.isdigit():
        raise DecisionError(f"{field}“{value}”应为不小于 0 的整数")
    n = int(text)
    if n > 100000:
        raise DecisionError(f"{field}“{value}”过大")
    return n


def parse_amount(value: object, field: str = "金额（万元）") -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip().removesuffix("万元").removesuffix("万").strip().replace(",", "")
    try:
        amount = float(text)
    except ValueError:
        raise DecisionError(f"{field}“{value}”不是数字（单位：万元）") from None
    if amount < 0 or not math.isfinite(amount):
        raise DecisionError(f"{field}“{value}”不能为负数")
    return round(amount, 4)
