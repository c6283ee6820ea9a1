"""Reading the roster files villages send: .xlsx/.xls/.ods through python-calamine, .csv in UTF-8 or GBK.

Every sheet comes back as rows of raw cell values, row 0 being Excel's row 1, with the cell types calamine
reports kept (a float stays a float, so an identity number Excel turned into a number can be recognized).
"""
from __future__ import annotations

import csv
import errno
import io
import stat
from dataclasses import dataclass
from pathlib import Path

from ..errors import Refused
from .extent import Extent, SheetTooBig, check_extents

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
SUFFIXES = SPREADSHEET_SUFFIXES + (".csv",)


class ImportFileError(Refused):
    """A file that cannot be read as a roster; the message is Chinese."""


@dataclass(frozen=True)
class RawSheet:
    name: str
    rows: list[list[object]]


def read_file(path: str | Path) -> list[RawSheet]:
    """Every sheet of a workbook (or the one table of a CSV file) as raw rows."""
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise ImportFileError(f"找不到文件：{path}") from None
    except OSError as exc:
        raise ImportFileError(_cannot_open(path, exc)) from exc
    if stat.S_ISDIR(mode):
        raise ImportFileError(f"{path} 是文件夹，请选择一个 Excel 或 CSV 文件")
    if not stat.S_ISREG(mode):  # a pipe or a device would block the import forever
        raise ImportFileError(f"“{path.name}”不是普通文件（可能是管道或设备），请选择一个 Excel 或 CSV 文件")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ImportFileError(f"不支持的文件类型“{path.suffix or '无扩展名'}”：请选择 .xlsx、.xls、.ods 或 .csv 文件")
    try:
        if suffix == ".csv":
            return [RawSheet(path.stem, read_csv(path.read_bytes(), path.name))]
        with path.open("rb") as f:  # no permission: say so, before calamine calls it a damaged file
            f.read(1)
    except OSError as exc:
        raise ImportFileError(_cannot_open(path, exc)) from exc
    return _read_workbook(path)


def _cannot_open(path: Path, exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return (f"无法打开文件“{path.name}”：没有读取权限（请检查文件权限，或文件是否被其他程序独占打开）")
    if exc.errno == errno.EIO:
        return f"无法读取文件“{path.name}”：磁盘、U 盘或网络盘读取出错，请把文件复制到本机后再导入"
    return f"无法读取文件“{path.name}”：系统错误 {exc.errno or ''}（{exc.strerror or type(exc).__name__}）"


def _read_workbook(path: Path) -> list[RawSheet]:
    from python_calamine import CalamineError, load_workbook
    try:
        check_extents(path)  # before calamine: a stray cell far away would make it allocate gigabytes
    except SheetTooBig as exc:
        raise ImportFileError(str(exc)) from exc
    try:
        workbook = load_workbook(str(path))
    except (CalamineError, OSError, ValueError) as exc:
        raise ImportFileError(_unreadable(path, exc)) from exc
    except Exception as exc:  # calamine raises its own error types (PasswordError, ZipError, XmlError …)
        raise ImportFileError(_unreadable(path, exc)) from exc
    sheets = []
    try:
        for meta in workbook.sheets_metadata:
            if str(getattr(meta.typ, "name", meta.typ)) not in ("WorkSheet", "SheetTypeEnum.WorkSheet"):
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            end = sheet.end
            if end is not None:  # .xls: at most 65,536 × 256 cells, but still far too many to turn into values
                extent = Extent(meta.name, end[0] + 1, end[1] + 1)
                if extent.too_big:
                    raise SheetTooBig(extent.reason(path.name))
            rows: list[list[object]] = sheet.to_python(skip_empty_area=False)  # type: ignore[assignment]
            sheets.append(RawSheet(meta.name, rows))
    except SheetTooBig as exc:
        raise ImportFileError(str(exc)) from exc
    except Exception as exc:
        raise ImportFileError(_unreadable(path, exc)) from exc
    finally:
        workbook.close()
    return sheets


def _unreadable(path: Path, exc: BaseException) -> str:
    kind = type(exc).__name__
    if kind == "PasswordError":
        return f"文件“{path.name}”设置了打开密码，请在 Excel 中取消密码后再导入"
    return f"无法读取文件“{path.name}”：文件已损坏或不是 Excel 文件（{kind}）"


ENCODINGS = ("utf-8-sig", "gb18030")
_SAVE_AS = "请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再导入"
# Encodings we do not read, tried only to tell the clerk what the file is: (label, codec, header words in it).
_FOREIGN = (("Big5（繁体中文）", "big5", ("姓名", "身份證", "黨員", "性別")),
            ("Shift-JIS（日文）", "shift_jis", ("姓名", "氏名", "性別", "身份")),
            ("EUC-KR（韩文）", "euc_kr", ("姓名", "性別")))
_HEADER_WORDS = ("姓名", "身份证", "公民身份", "党员", "性别", "民族")


def _not_read(name: str, label: str) -> ImportFileError:
    space = "" if label.endswith("）") else " "
    return ImportFileError(f"“{name}”是 {label}{space}编码的文件，本程序只读取 UTF-8、UTF-16 和 GBK（GB18030）"
                           f"编码的 CSV：{_SAVE_AS}")


def decode_csv(data: bytes, name: str = "CSV 文件") -> str:
    """UTF-8 with or without BOM first, then GB18030 (a superset of GBK, what Chinese Windows Excel writes);
    UTF-16 with its BOM. UTF-32, Big5, Shift-JIS and EUC-KR are named and refused."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")) or _looks_utf32(data):
        raise _not_read(name, "UTF-32")
    utf16 = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else _utf16_without_bom(data)
    if utf16:
        try:
            return data.decode(utf16)
        except UnicodeDecodeError as exc:  # odd length, a lone surrogate
            raise ImportFileError(f"“{name}”是 UTF-16 编码的文件，但内容不完整或已损坏（第 {exc.start + 1} 字节起）："
                                  f"{_SAVE_AS}") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    sample = text[:8192]
    if not any(w in sample for w in _HEADER_WORDS):
        for label, codec, words in _FOREIGN:
            try:
                other = data[:16384].decode(codec, errors="ignore")
            except LookupError:
                continue
            if any(w in other for w in words):
                raise _not_read(name, label)
    if text or not data:
        return text
    raise ImportFileError(f"无法识别“{name}”的文字编码：{_SAVE_AS}")


def _looks_utf32(data: bytes) -> bool:
    """UTF-32 without BOM: the high bytes of every 4-byte character are zero (the third one almost always)."""
    head = data[:4096]
    if len(head) < 8:
        return False
    quarter = len(head[::4])
    little = not any(head[3::4]) and head[2::4].count(0) >= quarter * 0.9
    big = not any(head[0::4]) and head[1::4].count(0) >= quarter * 0.9
    return little or big


def _utf16_without_bom(data: bytes) -> str:
    """'utf-16-le'/'utf-16-be' when every other byte is zero (ASCII and punctuation written as UTF-16)."""
    head = data[:4096]
    if len(head) < 4 or head.count(0) < len(head) * 0.2:
        return ""
    return "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"


def read_csv(data: bytes, name: str = "CSV 文件") -> list[list[object]]:
    text = decode_csv(data, name)
    sample = text[:4096]
    delimiter = ","
    if sample.count("\t") > sample.count(",") and sample.count("\t") > sample.count(";"):
        delimiter = "\t"
    elif sample.count(";") > sample.count(","):
        delimiter = ";"
    try:
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise ImportFileError(f"“{name}”不是有效的 CSV 文件：{exc}") from exc
