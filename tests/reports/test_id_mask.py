"""A masked identity number cannot be rebuilt from what is printed beside it (issue 9.1).

For every masked row of a demo town's 花名册 (read back from the PDF) and of a 查阅 user's member table, count the
full numbers that agree with the visible digits, the printed birth date and gender, and have a valid check
character. The old mask (370285********1234, birth digits hidden, birth date printed next to it) left exactly 1.
"""
from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from models import accounts, idcard
from models.demo import fill_demo
from models.entities import MemberQuery
from models.members import TABLE_COLUMNS, member_table
from models.report_data import resolve_scope, roster_data
from reports.roster import build_roster, roster_rows
from tests.reports.conftest import options

ENOUGH = 1_000


def consistent_numbers(masked: str, birth: str, gender: str) -> int:
    """How many valid 18-character numbers show as `masked` and carry this birth date (YYYY-MM-DD) and gender."""
    assert len(masked) == 18
    birth_digits = birth.replace("-", "").replace(".", "")
    assert len(birth_digits) == 8, birth
    ways = [1] + [0] * 10  # ways[r]: prefixes whose weighted digit sum is r (mod 11)
    for pos in range(17):
        shown = masked[pos]
        if shown != "*":
            choices = [int(shown)]
            if 6 <= pos < 14 and shown != birth_digits[pos - 6]:
                return 0
        elif 6 <= pos < 14:
            choices = [int(birth_digits[pos - 6])]
        elif pos == 16:
            choices = [d for d in range(10) if (d % 2 == 1) == (gender == "男")]
        else:
            choices = list(range(10))
        nxt = [0] * 11
        for r, n in enumerate(ways):
            if n:
                for d in choices:
                    nxt[(r + d * idcard.WEIGHTS[pos]) % 11] += n
        ways = nxt
    if masked[17] == "*":
        return sum(ways)  # every prefix has exactly one check character
    return sum(n for r, n in enumerate(ways) if idcard.CHECK_CHARS[r] == masked[17])


def test_the_counter_rebuilds_the_old_mask() -> None:
    """The counter is right: the old mask with the birth date beside it gives back exactly one number."""
    number = "370285197005060011"
    assert consistent_numbers(number[:6] + "*" * 8 + number[14:], "1970-05-06", "男") == 1
    assert consistent_numbers(number[:14] + "****", "1970-05-06", "男") == 500  # sequence known only by parity
    assert consistent_numbers(number[:14] + "***" + number[17], "1970-05-06", "男") < ENOUGH


@pytest.fixture
def demo_db(db):  # type: ignore[no-untyped-def]
    fill_demo(db, 300)
    return db


def test_no_masked_roster_row_can_be_rebuilt(demo_db) -> None:  # type: ignore[no-untyped-def]
    data = roster_data(demo_db, resolve_scope(demo_db))
    out = io.BytesIO()
    build_roster(data, out, options=options(full_id=False))
    text = "".join(p.extract_text() or "" for p in PdfReader(out).pages)
    printed = [r.cells for r in roster_rows(data, full_id=False) if len(r.cells) > 5]
    full = [r.id_number for g in data.grids for r in g.rows]
    assert len(printed) == len(full) > 250  # the 在册 of 300 demo members
    for cells, number in zip(printed, full):
        gender, masked, birth = cells[2], cells[4], cells[5]
        assert masked in text and number not in text
        assert consistent_numbers(masked, birth, gender) >= ENOUGH, (masked, birth, gender)
    assert not re.search(r"\d{7}", re.sub(r"1[3-9]\d{9}", "", text))  # no long digit run but phone numbers


def test_reader_member_table_cannot_be_rebuilt_or_searched(demo_db) -> None:  # type: ignore[no-untyped-def]
    accounts.create_first_admin(demo_db, "admin", "admin-pass-1")
    full = {r[0]: r[3] for r in member_table(demo_db, MemberQuery())}
    accounts.add_account(demo_db, "reader", "查阅", "reader-pass-1")
    accounts.login(demo_db, "reader", "reader-pass-1")
    rows = member_table(demo_db, MemberQuery())
    col = {name: i for i, name in enumerate(TABLE_COLUMNS)}
    for row in rows:
        masked = row[col["id_number"]]
        assert masked == idcard.mask(full[row[0]]) and masked != full[row[0]]
        assert consistent_numbers(masked, row[col["birth_date"]], row[col["gender"]]) >= ENOUGH
    number = next(iter(full.values()))
    for hidden in (number[6:14], number[14:], number[4:6] + number[6:10]):
        assert member_table(demo_db, MemberQuery(text=hidden)) == []
