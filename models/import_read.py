"""Reading the roster files villages send: .xlsx/.xls/.ods through python-calamine, .csv in UTF-8 or GBK.

Every sheet comes back as rows of raw cell values, row 0 being Excel's row 1, with the cell types calamine
reports kept (a float stays a float, so an identity number Excel turned into a number can be recognized).
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from .import_extent import Extent, SheetTooBig, check_extents

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
SUFFIXES = SPREADSHEET_SUFFIXES + (".csv",)


class ImportFileError(Exception):
    """A file that cannot be read as a roster; the message is Chinese."""


@dataclass(frozen=True)
class RawSheet:
    name: str
    rows: list[list[object]]


def read_file(path: str | Path) -> list[RawSheet]:
    """Every sheet of a workbook (or the one table of a CSV file) as raw rows."""
    path = Path(path)
    if not path.exists():
        raise ImportFileError(f"找不到文件：{path}")
    if path.is_dir():
        raise ImportFileError(f"{path} 是文件夹，请选择一个 Excel 或 CSV 文件")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return [RawSheet(path.stem, read_csv(path.read_bytes(), path.name))]
    if suffix not in SPREADSHEET_SUFFIXES:
        raise ImportFileError(f"不支持的文件类型“{path.suffix or '无扩展名'}”：请选择 .xlsx、.xls、.ods 或 .csv 文件")
    return _read_workbook(path)


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


def decode_csv(data: bytes, name: str = "CSV 文件") -> str:
    """UTF-8 with or without BOM first, then GB18030 (a superset of GBK, what Chinese Windows Excel writes)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(f"无法识别“{name}”的文字编码：请在 Excel 中另存为“CSV UTF-8”或“CSV（逗号分隔）”")


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
