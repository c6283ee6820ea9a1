"""The households area's writes: designations (with history), households, links (link, move, end) and visits.

Every write is one `changing()` with an audit row per changed table; refusals raise HouseholdError (Chinese,
naming the field). When a member leaves 在册, models.members calls `end_for_member` inside its own change.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .. import clock, idcard
from ..audit import ChangeLog, changing
from ..db import LedgerDB
from ..errors import Refused
from .entities import (
    DEFAULT_METHOD,
    DIFFICULT_ORDER,
    TAGS,
    TAGS_SETTING,
    VISIT_KINDS,
    VISIT_MONTHS_SETTING,
    Household,
    Visit,
)


class HouseholdError(Refused, ValueError):
    """A refused central-household, household, link or visit write."""


_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
# The longest text each field holds (characters), as the member record's: longer is refused, never cut.
LIMITS = {"户主姓名": 40, "家庭住址": 200, "联系电话": 40, "确定方式": 40, "结束原因": 200, "注销原因": 200,
          "作废原因": 200, "反映问题": 1000, "办理情况": 1000}


def clean_text(value: str | None, field: str) -> str:
    """value stripped; refused (naming the field) when too long or holding a control or invisible character."""
    from ..validation import text_problem
    text = (value or "").strip()
    problem = text_problem(text, LIMITS[field])
    if problem:
        raise HouseholdError(f"{field}：{problem}")
    return text


def check_day(value: str, field: str, *, required: bool = True) -> str:
    """An ISO date not in the future ('' allowed when not required)."""
    text = (value or "").strip()
    if not text:
        if required:
            raise HouseholdError(f"{field}：不能为空")
        return ""
    try:
        if not _ISO.fullmatch(text):
            raise ValueError
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise HouseholdError(f"{field}：“{text}”不是有效日期（应为 年-月-日，如 2026-03-01）") from None
    if day > clock.today():
        raise HouseholdError(f"{field}：{text} 晚于今天")
    return text


def _member(db: LedgerDB, member_id: int) -> tuple[str, str]:
    row = db.execute("SELECT name, status FROM members WHERE id = ?", [member_id]).fetchone()
    if row is None:
        raise HouseholdError(f"党员：编号 {member_id} 不存在")
    return str(row[0]), str(row[1])


def current_designation(db: LedgerDB, member_id: int) -> int | None:
    row = db.execute("SELECT id FROM central_designations WHERE member_id = ? AND status = '在任'",
                     [member_id]).fetchone()
    return int(row[0]) if row else None


def designate(db: LedgerDB, member_id: int, start_date: str, method: str = DEFAULT_METHOD,
              notice_date: str = "") -> int:
    """Make a 在册 member a central household from start_date; refused if already one."""
    name, status = _member(db, member_id)
    if status != "在册":
        raise HouseholdError(f"{name}为“{status}”状态，只有在册党员可以确定为党员中心户")
    if current_designation(db, member_id) is not None:
        raise HouseholdError(f"{name}已是党员中心户，请勿重复确定")
    day = check_day(start_date, "确定日期")
    notice = check_day(notice_date, "公示日期", required=False)
    values = {"member_id": member_id, "start_date": day, "method": clean_text(method, "确定方式") or DEFAULT_METHOD,
              "notice_date": notice}
    with changing(db, "确定党员中心户") as log:
        new_id = int(db.execute("INSERT INTO central_designations (member_id, start_date, method, notice_date)"
                                " VALUES (?, ?, ?, ?)", list(values.values())).lastrowid or 0)
        log.record("central_designations", new_id, f"{name}确定为党员中心户", None, values)
        _flag(db, log, member_id, name, True)
    return new_id


def update_designation(db: LedgerDB, designation_id: int, start_date: str, method: str = DEFAULT_METHOD,
                       notice_date: str = "") -> None:
    """Correct a current designation's date, method and notice date — above all a migrated or imported one whose
    start date is unknown (确定日期待补). The start may not fall after a link's start or a visit's date of it."""
    row = db.execute("SELECT d.status, m.name, d.start_date, d.method, d.notice_date, d.end_date"
                     " FROM central_designations d JOIN members m ON m.id = d.member_id WHERE d.id = ?",
                     [designation_id]).fetchone()
    if row is None or row[0] != "在任":
        raise HouseholdError("该党员中心户不存在或已结束")
    day = check_day(start_date, "确定日期")
    notice = check_day(notice_date, "公示日期", required=False)
    first = db.execute("SELECT min(start_date) FROM household_links WHERE designation_id = ? AND start_date != ''",
                       [designation_id]).fetchone()[0]
    if first and day > first:
        raise HouseholdError(f"确定日期：{day} 晚于其联系户的开始日期 {first}")
    values = {"start_date": day, "method": clean_text(method, "确定方式") or DEFAULT_METHOD, "notice_date": notice}
    before = dict(zip(values, row[2:5]))
    if before == values:
        return
    with changing(db, "修改党员中心户") as log:
        db.execute("UPDATE central_designations SET start_date = ?, method = ?, notice_date = ? WHERE id = ?",
                   [*values.values(), designation_id])
        log.record("central_designations", designation_id, f"修改{row[1]}的党员中心户记录", before, values)


def _flag(db: LedgerDB, log: ChangeLog, member_id: int, name: str, central: bool) -> None:
    """Keep the member record's 是否党员中心户 (the members page's filter, the forms) in step with designations."""
    before = db.execute("SELECT is_central FROM members WHERE id = ?", [member_id]).fetchone()[0]
    if bool(before) != central:
        db.execute("UPDATE members SET is_central = ? WHERE id = ?", [int(central), member_id])
        log.record("members", member_id, f"{name}{'是' if central else '不再是'}党员中心户",
                   {"is_central": bool(before)}, {"is_central": central})


def sync_counts(db: LedgerDB, log: ChangeLog, designation_ids: list[int] | None = None) -> int:
    """Keep the member record's 联系户数 (the member form, the roster export, the 采集表) in step with the links of
    current designations (those given, or all): the households linked now, once any household was ever linked to
    the designation — before that the old count stays visible, as the issue asks. Audited; returns how many
    members changed."""
    where, params = "", []
    if designation_ids is not None:
        if not designation_ids:
            return 0
        where = f" AND d.id IN ({', '.join('?' * len(designation_ids))})"
        params = list(designation_ids)
    rows = db.execute(
        "SELECT m.id, m.name, m.linked_households, (SELECT count(*) FROM household_links l"
        " WHERE l.designation_id = d.id AND l.status = '联系中') FROM central_designations d"
        " JOIN members m ON m.id = d.member_id WHERE d.status = '在任'"
        " AND EXISTS (SELECT 1 FROM household_links x WHERE x.designation_id = d.id)" + where, params).fetchall()
    changed = [(n, mid, name, before) for mid, name, before, n in rows if before != n]
    if changed:
        db.conn.executemany("UPDATE members SET linked_households = ? WHERE id = ?",
                            [(n, mid) for n, mid, *_ in changed])
        if len(changed) == 1:
            n, mid, name, before = changed[0]
            log.record("members", mid, f"{name}联系户数 {before} → {n}", {"linked_households": before},
                       {"linked_households": n})
        else:
            log.record("members", None, f"{len(changed)} 名党员中心户的联系户数与联系户一致", None,
                       {"ids": [c[1] for c in changed]})
    return len(changed)


def _end_links(db: LedgerDB, log: ChangeLog, designation_id: int, day: str, reason: str) -> int:
    ids = [r[0] for r in db.execute("SELECT id FROM household_links WHERE designation_id = ? AND status = '联系中'",
                                    [designation_id])]
    if ids:
        db.execute("UPDATE household_links SET status = '已结束', end_date = ?, end_reason = ?"
                   " WHERE designation_id = ? AND status = '联系中'", [day, reason, designation_id])
        log.record("household_links", None, f"{len(ids)} 户联系结束（{reason}）", None,
                   {"ids": ids, "end_date": day})
    return len(ids)


def _end(db: LedgerDB, log: ChangeLog, designation_id: int, name: str, day: str, reason: str) -> None:
    member_id = db.execute("SELECT member_id FROM central_designations WHERE id = ?", [designation_id]).fetchone()[0]
    _flag(db, log, member_id, name, False)
    before = db.execute("SELECT linked_households FROM members WHERE id = ?", [member_id]).fetchone()[0]
    if before:  # no longer a central household: no 联系户数 (the member check warns of one without the mark)
        db.execute("UPDATE members SET linked_households = 0 WHERE id = ?", [member_id])
        log.record("members", member_id, f"{name}联系户数 {before} → 0", {"linked_households": before},
                   {"linked_households": 0})
    db.execute("UPDATE central_designations SET status = '已结束', end_date = ?, end_reason = ? WHERE id = ?",
               [day, reason, designation_id])
    log.record("central_designations", designation_id, f"{name}党员中心户结束（{reason}）",
               {"status": "在任"}, {"status": "已结束", "end_date": day, "end_reason": reason})
    _end_links(db, log, designation_id, day, reason)


def end_designation(db: LedgerDB, designation_id: int, end_date: str, reason: str) -> None:
    """End a current designation (history kept); its households become unlinked."""
    row = db.execute("SELECT d.status, m.name, d.start_date FROM central_designations d"
                     " JOIN members m ON m.id = d.member_id WHERE d.id = ?", [designation_id]).fetchone()
    if row is None or row[0] != "在任":
        raise HouseholdError("该党员中心户不存在或已结束")
    day = check_day(end_date, "结束日期")
    if row[2] and day < row[2]:
        raise HouseholdError(f"结束日期：{day} 早于确定日期 {row[2]}")
    reason = clean_text(reason, "结束原因")
    if not reason:
        raise HouseholdError("结束原因：不能为空")
    with changing(db, "结束党员中心户") as log:
        _end(db, log, designation_id, row[1], day, reason)


def designate_marked(db: LedgerDB, log: ChangeLog) -> int:
    """Called by the member import inside its transaction: a 在册 member the roster marks 是否党员中心户 = 是 and
    not yet designated becomes a designation with an unknown start date (like the migration of the old yes/no),
    its 联系户数 kept visible until households are entered. Designations are the record: a roster saying 否 for a
    designated member does not end it (that needs a date and a reason) — the member's mark is set back."""
    made = db.execute(
        "INSERT INTO central_designations (member_id, method, legacy_households)"
        " SELECT m.id, ?, m.linked_households FROM members m WHERE m.is_central = 1 AND m.status = '在册'"
        " AND NOT EXISTS (SELECT 1 FROM central_designations d WHERE d.member_id = m.id AND d.status = '在任')",
        [DEFAULT_METHOD]).rowcount
    if made:
        log.record("central_designations", None,
                   f"名册中标为党员中心户的 {made} 名党员确定为党员中心户（确定日期待补）")
    kept = db.execute(
        "UPDATE members SET is_central = 1 WHERE is_central = 0 AND id IN"
        " (SELECT member_id FROM central_designations WHERE status = '在任')").rowcount
    if kept:
        log.record("members", None, f"{kept} 名党员仍是党员中心户（结束须在中心户页写明日期和原因）")
    sync_counts(db, log)  # a roster's 联系户数 does not override the households actually linked
    return made


