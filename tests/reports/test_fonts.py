"""The Chinese font: found in the documented order, always TrueType, never a silent non-embedded fallback."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reports import fonts
from reports.fonts import FontNotFound, find_cjk_font

SYSTEM = next((p for p in fonts.system_candidates() if p.is_file()), None)
needs_font = pytest.mark.skipif(SYSTEM is None, reason="no system CJK font (fonts-wqy-microhei)")


@needs_font
def test_preferred_font_path_wins(tmp_path: Path) -> None:
    chosen = tmp_path / "my-song.ttc"
    shutil.copy(SYSTEM, chosen)  # type: ignore[arg-type]
    assert find_cjk_font(chosen).path == chosen


def test_missing_preferred_font_is_an_error_not_skipped(tmp_path: Path) -> None:
    with pytest.raises(FontNotFound, match="字体文件不存在"):
        find_cjk_font(tmp_path / "gone.ttf")


def test_opentype_cff_font_is_refused_with_the_reason(tmp_path: Path) -> None:
    otf = tmp_path / "NotoSansCJK.otf"
    otf.write_bytes(b"OTTO" + b"\0" * 200)
    with pytest.raises(FontNotFound, match="不是 TrueType"):
        find_cjk_font(otf)


def test_no_font_anywhere_says_what_to_install(tmp_path: Path) -> None:
    with pytest.raises(FontNotFound, match="fonts-wqy-microhei"):
        find_cjk_font(candidates=[tmp_path / "simsun.ttc"], shipped=[])


@needs_font
def test_shipped_font_is_the_last_resort(tmp_path: Path) -> None:
    shipped = tmp_path / "fonts" / "wqy-microhei.ttc"
    shipped.parent.mkdir()
    shutil.copy(SYSTEM, shipped)  # type: ignore[arg-type]
    assert find_cjk_font(candidates=[tmp_path / "simsun.ttc"], shipped=fonts.shipped_candidates(shipped.parent)).path \
        == shipped


@needs_font
def test_system_fonts_come_before_the_shipped_one(tmp_path: Path) -> None:
    assert find_cjk_font(shipped=[tmp_path / "x.ttf"]).path == SYSTEM


def test_the_program_ships_an_embeddable_font_with_its_licence() -> None:
    """On a PC without any Chinese TrueType font the shipped one is used: it exists, is TrueType, has a licence."""
    shipped = fonts.shipped_candidates()
    assert [p.name for p in shipped] == ["wqy-microhei.ttc"]
    assert find_cjk_font(candidates=[]).path == shipped[0]
    licence = (shipped[0].parent / "LICENSE-wqy-microhei.txt").read_text(encoding="utf-8")
    assert "Apache-2.0" in licence
