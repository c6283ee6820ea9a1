"""The households area's printed forms: 联系户名册 (per grid, every household and who links it). The
党员中心户名册 stays in reports/central_households.py (it predates the area)."""
from __future__ import annotations

from .linked import build_linked_households

__all__ = ["build_linked_households"]
