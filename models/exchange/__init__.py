"""The exchange area (issue 17): town → district change packages, merged with every conflict shown.

A town exports a change package (`export_package`); a district database (`init_district`) imports many
(`import_files`), records every conflict instead of overwriting (`list_conflicts`), a person decides each
(`resolve`), and the decisions go back to the towns (`decisions_package`, applied by `import_files` on the
town). SQLite's session extension does the diffing and applying, through apsw, in a child process
(models/exchange/engine.py). See models/exchange/staging.py for what travels and how.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..db import LedgerDB, town_key
from ..errors import Refused
from ..org import get_town
from .common import District, ExchangeRefused, get_district, shown
from .district import (
    KIND_NAMES,
    KIND_SHORT,
    KINDS,
    STATUS_NAMES,
    STATUSES,
    TABLE_NAMES,
    Conflict,
    ImportOutcome,
    SideRow,
    TownState,
    decisions_package,
    field_label,
    get_conflict,
    init_district,
    list_conflicts,
    resolve,
    side_by_side,
    town_names,
    town_villages,
    towns,
)
from .migrations import MIGRATIONS
from .package import SUFFIX, Package, PackageLocked, PackageRefused, read_package, unseal
from .town import ExportResult, SentInfo, apply_decisions, export_package, last_sent, sent_history

__all__ = ["Conflict", "District", "ExchangeRefused", "ExportResult", "ImportOutcome", "KINDS", "KIND_NAMES",
           "KIND_SHORT", "MIGRATIONS", "Package", "PackageLocked", "PackageRefused",
           "PasswordFor", "STATUSES", "STATUS_NAMES", "SUFFIX", "SentInfo",
           "SideRow", "TABLE_NAMES", "TownState", "decisions_package", "export_package", "field_label",
           "get_conflict", "get_district", "import_files", "init_district", "is_district", "last_sent",
           "list_conflicts", "resolve", "sent_history", "shown", "side_by_side", "status",
           "town_names", "town_villages", "towns", "unseal"]

PasswordFor = Callable[[Package, int], "str | None"]
"""The password of a sealed package: asked with the package and the attempt (0, then 1, 2 after a wrong one);
None gives up (the package is then refused as locked, the database untouched)."""
PASSWORD_ATTEMPTS = 3


def is_district(db: LedgerDB) -> bool:
    return get_district(db) is not None


def _order(paths: list[Path]) -> list[tuple[Path, Package | None, str]]:
    """Read every file; a town's packages go in sequence order (a folder listing sorts 第10号 before 第9号),
    towns in the order first given."""
    read: list[tuple[Path, Package | None, str]] = []
    for p in paths:
        try:
            read.append((p, read_package(p), ""))
        except PackageRefused as exc:
            read.append((p, None, str(exc)))
    first: dict[str, int] = {}
    for i, (_, pkg, _) in enumerate(read):
        if pkg is not None:
            first.setdefault(pkg.town, i)

    def key(item: tuple[int, tuple[Path, Package | None, str]]) -> tuple[int, int, int]:
        i, (_, pkg, _) = item
        return (i, 0, 0) if pkg is None else (first[pkg.town], pkg.sequence, i)

    return [x for _, x in sorted(enumerate(read), key=key)]


def opened(pkg: Package, password: PasswordFor | None) -> Package:
    """The package with its payload readable: a sealed one is opened with the password `password` gives (asked
    again after a wrong one, up to PASSWORD_ATTEMPTS times). PackageLocked when none opens it."""
    if not pkg.locked:
        return pkg
    error: PackageLocked | None = None
    for attempt in range(PASSWORD_ATTEMPTS):
        given = password(pkg, attempt) if password is not None else None
        if not given:
            break
        try:
            return unseal(pkg, given)
        except PackageLocked as exc:
            error = exc
    raise error or PackageLocked(f"“{pkg.path.name}”有密码保护：没有输入密码，没有导入")


def import_files(db: LedgerDB, paths: list[Path], *, progress: Callable[[int, int, str], object] | None = None,
                 cancelled: Callable[[], bool] | None = None,
                 password: PasswordFor | None = None) -> list[ImportOutcome]:
    """Import each package (a town's changes on a district, the district's decisions on a town); one refused
    leaves the database as it was and the others still go in. `progress(done, total, file name)` before each;
    `cancelled()` is asked between packages (those not reached are reported as not imported); `password` is
    asked for each sealed package."""
    from .district import import_package
    outcomes: list[ImportOutcome] = []
    ordered = _order(paths)
    for n, (path, pkg, reason) in enumerate(ordered):
        if progress is not None:
            progress(n, len(ordered), path.name)
        if cancelled is not None and cancelled():
            outcomes.append(ImportOutcome(path.name, refused="已取消：没有导入", kind=""))
            continue
        if pkg is None:
            outcomes.append(ImportOutcome(path.name, refused=reason, kind=""))
            continue
        try:
            pkg = opened(pkg, password)
            if pkg.kind == "decisions":
                done = apply_decisions(db, pkg)
                outcomes.append(ImportOutcome(path.name, kind="decisions", sequence=pkg.sequence,
                                              changed=done.changed, town_name=str(pkg.manifest.get("district_name")),
                                              lines=tuple(done.lines)))
            else:
                outcomes.append(import_package(db, pkg))
        except Refused as exc:
            outcomes.append(ImportOutcome(path.name, pkg.town, str(pkg.manifest.get("town_name", "")),
                                          pkg.sequence, pkg.full, refused=str(exc), kind=pkg.kind))
    return outcomes


@dataclass(frozen=True)
class Status:
    role: str  # "town" or "district"
    name: str
    county_code: str
    key: str
    last: SentInfo | None = None
    towns: list[TownState] = field(default_factory=list)
    open_conflicts: int = 0

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"role": self.role, "name": self.name, "county_code": self.county_code,
                               "key": self.key}
        if self.role == "town":
            out["last_sent"] = None if self.last is None else {
                "sequence": self.last.sequence, "full": self.last.full, "changes": self.last.changes,
                "size": self.last.size, "sent_at": self.last.sent_at, "file": self.last.file_name}
        else:
            out["towns"] = [{"town": t.town, "name": t.name, "last_sequence": t.last_sequence,
                             "last_applied_at": t.last_applied_at, "open_conflicts": t.open_conflicts,
                             "members": t.members} for t in self.towns]
            out["open_conflicts"] = self.open_conflicts
        return out


def status(db: LedgerDB) -> Status:
    district = get_district(db)
    if district is not None:
        registered = towns(db)
        return Status("district", district.name, district.county_code, district.key, towns=registered,
                      open_conflicts=int(db.execute("SELECT count(*) FROM ex_conflicts WHERE status = 'open'"
                                                    ).fetchone()[0]))
    town = get_town(db)
    return Status("town", town.name if town else "", town.county_code if town else "", town_key(db),
                  last=last_sent(db))
