"""Sample records for the `demo` verb: decision items in the villages with their steps — most in good order,
some in progress, one whose 党员大会 missed its quorum and one published before its decision — so that every part
of the 议事 page shows something. Written in one `changing()` with one audit row per table. `per_village`
items per village (the district-scale bench asks for more)."""
from __future__ import annotations

import datetime as dt
import json
import random

from ..audit import changing
from ..db import LedgerDB
from .rules import DEFAULT_STEPS, KINDS

_TITLES = ("村内道路硬化", "村集体果园承包", "年度财务预算", "村庄规划调整", "集体厂房出租", "小型水利工程招标",
           "村务公开栏改造", "路灯安装", "集体林地发包", "村级债务化解", "文化广场建设", "污水管网改造")


def _steps_for(rng: random.Random, start: dt.date, today: dt.date, how: str, members: int) -> list[tuple[object, ...]]:
    """(step_no, day, due, present, for, against, abstain, result, merged) for one item."""
    out: list[tuple[object, ...]] = []
    day = start
    reps = rng.randint(25, 45)
    last = len(DEFAULT_STEPS) if how != "running" else rng.randint(1, 5)
    for no, (_name, rule) in enumerate(DEFAULT_STEPS[:last]):
        day = min(day + dt.timedelta(days=rng.randint(2, 9)), today)
        due = present = yes = no_ = abstain = None
        result = ""
        if rule == "meeting":
            due = rng.randint(5, 7)
            present, yes, no_, abstain, result = due, due, 0, 0, "同意"
        elif rule == "party":
            due = members
            present = members if how != "no_quorum" else members * 2 // 3 - 2
            yes, no_ = present - 2, 1
            abstain, result = 1, "通过"
        elif rule == "villagers":
            due = reps
            present = reps - rng.randint(0, 3)
            yes, no_, abstain, result = present - 1, 1, 0, "通过"
        elif rule == "review":
            result = "同意"
        elif rule == "publish":
            result = "已在村务公开栏公开"
        out.append((no, day.isoformat(), due, present, yes, no_, abstain, result, 0))
    if how == "early_publish":  # the 决议公开 dated before the 村民代表会议 decided
        decision = next(n for n, (_s, r) in enumerate(DEFAULT_STEPS) if r == "villagers")
        row = list(out[decision + 2])
        row[1] = (dt.date.fromisoformat(str(out[decision][1])) - dt.timedelta(days=3)).isoformat()
        out[decision + 2] = tuple(row)
    return out


def fill_demo(db: LedgerDB, rng: random.Random, today: dt.date, per_village: int = 3) -> dict[str, int]:
    villages = [(r[0], r[1]) for r in db.execute(
        "SELECT v.id, count(m.id) FROM villages v LEFT JOIN members m ON m.village_id = v.id AND m.status = '在册'"
        " WHERE v.status = '在用' GROUP BY v.id ORDER BY v.sort_key, v.id")]
    if not villages:
        return {}
    with changing(db, "载入示例数据（村级事务决策）") as log:
        cur = db.execute("INSERT INTO dc_procedures (version, steps, made_on) VALUES (1, ?, ?)",
                         [json.dumps([list(s) for s in DEFAULT_STEPS], ensure_ascii=False),
                          (today - dt.timedelta(days=400)).isoformat()])
        pid = int(cur.lastrowid or 0)
        log.record("dc_procedures", pid, "默认议事程序（五议一审两公开）第 1 版", None, None)
        item_rows, step_rows = [], []
        n = 0
        for vi, (vid, members) in enumerate(villages):
            for k in range(per_village):
                how = "done" if rng.random() < 0.55 else "running"
                if n == 1:
                    how = "no_quorum"
                elif n == 2:
                    how = "early_publish"
                title = _TITLES[(vi + k) % len(_TITLES)] + ("" if k < len(_TITLES) else f"（{k // len(_TITLES) + 1}）")
                kind = KINDS[(n + k) % (len(KINDS) - 1)]
                amount = round(rng.uniform(2, 300), 1) if kind != "村庄规划" else None
                item_rows.append((vid, title, kind, amount, pid))
                start = today - dt.timedelta(days=rng.randint(60 if how != "running" else 10, 330))
                step_rows.append(_steps_for(rng, start, today, how, max(members, 12)))
                n += 1
        first = db.execute("SELECT coalesce(max(id), 0) FROM dc_items").fetchone()[0] + 1
        db.conn.executemany("INSERT INTO dc_items (village_id, title, kind, amount, procedure_id)"
                            " VALUES (?, ?, ?, ?, ?)", item_rows)
        log.record("dc_items", None, f"示例议事事项 {len(item_rows)} 项", None, None)
        ids = [r[0] for r in db.execute("SELECT id FROM dc_items WHERE id >= ? ORDER BY id", [first])]
        flat = [(item_id, *s) for item_id, steps in zip(ids, step_rows) for s in steps]
        db.conn.executemany("INSERT INTO dc_steps (item_id, step_no, day, due, present, votes_for, votes_against,"
                            " votes_abstain, result, merged) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", flat)
        log.record("dc_steps", None, f"示例议事步骤记录 {len(flat)} 条", None, None)
    return {"项议事事项": len(item_rows)}
