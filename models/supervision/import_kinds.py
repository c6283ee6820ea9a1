"""The four spreadsheet kinds of the supervision area — their columns as the issue names them (also the export's
header), the synonyms villages write, and how one row becomes a record: found again when it is already there
(a cadre: village, person, post and start; a problem: village, description and found-on date; a project: village
and name; a business: village and normalized name), so that a re-import updates and never duplicates."""
from __future__ import annotations

import re

from .. import clock
from ..db import LedgerDB
from ..idcard import IdNumberError
from ..idcard import parse as parse_id
from .cadres import Cadre, check_cadre, save_cadre
from .imports import CellError, ImportColumn, TableKind
from .ledger import Problem, check_problem, save_problem
from .projects import Business, Project, save_business, save_project
from .rules import STATUSES, SupervisionError, normalize_name, parse_day

VILLAGE = ImportColumn("village", "村（社区）", ("村(社区)", "村", "社区", "所在村", "村居", "村名", "所在村（社区）"),
                       required=True, words=("村（社区）",))
_YES = ("是", "y", "yes", "true", "1", "√", "✓", "有")
_NO = ("否", "n", "no", "false", "0", "×", "无", "")


def _village(db: LedgerDB, name: str) -> int:
    name = (name or "").strip()
    if not name:
        raise CellError("village", "村（社区）不能为空")
    row = db.execute("SELECT id FROM villages WHERE name = ? AND status = '在用'", [name]).fetchone()
    if not row:
        raise CellError("village", f"找不到村（社区）“{name}”：请先在组织架构中建立，或改正村名")
    return int(row[0])


def _yes_no(value: str, key: str, label: str) -> bool:
    text = (value or "").strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellError(key, f"{label}应填“是”或“否”，不能是“{value}”")


def yes_no_text(flag: bool) -> str:
    return "是" if flag else "否"


# ---- 村"两委"成员 ------------------------------------------------------------------------------------------

CADRE_COLUMNS = (
    VILLAGE,
    ImportColumn("name", "姓名", ("村干部姓名",), required=True),
    ImportColumn("id_number", "公民身份号码", ("身份证号", "身份证号码", "公民身份证号", "公民身份证号码", "身份证"),
                 words=("身份证",)),
    ImportColumn("post", "职务", ("担任职务", "现任职务", "岗位"), required=True),
    ImportColumn("start_date", "任职日期", ("任职时间", "任职年月", "任职起始日期")),
    ImportColumn("end_date", "离任日期", ("离任时间", "卸任日期", "任职截止日期")),
    ImportColumn("appointed_by", "产生方式", ("任职方式", "产生办法")),
    ImportColumn("one_shoulder", "是否一肩挑", ("一肩挑",), words=("一肩挑",)),
)


def _apply_cadre(db: LedgerDB, v: dict[str, str]) -> str:
    vid = _village(db, v.get("village", ""))
    name = (v.get("name") or "").strip()
    number = (v.get("id_number") or "").strip()
    member_id = None
    if number:
        try:
            number = parse_id(number).number
        except IdNumberError as exc:
            raise CellError("id_number", f"公民身份号码：{exc}") from None
        row = db.execute("SELECT id, name FROM members WHERE id_number = ?", [number]).fetchone()
        if row:  # a Party member: linked, their data not typed twice
            if name and row[1] != name:
                raise CellError("name", f"公民身份号码属于党员{row[1]}，与姓名“{name}”不符")
            member_id = int(row[0])
    c = check_cadre(db, Cadre(vid, name, v.get("post", ""), v.get("start_date", ""), v.get("end_date", ""),
                              (v.get("appointed_by") or "").strip(),
                              _yes_no(v.get("one_shoulder", ""), "one_shoulder", "是否一肩挑"),
                              member_id, number))
    who, value = ("id_number", c.id_number) if c.id_number else ("name", c.name)
    found = db.execute(
        "SELECT id, member_id, name, id_number, end_date, appointed_by, one_shoulder, start_date FROM sv_cadres"
        f" WHERE status = '有效' AND village_id = ? AND post = ? AND {who} = ?"
        " AND (start_date = ? OR start_date = '') ORDER BY start_date = ? DESC, id LIMIT 1",
        [vid, c.post, value, c.start_date, c.start_date]).fetchone()
    if found is None:
        save_cadre(db, c)
        return "inserted"
    if tuple(found[1:]) == (c.member_id, c.name, c.id_number, c.end_date, c.appointed_by, int(c.one_shoulder),
                            c.start_date):
        return "unchanged"
    c.id = int(found[0])
    save_cadre(db, c)
    return "updated"