def end_for_member(db: LedgerDB, log: ChangeLog, member_id: int, day: str, status: str) -> None:
    """Called by models.members inside its status change: the member's designation ends with them."""
    found = current_designation(db, member_id)
    if found is not None:
        _end(db, log, found, _member(db, member_id)[0], day, f"党员{status}")


def tag_list(db: LedgerDB | None) -> tuple[str, ...]:
    """The household-type tags clerks may choose (a setting, editable; the issue's nine by default)."""
    if db is None:
        return TAGS
    from ..settings import get_setting
    stored = get_setting(db, TAGS_SETTING, "")
    tags = tuple(dict.fromkeys(t.strip() for t in stored.split("、") if t.strip()))
    return tags or TAGS


def set_tag_list(db: LedgerDB, tags: list[str] | tuple[str, ...] | str) -> tuple[str, ...]:
    """Replace the tag list (audited as a settings change). Tags households carry stay valid on those households;
    every difficulty tag (低保 …) must stay, as the warnings rely on them."""
    from ..settings import set_setting
    parts = tags if not isinstance(tags, str) else re.split(r"[、，,;；\s]+", tags)
    clean = tuple(dict.fromkeys(p.strip() for p in parts if p and p.strip()))
    if not clean:
        raise HouseholdError("户类型：至少要有一种")
    long = [t for t in clean if len(t) > 10]
    if long:
        raise HouseholdError(f"户类型：“{long[0]}”太长（最多 10 个字）")
    missing = [t for t in DIFFICULT_ORDER if t not in clean]
    if missing:
        raise HouseholdError(f"户类型：“{'、'.join(missing)}”用于困难户提醒，不能删除")
    set_setting(db, TAGS_SETTING, "、".join(clean))
    return clean


