"""Demo data for the households area (models/demo.py calls `fill_demo` after making the town and members).

Nearly every grid gets central households (about one per 30 members there, at least one), ~10 households each,
some too few (< 5) or too many (> 15); a few grids none; some unlinked households in difficulty in every village;
a year of visits, some households not visited for months — so every warning has something to show. The members
models/demo.py marked 是否党员中心户 become designations (those no longer 在册: ended with them); marked members
not chosen lose the mark, so the member record and the designations agree.
"""
from __future__ import annotations

import datetime as dt
import random

from ..audit import changing
from ..db import LedgerDB, bulk_keys
from ..migrations import UID_SQL
from .entities import DEFAULT_METHOD, TAGS

_TAG_WEIGHTS = (("普通", 70), ("低保", 6), ("特困", 2), ("残疾人", 5), ("空巢老人", 8), ("留守儿童", 3),
                ("优抚对象", 2), ("退役军人", 3), ("单亲", 1))
_DIFFICULT_TAGS = ("低保", "特困", "残疾人", "空巢老人", "留守儿童")
_KEYS, _KV = "uid, town_key, updated_at, updated_by", f"{UID_SQL}, ?, ?, ?"
_STREETS = ("东街", "西街", "南街", "北街", "前街", "后街", "中心路", "河沿", "新村路")


def _tags(rng: random.Random) -> str:
    first = rng.choices([t for t, _ in _TAG_WEIGHTS], [w for _, w in _TAG_WEIGHTS])[0]
    if first != "普通" and rng.random() < 0.2:
        second = rng.choice([t for t in TAGS if t not in ("普通", first)])
        return f"{first}、{second}"
    return first


