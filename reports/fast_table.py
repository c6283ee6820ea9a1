"""A ReportLab Table that draws long pages of one-line cells quickly and looks the same as a plain Table.

Profiling the 10,000-member roster (cProfile) showed two thirds of the time in ReportLab's per-cell work: a
CellStyle object per cell with ten style commands applied to each, and for every plain string a text object built
through the general machinery (width measured again, bidi checks, the string split into font subsets and escaped).
Here the cells of a page share a few cell styles, and a one-line string cell is written as the very operators
ReportLab would write, with each distinct string's width, subsets and escaping worked out once per document.
Positions are computed exactly as Table._drawCell does, so the page looks and reads (pypdf) the same.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.platypus.tables import CellStyle, Table


@lru_cache(maxsize=1 << 16)
def text_width(text: str, font: str, size: float) -> float:
    return float(stringWidth(text, font, size))


def cell_style(font: str, size: float, alignment: str, pad: Sequence[float] = (2, 2, 2, 2.5)) -> CellStyle:
    """What table_style's FONT, VALIGN, ALIGN and padding commands make of one cell."""
    style = CellStyle("cell")
    style.fontname, style.fontsize, style.leading = font, size, size * 1.25
    style.valign, style.alignment = "MIDDLE", alignment
    style.leftPadding, style.rightPadding, style.topPadding, style.bottomPadding = pad
    return style


@lru_cache(maxsize=64)
def _subset_font(name: str) -> bool:
    """Whether the font is an embedded TrueType font (text split into subsets) — the only kind queued."""
    return bool(getFont(name)._dynamicFont)


class FastTable(Table):  # type: ignore[misc]
    """Table whose plain one-line string cells are written straight into the page: the same text object, byte
    for byte, that canvas.drawString/drawCentredString would make, at the same place, in the same order."""

    def draw(self) -> None:
        self._fill: Any = None
        self._direct: dict[int, bool] = {}  # per cell style: may its strings be written directly?
        self._shown_cache = self.canv._doc.__dict__.setdefault("_gridledger_shown", {})
        super().draw()

    def _drawCell(self, cellval: Any, cellstyle: CellStyle, pos: tuple[float, float],  # noqa: N802
                  size: tuple[float, float]) -> None:
        direct = self._direct.get(id(cellstyle))
        if direct is None:
            direct = self._direct[id(cellstyle)] = (
                not cellstyle.direction and not cellstyle.shaping and cellstyle.valign == "MIDDLE"
                and cellstyle.alignment in ("LEFT", "CENTER", "CENTRE") and _subset_font(cellstyle.fontname))
        if not direct or type(cellval) is not str or "\n" in cellval:
            self._fill = None
            super()._drawCell(cellval, cellstyle, pos, size)
            return
        canv = self.canv
        if self._fill is None or self._fill != cellstyle.color:
            canv.setFillColor(cellstyle.color)
            self._fill = cellstyle.color
            self._curcellstyle = None  # a Table cell drawn later sets its font and colour again
        if not cellval:
            return
        colpos, rowpos = pos
        colwidth, rowheight = size
        name, fontsize, leading = cellstyle.fontname, cellstyle.fontsize, cellstyle.leading
        y = rowpos + (cellstyle.bottomPadding + rowheight - cellstyle.topPadding + leading) / 2.0 - fontsize
        if cellstyle.alignment == "LEFT":
            x = colpos + cellstyle.leftPadding
        else:
            x = colpos + (colwidth + cellstyle.leftPadding - cellstyle.rightPadding) * 0.5
            x -= 0.5 * text_width(cellval, name, fontsize)
        shown = self._shown_cache.get((name, fontsize, leading, cellval))
        if shown is None:
            shown = _shown(canv, name, fontsize, leading, cellval)
        canv._code.append(f"BT 1 0 0 1 {fp_str(x, y)} Tm {shown} T* ET")


def _shown(canv: Any, name: str, size: float, leading: float, text: str) -> str:
    """The operators that show text in a fresh text object (font subset switches and escaped strings), made once
    per document and string: ReportLab splits and escapes every string again."""
    doc = canv._doc
    cache: dict[tuple[str, float, float, str], str] = doc.__dict__.setdefault("_gridledger_shown", {})
    key = (name, size, leading, text)
    shown = cache.get(key)
    if shown is None:
        font = getFont(name)
        ops, current = [], None
        tf = f"{fp_str(size)} Tf {fp_str(leading)} TL"
        for subset, chunk in font.splitString(text, doc):
            if subset != current:
                ops.append(f"{font.getSubsetInternalName(subset, doc)} {tf}")
                current = subset
            ops.append(f"({canv._escape(chunk)}) Tj")
        shown = cache[key] = " ".join(ops)
    return shown
