"""One set of member rules for the form, the import and the command line.

`check_member(raw)` takes what was typed or read (any field may be missing, blank or messy), normalizes it as
DOMAIN.md says and returns the cleaned values with every error and warning as a Chinese message naming the field.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from . import clock, codes, divisions, idcard
from .dates import DateError, add_years, earliest, latest, parse_date
from .entities import LABELS

PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82".split())
NOT_MEMBERS = ("入党积极分子", "积极分子", "发展对象", "入党申请人", "群众", "共青团员", "团员")
_TRUE = {"是", "√", "✓", "✔", "1", "y", "yes", "true", "t", "对", "有"}
_FALSE = {"否", "", "×", "✗", "0", "n", "no", "false", "f", "无", "不是", "-"}
_HAN = r"\u3400-\u9fff"
_SPACE = re.compile(r"\s")
_SPACES = re.compile(r"\s+")
_HAN_GAP = re.compile(rf"(?<=[{_HAN}])\s+(?=[{_HAN}])")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_COUNT = re.compile(r"[0-9]{1,4}")
_FW_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_CATEGORY_ALIASES = {"正式": "正式党员", "预备": "预备党员", "中共党员": "正式党员", "党员": "正式党员",
                     "中共预备党员": "预备党员"}


# The longest text each field may hold (characters). A longer value is refused, never cut: 备注 of 100,000
# characters would make every printed roster fail, and no cell may exceed Excel's 32,767 on export.
TEXT_LIMITS: dict[str, int] = {
    "name": 40, "gender": 40, "ethnicity": 40, "id_number": 40, "birth_date": 40, "education": 40,
    "category": 40, "branch": 100, "join_date": 40, "full_date": 40, "job": 60, "phone": 40, "address": 200,
    "party_status": 40, "lost_contact": 40, "lost_date": 40, "mobile": 40, "outflow": 200, "village": 60,
    "grid": 60, "is_central": 40, "linked_households": 40, "remarks": 1000}
_SHORTEST = min(TEXT_LIMITS.values())
# Characters no clerk types: controls (a line break or tab is whitespace, and allowed), the marks that reverse
# the writing direction (王\u202e伟gnp.exe shows as 王伟exe.png), zero-width and other invisible characters.
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_INVISIBLE = re.compile("[\u00ad\u115f\u1160\u180e\u200b-\u200d\u2060-\u2064\u206a-\u206f\u2800\u3164"
                        "\ufeff\uffa0\ufff9-\ufffb\U0001d173-\U0001d17a\U000e0000-\U000e007f]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SUSPECT = re.compile(f"{_BIDI.pattern}|{_INVISIBLE.pattern}|{_CONTROL.pattern}")


def _text_problem(value: str, limit: int) -> str | None:
    """Why a text value is refused (too long, a control, a direction mark, an invisible character), or None."""
    if len(value) > limit:
        return f"内容过长（{len(value)} 个字，最多 {limit} 个字）"
    bad = _SUSPECT.search(value)
    if bad is None:
        return None
    code = f"U+{ord(bad[0]):04X}"
    if _BIDI.match(bad[0]):
        return f"含有改变文字方向的控制字符（{code}），显示出来的内容与实际内容不同，请重新输入"
    if _INVISIBLE.match(bad[0]):
        return f"含有看不见的字符（{code}），请删除后重新输入"
    return f"含有控制字符（{code}），请删除后重新输入"


def text_problem(value: str, limit: int) -> str | None:
    """Why a text value of any area is refused (longer than `limit`, a control, a direction mark, an invisible
    character), or None: the members' rule for every clerk-typed text."""
    return _text_problem(value, limit)


def visible_text(value: str, limit: int = 100) -> str:
    """A value as a problem list may show it: suspect characters written out (⟨U+202E⟩), at most `limit`
    characters (an Excel cell holds 32,767; a 100,000-character 备注 must not be copied whole)."""
    shown = _SUSPECT.sub(lambda m: f"⟨U+{ord(m[0]):04X}⟩", value[:limit])
    return shown + (f"…（共 {len(value)} 个字）" if len(value) > limit else "")


