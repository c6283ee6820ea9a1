"""The spreadsheets of the area: `import secretary-filings` / `export secretary-filings` (one row per filing, in
the issue's columns) and `import evaluation` / `export evaluation` (村（社区）, 姓名, one column per indicator of the
year, then 加权总分). Imports are all-or-nothing; each error names the sheet, row, column and value."""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .. import clock, supervision
from ..audit import changing
from ..db import LedgerDB
from ..errors import Refused
from ..importing.read import read_file
from ..org import find_village
from .evaluation import evaluation, indicators, save_scores, year_secretaries
from .filings import Filing, current_filing, filing_history, save_filing
from .queries import secretaries
from .rules import SECRETARY_POST, SecretaryError, yes_no

FILING_COLUMNS = ("村（社区）", "姓名", "公民身份号码", "职务", "任职日期", "产生方式", "是否一肩挑", "任期届满日期",
                  "资格联审结果", "资格联审日期", "备案日期", "备案编号", "镇党委意见")
_SYNONYMS = {"村": "村（社区）", "村(社区)": "村（社区）", "村社区": "村（社区）", "所在村（社区）": "村（社区）",
             "身份证号": "公民身份号码", "身份证号码": "公民身份号码", "一肩挑": "是否一肩挑"}


class SheetRefused(Refused):
    """An import refused as a whole; the message lists every row's reason."""


@dataclass(frozen=True)
class ImportResult:
    filed: int       # new filings
    versions: int    # new versions of a filed record
    unchanged: int


def _text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _table(path: str | Path, required: tuple[str, ...]) -> tuple[str, list[str], list[tuple[int, dict[str, Any]]]]:
    sheets = [s for s in read_file(path) if s.rows]
    if not sheets:
        raise SheetRefused(f"文件“{Path(path).name}”中没有数据")
    sheet = sheets[0]
    header = [_SYNONYMS.get(_text(h).replace(" ", ""), _text(h).replace(" ", "")) for h in sheet.rows[0]]
    missing = [c for c in required if c not in header]
    if missing:
        raise SheetRefused(f"工作表“{sheet.name}”第 1 行缺少列：{'、'.join(missing)}")
    rows = []
    for n, raw in enumerate(sheet.rows[1:], start=2):
        if not any(_text(v) for v in raw):
            continue
        rows.append((n, {h: raw[i] if i < len(raw) else None for i, h in enumerate(header) if h}))
    return sheet.name, header, rows


def _cadre(db: LedgerDB, where: str, village: str, name: str, id_number: str) -> supervision.Cadre:
    v = find_village(db, village)
    if v is None:
        raise SecretaryError(f"{where}“村（社区）”列：没有名为“{village}”的村（社区）")
    today = clock.today().isoformat()
    found = [c for c in supervision.list_cadres(db, v.id) if (not c.end_date or c.end_date >= today)
             and ((id_number and c.id_number == id_number.upper()) or (not id_number and c.name == name))]
    if not found:
        raise SecretaryError(f"{where}“姓名”列：{name}（{id_number or '无身份号码'}）不是{village}的现任村干部"
                             "（请先在“监督”页的村干部名单中登记）")
    return found[0]


