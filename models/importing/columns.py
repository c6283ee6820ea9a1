"""Finding the header row of a roster sheet and matching its column names to member fields.

Names are compared after removing spaces and line breaks and unifying full-width and half-width brackets, and
through the synonyms villages use (身份证号 for 公民身份号码, 文化程度 for 学历 …). 序号 is recognized and ignored;
other columns are listed as unknown.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..entities import MEMBER_FIELDS

IGNORED = "#ignore"
# Beside the national names (entities.MEMBER_FIELDS), what villages write in their header rows.
SYNONYMS: dict[str, tuple[str, ...]] = {
    IGNORED: ("序号", "编号", "序"),
    "name": ("姓名", "党员姓名"),
    "gender": ("性别",),
    "ethnicity": ("民族",),
    "id_number": ("身份证号", "身份证号码", "公民身份证号", "公民身份证号码", "身份证", "公民身份号"),
    "birth_date": ("出生年月", "出生时间", "出生年月日"),
    "education": ("文化程度", "学历层次", "最高学历"),
    "category": ("党员类别", "人员类型", "党员类型", "类别"),
    "branch": ("党支部", "所在支部", "所属党支部", "所属支部"),
    "join_date": ("入党日期", "入党时间", "入党年月", "加入党组织时间"),
    "full_date": ("转正日期", "转正时间", "转正年月", "转为正式党员时间"),
    "job": ("岗位", "职业", "工作岗位(职业)"),
    "phone": ("电话", "手机", "手机号", "手机号码", "联系方式", "电话号码", "联系电话(手机)"),
    "address": ("住址", "家庭地址", "居住地址", "现居住地址", "家庭住址(现居住地)"),
    "party_status": ("党籍",),
    "lost_contact": ("是否失联党员", "失联党员", "是否失联"),
    "lost_date": ("失联日期", "失去联系时间", "失联时间", "失去联系年月"),
    "mobile": ("是否流动党员", "流动党员", "是否流动"),
    "outflow": ("流向", "外出流向地", "流出地"),
    "village": ("村(社区)", "所在村", "村居", "村", "社区", "所在社区", "所属村", "村名", "所在村居"),
    "grid": ("网格", "所属网格", "网格名称"),
    "is_central": ("党员中心户", "中心户", "是否中心户"),
    "linked_households": ("联系户", "联系户数量", "联系户(户)"),
    "remarks": ("说明",),
}
_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "(", "】": ")", "[": "(", "]": ")", "：": "", ":": "",
                           "*": "", "＊": ""})


def normalize_header(value: object) -> str:
    """Remove spaces and line breaks, unify brackets, drop required-field stars."""
    if value is None:
        return ""
    return re.sub(r"\s+", "", str(value).replace("\u3000", " ")).translate(_BRACKETS)


def _build_lookup() -> dict[str, str]:
    lookup = {normalize_header(label): key for key, label in MEMBER_FIELDS}
    for key, names in SYNONYMS.items():
        for name in names:
            lookup.setdefault(normalize_header(name), key)
    return lookup


LOOKUP = _build_lookup()
REQUIRED = ("name", "id_number")
HEADER_SCAN_ROWS = 30


def field_for(header: object) -> str | None:
    return LOOKUP.get(normalize_header(header))


@dataclass(frozen=True)
class Column:
    index: int  # 0-based column in the sheet
    header: str  # as written in the file
    field: str | None  # member field, IGNORED, or None when unknown


@dataclass(frozen=True)
class SheetLayout:
    header_row: int  # 0-based index of the header row
    columns: tuple[Column, ...]
    duplicates: tuple[Column, ...] = field(default=())  # a field named twice: the later columns are not read

    @property
    def fields(self) -> dict[str, Column]:
        return {c.field: c for c in self.columns if c.field and c.field != IGNORED}

    @property
    def unknown(self) -> list[str]:
        return [c.header for c in self.columns if c.field is None]

    @property
    def missing(self) -> list[str]:
        return [f for f in REQUIRED if f not in self.fields]


def _cell_text(value: object) -> str:
    return "" if value is None else str(value).strip()


def find_layout(rows: list[list[object]]) -> SheetLayout | None:
    """The first row (within the first 30) that names 姓名 and at least one other known column."""
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        known = {field_for(v) for v in row if _cell_text(v)} - {None, IGNORED}
        if "name" in known and len(known) >= 2:
            return _layout(index, row)
    return None


def _layout(index: int, row: list[object]) -> SheetLayout:
    columns: list[Column] = []
    duplicates: list[Column] = []
    seen: set[str] = set()
    for i, value in enumerate(row):
        header = _cell_text(value)
        if not header:
            continue
        key = field_for(header)
        column = Column(i, header.replace("\n", " "), key)
        if key and key != IGNORED and key in seen:
            duplicates.append(column)
            continue
        if key:
            seen.add(key)
        columns.append(column)
    return SheetLayout(index, tuple(columns), tuple(duplicates))
