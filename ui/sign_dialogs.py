"""Dialogs of the last step: the token PIN (attempts left shown), the signed copy's preview, and the receipt with
printing (ui.receipt_print)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
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

from ui.buttons import ok_cancel_row
from ui.receipt_print import PrintChoice, PrintFailed, PrintStep, make_printer, paper_of, print_pdf
from ui.workers import Runner


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
        intro = QLabel(self.tr("Enter the PIN of the signing certificate. The token stays logged in for the day's "
                               "signatures until it is removed, the station is locked (Ctrl+L) or it is left idle; "
                               "the PIN is never stored."))
        intro.setWordWrap(True)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(64)
        self.pin.returnPressed.connect(self.accept)
        form = QFormLayout()
        if token:
            form.addRow(self.tr("Token:"), QLabel(token))
        for label, key in ((self.tr("Holder:"), "holder"), (self.tr("Issued by:"), "issuer"),
                           (self.tr("Valid until:"), "expires")):
            if info.get(key):
                form.addRow(label, QLabel(str(info[key])))
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
        elif info.get("kind") == "token":
            self.attempts.setText(self.tr("No wrong PIN since the last good one (tokens lock after 3 wrong PINs)."))
        buttons = ok_cancel_row(self, self.tr("Sign (Enter)"), self.tr("Cancel (Esc)"))
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
    """The signed file as it is (stamp visible), page 1 of each signed component."""

    def __init__(self, component: str, pdf: Path, preview: QImage | list[QImage],
                 parent: QWidget | None = None) -> None:
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
        layout.addWidget(ImagePages(preview if isinstance(preview, list) else [preview], 560), 1)
        layout.addWidget(path)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        self.resize(640, 700)


class ReceiptDialog(QDialog):
    """The receipt and appointment slip: preview, print (Ctrl+P). Printing stops the counter timer."""

    def __init__(self, code: str, receipt: Path, pages: list[QImage], runner: Runner, parent: QWidget | None = None,
                 print_to: Path | None = None) -> None:
        """``runner`` is the window's (ctx.runner): the print renders every page at the printer's resolution in a
        worker, and closing the window waits for it like any other task."""
        super().__init__(parent)
        self.receipt = receipt
        self.pages = pages
        self.print_to = print_to
        self.printed = False
        self.printing = False
        self.copies = 0
        self.runner = runner
        self.setWindowTitle(self.tr("Receipt and appointment slip"))
        self.note = note = QLabel(self.tr("Dossier %1 is queued to be sent. Print the receipt and hand it to the "
                                          "citizen.").replace("%1", code))
        note.setWordWrap(True)
        self.print_button = QPushButton(self.tr("Print receipt (Ctrl+P)"))
        self.print_button.setObjectName("Primary")
        self.print_button.setShortcut("Ctrl+P")
        self.print_button.clicked.connect(self.print_receipt)
        self.close_button = close = QPushButton(self.tr("Close (Esc)"))
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
        """Print the receipt's PDF through the station's print step (or straight to ``print_to``, a PDF file, in the
        demo and the tests, at 300 dpi). The pages are rendered at the printer's resolution in a worker (seconds:
        the window stays live and says so); the dialog closes once the receipt is printed. False when the clerk
        cancelled the print step."""
        if self.printing:
            return False
        paper = paper_of(self.receipt)
        if self.print_to is not None:
            choice, resolution = PrintChoice(paper=paper, output=self.print_to), 300
        else:
            step = PrintStep(paper, self.receipt.with_name(self.receipt.stem + "-in.pdf"), self)
            if step.exec() != QDialog.DialogCode.Accepted:
                return False
            choice, resolution = step.choice(), None
        printer, receipt = make_printer(choice, resolution), self.receipt
        self._busy(True)
        self.note.setText(self.tr("Printing…"))
        self.runner.start(lambda _task: print_pdf(printer, receipt), on_done=lambda _pages: self._printed(choice),
                          on_error=self._print_failed)
        return True

    def _busy(self, printing: bool) -> None:
        self.printing = printing
        self.print_button.setEnabled(not printing)
        self.close_button.setEnabled(not printing)

    def _printed(self, choice: PrintChoice) -> None:
        self._busy(False)
        self.copies = choice.copies
        self.printed = True
        self.accept()

    def _print_failed(self, error: BaseException) -> None:
        self._busy(False)
        if isinstance(error, PrintFailed):
            self.note.setText(self.tr("The printer could not be opened. Check that it is on and connected, then "
                                      "print again (Ctrl+P)."))
        else:
            self.note.setText(self.tr("Printing failed: %1").replace("%1", str(error)))

    def reject(self) -> None:
        if not self.printing:  # Esc while the pages go to the printer: the receipt is printed first
            super().reject()
