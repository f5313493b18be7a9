"""Printing a paper the station issued: the PDF itself, rendered at the printer's resolution onto paper of its own
size (a screen preview painted onto the page blurs the QR code and stretches A5 to A4), through the station's own
print step in the clerk's language (printer, copies, paper) instead of Qt's print dialog, which has no Vietnamese."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.imaging.pdfpreview import page_sizes, render_images
from ui.buttons import ok_cancel_row

PAPERS = {"A5": QPageSize.PageSizeId.A5, "A4": QPageSize.PageSizeId.A4}
MAX_DPI = 600  # an A4 page at 600 dpi is already 100 MB of pixels; no receipt needs more


class PrintFailed(RuntimeError):
    """The printer could not be opened (offline, removed, no permission)."""


@dataclass
class PrintChoice:
    printer: str = ""  # the system's printer name; "" prints to ``output`` as a PDF file
    copies: int = 1
    paper: str = "A5"
    output: Path | None = None


def paper_of(pdf: Path) -> str:
    """The paper a PDF was laid out on (A5 or A4, within a millimetre); A4 for anything else."""
    sizes = page_sizes(pdf)
    if sizes:
        width, height = sizes[0]
        for name, page_id in PAPERS.items():
            size = QPageSize(page_id).size(QPageSize.Unit.Point)
            if abs(size.width() - width) < 3 and abs(size.height() - height) < 3:
                return name
    return "A4"


def make_printer(choice: PrintChoice, resolution: int | None = None) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if choice.printer:
        printer.setPrinterName(choice.printer)
    else:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(choice.output))
    if resolution is not None:
        printer.setResolution(resolution)
    printer.setFullPage(True)  # the form has its own margins
    printer.setPageSize(QPageSize(PAPERS.get(choice.paper, QPageSize.PageSizeId.A4)))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setCopyCount(max(1, choice.copies))
    return printer


def _qimage(image: Image.Image) -> QImage:
    """An RGB page as a QImage that owns its pixels (the bytes object goes away with this call)."""
    width, height = image.size
    return QImage(image.tobytes(), width, height, 3 * width, QImage.Format.Format_RGB888).copy()


def print_pdf(printer: QPrinter, pdf: Path) -> int:
    """Each page at 100 % from the paper's top left corner (shrunk only if the paper is smaller), rendered at the
    printer's resolution. Copies the driver cannot make (a PDF file) are printed one after another."""
    copies = printer.copyCount()
    repeat = 1 if printer.supportsMultipleCopies() else copies
    if repeat > 1:
        printer.setCopyCount(1)
    dpi = printer.resolution()
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintFailed(printer.printerName() or printer.outputFileName())
    pages = 0
    try:
        paper = printer.paperRect(QPrinter.Unit.DevicePixel)
        for _copy in range(repeat):
            for image, width_pt, height_pt in render_images(pdf, min(dpi, MAX_DPI)):
                if pages:
                    printer.newPage()
                target = QRectF(0, 0, width_pt / 72 * dpi, height_pt / 72 * dpi)
                scale = min(1.0, paper.width() / target.width(), paper.height() / target.height())
                target.setSize(target.size() * scale)
                painter.drawImage(target, _qimage(image))
                pages += 1
    finally:
        painter.end()
    return pages


class PrintStep(QDialog):
    """Printer, copies and paper, in the clerk's language. Without a printer the receipt is saved as a PDF file."""

    def __init__(self, paper: str, output: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.output = output
        self.setWindowTitle(self.tr("Print"))
        self.printer = QComboBox()
        names = QPrinterInfo.availablePrinterNames()
        default = QPrinterInfo.defaultPrinterName()
        for name in ([default] if default in names else []) + [n for n in names if n != default]:
            self.printer.addItem(name, name)
        self.printer.addItem(self.tr("Save as a PDF file (no printer)"), "")
        self.copies = QSpinBox()
        self.copies.setRange(1, 9)
        self.copies.setValue(1)
        self.paper = QComboBox()
        for name in PAPERS:
            self.paper.addItem(name, name)
        self.paper.setCurrentIndex(max(0, self.paper.findData(paper)))
        self.where = QLabel()
        self.where.setObjectName("Hint")
        self.where.setWordWrap(True)
        self.printer.currentIndexChanged.connect(self._where)
        form = QFormLayout()
        form.addRow(self.tr("&Printer:"), self.printer)
        form.addRow(self.tr("&Copies:"), self.copies)
        form.addRow(self.tr("P&aper:"), self.paper)
        buttons = ok_cancel_row(self, self.tr("Print (Enter)"), self.tr("Cancel (Esc)"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.where)
        layout.addLayout(buttons)
        self.setMinimumWidth(420)
        self._where()

    def _where(self) -> None:
        to_file = not self.printer.currentData()
        self.where.setText(self.tr("The receipt will be saved to %1.").replace("%1", str(self.output))
                           if to_file else "")

    def choice(self) -> PrintChoice:
        return PrintChoice(printer=str(self.printer.currentData() or ""), copies=self.copies.value(),
                           paper=str(self.paper.currentData()), output=self.output)
