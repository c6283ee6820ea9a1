"""Page layout a clerk notices on paper, read back with pypdf: column labels break only between words (or are set
smaller), a page that continues a grid repeats its heading with （续）, and a subtotal or total never stands alone
at the top of a page."""
from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from models.report_data import (
    AGE_BANDS,
    CentralData,
    CentralGrid,
    CentralRow,
    GridRows,
    MemberFormData,
    RosterData,
    StatisticsData,
    StatRow,
    education_band_names,
)
from reports.central_households import build_central_households
from reports.member_form import build_member_forms
from reports.roster import build_roster
from reports.statistics import build_statistics
from tests.reports.conftest import pages_text
from tests.reports.test_forms import member, roster_row


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def body(page: str, last_label: str = "备注") -> list[str]:
    """The lines of one page after its column headers (pypdf gives one table cell per line); [] for a page
    without a table (the signature lines may end up alone on the last page)."""
    found = lines(page)
    return found[found.index(last_label) + 1:] if last_label in found else []


def statistics(rows: int = 2) -> StatisticsData:
    edu = education_band_names()
    village = [StatRow(f"第{i:02d}村", 10, 9, 1, 7, 3, (1, 2, 3, 1, 2, 1), (0, 1, 2, 3, 0, 4), 2, 1)
               for i in range(rows)]
    total = StatRow("合计", 10 * rows, 9 * rows, rows, 7 * rows, 3 * rows, (rows,) * 6, (rows,) * 6, 2 * rows, rows)
    return StatisticsData("院上镇", "全镇", 2026, dt.date(2026, 11, 26), AGE_BANDS, edu, tuple(village), total)


def test_statistics_header_labels_break_only_between_words(render: Any) -> None:
    header = lines(pages_text(render(build_statistics, statistics()))[0])
    header = header[:header.index("1")]  # up to the first row's 序号
    for whole in ("序号", "村（社区）", "党员总数", "人员类别", "性别", "年龄", "学历", "正式", "预备", "研究生", "中专",
                  "高中", *AGE_BANDS[1:5]):
        assert whole in header, whole  # fits its cell: one line (36-45岁 a little smaller)
    for first, second in (("大学", "本科"), ("大学", "专科"), ("党员", "中心户"), ("2026年", "转出"),
                          ("35岁", "及以下"), ("71岁", "及以上"), ("初中", "及以下")):
        assert second in header and first in header, (first, second)
    for broken in ("大学本", "科", "党员中", "心户", "2026", "年转出", "35岁及", "以下", "36-45", "岁"):
        assert broken not in header, broken


def test_member_form_label_is_not_split_inside_a_word(render: Any) -> None:
    page = lines(pages_text(render(build_member_forms, MemberFormData("院上镇", "院上村", (member("王秀兰"),))))[0])
    for label in ("转为正式党员日期", "加入党组织日期", "是否为失联党员", "是否党员中心户"):
        assert label in page, label
    assert "期" not in page and "转为正式党员日" not in page


def grid_rows(start: int, n: int) -> tuple[Any, ...]:
    return tuple(roster_row(start + k) for k in range(n))


def test_roster_page_continuing_a_grid_repeats_its_heading_marked_continued(render: Any) -> None:
    data = RosterData("院上镇", "全镇", (GridRows("院上村", "第一网格", grid_rows(0, 70)),
                                        GridRows("院上村", "第二网格", grid_rows(70, 50)),
                                        GridRows("姜家庄村", "第一网格", grid_rows(120, 30))))
    pages = pages_text(render(build_roster, data))
    assert len(pages) >= 5
    continued = 0
    for n, page in enumerate(pages[1:], start=2):
        first = body(page)[0]
        assert "网格" in first, f"page {n} starts with {first!r}, not a grid heading"
        if "（续）" in first:
            continued += 1
            village, grid = first.removesuffix("（续）").split("　")
            number = int(body(page)[1])  # the first member on the page belongs to that grid
            expected = ("院上村", "第一网格") if number <= 70 else ("院上村", "第二网格") if number <= 120 else (
                "姜家庄村", "第一网格")
            assert (village, grid) == expected, (n, first, number)
        else:
            assert "名）" in first  # a grid that begins on this page: its own heading with the count
    assert continued >= 3


@pytest.mark.parametrize("size", range(22, 34))
def test_village_subtotal_never_starts_a_page(render: Any, size: int) -> None:
    """Whatever the village's size, its subtotal follows at least one of its own rows on the same page, and the
    town total never stands alone either."""
    data = RosterData("院上镇", "全镇", (GridRows("院上村", "第一网格", grid_rows(0, size)),
                                        GridRows("姜家庄村", "第一网格", grid_rows(size, size + 1))))
    pages = pages_text(render(build_roster, data))
    for n, page in enumerate(pages[1:], start=2):
        rows = body(page)
        if not rows:
            continue
        if rows[0].endswith("（续）"):
            rows = rows[1:]
        assert "小计" not in rows[0] and not rows[0].startswith("合计"), (size, n, rows[:2])
    text = "\n".join(pages)
    assert f"院上村小计：党员 {size} 名" in text and f"姜家庄村小计：党员 {size + 1} 名" in text
    assert f"合计：2 个村（社区），党员 {2 * size + 1} 名" in text


def test_central_household_pages_repeat_the_grid_heading(render: Any) -> None:
    rows = tuple(CentralRow(f"中心户{i:03d}", "男", "1965-02-03", "正式党员", "13800000001", f"院上村{i}号", 10)
                 for i in range(60))
    pages = pages_text(render(build_central_households, CentralData("院上镇", "全镇", (
        CentralGrid("院上村", "第一网格", "刘德胜", rows),))))
    assert len(pages) >= 2
    for page in pages[1:]:
        assert body(page)[0] == "院上村　第一网格（续）"


def test_statistics_total_keeps_company_on_a_long_table(render: Any) -> None:
    for rows in range(20, 30):
        pages = [lines(p) for p in pages_text(render(build_statistics, statistics(rows)))]
        page = next(p for p in pages if "合计" in p)
        before = page[page.index("合计") - 1]
        assert before.isdigit(), (rows, before)  # the last village's last cell, not a column label


@pytest.mark.parametrize("size", range(24, 32))
def test_signature_lines_never_stand_alone_on_the_last_page(render: Any, size: int) -> None:
    data = RosterData("院上镇", "全镇", (GridRows("院上村", "第一网格", grid_rows(0, size)),))
    pages = pages_text(render(build_roster, data))
    last = lines(pages[-1])
    assert "填表人：" in last and f"合计：1 个村（社区），党员 {size} 名" in "\n".join(last)
    assert body(pages[-1])[0] == "院上村　第一网格（续）" or len(pages) == 1
    numbers = [int(x) for p in pages for x in body(p) if x.isdigit() and len(x) <= 3]
    assert numbers == list(range(1, size + 1))  # every member once, in order
