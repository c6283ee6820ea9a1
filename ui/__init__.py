"""PySide6 window, pages, dialogs, item models and charts. Calls models/ and reports/."""
