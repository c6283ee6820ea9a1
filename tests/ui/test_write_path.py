"""The window's one write path: a refused save keeps the dialog and what was typed; one write refreshes each
affected page once (a hidden page once, when shown); writes by another process are noticed."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from models.backup import backup_file
from models.db import LedgerDB
from models.org import find_village
from tests.conftest import add_member
from tests.ui.conftest import commit_ime
from ui.areas import install_areas
from ui.events import EVERYTHING, DataEvents
from ui.main_window import MainWindow
from ui.safety.backup_page import BackupPage

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def counted(qtbot, town_db: LedgerDB, db_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The assembled window, with a count of tree rebuilds and member-table reloads."""
    add_member(town_db, "张三", grid="第一网格")
    add_member(town_db, "李四", village="姜家庄村")
    w = MainWindow(town_db, load_in_background=False)
    qtbot.addWidget(w)
    install_areas(w, db_path)
    w.resize(1200, 700)
    w.show()
    calls = {"tree": 0, "members": 0}
    org_refresh, members_reload = w.org_page.refresh, w.members_page.reload

    def tree() -> None:
        calls["tree"] += 1
        org_refresh()

    def members(*, sync: bool = False) -> None:
        calls["members"] += 1
        members_reload(sync=sync)
    monkeypatch.setattr(w.org_page, "refresh", tree)
    monkeypatch.setattr(w.members_page, "reload", members)
    return w, calls


def test_refused_village_save_keeps_the_dialog_and_its_text(qtbot, counted, dialogs, messages):  # type: ignore[no-untyped-def]
    w, _ = counted
    w.show_page("organization")
    seen: list[bool] = []

    def duplicate(d) -> bool:  # type: ignore[no-untyped-def]
        d.name.clear()
        commit_ime(d.name, "姜家庄村")  # already exists
        d.org_name.setText("姜家庄村党支部（新）")
        d.buttons.button(d.buttons.StandardButton.Ok).click()
        seen.append(d.isVisible())
        assert d.name.text() == "姜家庄村" and d.org_name.text() == "姜家庄村党支部（新）"
        d.name.clear()
        commit_ime(d.name, "龙泉社区")
        d.buttons.button(d.buttons.StandardButton.Ok).click()  # now it saves and closes
        seen.append(d.isVisible())
        return True

    dialogs.append(duplicate)
    w.org_page.new_village()
    assert seen == [True, False]
    assert messages and messages[0][0] == "error" and "姜家庄村" in messages[0][1]
    assert find_village(w.db, "龙泉社区") is not None


def test_a_merge_rebuilds_the_tree_once(qtbot, counted, dialogs, messages):  # type: ignore[no-untyped-def]
    w, calls = counted
    w.show_page("organization")
    source = find_village(w.db, "姜家庄村")
    w.org_page.select("village", source.id)

    def pick(d) -> bool:  # type: ignore[no-untyped-def]
        d.village.setCurrentIndex(d.village.findText("院上村"))
        return True

    dialogs.append(pick)
    before = dict(calls)
    w.org_page.merge_village()
    assert calls["tree"] - before["tree"] == 1
    assert calls["members"] == before["members"]  # hidden: stale, not reloaded …
    w.show_page("members")
    assert calls["members"] - before["members"] == 1  # … and reloaded once when shown
    assert w.members_page.village.findText("姜家庄村") < 0


def test_a_restore_reloads_each_page_once(qtbot, counted, db_path: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                                          messages):
    w, calls = counted
    copy = backup_file(db_path, tmp_path / "copy.db")
    w.show_page("backup")
    page = w.page("backup")
    assert isinstance(page, BackupPage)
    page.choose_file = lambda parent, start: str(copy)  # type: ignore[method-assign]
    before = dict(calls)
    page.restore_file_button.click()
    qtbot.waitUntil(lambda: not page.busy(), timeout=10_000)
    assert calls == before  # nothing visible needed it yet
    w.show_page("members")
    w.show_page("organization")
    w.show_page("members")
    assert calls["members"] - before["members"] == 1 and calls["tree"] - before["tree"] == 1


def test_one_changed_signal_names_the_tables_from_the_audit_rows(qtbot, town_db: LedgerDB) -> None:
    events = DataEvents(town_db)
    seen: list[frozenset[str]] = []
    events.changed.connect(seen.append)
    from models.org import add_grid
    assert events.write(None, lambda: add_grid(town_db, find_village(town_db, "姜家庄村").id, "第一网格"))
    assert seen == [frozenset({"grids"})]
    assert not events.write(None, lambda: add_grid(town_db, find_village(town_db, "姜家庄村").id, "第一网格"))
    assert len(seen) == 1  # a refusal changes nothing and says nothing
    events.everything_changed()
    assert seen[-1] is EVERYTHING


def test_a_write_by_another_process_is_noticed(qtbot, town_db: LedgerDB, db_path: Path) -> None:
    events = DataEvents(town_db)
    seen: list[frozenset[str]] = []
    events.changed.connect(seen.append)
    events.watch_outside(interval_ms=50)
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(db_path), "town", "set",
                           "--name", "院上街道"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen == [frozenset({"town"})]


def test_a_page_without_the_windows_events_writes_the_same_way(qtbot, town_db: LedgerDB, messages) -> None:  # type: ignore[no-untyped-def]
    """Page.write is every page's write path: a page made on its own (a preview, a test) shows a refusal in
    Chinese and returns False with nothing written, and after a success refreshes itself once."""
    from dataclasses import replace

    from models.errors import Refused
    from models.org import update_village
    from ui.page import Page

    class Villages(Page):
        watches = frozenset({"villages"})
        refreshed: list[frozenset[str]] = []

        def on_data_changed(self, tables: frozenset[str]) -> None:
            self.refreshed.append(tables)

    page = Villages(town_db, None)
    qtbot.addWidget(page)
    page.show()
    village = find_village(town_db, "姜家庄村")
    assert village is not None and village.id is not None

    def refused() -> None:
        raise Refused("村名不能为空")
    assert not page.write(page, refused) and messages[-1][1] == "村名不能为空" and page.refreshed == []
    done: list[object] = []
    assert page.write(page, lambda: update_village(town_db, replace(village, name="姜家村")), done.append)
    assert page.refreshed == [frozenset({"villages"})] and len(done) == 1
    assert find_village(town_db, "姜家村") is not None