CADRES = TableKind("村干部名单", "名", CADRE_COLUMNS, ("village", "name", "post", "start_date"), _apply_cadre)


# ---- 问题整改台账 ------------------------------------------------------------------------------------------

RECTIFICATION_COLUMNS = (
    VILLAGE,
    ImportColumn("description", "问题描述", ("问题", "存在问题", "发现问题", "问题内容", "问题表现"), required=True),
    ImportColumn("source", "问题来源", ("来源", "监督类型", "监督方式"), required=True, words=("来源",)),
    ImportColumn("found_on", "发现日期", ("发现时间", "发现问题日期"), required=True),
    ImportColumn("unit", "责任单位", ("整改责任单位",)),
    ImportColumn("person", "责任人", ("整改责任人",)),
    ImportColumn("measures", "整改措施", ("措施",)),
    ImportColumn("deadline", "整改时限", ("整改期限", "完成时限", "整改截止日期"), required=True),
    ImportColumn("progress", "整改进展", ("进展情况", "整改情况", "整改进度"), words=("进展", "佐证材料")),
    ImportColumn("completed_on", "完成日期", ("完成时间", "整改完成日期", "销号日期")),
    ImportColumn("status", "状态", ("整改状态", "是否销号"), words=("状态",)),
)
_NOTE = re.compile(r"^\s*(\d{4}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*日?)\s*[：:、，,\s]\s*(.+?)\s*$")


def parse_progress(text: str) -> list[tuple[str, str]]:
    """整改进展 as written in a cell: one note a line, each optionally starting with its date; a line without a
    date is dated today (the day it reached the program)."""
    notes = []
    for line in (text or "").replace("；", "\n").splitlines():
        if not line.strip():
            continue
        m = _NOTE.match(line)
        if m:
            try:
                notes.append((parse_day(m[1], "进展日期"), m[2]))
            except SupervisionError as exc:
                raise CellError("progress", str(exc)) from None
        else:
            notes.append(("", line.strip()))
    return notes


def progress_text(notes: list[tuple[str, str]]) -> str:
    return "\n".join(f"{day} {note}" for day, note in notes)


def _apply_problem(db: LedgerDB, v: dict[str, str]) -> str:
    vid = _village(db, v.get("village", ""))
    status = (v.get("status") or "").strip()
    if status and status not in STATUSES:
        raise CellError("status", f"状态“{status}”不在可选范围内（{'、'.join(STATUSES)}）")
    if status == "已销号" and not (v.get("completed_on") or "").strip():
        raise CellError("completed_on", "状态为“已销号”的问题必须填写完成日期")
    notes = parse_progress(v.get("progress", ""))
    p = Problem(vid, v.get("description", ""), v.get("source", ""), v.get("found_on", ""), v.get("deadline", ""),
                v.get("unit", ""), v.get("person", ""), v.get("measures", ""), v.get("completed_on", ""),
                status or ("整改中" if notes else "待整改"))
    p = check_problem(db, p)
    found = db.execute(
        "SELECT id, source, deadline, unit, person, measures, completed_on, status FROM sv_problems"
        " WHERE village_id = ? AND description = ? AND found_on = ? AND mistaken = 0 ORDER BY id LIMIT 1",
        [vid, p.description, p.found_on]).fetchone()
    today = clock.today().isoformat()
    if found is None:
        p.notes = [(day or today, note) for day, note in notes]
        save_problem(db, p, action="导入整改问题")
        return "inserted"
    if not status:
        p.status = str(found[7])
    have = list(db.execute("SELECT day, note FROM sv_progress WHERE problem_id = ?", [found[0]]))
    texts = {n for _, n in have}
    new = [(day or today, note) for day, note in notes
           if ((day, note) not in have if day else note not in texts)]
    if not new and tuple(found[1:]) == (p.source, p.deadline, p.unit, p.person, p.measures, p.completed_on,
                                        p.status):
        return "unchanged"
    p.id, p.notes = int(found[0]), new
    save_problem(db, p, action="导入整改问题")
    return "updated"


RECTIFICATION = TableKind("问题整改台账", "条", RECTIFICATION_COLUMNS, ("village", "description", "found_on"),
                          _apply_problem)


# ---- 村级工程 ----------------------------------------------------------------------------------------------

