"""First run: a database without a town asks for the town's name, its 6-digit county code and optional 9-digit
town code (validated as the clerk types), or loads the sample town (models.demo.fill_demo)."""
from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.audit import PermissionDenied
from models.db import LedgerDB
from models.demo import fill_demo
from models.org import OrgError, county_warning, save_town
from ui import messages

ERROR_STYLE = "color: #c62828;"
WARNING_STYLE = "color: #b26a00;"
DEMO_MEMBERS = 600


def town_problems(name: str, county: str, town_code: str) -> dict[str, str]:
    out = {}
    if not name.strip():
        out["name"] = "请填写镇（街道）名称，如 院上镇"
    if not re.fullmatch(r"\d{6}", county.strip()):
        out["county"] = "应为 6 位数字，如 370285（莱西市）"
    if town_code.strip() and not re.fullmatch(r"\d{9}", town_code.strip()):
        out["town"] = "应为 9 位数字，可不填"
    return out


DEMO_WARNING = ("示例数据只用于试用：载入后这个数据库里是一个虚构的镇和党员，之后无法与正式数据区分，"
                "也不能单独删除。\n\n正式使用时，请另建一个数据库（在命令行用 --db 指定新文件，"
                "或删除这个示例数据库文件后重新打开程序）。\n\n确定载入示例数据吗？")


class FirstRunPage(QWidget):
    finished = Signal()

    def __init__(self, db: LedgerDB, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        card = QFrame()
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setMaximumWidth(620)
        box = QVBoxLayout(card)
        box.setContentsMargins(28, 22, 28, 22)
        title = QLabel("欢迎使用网格党建台账")
        title.setStyleSheet("font-size: 20px; font-weight: bold;")
        box.addWidget(title)
        intro = QLabel("第一次使用，请先填写本镇（街道）的信息。\n"
                       "之后可在“组织”页建立村（社区）和网格，在“党员”页录入党员。\n"
                       "也可以先载入示例数据看看效果。")  # own lines: Qt would break Chinese mid-word (党/员)
        intro.setObjectName("intro")
        box.addWidget(intro)
        form = QFormLayout()
        form.setVerticalSpacing(4)
        self.name = QLineEdit()
        self.name.setPlaceholderText("如 院上镇")
        self.county = QLineEdit()
        self.county.setPlaceholderText("6 位，如 370285")
        self.county.setMaxLength(6)
        self.town_code = QLineEdit()
        self.town_code.setPlaceholderText("9 位，可不填")
        self.town_code.setMaxLength(9)
        self.errors: dict[str, QLabel] = {}
        for key, label, edit in (("name", "镇（街道）名称", self.name), ("county", "县级行政区划代码", self.county),
                                 ("town", "乡镇代码", self.town_code)):
            form.addRow(label, edit)
            error = QLabel()
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.setObjectName(f"error_{key}")
            form.addRow("", error)
            self.errors[key] = error
            edit.textChanged.connect(self.validate)
        box.addLayout(form)
        buttons = QHBoxLayout()
        self.demo_button = QPushButton("载入示例数据")
        self.demo_button.setToolTip(f"载入一个示例镇：若干村、网格和 {DEMO_MEMBERS} 名党员")
        self.save_button = QPushButton("开始使用")
        self.save_button.setDefault(True)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        box.addLayout(buttons)
        self.save_button.clicked.connect(self.save)
        self.name.returnPressed.connect(self.save)
        self.county.returnPressed.connect(self.save)
        self.town_code.returnPressed.connect(self.save)
        self.demo_button.clicked.connect(self.load_demo)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self._touched = False
        self.validate()

    def validate(self) -> bool:
        problems = town_problems(self.name.text(), self.county.text(), self.town_code.text())
        typed = {"name": self.name.text(), "county": self.county.text(), "town": self.town_code.text()}
        for key, label in self.errors.items():
            # A field still empty is not scolded before the clerk has typed anything.
            label.setText(problems.get(key, "") if typed[key] or self._touched else "")
        if "county" not in problems:  # a 6-digit code GB/T 2260 never listed: warned, still saved
            warning = county_warning(self.county.text())
            code = self.county.text().strip()
            self.errors["county"].setText(f"GB/T 2260 行政区划代码中没有 {code}，请核对（仍可保存）"
                                          if warning else "")
            self.errors["county"].setStyleSheet(WARNING_STYLE if warning else ERROR_STYLE)
        else:
            self.errors["county"].setStyleSheet(ERROR_STYLE)
        self.save_button.setEnabled(not problems)
        return not problems

    def save(self) -> None:
        self._touched = True
        if not self.validate():
            return
        try:
            save_town(self.db, self.name.text(), self.county.text(), self.town_code.text())
        except (OrgError, PermissionDenied) as exc:
            messages.error(self, str(exc))
            return
        self.finished.emit()

    def load_demo(self) -> None:
        """The sample town (院上镇 unless a valid town was typed), after the clerk confirms: sample members cannot
        be told apart from real ones afterwards, so this database is then for trying the program only."""
        if not messages.confirm(self, DEMO_WARNING, "载入示例数据"):
            return
        progress = QProgressDialog("正在载入示例数据……", "", 0, 0, self)
        progress.setCancelButton(None)
        progress.setWindowTitle("请稍候")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.show()
        QApplication.processEvents()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if self.validate():
                save_town(self.db, self.name.text(), self.county.text(), self.town_code.text())
            fill_demo(self.db, DEMO_MEMBERS)
        except (ValueError, PermissionDenied) as exc:
            messages.error(self, str(exc))
            return
        finally:
            QApplication.restoreOverrideCursor()
            progress.close()
        self.finished.emit()