def screen_text(raw: Mapping[str, object]) -> tuple[Mapping[str, object], dict[str, str]]:
    """(raw with refused values blanked, {field: reason}) for every text value of a member."""
    texts = [v for v in raw.values() if type(v) is str]
    if not texts or max(map(len, texts)) <= _SHORTEST and _SUSPECT.search(" ".join(texts)) is None:
        return raw, {}  # the usual member: every value short and clean, found with one search
    refused: dict[str, str] = {}
    for key, value in raw.items():
        if type(value) is not str or not value:
            continue
        problem = _text_problem(value, TEXT_LIMITS.get(key, 200))
        if problem:
            refused[key] = problem
    if not refused:
        return raw, refused
    return {k: ("" if k in refused else v) for k, v in raw.items()}, refused


@dataclass(frozen=True)
class Issue:
    field: str
    message: str

    @property
    def label(self) -> str:
        return LABELS.get(self.field, self.field)

    def __str__(self) -> str:
        return f"{self.label}：{self.message}"


@dataclass
class Checked:
    values: dict[str, object] = field(default_factory=dict)
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, name: str, message: str) -> None:
        self.errors.append(Issue(name, message))

    def warn(self, name: str, message: str) -> None:
        self.warnings.append(Issue(name, message))

    def errors_by_field(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for issue in self.errors:
            out.setdefault(issue.field, issue.message)
        return out


def text(value: object) -> str:
    if type(value) is str:  # the common case first: imports check millions of cells
        return value.replace("\u3000", " ").strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\u3000", " ").strip()


def clean_name(value: object) -> str:
    """Trim, and drop padding spaces between Han characters (王　芳 → 王芳); keep 阿依古丽·买买提's dot."""
    name = text(value)
    if _SPACE.search(name):
        name = _HAN_GAP.sub("", _SPACES.sub(" ", name))
    return name.replace("•", "·").replace("．", "·")


def parse_bool(value: object) -> bool | None:
    """是/否/√/✓/blank → True/False; None when it cannot be read."""
    if isinstance(value, bool):
        return value
    if value is None or value == "":
        return False
    t = text(value).lower()
    if t in _TRUE:
        return True
    if t in _FALSE:
        return False
    return None


def clean_phone(value: object) -> tuple[str, str | None]:
    """(normalized, error). Mobiles become 11 digits; landlines 'area-number'."""
    raw = text(value)
    if not raw:
        return "", None
    if _MOBILE.fullmatch(raw):  # the common case, already clean
        return raw, None
    t = raw.translate(str.maketrans("０１２３４５６７８９－（）", "0123456789-()"))
    digits = re.sub(r"[\s\-()]", "", t)
    if digits.startswith("+86"):
        digits = digits[3:]
    if _MOBILE.fullmatch(digits):
        return digits, None
    m = re.fullmatch(r"\(?(0\d{2,3})\)?[\s\-]*(\d{7,8})", t)
    if m:
        return f"{m[1]}-{m[2]}", None
    if re.fullmatch(r"0\d{9,11}", digits):
        area = 3 if digits[1] in "12" else 4
        return f"{digits[:area]}-{digits[area:]}", None
    return raw, f"“{raw}”不是有效号码，应为 11 位手机号或“区号-号码”的固定电话"


@lru_cache(maxsize=32768, typed=True)
def _date_of(value: object, today: dt.date) -> tuple[str, str | None]:
    """(the date as stored, why it is refused or None)."""
    try:
        date = parse_date(value)
    except DateError as exc:
        return "", str(exc)
    if date and earliest(date) > today:
        return date, f"日期 {date} 在今天之后"
    return date, None


def _date(c: Checked, raw: Mapping[str, object], name: str, today: dt.date) -> str:
    value = raw.get(name)
    if value is None or value == "":
        return ""
    date, error = _date_of(value, today)
    if error:
        c.error(name, error)
    return date


# The rules of one value each: (the value as stored, why it is refused or warned of, or None).
def _gender_of(value: object) -> tuple[str, str | None]:
    gender = text(value)
    if gender in ("男性", "女性"):
        gender = gender[0]
    if gender and gender not in codes.GENDERS:
        return gender, f"“{gender}”不是有效性别，应为 男 或 女"
    return gender, None


def _ethnicity_of(value: object) -> tuple[str, str | None]:
    ethnicity = text(value)
    known = codes.ethnicity_set()
    if ethnicity and ethnicity not in known and ethnicity + "族" in known:
        ethnicity += "族"
    if ethnicity and ethnicity not in known:
        return ethnicity, f"“{ethnicity}”不在民族代码表中"
    return ethnicity, None


def _education_of(value: object) -> tuple[str, str | None]:
    education = codes.normalize_education(text(value))
    if education is None:
        return text(value), (f"“{text(value)}”不在学历代码表中"
                             "（可填 研究生、本科、大专、中专、高中、初中、小学 等）")
    return education, None


def _category_of(value: object) -> tuple[str, str | None]:
    category = text(value).replace(" ", "")
    category = _CATEGORY_ALIASES.get(category, category)
    if not category:
        return category, "人员类别不能为空（正式党员 或 预备党员）"
    if category in NOT_MEMBERS:
        return category, f"“{category}”不是党员，不能录入党员名册"
    if category not in codes.CATEGORIES:
        return category, f"“{category}”不是有效人员类别，应为 正式党员 或 预备党员"
    return category, None


def _job_of(value: object) -> tuple[str, str | None]:  # a warning: villages write jobs freely
    job = text(value)
    if job and job not in codes.job_label_set():
        return job, f"“{job}”不在工作岗位代码表中"
    return job, None


def _party_status_of(value: object) -> tuple[str, str | None]:
    party_status = text(value) or "正常"
    if party_status not in codes.PARTY_STATUSES:
        return party_status, f"“{party_status}”不是有效党籍状态，应为 正常 或 停止党籍"
    return party_status, None


def _flag_of(value: object) -> tuple[bool, str | None]:
    flag = parse_bool(value)
    if flag is None:
        return False, f"“{text(value)}”应为 是 或 否"
    return flag, None


def _count_of(value: object) -> tuple[int, str | None]:
    linked = text(value).translate(_FW_DIGITS) or "0"
    if not _COUNT.fullmatch(linked):
        return 0, f"“{linked}”应为不小于 0 的整数"
    return int(linked), None


_CHOICES = (("gender", _gender_of), ("ethnicity", _ethnicity_of), ("education", _education_of),
            ("category", _category_of), ("job", _job_of), ("party_status", _party_status_of),
            ("lost_contact", _flag_of), ("mobile", _flag_of), ("is_central", _flag_of),
            ("linked_households", _count_of))
_CHOICE_KEYS = tuple(key for key, _ in _CHOICES)


@lru_cache(maxsize=65536, typed=True)
def _choices(values: tuple[object, ...]) -> tuple[tuple[object, str | None], ...]:
    """The rules of the ten fields chosen from a short list (性别 … 联系户数), for one combination of their
    values, cached: a roster repeats a few thousand combinations over 100,000 rows (typed: 1, 1.0 and True
    differ), and one lookup a row replaces ten rule calls."""
    return tuple(rule(value) for (_, rule), value in zip(_CHOICES, values))


@lru_cache(maxsize=32768)
def _eighteen(birth_date: str) -> dt.date:
    """The day the holder of an identity number born on YYYY-MM-DD turns 18."""
    return add_years(dt.date.fromisoformat(birth_date), 18)


@lru_cache(maxsize=32768)
def _year_after(date: str) -> dt.date:
    """A year after the first day a date may stand for: a 转正 sooner is unusual."""
    return add_years(earliest(date), 1)


def check_member(raw: Mapping[str, object], *, today: dt.date | None = None) -> Checked:
    """Normalize and check one member. Keys are the identifiers of entities.MEMBER_FIELDS."""
    today = today or clock.today()
    c = Checked()
    raw, refused = screen_text(raw)
    for key, message in refused.items():
        c.error(key, message)
    try:
        _check_fields(c, raw, today)
    except TypeError:  # an unhashable value (a list from JSON) for the cached rules: read as its text, as they do
        c = Checked()
        for key, message in refused.items():
            c.error(key, message)
        _check_fields(c, {k: v if getattr(v, "__hash__", None) else str(v) for k, v in raw.items()}, today)
    if refused:  # the refused value was blanked: no second message for the same field ("不能为空")
        first = {id(c.errors[i]) for i in range(len(refused))}
        c.errors = [e for e in c.errors if e.field not in refused or id(e) in first]
    return c


def _check_fields(c: Checked, raw: Mapping[str, object], today: dt.date) -> None:
    v = c.values
    for key in ("branch", "address", "outflow", "remarks"):
        v[key] = text(raw.get(key))

    v["name"] = clean_name(raw.get("name"))
    if not v["name"]:
        c.error("name", "姓名不能为空")
    elif len(str(v["name"])) > 40:
        c.error("name", "姓名过长（超过 40 个字）")

    info: idcard.IdInfo | None = None
    try:
        info = idcard.parse(raw.get("id_number"), today=today)
        v["id_number"] = info.number
        unknown = divisions.unknown_code_warning(info.address_code)
        if unknown:
            c.warn("id_number", unknown)
    except idcard.IdNumberError as exc:
        v["id_number"] = idcard.clean(raw.get("id_number"))
        c.error("id_number", str(exc))

    get = raw.get
    (gender, gender_problem), ethnicity, education, category, job, party_status, *flags, linked = _choices(
        tuple(map(get, _CHOICE_KEYS)))
    if gender_problem:
        c.error("gender", gender_problem)
    elif info and gender and gender != info.gender:
        c.error("gender", f"与公民身份号码不符（号码显示为{info.gender}）")
    v["gender"] = gender or (info.gender if info else "")

    birth = _date(c, raw, "birth_date", today)
    if info and birth and not info.birth_date.startswith(birth):  # the day, or its month for YYYY-MM
        c.error("birth_date", f"与公民身份号码不符（号码显示为 {info.birth_date}）")
    v["birth_date"] = info.birth_date if info else birth

    for key, (value, problem) in (("ethnicity", ethnicity), ("education", education), ("category", category)):
        v[key] = value
        if problem:
            c.error(key, problem)
    is_probation = v["category"] == "预备党员"

    join = _date(c, raw, "join_date", today)
    if not join:
        if not any(i.field == "join_date" for i in c.errors):
            c.error("join_date", "加入党组织日期不能为空")
    elif info:
        eighteen = _eighteen(info.birth_date)
        if latest(join) < eighteen:
            c.error("join_date", f"入党时未满 18 周岁（{eighteen.isoformat()} 才满 18 周岁）")
    v["join_date"] = join

    full = _date(c, raw, "full_date", today)
    if full and is_probation:
        c.error("full_date", "预备党员不应填写转为正式党员日期")
    elif full and join and latest(full) < earliest(join):
        c.error("full_date", f"转正日期早于加入党组织日期 {join}")
    elif full and join and latest(full) < _year_after(join):
        c.warn("full_date", "距入党不足一年即转正，请核对")
    v["full_date"] = full

    v["job"], problem = job
    if problem:
        c.warn("job", problem)

    phone, phone_error = clean_phone(raw.get("phone"))
    if phone_error:
        c.error("phone", phone_error)
    v["phone"] = phone

    v["party_status"], problem = party_status
    if problem:
        c.error("party_status", problem)

    for key, (flag, problem) in zip(("lost_contact", "mobile", "is_central"), flags):
        v[key] = flag
        if problem:
            c.error(key, problem)

    lost_date = _date(c, raw, "lost_date", today)  # like every other date: not after today ...
    if lost_date and join and latest(lost_date) < earliest(join):  # ... and not before joining the Party
        c.error("lost_date", f"早于加入党组织日期 {join}")
        lost_date = ""
    elif len(lost_date) == 10:
        lost_date = lost_date[:7]  # kept to the month
    lost_refused = any(i.field == "lost_date" for i in c.errors)
    if lost_date and not v["lost_contact"]:
        c.error("lost_date", "未标记为失联党员，不应填写失去联系日期")
    elif v["lost_contact"] and not lost_date and not lost_refused:
        c.warn("lost_date", "失联党员应填写失去联系的年月")
    v["lost_date"] = lost_date

    if v["outflow"] and not v["mobile"]:
        c.warn("outflow", "填写了外出流向，但未标记为流动党员")

    v["linked_households"], problem = linked
    if problem:
        c.error("linked_households", problem)
    if v["linked_households"] and not v["is_central"]:
        c.warn("linked_households", "不是党员中心户却填写了联系户数")
