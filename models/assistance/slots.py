"""The "four ones" slots of each 强基 village and year, the people who fill them, replacement with history,
who holds a slot on a given day, and the work log (帮扶记录) per slot."""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from .. import town_filter
from ..audit import ChangeLog, changing
from ..db import LedgerDB
from ..validation import clean_phone
from .classes import WEAK, AssistanceError, _village_name, check_date, check_year, get_year

KINDS = ("leader", "town_leader", "department", "first_secretary")
KIND_NAMES = {"leader": "区市领导联系", "town_leader": "镇街领导帮包", "department": "区市部门结对",
              "first_secretary": "第一书记驻点"}
FORMS = ("走访", "座谈", "现场办公", "电话")


@dataclass(frozen=True)
class Person:
    name: str
    post: str = ""      # 职务 (for a department: '')
    phone: str = ""
    unit: str = ""      # 派出单位 of a first secretary
    contact: str = ""   # 联系人 of a department (its name is `name`)


@dataclass(frozen=True)
class Slot:
    id: int
    village_id: int
    village: str
    year: int
    kind: str
    person: Person
    held_from: str
    held_until: str
    posting_start: str
    posting_end: str
    status: str

    @property
    def kind_name(self) -> str:
        return KIND_NAMES[self.kind]


@dataclass(frozen=True)
class LogEntry:
    id: int
    slot_id: int
    day: str
    form: str
    learned: str = ""
    done: str = ""
    funds: str = ""
    amount: float | None = None
    result: str = ""
    needs_town: bool = False


_SLOT_SQL = ("SELECT s.id, s.village_id, v.name, s.year, s.kind, p.name, p.post, p.phone, p.unit, p.contact,"
             " s.held_from, s.held_until, s.posting_start, s.posting_end, s.status FROM assistance_slots s"
             " JOIN villages v ON v.id = s.village_id JOIN assistance_people p ON p.id = s.person_id")


def _slot(row: tuple) -> Slot:  # type: ignore[type-arg]
    return Slot(row[0], row[1], row[2], row[3], row[4], Person(row[5], row[6], row[7], row[8], row[9]), *row[10:])


def _check_person(kind: str, person: Person) -> Person:
    label = KIND_NAMES[kind]
    name = person.name.strip()
    if not name:
        raise AssistanceError(f"{label}：{'部门名称' if kind == 'department' else '姓名'}不能为空")
    phone, error = clean_phone(person.phone)
    if error:
        raise AssistanceError(f"{label}：联系电话 {error}")
    return Person(name, person.post.strip(), phone, person.unit.strip(), person.contact.strip())


def _person_id(db: LedgerDB, log: ChangeLog, person: Person) -> int:
    """The same person typed twice (name and phone) is one person; their post/unit/contact follow the latest."""
    row = db.execute("SELECT id, name, post, phone, unit, contact FROM assistance_people"
                     " WHERE name = ? AND phone = ?", [person.name, person.phone]).fetchone()
    if row:
        old = Person(row[1], row[2], row[3], row[4], row[5])
        if old != person:
            db.execute("UPDATE assistance_people SET post = ?, unit = ?, contact = ? WHERE id = ?",
                       [person.post, person.unit, person.contact, row[0]])
            log.record("assistance_people", row[0], person.name, asdict(old), asdict(person))
        return int(row[0])
    cur = db.execute("INSERT INTO assistance_people (name, post, phone, unit, contact) VALUES (?, ?, ?, ?, ?)",
                     [person.name, person.post, person.phone, person.unit, person.contact])
    log.record("assistance_people", cur.lastrowid, person.name, None, asdict(person))
    return int(cur.lastrowid)  # type: ignore[arg-type]


def known_people(db: LedgerDB, kind: str = "", prefix: str = "") -> list[Person]:
    """The people already entered (of a slot kind when given), for the list the clerk picks from as they type."""
    sql = "SELECT DISTINCT p.name, p.post, p.phone, p.unit, p.contact FROM assistance_people p"
    params: list[object] = []
    if kind:
        sql += " JOIN assistance_slots s ON s.person_id = p.id AND s.kind = ?"
        params.append(kind)
    sql += " WHERE p.name LIKE ? ORDER BY p.name"
    params.append(prefix.strip() + "%")
    return [Person(*r) for r in db.execute(sql, params).fetchall()]


