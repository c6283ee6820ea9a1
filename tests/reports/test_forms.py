"""The four forms rendered from dataclasses made here and read back with pypdf: names, totals, signature
labels, page counts, repeated headers, masking, embedded fonts."""
from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from pypdf import PdfReader

from models import assistance as aid
from models import decisions as dc
from models import idcard
from models import secretaries as sc
from models.entities import Member
from models.households import LinkedData, LinkedGrid, LinkedRow
from models.report_data import (
    AGE_BANDS,
    CentralData,
    CentralGrid,
    CentralRow,
    GridRows,
    MemberFormData,
    RosterData,
    RosterRow,
    StatisticsData,
    StatRow,
    education_band_names,
)
from models.supervision import InspectionData, RectificationData
from reports import REPORTS, render
from reports.central_households import build_central_households
from reports.member_form import SIGNATURES, build_member_forms
from reports.roster import build_roster
from reports.statistics import build_statistics
from reports.styles import ReportTooLarge
from tests.reports.conftest import fonts, options, pages_text


def number(i: int) -> str:
    return idcard.make("370285", dt.date(1960, 1, 1) + dt.timedelta(days=i % 9000), i % 1000)


def roster_row(i: int, **kw: Any) -> RosterRow:
    values: dict[str, Any] = dict(name=f"党员{i:05d}", gender="男", ethnicity="汉族", id_number=number(i),
                                  birth_date="1960-01-01", education="初中", category="正式党员",
                                  join_date="1990-07-01", full_date="1991-07-01", phone="13800000000",
                                  address=f"院上村{i}号")
    values.update(kw)
    return RosterRow(**values)


def roster(sizes: dict[tuple[str, str], int]) -> RosterData:
    grids, i = [], 0
    for (village, grid), n in sizes.items():
        grids.append(GridRows(village, grid, tuple(roster_row(i + k) for k in range(n))))
        i += n
    return RosterData("院上镇", "全镇", tuple(grids))


def test_roster_lists_members_by_village_and_grid_with_subtotals_and_total(render: Any) -> None:
    data = roster({("院上村", "第一网格"): 3, ("院上村", "第二网格"): 2, ("姜家庄村", "第一网格"): 1})
    data = RosterData(data.town, data.scope, data.grids[:2] + (GridRows("姜家庄村", "第一网格", (
        roster_row(99, name="姜秀英", gender="女", category="预备党员", full_date=""),)),))
    text = "\n".join(pages_text(render(build_roster, data)))
    assert "党员花名册" in text and "院上镇" in text and "2026年11月26日" in text
    assert "院上村　第一网格（3 名）" in text and "院上村　第二网格（2 名）" in text
    assert "院上村小计：党员 5 名，其中正式党员 5 名、预备党员 0 名" in text
    assert "姜家庄村小计：党员 1 名，其中正式党员 0 名、预备党员 1 名" in text
    assert "合计：2 个村（社区），党员 6 名，其中正式党员 5 名、预备党员 1 名" in text
    assert "姜秀英" in text and "党员00004" in text
    for label in ("填表人", "审核人", "填报单位（盖章）"):
        assert label in text


def test_roster_masks_identity_numbers_unless_full_ids_are_asked(render: Any) -> None:
    data = roster({("院上村", "第一网格"): 2})
    full = data.grids[0].rows[0].id_number
    masked = render(build_roster, data)
    assert idcard.mask(full) in pages_text(masked)[0] and full not in pages_text(masked)[0]
    assert "公民身份号码已部分隐藏" in pages_text(masked)[0]
    shown = pages_text(render(build_roster, data, full_id=True))[0]
    assert full in shown and "已部分隐藏" not in shown


