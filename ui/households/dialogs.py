"""The 中心户 page's forms: designate a member, a household (户), link a household, record a visit."""
from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLineEdit, QSpinBox, QWidget

from models import clock
from models import households as hh
from ui.forms import FormDialog


class DesignateDialog(FormDialog):
    """Designate one of `candidates`; with `existing` (a current CentralRow), correct its date, method and notice
    date instead (a migrated designation's unknown start date, 确定日期待补)."""

    def __init__(self, candidates: list[tuple[int, str, str]], parent: QWidget | None = None, *,
                 existing: hh.CentralRow | None = None) -> None:
        super().__init__("修改党员中心户" if existing else "确定党员中心户", parent)
        self.member = QComboBox()
        if existing is not None:
            candidates = [(existing.member_id, existing.name, existing.grid)]
            self.member.setEnabled(False)
        for mid, name, grid in candidates:
            self.member.addItem(f"{name}（{grid or '未分网格'}）", mid)
        self.start = QLineEdit(clock.today().isoformat() if existing is None else existing.start_date)
        self.start.setPlaceholderText("年-月-日")
        self.method = QLineEdit(hh.DEFAULT_METHOD if existing is None else existing.method or hh.DEFAULT_METHOD)
        self.notice = QLineEdit("" if existing is None else existing.notice_date)
        self.notice.setPlaceholderText("年-月-日，可不填")
        for label, w in (("党员", self.member), ("确定日期", self.start), ("确定方式", self.method),
                         ("公示日期", self.notice)):
            self.form.addRow(label, w)
        self.set_problem("" if candidates else "所选范围内没有可确定的在册党员")

    def member_id(self) -> int:
        return int(self.member.currentData())


class EndDialog(FormDialog):
    """Ending something with a date and a reason: a designation (history kept) or a household's link."""

    def __init__(self, title: str, parent: QWidget | None = None, *, reason: str = "") -> None:
        super().__init__(title, parent)
        self.date = QLineEdit(clock.today().isoformat())
        self.reason = QLineEdit(reason)
        self.reason.setMinimumWidth(260)
        self.form.addRow("结束日期", self.date)
        self.form.addRow("结束原因", self.reason)


class HouseholdDialog(FormDialog):
    """A household's every field; `existing` (a HouseholdRow) fills the form to edit it (修改户)."""

    def __init__(self, grids: list[tuple[int | None, str]], parent: QWidget | None = None, *,
                 tags: tuple[str, ...] = hh.TAGS, existing: hh.HouseholdRow | None = None) -> None:
        # tags the household carries stay choosable even when no longer in the list
        choices = tuple(dict.fromkeys(tags + (existing.tags if existing else ())))
        super().__init__("修改户" if existing else "新增户", parent)
        self.existing_id = existing.id if existing else None
        self.head = QLineEdit()
        self.id_number = QLineEdit()
        self.address = QLineEdit()
        self.persons = QSpinBox()
        self.persons.setRange(1, 99)
        self.phone = QLineEdit()
        self.grid = QComboBox()
        for gid, name in grids:
            self.grid.addItem(name, gid)
        tags = QWidget()
        grid_layout = QGridLayout(tags)
        grid_layout.setContentsMargins(0, 0, 0, 0)
        self.tags: dict[str, QCheckBox] = {}
        for i, tag in enumerate(choices):
            box = QCheckBox(tag)
            self.tags[tag] = box
            grid_layout.addWidget(box, i // 5, i % 5)
        self.party = QCheckBox("党员户")
        for label, w in (("户主姓名", self.head), ("户主身份证号", self.id_number), ("家庭住址", self.address),
                         ("家庭人口", self.persons), ("联系电话", self.phone), ("所在网格", self.grid),
                         ("户类型", tags), ("", self.party)):
            self.form.addRow(label, w)
        if existing is not None:
            self.head.setText(existing.head_name)
            self.id_number.setText(existing.head_id_number)
            self.address.setText(existing.address)
            self.persons.setValue(existing.persons)
            self.phone.setText(existing.phone)
            at = self.grid.findData(existing.grid_id) if existing.grid_id is not None else -1
            self.grid.setCurrentIndex(at if at >= 0 else self.grid.count() - 1)  # 未分网格 is last
            for tag in existing.tags:
                self.tags[tag].setChecked(True)
            self.party.setChecked(existing.party_household)

    def household(self, village_id: int) -> hh.Household:
        tags = tuple(t for t, box in self.tags.items() if box.isChecked()) or ("普通",)
        return hh.Household(self.head.text(), village_id, self.grid.currentData(), self.id_number.text(),
                            self.address.text(), self.persons.value(), self.phone.text(), tags,
                            self.party.isChecked(), self.existing_id)


class LinkDialog(FormDialog):
    """Link a household to a central household of its village; `moving_from` (its current one) says it moves."""

    def __init__(self, head: str, centrals: list[hh.CentralRow], parent: QWidget | None = None, *,
                 moving_from: str = "") -> None:
        super().__init__(f"{head}户：改由其他党员中心户联系（现为{moving_from}）" if moving_from
                         else f"{head}户：联系的党员中心户", parent)
        self.central = QComboBox()
        for c in centrals:
            self.central.addItem(f"{c.name}（{c.grid or '未分网格'}，已联系 {c.linked} 户）", c.designation_id)
        self.start = QLineEdit(clock.today().isoformat())
        self.form.addRow("党员中心户", self.central)
        self.form.addRow("开始日期", self.start)
        self.set_problem("" if centrals else "本村还没有（其他）党员中心户")


class VisitDialog(FormDialog):
    def __init__(self, head: str, parent: QWidget | None = None) -> None:
        super().__init__(f"走访{head}户", parent)
        self.date = QLineEdit(clock.today().isoformat())
        self.kind = QComboBox()
        self.kind.addItems(hh.VISIT_KINDS)
        self.raised = QLineEdit()
        self.handled = QLineEdit()
        self.reported = QCheckBox("已上报村党组织")
        for label, w in (("日期", self.date), ("事项类型", self.kind), ("反映问题", self.raised),
                         ("办理情况", self.handled), ("", self.reported)):
            self.form.addRow(label, w)

    def visit(self, household_id: int) -> hh.Visit:
        return hh.Visit(household_id, self.date.text(), self.kind.currentText(), self.raised.text(),
                        self.handled.text(), self.reported.isChecked())


class RemindersDialog(FormDialog):
    """The households area's reminder setting: a household not visited for N months (default 3)."""

    def __init__(self, months: int, parent: QWidget | None = None) -> None:
        super().__init__("中心户提醒设置", parent)
        self.months = QSpinBox()
        self.months.setRange(1, 24)
        self.months.setValue(months)
        self.months.setSuffix(" 个月")
        self.form.addRow("联系户多久未走访即提醒", self.months)
