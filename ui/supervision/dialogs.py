"""The 监督 page's forms: a problem of the ledger (new or changed), a progress note, 销号 and 重新打开."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QLabel, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from models import clock
from models.supervision import SOURCES, Problem
from ui.forms import FormDialog

DEFAULT_TERM = dt.timedelta(days=30)


def date_edit(day: str = "") -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDate(QDate.fromString(day, "yyyy-MM-dd") if day else QDate(clock.today()))
    return edit


def iso(edit: QDateEdit) -> str:
    return edit.date().toString("yyyy-MM-dd")


class ProblemDialog(FormDialog):
    def __init__(self, villages: list[tuple[int, str]], problem: Problem | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("修改整改问题" if problem and problem.id else "新增整改问题", parent)
        self.problem_id = problem.id if problem else None
        self.village = QComboBox()
        for vid, name in villages:
            self.village.addItem(name, vid)
        self.description = QPlainTextEdit()
        self.description.setFixedHeight(60)
        self.source = QComboBox()
        self.source.addItems(SOURCES)
        self.found_on = date_edit(problem.found_on if problem else "")
        # a new problem: found today, to be fixed within a month (a deadline before the found-on day is refused)
        self.deadline = date_edit(problem.deadline if problem else (clock.today() + DEFAULT_TERM).isoformat())
        self.unit, self.person, self.measures = QLineEdit(), QLineEdit(), QLineEdit()
        for label, w in (("村（社区）", self.village), ("问题描述", self.description), ("问题来源", self.source),
                         ("发现日期", self.found_on), ("整改时限", self.deadline), ("责任单位", self.unit),
                         ("责任人", self.person), ("整改措施", self.measures)):
            self.form.addRow(label, w)
        if problem:
            self.village.setCurrentIndex(max(0, self.village.findData(problem.village_id)))
            self.description.setPlainText(problem.description)
            self.source.setCurrentText(problem.source)
            self.unit.setText(problem.unit)
            self.person.setText(problem.person)
            self.measures.setText(problem.measures)
        self._status = problem.status if problem else "待整改"
        self._completed = problem.completed_on if problem else ""
        self.description.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        self.set_problem("" if self.description.toPlainText().strip() else "请填写问题描述")

    def value(self) -> Problem:
        return Problem(village_id=int(self.village.currentData()), description=self.description.toPlainText(),
                       source=self.source.currentText(), found_on=iso(self.found_on), deadline=iso(self.deadline),
                       unit=self.unit.text(), person=self.person.text(), measures=self.measures.text(),
                       status=self._status, completed_on=self._completed, id=self.problem_id)


class ProgressDialog(FormDialog):
    """A dated progress note; with `closing` it is the 销号 form (completion date, an optional last note)."""

    def __init__(self, description: str, *, closing: bool = False, parent: QWidget | None = None) -> None:
        super().__init__("问题销号" if closing else "记录整改进展", parent, ok_text="销号" if closing else "确定")
        self.closing = closing
        self.day = date_edit()
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(70)
        self.form.addRow("问题", QLineEdit(description, readOnly=True))
        self.form.addRow("完成日期" if closing else "进展日期", self.day)
        self.form.addRow("整改情况" if closing else "进展内容", self.note)
        if not closing:
            self.note.textChanged.connect(self._check)
            self._check()

    def _check(self) -> None:
        self.set_problem("" if self.note.toPlainText().strip() else "请填写进展内容")


class ReopenDialog(FormDialog):
    """重新打开 a closed problem: the reason is asked (it stays in the problem's history)."""

    def __init__(self, description: str, parent: QWidget | None = None) -> None:
        super().__init__("重新打开整改问题", parent, ok_text="重新打开")
        self.reason = QPlainTextEdit()
        self.reason.setFixedHeight(70)
        self.form.addRow("问题", QLineEdit(description, readOnly=True))
        self.form.addRow("重新打开的原因", self.reason)
        self.reason.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        self.set_problem("" if self.reason.toPlainText().strip() else "请写明重新打开的原因")


class EvidenceLimitDialog(FormDialog):
    """The largest evidence file the program stores (a setting of the database, 管理员 only)."""

    def __init__(self, current_mb: int, parent: QWidget | None = None) -> None:
        super().__init__("佐证材料大小上限", parent)
        self.mb = QSpinBox()
        self.mb.setRange(1, 500)
        self.mb.setSuffix(" MB")
        self.mb.setValue(current_mb)
        self.form.addRow("每份佐证材料不超过", self.mb)
        note = QLabel("佐证材料保存在数据库中，随备份和恢复一起带走；文件越大，备份越大。默认 50 MB。")
        note.setWordWrap(True)
        self.form.addRow(note)
