"""A realistic sample town for first runs, screenshots and benchmarks (`main.py demo`).

Deterministic for a given seed. Bulk rows go in with one executemany per table inside one transaction, so
100,000 members take seconds.
"""
from __future__ import annotations

import datetime as dt
import itertools
import random
from typing import Any

from . import clock, idcard, pinyin
from .audit import changing
from .dates import add_years
from .db import UID_SQL, LedgerDB, bulk_keys
from .entities import Member
from .errors import Refused
from .members import STORED, search_text
from .org import get_town, save_town

# Surnames with their approximate share per 10,000 people (national figures, with the Shandong surnames 单 解 翟
# 曾 that the pinyin rules must read as surnames), and a few compound surnames.
SURNAME_WEIGHTS = (
    ("王", 710), ("李", 700), ("张", 670), ("刘", 540), ("陈", 460), ("杨", 310), ("赵", 230), ("黄", 230),
    ("周", 190), ("吴", 190), ("徐", 150), ("孙", 150), ("胡", 130), ("朱", 130), ("高", 120), ("林", 120),
    ("何", 110), ("郭", 110), ("马", 110), ("罗", 90), ("梁", 80), ("宋", 80), ("郑", 80), ("谢", 70),
    ("韩", 70), ("唐", 60), ("冯", 60), ("于", 60), ("董", 60), ("萧", 50), ("程", 50), ("曹", 50), ("袁", 50),
    ("邓", 50), ("许", 50), ("傅", 50), ("沈", 40), ("曾", 40), ("彭", 40), ("吕", 40), ("苏", 40), ("卢", 40),
    ("蒋", 40), ("蔡", 40), ("贾", 30), ("丁", 30), ("魏", 30), ("薛", 30), ("叶", 30), ("阎", 30), ("余", 30),
    ("潘", 30), ("杜", 30), ("戴", 30), ("夏", 30), ("钟", 30), ("汪", 30), ("田", 30), ("任", 30), ("姜", 30),
    ("范", 30), ("方", 30), ("石", 30), ("姚", 30), ("谭", 20), ("廖", 20), ("邹", 20), ("熊", 20), ("金", 20),
    ("陆", 20), ("郝", 20), ("孔", 20), ("白", 20), ("崔", 20), ("康", 20), ("毛", 20), ("邱", 20), ("秦", 20),
    ("江", 20), ("史", 20), ("顾", 20), ("侯", 20), ("邵", 20), ("孟", 20), ("龙", 20), ("万", 20), ("段", 20),
    ("单", 15), ("解", 12), ("翟", 12), ("臧", 8), ("栾", 8), ("隋", 8), ("逄", 5), ("仇", 5), ("乐", 4),
    ("盖", 4), ("查", 3), ("缪", 3), ("覃", 3), ("区", 2), ("朴", 2), ("欧阳", 3), ("司马", 1), ("诸葛", 1),
    ("上官", 1), ("尉迟", 1),
)
SURNAMES = tuple(s for s, _ in SURNAME_WEIGHTS)
# Characters of given names, by the gender a name usually goes with; a given name is one or two of them.
MALE_CHARS = tuple(dict.fromkeys(
    "伟强磊军洋勇杰涛明超刚建国华志德胜世立新永学卫东晓兴旺俊宝山长青成林福海庆丰鸣浩"
    "然远鹏飞斌波辉峰文武忠良春生光正振铁江河军兵锋亮健龙虎泽宇轩博凯瑞鑫森毅彬栋钢铭"
    "启荣顺喜贵发金玉树茂义祥云峻哲睿诚炳昌景耀晨阳安平和信仁德全增广进道传继承家克建"
    "保占殿本有富"))
FEMALE_CHARS = tuple(dict.fromkeys(
    "芳娜秀英敏静丽艳娟霞平兰桂玉梅燕红淑珍凤金花菊琴云莲萍婷雪慧颖洁琳倩晶妍欣怡涵萱"
    "悦佳琪璐瑶露月彩翠春美惠荣香素娥爱丹青蓉薇荷晓海文秋冬华立新芬莉媛嘉雅思梦诗巧宁"
    "蕾岚姗娅婉馨玲珊瑾蓓宛清卿艺曼彤若黛桃杏枝"))


def person_name(rng: random.Random, gender: str) -> str:
    """A name as rosters have them: a surname by its frequency, a given name of one or two characters fitting
    the gender (王建军 男, 李秀英 女), so most names are distinct."""
    surname = rng.choices(SURNAMES, cum_weights=_SURNAME_CUM)[0]
    chars = FEMALE_CHARS if gender == "女" else MALE_CHARS
    if rng.random() < 0.18:
        return surname + rng.choice(chars)
    first, second = rng.choice(chars), rng.choice(chars)
    while second == first and rng.random() < 0.9:  # 丽丽, 婷婷 happen, but rarely
        second = rng.choice(chars)
    return surname + first + second


