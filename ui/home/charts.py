"""Bar charts for the home page, on pyqtgraph: grouped vertical bars (age by gender, education, decades) or
horizontal ones (members by village, one row per village). Hovering a bar shows its values; clicking one emits
`bar_clicked(category, series)`; `save_png(path)` writes the chart as the clerk sees it. The plotted values can be
read back (`plotted()`), which the tests do."""
from __future__ import annotations

from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QCursor, QFont
from PySide6.QtWidgets import QLabel, QToolTip, QVBoxLayout, QWidget

COLORS = ("#c0392b", "#2c7fb8", "#e6a23c", "#41ab5d", "#8e6bbf")
_BAR_WIDTH = 0.8


class BarChart(QWidget):
    bar_clicked = Signal(int, int)  # category index, series index

    def __init__(self, title: str, series: Sequence[str] = ("",), *, horizontal: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.series = tuple(series)
        self.horizontal = horizontal
        self.categories: list[str] = []
        self.values: list[list[int]] = []
        self._items: list[pg.BarGraphItem] = []
        self.caption = caption = QLabel(title)
        caption.setObjectName("chartTitle")
        caption.setStyleSheet("font-weight: bold; font-size: 14px;")
        # A view box with two axes on a graphics view, not a PlotWidget: the PlotItem's options menu (a Designer
        # form per chart) and the view box's menu are never shown here and cost a fifth of the first paint.
        self.plot = pg.GraphicsLayoutWidget()
        self.plot.setBackground("w")
        self.box = pg.ViewBox(enableMenu=False)
        self.box.setMouseEnabled(x=False, y=False)
        self.axes = {name: pg.AxisItem(name) for name in ("left", "bottom")}
        for axis in self.axes.values():
            axis.linkToView(self.box)
            axis.setTextPen("#333")
            axis.setPen("#999")
            axis.setStyle(tickFont=QFont(self.font().family(), 9))
        self.axes["bottom" if horizontal else "left"].setGrid(64)  # the grid across the bars, a quarter strong
        self.plot.ci.addItem(self.axes["left"], 0, 0)
        self.plot.ci.addItem(self.box, 0, 1)
        self.plot.ci.addItem(self.axes["bottom"], 1, 1)
        self.legend: pg.LegendItem | None = None
        if len(self.series) > 1:
            self.legend = pg.LegendItem(offset=(-10, 10), labelTextColor="#333")
            self.legend.setParentItem(self.box)
        self.plot.scene().sigMouseMoved.connect(self._hover)
        self.plot.scene().sigMouseClicked.connect(self._click)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(caption)
        lay.addWidget(self.plot, 1)

    # ---- data ---------------------------------------------------------------------------------------------
    def set_data(self, categories: Sequence[str], values: Sequence[Sequence[int]],
                 ticks: Sequence[str] | None = None) -> None:
        """values[s][c]: series s, category c; `ticks` are shorter labels for the axis (the hover shows the full
        category)."""
        self.categories = list(categories)
        self.values = [list(v) for v in values]
        for item in self._items:
            self.box.removeItem(item)
        self._items = []
        if self.legend is not None:
            self.legend.clear()
        n = len(self.series)
        width = _BAR_WIDTH / n
        for s, (name, row) in enumerate(zip(self.series, self.values, strict=True)):
            places = [c - _BAR_WIDTH / 2 + width * (s + 0.5) for c in range(len(row))]
            brush = pg.mkBrush(COLORS[s % len(COLORS)])
            if self.horizontal:
                item = pg.BarGraphItem(x0=0, y=places, height=width, width=row, brush=brush, pen=None, name=name)
            else:
                item = pg.BarGraphItem(x=places, height=row, width=width, brush=brush, pen=None, name=name)
            self.box.addItem(item)
            self._items.append(item)
            if self.legend is not None:
                self.legend.addItem(item, name)
        ticks_ = [[(i, label) for i, label in enumerate(ticks or self.categories)]]
        self.axes["left" if self.horizontal else "bottom"].setTicks(ticks_)
        self.axes["bottom" if self.horizontal else "left"].setTicks(None)
        top = max((max(row, default=0) for row in self.values), default=0)
        span = (-0.6, max(len(self.categories), 1) - 0.4)
        if self.horizontal:
            self.box.setYRange(*span, padding=0)
            self.box.setXRange(0, max(top, 1) * 1.08, padding=0)
            self.box.invertY(True)  # the first village on top
        else:
            self.box.setXRange(*span, padding=0)
            self.box.setYRange(0, max(top, 1) * 1.12, padding=0)

    def plotted(self) -> list[list[float]]:
        """The bar lengths as plotted, per series (read from the graph items, not from set_data's input)."""
        key = "width" if self.horizontal else "height"
        return [[float(v) for v in item.opts[key]] for item in self._items]

    # ---- hover and click ----------------------------------------------------------------------------------
    def bar_at(self, scene_pos: QPointF) -> tuple[int, int] | None:
        """(category, series) under a scene position, or None."""
        if not self.categories or not self.box.sceneBoundingRect().contains(scene_pos):
            return None
        point = self.box.mapSceneToView(scene_pos)
        along, length = (point.y(), point.x()) if self.horizontal else (point.x(), point.y())
        c = round(along)
        if not 0 <= c < len(self.categories):
            return None
        offset = along - (c - _BAR_WIDTH / 2)
        if not 0 <= offset <= _BAR_WIDTH:
            return None
        s = min(int(offset / (_BAR_WIDTH / len(self.series))), len(self.series) - 1)
        if not 0 <= length <= max(self.values[s][c], 0) or self.values[s][c] == 0:
            return None
        return c, s

    def describe(self, c: int) -> str:
        if len(self.series) == 1:
            return f"{self.categories[c]}：{self.values[0][c]}"
        return f"{self.categories[c]}：" + "，".join(f"{name} {row[c]}" for name, row in
                                                   zip(self.series, self.values, strict=True))

    def _hover(self, pos: QPointF) -> None:
        hit = self.bar_at(pos)
        if hit is None:
            QToolTip.hideText()
            self.plot.setCursor(Qt.CursorShape.ArrowCursor)
            return
        self.plot.setCursor(Qt.CursorShape.PointingHandCursor)
        QToolTip.showText(QCursor.pos(), self.describe(hit[0]) + "\n点击查看这些党员", self.plot)

    def _click(self, event: object) -> None:
        hit = self.bar_at(event.scenePos())  # type: ignore[attr-defined]
        if hit is not None:
            self.bar_clicked.emit(*hit)

    def bar_center(self, c: int, s: int = 0) -> QPointF:
        """The scene position of a bar's middle (for tests, and for keyboard users' tooltips)."""
        width = _BAR_WIDTH / len(self.series)
        along = c - _BAR_WIDTH / 2 + width * (s + 0.5)
        length = self.values[s][c] / 2
        view = QPointF(length, along) if self.horizontal else QPointF(along, length)
        return self.box.mapViewToScene(view)

    def save_png(self, path: str) -> bool:
        return self.grab().save(path, "PNG")