def fill_demo(db: LedgerDB, rng: random.Random, today: dt.date) -> dict[str, int]:
    from .. import idcard
    from ..demo import ADDRESS_CODES, person_name
    members = db.execute("SELECT m.id, m.grid_id, m.village_id, m.is_central, m.status, m.status_date, v.name"
                         " FROM members m JOIN villages v ON v.id = m.village_id ORDER BY m.id").fetchall()
    if not members:
        return {}
    by_grid: dict[int, list[tuple]] = {}
    for m in members:
        if m[1] is not None and m[4] == "在册":
            by_grid.setdefault(m[1], []).append(m)
    grids = sorted(by_grid)
    skipped = set(rng.sample(grids, max(1, len(grids) // 40))) if len(grids) >= 5 else set()
    chosen: list[tuple] = []
    for gid in grids:
        if gid in skipped:
            continue
        people = by_grid[gid]
        wanted = max(1, round(len(people) / 30))
        marked = [m for m in people if m[3]]
        others = [m for m in people if not m[3]]
        rng.shuffle(others)
        chosen += (marked[:wanted] + others)[:wanted]
    chosen_ids = {m[0] for m in chosen}
    ended = [m for m in members if m[3] and m[4] != "在册"]
    unmark = [m[0] for m in members if m[3] and m[4] == "在册" and m[0] not in chosen_ids]
    mark = [m[0] for m in chosen if not m[3]]
    used: set[str] = set()

    def number(age: int) -> str:
        while True:
            birth = today - dt.timedelta(days=age * 365 + rng.randint(0, 364))
            n = idcard.make(rng.choice(ADDRESS_CODES), birth, rng.randint(0, 999))
            if n not in used:
                used.add(n)
                return n

    counts = {"designations": 0, "households": 0, "links": 0, "visits": 0}
    with changing(db, "载入示例数据（党员中心户）") as log:
        with bulk_keys(db, "central_designations", "households", "household_links", "household_visits") as keys:
            d_rows = []
            for m in chosen:
                start = today - dt.timedelta(days=rng.randint(400, 2200))
                d_rows.append(keys + (m[0], start.isoformat(), DEFAULT_METHOD,
                                      (start - dt.timedelta(days=rng.randint(5, 10))).isoformat(), "", "", "在任"))
            for m in ended:
                start = dt.date.fromisoformat(m[5]) - dt.timedelta(days=rng.randint(400, 1500))
                d_rows.append(keys + (m[0], start.isoformat(), DEFAULT_METHOD, "", m[5], f"党员{m[4]}", "已结束"))
            db.conn.executemany(f"INSERT INTO central_designations ({_KEYS}, member_id, start_date, method,"
                                f" notice_date, end_date, end_reason, status) VALUES ({_KV}, ?, ?, ?, ?, ?, ?, ?)",
                                d_rows)
            counts["designations"] = len(chosen)
            designations = db.execute("SELECT d.id, d.start_date, m.grid_id, m.village_id, v.name FROM"
                                      " central_designations d JOIN members m ON m.id = d.member_id JOIN villages v"
                                      " ON v.id = m.village_id WHERE d.status = '在任' ORDER BY d.id").fetchall()
            h_rows, plans = [], []
            house_no: dict[int, int] = {}

            def household(vid: int, gid: int | None, village: str, tags: str) -> None:
                house_no[vid] = house_no.get(vid, 0) + rng.randint(1, 3)
                gender = "男" if rng.random() < 0.75 else "女"
                h_rows.append(keys + (vid, gid, person_name(rng, gender),
                                      number(rng.randint(30, 85)) if rng.random() < 0.6 else "",
                                      f"{village}{rng.choice(_STREETS)}{house_no[vid]}号", rng.randint(1, 6),
                                      f"1{rng.choice('35789')}{rng.randint(0, 999999999):09d}"
                                      if rng.random() < 0.8 else "", tags, int(rng.random() < 0.12)))

            for at, (did, start, gid, vid, village) in enumerate(designations):
                # the first two are sure to be too few and too many: every warning shows, whatever the size
                roll = (0.0, 0.07)[at] if at < 2 and len(designations) >= 4 else rng.random()
                n = rng.randint(2, 4) if roll < 0.06 else rng.randint(16, 18) if roll < 0.1 else rng.randint(9, 13)
                for _ in range(n):
                    household(vid, gid, village, _tags(rng))
                    plans.append((len(h_rows) - 1, did, start))
            villages = db.execute("SELECT v.id, v.name, (SELECT min(g.id) FROM grids g WHERE g.village_id = v.id)"
                                  " FROM villages v WHERE v.status = '在用' ORDER BY v.id").fetchall()
            for vid, village, gid in villages:
                for _ in range(rng.randint(1, 3)):
                    household(vid, gid, village, rng.choice(_DIFFICULT_TAGS))
                if rng.random() < 0.5:
                    household(vid, None, village, "普通")
            first = (db.execute("SELECT coalesce(max(id), 0) FROM households").fetchone()[0] or 0) + 1
            db.conn.executemany(f"INSERT INTO households ({_KEYS}, village_id, grid_id, head_name, head_id_number,"
                                f" address, persons, phone, tags, party_household) VALUES ({_KV}, ?, ?, ?, ?, ?, ?,"
                                " ?, ?, ?)", h_rows)
            counts["households"] = len(h_rows)
            l_rows, v_rows = [], []
            year_ago = today - dt.timedelta(days=365)
            for index, did, start in plans:
                hid = first + index
                linked_on = dt.date.fromisoformat(start) + dt.timedelta(days=rng.randint(0, 60))
                l_rows.append(keys + (hid, did, linked_on.isoformat()))
                since = max(linked_on, year_ago)
                if rng.random() < 0.06:  # not visited for months: the reminder shows it
                    last = today - dt.timedelta(days=rng.randint(100, 300))
                else:
                    last = today - dt.timedelta(days=rng.randint(0, 80))
                day = last
                while day >= since:
                    kind = rng.choices(("问事", "提事", "议事", "办事", "评事"), (40, 20, 10, 25, 5))[0]
                    raised, handled = _matter(rng, kind)
                    v_rows.append(keys + (hid, did, day.isoformat(), kind, raised, handled,
                                          int(kind in ("提事", "议事") or rng.random() < 0.2)))
                    day -= dt.timedelta(days=rng.randint(45, 110))
            db.conn.executemany(f"INSERT INTO household_links ({_KEYS}, household_id, designation_id, start_date)"
                                f" VALUES ({_KV}, ?, ?, ?)", l_rows)
            db.conn.executemany(f"INSERT INTO household_visits ({_KEYS}, household_id, designation_id, date, kind,"
                                f" raised, handled, reported) VALUES ({_KV}, ?, ?, ?, ?, ?, ?, ?)", v_rows)
            counts["links"], counts["visits"] = len(l_rows), len(v_rows)
        flagged = [(1, i) for i in mark] + [(0, i) for i in unmark] + [(0, m[0]) for m in ended]
        db.conn.executemany("UPDATE members SET is_central = ?, linked_households = 0 WHERE id = ?", flagged)
        db.execute("UPDATE members SET linked_households = (SELECT count(*) FROM household_links l"
                   " JOIN central_designations d ON d.id = l.designation_id WHERE d.member_id = members.id"
                   " AND l.status = '联系中') WHERE id IN (SELECT member_id FROM central_designations)")
        log.record("central_designations", None, f"示例数据：{len(chosen)} 名党员中心户（另 {len(ended)} 条已结束）")
        log.record("households", None, f"示例数据：{len(h_rows)} 户")
        log.record("household_links", None, f"示例数据：{len(l_rows)} 户联系户")
        log.record("household_visits", None, f"示例数据：{len(v_rows)} 条走访记录")
        log.record("members", None, f"示例数据：{len(flagged)} 名党员的“是否党员中心户”与党员中心户记录一致")
    return {"名党员中心户": counts["designations"], "户联系户": counts["links"],
            "户未联系的户": counts["households"] - counts["links"], "条走访记录": counts["visits"]}


_MATTERS = {
    "问事": (("低保续办材料", "已告知所需材料"), ("医保缴费", "已代为咨询"), ("子女入学", "已联系学校")),
    "提事": (("村路路灯不亮", "已上报村党支部"), ("排水沟堵塞", "已上报，待清理")),
    "议事": (("小广场健身器材选址", "提交村民议事会"), ("垃圾桶摆放位置", "村民议事会已商定")),
    "办事": (("屋顶漏雨", "已协调维修"), ("代办残疾证年审", "已办结"), ("代购药品", "已送到")),
    "评事": (("评议村务公开", "已反馈村务监督委员会"),),
}


def _matter(rng: random.Random, kind: str) -> tuple[str, str]:
    return rng.choice(_MATTERS[kind])
