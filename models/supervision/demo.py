"""Sample supervision records for the demo town (`fill_demo`, called by models.demo after the villages and members
are made): a 书记 for every village (some 一肩挑, some with a predecessor in the history), the other 两委 posts,
inspections of the four sources raising problems in every status (some overdue, exactly one due tomorrow), the
cadre-business register and two projects of which one is flagged. `fill_district` adds district-scale volumes
(thousands of problems, projects, businesses) on top, for bench/supervision.py. Bulk rows go in with executemany
inside one audited transaction (one summary audit row per table)."""
from __future__ import annotations

import datetime as dt
import random
from typing import Any

from ..audit import changing
from ..db import UID_SQL, LedgerDB, bulk_keys
from ..demo import person_name
from .migrations import TABLES

PROBLEMS = {
    "组织监督": ("“三会一课”记录不完整", "党员发展档案材料缺失", "组织生活会谈心谈话记录缺失", "党费收缴台账不清"),
    "程序监督": ("村级工程未经“四议两公开”程序", "村务公开栏更新不及时", "集体资产发包未公开招标",
                 "低保评议未经村民代表会议"),
    "制度监督": ("财务报销凭证不全", "现金日记账未按月结账", "村干部值班制度落实不到位", "公章使用登记不全"),
    "群众监督": ("群众反映道路维修款使用不透明", "群众反映低保评定不公", "群众反映宅基地审批慢",
                 "群众反映垃圾清运不及时"),
}
CHECKED = {"组织监督": "村党组织组织生活开展情况", "程序监督": "村级重大事项决策程序执行情况",
           "制度监督": "村级财务和值班制度执行情况", "群众监督": "群众来信来访反映问题核查"}
NOTES = ("已召开村“两委”会议研究整改", "已补齐相关材料并归档", "已在村务公开栏公示整改情况", "镇纪委已约谈相关人员",
         "已制定整改方案并明确责任人")
PROJECT_NAMES = ("村道硬化工程", "文化广场建设", "路灯安装工程", "排水沟渠整修", "村委会办公楼维修", "饮水管网改造",
                 "田间生产路修缮", "党群服务中心提升")
FIRMS = ("鑫达", "宏远", "恒泰", "金鼎", "瑞丰", "永盛", "华兴", "东升", "福源", "润泽", "正阳", "昌盛")
TRADES = ("建筑", "建设工程", "土石方工程", "市政工程", "电气安装", "水利工程")
RELATIVES = ("儿子", "女儿", "配偶", "兄弟", "女婿", "侄子")
TERM_START = "2021-01-15"  # the last 村“两委”换届


def _day(d: dt.date) -> str:
    return d.isoformat()


def fill_demo(db: LedgerDB, rng: random.Random, today: dt.date) -> dict[str, int]:
    villages = db.execute("SELECT id, name FROM villages WHERE status = '在用' ORDER BY id").fetchall()
    if not villages:
        return {}
    return _fill(db, rng, today, villages, problems=max(12, len(villages) * 3), projects=0, businesses=0,
                 with_cadres=True)


