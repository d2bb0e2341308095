"""Print a PDF the app made (notices, statements): a print preview with the choice of printer, on A4.

Pages are rendered by QtPdf at the printer's resolution, so what prints is what the PDF file holds.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, QUrl
from PySide6.QtGui import QDesktopServices, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget


def load_pdf(path: Path, parent=None) -> QPdfDocument:
    document = QPdfDocument(parent)
    document.load(str(path))
    return document


def paint_pdf(document: QPdfDocument, printer: QPrinter) -> None:
    """Each PDF page onto one printer page, scaled to fit the printable area."""
    painter = QPainter()
    if not painter.begin(printer):
        return
    try:
        area = printer.pageLayout().paintRectPixels(printer.resolution())
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            points = document.pagePointSize(page)
            scale = min(area.width() / points.width(), area.height() / points.height())
            size = QSize(int(points.width() * scale), int(points.height() * scale))
            image = document.render(page, size)
            painter.drawImage(QRectF(QPointF(0, 0), size.toSizeF()), image)
    finally:
        painter.end()


def preview_and_print(path: Path, parent: QWidget | None = None) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                      printer.pageLayout().margins()))
    printer.setDocName(path.stem)
    document = load_pdf(path, parent)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(path.name)
    dialog.paintRequested.connect(lambda p: paint_pdf(document, p))
    dialog.resize(900, 1000)
    dialog.exec()


def open_with_system_viewer(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
