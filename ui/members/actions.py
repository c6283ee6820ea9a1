"""What the 党员 page does with the selected members: the detail panel, and the actions 新增, 编辑, 调整网格,
转出/去世/出党, 恢复在册 (each saved by models/, errors shown in Chinese, then DataEvents.records_changed), plus
the roster import/export entry points."""
from __future__ import annotations

import html
from typing import TYPE_CHECKING

from models.audit import PermissionDenied
from models.entities import MEMBER_FIELDS, Member
from models.members import MemberError, change_status, get_member, member_events, restore_member, save_member
from models.org import OrgError, move_members
from ui import messages
from ui.dialogs import run
from ui.members import roster_io
from ui.members.member_dialog import MemberDialog
from ui.members.status_dialog import StatusDialog
from ui.organization.dialogs import PickGridDialog

if TYPE_CHECKING:
    from ui.members.page import MembersPage

    _Base = MembersPage
else:
    _Base = object

class MemberActions(_Base):
    # ---- selection and detail -----------------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        ids = [self.model.member_id(r) for r in rows if r < self.model.rowCount()]
        current = self.table.currentIndex()
        if not ids and current.isValid() and current.row() < self.model.rowCount():
            ids = [self.model.member_id(current.row())]
        return ids

    def current_member(self) -> Member | None:
        ids = self.selected_ids()
        return get_member(self.db, ids[0]) if ids else None

    def show_detail(self) -> None:
        ids = self.selected_ids()
        m = get_member(self.db, ids[0]) if len(ids) == 1 else None
        for key in ("edit", "转出", "去世", "出党", "restore"):
            self.acts[key].setEnabled(m is not None)
        self.acts["move"].setEnabled(bool(ids))
        if m is not None:
            active = m.status == "在册"
            for key in ("转出", "去世", "出党"):
                self.acts[key].setEnabled(active)
            self.acts["restore"].setEnabled(not active)
        if not ids:
            self.detail.setHtml("<p style='color:#888'>选中一名党员，这里显示其全部信息和变动历史。</p>")
            return
        if m is None:
            self.detail.setHtml(f"<p>已选中 {len(ids)} 名党员。可用“调整网格”一次调入同一网格。</p>")
            return
        self.detail.setHtml(member_html(m, [(e.at, e.kind, e.detail) for e in member_events(self.db, m.id or 0)]))

    # ---- writes -------------------------------------------------------------------------------------------
    def _after_write(self, select_id: int | None = None) -> None:
        """Tell every view; the table selects the changed member once its rows are fresh."""
        self.pending_select = select_id
        self.events.records_changed.emit()

    def select_member(self, member_id: int) -> bool:
        row = self.model.row_of(member_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        return row >= 0

    def _open_member_dialog(self, member: Member | None) -> bool:
        dialog = MemberDialog(self.db, member, self, self.village.currentData(), self.grid.currentData())
        saved: list[int] = []

        def save(value: Member) -> None:
            try:
                saved.append(save_member(self.db, value))
            except (MemberError, PermissionDenied) as exc:
                messages.error(dialog, str(exc))
                return
            dialog.accept()

        dialog.submitted.connect(save)
        self.member_dialog = dialog
        run(dialog)
        if saved:
            self._after_write(saved[0])
        return bool(saved)

    def add_member(self) -> bool:
        return self._open_member_dialog(None)

    def edit_member(self) -> bool:
        m = self.current_member()
        return self._open_member_dialog(m) if m else False

    def change(self, kind: str) -> bool:
        m = self.current_member()
        if m is None or m.id is None:
            messages.info(self, "请先选中一名党员")
            return False
        dialog = StatusDialog(kind, m, self)
        done: list[bool] = []
        member_id = m.id

        def apply(date: str, detail: str) -> None:
            try:
                if kind == "恢复在册":
                    restore_member(self.db, member_id, detail)
                else:
                    change_status(self.db, member_id, kind, date, detail)
            except (MemberError, PermissionDenied) as exc:
                messages.error(dialog, str(exc))
                return
            done.append(True)
            dialog.accept()

        dialog.submitted.connect(apply)
        self.status_dialog = dialog
        run(dialog)
        if done:
            self._after_write(member_id)
        return bool(done)

    def move_selected(self) -> bool:
        ids = self.selected_ids()
        if not ids:
            messages.info(self, "请先选中要调整网格的党员（可按住 Ctrl 或 Shift 多选）")
            return False
        row = self.model.row_of(ids[0])
        here = self.model.rows()[row][12] if row >= 0 and len(self.model.rows()[row]) > 12 else None
        dialog = PickGridDialog(self.db, len(ids), self, here)
        if not run(dialog):
            return False
        grid_id, village_id = dialog.target()
        where_to = dialog.target_text()
        try:
            moved = move_members(self.db, ids, grid_id, village_id)
        except (OrgError, PermissionDenied) as exc:
            messages.error(self, str(exc))
            return False
        self._after_write(ids[0])
        messages.info(self, f"已把 {moved} 名党员调入{where_to}")
        return True

    # ---- rosters in and out (ui/roster_io.py) --------------------------------------------------------------
    def open_import(self) -> None:
        roster_io.open_import(self, self.db, self.events)

    def open_export(self) -> None:
        """The members the page shows now (its village/grid, filters and search), in the national order."""
        roster_io.export_members(self, self.db, self.current_query())

    def save_template(self) -> None:
        roster_io.save_template(self)


def member_html(m: Member, history: list[tuple[str, str, str]]) -> str:
    """The detail panel: every field in form order, then the history."""
    def cell(value: object) -> str:
        if isinstance(value, bool):
            return "是" if value else "否"
        return html.escape(str(value)) if value not in (None, "") else "<span style='color:#aaa'>—</span>"
    values = {name: getattr(m, name, "") for name, _ in MEMBER_FIELDS}
    values["village"], values["grid"] = m.village_name, m.grid_name or "（未分网格）"
    rows = "".join(f"<tr><td style='color:#555;padding-right:8px' nowrap>{label}</td><td>{cell(values[name])}</td></tr>"
                   for name, label in MEMBER_FIELDS)
    status = html.escape(m.status)
    if m.status != "在册":
        status += f"（{html.escape(m.status_date)} {html.escape(m.status_detail)}）"
    events = "".join(f"<tr><td style='color:#555;padding-right:8px' nowrap>{html.escape(at[:10])}</td>"
                     f"<td><b>{html.escape(kind)}</b> {html.escape(detail)}</td></tr>" for at, kind, detail in history)
    return (f"<h3 style='margin:0'>{html.escape(m.name)}</h3><p>状态：{status}</p>"
            f"<table cellspacing='0' cellpadding='2'>{rows}</table>"
            f"<h4 style='margin-bottom:2px'>变动历史</h4><table cellspacing='0' cellpadding='2'>{events}</table>")
