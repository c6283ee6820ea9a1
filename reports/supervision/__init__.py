"""The supervision area's printed forms: 问题整改台账 (landscape) and 监督检查记录表."""
from __future__ import annotations

from .inspection import build_inspection
from .rectification import build_rectification

__all__ = ["build_inspection", "build_rectification"]
