"""The households area's records as plain dataclasses (what the rules, the page and the reports pass around)."""
from __future__ import annotations

from dataclasses import dataclass

TAGS = ("普通", "低保", "特困", "残疾人", "空巢老人", "留守儿童", "优抚对象", "退役军人", "单亲")
DIFFICULT_ORDER = ("低保", "特困", "残疾人", "空巢老人", "留守儿童")
DIFFICULT = frozenset(DIFFICULT_ORDER)
TAGS_SETTING = "household_tags"
VISIT_KINDS = ("问事", "提事", "议事", "办事", "评事")
DEFAULT_METHOD = "两推两审一公示"
VISIT_MONTHS_SETTING = "household_visit_months"
MIN_LINKED, MAX_LINKED = 5, 15
# The households import's columns, in the order the export writes them (the order).
HOUSEHOLD_COLUMNS: tuple[tuple[str, str], ...] = (
    ("central_name", "中心户姓名"), ("central_id", "中心户身份证号"), ("head_name", "户主姓名"),
    ("head_id", "户主身份证号"), ("address", "家庭住址"), ("persons", "家庭人口"), ("phone", "联系电话"),
    ("tags", "户类型"), ("party", "是否党员户"), ("village", "所在村（社区）"), ("grid", "所在网格"))
VISIT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("date", "日期"), ("head_name", "户主姓名"), ("head_id", "户主身份证号"), ("village", "村"),
    ("kind", "事项类型"), ("raised", "反映问题"), ("handled", "办理情况"), ("reported", "是否上报"))


@dataclass
class Household:
    head_name: str
    village_id: int
    grid_id: int | None = None
    head_id_number: str = ""
    address: str = ""
    persons: int = 1
    phone: str = ""
    tags: tuple[str, ...] = ("普通",)
    party_household: bool = False
    id: int | None = None


@dataclass
class Visit:
    household_id: int
    date: str
    kind: str = "问事"
    raised: str = ""
    handled: str = ""
    reported: bool = False
    id: int | None = None


@dataclass(frozen=True)
class CentralRow:
    """A current central household as the page and the roster show it."""
    designation_id: int
    member_id: int
    name: str
    village: str
    grid: str
    grid_id: int | None
    start_date: str
    linked: int           # households linked now
    legacy: int           # the member record's old count (shown until households are entered)
    last_visit: str
    method: str = ""
    notice_date: str = ""


@dataclass(frozen=True)
class HouseholdRow:
    id: int
    head_name: str
    village: str
    grid: str
    address: str
    persons: int
    phone: str
    tags: tuple[str, ...]
    party_household: bool
    central: str          # the linking central household's name ('' when unlinked)
    designation_id: int | None
    last_visit: str
    head_id_number: str = ""
    grid_id: int | None = None
