"""The 监督 page's other forms: a cadre's post (picked from the village's Party members or typed), the end of a
post, an inspection whose findings raise problems, a village project, a business on the cadre-business register,
and the deadline asked when a related-party flag becomes a problem."""
from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLineEdit, QPlainTextEdit, QWidget

from models import supervision as sv
from models.audit import can_see_full_ids
from models.idcard import mask
from ui.forms import FormDialog
from ui.supervision.dialogs import date_edit, iso

TYPED = "（非党员，手工填写）"
NO_CADRE = "（不针对具体村干部）"
NOT_YET = QDate(2000, 1, 1)
APPOINTED = ("选举", "选派", "调整", "任命", "补选")


def village_box(villages: list[tuple[int, str]], current: int | None = None) -> QComboBox:
    box = QComboBox()
    for vid, name in villages:
        box.addItem(name, vid)
    if current is not None:
        box.setCurrentIndex(max(0, box.findData(current)))
    return box


class CadreDialog(FormDialog):
    """A post taken up: the person picked from the village's Party members (their data is not typed twice) or
    typed; 一肩挑 only for the 书记."""

    def __init__(self, db, villages: list[tuple[int, str]], village_id: int | None = None,  # type: ignore[no-untyped-def]
                 parent: QWidget | None = None, cadre: sv.Cadre | None = None) -> None:
        super().__init__("修改村干部任职" if cadre else "新增村干部任职", parent)
        self.db = db
        self.cadre_id, self.end_date = (cadre.id, cadre.end_date) if cadre else (None, "")
        self.kept_number = ""  # a typed cadre's number this user may not see: kept as stored
        self.village = village_box(villages, cadre.village_id if cadre else village_id)
        self.member = QComboBox()
        self.name, self.id_number = QLineEdit(), QLineEdit()
        self.post = QComboBox()
        self.post.setEditable(True)
        self.post.addItems(sv.POSTS)
        self.start = date_edit()
        self.appointed = QComboBox()
        self.appointed.setEditable(True)
        self.appointed.addItems(APPOINTED)
        self.one_shoulder = QCheckBox("书记兼任村委会主任（一肩挑）")
        for label, w in (("村（社区）", self.village), ("从党员中选择", self.member), ("姓名", self.name),
                         ("公民身份号码", self.id_number), ("职务", self.post), ("任职日期", self.start),
                         ("产生方式", self.appointed), ("一肩挑", self.one_shoulder)):
            self.form.addRow(label, w)
        self.village.currentIndexChanged.connect(self._fill_members)
        self.member.currentIndexChanged.connect(self._picked)
        self.post.currentTextChanged.connect(self._check)
        self.name.textChanged.connect(self._check)
        self._fill_members()
        if cadre:
            self._show(cadre)

    def _show(self, c: sv.Cadre) -> None:
        picked = next((i for i in range(self.member.count())
                       if (self.member.itemData(i) or (None,))[0] == c.member_id), -1) if c.member_id else -1
        if picked > 0:
            self.member.setCurrentIndex(picked)
        else:
            self.name.setText(c.name)
            if c.id_number and not can_see_full_ids(self.db):
                self.kept_number = c.id_number
                self.id_number.setText(mask(c.id_number))
                self.id_number.setEnabled(False)
            else:
                self.id_number.setText(c.id_number)
        self.post.setCurrentText(c.post)
        if c.start_date:
            self.start.setDate(QDate.fromString(c.start_date, "yyyy-MM-dd"))
        self.appointed.setCurrentText(c.appointed_by)
        self.one_shoulder.setChecked(bool(c.one_shoulder))

    def _fill_members(self) -> None:
        self.member.blockSignals(True)
        self.member.clear()
        self.member.addItem(TYPED, None)
        vid = self.village.currentData()
        for mid, name, number in sv.village_members(self.db, int(vid)) if vid is not None else []:
            self.member.addItem(f"{name}　{mask(number)}", (mid, name))
        self.member.blockSignals(False)
        self._picked()

    def _picked(self) -> None:
        picked = self.member.currentData()
        self.name.setReadOnly(picked is not None)
        self.id_number.setEnabled(picked is None)
        if picked is not None:
            self.name.setText(picked[1])
            self.id_number.clear()
        self._check()

    def _check(self) -> None:
        is_secretary = self.post.currentText().strip() == "书记"
        self.one_shoulder.setEnabled(is_secretary)
        if not is_secretary:
            self.one_shoulder.setChecked(False)
        problem = "" if self.name.text().strip() else "请从党员中选择，或填写姓名"
        self.set_problem(problem or ("" if self.post.currentText().strip() else "请填写职务"))

    def value(self) -> sv.Cadre:
        picked = self.member.currentData()
        return sv.Cadre(village_id=int(self.village.currentData()), name=self.name.text(),
                        post=self.post.currentText(), start_date=iso(self.start),
                        appointed_by=self.appointed.currentText().strip(), one_shoulder=self.one_shoulder.isChecked(),
                        member_id=picked[0] if picked else None,
                        id_number="" if picked else (self.kept_number or self.id_number.text().strip()),
                        end_date=self.end_date, id=self.cadre_id)


