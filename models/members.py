"""Party members: save, find, search, status changes (转出/去世/出党/恢复) and their history.

Nothing is hard-deleted: a member leaves the active roster by a status change that keeps the record and writes
an event to its history.
"""
from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Mapping
from dataclasses import asdict, fields, replace
from typing import Any

from . import clock, idcard, pinyin
from .audit import ChangeLog, can_see_full_ids, changing, require
from .dates import DateError, add_years, earliest, parse_date
from .db import LedgerDB, database_path
from .entities import Member, MemberEvent, MemberQuery
from .errors import Refused
from .org import get_grid, get_village
from .validation import check_member

STORED = [f.name for f in fields(Member) if f.name not in ("id", "village_name", "grid_name")]
_SELECT = ("SELECT " + ", ".join(f"m.{c}" for c in STORED) + ", m.id, v.name, coalesce(g.name, '')"
           " FROM members m JOIN villages v ON v.id = m.village_id LEFT JOIN grids g ON g.id = m.grid_id")
_ORDER = " ORDER BY v.sort_key, v.id, g.id IS NULL, g.sort_key, g.id, m.sort_key, m.id"
_BOOLS = ("lost_contact", "mobile", "is_central")
LEAVING = {"转出": "转出", "去世": "去世", "出党": "出党"}


class MemberError(Refused, ValueError):
    """A member change that cannot be made; the message is Chinese and names the field."""


def _from_row(row: tuple[Any, ...]) -> Member:
    values = dict(zip(STORED, row))
    for key in _BOOLS:
        values[key] = bool(values[key])
    return Member(**values, id=row[len(STORED)], village_name=row[-2], grid_name=row[-1])


def search_text(m: Member) -> str:
    """What the search box matches: name, its pinyin and initials (both readings of a polyphonic surname),
    identity number, phone, address."""
    return "|".join((pinyin.name_keys(m.name).search, m.id_number, m.phone, m.address))


def member_from_values(values: Mapping[str, object], village_id: int, grid_id: int | None,
                       member_id: int | None = None) -> Member:
    """Build a Member from check_member()'s cleaned values."""
    known = {f.name for f in fields(Member)}
    data = {k: v for k, v in values.items() if k in known and k not in ("village_id", "grid_id", "id")}
    return Member(**data, village_id=village_id, grid_id=grid_id, id=member_id)  # type: ignore[arg-type]


def _shown(db: LedgerDB, members: list[Member]) -> list[Member]:
    """Members as the signed-in user may see them: identity numbers masked for 查阅 users."""
    if not members or can_see_full_ids(db):
        return members
    return [replace(m, id_number=idcard.mask(m.id_number)) for m in members]


def _shown_rows(db: LedgerDB, rows: list[tuple[Any, ...]], id_col: int,
                text_col: int | None = None) -> list[tuple[Any, ...]]:
    """Table rows with the identity number (and its copy in the search text) masked for 查阅 users."""
    if not rows or can_see_full_ids(db):
        return rows
    out = []
    for r in rows:
        row = list(r)
        masked = idcard.mask(row[id_col])
        if text_col is not None:
            row[text_col] = str(row[text_col]).replace(str(row[id_col]).lower(), masked)
        row[id_col] = masked
        out.append(tuple(row))
    return out


def get_member(db: LedgerDB, member_id: int) -> Member:
    """One member; the identity number masked for users who may not see it (they cannot save either)."""
    row = db.execute(_SELECT + " WHERE m.id = ?", [member_id]).fetchone()
    if not row:
        raise MemberError(f"找不到编号为 {member_id} 的党员")
    return _shown(db, [_from_row(row)])[0]


def find_by_id_number(db: LedgerDB, id_number: str, town_key: str | None = None) -> Member | None:
    """The member with this identity number — in one town (its town_key) when given: a district's file holds
    the same person once per town that sent them (a transfer, or added twice: a conflict for a person to decide)."""
    if town_key is None:
        row = db.execute(_SELECT + " WHERE m.id_number = ?", [id_number]).fetchone()
    else:
        row = db.execute(_SELECT + " WHERE m.id_number = ? AND m.town_key = ?", [id_number, town_key]).fetchone()
    return _from_row(row) if row else None


