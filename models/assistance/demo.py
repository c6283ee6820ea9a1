"""Sample assistance records for the demo town (`fill_demo`, called by models.demo after the villages and members
are made): last year's and this year's class and stars for every village (about 30 % 强基), the four slots of
every 强基 village (a few missing, exactly one first secretary's posting ending within 30 days, one town leader
replaced mid-year, a few slots silent for over 60 days) and a year of work-log entries. Bulk rows go in with
executemany inside one audited transaction (one summary audit row per table)."""
from __future__ import annotations

import datetime as dt
import random

from ..audit import changing
from ..db import UID_SQL, LedgerDB, bulk_keys
from ..demo import person_name
from .classes import WEAK
from .slots import FORMS

TABLES = ("village_years", "assistance_people", "assistance_slots", "assistance_logs")
LEADER_POSTS = ("副区长", "区委常委", "区人大常委会副主任", "区政协副主席")
TOWN_POSTS = ("党委副书记", "党委委员、副镇长", "人大主席", "纪委书记", "组织委员")
DEPARTMENTS = ("区农业农村局", "区财政局", "区住房城乡建设局", "区教育体育局", "区卫生健康局", "区自然资源局",
               "区交通运输局", "区水务局", "区商务局", "区民政局", "区人力资源社会保障局", "区文化和旅游局")
LEARNED = ("村集体经济收入偏低", "村内道路破损", "饮水管网老化", "村党组织软弱涣散", "困难群众就医难", "农产品销路不畅")
DONE = ("协调资金修缮村路", "对接企业收购农产品", "召开村“两委”会议研究集体经济项目", "走访慰问困难党员",
        "指导规范“三会一课”", "协调区水务局改造管网")
RESULTS = ("已完成", "推进中", "已落实资金", "群众满意")


def _phone(rng: random.Random) -> str:
    return "13" + "".join(rng.choice("0123456789") for _ in range(9))