def test_long_roster_repeats_headers_and_never_splits_a_row(render: Any) -> None:
    rows = tuple(roster_row(i, address="院上村" + "很长的地址" * (6 if i % 7 == 0 else 0) + f"{i}号")
                 for i in range(200))
    pages = pages_text(render(build_roster, RosterData("院上镇", "院上村", (GridRows("院上村", "第一网格", rows),))))
    assert len(pages) == 9
    found = []
    for n, text in enumerate(pages, start=1):
        assert "序号" in text and "公民身份号码" in text and "家庭住址" in text, f"page {n} lost its header"
        assert f"第 {n} 页  共 9 页" in text and "党员花名册" in text
        found += [int(x) for x in re.findall(r"党员(\d{5})", text)]
    assert found == list(range(200))  # every member once, in order: no row cut in two


def test_a_row_longer_than_a_page_is_refused_by_name(render: Any) -> None:
    rows = (roster_row(1), roster_row(2, remarks="很长的备注" * 600))
    with pytest.raises(ReportTooLarge, match="“2　党员00002”这一行内容太多"):
        render(build_roster, RosterData("院上镇", "院上村", (GridRows("院上村", "第一网格", rows),)))


def test_empty_roster_still_prints_a_form(render: Any) -> None:
    text = pages_text(render(build_roster, RosterData("院上镇", "院上村", ())))[0]
    assert "没有符合条件的党员" in text and "合计：0 个村（社区），党员 0 名" in text


@pytest.mark.slow
def test_ten_thousand_member_roster_renders(render: Any) -> None:
    sizes = {(f"第{v:02d}村", f"第{g}网格"): 250 for v in range(10) for g in range(4)}
    reader = PdfReader(io.BytesIO(render(build_roster, roster(sizes))))
    assert len(reader.pages) > 300
    last = reader.pages[-1].extract_text()
    assert "合计：10 个村（社区），党员 10000 名" in last and f"共 {len(reader.pages)} 页" in last


def member(name: str, **kw: Any) -> Member:
    values: dict[str, Any] = dict(id_number=number(len(name)), village_id=1, gender="女", ethnicity="回族",
                                  birth_date="1972-03-04", education="大学本科", category="正式党员",
                                  branch="院上镇院上村党支部", join_date="1995-07", full_date="1996-07",
                                  job="农民", phone="13912345678", address="院上村88号", mobile=True,
                                  outflow="江苏省苏州市昆山市", village_name="院上村", grid_name="第二网格",
                                  is_central=True, linked_households=11)
    values.update(kw)
    return Member(name=name, **values)


def test_member_form_one_page_each_with_all_items_and_signature_lines(render: Any) -> None:
    members = (member("王秀兰"), member("李建国", gender="男", category="预备党员", full_date=""), member("赵强"))
    pages = pages_text(render(build_member_forms, MemberFormData("院上镇", "院上村", members)))
    assert len(pages) == 3
    first = pages[0]
    for label in ("姓名", "性别", "民族", "公民身份号码", "出生日期", "学历", "人员类别", "所在党支部",
                  "加入党组织日期", "工作岗位", "联系电话", "家庭住址", "党籍状态", "是否为失联党员",
                  "是否为流动党员", "外出流向", "所在村（社区）", "所在网格", "是否党员中心户"):
        assert label in first
    assert "转为正式党员" in first  # wraps inside its label cell
    for value in ("王秀兰", "回族", "1972.03.04", "大学本科", "1995.07", "院上镇院上村党支部", "江苏省苏州市昆山市",
                  "第二网格", "联系户数\n11"):
        assert value in first
    for label in SIGNATURES:
        assert label in first
    assert first.count("年") >= 4 and "第 1 页  共 3 页" in first
    assert "李建国" in pages[1] and "预备党员" in pages[1] and "赵强" in pages[2]
    assert idcard.mask(members[0].id_number) in first


def test_member_form_full_identity_number_on_request(render: Any) -> None:
    m = member("王秀兰")
    assert m.id_number in pages_text(render(build_member_forms, MemberFormData("院上镇", "", (m,)), full_id=True))[0]


