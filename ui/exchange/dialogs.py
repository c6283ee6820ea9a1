"""The 冲突 page's one form: 修改 — a value of the clerk's own for the conflicted field, and the reason."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from models import exchange as ex
from ui.forms import FormDialog


class EditValueDialog(FormDialog):
    def __init__(self, conflict: ex.Conflict, parent: QWidget | None = None) -> None:
        super().__init__(f"修改冲突 {conflict.id} 的值", parent, ok_text="保存")
        self.conflict = conflict
        label = ex.field_label(conflict.table, conflict.field)
        self.form.addRow("记录", QLabel(f"{conflict.name}（{conflict.table}）"))
        self.form.addRow("本库", QLabel(ex.shown(conflict.ours)))
        self.form.addRow("来件", QLabel(ex.shown(conflict.theirs)))
        self.value = QLineEdit(ex.shown(conflict.theirs) if isinstance(conflict.theirs, str) else "")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("如：已电话核实")
        self.form.addRow(label, self.value)
        self.form.addRow("处理理由", self.reason)
        self.value.textChanged.connect(lambda _t: self._check())
        self.reason.textChanged.connect(lambda _t: self._check())
        self._check()

    def _check(self) -> None:
        if not self.reason.text().strip():
            self.set_problem("请填写处理理由（记入操作日志）")
        else:
            self.set_problem("")

    def new_value(self) -> Any:
        """The typed value, as a number where the field held a number."""
        text = self.value.text().strip()
        sample = self.conflict.ours if self.conflict.ours is not None else self.conflict.theirs
        if isinstance(sample, int) and not isinstance(sample, bool):
            try:
                return int(text)
            except ValueError:
                return text
        if isinstance(sample, float):
            try:
                return float(text)
            except ValueError:
                return text
        return text
