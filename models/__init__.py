"""GridLedger back end: the records, their rules and queries. No Qt, no printing."""
import sys as _sys


def _import_sqlite_utils_without_numpy() -> None:
    """sqlite-utils imports numpy (and tries pandas), when present, only to map their number types to column
    types — values this program never stores. pyqtgraph brings numpy into the environment, and loading it made
    every start (the window, every command) some 0.1 s slower. Imported here first, with numpy marked absent for
    that one import; the 首页's charts import numpy for real when they are built."""
    if "sqlite_utils" in _sys.modules:
        return
    hidden = [name for name in ("numpy", "pandas") if name not in _sys.modules]
    for name in hidden:
        _sys.modules[name] = None  # type: ignore[assignment]  # import_module raises ImportError: "not installed"
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in hidden:
            del _sys.modules[name]


_import_sqlite_utils_without_numpy()
