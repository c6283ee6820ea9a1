"""The attack set of issue 9.6, rerun on every import verb: bad and odd files fed to `main.py import KIND FILE`
on a copy of the 600-member demo (all areas). Prints figures, asserts nothing.

    python bench/attack.py [--workdir DIR] [--kinds members,decisions,…]

For each kind and each file: the exit status, whether stderr holds a Python traceback, whether the process died
(a signal, e.g. 134 from an abort) or hung (60 s), and, when the import was refused (exit ≠ 0), whether any table
other than the audit log changed. The files: empty, random bytes, a truncated workbook, a zip that is not one, a
directory named .xlsx, a FIFO named .csv, a name starting with '-', UTF-16 of odd length and with a lone
surrogate, Big5 / Shift-JIS / UTF-32 text, a header only, NUL and bidi control characters, a 100,000-character
cell, a stray cell at XFD65536, formulas and error cells, impossible dates and counts, 5,000 garbage rows under the
right header, and the right header with one good-looking row per column type. Each kind's header is the one its
export writes (or its help text names).
"""
from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADERS: dict[str, list[str]] = {k: v.split() for k, v in {
    "members": "姓名 性别 公民身份号码 民族 出生日期 学历 人员类别 入党日期 转正日期 "
        "所在村 所在网格 联系电话 家庭住址",
    "households": "村（社区） 网格 户主 住址 人口 户类型 联系的党员中心户 联系电话",
    "visits": "户主 村（社区） 走访日期 走访人 走访方式 了解情况 办理事项",
    "four-ones": "村（社区） 分类 星级 区市领导 区市领导职务 区市领导电话 镇街领导 "
        "镇街领导职务 镇街领导电话 结对部门 部门联系人 部门联系电话 第一书记 "
        "第一书记派出单位 第一书记职务 第一书记电话 驻村开始日期 驻村结束日期",
    "assistance-log": "村 帮扶人 日期 方式 了解情况 办理事项 资金项目 结果 需镇街协调",
    "cadres": "村（社区） 姓名 公民身份号码 职务 任职日期 离任日期 产生方式 是否一肩挑",
    "rectification": "村（社区） 问题描述 问题来源 发现日期 责任单位 责任人 整改措施 整改时限 "
        "整改进展 完成日期 状态",
    "projects": "工程名称 村（社区） 金额（万元） 实施主体 承建方 开工日期 完工日期 "
        "是否经民主决策程序 关联关系声明",
    "cadre-businesses": "经营主体名称 经营者 与村干部关系 村干部姓名 村（社区）",
    "secretary-filings": "村（社区） 姓名 公民身份号码 职务 任职日期 产生方式 是否一肩挑 "
        "任期届满日期 资格联审结果 资格联审日期 备案日期 备案编号 镇党委意见",
    "evaluation": "村（社区） 姓名 政治引领 发展集体经济 基层治理 服务群众 廉洁自律",
    "decisions": "村（社区） 事项名称 事项类别 金额（万元） 步骤 日期 应到人数 实到人数 "
        "赞成 反对 弃权 结果",
}.items()}
YEAR_KINDS = ("four-ones", "evaluation")
ODD_VALUES = ("", "0", "-1", "1e308", "NaN", "2099-13-45", "0000-00-00", "二〇〇一年十月一日", "=1+1", "#REF!",
              "王\x7f", "王\u202e伟gnp.exe", "\u200b\u200b", "😀" * 20, "a" * 5000, "1900-01-00",
              "99999999999999999999")


def write_xlsx(path: Path, rows: list[list[object]], stray: str = "") -> Path:
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    if stray:
        ws[stray] = "x"
    wb.save(path)
    return path


