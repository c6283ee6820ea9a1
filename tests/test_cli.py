"""The command line as a user runs it (subprocesses): demo, screenshot, and usage errors with exit status 2."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          env=env, timeout=120, cwd=ROOT)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "demo.db"
    done = cli("--db", str(path), "demo", "--members", "300")
    assert done.returncode == 0, done.stderr
    assert "300 名党员" in done.stdout
    return path


def distinct_colours(png: Path) -> int:
    from PySide6.QtGui import QImage
    image = QImage(str(png))
    assert not image.isNull()
    step = 7
    return len({image.pixel(x, y) for x in range(0, image.width(), step) for y in range(0, image.height(), step)})


def test_demo_refuses_a_database_that_has_members(demo_db: Path) -> None:
    again = cli("--db", str(demo_db), "demo")
    assert again.returncode == 1 and "已有党员数据" in again.stderr


@pytest.mark.slow
@pytest.mark.parametrize("page", ["members", "organization"])
def test_screenshot_writes_a_real_picture(demo_db: Path, tmp_path: Path, page: str) -> None:
    out = tmp_path / f"{page}.png"
    done = cli("--db", str(demo_db), "screenshot", "--page", page, "--out", str(out), "--size", "1024x640")
    assert done.returncode == 0, done.stderr
    assert out.exists() and distinct_colours(out) > 20  # text, table lines, selection: not a blank image
    from PySide6.QtGui import QImage
    assert QImage(str(out)).width() == 1024


@pytest.mark.parametrize("args, message", [
    (["screenshot", "--page", "nope", "--out", "x.png"], "可用的页面：home、organization、members"),
    (["screenshot", "--page", "members", "--out", "x.png", "--size", "big"], "1366x768"),
    (["demo", "--members", "abc"], "参数错误：--members 应为整数，不能是“abc”"),
    (["demo", "--members", "0"], "正整数"),
    (["frobnicate"], "参数错误：没有“frobnicate”这个命令，可选："),
    (["screenshot", "--page", "members"], "参数错误：缺少参数：--out"),
    (["check", "--foo"], "参数错误：无法识别的参数：--foo"),
    (["--db", ".", "check"], "是一个文件夹，--db 应指定数据库文件"),
])
def test_usage_errors_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    done = cli("--db", str(tmp_path / "x.db"), *args)
    assert done.returncode == 2
    assert message in done.stderr
    assert not (tmp_path / "x.png").exists()