MAX_VISIT_MONTHS = 24


def set_visit_months(db: LedgerDB, months: int | str) -> int:
    """The N of 'a household not visited for N months' (household_not_visited), 1 to 24; audited as a settings
    change. The reminders read it through queries.visit_months (default 3)."""
    from ..settings import set_setting
    text = str(months).strip()
    if not text.isdigit() or not 1 <= int(text) <= MAX_VISIT_MONTHS:
        raise HouseholdError(f"未走访提醒月数：“{text}”应为 1 到 {MAX_VISIT_MONTHS} 之间的整数")
    set_setting(db, VISIT_MONTHS_SETTING, str(int(text)))
    return int(text)


def parse_tags(text: str | tuple[str, ...] | list[str], *, db: LedgerDB | None = None,
               keep: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Tags from text separated by 、，, or spaces; each must be in the tag list (or among `keep`, the tags the
    household already carries)."""
    parts = text if not isinstance(text, str) else re.split(r"[、，,;；\s]+", text)
    tags = tuple(dict.fromkeys(p.strip() for p in parts if p and p.strip()))
    allowed = tag_list(db)
    bad = [t for t in tags if t not in allowed and t not in keep]
    if bad:
        raise HouseholdError(f"户类型：“{'、'.join(bad)}”不在可选类型中（{'、'.join(allowed)}）")
    return tags or ("普通",)


def _household_values(db: LedgerDB, h: Household) -> dict[str, Any]:
    name = clean_text(h.head_name, "户主姓名")
    if not name:
        raise HouseholdError("户主姓名：不能为空")
    if db.execute("SELECT 1 FROM villages WHERE id = ?", [h.village_id]).fetchone() is None:
        raise HouseholdError("所在村（社区）：不存在")
    if h.grid_id is not None and db.execute("SELECT 1 FROM grids WHERE id = ? AND village_id = ?",
                                            [h.grid_id, h.village_id]).fetchone() is None:
        raise HouseholdError("所在网格：不属于所选村（社区）")
    number = ""
    if (h.head_id_number or "").strip():
        try:
            number = idcard.parse(h.head_id_number).number
        except idcard.IdNumberError as exc:
            raise HouseholdError(f"户主身份证号：{exc}") from None
        clash = db.execute("SELECT id, head_name FROM households WHERE head_id_number = ? AND status = '在用'"
                           " AND id IS NOT ?", [number, h.id]).fetchone()
        if clash:
            raise HouseholdError(f"户主身份证号：已登记为{clash[1]}户")
    address = clean_text(h.address, "家庭住址")
    phone = clean_text(h.phone, "联系电话")
    if not number:  # the import's identity: without a number, the same head at the same address is one household
        twin = db.execute("SELECT id FROM households WHERE village_id = ? AND head_name = ? AND address = ?"
                          " AND head_id_number = '' AND status = '在用' AND id IS NOT ?",
                          [h.village_id, name, address, h.id]).fetchone()
        if twin:
            raise HouseholdError(f"户主姓名：本村已登记户主为{name}、住址为“{address or '（未填）'}”的户；"
                                 "如是另一户，请填写户主身份证号或不同的家庭住址")
    try:
        persons = int(h.persons)
    except (TypeError, ValueError):
        persons = 0
    if persons < 1 or str(h.persons).strip() not in (str(persons), f"{persons}.0"):
        raise HouseholdError(f"家庭人口：“{h.persons}”应为正整数")
    return {"village_id": h.village_id, "grid_id": h.grid_id, "head_name": name, "head_id_number": number,
            "address": address, "persons": persons, "phone": phone,
            "tags": "、".join(parse_tags(h.tags, db=db, keep=_kept_tags(db, h.id))),
            "party_household": int(bool(h.party_household))}


def _kept_tags(db: LedgerDB, household_id: int | None) -> tuple[str, ...]:
    if household_id is None:
        return ()
    row = db.execute("SELECT tags FROM households WHERE id = ?", [household_id]).fetchone()
    return tuple(t for t in str(row[0]).split("、") if t) if row else ()


def save_household(db: LedgerDB, h: Household) -> int:
    values = _household_values(db, h)
    cols = list(values)
    with changing(db, "新增户" if h.id is None else "修改户") as log:
        if h.id is None:
            hid = int(db.execute(f"INSERT INTO households ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                                 list(values.values())).lastrowid or 0)
            log.record("households", hid, f"新增{values['head_name']}户", None, values)
            return hid
        row = db.execute(f"SELECT {', '.join(cols)} FROM households WHERE id = ?", [h.id]).fetchone()
        if row is None:
            raise HouseholdError(f"户：编号 {h.id} 不存在")
        db.execute(f"UPDATE households SET {', '.join(c + ' = ?' for c in cols)} WHERE id = ?",
                   [*values.values(), h.id])
        log.record("households", h.id, f"修改{values['head_name']}户", dict(zip(cols, row)), values)
        return h.id


def _household(db: LedgerDB, household_id: int) -> tuple[str, int]:
    row = db.execute("SELECT head_name, village_id FROM households WHERE id = ? AND status = '在用'",
                     [household_id]).fetchone()
    if row is None:
        raise HouseholdError(f"户：编号 {household_id} 不存在")
    return str(row[0]), int(row[1])


def current_link(db: LedgerDB, household_id: int) -> tuple[int, int] | None:
    row = db.execute("SELECT id, designation_id FROM household_links WHERE household_id = ? AND status = '联系中'",
                     [household_id]).fetchone()
    return (int(row[0]), int(row[1])) if row else None


def link_household(db: LedgerDB, household_id: int, designation_id: int, start_date: str = "") -> int:
    """Link a household to a current central household; a household linked elsewhere moves (old link ended)."""
    head, village_id = _household(db, household_id)
    row = db.execute("SELECT d.status, m.name, m.village_id, d.start_date FROM central_designations d"
                     " JOIN members m ON m.id = d.member_id WHERE d.id = ?", [designation_id]).fetchone()
    if row is None or row[0] != "在任":
        raise HouseholdError("党员中心户：不存在或已结束")
    if row[2] != village_id:  # nearby households: the village's reports and warnings count them there
        raise HouseholdError(f"{row[1]}与{head}户不在同一村（社区），不能联系")
    day = check_day(start_date or clock.today().isoformat(), "联系开始日期")
    if row[3] and day < row[3]:
        raise HouseholdError(f"联系开始日期：{day} 早于{row[1]}确定为党员中心户的日期 {row[3]}")
    old = current_link(db, household_id)
    if old and old[1] == designation_id:
        raise HouseholdError(f"{head}户已由{row[1]}联系")
    with changing(db, "调整联系户" if old else "确定联系户") as log:
        if old:
            db.execute("UPDATE household_links SET status = '已结束', end_date = ?, end_reason = '调整联系人'"
                       " WHERE id = ?", [day, old[0]])
            log.record("household_links", old[0], f"{head}户改由{row[1]}联系", {"status": "联系中"},
                       {"status": "已结束", "end_date": day})
        new_id = int(db.execute("INSERT INTO household_links (household_id, designation_id, start_date)"
                                " VALUES (?, ?, ?)", [household_id, designation_id, day]).lastrowid or 0)
        log.record("household_links", new_id, f"{row[1]}联系{head}户", None,
                   {"household_id": household_id, "designation_id": designation_id, "start_date": day})
        sync_counts(db, log, [designation_id] + ([old[1]] if old else []))
    return new_id


def unlink_household(db: LedgerDB, household_id: int, end_date: str, reason: str = "") -> None:
    head, _ = _household(db, household_id)
    old = current_link(db, household_id)
    if old is None:
        raise HouseholdError(f"{head}户没有联系人")
    day = check_day(end_date, "结束日期")
    reason = clean_text(reason, "结束原因")
    start = db.execute("SELECT start_date FROM household_links WHERE id = ?", [old[0]]).fetchone()[0]
    if start and day < start:
        raise HouseholdError(f"结束日期：{day} 早于联系开始日期 {start}")
    with changing(db, "结束联系户") as log:
        db.execute("UPDATE household_links SET status = '已结束', end_date = ?, end_reason = ? WHERE id = ?",
                   [day, reason, old[0]])
        log.record("household_links", old[0], f"{head}户联系结束", {"status": "联系中"},
                   {"status": "已结束", "end_date": day, "end_reason": reason})
        sync_counts(db, log, [old[1]])


def end_household(db: LedgerDB, household_id: int, end_date: str, reason: str) -> None:
    """注销 a household (moved away, the family gone): kept with its date and reason, out of the lists and the
    warnings; its link ends the same day."""
    head, _ = _household(db, household_id)
    day = check_day(end_date, "注销日期")
    reason = clean_text(reason, "注销原因")
    if not reason:
        raise HouseholdError("注销原因：不能为空")
    link = current_link(db, household_id)
    with changing(db, "注销户") as log:
        db.execute("UPDATE households SET status = '已注销', ended_date = ?, ended_reason = ? WHERE id = ?",
                   [day, reason, household_id])
        log.record("households", household_id, f"注销{head}户（{reason}）", {"status": "在用"},
                   {"status": "已注销", "ended_date": day, "ended_reason": reason})
        if link is not None:
            db.execute("UPDATE household_links SET status = '已结束', end_date = ?, end_reason = ? WHERE id = ?",
                       [day, f"户已注销：{reason}", link[0]])
            log.record("household_links", link[0], f"{head}户注销，联系结束", {"status": "联系中"},
                       {"status": "已结束", "end_date": day})
            sync_counts(db, log, [link[1]])


def record_visit(db: LedgerDB, v: Visit) -> int:
    head, _ = _household(db, v.household_id)
    day = check_day(v.date, "走访日期")
    if v.kind not in VISIT_KINDS:
        raise HouseholdError(f"事项类型：“{v.kind}”应为 {'、'.join(VISIT_KINDS)} 之一")
    link = current_link(db, v.household_id)
    values = {"household_id": v.household_id, "designation_id": link[1] if link else None, "date": day,
              "kind": v.kind, "raised": clean_text(v.raised, "反映问题"), "handled": clean_text(v.handled, "办理情况"),
              "reported": int(bool(v.reported))}
    with changing(db, "登记走访") as log:
        vid = int(db.execute(f"INSERT INTO household_visits ({', '.join(values)}) VALUES"
                             f" ({', '.join('?' * len(values))})", list(values.values())).lastrowid or 0)
        log.record("household_visits", vid, f"走访{head}户（{v.kind}）", None, values)
    return vid


def void_visit(db: LedgerDB, visit_id: int, reason: str) -> None:
    """作废 a visit recorded by mistake (the wrong household, a duplicate): kept with status 作废 and the reason in
    the audit log, out of the lists, the last visits and the warnings."""
    row = db.execute("SELECT x.status, x.date, h.head_name FROM household_visits x"
                     " JOIN households h ON h.id = x.household_id WHERE x.id = ?", [visit_id]).fetchone()
    if row is None or row[0] != "有效":
        raise HouseholdError("走访记录：不存在或已作废")
    reason = clean_text(reason, "作废原因")
    if not reason:
        raise HouseholdError("作废原因：不能为空")
    with changing(db, "作废走访记录") as log:
        db.execute("UPDATE household_visits SET status = '作废' WHERE id = ?", [visit_id])
        log.record("household_visits", visit_id, f"作废{row[2]}户 {row[1]} 的走访记录（{reason}）",
                   {"status": "有效"}, {"status": "作废", "reason": reason})
