"""Helpers for reading back the PDFs the builders write."""
from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from pypdf import PdfReader

from reports.styles import ReportOptions

PRINTED = dt.date(2026, 11, 26)


def options(**kw: Any) -> ReportOptions:
    return ReportOptions(printed_on=PRINTED, invariant=True, **kw)


def pages_text(pdf: bytes) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages]


def fonts(pdf: bytes) -> list[tuple[str, bool]]:
    """(base font name, embedded as TrueType FontFile2) of every font any page uses."""
    seen: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            seen[str(font["/BaseFont"])] = desc is not None and "/FontFile2" in desc.get_object()
    return sorted(seen.items())


@pytest.fixture
def render() -> Any:
    def run(build: Any, data: Any, **kw: Any) -> bytes:
        out = io.BytesIO()
        build(data, out, options=options(**kw))
        return out.getvalue()
    return run