def holder(db: LedgerDB, village_id: int, year: int, kind: str, day: dt.date | str | None = None) -> Slot | None:
    """Who holds the slot on `day` (default: the newest holder of the year)."""
    sql = _SLOT_SQL + " WHERE s.village_id = ? AND s.year = ? AND s.kind = ? AND s.status != '撤销'"
    params: list[object] = [village_id, year, kind]
    if day:
        d = day.isoformat() if isinstance(day, dt.date) else day
        sql += " AND s.held_from <= ? AND (s.held_until = '' OR s.held_until >= ?)"
        params += [d, d]
    row = db.execute(sql + " ORDER BY s.held_from DESC, s.id DESC LIMIT 1", params).fetchone()
    return _slot(row) if row else None


def slot_history(db: LedgerDB, village_id: int, year: int | None = None) -> list[Slot]:
    sql, params = _SLOT_SQL + " WHERE s.village_id = ?", [village_id]
    if year is not None:
        sql += " AND s.year = ?"
        params.append(year)
    return [_slot(r) for r in db.execute(sql + " ORDER BY s.year, s.kind, s.held_from, s.id", params).fetchall()]


def get_slot(db: LedgerDB, slot_id: int) -> Slot:
    row = db.execute(_SLOT_SQL + " WHERE s.id = ?", [slot_id]).fetchone()
    if not row:
        raise AssistanceError(f"没有编号为 {slot_id} 的帮扶安排")
    return _slot(row)


def _slot_values(db: LedgerDB, village_id: int, year: object, kind: str, person: Person,
                 posting_start: object, posting_end: object) -> tuple[int, Person, str, str]:
    if kind not in KINDS:
        raise AssistanceError(f"帮扶类别“{kind}”不存在，应为：{'、'.join(KIND_NAMES.values())}")
    y = check_year(year)
    name = _village_name(db, village_id)
    klass = get_year(db, village_id, y)
    if not klass or klass.klass != WEAK:
        raise AssistanceError(f"{name} {y} 年不是强基村，不需要“四个一”帮扶（请先把分类设为强基）")
    p = _check_person(kind, person)
    start, end = "", ""
    if kind == "first_secretary":
        start = check_date(posting_start, "驻村开始日期")
        end = check_date(posting_end, "驻村结束日期")
        if start and end and end <= start:
            raise AssistanceError(f"第一书记驻点：驻村结束日期 {end} 应晚于开始日期 {start}")
    return y, p, start, end


