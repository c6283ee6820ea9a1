"""What the 党员 page does with the selected members: the detail panel, and the actions 新增, 编辑, 调整网格,
转出/去世/出党, 恢复在册 (each saved by models/, errors shown in Chinese, through DataEvents.write), plus
the roster import/export entry points."""
from __future__ import annotations

import html
from typing import Any

from models.entities import MEMBER_FIELDS, Member
from models.members import change_status, get_member, member_events, restore_member, save_member
from models.org import move_members
from ui import messages
from ui.dialogs import run
from ui.members import roster_io
from ui.members.member_dialog import MemberDialog
from ui.members.pick_grid import PickGridDialog
from ui.members.status_dialog import StatusDialog
from ui.permissions import allow, denied

ACTION_TIPS = {"add": "新增党员（Ctrl+N）", "move": "把选中的党员调入另一网格（可多选）",
               "restore": "撤销误操作的转出/去世/出党，恢复为在册", "import": "从 Excel/CSV 名册导入党员",
               "central": "把选中党员确定为党员中心户，或结束其党员中心户（保留历史）"}


class MemberActions:
    """Mixed into MembersPage, which provides db, events, table, model, detail, acts and the selectors."""

    db: Any
    events: Any
    table: Any
    model: Any
    detail: Any
    acts: Any

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
        active = m is not None and m.status == "在册"
        wanted = {"add": True, "move": bool(ids), "转出": active, "去世": active, "出党": active,
                  "restore": m is not None and not active, "import": True, "central": active}
        for key, enabled in wanted.items():
            allow(self.acts[key], self.db, "import" if key == "import" else "edit", enabled,
                  ACTION_TIPS.get(key, ""))
        may_edit = not denied(self.db, "edit")  # 编辑 stays: a 查阅 user opens the form read-only
        self.acts["edit"].setEnabled(m is not None)
        self.acts["edit"].setText("编辑" if may_edit else "查看")
        self.acts["edit"].setToolTip("编辑选中党员的信息（Enter）" if may_edit
                                     else "当前用户只能查阅：打开只读的党员信息表")
        if not ids:
            self.detail.setHtml("<p style='color:#888'>选中一名党员，这里显示其全部信息和变动历史。</p>")
            return
        if m is None:
            self.detail.setHtml(f"<p>已选中 {len(ids)} 名党员。可用“调整网格”一次调入同一网格。</p>")
            return
        self.detail.setHtml(member_html(m, [(e.at, e.kind, e.detail) for e in member_events(self.db, m.id or 0)]))

    # ---- writes -------------------------------------------------------------------------------------------
    def _select_after_reload(self, select_id: int | None) -> None:
        """The table selects the changed member once its rows are fresh (the write's changed signal reloads)."""
        self.pending_select = select_id
        row = self.model.row_of(select_id) if select_id is not None else -1
        if row >= 0 and not self.is_reloading():
            self.select_member(select_id)  # type: ignore[arg-type]
            self.pending_select = None

    def select_member(self, member_id: int) -> bool:
        row = self.model.row_of(member_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        return row >= 0

    def _open_member_dialog(self, member: Member | None) -> bool:
        dialog = MemberDialog(self.db, member, self, self.village.currentData(), self.grid.currentData(),
                              read_only=bool(denied(self.db, "edit")))
        saved: list[int] = []

        def save(value: Member) -> None:
            if self.events.write(dialog, lambda: save_member(self.db, value), saved.append):
                dialog.accept()

        dialog.submitted.connect(save)
        self.member_dialog = dialog
        run(dialog)
        if saved:
            self._select_after_reload(saved[0])
        return bool(saved)

    def add_member(self) -> bool:
        reason = denied(self.db, "edit")
        if reason:  # Ctrl+N on a disabled action does nothing; this guards a direct call
            messages.info(self, reason)
            return False
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

        def write() -> object:
            if kind == "恢复在册":
                return restore_member(self.db, member_id, dialog.detail())
            return change_status(self.db, member_id, kind, dialog.date(), dialog.detail())

        dialog.on_save = lambda: self.events.write(dialog, write, lambda _r: done.append(True))
        self.status_dialog = dialog
        run(dialog)
        if done:
            self._select_after_reload(member_id)
        return bool(done)

    def central_household(self) -> bool:
        from ui.members.central import central_action
        return central_action(self)

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
        moved: list[int] = []
        if not self.events.write(self, lambda: move_members(self.db, ids, grid_id, village_id), moved.append):
            return False
        self._select_after_reload(ids[0])
        messages.info(self, f"已把 {moved[0]} 名党员调入{where_to}")
        return True

    # ---- rosters in and out (ui/roster_io.py) --------------------------------------------------------------
    def open_import(self) -> None:
        roster_io.open_import(self, self.db, self.events)

    def open_export(self) -> None:
        """The members the page shows now (its village/grid, filters and search), in the national order."""
        roster_io.export_members(self, self.db, self.current_query())

    def save_template(self) -> None:
        roster_io.save_template(self)


NO_WRAP = ("id_number", "phone", "birth_date", "join_date", "full_date")  # numbers read as one piece


def member_html(m: Member, history: list[tuple[str, str, str]]) -> str:
    """The detail panel: every field in form order, then the history."""
    def cell(value: object) -> str:
        if isinstance(value, bool):
            return "是" if value else "否"
        return html.escape(str(value)) if value not in (None, "") else "<span style='color:#aaa'>—</span>"
    values = {name: getattr(m, name, "") for name, _ in MEMBER_FIELDS}
    values["village"], values["grid"] = m.village_name, m.grid_name or "（未分网格）"
    rows = "".join(f"<tr><td style='color:#555;padding-right:8px' nowrap>{label}</td>"
                   f"<td{' nowrap' if name in NO_WRAP else ''}>{cell(values[name])}</td></tr>"
                   for name, label in MEMBER_FIELDS)
    status = html.escape(m.status)
    if m.status != "在册":
        status += f"（{html.escape(m.status_date)} {html.escape(m.status_detail)}）"
    events = "".join(f"<tr><td style='color:#555;padding-right:8px' nowrap>{html.escape(at[:10])}</td>"
                     f"<td><b>{html.escape(kind)}</b> {html.escape(detail)}</td></tr>" for at, kind, detail in history)
    return (f"<h3 style='margin:0'>{html.escape(m.name)}</h3><p>状态：{status}</p>"
            f"<table cellspacing='0' cellpadding='2'>{rows}</table>"
            f"<h4 style='margin-bottom:2px'>变动历史</h4><table cellspacing='0' cellpadding='2'>{events}</table>")
