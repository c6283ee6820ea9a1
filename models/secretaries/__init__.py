"""The secretaries area's public API (村党组织书记备案 and 履职评估): each village's current 书记 (from the
supervision area's cadre list, personal data from the member record), their filings with every version kept,
the yearly evaluation, the spreadsheets, the printed forms' data, the demo records and the reminders.
Other code reads the area only through here.

Reminder kinds:
- `term_ending`: a current secretary's term ends within 90 days (or has ended); date: the term's end;
- `secretary_not_filed`: a village whose current secretary has no filing; date: the appointment;
- `filing_outdated`: the current filing was made before the current appointment; date: the appointment.
"""
from __future__ import annotations

from .demo import fill_demo
from .evaluation import (
    DEFAULT_INDICATORS,
    EvalRow,
    Evaluation,
    Indicator,
    check_indicators,
    check_year,
    evaluation,
    indicators,
    save_indicators,
    save_scores,
    set_ranking,
    weighted_total,
    year_secretaries,
)
from .filings import Filing, check_filing, current_filing, current_filings, filing_history, save_filing
from .migrations import MIGRATIONS, TABLES
from .queries import FILED, NOT_FILED, OUTDATED, SecretaryRow, reminders, secretaries
from .report_data import (
    EvaluationData,
    FilingData,
    FilingForm,
    evaluation_data,
    evaluation_fetch,
    filing_data,
    filing_fetch,
)
from .rules import APPOINTED_BY, REVIEW_RESULTS, TERM_NOTICE_DAYS, SecretaryError, term_end
from .sheets import (
    FILING_COLUMNS,
    ImportResult,
    SheetRefused,
    evaluation_table,
    filing_rows,
    import_evaluation,
    import_filings,
)

__all__ = [
    "APPOINTED_BY", "DEFAULT_INDICATORS", "EvalRow", "Evaluation", "EvaluationData", "FILED", "FILING_COLUMNS",
    "Filing", "FilingData", "FilingForm", "ImportResult", "Indicator", "MIGRATIONS", "NOT_FILED", "OUTDATED",
    "REVIEW_RESULTS", "SecretaryError", "SecretaryRow", "SheetRefused", "TABLES", "TERM_NOTICE_DAYS",
    "check_filing", "check_indicators", "check_year", "current_filing", "current_filings", "evaluation",
    "evaluation_data", "evaluation_fetch", "evaluation_table", "fill_demo", "filing_data", "filing_fetch",
    "filing_history",
    "filing_rows", "import_evaluation", "import_filings", "indicators", "reminders", "save_filing",
    "save_indicators", "save_scores", "secretaries", "set_ranking", "term_end", "weighted_total",
    "year_secretaries",
]
