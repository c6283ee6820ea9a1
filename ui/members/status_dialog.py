"""The small dialog for a status change: 转出 (date, destination), 去世 (date), 出党 (date, reason) and 恢复在册
(reason). It validates the date and the required detail live; the caller makes the change
(models.members.change_status / restore_member) and closes the dialog with accept() when it succeeded."""
from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from models import clock
from models.dates import DateError, earliest, parse_date
from models.entities import Member
from ui import messages
from ui.forms import ERROR_STYLE, FormDialog

KINDS = {
    "转出": ("转出日期", "转往党组织", True, "如 莱西市水集街道党工委"),
    "去世": ("去世日期", "备注", False, "可不填"),
    "出党": ("出党日期", "出党原因", True, "如 自行脱党、劝退、除名"),
    "恢复在册": ("", "恢复原因", False, "如 误操作，撤销转出"),
}


class StatusDialog(FormDialog):
    """The date and detail of a status change; 确定 saves through `on_save` (the caller's write), and a refusal
    keeps the dialog open. `date()` and `detail()` give what was typed."""

    def __init__(self, kind: str, member: Member, parent: QWidget | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__(f"{kind} — {member.name}", parent,
                         ok_text=f"确定{kind}" if kind != "恢复在册" else "恢复在册")
        self.kind = kind
        self.today = today or clock.today()
        date_label, detail_label, self.detail_required, hint = KINDS[kind]
        layout = self.layout_
        if kind == "恢复在册":
            what = f"把{member.name}由“{member.status}”（{member.status_date} {member.status_detail}）恢复为在册。"
        else:
            what = f"{member.name}（{member.village_name}{member.grid_name}）将标记为“{kind}”，记录和历史都会保留。"
        intro = QLabel(what)
        intro.setWordWrap(True)
        layout.insertWidget(0, intro)
        form = self.form
        self.date_edit = QLineEdit(self.today.isoformat())
        self.date_edit.setObjectName("status_date")
        self.date_error = QLabel()
        self.date_error.setStyleSheet(ERROR_STYLE)
        if date_label:
            form.addRow(date_label, self.date_edit)
            form.addRow("", self.date_error)
        else:
            self.date_edit.hide()
            self.date_error.hide()
        self.detail_edit = QLineEdit()
        self.detail_edit.setObjectName("status_detail")
        self.detail_edit.setPlaceholderText(hint)
        self.detail_edit.setMinimumWidth(300)
        self.detail_error = QLabel()
        self.detail_error.setStyleSheet(ERROR_STYLE)
        form.addRow(detail_label + ("（必填）" if self.detail_required else ""), self.detail_edit)
        form.addRow("", self.detail_error)
        self.error.hide()  # the reasons stand beside their fields
        self.date_edit.textChanged.connect(self.validate)
        self.detail_edit.textChanged.connect(self.validate)
        self.validate()

    def date(self) -> str:
        if self.kind == "恢复在册":
            return ""
        try:
            return parse_date(self.date_edit.text())
        except DateError:
            return ""

    def validate(self) -> bool:
        date_msg = ""
        if self.kind != "恢复在册":
            try:
                day = parse_date(self.date_edit.text())
                if not day:
                    date_msg = "日期不能为空"
                elif earliest(day) > self.today:
                    date_msg = f"{day} 在今天之后"
            except DateError as exc:
                date_msg = str(exc)
        detail_msg = "必须填写" if self.detail_required and not self.detail_edit.text().strip() else ""
        self.date_error.setText(date_msg)
        self.detail_error.setText(detail_msg)
        ok = not date_msg and not detail_msg
        self.ok_button.setEnabled(ok)
        return ok

    def detail(self) -> str:
        return self.detail_edit.text().strip()

    def reject(self) -> None:
        if self.detail_edit.text().strip() and not messages.confirm(self, "放弃这次状态变更吗？"):
            return
        super().reject()
