"""The decisions area's printed form: 村级事务决策登记表 (one page per decision item, every step)."""
from __future__ import annotations

from .register import build_register

__all__ = ["build_register"]
