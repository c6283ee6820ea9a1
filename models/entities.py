"""The records as frozen dataclasses, and the member fields in the order of the national form."""
from __future__ import annotations

from dataclasses import dataclass, field

# 《党员基本信息采集表》 (2017) items 1–16 in order, then the town's grid columns.
MEMBER_FIELDS: tuple[tuple[str, str], ...] = (
    ("name", "姓名"),
    ("gender", "性别"),
    ("ethnicity", "民族"),
    ("id_number", "公民身份号码"),
    ("birth_date", "出生日期"),
    ("education", "学历"),
    ("category", "人员类别"),
    ("branch", "所在党支部"),
    ("join_date", "加入党组织日期"),
    ("full_date", "转为正式党员日期"),
    ("job", "工作岗位"),
    ("phone", "联系电话"),
    ("address", "家庭住址"),
    ("party_status", "党籍状态"),
    ("lost_contact", "是否为失联党员"),
    ("lost_date", "失去联系日期"),
    ("mobile", "是否为流动党员"),
    ("outflow", "外出流向"),
    ("village", "所在村（社区）"),
    ("grid", "所在网格"),
    ("is_central", "是否党员中心户"),
    ("linked_households", "联系户数"),
    ("remarks", "备注"),
)
LABELS: dict[str, str] = dict(MEMBER_FIELDS)
LABELS.update({"village_id": "所在村（社区）", "grid_id": "所在网格", "status": "状态",
               "status_date": "变动日期", "status_detail": "去向/原因"})
BOOL_FIELDS = ("lost_contact", "mobile", "is_central")


@dataclass(frozen=True)
class Town:
    id: int
    name: str
    county_code: str
    town_code: str = ""


@dataclass(frozen=True)
class Village:
    id: int
    name: str
    stat_code: str = ""
    org_type: str = "党支部"
    org_name: str = ""
    status: str = "在用"
    merged_into_id: int | None = None


@dataclass(frozen=True)
class Grid:
    id: int
    village_id: int
    name: str
    leader: str = ""
    workers: str = ""
    households: int = 0
    population: int = 0
    area_desc: str = ""
    org_type: str = "无"
    org_name: str = ""
    status: str = "在用"


@dataclass(frozen=True)
class Member:
    """One Party member. Dates are 'YYYY-MM-DD' or 'YYYY-MM'; empty string when unknown."""
    name: str
    id_number: str
    village_id: int
    gender: str = ""
    ethnicity: str = ""
    birth_date: str = ""
    education: str = ""
    category: str = "正式党员"
    branch: str = ""
    join_date: str = ""
    full_date: str = ""
    job: str = ""
    phone: str = ""
    address: str = ""
    party_status: str = "正常"
    lost_contact: bool = False
    lost_date: str = ""
    mobile: bool = False
    outflow: str = ""
    grid_id: int | None = None
    is_central: bool = False
    linked_households: int = 0
    remarks: str = ""
    id: int | None = None
    status: str = "在册"
    status_date: str = ""
    status_detail: str = ""
    village_name: str = ""
    grid_name: str = ""


@dataclass(frozen=True)
class MemberQuery:
    """What the 党员 page asks for. Empty text and None filters mean 'any'."""
    text: str = ""
    village_id: int | None = None
    grid_id: int | None = None
    category: str | None = None
    statuses: tuple[str, ...] = ("在册",)
    is_central: bool | None = None
    mobile: bool | None = None
    lost_contact: bool | None = None
    no_grid: bool = False  # only members of the village not yet assigned to a grid
    limit: int | None = None
    town_key: str | None = None  # a district's database (issue 17): only this town's members
    joined_by: str | None = None  # only members whose 入党日期 is on or before this ISO day, compared as text
    #                               (a month or a year alone counts from its first day, as dates.earliest does)


@dataclass(frozen=True)
class MemberEvent:
    id: int
    member_id: int
    at: str
    kind: str
    detail: str


@dataclass(frozen=True)
class TreeCounts:
    """Member counts (在册) per village and grid for the organization tree."""
    town: int
    villages: dict[int, int] = field(default_factory=dict)
    grids: dict[int, int] = field(default_factory=dict)
    no_grid: dict[int, int] = field(default_factory=dict)
