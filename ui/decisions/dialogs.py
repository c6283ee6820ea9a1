"""The 议事 page's forms, on the shared FormDialog: a decision item (village, title, kind, amount, note), one step's
record (date, attendance, votes, result; the checks it will fail shown live, as a warning: a flagged step is kept,
not refused) and the town's procedure (steps and their rules, for new items)."""
from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from models import clock
from models import decisions as dc
from ui.forms import FormDialog

WARN_STYLE = "color: #b00020;"


def date_edit(day: str = "") -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDate(QDate.fromString(day, "yyyy-MM-dd") if day else QDate(clock.today()))
    return edit


class ItemDialog(FormDialog):
    """新建 or 修改 a decision item."""

    def __init__(self, villages: list[tuple[int, str]], item: dc.ItemDetail | None = None,
                 village_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__("修改议事事项" if item else "新建议事事项", parent)
        self.item_id = item.id if item else None
        self.village = QComboBox()
        for vid, name in villages:
            self.village.addItem(name, vid)
        chosen = item.village_id if item else village_id
        if chosen is not None and self.village.findData(chosen) >= 0:
            self.village.setCurrentIndex(self.village.findData(chosen))
        self.village.setEnabled(item is None)  # an item stays in its village
        self.title = QLineEdit(item.title if item else "")
        self.title.setPlaceholderText("如 村内道路硬化工程")
        self.kind = QComboBox()
        self.kind.addItems(dc.KINDS)
        if item:
            self.kind.setCurrentText(item.kind)
        self.amount = QLineEdit("" if not item or item.amount is None else f"{item.amount:g}")
        self.amount.setPlaceholderText("万元，可不填")
        self.note = QLineEdit(item.note if item else "")
        for label, w in (("村（社区）", self.village), ("事项名称", self.title), ("事项类别", self.kind),
                         ("金额（万元）", self.amount), ("备注", self.note)):
            self.form.addRow(label, w)
        if item is None:
            self.form.addRow("", QLabel("新建的事项按现行议事程序办理"))
        self.title.textChanged.connect(self._check)
        self.amount.textChanged.connect(self._check)
        self.resize(460, self.sizeHint().height())
        self._check()

    def _check(self) -> None:
        problem = "" if self.title.text().strip() else "请填写事项名称"
        if not problem:
            try:
                dc.rules.parse_amount(self.amount.text())
            except dc.DecisionError as exc:
                problem = str(exc)
        self.set_problem(problem)

    def value(self) -> dc.Item:
        return dc.Item(int(self.village.currentData()), self.title.text(), self.kind.currentText(),
                       self.amount.text().strip() or None, self.note.text(), id=self.item_id)  # type: ignore[arg-type]


class StepDialog(FormDialog):
    """What happened at one step: the numbers a meeting needs, and live warnings of the checks it will fail."""

    def __init__(self, item: dc.ItemDetail, step_no: int, parent: QWidget | None = None) -> None:
        name, rule = item.steps[step_no]
        super().__init__(f"记录议事步骤：{name}", parent, ok_text="保存")
        self.item, self.step_no, self.rule = item, step_no, rule
        now = item.record(step_no)
        self.form.addRow("议事事项", QLabel(f"{item.village}　{item.title}"))
        self.form.addRow("步骤", QLabel(f"第 {step_no + 1} 步　{name}　（{dc.RULES.get(rule, '')}）"))
        self.day = date_edit(now.day if now else "")
        self.form.addRow("日期", self.day)
        self.counts: dict[str, QLineEdit] = {}
        meeting = rule in (dc.MEETING, dc.PARTY, dc.VILLAGERS)
        for field, label in (("due", "应到人数"), ("present", "实到人数"), ("votes_for", "赞成"),
                             ("votes_against", "反对"), ("votes_abstain", "弃权")):
            edit = QLineEdit("" if now is None or getattr(now, field) is None else str(getattr(now, field)))
            edit.setPlaceholderText("未记录")
            self.counts[field] = edit
            if meeting:
                self.form.addRow(label, edit)
            edit.textChanged.connect(self._check)
        self.outcome = QComboBox()
        self.outcome.setEditable(True)
        self.outcome.addItems(("", "通过", "未通过", "同意", "不同意", "已在村务公开栏公开"))
        self.outcome.setCurrentText(now.result if now else "")
        self.form.addRow("结果", self.outcome)
        meetings = [n for n, (_s, r) in enumerate(item.steps) if r in (dc.MEETING, dc.PARTY, dc.VILLAGERS)]
        self.merged = QCheckBox(f"与“{item.steps[meetings[0]][0]}”合并召开（书记“一肩挑”）" if len(meetings) > 1
                                else "")
        self.merged.setChecked(bool(now and now.merged))
        if len(meetings) > 1 and step_no == meetings[1]:
            self.form.addRow("", self.merged)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(WARN_STYLE)
        self.layout_.insertWidget(1, self.warning)
        self.day.dateChanged.connect(self._check)
        self.outcome.currentTextChanged.connect(self._check)
        self.merged.toggled.connect(self._check)
        self.resize(480, self.sizeHint().height())
        self._check()

    def value(self) -> dc.StepRecord:
        return dc.StepRecord(self.step_no, self.day.date().toString("yyyy-MM-dd"),
                             *(self.counts[f].text().strip() or None for f in  # type: ignore[arg-type]
                               ("due", "present", "votes_for", "votes_against", "votes_abstain")),
                             result=self.outcome.currentText(), merged=self.merged.isChecked())

    def _check(self) -> None:
        """Field errors block 保存; the procedure's checks only warn (the record must show what happened)."""
        from models.decisions.items import check_record
        try:
            record = check_record(self.item.steps, self.value())
        except dc.DecisionError as exc:
            self.warning.setText("")
            self.set_problem(str(exc))
            return
        self.set_problem("")
        others = [r for r in self.item.records if r.step_no != self.step_no]
        flags = dc.check(list(self.item.steps), [*others, record._replace(id=None)], self.item.one_shoulder)
        mine = flags.get(self.step_no, [])
        self.warning.setText("保存后本步骤将标记为不符合议事程序：" + "；".join(mine) if mine else "")


RULE_NAMES = list(dc.RULES.items())


class ProcedureDialog(FormDialog):
    """The town's 议事程序: steps in order, each with its rule. Saved as a new version for new items."""

    def __init__(self, current: dc.Procedure, parent: QWidget | None = None) -> None:
        super().__init__("议事程序", parent)
        intro = QLabel(f"现行第 {current.version or 1} 版。修改后只用于此后新建的事项；已有事项仍按原来的程序办理。")
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(("步骤名称", "核对规则"))
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for name, rule in current.steps:
            self._add(name, rule)
        self.form.addRow(self.table)
        bar = QHBoxLayout()
        for text, slot in (("添加步骤", lambda: self._add("", dc.NOTE, edit=True)), ("删除", self._remove),
                           ("上移", lambda: self._move(-1)), ("下移", lambda: self._move(1)),
                           ("恢复默认", self._default)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            bar.addWidget(button)
        bar.addStretch(1)
        self.form.addRow(bar)
        self.table.itemChanged.connect(lambda _i: self._check())
        self.resize(560, 460)
        self._check()

    def _add(self, name: str, rule: str, *, edit: bool = False, at: int | None = None) -> None:
        row = self.table.rowCount() if at is None else at
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(name))
        box = QComboBox()
        for key, text in RULE_NAMES:
            box.addItem(text, key)
        box.setCurrentIndex(max(0, box.findData(rule)))
        box.currentIndexChanged.connect(lambda _i: self._check())
        self.table.setCellWidget(row, 1, box)
        if edit:
            self.table.setCurrentCell(row, 0)
            self.table.editItem(self.table.item(row, 0))
        self._check()

    def _remove(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self._check()

    def _move(self, by: int) -> None:
        row = self.table.currentRow()
        to = row + by
        if row < 0 or not 0 <= to < self.table.rowCount():
            return
        steps = self.value()
        steps.insert(to, steps.pop(row))
        self._fill(steps)
        self.table.setCurrentCell(to, 0)

    def _default(self) -> None:
        self._fill(list(dc.DEFAULT_STEPS))

    def _fill(self, steps: list[tuple[str, str]]) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for name, rule in steps:
            self._add(name, rule)
        self.table.blockSignals(False)
        self._check()

    def value(self) -> list[tuple[str, str]]:
        out = []
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            box = self.table.cellWidget(row, 1)
            out.append((item.text() if item else "", str(box.currentData()) if isinstance(box, QComboBox) else ""))
        return out

    def _check(self) -> None:
        try:
            dc.rules.check_steps(self.value())
        except dc.DecisionError as exc:
            self.set_problem(str(exc))
            return
        blank = [n + 1 for n, (name, _r) in enumerate(self.value()) if not name.strip()]
        self.set_problem(f"第 {blank[0]} 步没有名称" if blank else "")