def files(kind: str, out: Path, rng: random.Random) -> list[Path]:
    header = HEADERS[kind]
    d = out / kind
    d.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []

    def add(name: str, data: bytes | str) -> None:
        p = d / name
        p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        made.append(p)
    add("empty.xlsx", b"")
    add("empty.csv", b"")
    add("random.xlsx", bytes(rng.randrange(256) for _ in range(4000)))
    good = write_xlsx(d / "good.xlsx", [header, [f"值{i}" for i in range(len(header))]])
    made.append(good)
    add("truncated.xlsx", good.read_bytes()[: len(good.read_bytes()) // 2])
    import zipfile
    with zipfile.ZipFile(d / "notxlsx.xlsx", "w") as z:
        z.writestr("hello.txt", "不是工作簿")
    made.append(d / "notxlsx.xlsx")
    (d / "folder.xlsx").mkdir(exist_ok=True)
    made.append(d / "folder.xlsx")
    fifo = d / "fifo.csv"
    if not fifo.exists():
        os.mkfifo(fifo)
    made.append(fifo)
    csv = ",".join(header) + "\n" + ",".join("1" for _ in header) + "\n"
    add("-dash.csv", csv)
    add("utf16-odd.csv", ("\ufeff" + csv).encode("utf-16-le") + b"\x00")
    add("utf16-surrogate.csv", b"\xff\xfe" + csv.encode("utf-16-le") + b"\x00\xd8")
    add("big5.csv", csv.replace("（", "(").replace("）", ")").encode("big5", errors="replace"))
    add("sjis.csv", csv.encode("shift_jis", errors="replace"))
    add("utf32.csv", csv.encode("utf-32"))
    add("header-only.csv", ",".join(header) + "\n")
    add("nul.csv", ",".join(header) + "\n" + ",".join("\x00" for _ in header) + "\n")
    add("bidi.csv", ",".join(header) + "\n" + ",".join("王\u202e伟gnp.exe" for _ in header) + "\n")
    made.append(write_xlsx(d / "longcell.xlsx", [header, ["长" * 100_000 for _ in header]]))
    made.append(write_xlsx(d / "stray.xlsx", [header, ["x" for _ in header]], stray="XFD65536"))
    made.append(write_xlsx(d / "formulas.xlsx", [header, ["=1/0" if i % 2 else "#REF!" for i in range(len(header))]]))
    made.append(write_xlsx(d / "odd-values.xlsx", [header] + [[rng.choice(ODD_VALUES) for _ in header]
                                                             for _ in range(40)]))
    made.append(write_xlsx(d / "garbage-5000.xlsx", [header] + [
        ["".join(chr(rng.randrange(0x20, 0x9fff)) for _ in range(rng.randrange(1, 12))) for _ in header]
        for _ in range(5000)]))
    made.append(write_xlsx(d / "numbers.xlsx", [header] + [[rng.uniform(-1e9, 1e9) for _ in header]
                                                          for _ in range(30)]))
    return made


def content_hash(db: Path) -> str:
    """Every table but the audit log (a refused import may record that it was refused)."""
    c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    h = hashlib.sha256()
    for (name,) in c.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                             " AND name NOT IN ('audit_log') ORDER BY name"):
        for row in c.execute(f"SELECT * FROM \"{name}\" ORDER BY rowid"):
            h.update(repr(row).encode())
    c.close()
    return h.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", default="")
    parser.add_argument("--kinds", default=",".join(HEADERS))
    args = parser.parse_args()
    work = Path(args.workdir or tempfile.mkdtemp(prefix="gridledger-attack-"))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("GRIDLEDGER_PASSWORD", None)
    db = work / "demo.db"
    if not db.exists():
        subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(db), "demo"], env=env, check=True,
                       capture_output=True)
    rng = random.Random(9)
    tried = tracebacks = crashes = hangs = changed = accepted = 0
    problems: list[str] = []
    started = time.perf_counter()
    for kind in args.kinds.split(","):
        for path in files(kind, work / "files", rng):
            # a name starting with '-' is typed as it is, from its folder (as a clerk would)
            name = path.name if path.name.startswith("-") else str(path)
            cmd = [sys.executable, str(ROOT / "main.py"), "--db", str(db), "import", kind, name]
            if kind in YEAR_KINDS:
                cmd += ["--year", "2026"]
            before = content_hash(db)
            tried += 1
            try:
                p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60, cwd=path.parent)
            except subprocess.TimeoutExpired:
                hangs += 1
                problems.append(f"HANG {kind} {path.name}")
                continue
            after = content_hash(db)
            if "Traceback" in p.stderr:
                tracebacks += 1
                problems.append(f"TRACEBACK {kind} {path.name}: {p.stderr.strip().splitlines()[-1]}")
            if p.returncode < 0 or p.returncode > 2:
                crashes += 1
                sig = signal.Signals(-p.returncode).name if p.returncode < 0 else p.returncode
                problems.append(f"CRASH {kind} {path.name}: {sig}")
            if p.returncode != 0 and after != before:
                changed += 1
                problems.append(f"CHANGED BY A REFUSAL {kind} {path.name}")
            if p.returncode == 0:
                accepted += 1
            elif not p.stderr.strip() and not p.stdout.strip():  # the roster engine lists its rows on stdout
                problems.append(f"NO REASON {kind} {path.name} (exit {p.returncode})")
    took = time.perf_counter() - started
    print(f"{len(args.kinds.split(','))} import kinds, {tried} files tried in {took:.0f} s: {tracebacks} tracebacks, "
          f"{crashes} crashes, {hangs} hangs, {changed} refusals that changed data, {accepted} accepted")
    for line in problems:
        print(" ", line)
    if not args.workdir:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
