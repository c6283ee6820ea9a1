"""How big a workbook's sheets are, found before python-calamine reads them.

calamine keeps a sheet as one dense block from A1 to its last used cell: a single stray cell at XFD65536 makes it
allocate a billion cells (34 GB) and abort the whole process. So the used range of every sheet is read first from
the file itself — for .xlsx the `<dimension>` the writer stored (or, when a writer left it out, a scan of the
sheet's rows and cells), for .ods the rows and columns of cells that hold something — and a sheet far larger than
any roster is refused with a Chinese reason naming it. (.xls cannot exceed 65,536 × 256 cells; its size is checked
on calamine's range before the cells are turned into Python values.)
"""
from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

# A town's roster is at most ~100,000 rows × ~30 columns; beyond this a sheet holds something else.
MAX_CELLS = 6_000_000
MAX_COLUMNS = 500
MAX_ROWS = 300_000

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\bref="([^"]+)"')
_SHEET_DATA = re.compile(rb"<(?:\w+:)?sheetData\b")
_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"')
_ROW_TAG = re.compile(rb"<(?:\w+:)?row\b")
_WIDE_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{2,3})\d+"')  # columns AA and beyond
_REF = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


class SheetTooBig(Exception):
    """A sheet far larger than a roster; the message is Chinese and names the sheet."""


@dataclass(frozen=True)
class Extent:
    sheet: str
    rows: int  # counted from row 1
    columns: int  # counted from column A

    @property
    def cells(self) -> int:
        return self.rows * self.columns

    @property
    def too_big(self) -> bool:
        return self.cells > MAX_CELLS or self.columns > MAX_COLUMNS or self.rows > MAX_ROWS

    def reason(self, file_name: str) -> str:
        return (f"“{file_name}”的工作表“{self.sheet}”使用范围达到 A1:{column_name(self.columns)}{self.rows}"
                f"（{self.rows} 行 × {self.columns} 列），远大于党员名册，多半是远处某个单元格误填了内容："
                "请在 Excel 中打开该表按 Ctrl+End 找到最后一个单元格，删除多余的行和列后保存，再导入")


def column_name(number: int) -> str:
    """1 → A, 27 → AA, 16384 → XFD."""
    out = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        out = chr(65 + rest) + out
    return out or "A"


def column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def check_extents(path: Path) -> None:
    """Raise SheetTooBig (Chinese reason) when a sheet of an .xlsx/.xlsm/.ods file is far larger than a roster.
    Files that cannot be opened as zip archives are left to calamine, which says what is wrong."""
    suffix = path.suffix.lower()
    try:
        with zipfile.ZipFile(path) as z:
            extents = _xlsx_extents(z) if suffix in (".xlsx", ".xlsm") else _ods_extents(z) if suffix == ".ods" \
                else iter(())
            for extent in extents:
                if extent.too_big:
                    raise SheetTooBig(extent.reason(path.name))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, EOFError, OSError, NotImplementedError):
        return