def owning_town(db: LedgerDB, member_id: int | None, village_id: int | None) -> str | None:
    """The town_key a member's record belongs to: its own (a saved record), else its village's (a new one);
    None in a file from before the keys that travel (m006), where one town is all there is."""
    try:
        row = db.execute("SELECT town_key FROM members WHERE id = ?", [member_id]).fetchone() if member_id else None
        if row is None and village_id is not None:
            row = db.execute("SELECT town_key FROM villages WHERE id = ?", [village_id]).fetchone()
    except sqlite3.OperationalError:  # no such column: town_key
        return None
    return str(row[0]) if row else None


def _validate(db: LedgerDB, member: Member) -> Member:
    raw = {k: v for k, v in asdict(member).items()}
    checked = check_member(raw)
    if not checked.ok:
        raise MemberError("；".join(str(e) for e in checked.errors))
    village = get_village(db, member.village_id)
    if village.status != "在用":
        raise MemberError(f"所在村（社区）：{village.name}已合并，请选择合并后的村")
    if member.grid_id is not None and get_grid(db, member.grid_id).village_id != member.village_id:
        raise MemberError("所在网格：该网格不属于所选村（社区）")
    clash = find_by_id_number(db, str(checked.values["id_number"]), owning_town(db, member.id, member.village_id))
    if clash and clash.id != member.id:
        raise MemberError(f"公民身份号码：已登记为 {clash.village_name} 的{clash.name}（{clash.status}），"
                          "同一人只能有一条记录")
    return replace(member_from_values(checked.values, member.village_id, member.grid_id, member.id),
                   status=member.status, status_date=member.status_date, status_detail=member.status_detail)


def save_member(db: LedgerDB, member: Member) -> int:
    """Insert (id None) or update a member after checking every rule; returns the id."""
    require(db, "edit")  # before the rules, so a read-only user hears why, not about a masked number
    m = _validate(db, member)
    values = [getattr(m, c) for c in STORED]
    with changing(db, "新增党员" if m.id is None else "修改党员") as log:
        if m.id is None:
            cur = db.execute(
                f"INSERT INTO members ({', '.join(STORED)}, search_text, sort_key, created_at)"
                f" VALUES ({', '.join('?' * (len(STORED) + 2))}, gl_now())",
                values + [search_text(m), pinyin.name_sort_key(m.name)])
            member_id = int(cur.lastrowid or 0)
            _event(db, log, member_id, "登记", f"登记为{m.category}")
            log.record("members", member_id, m.name, None, _audit_values(m))
        else:
            old = get_member(db, m.id)
            member_id = m.id
            db.execute(
                f"UPDATE members SET {', '.join(c + ' = ?' for c in STORED)}, search_text = ?, sort_key = ?"
                " WHERE id = ?",
                values + [search_text(m), pinyin.name_sort_key(m.name), m.id])
            if (old.village_id, old.grid_id) != (m.village_id, m.grid_id):
                _event(db, log, m.id, "调整网格", f"由{old.village_name}{old.grid_name}调入")
            log.record("members", m.id, m.name, _audit_values(old), _audit_values(m))
    return member_id


def _event(db: LedgerDB, log: ChangeLog, member_id: int, kind: str, detail: str) -> None:
    """One event in a member's history, audited with its own row (the audit names every table a write changes)."""
    cur = db.execute("INSERT INTO member_events (member_id, kind, detail) VALUES (?, ?, ?)", [member_id, kind, detail])
    log.record("member_events", cur.lastrowid, f"{kind}：{detail}")


def _audit_values(m: Member) -> dict[str, Any]:
    return {k: v for k, v in asdict(m).items() if k not in ("id", "village_name", "grid_name")}


