"""The member form: every field of 《党员基本信息采集表》 in the paper form's order, live validation with the
reason in red beside each field, and 全部保存 enabled only when the form is valid.

The dialog edits and validates a value; it does not write. Pressing 全部保存 emits `submitted(Member)`; the caller
saves it (models.members.save_member) and closes the dialog with `accept()` when that succeeded.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from models import codes, idcard
from models.db import LedgerDB
from models.entities import MEMBER_FIELDS, Member
from models.members import find_by_id_number, member_from_values, owning_town
from models.org import list_grids, list_villages
from models.validation import check_member
from ui import messages

DATE_FIELDS = ("birth_date", "join_date", "full_date", "lost_date")
DATE_HINT = "如 1985-03-12 或 2001.07"
ERROR_STYLE = "color: #c62828;"
WARN_STYLE = "color: #a05a00;"
HINT_STYLE = "color: #888888;"
FIELD_WIDTH = 300
SPLIT_AT = 12  # fields 1–12 in the left column, the rest on the right
FORM_ITEMS = ("name", "gender", "ethnicity", "id_number", "birth_date", "education", "category", "branch",
              "join_date", "full_date", "job", "phone", "address", "party_status", "lost_contact", "mobile")


def _combo(items: tuple[str, ...] | list[str], editable: bool = False) -> QComboBox:
    box = QComboBox()
    box.addItems(list(items))
    box.setEditable(editable)
    if editable:
        box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    return box


class MemberDialog(QDialog):
    submitted = Signal(object)  # Member

    def __init__(self, db: LedgerDB, member: Member | None = None, parent: QWidget | None = None,
                 village_id: int | None = None, grid_id: int | None = None, *, read_only: bool = False) -> None:
        """read_only: a 查阅 user sees every field, can change none, and has no 全部保存 button."""
        super().__init__(parent)
        self.db = db
        self.original = member
        self.read_only = read_only
        self.setWindowTitle(f"查看党员信息 — {member.name}" if member and read_only
                            else f"编辑党员信息 — {member.name}" if member else "新增党员")
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.checked_ok = False
        self._filling = False
        self._org_names = {}
        self._auto_branch = ""
        self.touched: set[str] = set()
        self._build()
        self._load(member, village_id, grid_id)
        self._initial = self._raw()
        from ui.members.central import READ_ONLY_TIP
        for name in ("is_central", "linked_households"):  # kept by models.households' designations
            self.fields[name].setEnabled(False)
            self.fields[name].setToolTip(READ_ONLY_TIP)
        if read_only:
            self._make_read_only()
        self.validate()

    # ---- layout -------------------------------------------------------------------------------------------
    def _make(self, name: str) -> QWidget:
        if name == "gender":
            return _combo(("",) + codes.GENDERS)
        if name == "ethnicity":
            return _combo(("",) + codes.ethnicities())
        if name == "education":
            return _combo(("",) + codes.education_labels(), editable=True)
        if name == "category":
            return _combo(codes.CATEGORIES)
        if name == "job":
            return _combo(("",) + codes.job_labels(), editable=True)
        if name == "party_status":
            return _combo(codes.PARTY_STATUSES)
        if name in ("lost_contact", "mobile", "is_central"):
            return QCheckBox("是")
        if name == "village":
            return QComboBox()
        if name == "grid":
            return QComboBox()
        if name == "linked_households":
            box = QSpinBox()
            box.setRange(0, 9999)
            return box
        edit = QLineEdit()
        if name in DATE_FIELDS:
            edit.setPlaceholderText("如 2001-07" if name == "lost_date" else DATE_HINT)
        elif name == "id_number":
            edit.setPlaceholderText("18 位，末位可为 X")
            edit.setMaxLength(22)
        elif name == "phone":
            edit.setPlaceholderText("11 位手机号或 区号-号码")
        elif name == "outflow":
            edit.setPlaceholderText("如 江苏省苏州市昆山市")
            edit.setToolTip("外出流向：省/市/县，如 江苏省苏州市昆山市")
        return edit

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(1)
        for n, (name, label) in enumerate(MEMBER_FIELDS):
            column = 0 if n < SPLIT_AT else 3
            row = 2 * (n if n < SPLIT_AT else n - SPLIT_AT)  # the field, and under it the reason
            number = f"{FORM_ITEMS.index(name) + 1}. " if name in FORM_ITEMS else ""
            caption = QLabel(f"{number}{label}")
            caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            widget = self._make(name)
            widget.setObjectName(name)
            widget.setMinimumWidth(FIELD_WIDTH)
            caption.setBuddy(widget)
            error = QLabel()
            error.setObjectName(f"error_{name}")
            error.setWordWrap(True)
            # one line is always reserved under the field (nothing jumps when a reason appears), and a longer
            # reason wraps onto a second line that the layout makes room for: no top or bottom is cut off
            error.setMinimumHeight(error.fontMetrics().lineSpacing() + 2)
            error.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            error.setStyleSheet(ERROR_STYLE)
            grid.addWidget(caption, row, column)
            grid.addWidget(widget, row, column + 1)
            grid.addWidget(error, row + 1, column + 1)
            self.fields[name] = widget
            self.errors[name] = error
        grid.setColumnMinimumWidth(2, 24)  # the gap between the two halves
        for column in (1, 4):  # the fields take the width
            grid.setColumnStretch(column, 1)
        outer.addLayout(grid)
        outer.addStretch(1)  # a taller window leaves room below the form, not gaps between its rows
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        outer.addWidget(self.summary)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = QPushButton("全部保存")
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton("取消")
        self.cancel_button.setAutoDefault(False)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        outer.addLayout(buttons)
        self.save_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        order = [self.fields[name] for name, _ in MEMBER_FIELDS] + [self.save_button, self.cancel_button]
        for a, b in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(a, b)
        for name, widget in self.fields.items():
            self._connect(name, widget)
        self.fields["village"].currentIndexChanged.connect(self._village_changed)  # type: ignore[attr-defined]

    def _connect(self, name: str, widget: QWidget) -> None:
        for signal_name in ("textChanged", "currentTextChanged", "toggled", "valueChanged"):
            if hasattr(widget, signal_name):
                getattr(widget, signal_name).connect(lambda *_a, n=name: self._touch(n))
                break
        if isinstance(widget, QLineEdit):
            widget.textChanged.connect(self.validate)
            if name == "id_number":
                widget.textChanged.connect(self._id_changed)
        elif isinstance(widget, QComboBox):
            widget.currentTextChanged.connect(self.validate)
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(self.validate)
        elif isinstance(widget, QSpinBox):
            widget.valueChanged.connect(self.validate)

    def _touch(self, name: str) -> None:
        if not self._filling:
            self.touched.add(name)

    # ---- values -------------------------------------------------------------------------------------------
    def _load(self, m: Member | None, village_id: int | None, grid_id: int | None) -> None:
        self._filling = True
        village = self.village_box
        self._org_names: dict[int, str] = {}
        self._auto_branch = ""
        for v in list_villages(self.db):
            self._org_names[v.id] = v.org_name
            village.addItem(v.name, v.id)
        if m is None:
            m = Member(name="", id_number="", village_id=village_id or 0, grid_id=grid_id, ethnicity="汉族")
        pos = village.findData(m.village_id)
        village.setCurrentIndex(max(pos, 0))
        self._village_changed()
        gpos = self.grid_box.findData(m.grid_id)
        self.grid_box.setCurrentIndex(max(gpos, 0))
        for name, _ in MEMBER_FIELDS:
            if name in ("village", "grid"):
                continue
            self.set_value(name, getattr(m, name))
        if not m.branch:  # 所在党支部 follows the village's Party organization until the clerk types another
            self._auto_branch = self._org_names.get(self.village_box.currentData(), "")
            self.set_value("branch", self._auto_branch)
        self._filling = False

    @property
    def village_box(self) -> QComboBox:
        return self.fields["village"]  # type: ignore[return-value]

    @property
    def grid_box(self) -> QComboBox:
        return self.fields["grid"]  # type: ignore[return-value]

    def _village_changed(self) -> None:
        vid = self.village_box.currentData()
        branch = self.fields["branch"]
        if not self._filling and isinstance(branch, QLineEdit) and branch.text() in ("", self._auto_branch):
            self._auto_branch = self._org_names.get(vid, "")
            branch.setText(self._auto_branch)
        self.grid_box.clear()
        self.grid_box.addItem("（未分网格）", None)
        if vid is not None:
            for g in list_grids(self.db, vid):
                self.grid_box.addItem(g.name, g.id)

    def set_value(self, name: str, value: Any) -> None:
        w = self.fields[name]
        if isinstance(w, QLineEdit):
            w.setText("" if value is None else str(value))
        elif isinstance(w, QComboBox):
            text = "" if value is None else str(value)
            pos = w.findText(text)
            if pos >= 0:
                w.setCurrentIndex(pos)
            elif w.isEditable():
                w.setEditText(text)
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, QSpinBox):
            w.setValue(int(value or 0))

    def value(self, name: str) -> Any:
        w = self.fields[name]
        if isinstance(w, QLineEdit):
            return w.text()
        if isinstance(w, QComboBox):
            return w.currentText()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QSpinBox):
            return w.value()
        return None

    def _raw(self) -> dict[str, Any]:
        raw = {name: self.value(name) for name, _ in MEMBER_FIELDS if name not in ("village", "grid")}
        raw["village_id"] = self.village_box.currentData()
        raw["grid_id"] = self.grid_box.currentData()
        return raw

    def is_dirty(self) -> bool:
        return self._raw() != self._initial

    def _id_changed(self, text: str) -> None:
        try:
            info = idcard.parse(text)
        except idcard.IdNumberError:
            return
        self.set_value("gender", info.gender)
        self.set_value("birth_date", info.birth_date)

    def _make_read_only(self) -> None:
        for w in self.fields.values():
            if isinstance(w, QLineEdit):
                w.setReadOnly(True)
            elif isinstance(w, QComboBox) and w.isEditable():
                w.lineEdit().setReadOnly(True)
                w.setEnabled(False)
            else:
                w.setEnabled(False)
        self.save_button.hide()
        self.cancel_button.setText("关闭")
        self.cancel_button.setDefault(True)

    # ---- validation ---------------------------------------------------------------------------------------
    def validate(self) -> bool:
        if self._filling:
            return False
        if self.read_only:
            for label in self.errors.values():
                label.setText("")
            self.summary.setStyleSheet(HINT_STYLE)
            self.summary.setText("当前用户只能查阅，不能修改党员信息")
            self.save_button.setEnabled(False)
            return False
        raw = self._raw()
        checked = check_member(raw)
        errors = checked.errors_by_field()
        warnings: dict[str, str] = {}
        for issue in checked.warnings:
            warnings.setdefault(issue.field, issue.message)
        if raw["village_id"] is None:
            errors["village"] = "请先在“组织”页新建村（社区）" if self.village_box.count() == 0 else "请选择"
        number = str(checked.values.get("id_number", ""))
        if "id_number" not in errors and number:
            town = owning_town(self.db, self.original.id if self.original else None, raw["village_id"])
            clash = find_by_id_number(self.db, number, town)
            if clash and (self.original is None or clash.id != self.original.id):
                errors["id_number"] = f"已登记为 {clash.village_name} 的{clash.name}（{clash.status}）"
        for name, label in self.errors.items():
            if name in errors and not self.value(name) and name not in self.touched and self.original is None:
                label.setStyleSheet(HINT_STYLE)  # a new form starts calm: required, not yet wrong
                label.setText("必填")
            elif name in errors:
                label.setStyleSheet(ERROR_STYLE)
                label.setText(errors[name])
            elif name in warnings:
                label.setStyleSheet(WARN_STYLE)
                label.setText(warnings[name])
            else:
                label.setText("")
        self._fit_reasons()
        self.checked_ok = not errors
        self.save_button.setEnabled(self.checked_ok)
        self._checked = checked
        wrong = [n for n in errors if self.errors[n].text() != "必填"]
        self.summary.setStyleSheet(ERROR_STYLE if wrong else HINT_STYLE if errors else "color: #2e7d32;")
        if wrong:
            self.summary.setText(f"还有 {len(errors)} 处需要填写或修改，改好后才能保存")
        elif errors:
            self.summary.setText(f"请填写 {len(errors)} 项必填信息")
        else:
            self.summary.setText("信息完整，可以保存（Enter）")
        return self.checked_ok

    def _fit_reasons(self) -> None:
        """Each reason gets the lines it needs (the window grows rather than cutting a line in half)."""
        for label in self.errors.values():
            metrics = label.fontMetrics()
            width = (label.width() if label.isVisible() else FIELD_WIDTH) - 4  # unshown widgets say 640
            lines = max(1, -(-metrics.horizontalAdvance(label.text()) // max(width, 1)))
            label.setMinimumHeight(min(lines, 3) * metrics.lineSpacing() + 2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_reasons()

    def member(self) -> Member:
        """The edited, cleaned value (call when the form is valid)."""
        raw = self._raw()
        m = member_from_values(self._checked.values, raw["village_id"], raw["grid_id"],
                               self.original.id if self.original else None)
        if self.original:
            m = replace(m, status=self.original.status, status_date=self.original.status_date,
                        status_detail=self.original.status_detail)
        return m

    def submit(self) -> None:
        if self.validate():
            self.submitted.emit(self.member())

    def reject(self) -> None:
        if not self.read_only and self.is_dirty() and not messages.confirm(self, "表单中有未保存的修改，确定放弃吗？"):
            return
        super().reject()