def assign(db: LedgerDB, village_id: int, year: object, kind: str, person: Person, *,
           posting_start: object = "", posting_end: object = "", since: object = "") -> Slot:
    """Fill (or replace) a slot. With a current holder, the holder's term ends the day before `since` (required
    then) and stays in the history as 已替换; otherwise the slot is filled from `since` (default: the year's
    start, or the first secretary's posting start)."""
    y, p, start, end = _slot_values(db, village_id, year, kind, person, posting_start, posting_end)
    current = holder(db, village_id, y, kind)
    day = check_date(since, "接任日期") or start or f"{y}-01-01"
    label = f"{_village_name(db, village_id)} {y} 年{KIND_NAMES[kind]}"
    if current and current.person == p and current.held_until == "":
        return update_slot(db, current.id, p, posting_start=start, posting_end=end)
    if current and current.held_until == "" and day <= current.held_from:
        raise AssistanceError(f"{label}：接任日期 {day} 应晚于现任 {current.person.name} 的开始日期"
                              f" {current.held_from}")
    with changing(db, "安排四个一帮扶") as log:
        if current and current.held_until == "":
            until = (dt.date.fromisoformat(day) - dt.timedelta(days=1)).isoformat()
            db.execute("UPDATE assistance_slots SET held_until = ?, status = '已替换' WHERE id = ?",
                       [until, current.id])
            log.record("assistance_slots", current.id, f"{label}：{current.person.name} 被替换",
                       {"held_until": "", "status": current.status}, {"held_until": until, "status": "已替换"})
        pid = _person_id(db, log, p)
        cur = db.execute("INSERT INTO assistance_slots (village_id, year, kind, person_id, post, held_from,"
                         " posting_start, posting_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         [village_id, y, kind, pid, p.post, day, start, end])
        log.record("assistance_slots", cur.lastrowid, f"{label}：{p.name}", None,
                   {"person": p.name, "held_from": day, "posting_start": start, "posting_end": end})
    return get_slot(db, int(cur.lastrowid))  # type: ignore[arg-type]


def update_slot(db: LedgerDB, slot_id: int, person: Person, *, posting_start: object = "",
                posting_end: object = "") -> Slot:
    """Correct the holder's details (post, phone, posting dates) without replacing them."""
    old = get_slot(db, slot_id)
    _, p, start, end = _slot_values(db, old.village_id, old.year, old.kind, person, posting_start, posting_end)
    if (old.person, old.posting_start, old.posting_end) == (p, start, end):
        return old  # nothing to change (an import of the sheet just exported)
    with changing(db, "修改四个一帮扶") as log:
        pid = _person_id(db, log, p)
        db.execute("UPDATE assistance_slots SET person_id = ?, post = ?, posting_start = ?, posting_end = ?"
                   " WHERE id = ?", [pid, p.post, start, end, slot_id])
        log.record("assistance_slots", slot_id, f"{old.village} {old.year} 年{old.kind_name}：{p.name}",
                   {"person": old.person.name, "posting_start": old.posting_start, "posting_end": old.posting_end},
                   {"person": p.name, "posting_start": start, "posting_end": end})
    return get_slot(db, slot_id)


def copy_year(db: LedgerDB, year: object, *, town_key: str | None = None) -> int:
    """Copy last year's current holders to `year` as a starting point, for villages 强基 in `year` whose slot
    of that kind is still empty (in a district's database, of one town's villages when town_key is given).
    Returns the number of slots copied."""
    y = check_year(year)
    in_town, params = (" JOIN villages v ON v.id = s.village_id AND v.town_key = ?", [town_key]) if town_key \
        else ("", [])
    rows = db.execute(
        "SELECT s.village_id, s.kind, s.person_id, s.post, s.posting_start, s.posting_end FROM assistance_slots s"
        f" JOIN village_years c ON c.village_id = s.village_id AND c.year = ? AND c.class = ?{in_town}"
        " WHERE s.year = ? AND s.status = '在任' AND s.held_until = ''"
        " AND NOT EXISTS (SELECT 1 FROM assistance_slots t WHERE t.village_id = s.village_id AND t.year = ?"
        " AND t.kind = s.kind AND t.status != '撤销')", [y, WEAK, *params, y - 1, y]).fetchall()
    if not rows:
        return 0
    with changing(db, "复制上年四个一帮扶") as log:
        db.conn.executemany("INSERT INTO assistance_slots (village_id, year, kind, person_id, post, held_from,"
                            " posting_start, posting_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            [(v, y, k, p, post, f"{y}-01-01", s, e) for v, k, p, post, s, e in rows])
        log.record("assistance_slots", None, f"由 {y - 1} 年复制 {len(rows)} 项帮扶安排到 {y} 年"
                                             f"{f'（{town_filter.town_name(db, town_key)}）' if town_key else ''}")
    return len(rows)


def add_log(db: LedgerDB, slot_id: int, day: object, form: str, *, learned: str = "", done: str = "",
            funds: str = "", amount: object = None, result: str = "", needs_town: bool = False) -> LogEntry:
    slot = get_slot(db, slot_id)
    d = check_date(day, "日期")
    if not d:
        raise AssistanceError("帮扶记录：日期不能为空")
    form = form.strip()
    if form not in FORMS:
        raise AssistanceError(f"帮扶记录：方式“{form}”应为 {'、'.join(FORMS)} 之一")
    money: float | None = None
    if amount not in (None, ""):
        try:
            money = float(str(amount).replace(",", "").replace("万元", "").replace("元", ""))
        except ValueError:
            raise AssistanceError(f"帮扶记录：金额“{amount}”应为数字") from None
        if money < 0:
            raise AssistanceError(f"帮扶记录：金额 {amount} 不能为负数")
    values = {"day": d, "form": form, "learned": learned.strip(), "done": done.strip(), "funds": funds.strip(),
              "amount": money, "result": result.strip(), "needs_town": int(bool(needs_town))}
    with changing(db, "添加帮扶记录") as log:
        cur = db.execute("INSERT INTO assistance_logs (slot_id, day, form, learned, done, funds, amount, result,"
                         " needs_town) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [slot_id, *values.values()])
        log.record("assistance_logs", cur.lastrowid, f"{slot.village} {slot.person.name} {d} {form}", None, values)
    return LogEntry(int(cur.lastrowid), slot_id, d, form, values["learned"], values["done"],  # type: ignore[arg-type]
                    values["funds"], money, values["result"], bool(needs_town))


def slot_logs(db: LedgerDB, slot_id: int) -> list[LogEntry]:
    rows = db.execute("SELECT id, slot_id, day, form, learned, done, funds, amount, result, needs_town"
                      " FROM assistance_logs WHERE slot_id = ? AND status = '有效' ORDER BY day, id",
                      [slot_id]).fetchall()
    return [LogEntry(*r[:9], bool(r[9])) for r in rows]


def village_logs(db: LedgerDB, village_id: int, year: int | None = None) -> list[tuple[Slot, LogEntry]]:
    slots = {s.id: s for s in slot_history(db, village_id, year)}
    out = [(slots[e.slot_id], e) for sid in slots for e in slot_logs(db, sid)]
    return sorted(out, key=lambda p: (p[1].day, p[1].id))
