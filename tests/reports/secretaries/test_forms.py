"""The 村党组织书记备案表 (one A4 page per secretary, the paper form's boxes) and the year's evaluation table, read
back with pypdf."""
from __future__ import annotations

import io

from pypdf import PdfReader

from models import secretaries as sc
from reports.secretaries import build_evaluation, build_filing_forms
from reports.styles import ReportOptions

OPTIONS = ReportOptions(invariant=True)


def form(name: str, version: int = 1, **kw: object) -> sc.FilingForm:
    base: dict[str, object] = dict(
        village="院上村", name=name, id_number="370285197005060011",
        person={"gender": "男", "ethnicity": "汉族", "birth_date": "1970-05-06", "education": "高中",
                "join_date": "1995-07-01", "phone": "13912345678"},
        post="书记", appointed_by="选举", appointment_date="2021-12-20", one_shoulder=True, term_end="2026-12-20",
        review="通过（2021-12-01）", resume=(("2015.01-2021.12", "院上村村委委员"),),
        family=(("妻子", "李秀英", "群众", "务农"),), rewards="2023年度优秀党务工作者", opinion="同意备案",
        filing_date="2022-01-10", filing_number="院备〔2022〕1号", version=version, state="已备案")
    base.update(kw)
    return sc.FilingForm(**base)  # type: ignore[arg-type]


def test_one_a4_page_per_secretary_with_the_paper_forms_boxes() -> None:
    data = sc.FilingData("院上镇", "全镇", (form("张三", 2), form("李四", 0, state="未备案", filing_number="", opinion="", rewards="")))
    out = io.BytesIO()
    build_filing_forms(data, out, options=OPTIONS)
    pdf = PdfReader(out)
    assert len(pdf.pages) == 2
    assert [round(float(x)) for x in pdf.pages[0].mediabox[2:]] == [595, 842]  # A4 portrait
    first = pdf.pages[0].extract_text()
    for text in ("村党组织书记备案表", "（照片）", "主要经历", "院上村村委委员", "家庭成员及主要社会关系", "李秀英",
                 "奖惩情况", "2023年度优秀党务工作者", "村党组织意见", "镇党委意见", "同意备案", "签字", "盖章",
                 "院备〔2022〕1号", "第 2 版", "2026-12-20", "3702**************"):
        assert text in first, text
    assert "370285197005060011" not in first  # masked unless full_id
    second = pdf.pages[1].extract_text()
    assert "李四" in second and "未备案" in second and "同意备案" not in second and "院备" not in second


def test_full_id_when_asked() -> None:
    out = io.BytesIO()
    build_filing_forms(sc.FilingData("院上镇", "院上村", (form("张三"),)), out,
                       options=ReportOptions(invariant=True, full_id=True))
    assert "370285197005060011" in PdfReader(out).pages[0].extract_text()


def test_evaluation_table_weights_totals_and_ranking_only_when_on() -> None:
    rows = (("院上村", "张三", (90.0, 80.0), 86.0, 1), ("姜家庄村", "李四", (70.0, None), None, None))
    for ranking in (False, True):
        out = io.BytesIO()
        build_evaluation(sc.EvaluationData("院上镇", 2026, (("政治引领", 60.0), ("服务群众", 40.0)), rows, ranking),
                         out, options=OPTIONS)
        text = PdfReader(out).pages[0].extract_text()
        assert "村党组织书记履职评估表" in text and "2026 年度" in text
        assert "（权重 60）" in text and "86" in text and "未评完" in text
        assert ("排名" in text) is ranking
        assert ("本年度不列名次" in text) is not ranking
