"""The house's boundaries (../shared/HOUSE.md), checked the way test_layering checks that the back end has no Qt:
- a UI area never imports another UI area (they navigate through window signals);
- an area reads another area only through its `models/<area>/__init__.py`;
- the command modules do not import PySide6 at module level (the command line starts without Qt);
- no two modules import each other;
- every area of models/areas.py has its folder with a migration set.
"""
from __future__ import annotations

import ast
import importlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI_AREAS = sorted(p.name for p in (ROOT / "ui").iterdir() if p.is_dir() and (p / "__init__.py").exists())


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imports(path: Path, *, top_level_only: bool = False) -> set[str]:
    """Absolute names of the modules a file imports (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    typing_only = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
                   and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
                   for n in ast.walk(node)}  # annotations only: no import at run time
    nodes = tree.body if top_level_only else [n for n in ast.walk(tree) if id(n) not in typing_only]
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            found.add(mod)
            found.update(f"{mod}.{a.name}" for a in node.names)  # "from ui import messages"
    return found


def project_files() -> list[Path]:
    return [p for d in ("models", "reports", "ui") for p in (ROOT / d).rglob("*.py")] + [ROOT / "main.py"]


def test_ui_areas_never_import_each_other() -> None:
    assert {"organization", "members"} <= set(UI_AREAS)
    offenders = []
    for area in UI_AREAS:
        for f in (ROOT / "ui" / area).rglob("*.py"):
            for mod in imports(f):
                parts = mod.split(".")
                if len(parts) >= 2 and parts[0] == "ui" and parts[1] in UI_AREAS and parts[1] != area:
                    offenders.append(f"{f.relative_to(ROOT)} → {mod}")
    assert offenders == []


def test_areas_read_each_other_only_through_their_public_api() -> None:
    from models.areas import AREAS
    offenders = []
    for area in AREAS:
        for f in (ROOT / "models" / area).rglob("*.py"):
            for mod in imports(f):
                parts = mod.split(".")
                if parts[0] == "models" and len(parts) > 2 and parts[1] in AREAS and parts[1] != area:
                    offenders.append(f"{f.relative_to(ROOT)} → {mod}")
    assert offenders == []


def test_every_area_has_its_folder_and_migrations() -> None:
    from models.areas import AREAS
    for area in AREAS:
        module = importlib.import_module(f"models.{area}")
        assert getattr(module, "MIGRATIONS", None) is not None, f"models/{area} has no migration set"


def test_command_modules_start_without_qt() -> None:
    from ui.cli import COMMAND_MODULES
    files = [ROOT / (m.replace(".", "/") + ".py") for m in COMMAND_MODULES] + [ROOT / "ui" / "cli.py", ROOT / "main.py"]
    for f in files:
        assert f.exists(), f
        heavy = {m for m in imports(f, top_level_only=True) if m.split(".")[0] in ("PySide6", "pyqtgraph", "reportlab")}
        ui_pages = {m for m in imports(f, top_level_only=True)
                    if m.startswith("ui.") and not m.startswith("ui.cli") and m != "ui"}
        assert heavy == set() and ui_pages == set(), f"{f.relative_to(ROOT)} imports {heavy | ui_pages} at start"


def test_no_two_modules_import_each_other() -> None:
    names = {module_name(f): f for f in project_files()}
    graph = {name: {m for m in imports(f) if m in names and m != name} for name, f in names.items()}
    pairs = sorted({tuple(sorted((a, b))) for a, deps in graph.items() for b in deps if a in graph.get(b, set())})
    assert pairs == []


def test_command_line_report_does_not_load_qt(tmp_path: Path) -> None:
    import subprocess
    import sys
    code = ("import sys; sys.argv = ['main.py', '--db', sys.argv[1], 'town', 'show']; import main;"
            " status = main.main(sys.argv[1:]); print('qt' if any(m.startswith('PySide6') for m in sys.modules)"
            " else 'no-qt')")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "x.db")], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.stdout.strip().splitlines()[-1] == "no-qt", done.stderr