def fill_demo(db: LedgerDB, rng: random.Random, today: dt.date) -> dict[str, int]:
    villages = [r[0] for r in db.execute("SELECT id FROM villages WHERE status = '在用' ORDER BY id").fetchall()]
    if not villages:
        return {}
    year = today.year
    n_weak = max(2, round(len(villages) * 0.3))
    weak = sorted(rng.sample(villages, min(n_weak, len(villages))))
    weak_set = set(weak)
    classes, people, slots, logs = [], [], [], []
    for vid in villages:
        last = rng.choice(("示范", "创优", WEAK))
        classes.append((vid, year - 1, last, rng.randint(1, 5), f"{year - 1}-01-20"))
        now = WEAK if vid in weak_set else rng.choice(("示范", "创优", "创优"))
        stars = rng.randint(1, 2) if now == WEAK else rng.randint(3, 5)
        classes.append((vid, year, now, stars, f"{year}-01-18"))
    pool: dict[str, list[int]] = {}
    first_person = db.execute("SELECT coalesce(max(id), 0) FROM assistance_people").fetchone()[0] + 1
    first_slot = db.execute("SELECT coalesce(max(id), 0) FROM assistance_slots").fetchone()[0] + 1

    def person(kind: str, name: str, post: str = "", unit: str = "", contact: str = "") -> int:
        """Leaders and departments serve several villages: the same person is reused (one row)."""
        pid = first_person + len(people)
        people.append((pid, name, post, _phone(rng), unit, contact))
        pool.setdefault(kind, []).append(pid)
        return pid

    for _ in range(max(1, len(weak) // 3)):
        person("leader", person_name(rng, "男"), rng.choice(LEADER_POSTS))
    for _ in range(max(1, len(weak) // 4)):
        person("town_leader", person_name(rng, rng.choice("男女")), rng.choice(TOWN_POSTS))
    for d in DEPARTMENTS:
        person("department", d, contact=person_name(rng, rng.choice("男女")))
    ending = weak[len(weak) // 2]            # the one posting ending soon
    replaced = weak[0]                       # the town leader replaced mid-year
    missing = {(weak[1], "first_secretary"), (weak[-1], "leader")} | {
        (v, rng.choice(("leader", "department", "first_secretary"))) for v in rng.sample(weak, len(weak) // 15)}
    missing.discard((ending, "first_secretary"))
    silent = set(rng.sample(weak, max(1, len(weak) // 10)))
    start = f"{year}-01-01"
    for vid in weak:
        for kind in ("leader", "town_leader", "department", "first_secretary"):
            if (vid, kind) in missing:
                continue
            p_start = p_end = ""
            if kind == "first_secretary":
                pid = person(kind, person_name(rng, rng.choice("男男女")), "第一书记", rng.choice(DEPARTMENTS))
                p_start = f"{year - 1}-{rng.randint(3, 9):02d}-01"
                p_end = (today + dt.timedelta(days=20)).isoformat() if vid == ending else \
                    f"{year + 1}-{rng.randint(3, 9):02d}-28"
            else:
                pid = rng.choice(pool[kind])
            held_from = p_start if kind == "first_secretary" else start
            if vid == replaced and kind == "town_leader":
                until = f"{year}-06-30"
                slots.append((first_slot + len(slots), vid, year, kind, pid, held_from, until, "", "", "已替换"))
                pid = person(kind, person_name(rng, "女"), rng.choice(TOWN_POSTS))
                held_from = f"{year}-07-01"
            sid = first_slot + len(slots)
            slots.append((sid, vid, year, kind, pid, held_from, "", p_start, p_end, "在任"))
            first = max(dt.date.fromisoformat(held_from), dt.date(year, 1, 1))
            quiet = (today - dt.timedelta(days=rng.randint(75, 120))) if vid in silent else today
            day = first + dt.timedelta(days=rng.randint(5, 30))
            while day <= quiet:
                amount = round(rng.uniform(0.5, 20), 1) if rng.random() < 0.2 else None
                logs.append((sid, day.isoformat(), rng.choice(FORMS), rng.choice(LEARNED), rng.choice(DONE),
                             "帮扶项目资金" if amount else "", amount, rng.choice(RESULTS), int(rng.random() < 0.15)))
                day += dt.timedelta(days=rng.randint(20, 50))
    post = {pid: p for pid, _, p, _, _, _ in people}
    with changing(db, "载入示例数据（四个一帮扶）") as log, bulk_keys(db, *TABLES) as keys:
        ks, kv = "uid, town_key, updated_at, updated_by", f"{UID_SQL}, ?, ?, ?"
        db.conn.executemany(f"INSERT INTO village_years ({ks}, village_id, year, class, stars, decided_on)"
                            f" VALUES ({kv}, ?, ?, ?, ?, ?)", [(*keys, *r) for r in classes])
        db.conn.executemany(f"INSERT INTO assistance_people ({ks}, id, name, post, phone, unit, contact)"
                            f" VALUES ({kv}, ?, ?, ?, ?, ?, ?)", [(*keys, *r) for r in people])
        db.conn.executemany(f"INSERT INTO assistance_slots ({ks}, id, village_id, year, kind, person_id, post,"
                            " held_from, held_until, posting_start, posting_end, status)"
                            f" VALUES ({kv}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            [(*keys, *r[:5], post[r[4]], *r[5:]) for r in slots])
        db.conn.executemany(f"INSERT INTO assistance_logs ({ks}, slot_id, day, form, learned, done, funds, amount,"
                            f" result, needs_town) VALUES ({kv}, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            [(*keys, *r) for r in logs])
        for table, n, what in (("village_years", len(classes), "条村年度分类"), ("assistance_people", len(people),
                               "名帮扶人"), ("assistance_slots", len(slots), "项四个一帮扶安排"),
                               ("assistance_logs", len(logs), "条帮扶记录")):
            log.record(table, None, f"示例数据：{n} {what}")
    return {"个强基村": len(weak), "项四个一帮扶安排": len(slots), "条帮扶记录": len(logs)}
