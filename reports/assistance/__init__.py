"""The assistance area's printed forms and spreadsheets (四个一帮扶): the “四个一”帮扶责任表 PDF and the
export sheet."""
from __future__ import annotations

from .four_ones import build_four_ones

__all__ = ["build_four_ones"]
