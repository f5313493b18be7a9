"""Dialogs of the last step: the token PIN (attempts left shown), the signed copy's preview, and the receipt with
printing through QPrinter."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)


class PinDialog(QDialog):
    """Asks once. The station never retries a PIN by itself: tokens lock after a few wrong tries."""

    def __init__(self, info: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Signing PIN"))
        token = str(info.get("label") or "")
        signer = str(info.get("signer") or "")
        left = info.get("attempts_left")
        if info.get("final_try"):
            left = 1
        intro = QLabel(self.tr("Enter the PIN of the signing certificate. It is used for this signature only "
                               "and is never stored."))
        intro.setWordWrap(True)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(64)
        self.pin.returnPressed.connect(self.accept)
        form = QFormLayout()
        if token:
            form.addRow(self.tr("Token:"), QLabel(token))
        if signer:
            form.addRow(self.tr("Certificate:"), QLabel(signer))
        form.addRow(self.tr("&PIN:"), self.pin)
        self.attempts = QLabel()
        self.attempts.setWordWrap(True)
        if isinstance(left, int):
            self.attempts.setText(self.tr("Attempts left before the token locks: %1").replace("%1", str(left)))
            self.attempts.setStyleSheet("color: #b3261e; font-weight: 600;" if left <= 2 else "")
        elif info.get("count_low"):
            self.attempts.setText(self.tr("The token reports a wrong PIN since the last good one. Tokens lock after "
                                          "3 wrong PINs."))
            self.attempts.setStyleSheet("color: #a15c00;")
        ok = QPushButton(self.tr("Sign (Enter)"))
        ok.setObjectName("Primary")
        ok.setDefault(True)
        ok.clicked.connect(self.accept)
        cancel = QPushButton(self.tr("Cancel (Esc)"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(ok)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.attempts)
        layout.addLayout(buttons)
        self.setMinimumWidth(420)

    def value(self) -> str:
        return self.pin.text()


class ImagePages(QScrollArea):
    def __init__(self, images: list[QImage], width: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        inner = QWidget()
        column = QVBoxLayout(inner)
        for image in images:
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image).scaledToWidth(width, Qt.TransformationMode.SmoothTransformation))
            label.setStyleSheet("background: white; border: 1px solid #c9d2de;")
            column.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
        self.setWidget(inner)
        self.setWidgetResizable(True)
        self.setStyleSheet("QScrollArea { background: #5b6776; }")


class SignedDialog(QDialog):
    def __init__(self, component: str, pdf: Path, preview: QImage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Signed copy"))
        note = QLabel(self.tr("“%1” is signed (PAdES) and kept as PDF/A. The signature is at the top right of "
                              "page 1.").replace("%1", component))
        note.setWordWrap(True)
        path = QLabel(str(pdf))
        path.setObjectName("Hint")
        path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QPushButton(self.tr("Continue (Enter)"))
        close.setObjectName("Primary")
        close.setDefault(True)
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(ImagePages([preview], 560), 1)
        layout.addWidget(path)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        self.resize(640, 700)


def print_images(printer: QPrinter, pages: list[QImage]) -> None:
    """Paint page images onto the printer at full page size (the receipt is already laid out as a PDF)."""
    painter = QPainter(printer)
    try:
        for number, image in enumerate(pages):
            if number:
                printer.newPage()
            area = painter.viewport()
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.setViewport(QRect(area.x(), area.y(), size.width(), size.height()))
            painter.setWindow(image.rect())
            painter.drawImage(0, 0, image)
            painter.setViewport(area)
    finally:
        painter.end()


class ReceiptDialog(QDialog):
    """The receipt and appointment slip: preview, print (Ctrl+P). Printing stops the counter timer."""

    def __init__(self, code: str, receipt: Path, pages: list[QImage], parent: QWidget | None = None,
                 print_to: Path | None = None) -> None:
        super().__init__(parent)
        self.pages = pages
        self.print_to = print_to
        self.printed = False
        self.setWindowTitle(self.tr("Receipt and appointment slip"))
        note = QLabel(self.tr("Dossier %1 is queued to be sent. Print the receipt and hand it to the citizen.")
                      .replace("%1", code))
        note.setWordWrap(True)
        self.print_button = QPushButton(self.tr("Print receipt (Ctrl+P)"))
        self.print_button.setObjectName("Primary")
        self.print_button.setShortcut("Ctrl+P")
        self.print_button.clicked.connect(self.print_receipt)
        close = QPushButton(self.tr("Close (Esc)"))
        close.clicked.connect(self.reject)
        path = QLabel(str(receipt))
        path.setObjectName("Hint")
        buttons = QHBoxLayout()
        buttons.addWidget(path, 1)
        buttons.addWidget(close)
        buttons.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(ImagePages(pages, 600), 1)
        layout.addLayout(buttons)
        self.resize(700, 760)

    def print_receipt(self) -> bool:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if self.print_to is not None:
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(self.print_to))
        else:
            dialog = QPrintDialog(printer, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
        print_images(printer, self.pages)
        self.printed = True
        self.accept()
        return True