def _where(query: MemberQuery, masked: bool = False) -> tuple[str, list[Any]]:
    """WHERE clause and parameters; `masked`: the search text matches the identity number only as the user
    sees it (masked), so the hidden digits cannot be found by searching for them."""
    clauses: list[str] = []
    params: list[Any] = []
    if query.statuses:
        clauses.append(f"m.status IN ({','.join('?' * len(query.statuses))})")
        params.extend(query.statuses)
    for column, value in (("m.village_id", query.village_id), ("m.grid_id", query.grid_id),
                          ("m.category", query.category), ("m.town_key", query.town_key)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    for column, flag in (("m.is_central", query.is_central), ("m.mobile", query.mobile),
                         ("m.lost_contact", query.lost_contact)):
        if flag is not None:
            clauses.append(f"{column} = ?")
            params.append(int(flag))
    if query.no_grid:
        clauses.append("m.grid_id IS NULL")
    if query.joined_by is not None:
        clauses.append("m.join_date != '' AND m.join_date <= ?")
        params.append(query.joined_by)
    text = query.text.strip().lower()
    if text:
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        if masked:
            clauses.append("replace(m.search_text, m.id_number, substr(m.id_number, 1, ?) || ?) LIKE ? ESCAPE '\\'")
            params += [idcard.MASK_KEEP, "*" * (18 - idcard.MASK_KEEP)]
        else:
            clauses.append("m.search_text LIKE ? ESCAPE '\\'")
        params.append(f"%{escaped}%")
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def search_members(db: LedgerDB, query: MemberQuery) -> list[Member]:
    """Members matching the query, sorted by village, grid, name (pinyin)."""
    where, params = _where(query, not can_see_full_ids(db))
    limit = f" LIMIT {int(query.limit)}" if query.limit else ""
    return _shown(db, [_from_row(r) for r in db.execute(_SELECT + where + _ORDER + limit, params).fetchall()])


TABLE_COLUMNS = ("id", "name", "gender", "id_number", "birth_date", "category", "join_date", "phone",
                 "village_name", "grid_name", "is_central", "status")


def member_table(db: LedgerDB, query: MemberQuery) -> list[tuple[Any, ...]]:
    """The lean rows the member table shows (TABLE_COLUMNS), in the same order as search_members."""
    where, params = _where(query, not can_see_full_ids(db))
    sql = ("SELECT m.id, m.name, m.gender, m.id_number, m.birth_date, m.category, m.join_date, m.phone, v.name,"
           " coalesce(g.name, ''), m.is_central, m.status FROM members m JOIN villages v ON v.id = m.village_id"
           " LEFT JOIN grids g ON g.id = m.grid_id" + where + _ORDER)
    return _shown_rows(db, db.execute(sql, params).fetchall(), TABLE_COLUMNS.index("id_number"))


def count_members(db: LedgerDB) -> dict[str, int]:
    """Counts for the status bar: 在册, of them 正式/预备, and all records."""
    row = db.execute("SELECT count(*), sum(status = '在册'), sum(status = '在册' AND category = '正式党员'),"
                     " sum(status = '在册' AND category = '预备党员') FROM members").fetchone()
    return {"全部": row[0] or 0, "在册": row[1] or 0, "正式党员": row[2] or 0, "预备党员": row[3] or 0}


def change_status(db: LedgerDB, member_id: int, status: str, date: str, detail: str = "",
                  *, today: dt.date | None = None) -> None:
    """转出 (destination) / 去世 / 出党 (reason): the record stays, marked and dated, with an event."""
    if status not in LEAVING:
        raise MemberError(f"状态：“{status}”应为 转出、去世 或 出党")
    member = get_member(db, member_id)
    if member.status != "在册":
        raise MemberError(f"{member.name}已是“{member.status}”状态，请先恢复为在册")
    try:
        day = parse_date(date)
    except DateError as exc:
        raise MemberError(f"变动日期：{exc}") from None
    if not day:
        raise MemberError("变动日期：不能为空")
    if earliest(day) > (today or clock.today()):
        raise MemberError(f"变动日期：{day} 在今天之后")
    if member.join_date and earliest(day) < earliest(member.join_date) and status != "去世":
        raise MemberError(f"变动日期：{day} 早于入党日期 {member.join_date}")
    detail = detail.strip()
    if status == "转出" and not detail:
        raise MemberError("转往单位：转出时必须填写转往的党组织")
    if status == "出党" and not detail:
        raise MemberError("出党原因：必须填写")
    with changing(db, f"党员{status}") as log:
        db.execute("UPDATE members SET status = ?, status_date = ?, status_detail = ?"
                   " WHERE id = ?", [status, day, detail, member_id])
        _event(db, log, member_id, status, f"{day} {detail}".strip())
        log.record("members", member_id, f"{member.name}{status}", {"status": member.status},
                   {"status": status, "status_date": day, "status_detail": detail})
        from .households import end_for_member  # the member's central-household designation ends with them
        end_for_member(db, log, member_id, day, status)


def restore_member(db: LedgerDB, member_id: int, reason: str = "") -> None:
    """Undo a status change made by mistake: back to 在册, the earlier change kept in the history."""
    member = get_member(db, member_id)
    if member.status == "在册":
        raise MemberError(f"{member.name}已是在册状态")
    if get_village(db, member.village_id).status != "在用":
        raise MemberError(f"{member.name}所在的{member.village_name}已合并，请先把其调入现有的村")
    with changing(db, "恢复在册") as log:
        db.execute("UPDATE members SET status = '在册', status_date = '', status_detail = ''"
                   " WHERE id = ?", [member_id])
        _event(db, log, member_id, "恢复在册",
               f"撤销“{member.status}”（{member.status_date} {member.status_detail}）{reason}".strip())
        log.record("members", member_id, f"{member.name}恢复在册",
                   {"status": member.status, "status_date": member.status_date,
                    "status_detail": member.status_detail}, {"status": "在册"})


def member_events(db: LedgerDB, member_id: int) -> list[MemberEvent]:
    return [MemberEvent(*r) for r in db.execute(
        "SELECT id, member_id, at, kind, detail FROM member_events WHERE member_id = ? ORDER BY id",
        [member_id]).fetchall()]


def probation_end(join_date: str) -> str:
    """The day a 预备党员's one-year probation ends (from the first day a month-precision date may mean)."""
    return add_years(earliest(join_date), 1).isoformat()


def probation_due(db: LedgerDB, *, today: dt.date | None = None, days: int = 30) -> list[Member]:
    """预备党员 whose one-year probation ends within `days` days (or has already ended) — remind the clerk."""
    day = (today or clock.today()) + dt.timedelta(days=days)
    horizon = day.isoformat()
    # only those who joined about a year before the horizon are read (two days to spare for 29 February);
    # the rule itself is probation_end's
    joined_by = (add_years(day, -1) + dt.timedelta(days=2)).isoformat()
    return [m for m in search_members(db, MemberQuery(category="预备党员", joined_by=joined_by))
            if m.join_date and probation_end(m.join_date) <= horizon]


# --- In-memory member table (ui-foundation) -------------------------------------------------------------------
# The 党员 page loads every member once (about 0.4 s at 100,000 members, in a worker thread) and then applies
# filters and each keystroke of the search box to that already ordered list in memory (a few ms), instead of
# one ORDER BY join per keystroke. `filter_cached` gives exactly the rows `member_table` would (same order).
CACHE_COLUMNS = TABLE_COLUMNS + ("village_id", "grid_id", "mobile", "lost_contact", "search_text", "town_key")
_CACHE_INDEX = {name: i for i, name in enumerate(CACHE_COLUMNS)}


def member_cache_rows(db: LedgerDB) -> list[tuple[Any, ...]]:
    """Every member (all statuses) as CACHE_COLUMNS rows, sorted like search_members; search_text lower-cased."""
    sql = ("SELECT m.id, m.name, m.gender, m.id_number, m.birth_date, m.category, m.join_date, m.phone, v.name,"
           " coalesce(g.name, ''), m.is_central, m.status, m.village_id, m.grid_id, m.mobile, m.lost_contact,"
           " lower(m.search_text), m.town_key FROM members m JOIN villages v ON v.id = m.village_id"
           " LEFT JOIN grids g ON g.id = m.grid_id" + _ORDER)
    return _shown_rows(db, db.execute(sql).fetchall(), CACHE_COLUMNS.index("id_number"),
                       CACHE_COLUMNS.index("search_text"))


def filter_cached(rows: list[tuple[Any, ...]], query: MemberQuery) -> list[tuple[Any, ...]]:
    """The rows of member_cache_rows() that match the query, keeping their order (no SQL)."""
    i = _CACHE_INDEX
    tests: list[tuple[int, Any]] = []
    for column, value in (("village_id", query.village_id), ("grid_id", query.grid_id),
                          ("category", query.category), ("town_key", query.town_key)):
        if value is not None:
            tests.append((i[column], value))
    for column, flag in (("is_central", query.is_central), ("mobile", query.mobile),
                         ("lost_contact", query.lost_contact)):
        if flag is not None:
            tests.append((i[column], int(flag)))
    out = rows
    if query.statuses:
        wanted, col = set(query.statuses), i["status"]
        out = [r for r in out if r[col] in wanted]
    for col, value in tests:
        out = [r for r in out if r[col] == value]
    if query.no_grid:
        col = i["grid_id"]
        out = [r for r in out if r[col] is None]
    if query.joined_by is not None:
        col, day = i["join_date"], query.joined_by
        out = [r for r in out if r[col] and r[col] <= day]
    text = query.text.strip().lower()
    if text:
        col = i["search_text"]
        out = [r for r in out if text in r[col]]
    if query.limit:
        out = out[: int(query.limit)]
    return out if out is not rows else list(rows)


def match_rank(search_text: str, text: str) -> int:
    """How well a member's search text (name|full pinyin|initials|…, lower-cased) matches a lower-cased query:
    0 the exact name, 1 the full pinyin or the initials exactly, 2 the name, pinyin or initials begin with it,
    3 anything else (a part of the name, the identity number, phone, address)."""
    name, full, initials = (search_text.split("|", 3) + ["", "", ""])[:3]
    if text == name:
        return 0
    if text in (full, initials):
        return 1
    if name.startswith(text) or full.startswith(text) or initials.startswith(text):
        return 2
    return 3


def rank_matches(rows: list[tuple[Any, ...]], text: str) -> list[tuple[Any, ...]]:
    """filter_cached rows that matched `text`, best matches first (for "zw": 张伟 before 张卫东 and 张文华); rows of
    one rank keep their order (village, grid, name).

    Ranks 0–2 need the name, its pinyin or initials to begin with the text, so a row can rank better than 3 only
    when its search text begins with the text or holds "|text": one C-level test a row finds those few, and only
    they are ranked in Python. Names and their pinyin hold no digits: a text with a digit ranks nothing."""
    text = text.strip().lower()
    if not text or not rows or any(ch.isdigit() for ch in text):
        return rows
    col = _CACHE_INDEX["search_text"]
    probe = "|" + text
    better = [i for i, r in enumerate(rows) if r[col].startswith(text) or probe in r[col]]
    if not better:
        return rows
    buckets: tuple[list[int], list[int], list[int]] = ([], [], [])
    for i in better:
        rank = match_rank(rows[i][col], text)
        if rank < 3:
            buckets[rank].append(i)
    ahead = buckets[0] + buckets[1] + buckets[2]
    if not ahead or len(ahead) == len(rows) and not (buckets[0] or buckets[1]) or \
            ahead == list(range(len(ahead))):
        return rows  # every match ranks alike, or the better ones already lead in their order
    taken = set(ahead)
    return [rows[i] for i in ahead] + [r for i, r in enumerate(rows) if i not in taken]


def database_file(db: LedgerDB) -> str:
    """The file behind a connection ('' for an in-memory database), so a worker thread can open its own."""
    return database_path(db)
