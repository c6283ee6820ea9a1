"""The organization tree's item model: 镇 → 村 → 网格 (and 未分网格) with 在册 member counts."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from models.entities import Grid, Town, TreeCounts, Village

KIND_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def build_org_tree(model: QStandardItemModel, town: Town | None, villages: list[Village],
                   grids: list[Grid], counts: TreeCounts) -> None:
    """Fill a two-column tree model: 名称 | 在册党员."""
    model.clear()
    model.setHorizontalHeaderLabels(["名称", "在册党员"])
    root = model.invisibleRootItem()

    def node(label: str, kind: str, ident: int | None, count: int) -> list[QStandardItem]:
        name, number = QStandardItem(label), QStandardItem(str(count))
        for item in (name, number):
            item.setEditable(False)
            item.setData(kind, KIND_ROLE)
            item.setData(ident, ID_ROLE)
        number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return [name, number]

    town_row = node(town.name if town else "（未设置镇）", "town", town.id if town else None, counts.town)
    root.appendRow(town_row)
    by_village: dict[int, list[Grid]] = {}
    for g in grids:
        by_village.setdefault(g.village_id, []).append(g)
    for v in villages:
        v_row = node(v.name, "village", v.id, counts.villages.get(v.id, 0))
        for g in by_village.get(v.id, []):
            v_row[0].appendRow(node(g.name, "grid", g.id, counts.grids.get(g.id, 0)))
        if counts.no_grid.get(v.id):
            v_row[0].appendRow(node("（未分网格）", "no_grid", v.id, counts.no_grid[v.id]))
        town_row[0].appendRow(v_row)