PLACE_HEADS = ("院上 姜家 李家 王家 张家 前 后 东 西 南 北 大 小 河头 山前 岭后 沟北 官庄 龙泉 青山 石桥 柳林 杨家 "
               "孙家 刘家 赵家 马家 高家 周家 吴家 徐家 朱家 胡家 郭家 何家 宋家 韩家 唐家 冯家 董家 程家 曹家 "
               "邓家 彭家 吕家 苏家 卢家 蒋家 蔡家 丁家 魏家 薛家 潘家 夏家 田家 任家 范家 姚家 崔家 康家").split()
PLACE_TAILS = "庄 疃 屯 埠 寨 沟 岭 洼 泊 店 湾 营 集 坡 台 岗 堡 园 桥 河".split()
ADDRESS_CODES = ("370285", "370285", "370285", "370285", "370283", "370281", "370214", "370611", "371321")
EDUCATIONS = (("初中", 30), ("小学", 14), ("普通高中", 18), ("中等专科", 10), ("大学专科", 14),
              ("大学本科", 12), ("研究生", 2))
JOBS = (("农民", 45), ("外出务工经商人员", 12), ("离退休职工", 14), ("村（社区）干部", 6), ("个体工商户", 8),
        ("非公有制企业职工", 8), ("事业单位工作人员", 4), ("学生", 1), ("无固定职业人员", 2))
GRID_NUMERALS = "一二三四五六七八九十"
_SURNAME_CUM = tuple(itertools.accumulate(w for _, w in SURNAME_WEIGHTS))