PROJECT_COLUMNS = (
    ImportColumn("name", "工程名称", ("项目名称", "工程项目名称", "工程项目"), required=True),
    VILLAGE,
    ImportColumn("amount", "金额（万元）", ("金额(万元)", "金额", "工程金额", "投资额（万元）", "投资金额（万元）",
                                         "合同金额（万元）"), words=("金额",)),
    ImportColumn("implementer", "实施主体", ("实施单位", "建设单位", "项目实施主体")),
    ImportColumn("contractor", "承建方", ("承建单位", "施工单位", "承包方", "承建人")),
    ImportColumn("start_date", "开工日期", ("开工时间",)),
    ImportColumn("end_date", "完工日期", ("完工时间", "竣工日期", "竣工时间")),
    ImportColumn("decided", "是否经民主决策程序", ("民主决策程序", "是否经民主决策", "是否经“四议两公开”",
                                             "是否经四议两公开"), words=("民主决策",)),
    ImportColumn("declaration", "关联关系声明", ("关联关系", "利害关系声明")),
)


def _amount(text: str) -> float | None:
    value = (text or "").strip().replace(",", "").replace("，", "")
    value = re.sub(r"\s*万元?$", "", value)
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise CellError("amount", f"金额（万元）应为数字，不能是“{text}”") from None


def _apply_project(db: LedgerDB, v: dict[str, str]) -> str:
    vid = _village(db, v.get("village", ""))
    p = Project(vid, (v.get("name") or "").strip(), _amount(v.get("amount", "")), (v.get("implementer") or "").strip(),
                v.get("contractor", ""), v.get("start_date", ""), v.get("end_date", ""),
                _yes_no(v.get("decided", ""), "decided", "是否经民主决策程序"), (v.get("declaration") or "").strip())
    if not p.name:
        raise CellError("name", "工程名称不能为空")
    found = db.execute("SELECT id, amount, implementer, contractor, start_date, end_date, decided, declaration"
                       " FROM sv_projects WHERE status = '有效' AND village_id = ? AND name = ? ORDER BY id LIMIT 1",
                       [vid, p.name]).fetchone()
    if found is not None:
        p.id = int(found[0])
        start = parse_day(p.start_date, "开工日期", required=False)
        end = parse_day(p.end_date, "完工日期", required=False)
        if tuple(found[1:]) == (p.amount, p.implementer, p.contractor.strip(), start, end, int(p.decided),
                                p.declaration):
            return "unchanged"
    save_project(db, p)
    return "inserted" if found is None else "updated"


PROJECTS = TableKind("村级工程", "项", PROJECT_COLUMNS, ("village", "name"), _apply_project)


# ---- 村干部及亲属经商登记 ------------------------------------------------------------------------------------

BUSINESS_COLUMNS = (
    ImportColumn("name", "经营主体名称", ("经营主体", "企业名称", "公司名称", "名称"), required=True,
                 words=("经营主体名称",)),
    ImportColumn("owner", "经营者", ("法定代表人", "负责人", "经营者姓名")),
    ImportColumn("relationship", "与村干部关系", ("关系", "亲属关系")),
    ImportColumn("cadre_name", "村干部姓名", ("村干部", "相关村干部"), required=True, words=("村干部姓名",)),
    VILLAGE,
)


def _apply_business(db: LedgerDB, v: dict[str, str]) -> str:
    vid = _village(db, v.get("village", ""))
    b = Business(vid, (v.get("name") or "").strip(), (v.get("owner") or "").strip(),
                 (v.get("relationship") or "").strip(), (v.get("cadre_name") or "").strip())
    key = normalize_name(b.name)
    found = next((r for r in db.execute(
        "SELECT id, name, owner, relationship, cadre_name FROM sv_businesses WHERE status = '有效' AND village_id = ?"
        " ORDER BY id", [vid]) if normalize_name(r[1]) == key), None)
    if found is not None:
        if tuple(found[1:]) == (b.name, b.owner, b.relationship, b.cadre_name):
            return "unchanged"
        b.id = int(found[0])
    save_business(db, b)
    return "inserted" if found is None else "updated"


BUSINESSES = TableKind("村干部及亲属经商登记", "个", BUSINESS_COLUMNS, ("village", "name"), _apply_business)

KINDS: dict[str, TableKind] = {"cadres": CADRES, "rectification": RECTIFICATION, "projects": PROJECTS,
                               "cadre-businesses": BUSINESSES}