class EndPostDialog(FormDialog):
    def __init__(self, cadre: sv.Cadre, parent: QWidget | None = None) -> None:
        super().__init__("村干部离任", parent, ok_text="离任")
        self.day = date_edit()
        self.form.addRow("村干部", QLineEdit(f"{cadre.village} {cadre.name}（{cadre.post}）", readOnly=True))
        self.form.addRow("任职日期", QLineEdit(cadre.start_date or "未填", readOnly=True))
        self.form.addRow("离任日期", self.day)


class InspectionDialog(FormDialog):
    """监督检查记录; each line under 发现的问题 becomes a problem in the ledger with the deadline given. With
    `inspection` it corrects a recorded one (its problems are the ledger's to change: those rows are not shown).
    The cadres offered are those serving on the inspection day."""

    def __init__(self, db, villages: list[tuple[int, str]], village_id: int | None = None,  # type: ignore[no-untyped-def]
                 parent: QWidget | None = None, inspection: sv.Inspection | None = None) -> None:
        super().__init__("修改监督检查记录" if inspection else "新增监督检查记录", parent)
        self.db = db
        self.inspection_id = inspection.id if inspection else None
        self.village = village_box(villages, inspection.village_id if inspection else village_id)
        self.day = date_edit(inspection.day if inspection else "")
        self.source = QComboBox()
        self.source.addItems(sv.SOURCES)
        self.cadre = QComboBox()
        self.checked = QLineEdit()
        self.findings = QPlainTextEdit()
        self.findings.setFixedHeight(50)
        self.problems = QPlainTextEdit()
        self.problems.setFixedHeight(70)
        self.problems.setPlaceholderText("每行一条，保存后列入问题整改台账")
        self.deadline = date_edit()
        self.deadline.setDate(self.day.date().addDays(30))
        self.person = QLineEdit()
        rows = [("村（社区）", self.village), ("检查日期", self.day), ("监督类型", self.source),
                ("涉及村干部", self.cadre), ("检查内容", self.checked), ("检查情况", self.findings)]
        if inspection is None:
            rows += [("发现的问题", self.problems), ("整改时限", self.deadline), ("整改责任人", self.person)]
        for label, w in rows:
            self.form.addRow(label, w)
        self.village.currentIndexChanged.connect(self._fill_cadres)
        self.day.dateChanged.connect(self._fill_cadres)
        self.checked.textChanged.connect(self._check)
        self._fill_cadres()
        if inspection:
            self.source.setCurrentText(inspection.source)
            self.cadre.setCurrentIndex(max(0, self.cadre.findData(inspection.cadre_id)))
            self.checked.setText(inspection.checked)
            self.findings.setPlainText(inspection.findings)
        self._check()

    def _fill_cadres(self) -> None:
        """The village's cadres serving on the inspection day (one who has left since can still be named)."""
        current = self.cadre.currentData()
        self.cadre.blockSignals(True)
        self.cadre.clear()
        self.cadre.addItem(NO_CADRE, None)
        vid, day = self.village.currentData(), iso(self.day)
        for c in sv.list_cadres(self.db, int(vid)) if vid is not None else []:
            if (not c.start_date or c.start_date <= day) and (not c.end_date or day <= c.end_date):
                self.cadre.addItem(f"{c.name}（{c.post}）", c.id)
        self.cadre.setCurrentIndex(max(0, self.cadre.findData(current)) if current is not None else 0)
        self.cadre.blockSignals(False)

    def _check(self) -> None:
        self.set_problem("" if self.checked.text().strip() else "请填写检查内容")

    def problem_texts(self) -> list[str]:
        return [t.strip() for t in self.problems.toPlainText().splitlines() if t.strip()]

    def value(self) -> sv.Inspection:
        return sv.Inspection(village_id=int(self.village.currentData()), day=iso(self.day),
                             source=self.source.currentText(), checked=self.checked.text(),
                             findings=self.findings.toPlainText().strip(), cadre_id=self.cadre.currentData(),
                             id=self.inspection_id)