def import_filings(db: LedgerDB, path: str | Path) -> ImportResult:
    sheet, _, rows = _table(path, ("村（社区）", "姓名", "任职日期", "产生方式", "备案日期", "备案编号"))
    errors: list[str] = []
    filed = versions = unchanged = 0
    with changing(db, "导入书记备案", "import"):
        for n, r in rows:
            where = f"工作表“{sheet}”第 {n} 行"
            try:
                post = _text(r.get("职务")) or SECRETARY_POST
                c = _cadre(db, where, _text(r.get("村（社区）")), _text(r.get("姓名")), _text(r.get("公民身份号码")))
                if post != SECRETARY_POST or c.post != SECRETARY_POST:
                    raise SecretaryError(f"{where}“职务”列：“{post}”（名单中为“{c.post}”）不是书记")
                old = current_filing(db, c.id or 0)
                base = old or Filing(c.id or 0, "", "", "", "")
                f = replace(base, appointed_by=_text(r.get("产生方式")),
                            appointment_date=r.get("任职日期"),  # type: ignore[arg-type]
                            one_shoulder=yes_no(r.get("是否一肩挑"), f"{where}“是否一肩挑”列"),
                            term_end=r.get("任期届满日期") or "", review_result=_text(r.get("资格联审结果")),  # type: ignore[arg-type]
                            review_date=r.get("资格联审日期") or "", filing_date=r.get("备案日期"),  # type: ignore[arg-type]
                            filing_number=_text(r.get("备案编号")), opinion=_text(r.get("镇党委意见")),
                            id=None)
                fid = save_filing(db, f)
                if old is None:
                    filed += 1
                elif fid == old.id:
                    unchanged += 1
                else:
                    versions += 1
            except SecretaryError as exc:
                msg = str(exc)
                errors.append(msg if msg.startswith(where) else f"{where}：{msg}")
        if errors:
            raise SheetRefused("书记备案未导入（全部未写入），请改正以下错误：\n" + "\n".join(errors))
    return ImportResult(filed, versions, unchanged)


def filing_rows(db: LedgerDB, *, all_versions: bool = False) -> list[list[str]]:
    """The filings in the import's columns (the current version of each; every version when asked)."""
    out = []
    for s in secretaries(db):
        versions = filing_history(db, s.cadre_id) if all_versions else [s.filing] if s.filing else []
        for f in versions:
            out.append([s.village, s.name, s.id_number, f.post, f.appointment_date, f.appointed_by,
                        "是" if f.one_shoulder else "否", f.term_end, f.review_result, f.review_date, f.filing_date,
                        f.filing_number, f.opinion])
    return out


def import_evaluation(db: LedgerDB, path: str | Path, year: int) -> int:
    """Scores of the year from a sheet (村（社区）, 姓名, one column per indicator); returns the rows read."""
    names = [i.name for i in indicators(db, year)]
    sheet, header, rows = _table(path, ("村（社区）", "姓名", *names))
    extra = [h for h in header if h and h not in ("村（社区）", "姓名", "序号", "加权总分", "排名", *names)]
    if extra:
        raise SheetRefused(f"工作表“{sheet}”第 1 行：{year} 年没有这些指标：{'、'.join(extra)}"
                           f"（本年指标：{'、'.join(names)}）")
    cadres = {(c.village, c.name): c for c in year_secretaries(db, year)}
    errors: list[str] = []
    with changing(db, f"导入 {year} 年履职评估得分", "import"):
        for n, r in rows:
            where = f"工作表“{sheet}”第 {n} 行"
            key = (_text(r.get("村（社区）")), _text(r.get("姓名")))
            c = cadres.get(key)
            if c is None:
                errors.append(f"{where}“姓名”列：{key[1]}不是{key[0]} {year} 年在任的村党组织书记")
                continue
            try:
                save_scores(db, year, c.id or 0, {k: _text(r.get(k)) for k in names})
            except SecretaryError as exc:
                errors.append(f"{where}：{exc}")
        if errors:
            raise SheetRefused(f"{year} 年履职评估得分未导入（全部未写入），请改正以下错误：\n" + "\n".join(errors))
    return len(rows)


def evaluation_table(db: LedgerDB, year: int) -> tuple[list[str], list[list[object]]]:
    ev = evaluation(db, year)
    header = ["村（社区）", "姓名", *[i.name for i in ev.indicators], "加权总分"]
    header += ["排名"] if ev.show_ranking else []
    rows: list[list[object]] = []
    for r in ev.rows:
        rows.append([r.village, r.name, *[r.scores.get(i.name) for i in ev.indicators], r.total]
                    + ([r.rank] if ev.show_ranking else []))
    return header, rows
