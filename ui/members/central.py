"""党员中心户 from the member's panel: designating or ending goes through models.households (designations with
history), never by editing the member record's 是否党员中心户/联系户数 (the form shows them read-only)."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit, QWidget

from models import clock
from models import households as hh
from ui.dialogs import run
from ui.forms import FormDialog

READ_ONLY_TIP = "由“党员中心户”记录决定：在党员页点“党员中心户…”或在“中心户”页确定、结束"


class CentralDialog(FormDialog):
    """Designate (start date, how decided, notice date) or end (date, reason) a member's designation."""

    def __init__(self, name: str, ending: bool, parent: QWidget | None = None) -> None:
        super().__init__(f"结束党员中心户 — {name}" if ending else f"确定为党员中心户 — {name}", parent)
        self.ending = ending
        self.date = QLineEdit(clock.today().isoformat())
        self.form.addRow("结束日期" if ending else "确定日期", self.date)
        self.method = QLineEdit(hh.DEFAULT_METHOD)
        self.notice = QLineEdit()
        self.notice.setPlaceholderText("年-月-日，可不填")
        self.reason = QLineEdit()
        if ending:
            self.form.addRow("结束原因", self.reason)
        else:
            self.form.addRow("确定方式", self.method)
            self.form.addRow("公示日期", self.notice)


def central_action(page: Any) -> bool:
    """The members page's 党员中心户… action on the current member: designate, or end the current designation."""
    from ui import messages
    m = page.current_member()
    if m is None or m.id is None:
        messages.info(page, "请先选中一名党员")
        return False
    member_id = m.id
    current = hh.current_designation(page.db, member_id)
    dialog = CentralDialog(m.name, current is not None, page)
    done: list[bool] = []

    def write() -> object:
        if current is not None:
            return hh.end_designation(page.db, current, dialog.date.text(), dialog.reason.text())
        return hh.designate(page.db, member_id, dialog.date.text(), dialog.method.text(), dialog.notice.text())

    dialog.on_save = lambda: page.events.write(dialog, write, lambda _r: done.append(True))
    page.central_dialog = dialog
    run(dialog)
    if done:
        page._select_after_reload(member_id)
    return bool(done)