class ProjectDialog(FormDialog):
    """A village project, new or (`project` given) changed."""

    def __init__(self, villages: list[tuple[int, str]], village_id: int | None = None,
                 parent: QWidget | None = None, project: sv.Project | None = None) -> None:
        super().__init__("修改村级工程" if project else "新增村级工程", parent)
        self.project_id = project.id if project else None
        village_id = project.village_id if project else village_id
        self.village = village_box(villages, village_id)
        self.name, self.implementer, self.contractor = QLineEdit(), QLineEdit(), QLineEdit()
        self.amount = QDoubleSpinBox()
        self.amount.setRange(0, 1e7)
        self.amount.setDecimals(2)
        self.amount.setSuffix(" 万元")
        self.amount.setSpecialValueText("未填")  # 0: not known (stored empty, not as 0 万元)
        self.start, self.end = date_edit(), date_edit()
        self.end.setMinimumDate(NOT_YET)
        self.end.setSpecialValueText("未完工")
        self.end.setDate(NOT_YET)
        self.decided = QCheckBox("已经村级民主决策程序（“四议两公开”）")
        self.declaration = QLineEdit()
        for label, w in (("工程名称", self.name), ("村（社区）", self.village), ("金额", self.amount),
                         ("实施主体", self.implementer), ("承建方", self.contractor), ("开工日期", self.start),
                         ("完工日期", self.end), ("民主决策", self.decided), ("关联关系声明", self.declaration)):
            self.form.addRow(label, w)
        if project:
            self.name.setText(project.name)
            self.amount.setValue(project.amount or 0)
            self.implementer.setText(project.implementer)
            self.contractor.setText(project.contractor)
            if project.start_date:
                self.start.setDate(QDate.fromString(project.start_date, "yyyy-MM-dd"))
            if project.end_date:
                self.end.setDate(QDate.fromString(project.end_date, "yyyy-MM-dd"))
            self.decided.setChecked(bool(project.decided))
            self.declaration.setText(project.declaration)
        self.name.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        self.set_problem("" if self.name.text().strip() else "请填写工程名称")

    def value(self) -> sv.Project:
        return sv.Project(village_id=int(self.village.currentData()), name=self.name.text(),
                          amount=self.amount.value() or None, implementer=self.implementer.text().strip(),
                          contractor=self.contractor.text(), start_date=iso(self.start),
                          end_date="" if self.end.date() == NOT_YET else iso(self.end),
                          decided=self.decided.isChecked(), declaration=self.declaration.text().strip(),
                          id=self.project_id)


class BusinessDialog(FormDialog):
    """A business on the cadre-business register, new or (`business` given) changed."""

    def __init__(self, villages: list[tuple[int, str]], village_id: int | None = None,
                 parent: QWidget | None = None, business: sv.Business | None = None) -> None:
        super().__init__("修改经商登记" if business else "登记村干部及亲属经商", parent)
        self.business_id = business.id if business else None
        self.village = village_box(villages, business.village_id if business else village_id)
        self.name, self.owner, self.relationship, self.cadre = QLineEdit(), QLineEdit(), QComboBox(), QLineEdit()
        self.relationship.setEditable(True)
        self.relationship.addItems(("本人", "配偶", "儿子", "女儿", "父亲", "母亲", "兄弟", "姐妹", "儿媳", "女婿"))
        for label, w in (("经营主体名称", self.name), ("经营者", self.owner), ("与村干部关系", self.relationship),
                         ("村干部姓名", self.cadre), ("村（社区）", self.village)):
            self.form.addRow(label, w)
        if business:
            self.name.setText(business.name)
            self.owner.setText(business.owner)
            self.relationship.setCurrentText(business.relationship)
            self.cadre.setText(business.cadre_name)
        self.name.textChanged.connect(self._check)
        self.cadre.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        if not self.name.text().strip():
            self.set_problem("请填写经营主体名称")
        else:
            self.set_problem("" if self.cadre.text().strip() else "请填写村干部姓名")

    def value(self) -> sv.Business:
        return sv.Business(village_id=int(self.village.currentData()), name=self.name.text(),
                           owner=self.owner.text(), relationship=self.relationship.currentText(),
                           cadre_name=self.cadre.text(), id=self.business_id)


class DeadlineDialog(FormDialog):
    """The one step from a related-party flag to a problem: the match shown, the deadline asked."""

    def __init__(self, flag: sv.RelatedFlag, parent: QWidget | None = None) -> None:
        super().__init__("关联预警转为整改问题", parent, ok_text="列入整改台账")
        self.deadline = date_edit()
        self.deadline.setDate(self.deadline.date().addDays(30))
        match = QPlainTextEdit(f"工程“{flag.project}”（{flag.village}）：{flag.match}")
        match.setReadOnly(True)
        match.setFixedHeight(60)
        self.form.addRow("关联预警", match)
        self.form.addRow("整改时限", self.deadline)
