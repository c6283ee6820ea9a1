"""The secretaries area's printed forms and spreadsheets: 村党组织书记备案表, 履职评估表, the xlsx exports."""
from __future__ import annotations

from .evaluation import build_evaluation
from .filing_form import build_filing_forms

__all__ = ["build_evaluation", "build_filing_forms"]