def _xlsx_sheets(z: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, part name in the zip) in workbook order; the workbook is where _rels/.rels says it is."""
    main = "xl/workbook.xml"
    for rel in ElementTree.fromstring(z.read("_rels/.rels")) if "_rels/.rels" in z.NameToInfo else ():
        if rel.get("Type", "").endswith("/officeDocument"):
            main = _part("", rel.get("Target", main))
    folder, name = posixpath.split(main)
    book = ElementTree.fromstring(z.read(main))
    rels = ElementTree.fromstring(z.read(posixpath.join(folder, "_rels", name + ".rels")))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out = []
    for sheet in book.iter():
        if not sheet.tag.endswith("}sheet"):
            continue
        part = _part(folder, targets.get(sheet.get(_NS_REL), ""))
        if part in z.NameToInfo:
            out.append((sheet.get("name", ""), part))
    return out


def _part(folder: str, target: str) -> str:
    """A relationship target as a part name in the zip (targets are relative to the folder, or absolute)."""
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))


def _xlsx_extents(z: zipfile.ZipFile) -> Iterator[Extent]:
    for name, part in _xlsx_sheets(z):
        with z.open(part) as f:
            head = f.read(65536)
        data = _SHEET_DATA.search(head)
        m = _DIMENSION.search(head, 0, data.start() if data else len(head))
        extent = _from_ref(name, m[1].decode("ascii", "replace")) if m else None
        yield extent or _scan_xlsx(z, name, part)


def _from_ref(sheet: str, ref: str) -> Extent | None:
    """The extent a `<dimension ref="A1:XFD65536">` states; None when it cannot be read."""
    cells = _REF.findall(ref.upper())
    if not cells:
        return None
    return Extent(sheet, max(int(r) for _, r in cells), max(column_number(c) for c, _ in cells))


def _scan_xlsx(z: zipfile.ZipFile, name: str, part: str) -> Extent:
    """A sheet without a dimension: the last row number and the widest cell, read in 1 MB pieces."""
    rows = count = 0
    columns = 26
    tail = b""
    with z.open(part) as f:
        while True:
            chunk = f.read(1 << 20)
            if not chunk:
                break
            data = tail + chunk
            cut = max(data.rfind(b"<"), 0) if len(chunk) == 1 << 20 else len(data)
            piece, tail = data[:cut], data[cut:]
            count += len(_ROW_TAG.findall(piece))
            for m in _ROW.finditer(piece):
                rows = max(rows, int(m[1]))
            for m in _WIDE_CELL.finditer(piece):
                columns = max(columns, column_number(m[1].decode()))
    return Extent(name, max(rows, count), columns)


_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


_ODS_REPEAT = re.compile(rb'number-(rows|columns)-repeated="(\d{3,})"')


def _ods_suspect(z: zipfile.ZipFile) -> bool:
    """Whether a long run of repeated rows or columns is followed by a cell with something in it (in the same
    table or row): only then can a sheet be far larger than its file. LibreOffice ends every row and table with
    such a run of empty cells; those are not followed by anything."""
    data = z.read("content.xml")
    for m in _ODS_REPEAT.finditer(data):
        stop = data.find(b"</table:table>" if m[1] == b"rows" else b"</table:table-row>", m.end())
        stop = len(data) if stop < 0 else stop
        if data.find(b"value-type", m.end(), stop) >= 0 or data.find(b"<text:p", m.end(), stop) >= 0:
            return True
    return False


def _ods_extents(z: zipfile.ZipFile) -> Iterator[Extent]:
    """Rows and columns up to the last cell that holds a value or text (repeated empty cells do not count);
    measured cell by cell only when a long run of repeats is followed by something (see _ods_suspect)."""
    if not _ods_suspect(z):
        return
    name = ""
    row = col = rows = columns = 0
    row_repeat = 1
    row_used = False
    with z.open("content.xml") as f:
        for event, el in ElementTree.iterparse(f, events=("start", "end")):
            tag = el.tag
            if event == "start":
                if tag == _TABLE + "table":
                    name, row, rows, columns = el.get(_TABLE + "name", ""), 0, 0, 0
                elif tag == _TABLE + "table-row":
                    row_repeat = int(el.get(_TABLE + "number-rows-repeated", "1") or 1)
                    col, row_used = 0, False
                continue
            if tag in (_TABLE + "table-cell", _TABLE + "covered-table-cell"):
                repeat = int(el.get(_TABLE + "number-columns-repeated", "1") or 1)
                if el.get(_OFFICE + "value-type") or len(el):
                    columns = max(columns, col + repeat)
                    row_used = True
                col += repeat
                el.clear()
            elif tag == _TABLE + "table-row":
                if row_used:
                    rows = row + row_repeat
                row += row_repeat
                el.clear()
            elif tag == _TABLE + "table":
                yield Extent(name, rows, columns)
                el.clear()
