"""Finding and registering the Chinese TrueType font every printed form embeds (as a subset).

Search order: a font path chosen by the clerk (settings / options); Windows' SimSun, SimHei, Microsoft YaHei;
Linux's WenQuanYi Micro Hei / Zen Hei and AR PL UMing; a font shipped under resources/fonts. ReportLab embeds only
TrueType outlines, so OpenType/CFF fonts (Noto Sans CJK …) are refused with a reason. There is never a silent
fallback to ReportLab's non-embedded STSong-Light: without a usable font, FontNotFound says what to install.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

FONT_NAME = "GridLedgerCJK"
RESOURCE_FONTS = Path(__file__).resolve().parent.parent / "resources" / "fonts"


def _windows_fonts() -> Path:
    return Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"


def system_candidates() -> list[Path]:
    """Well-known places of TrueType CJK fonts, in order of preference."""
    win = _windows_fonts()
    linux = Path("/usr/share/fonts")
    return [
        win / "simsun.ttc", win / "simhei.ttf", win / "msyh.ttc", win / "msyh.ttf",
        linux / "truetype/wqy/wqy-microhei.ttc", linux / "truetype/wqy/wqy-zenhei.ttc",
        linux / "wqy-microhei/wqy-microhei.ttc", linux / "wqy-zenhei/wqy-zenhei.ttc",
        linux / "truetype/arphic/uming.ttc", linux / "truetype/arphic-uming/uming.ttc",
    ]


def shipped_candidates(folder: Path = RESOURCE_FONTS) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in (".ttf", ".ttc"))


class FontNotFound(RuntimeError):
    """No usable Chinese TrueType font; the message is Chinese and says what to do."""


@dataclass(frozen=True)
class CJKFont:
    path: Path
    subfont_index: int = 0


def _is_truetype(path: Path) -> bool:
    """TrueType outlines ('glyf'), not CFF: ReportLab can embed only these."""
    try:
        with path.open("rb") as f:
            head = f.read(12)
            if head[:4] == b"ttcf":
                f.seek(12)
                offset = int.from_bytes(f.read(4), "big")
                f.seek(offset)
                head = f.read(12)
    except OSError:
        return False
    return head[:4] in (b"\x00\x01\x00\x00", b"true")


def find_cjk_font(preferred: str | Path | None = None, *, candidates: list[Path] | None = None,
                  shipped: list[Path] | None = None) -> CJKFont:
    """The font to embed. A preferred path that is missing or not TrueType is an error, not skipped."""
    if preferred:
        path = Path(preferred)
        if not path.is_file():
            raise FontNotFound(f"设置中指定的字体文件不存在：{path}")
        if not _is_truetype(path):
            raise FontNotFound(f"字体“{path.name}”不是 TrueType 轮廓字体（如 OTF/CFF 格式的思源黑体、Noto CJK），"
                               "无法嵌入 PDF；请改选宋体（simsun.ttc）、黑体（simhei.ttf）或文泉驿微米黑")
        return CJKFont(path)
    for path in (system_candidates() if candidates is None else candidates) + \
            (shipped_candidates() if shipped is None else shipped):
        if path.is_file() and _is_truetype(path):
            return CJKFont(path)
    raise FontNotFound("找不到可嵌入 PDF 的中文字体。Windows 请确认 C:\\Windows\\Fonts 中有宋体（simsun.ttc）"
                       "或黑体（simhei.ttf）；Linux 请安装 fonts-wqy-microhei；"
                       "也可以在设置中指定一个 TrueType 中文字体文件")


_registered: dict[str, str] = {}


def register_cjk_font(preferred: str | Path | None = None) -> str:
    """Register the font with ReportLab once per path; returns the font name to use in styles."""
    font = find_cjk_font(preferred)
    key = str(font.path)
    if key in _registered:
        return _registered[key]
    name = FONT_NAME if not _registered else f"{FONT_NAME}{len(_registered)}"
    try:
        pdfmetrics.registerFont(TTFont(name, str(font.path), subfontIndex=font.subfont_index))
    except (TTFError, OSError) as exc:
        raise FontNotFound(f"字体文件 {font.path} 无法使用：{exc}") from exc
    _registered[key] = name
    return name
