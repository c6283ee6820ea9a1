"""Issue 11.6: what a role may not do is disabled with the reason as tooltip, and a 查阅 user's member form opens
read-only (no full form that is refused only at save)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QLineEdit

from tests.conftest import add_member
from tests.ui.test_areas import signed_in_window

SHOTS = Path("/work/shots/uifix")
WRITES = ("add", "move", "转出", "去世", "出党", "import")


def test_reader_sees_write_actions_disabled_with_the_reason(qtbot, town_db, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    add_member(town_db, "张三", grid="第一网格")
    w = signed_in_window(qtbot, town_db, db_path, "查阅")
    w.show()
    w.show_page("members")
    page = w.members_page
    page.table.selectRow(0)
    for key in WRITES:
        act = page.acts[key]
        assert not act.isEnabled(), key
        assert "只能查阅" in act.toolTip(), (key, act.toolTip())
    assert page.acts["edit"].isEnabled() and page.acts["edit"].text() == "查看"
    w.show_page("organization")
    org = w.org_page
    org.select("village", town_db.execute("SELECT id FROM villages WHERE name='院上村'").fetchone()[0])
    for key in ("new_village", "new_grid", "edit", "merge"):
        assert not org.actions_[key].isEnabled(), key
        assert "只能查阅" in org.actions_[key].toolTip()
    SHOTS.mkdir(parents=True, exist_ok=True)
    w.show_page("members")
    w.resize(1366, 768)
    w.grab().save(str(SHOTS / "11.6-reader-members.png"))


def test_reader_opens_the_member_form_read_only(qtbot, town_db, db_path: Path, dialogs) -> None:  # type: ignore[no-untyped-def]
    add_member(town_db, "张三", grid="第一网格")
    w = signed_in_window(qtbot, town_db, db_path, "查阅")
    w.show()
    page = w.members_page
    page.table.selectRow(0)

    def look(d) -> bool:  # type: ignore[no-untyped-def]
        assert d.windowTitle() == "查看党员信息 — 张三"
        assert not d.save_button.isVisible() and d.cancel_button.text() == "关闭"
        name = d.fields["name"]
        assert isinstance(name, QLineEdit) and name.isReadOnly() and name.text() == "张三"
        assert all(not w.isEnabled() for w in d.fields.values() if isinstance(w, QComboBox))
        assert all(e.text() == "" for e in d.errors.values())  # a masked number is not "wrong"
        assert "只能查阅" in d.summary.text()
        d.grab().save(str(SHOTS / "11.6-reader-form.png"))
        d.reject()  # no "discard changes?" question
        return False

    dialogs.append(look)
    assert not page.edit_member()


def test_clerk_keeps_every_action(qtbot, town_db, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    add_member(town_db, "张三", grid="第一网格")
    w = signed_in_window(qtbot, town_db, db_path, "录入员")
    page = w.members_page
    page.table.selectRow(0)
    assert all(page.acts[k].isEnabled() for k in WRITES)
    assert page.acts["edit"].text() == "编辑"
    assert page.acts["add"].toolTip() == "新增党员（Ctrl+N）"


def test_switching_to_a_reader_disables_the_buttons_at_once(qtbot, town_db, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    from models import accounts
    from ui.areas import _user_changed
    add_member(town_db, "张三", grid="第一网格")
    w = signed_in_window(qtbot, town_db, db_path)
    accounts.add_account(town_db, "reader", "查阅", "reader-pass-1")
    w.show_page("organization")
    assert w.org_page.actions_["new_village"].isEnabled()
    accounts.logout(town_db)
    accounts.login(town_db, "reader", "reader-pass-1")
    _user_changed(w)
    assert not w.org_page.actions_["new_village"].isEnabled()
    assert not w.members_page.acts["add"].isEnabled()
