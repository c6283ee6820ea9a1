"""models/ and reports/ must run without a screen: they never import PySide6 or ui/."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", ["models", "reports"])
def test_back_end_does_not_import_qt_or_ui(package: str) -> None:
    files = list((ROOT / package).rglob("*.py"))
    assert files, f"{package}/ has no modules"
    offenders = {
        str(f.relative_to(ROOT)): sorted(m for m in imported_modules(f)
                                         if m.split(".")[0] in ("PySide6", "ui", "pyqtgraph"))
        for f in files
    }
    assert {f: m for f, m in offenders.items() if m} == {}


def test_reports_do_not_run_sql() -> None:
    for f in (ROOT / "reports").rglob("*.py"):
        assert "sqlite" not in " ".join(imported_modules(f)), f"{f} imports sqlite"
