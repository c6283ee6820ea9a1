"""Code lists (民族, 学历, 工作岗位, Party organization types) loaded once from resources/codes."""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
CODES = RESOURCES / "codes"

GENDERS = ("男", "女")
CATEGORIES = ("正式党员", "预备党员")
PARTY_STATUSES = ("正常", "停止党籍")
MEMBER_STATUSES = ("在册", "转出", "去世", "出党")
VILLAGE_CLASSES = ("示范", "创优", "强基")


def _load(name: str) -> Any:
    return json.loads((CODES / name).read_text(encoding="utf-8"))


@cache
def ethnicities() -> tuple[str, ...]:
    return tuple(_load("ethnicities.json"))


@cache
def ethnicity_set() -> frozenset[str]:
    return frozenset(ethnicities())


@cache
def education_labels() -> tuple[str, ...]:
    return tuple(_load("education.json")["labels"])


@cache
def education_aliases() -> dict[str, str]:
    return dict(_load("education.json")["aliases"])


@cache
def education_bands() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((band, tuple(prefixes)) for band, prefixes in _load("education.json")["bands"])


@cache
def jobs() -> tuple[tuple[str, str], ...]:
    return tuple((code, label) for code, label in _load("jobs.json"))


@cache
def job_labels() -> tuple[str, ...]:
    return tuple(label for _, label in jobs())


@cache
def job_label_set() -> frozenset[str]:
    return frozenset(job_labels())


@cache
def education_label_set() -> frozenset[str]:
    return frozenset(education_labels())


@cache
def village_org_types() -> tuple[str, ...]:
    return tuple(_load("org_types.json")["village"])


@cache
def grid_org_types() -> tuple[str, ...]:
    return tuple(_load("org_types.json")["grid"])


def normalize_education(text: str) -> str | None:
    """Map what a clerk typed (大专, 本科毕业 …) to a code-list label, or None if unknown."""
    value = text.strip().replace(" ", "")
    if not value:
        return ""
    if value in education_label_set():
        return value
    aliases = education_aliases()
    if value in aliases:
        return aliases[value]
    for suffix in ("毕业", "结业", "肄业"):
        if value.endswith(suffix):
            stem = value[: -len(suffix)]
            base = aliases.get(stem, stem)
            candidate = base + suffix
            if candidate in education_labels():
                return candidate
            if base in education_labels():
                return base
    return None


def education_band(label: str) -> str:
    """Report band (研究生 / 大学本科 / 大学专科 / 中专 / 高中 / 初中及以下) of an education label."""
    for band, prefixes in education_bands():
        if any(label.startswith(p) for p in prefixes):
            return band
    return "初中及以下"