def fill_district(db: LedgerDB, rng: random.Random, today: dt.date, *, problems: int = 5000,
                  projects: int = 2000, businesses: int = 3000) -> dict[str, int]:
    """Top the town's supervision records up to district scale: so many problems, projects and businesses in all
    (what is there counts), a few projects flagged."""
    villages = db.execute("SELECT id, name FROM villages WHERE status = '在用' ORDER BY id").fetchall()
    have = {t: int(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
            for t in ("sv_problems", "sv_projects", "sv_businesses", "sv_cadres")}
    return _fill(db, rng, today, villages, problems=max(0, problems - have["sv_problems"]),
                 projects=max(0, projects - have["sv_projects"]),
                 businesses=max(0, businesses - have["sv_businesses"]), with_cadres=not have["sv_cadres"])


def _cadre_rows(db: LedgerDB, rng: random.Random, villages: list[Any]) -> list[tuple[Any, ...]]:
    members: dict[int, list[tuple[int, str, str]]] = {}
    for mid, vid, name, number in db.execute(
            "SELECT id, village_id, name, id_number FROM members WHERE status = '在册' ORDER BY id"):
        members.setdefault(int(vid), []).append((int(mid), str(name), str(number)))
    rows = []
    for vid, _ in villages:
        pool = list(members.get(vid, []))
        rng.shuffle(pool)

        def member(pool: list[tuple[int, str, str]] = pool) -> tuple[int | None, str, str]:
            if pool:
                return pool.pop()
            return None, person_name(rng, "男"), ""
        one_shoulder = rng.random() < 0.55
        mid, name, number = member()
        rows.append((vid, mid, name, number, "书记", TERM_START, "", "选举", int(one_shoulder)))
        if rng.random() < 0.15:  # a predecessor in the history
            pm, pn, pnum = member()
            rows.append((vid, pm, pn, pnum, "书记", "2018-01-15", "2021-01-14", "选举", 0))
        if not one_shoulder:
            typed = person_name(rng, "男" if rng.random() < 0.8 else "女")
            rows.append((vid, None, typed, "", "主任", TERM_START, "", "选举", 0))
        posts = ["委员"] * rng.randint(2, 3) + ["监委会主任"] + (["副书记"] if rng.random() < 0.3 else [])
        for post in posts:
            if post == "委员" and rng.random() < 0.3:
                rows.append((vid, None, person_name(rng, rng.choice("男女")), "", post, TERM_START, "", "选举", 0))
            else:
                m, n, num = member()
                rows.append((vid, m, n, num, post, TERM_START, "", "选举", 0))
    return rows


def _fill(db: LedgerDB, rng: random.Random, today: dt.date, villages: list[Any], *, problems: int, projects: int,
          businesses: int, with_cadres: bool) -> dict[str, int]:
    counts: dict[str, int] = {}
    tomorrow = today + dt.timedelta(days=1)
    with changing(db, "载入示例数据（监督）") as log, bulk_keys(db, *TABLES) as keys:
        ks, kv = "uid, town_key, updated_at, updated_by", f"{UID_SQL}, ?, ?, ?"
        if with_cadres:
            rows = _cadre_rows(db, rng, villages)
            db.conn.executemany(f"INSERT INTO sv_cadres ({ks}, village_id, member_id, name, id_number, post,"
                                f" start_date, end_date, appointed_by, one_shoulder) VALUES ({kv}, ?, ?, ?, ?, ?,"
                                " ?, ?, ?, ?)", [keys + r for r in rows])
            log.record("sv_cadres", None, f"示例数据：{len(rows)} 名村干部")
            counts["名村“两委”成员"] = len(rows)
        secretary = {vid: name for vid, name in db.execute(
            "SELECT village_id, name FROM sv_cadres WHERE post = '书记' AND end_date = ''")}
        name_of = dict(villages)
        next_inspection = int(db.execute("SELECT coalesce(max(id), 0) FROM sv_inspections").fetchone()[0]) + 1
        next_problem = int(db.execute("SELECT coalesce(max(id), 0) FROM sv_problems").fetchone()[0]) + 1
        inspections, rows, notes, events = [], [], [], []
        made = 0
        while made < problems:
            vid = villages[rng.randrange(len(villages))][0] if made else villages[0][0]
            source = rng.choice(tuple(PROBLEMS))
            day = today - dt.timedelta(days=rng.randint(12, 180))
            raised = rng.sample(PROBLEMS[source], k=min(problems - made, rng.randint(1, 3)))
            iid = next_inspection + len(inspections)
            inspections.append((iid, vid, _day(day), source, CHECKED[source], "；".join(raised)))
            for text in raised:
                pid = next_problem + len(rows)
                deadline = day + dt.timedelta(days=rng.choice((30, 60, 90, 90, 120, 150, 180, 240)))
                if deadline == tomorrow:
                    deadline += dt.timedelta(days=2)
                if made == 0:  # the one due tomorrow
                    deadline, status = tomorrow, "整改中"
                elif made in (1, 2):  # overdue for certain
                    deadline, status = min(deadline, today - dt.timedelta(days=3 * made)), "待整改"
                else:
                    status = rng.choices(("待整改", "整改中", "已销号"), (25, 40, 35))[0]
                completed = ""
                if status != "待整改":
                    note_day = day + dt.timedelta(days=rng.randint(1, max(1, (today - day).days - 1)))
                    notes.append((pid, _day(note_day), rng.choice(NOTES)))
                    if status == "已销号":
                        completed = _day(min(today, note_day + dt.timedelta(days=rng.randint(0, 10))))
                        events.append((pid, f"{completed} 17:00:00", "销号", completed))
                rows.append((pid, vid, iid, text, source, _day(day), f"{name_of[vid]}党支部", secretary.get(vid, ""),
                             "制定整改方案，限期整改到位", _day(deadline), completed, status))
                made += 1
        db.conn.executemany(f"INSERT INTO sv_inspections ({ks}, id, village_id, day, source, checked, findings)"
                            f" VALUES ({kv}, ?, ?, ?, ?, ?, ?)", [keys + r for r in inspections])
        db.conn.executemany(f"INSERT INTO sv_problems ({ks}, id, village_id, inspection_id, description, source,"
                            f" found_on, unit, person, measures, deadline, completed_on, status)"
                            f" VALUES ({kv}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [keys + r for r in rows])
        db.conn.executemany(f"INSERT INTO sv_progress ({ks}, problem_id, day, note) VALUES ({kv}, ?, ?, ?)",
                            [keys + r for r in notes])
        db.conn.executemany(f"INSERT INTO sv_problem_events ({ks}, problem_id, at, kind, detail)"
                            f" VALUES ({kv}, ?, ?, ?, ?)", [keys + r for r in events])
        for table, n, what in (("sv_inspections", len(inspections), "条监督检查记录"),
                               ("sv_problems", len(rows), "条整改问题"), ("sv_progress", len(notes), "条整改进展"),
                               ("sv_problem_events", len(events), "条销号记录")):
            if n:
                log.record(table, None, f"示例数据：{n} {what}")
                counts[what] = counts.get(what, 0) + n
        b_rows, p_rows = _registers(rng, villages, secretary, name_of, today, projects, businesses)
        db.conn.executemany(f"INSERT INTO sv_businesses ({ks}, village_id, name, owner, relationship, cadre_name)"
                            f" VALUES ({kv}, ?, ?, ?, ?, ?)", [keys + r for r in b_rows])
        db.conn.executemany(f"INSERT INTO sv_projects ({ks}, village_id, name, amount, implementer, contractor,"
                            f" start_date, end_date, decided, declaration) VALUES ({kv}, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            [keys + r for r in p_rows])
        for table, n, what in (("sv_businesses", len(b_rows), "个村干部亲属经营主体"),
                               ("sv_projects", len(p_rows), "项村级工程")):
            if n:
                log.record(table, None, f"示例数据：{n} {what}")
                counts[what] = n
    return counts


def _firm(rng: random.Random, city: str = "莱西市") -> str:
    return f"{city}{rng.choice(FIRMS)}{rng.choice(TRADES)}有限公司"


def _registers(rng: random.Random, villages: list[Any], secretary: dict[int, str], name_of: dict[int, str],
               today: dt.date, projects: int, businesses: int) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The cadre-business register and the projects: the small demo gets three businesses and two projects (the
    first flagged: its contractor is a registered business written 有限责任公司 instead of 有限公司)."""
    small = projects == 0 and businesses == 0
    n_b, n_p = (3, 2) if small else (businesses, projects)
    b_rows = []
    for i in range(n_b):
        vid = villages[i % len(villages)][0]
        cadre = secretary.get(vid) or person_name(rng, "男")
        relationship = rng.choice(RELATIVES)
        owner = cadre[0] + person_name(rng, "女" if relationship in ("女儿", "配偶") else "男")[1:]
        if relationship == "配偶":
            owner = person_name(rng, "女")
        if small:
            name = f"莱西市{FIRMS[i % len(FIRMS)]}{TRADES[i % len(TRADES)]}有限公司"
        else:
            k = i // len(villages)
            name = f"莱西市{name_of[vid]}{FIRMS[k % len(FIRMS)]}{TRADES[k // len(FIRMS) % len(TRADES)]}有限公司"
        b_rows.append((vid, name, owner, relationship, cadre))
    p_rows = []
    for i in range(n_p):
        flagged = (i == 0) if small else (i % 40 == 0 and b_rows)
        if flagged:
            vid, bname = b_rows[(i // 40) % len(b_rows)][0], b_rows[(i // 40) % len(b_rows)][1]
            contractor = bname.replace("有限公司", "有限责任公司")
        else:
            vid = villages[(i + 1) % len(villages)][0]
            contractor = _firm(rng, "青岛")
        start = today - dt.timedelta(days=rng.randint(30, 300))
        end = start + dt.timedelta(days=rng.randint(30, 120))
        p_rows.append((vid, PROJECT_NAMES[i % len(PROJECT_NAMES)], round(rng.uniform(5, 180), 1),
                       f"{name_of[vid]}村民委员会", contractor, _day(start), _day(end) if end < today else "",
                       int(rng.random() < 0.9), "" if flagged else "承建方与村干部无关联关系"))
    return b_rows, p_rows
