"""The member form: live validation beside each field, identity number fills gender and birth date, Save only
when valid, Enter saves, Esc asks before discarding."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from models import idcard
from models.entities import MEMBER_FIELDS
from models.members import get_member
from tests.conftest import add_member
from tests.ui.conftest import commit_ime, type_text
from ui.members.member_dialog import MemberDialog


def make(qtbot, db, member=None):  # type: ignore[no-untyped-def]
    d = MemberDialog(db, member)
    qtbot.addWidget(d)
    d.show()
    return d


def test_bad_identity_number_is_explained_beside_the_field(qtbot, town_db):  # type: ignore[no-untyped-def]
    d = make(qtbot, town_db)
    commit_ime(d.fields["name"], "王芳")
    qtbot.keyClicks(d.fields["id_number"], "370285197001010011")
    assert "校验位" in d.errors["id_number"].text()
    assert not d.save_button.isEnabled()
    d.fields["id_number"].clear()
    good = idcard.make("370285", dt.date(1982, 3, 4), 7)
    qtbot.keyClicks(d.fields["id_number"], good.lower())
    assert d.errors["id_number"].text() == ""
    assert d.value("gender") == "男" and d.value("birth_date") == "1982-03-04"
    assert d.errors["join_date"].text() == "必填" and not d.save_button.isEnabled()
    qtbot.keyClicks(d.fields["join_date"], "1999.07")  # before the 18th birthday
    assert "未满 18 周岁" in d.errors["join_date"].text()
    d.fields["join_date"].setText("2005年7月")
    assert d.errors["join_date"].text() == ""
    assert d.save_button.isEnabled()
    m = d.member()
    assert (m.name, m.id_number, m.join_date, m.gender) == ("王芳", good, "2005-07", "男")


def test_each_field_rule_shows_its_reason(qtbot, town_db):  # type: ignore[no-untyped-def]
    d = make(qtbot, town_db)
    type_text(d.fields["name"], "赵六")
    qtbot.keyClicks(d.fields["id_number"], idcard.make("370285", dt.date(1970, 1, 2), 3))
    qtbot.keyClicks(d.fields["join_date"], "1995-07-01")
    qtbot.keyClicks(d.fields["full_date"], "1994-07-01")
    qtbot.keyClicks(d.fields["phone"], "12345")
    d.set_value("category", "正式党员")
    assert "转正日期早于" in d.errors["full_date"].text()
    assert "不是有效号码" in d.errors["phone"].text()
    assert "还有 2 处需要填写或修改" in d.summary.text()
    d.set_value("category", "预备党员")
    assert "预备党员不应填写" in d.errors["full_date"].text()
    d.set_value("gender", "女")
    assert "与公民身份号码不符" in d.errors["gender"].text()


def test_duplicate_identity_number_is_refused_live(qtbot, town_db):  # type: ignore[no-untyped-def]
    number = idcard.make("370285", dt.date(1970, 1, 2), 3)
    add_member(town_db, "张三", id_number=number)
    d = make(qtbot, town_db)
    qtbot.keyClicks(d.fields["id_number"], number)
    assert "已登记为 院上村 的张三" in d.errors["id_number"].text()
    assert not d.save_button.isEnabled()


def test_tab_order_follows_the_paper_form(qtbot, town_db):  # type: ignore[no-untyped-def]
    d = make(qtbot, town_db)
    chain, w = [], d.fields["name"]
    for _ in range(len(MEMBER_FIELDS) - 1):
        w = w.nextInFocusChain()
        while w.objectName() not in d.fields and w is not d.save_button:
            w = w.nextInFocusChain()
        chain.append(w.objectName())
    assert chain == [name for name, _ in MEMBER_FIELDS][1:]


def test_enter_saves_and_esc_asks_before_discarding(qtbot, town_db, messages):  # type: ignore[no-untyped-def]
    member_id = add_member(town_db, "张三")
    d = make(qtbot, town_db, get_member(town_db, member_id))
    assert d.save_button.isEnabled() and not d.is_dirty()
    qtbot.keyClick(d, Qt.Key.Key_Escape)  # nothing changed: closes without asking
    assert messages == [] and not d.isVisible()

    d = make(qtbot, town_db, get_member(town_db, member_id))
    type_text(d.fields["address"], "院上村1号")
    from ui.messages import Messages
    Messages.auto_answer = lambda kind, text: False  # the clerk says 'no, keep editing'
    qtbot.keyClick(d, Qt.Key.Key_Escape)
    assert messages[-1][0] == "confirm" and d.isVisible()
    with qtbot.waitSignal(d.submitted) as got:
        qtbot.keyClick(d.fields["address"], Qt.Key.Key_Return)
    assert got.args[0].address == "院上村1号" and got.args[0].id == member_id


def test_branch_follows_the_chosen_village_until_typed(qtbot, town_db):  # type: ignore[no-untyped-def]
    d = make(qtbot, town_db)
    d.village_box.setCurrentIndex(d.village_box.findText("院上村"))
    assert d.value("branch") == "院上镇院上村党支部"
    d.village_box.setCurrentIndex(d.village_box.findText("姜家庄村"))
    assert d.value("branch") == "院上镇姜家庄村党支部"
    d.fields["branch"].setText("姜家庄村联合党支部")
    d.village_box.setCurrentIndex(d.village_box.findText("院上村"))
    assert d.value("branch") == "姜家庄村联合党支部"


def test_a_new_form_marks_required_fields_before_scolding(qtbot, town_db):  # type: ignore[no-untyped-def]
    d = make(qtbot, town_db)
    assert d.errors["name"].text() == "必填" and not d.save_button.isEnabled()
    commit_ime(d.fields["name"], "王")
    d.fields["name"].clear()
    assert d.errors["name"].text() == "姓名不能为空"