def _weighted(rng: random.Random, table: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([t for t, _ in table], weights=[w for _, w in table])[0]


def village_names(count: int, rng: random.Random) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        name = rng.choice(PLACE_HEADS) + rng.choice(PLACE_TAILS)
        name += "社区" if rng.random() < 0.08 else "村"
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


class DemoRefused(Refused, ValueError):
    """Sample data only go into an empty database (they cannot be told apart from real records afterwards)."""


def fill_demo(db: LedgerDB, members: int = 600, *, seed: int = 7, today: dt.date | None = None) -> dict[str, int]:
    """Fill an empty database with a sample town; returns counts of what was made."""
    if db.execute("SELECT count(*) FROM members").fetchone()[0]:
        raise DemoRefused("数据库中已有党员数据，示例数据只能载入空数据库（可用 --db 新文件名 另建一个示例数据库）")
    if db.execute("SELECT count(*) FROM villages").fetchone()[0]:
        raise DemoRefused("数据库中已有村（社区），示例数据只能载入空数据库，以免示例的村和党员混进本镇的正式数据"
                          "（可用 --db 新文件名 另建一个示例数据库）")
    rng = random.Random(seed)
    today = today or clock.today()
    if get_town(db) is None:
        save_town(db, "院上镇", "370285", "370285104")
    town = get_town(db)
    assert town is not None
    n_villages = max(3, min(900, members // 250 if members > 3000 else members // 60))
    with changing(db, "载入示例数据") as log:
        v_rows = []
        for name in village_names(n_villages, rng):
            org_type = "党委" if members > 3000 and rng.random() < 0.05 else rng.choice(("党支部", "党支部", "党总支"))
            v_rows.append((name, org_type, f"{town.name}{name}{org_type}", pinyin.sort_key(name)))
        # bulk rows set the keys that travel themselves, the triggers lifted meanwhile (models.db.bulk_keys)
        with bulk_keys(db, "villages", "grids", "members", "member_events") as keys:
            ks, kv = "uid, town_key, updated_at, updated_by", f"{UID_SQL}, ?, ?, ?"
            db.conn.executemany(f"INSERT INTO villages ({ks}, name, org_type, org_name, sort_key)"
                                f" VALUES ({kv}, ?, ?, ?, ?)", [keys + r for r in v_rows])
            villages = db.execute("SELECT id, name FROM villages WHERE status = '在用' ORDER BY id").fetchall()
            g_rows = []
            for vid, _ in villages:
                for i in range(rng.randint(3, 6)):
                    gname = f"第{GRID_NUMERALS[i]}网格"
                    leader = person_name(rng, "男" if rng.random() < 0.7 else "女")
                    workers = "、".join(person_name(rng, rng.choice("男女")) for _ in range(2))
                    households = rng.randint(80, 260)
                    org_type = rng.choice(("网格党支部", "网格党小组"))
                    g_rows.append((vid, gname, leader, workers, households, households * 3, org_type,
                                   f"{gname}{org_type[2:]}", pinyin.sort_key(gname)))
            db.conn.executemany(f"INSERT INTO grids ({ks}, village_id, name, leader, workers, households, population,"
                                f" org_type, org_name, sort_key) VALUES ({kv}, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                [keys + r for r in g_rows])
            grids_by_village: dict[int, list[int]] = {}
            for gid, vid in db.execute("SELECT id, village_id FROM grids"):
                grids_by_village.setdefault(vid, []).append(gid)
            village_name = dict(villages)
            rows = _member_rows(rng, members, villages, grids_by_village, village_name, today)
            db.conn.executemany(f"INSERT INTO members ({ks}, {', '.join(STORED)}, search_text, sort_key, created_at)"
                                f" VALUES ({kv}, {', '.join('?' * (len(STORED) + 2))}, gl_now())",
                                [keys + r for r in rows])
            db.execute("INSERT INTO member_events (member_id, kind, detail, uid, town_key, updated_at, updated_by)"
                       f" SELECT id, '登记', '示例数据', {UID_SQL}, ?, ?, ? FROM members", keys)
        # one summary row per table it wrote (the town, when new, was saved and audited by save_town)
        log.record("villages", None, f"示例数据：{len(villages)} 个村，{len(g_rows)} 个网格，{members} 名党员")
        log.record("grids", None, f"示例数据：{len(g_rows)} 个网格")
        log.record("members", None, f"示例数据：{members} 名党员")
        log.record("member_events", None, f"示例数据：{members} 条“登记”记录")
    counts = {"villages": len(villages), "grids": len(g_rows), "members": members}
    counts.update(_fill_areas(db, rng, today))
    return counts


def _fill_areas(db: LedgerDB, rng: random.Random, today: dt.date) -> dict[str, int]:
    """Each area with a `fill_demo(db, rng, today) -> dict[str, int]` in its public API adds its sample records
    on top of the town just made; its counts join the result, keyed by what a clerk reads after the number
    ("户联系户", "条整改问题"), and the demo verb prints them. An area without one adds nothing."""
    import importlib

    from .areas import AREAS
    counts: dict[str, int] = {}
    for name in AREAS:
        fill = getattr(importlib.import_module(f"models.{name}"), "fill_demo", None)
        if fill is not None:
            counts.update(fill(db, rng, today))
    return counts


def _member_rows(rng: random.Random, count: int, villages: list[tuple[int, str]],
                 grids_by_village: dict[int, list[int]], village_name: dict[int, str],
                 today: dt.date) -> list[tuple[Any, ...]]:
    rows = []
    used: set[str] = set()
    for i in range(count):
        vid = villages[i * len(villages) // count][0]
        gender = "男" if rng.random() < 0.72 else "女"
        age = min(95, max(19, int(rng.gauss(56, 15))))
        birth = today - dt.timedelta(days=age * 365 + rng.randint(0, 364))
        while True:
            seq = rng.randint(0, 499) * 2 + (1 if gender == "男" else 0)
            number = idcard.make(rng.choice(ADDRESS_CODES), birth, seq)
            if number not in used:
                used.add(number)
                break
        name = person_name(rng, gender)
        earliest_join = add_years(birth, 18) + dt.timedelta(days=1)
        latest_full_join = today - dt.timedelta(days=400)  # a full member finished a year's probation
        probationary = rng.random() < 0.04 or earliest_join > latest_full_join
        if probationary:
            join = max(earliest_join, today - dt.timedelta(days=rng.randint(20, 360)))
        else:
            join = earliest_join + dt.timedelta(days=rng.randint(0, (latest_full_join - earliest_join).days))
        full = "" if probationary else add_years(join, 1).isoformat()
        join_text = join.isoformat() if rng.random() > 0.1 else join.isoformat()[:7]
        grids = grids_by_village[vid]
        grid = rng.choice(grids) if rng.random() > 0.03 else None
        central = rng.random() < 0.09 and age < 80
        mobile = rng.random() < 0.06
        status, status_date, status_detail = "在册", "", ""
        roll = rng.random()
        left_on = (today - dt.timedelta(days=rng.randint(1, 700))).isoformat()
        if roll < 0.025:
            status, status_date, status_detail = "转出", left_on, "莱西市水集街道党工委"
        elif roll < 0.035:
            status, status_date, status_detail = "去世", left_on, ""
        m = Member(
            name=name, id_number=number, village_id=vid, gender=gender,
            ethnicity="汉族" if rng.random() > 0.01 else "回族",
            birth_date=birth.isoformat(), education=_weighted(rng, EDUCATIONS),
            category="预备党员" if probationary else "正式党员", branch=f"{village_name[vid]}党支部",
            join_date=join_text, full_date=full,
            job=_weighted(rng, JOBS) if age < 60 else "离退休职工" if rng.random() < 0.3 else "农民",
            phone=f"1{rng.choice('35789')}{rng.randint(0, 999999999):09d}",
            address=f"{village_name[vid]}{rng.randint(1, 300)}号", party_status="正常",
            lost_contact=False, lost_date="", mobile=mobile, outflow="江苏省苏州市昆山市" if mobile else "",
            grid_id=grid, is_central=central, linked_households=rng.randint(6, 14) if central else 0,
            remarks="", status=status, status_date=status_date, status_detail=status_detail)
        rows.append(tuple(getattr(m, c) for c in STORED) + (search_text(m), pinyin.name_sort_key(name)))
    return rows