def test_central_household_roster_per_grid_with_linked_counts(render: Any) -> None:
    data = CentralData("院上镇", "全镇", (
        CentralGrid("院上村", "第一网格", "刘德胜", (
            CentralRow("张桂英", "女", "1965-02-03", "正式党员", "13800000001", "院上村1号", 10),
            CentralRow("孙立新", "男", "1970-08-09", "正式党员", "13800000002", "院上村2号", 12))),
        CentralGrid("院上村", "第二网格", "", ()),
    ))
    text = "\n".join(pages_text(render(build_central_households, data)))
    assert "党员中心户名册" in text and "网格长：刘德胜" in text
    assert "张桂英" in text and "孙立新" in text
    assert "党员中心户 2 户，联系户 22 户" in text
    assert "第二网格" in text and "本网格暂无党员中心户" in text
    assert "合计：2 个网格，党员中心户 2 户，联系户 22 户" in text
    assert "填表人" in text and "填报单位（盖章）" in text


def test_statistics_table_per_village_with_town_total(render: Any) -> None:
    edu = education_band_names()
    a = StatRow("院上村", 10, 9, 1, 7, 3, (1, 2, 3, 1, 2, 1), (0, 1, 2, 3, 0, 4), 2, 1)
    b = StatRow("姜家庄村", 5, 5, 0, 4, 1, (0, 0, 1, 1, 1, 2), (0, 0, 0, 1, 1, 3), 1, 0)
    total = StatRow("合计", 15, 14, 1, 11, 4, (1, 2, 4, 2, 3, 3), (0, 1, 2, 4, 1, 7), 3, 1)
    data = StatisticsData("院上镇", "全镇", 2026, dt.date(2026, 11, 26), AGE_BANDS, edu, (a, b), total)
    text = pages_text(render(build_statistics, data))[0]
    assert "党员统计汇总表" in text and "统计日期：2026年11月26日" in text
    for label in ("党员总数", "人员类别", "正式", "预备", "35岁及以下", "71岁及以上", "研究生", "初中及以下",
                  "党员中心户", "2026年转出", "镇（街道）党委（盖章）"):
        assert label in re.sub(r"\s", "", text)  # header labels wrap inside narrow cells
    column = "\n".join(c.strip() for c in text.splitlines())  # pypdf gives one cell per line

    def row(*cells: object) -> str:
        return "\n".join(str(c) for c in cells)
    assert column.count(row(1, "院上村", 10, 9, 1, 7, 3, 1, 2, 3, 1, 2, 1, 0, 1, 2, 3, 0, 4, 2, 1)) == 1
    assert column.count(row("合计", 15, 14, 1, 11, 4, 1, 2, 4, 2, 3, 3, 0, 1, 2, 4, 1, 7, 3, 1)) == 1


