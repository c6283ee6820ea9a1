"""The 议事 page (村级事务决策“五议一审两公开”): the decision items by village and status (进行中 / 已决议 / 已公开 /
未通过 / 有问题), the selected item's step timeline with every flagged step red and its reason, and the actions:
新建/修改/作废 an item, 记录 a step (double-click), the town's 议事程序, and 打印登记表 (the item's PDF)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from models import decisions as dc
from models.db import LedgerDB
from ui import file_dialogs, messages
from ui.dialogs import run
from ui.events import DataEvents
from ui.list_model import row_table
from ui.page import Page
from ui.town_filter import TownBox, mixed_labels, refill_villages, village_choices

from .dialogs import ItemDialog, ProcedureDialog, StepDialog
from .table_models import ItemTableModel, StepTableModel

ALL = "全部"
PDF_FILTER = "PDF 文件 (*.pdf)"



class DecisionsPage(Page):
    watches = frozenset({*dc.TABLES, "villages", "sv_cadres"})
    open_page = Signal(str, str)

    def __init__(self, db: LedgerDB, events: DataEvents | None, parent: QWidget | None = None) -> None:
        super().__init__(db, events, parent)
        self.all_items: list[dc.ItemDetail] = []
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.town = TownBox(db)  # a district's database: one town's villages and items
        self.town.changed.connect(lambda: self.on_data_changed(frozenset({"villages"})))
        bar.addWidget(self.town)
        self.village = QComboBox()
        self.village.setMinimumContentsLength(8)
        self.status = QComboBox()
        self.status.addItems((ALL, *dc.STAGES, dc.FLAGGED))
        self.search = QLineEdit()
        self.search.setPlaceholderText("事项名称")
        self.search.setClearButtonEnabled(True)
        self.search.setMaximumWidth(200)
        for label, w in (("村（社区）", self.village), ("状态", self.status)):
            bar.addWidget(QLabel(label))
            bar.addWidget(w)
        bar.addWidget(self.search)
        bar.addSpacing(12)
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (("new", "新建事项…", self.new_item), ("edit", "修改事项…", self.edit_item),
                                ("delete", "作废事项", self.delete_item),
                                ("procedure", "议事程序…", self.edit_procedure),
                                ("print", "打印登记表…", self.print_register)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            self.buttons[key] = button
            bar.addWidget(button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.counts = QLabel()
        layout.addWidget(self.counts)
        self.model = ItemTableModel()
        self.table = row_table(self.model, row_height=True)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_steps())
        self.step_model = StepTableModel()
        self.steps = row_table(self.step_model, row_height=True)
        self.steps.doubleClicked.connect(lambda index: self.record_step(index.row()))
        self.steps.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-size: 15px;")
        step_bar = QHBoxLayout()
        self.record_button = QPushButton("记录步骤…")
        self.record_button.clicked.connect(lambda: self.record_step(self._step_row()))
        self.clear_button = QPushButton("撤销这一步的记录")
        self.clear_button.clicked.connect(self.clear_step)
        step_bar.addWidget(self.record_button)
        step_bar.addWidget(self.clear_button)
        step_bar.addStretch(1)
        self.flag_note = QLabel()
        self.flag_note.setWordWrap(True)
        self.flag_note.setStyleSheet("color: #b00020;")
        rv.addWidget(self.heading)
        rv.addLayout(step_bar)
        rv.addWidget(self.steps, 1)
        rv.addWidget(self.flag_note)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(right)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 5)
        split.setSizes([520, 640])
        layout.addWidget(split, 1)
        self.village.currentIndexChanged.connect(lambda _i: self._filter())
        self.status.currentIndexChanged.connect(lambda _i: self._filter())
        self.search.textChanged.connect(lambda _t: self._filter())
        self.mark_stale()

    # ---- reading
    def on_data_changed(self, tables: frozenset[str]) -> None:
        keep = self.selected()
        if "villages" in tables or self.village.count() == 0:
            self.town.blockSignals(True)  # refilled here: no second round through `changed`
            self.town.fill()
            self.town.blockSignals(False)
            refill_villages(self.village, self._villages(), ALL)
        self.all_items = dc.items(self.db, town_key=self.town.town_key())
        self._filter(keep.id if keep else None)

    def shown_items(self) -> list[dc.ItemDetail]:
        vid, status, text = self.village.currentData(), self.status.currentText(), self.search.text().strip()
        return [d for d in self.all_items if (vid is None or d.village_id == vid)
                and (status == ALL or (d.status == status if status == dc.FLAGGED else d.stage == status))
                and (not text or text in d.title)]

    def _filter(self, keep: int | None = None) -> None:
        if keep is None and self.selected() is not None:
            keep = self.selected().id  # type: ignore[union-attr]
        rows = self.shown_items()
        self.model.labels = mixed_labels(self.db, self.town.town_key())
        self.model.set_rows(rows)
        stages = {s: sum(1 for d in rows if d.stage == s) for s in dc.STAGES}
        flagged = sum(1 for d in rows if d.flags)
        problems = f"；<span style='color:#c62828'>有问题 {flagged} 项</span>" if flagged else "；有问题 0 项"
        self.counts.setText(f"议事事项 {len(rows)} 项：" + "，".join(f"{k} {v}" for k, v in stages.items()) + problems)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(4, min(self.table.columnWidth(4), 130))
        if keep is not None and self.select_item(keep):
            return
        if rows:
            self.table.selectRow(0)
        else:
            self._show_steps()

    def selected(self) -> dc.ItemDetail | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def select_item(self, item_id: int) -> bool:
        for n, d in enumerate(self.model.rows):
            if d.id == item_id:
                self.table.selectRow(n)
                self.table.scrollTo(self.model.index(n, 0))
                return True
        return False

    def show_record(self, table: str, rid: int) -> None:
        """A reminder's record ("dc_items:7"): show every item, that one selected."""
        if self.is_stale():
            self.on_data_changed(frozenset(dc.TABLES))
        self.town.choose(None)  # the item may be another town's
        for box in (self.village, self.status):
            box.setCurrentIndex(0)
        self.search.clear()
        self.select_item(rid)

    def apply_filter(self, name: str) -> None:
        """Navigation: "flagged" shows the items with a flagged step."""
        if name == "flagged":
            self.status.setCurrentText(dc.FLAGGED)

    def _step_row(self) -> int:
        rows = self.steps.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _show_steps(self) -> None:
        d = self.selected()
        self.step_model.set_item(d)
        if d is None:
            self.heading.setText("（没有议事事项：点“新建事项…”，或用“导入”命令导入议事记录）"
                                 if not self.all_items else "（请在左侧选择一个事项）")
            self.flag_note.setText("")
        else:
            amount = "" if d.amount is None else f"，{d.amount:g} 万元"
            shoulder = "，书记一肩挑" if d.one_shoulder else ""
            self.heading.setText(f"<b>{d.village}　{d.title}</b>　{d.kind}{amount}　"
                                 f"（议事程序第 {d.procedure_version or 1} 版{shoulder}）")
            lines = [f"{n + 1}. {d.steps[n][0]}：{'；'.join(r)}" for n, r in sorted(d.flags.items())]
            head = f"有 {len(d.flags)} 个步骤不符合议事程序（已标红，记录照实保留，请核实后更正或说明）：\n"
            self.flag_note.setText(head + "\n".join(lines) if d.flags else "")
            self.steps.resizeColumnsToContents()
            nxt = next((n for n in range(len(d.steps)) if d.record(n) is None), len(d.steps) - 1)
            self.steps.selectRow(nxt)
        self._enable()

    def _enable(self) -> None:
        d = self.selected()
        row = self._step_row()
        for key in ("edit", "delete", "print"):
            self.buttons[key].setEnabled(d is not None)
        self.record_button.setEnabled(d is not None and row >= 0)
        self.clear_button.setEnabled(d is not None and row >= 0 and d.record(row) is not None)

    # ---- writing
    def _villages(self) -> list[tuple[int, str]]:
        """The villages offered (filter and forms): the chosen 乡镇's in a district's database."""
        return village_choices(self.db, self.town.town_key())

    def new_item(self) -> None:
        dialog = ItemDialog(self._villages(), village_id=self.village.currentData(), parent=self)
        dialog.on_save = lambda: self.write(dialog, lambda: dc.save_item(self.db, dialog.value()),
                                             lambda item_id: self._after_save(int(item_id)))
        run(dialog)

    def _after_save(self, item_id: int) -> None:
        if not self.select_item(item_id):
            self.show_record("dc_items", item_id)

    def edit_item(self) -> None:
        d = self.selected()
        if d is None:
            return
        dialog = ItemDialog(self._villages(), d, parent=self)
        dialog.on_save = lambda: self.write(dialog, lambda: dc.save_item(self.db, dialog.value()))
        run(dialog)

    def delete_item(self) -> None:
        d = self.selected()
        if d is None or not messages.confirm(self, f"作废{d.village}的议事事项“{d.title}”？\n作废后它和它的步骤记录不再"
                                                  "显示，记录保留在数据库和操作日志中。", "作废议事事项"):
            return
        self.write(self, lambda: dc.delete_item(self.db, d.id))

    def record_step(self, row: int) -> None:
        d = self.selected()
        if d is None or not 0 <= row < len(d.steps):
            return
        dialog = StepDialog(d, row, parent=self)
        dialog.on_save = lambda: self.write(dialog, lambda: dc.record_step(self.db, d.id, dialog.value()),
                                             lambda _flags: self._select_step(row))
        run(dialog)

    def _select_step(self, row: int) -> None:
        self.steps.selectRow(row)

    def clear_step(self) -> None:
        d, row = self.selected(), self._step_row()
        if d is None or row < 0 or d.record(row) is None:
            return
        if messages.confirm(self, f"撤销“{d.title}”第 {row + 1} 步“{d.steps[row][0]}”的记录？", "撤销步骤记录"):
            self.write(self, lambda: dc.clear_step(self.db, d.id, row))

    def edit_procedure(self) -> None:
        dialog = ProcedureDialog(dc.procedure(self.db), parent=self)
        dialog.on_save = lambda: self.write(dialog, lambda: dc.save_procedure(self.db, dialog.value()))
        run(dialog)

    def print_register(self) -> None:
        """The selected item's 登记表 as a PDF where the clerk chooses (then signed, stamped and filed)."""
        d = self.selected()
        if d is None:
            return
        from models import clock
        path = file_dialogs.dialogs.save_file(self, "保存村级事务决策登记表",
                                              f"村级事务决策登记表-{d.village}-{d.title}-{clock.today():%Y%m%d}.pdf",
                                              PDF_FILTER, suffix=".pdf")
        if not path:
            return
        import io

        from models.audit import chain_head, log_event
        from reports import fetch, render
        from reports.fonts import FontNotFound
        from reports.styles import ReportOptions
        buf = io.BytesIO()
        try:
            pages = render("decision", fetch(self.db, "decision", None, item_id=d.id), buf,
                           ReportOptions(log_code=chain_head(self.db)))
        except FontNotFound as exc:
            messages.error(self, str(exc))
            return
        if file_dialogs.write_file(self, path, buf.getvalue()):
            log_event(self.db, "打印报表", f"《村级事务决策登记表》（{d.village}“{d.title}”）{path}")
            messages.info(self, f"已保存登记表（{pages} 页）：\n{path}")
