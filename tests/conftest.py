"""Shared fixtures: offscreen Qt, a fresh database file per test, and record factories."""
from __future__ import annotations

import datetime as dt
import itertools
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from models import idcard  # noqa: E402
from models.db import LedgerDB, open_database  # noqa: E402
from models.entities import Member  # noqa: E402
from models.members import save_member  # noqa: E402
from models.org import add_grid, add_village, save_town  # noqa: E402

# Every test runs on the same day, whatever day the suite runs: rules read it from models.clock, and
# subprocesses started by a test read it from the environment.
TEST_NOW = dt.datetime(2026, 11, 26, 9, 0)


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from models import clock
    monkeypatch.setenv(clock.ENV, TEST_NOW.isoformat())
    clock.set_now(TEST_NOW)
    yield
    clock.set_now(None)


@pytest.fixture(autouse=True)
def _fast_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheaper scrypt in tests; each hash keeps its own parameters, so nothing else changes."""
    from models import accounts
    monkeypatch.setattr(accounts, "SCRYPT_N", 2 ** 10)


@pytest.fixture(autouse=True)
def _no_unanswered_dialogs() -> Iterator[None]:
    """A dialog opened through ui.dialogs.run that no test answers fails at once (the `dialogs` fixture of
    tests/ui answers them) instead of waiting modally for a click that never comes."""
    from ui.dialogs import Dialogs

    def refuse(dialog: object) -> bool:
        title = dialog.windowTitle() if hasattr(dialog, "windowTitle") else type(dialog).__name__
        raise AssertionError(f"unexpected dialog {title!r}: answer it with the `dialogs` fixture")

    Dialogs.runner = refuse
    yield
    Dialogs.runner = None


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ledger.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[LedgerDB]:
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def town_db(db: LedgerDB) -> LedgerDB:
    """A town with two villages; 院上村 has two grids."""
    save_town(db, "院上镇", "370285")
    v1 = add_village(db, "院上村")
    add_village(db, "姜家庄村")
    add_grid(db, v1, "第一网格")
    add_grid(db, v1, "第二网格")
    return db


_seq = itertools.count(1)


def make_id(birth: str = "1970-05-06", male: bool = True, area: str = "370285") -> str:
    """A valid number; the sequence part cycles through 499 values per sex (plenty for one test)."""
    n = next(_seq) % 499 * 2 + (1 if male else 0)
    return idcard.make(area, dt.date.fromisoformat(birth), n)


def add_member(db: LedgerDB, name: str = "张三", *, village: str = "院上村", grid: str | None = None,
               birth: str = "1970-05-06", male: bool = True, **fields: object) -> int:
    vid = db.execute("SELECT id FROM villages WHERE name = ?", [village]).fetchone()[0]
    gid = None
    if grid:
        gid = db.execute("SELECT id FROM grids WHERE village_id = ? AND name = ?", [vid, grid]).fetchone()[0]
    values: dict[str, object] = {"category": "正式党员", "join_date": "1995-07-01", "full_date": "1996-07-01",
                                 "ethnicity": "汉族", "education": "初中"}
    values.update(fields)
    member = Member(name=name, id_number=str(values.pop("id_number", make_id(birth, male))), village_id=vid,
                    grid_id=gid, **values)  # type: ignore[arg-type]
    return save_member(db, member)