def _sample(kind: str) -> Any:
    return {
        "member-form": MemberFormData("院上镇", "全镇", (member("王秀兰"),)),
        "roster": roster({("院上村", "第一网格"): 3}),
        "central-households": CentralData("院上镇", "全镇", (CentralGrid("院上村", "第一网格", "", ()),)),
        "statistics": StatisticsData("院上镇", "全镇", 2026, dt.date(2026, 11, 26), AGE_BANDS,
                                     education_band_names(), (), StatRow("合计", education=(0,) * 6)),
        "rectification": RectificationData("院上镇", "全镇", dt.date(2026, 11, 26), ()),
        "inspection": InspectionData("院上镇", "全镇", ()),
        "linked-households": LinkedData("院上镇", "全镇", (LinkedGrid("院上村", "第一网格", "", (
            LinkedRow("刘德山", "东街8号", 4, "", "低保", False, "", ""),)),)),
        "secretary-filing": sc.FilingData("院上镇", "全镇", (sc.FilingForm(
            "院上村", "王建国", "", {}, "书记", "选举", "2021-03-01", False, "2026-03-01", "", (), (), "", "", "", "",
            0, "未备案"),)),
        "evaluation": sc.EvaluationData("院上镇", 2026, (("政治引领", 100.0),), (("院上村", "王建国", (90.0,), 90.0,
                                                                                    None),), False),
        "four-ones": aid.FourOnesData("院上镇", "全镇", 2026, dt.date(2026, 11, 26), (aid.VillageSheet(
            "院上村", "强基", 2, "2026-01-18", "村集体收入突破十万元", (
                aid.SlotLine("区市领导联系", aid.Person("王建国", "区人大常委会副主任", "13800000001"), entries=3,
                             last_log="2026-11-01"),
                aid.SlotLine("镇街领导帮包", aid.Person("李明", "党委委员、副镇长", "13800000002")),
                aid.SlotLine("区市部门结对", aid.Person("区人力资源社会保障局", contact="赵强", phone="0532-88886666")),
                aid.SlotLine("第一书记驻点", None)), 3, 12.5, 1, ("2026-11-01 走访：协调修缮村路灯（路灯项目，金额 3.5）",)),)),
        "decision": dc.RegisterData("院上镇", "全镇", (dc.Register(
            "院上村", "集体果园承包（含配套道路硬化和灌溉设施改造的一揽子事项）", "土地承包租赁", "35 万元", "", "有问题",
            1, False, tuple(dc.StepLine(name, dc.RULES[rule], "2026-10-01", "40", "26", "25/1/0",
                                        "通过（全体代表表决，赞成票过半，会后张贴于村务公开栏）",
                                        ("实到 26 人，不足应到 40 人的三分之二（至少 27 人），会议无效",) if n == 3 else ())
                            for n, (name, rule) in enumerate(dc.DEFAULT_STEPS))),)),
    }[kind]


@pytest.mark.parametrize("kind", sorted(REPORTS))
def test_every_form_embeds_its_chinese_font_and_is_deterministic(kind: str) -> None:
    outs = []
    for _ in range(2):
        out = io.BytesIO()
        pages = render(kind, _sample(kind), out, options())
        outs.append(out.getvalue())
    assert pages == len(pages_text(outs[0])) >= 1
    used = fonts(outs[0])
    assert used and all(embedded for _, embedded in used), used
    assert outs[0] == outs[1]


def test_page_callback_can_cancel_a_report() -> None:
    from reports.styles import ReportCancelled

    def stop(n: int) -> None:
        if n == 2:
            raise ReportCancelled
    with pytest.raises(ReportCancelled):
        render("roster", roster({("院上村", "第一网格"): 100}), io.BytesIO(), options(on_page=stop))


def _text_runs(pdf: bytes) -> list[tuple[float, float, str, float]]:
    """(page width, x, text, font size) of every text run ReportLab placed (its matrices only translate)."""
    from pypdf import PdfReader
    runs: list[tuple[float, float, str, float]] = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        width = float(page.mediabox.width)

        def visit(text: str, cm: Any, tm: Any, font: Any, size: float, width: float = width) -> None:
            if text.strip():
                runs.append((width, cm[4] + tm[4] * cm[0], text, size * (tm[0] or 1)))
        page.extract_text(visitor_text=visit)
    return runs


@pytest.mark.parametrize("kind", sorted(REPORTS))
def test_nothing_runs_off_the_right_edge(kind: str) -> None:
    """A signature line with a long seal on a portrait page once lost its 日 past the margin."""
    runs = _text_runs(_rendered(kind))
    assert runs
    for page_width, x, text, size in runs:
        text = text.rstrip()
        ems = sum(1 if ord(ch) > 0x2E80 else 0.28 if ch in " \xa0" else 0.55 for ch in text)  # a space: ~a 4th em
        end = x + size * ems
        assert end <= page_width - 5, (kind, text, round(x), round(end), page_width)


def _rendered(kind: str) -> bytes:
    out = io.BytesIO()
    render(kind, _sample(kind), out, options())
    return out.getvalue()
