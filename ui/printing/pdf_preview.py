"""Showing and printing a PDF inside the program.

PySide6-Essentials has no QtPdf, so pages are rendered to images with pypdfium2 (PDFium, shipped inside its
wheel). The preview shows one page at a time, rendered when shown, so a 400-page roster opens at once; printing
renders each page at the printer's resolution onto a QPrinter (A4, the page's own orientation).
"""
from __future__ import annotations

from collections.abc import Callable

import pypdfium2 as pdfium
from PySide6.QtCore import QMarginsF, QRect, Qt
from PySide6.QtGui import QImage, QKeyEvent, QPageLayout, QPageSize, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSpinBox, QVBoxLayout, QWidget

ZOOMS = (("整页", -1.0), ("适合宽度", 0.0), ("75%", 0.75), ("100%", 1.0), ("150%", 1.5))


class PdfPages:
    """A PDF held in memory, rendered page by page."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self._doc = pdfium.PdfDocument(data)

    def __len__(self) -> int:
        return len(self._doc)

    def size_pt(self, index: int) -> tuple[float, float]:
        w, h = self._doc[index].get_size()
        return float(w), float(h)

    def image(self, index: int, scale: float) -> QImage:
        """Page `index` at `scale` × 72 dpi."""
        bitmap = self._doc[index].render(scale=scale, rev_byteorder=True, prefer_bgrx=True)
        fmt = QImage.Format.Format_RGBX8888 if bitmap.n_channels == 4 else QImage.Format.Format_RGB888
        return QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, fmt).copy()

    def close(self) -> None:
        self._doc.close()


class PdfPreview(QWidget):
    """Page navigation, zoom and the page image."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pages: PdfPages | None = None
        self.prev_button = QPushButton("上一页")
        self.next_button = QPushButton("下一页")
        self.page_box = QSpinBox()
        self.page_box.setPrefix("第 ")
        self.page_box.setSuffix(" 页")
        self.count_label = QLabel("")
        self.zoom = QComboBox()
        for label, value in ZOOMS:
            self.zoom.addItem(label, value)
        bar = QHBoxLayout()
        for w in (self.prev_button, self.page_box, self.count_label, self.next_button):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(QLabel("缩放："))
        bar.addWidget(self.zoom)
        self.image_label = QLabel("尚未生成预览。请选择报表和范围，然后点击“预览”。")
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_label.setObjectName("pdfPage")
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(self.image_label)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll_area.setStyleSheet("QScrollArea { background: #8a8a8a; } QLabel#pdfPage { background: #8a8a8a; "
                                  "color: white; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.scroll_area, 1)
        self.prev_button.clicked.connect(lambda: self.page_box.setValue(self.page_box.value() - 1))
        self.next_button.clicked.connect(lambda: self.page_box.setValue(self.page_box.value() + 1))
        self.page_box.valueChanged.connect(lambda _: self.show_page())
        self.zoom.currentIndexChanged.connect(lambda _: self.show_page())
        self.set_pdf(None)

    def set_pdf(self, data: bytes | None, message: str = "") -> None:
        if self.pages is not None:
            self.pages.close()
        self.pages = PdfPages(data) if data else None
        count = len(self.pages) if self.pages else 0
        self.page_box.blockSignals(True)
        self.page_box.setRange(1 if count else 0, max(count, 0))
        self.page_box.setValue(1 if count else 0)
        self.page_box.blockSignals(False)
        self.count_label.setText(f"共 {count} 页" if count else "")
        for w in (self.prev_button, self.next_button, self.page_box, self.zoom):
            w.setEnabled(count > 0)
        if message or not count:
            self.image_label.setPixmap(QPixmap())
            self.image_label.setText(message or "尚未生成预览。请选择报表和范围，然后点击“预览”。")
        self.show_page()

    @property
    def page_count(self) -> int:
        return len(self.pages) if self.pages else 0

    def current_scale(self, index: int) -> float:
        assert self.pages is not None
        value = float(self.zoom.currentData())
        w, h = self.pages.size_pt(index)
        view = self.scroll_area.viewport().size()
        ratio = self.devicePixelRatioF()
        if value == 0.0:
            return float(max(0.2, (view.width() - 24) / w) * ratio)
        if value < 0:
            return float(max(0.2, min((view.width() - 24) / w, (view.height() - 24) / h)) * ratio)
        return float(value * 96 / 72 * ratio)

    def show_page(self) -> None:
        if not self.pages:
            return
        index = self.page_box.value() - 1
        self.prev_button.setEnabled(index > 0)
        self.next_button.setEnabled(index + 1 < len(self.pages))
        image = self.pages.image(index, self.current_scale(index))
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        self.image_label.setText("")
        self.image_label.setPixmap(pixmap)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        step = {Qt.Key.Key_PageDown: 1, Qt.Key.Key_PageUp: -1}.get(Qt.Key(event.key()))
        if step and self.pages:
            self.page_box.setValue(self.page_box.value() + step)
        else:
            super().keyPressEvent(event)

    def resizeEvent(self, event: object) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)  # type: ignore[arg-type]
        if self.pages and float(self.zoom.currentData()) <= 0:
            self.show_page()


def new_a4_printer() -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setFullPage(True)
    printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    return printer


def print_pdf(pages: PdfPages, printer: QPrinter, progress: Callable[[int, int], bool] | None = None) -> int:
    """Print every page (or the printer's chosen range); progress(done, total) returning False cancels.
    Returns the number of pages sent."""
    first, last = 1, len(pages)
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first, last = printer.fromPage(), min(printer.toPage() or last, last)
    dpi = min(printer.resolution(), 300)
    painter: QPainter | None = None
    sent = 0
    try:
        for number in range(first, last + 1):
            w, h = pages.size_pt(number - 1)
            orientation = QPageLayout.Orientation.Landscape if w > h else QPageLayout.Orientation.Portrait
            printer.setPageOrientation(orientation)
            if painter is None:
                painter = QPainter()
                if not painter.begin(printer):
                    raise OSError("无法开始打印，请检查打印机是否可用")
            else:
                printer.newPage()
            image = pages.image(number - 1, dpi / 72)
            target = painter.viewport()
            painter.drawImage(QRect(0, 0, target.width(), target.height()), image)
            sent += 1
            if progress is not None and not progress(sent, last - first + 1):
                break
    finally:
        if painter is not None:
            painter.end()
    return sent
