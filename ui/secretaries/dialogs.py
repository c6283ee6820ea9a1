"""The 书记备案 page's forms: the filing (备案 or a change, which becomes a new version), the year's indicators
and weights (sum shown live, 确定 only at 100), and one secretary's scores."""
from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from models import clock
from models.secretaries import APPOINTED_BY, REVIEW_RESULTS, Filing, Indicator, SecretaryRow
from ui.forms import FormDialog


def date_edit(day: str = "") -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDate(QDate.fromString(day, "yyyy-MM-dd") if day else QDate(clock.today()))
    return edit


def iso(edit: QDateEdit) -> str:
    return edit.date().toString("yyyy-MM-dd")


def _lines(text: str, parts: int) -> list[tuple[str, ...]]:
    """One record a line, fields separated by spaces (the last field keeps its spaces)."""
    out = []
    for line in text.splitlines():
        if line.strip():
            cells = line.split(maxsplit=parts - 1)
            out.append(tuple(cells + [""] * (parts - len(cells))))
    return out


class FilingDialog(FormDialog):
    """备案 of one secretary: personal data shown from the member record (not typed here)."""

    def __init__(self, s: SecretaryRow, parent: QWidget | None = None) -> None:
        f = s.filing
        super().__init__(f"书记备案变更（将生成第 {f.version + 1} 版）" if f else "书记备案", parent)
        self.cadre_id = s.cadre_id
        person = "　".join(x for x in (s.person.get("gender", ""), s.person.get("ethnicity", ""),
                                       s.person.get("birth_date", ""), s.person.get("education", "")) if x)
        self.who = QLabel(f"{s.village}　{s.name}　{person}")
        self.form.addRow("姓名", self.who)
        self.appointed_by = QComboBox()
        self.appointed_by.addItems(APPOINTED_BY)
        self.appointment = date_edit(f.appointment_date if f else s.start_date)
        self.one_shoulder = QCheckBox("书记兼任村委会主任")
        self.term_end = QLineEdit(f.term_end if f else "")
        self.term_end.setPlaceholderText("不填：任职日期 + 5 年")
        self.review = QComboBox()
        self.review.addItems(("", *REVIEW_RESULTS))
        self.review_date = QLineEdit(f.review_date if f else "")
        self.review_date.setPlaceholderText("如 2026-11-01")
        self.resume = QPlainTextEdit()
        self.resume.setPlaceholderText("每行一段：起止年月 单位及职务，如 2015.01-2021.12 院上村村委委员")
        self.family = QPlainTextEdit()
        self.family.setPlaceholderText("每行一人：称谓 姓名 政治面貌 工作单位及职务")
        for w in (self.resume, self.family):
            w.setFixedHeight(64)
        self.rewards, self.opinion = QLineEdit(f.rewards if f else ""), QLineEdit(f.opinion if f else "")
        self.filing_date = date_edit(f.filing_date if f else "")
        self.number = QLineEdit(f.filing_number if f else "")
        for label, w in (("产生方式", self.appointed_by), ("任职日期", self.appointment), ("一肩挑", self.one_shoulder),
                         ("任期届满日期", self.term_end), ("资格联审结果", self.review),
                         ("资格联审日期", self.review_date), ("主要经历", self.resume),
                         ("家庭成员及社会关系", self.family), ("奖惩情况", self.rewards), ("镇党委意见", self.opinion),
                         ("备案日期", self.filing_date), ("备案编号", self.number)):
            self.form.addRow(label, w)
        self.appointed_by.setCurrentText(f.appointed_by if f else (s.appointed_by or "选举"))
        self.one_shoulder.setChecked(f.one_shoulder if f else s.one_shoulder)
        if f:
            self.review.setCurrentText(f.review_result)
            self.resume.setPlainText("\n".join(" ".join(r) for r in f.resume))
            self.family.setPlainText("\n".join(" ".join(r) for r in f.family))
        self.number.textChanged.connect(self._check)
        self._check()
        self.resize(560, self.sizeHint().height())

    def _check(self) -> None:
        self.set_problem("" if self.number.text().strip() else "请填写备案编号")

    def value(self) -> Filing:
        return Filing(self.cadre_id, self.appointed_by.currentText(), iso(self.appointment), iso(self.filing_date),
                      self.number.text(), one_shoulder=self.one_shoulder.isChecked(), term_end=self.term_end.text(),
                      review_result=self.review.currentText(), review_date=self.review_date.text(),
                      resume=_lines(self.resume.toPlainText(), 2),  # type: ignore[arg-type]
                      family=_lines(self.family.toPlainText(), 4),  # type: ignore[arg-type]
                      rewards=self.rewards.text(), opinion=self.opinion.text())


class IndicatorsDialog(FormDialog):
    """The year's indicators: names and weights; 确定 only when the weights sum to 100."""

    def __init__(self, year: int, indicators: list[Indicator], parent: QWidget | None = None) -> None:
        super().__init__(f"{year} 年履职评估指标", parent)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["指标", "权重"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 220)
        self.sum_label = QLabel()
        for i in indicators:
            self.add_row(i.name, i.weight)
        buttons = QHBoxLayout()
        self.add_button, self.remove_button = QPushButton("添加指标"), QPushButton("删除所选指标")
        self.add_button.clicked.connect(lambda: self.add_row("", 0))
        self.remove_button.clicked.connect(self.remove_row)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.form.addRow(self.table)
        self.form.addRow(buttons)
        self.form.addRow(self.sum_label)
        self.table.itemChanged.connect(lambda _item: self._check())
        self._check()
        self.resize(420, 360)

    def add_row(self, name: str, weight: float) -> None:
        n = self.table.rowCount()
        self.table.insertRow(n)
        self.table.setItem(n, 0, QTableWidgetItem(name))
        spin = QDoubleSpinBox()
        spin.setRange(0, 100)
        spin.setDecimals(1)
        spin.setValue(weight)
        spin.valueChanged.connect(lambda _v: self._check())
        self.table.setCellWidget(n, 1, spin)
        self._check()

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self._check()

    def weight(self, row: int) -> QDoubleSpinBox:
        return self.table.cellWidget(row, 1)  # type: ignore[return-value]

    def value(self) -> list[tuple[str, float]]:
        return [((self.table.item(r, 0).text() if self.table.item(r, 0) else ""), self.weight(r).value())
                for r in range(self.table.rowCount())]

    def _check(self) -> None:
        total = sum(w for _, w in self.value())
        self.sum_label.setText(f"权重合计：{total:g}（应为 100）")
        if any(not n.strip() for n, _ in self.value()):
            self.set_problem("每项指标都要填写名称")
        else:
            self.set_problem("" if abs(total - 100) < 1e-6 else f"权重合计为 {total:g}，应为 100")


class ScoresDialog(FormDialog):
    """One secretary's scores for the year, 0–100 per indicator (blank: not scored yet)."""

    def __init__(self, who: str, indicators: list[Indicator], scores: dict[str, float | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(f"录入得分：{who}", parent)
        self.edits: dict[str, QLineEdit] = {}
        for i in indicators:
            v = scores.get(i.name)
            edit = QLineEdit("" if v is None else f"{v:g}")
            edit.setPlaceholderText("0–100")
            self.edits[i.name] = edit
            self.form.addRow(f"{i.name}（权重 {i.weight:g}）", edit)

    def value(self) -> dict[str, str]:
        return {k: e.text() for k, e in self.edits.items()}
