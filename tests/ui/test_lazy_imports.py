"""Start-up imports only what the first page needs: ReportLab, openpyxl, the PDF renderer and pypinyin's phrase
dictionary load when a clerk first prints, exports or writes a name (issue 8.6: 0.13 s of pypinyin alone)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.test_cli import ROOT, cli

HEAVY = ("reportlab", "openpyxl", "pypinyin", "pypdfium2", "python_calamine")
SCRIPT = """
import sys
from models.db import open_database
from ui.app import make_app
from ui.areas import install_areas
from ui.main_window import MainWindow
app = make_app()
db = open_database(sys.argv[1])
window = MainWindow(db, remember=False)
install_areas(window, sys.argv[1])
window.show()
app.processEvents()
window.members_page.wait_loaded()
print("at start:", *sorted(m for m in {HEAVY} if m in sys.modules))
window.show_page("reports")
app.processEvents()
print("after 报表:", *sorted(m for m in {HEAVY} if m in sys.modules))
print("rows:", window.members_page.model.rowCount(), window.page("reports").kind_box.count())
window.close()
""".replace("{HEAVY}", repr(HEAVY))


def test_the_window_shows_without_loading_printing_or_spreadsheet_libraries(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    assert cli("--db", str(db), "demo", "--members", "120").returncode == 0
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(db)], capture_output=True, text=True, env=env,
                          timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    lines = dict(line.split(":", 1) for line in done.stdout.splitlines())
    assert lines["at start"].split() == []
    assert {"reportlab", "pypdfium2"} <= set(lines["after 报表"].split())  # the 报表 page builds when shown
    rows, kinds = map(int, lines["rows"].split())
    assert 100 <= rows <= 120 and kinds >= 4  # the 在册 of the 120 members; the report kinds
