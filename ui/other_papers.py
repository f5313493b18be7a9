"""The counter's papers besides the receipt, for the dossier on screen: refusing to receive it (Mẫu 03, the reasons
asked in the station's reason dialog) and the processing control slip (Mẫu 06). Issuing and laying out run on the
worker thread; the paper is shown and printed through the same print step as the receipt."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QImage, QKeySequence
from PySide6.QtWidgets import QPushButton, QWidget

from app.dossiers import lifecycle
from app.imaging.pdfpreview import render_pages
from ui.context import AppContext
from ui.finish_controller import Finished
from ui.reason_dialog import RefusalDialog
from ui.sign_dialogs import ReceiptDialog
from ui.workers import Runner


def _paper_of(dossier_id: int, code: str, pdf: Path) -> Finished:
    """The issued paper with a screen preview of its pages (printing uses the PDF itself)."""
    pages = render_pages(pdf, pdf.parent / "preview", dpi=110)
    return Finished(dossier_id, code, pdf, [QImage(str(p)) for p in pages])


class PaperDialog(ReceiptDialog):
    """A paper other than the receipt: the same preview and print step; printing it does not stop the counter
    timer (the refusal itself did, and the control slip follows the receipt)."""

    def __init__(self, title: str, note: str, paper: Finished, runner: Runner, parent: QWidget | None = None,
                 print_to: Path | None = None) -> None:
        super().__init__(paper.code, paper.receipt, paper.pages, runner, parent, print_to=print_to)
        self.setWindowTitle(title)
        self.note.setText(note)
        self.print_button.setText(self.tr("Print (Ctrl+P)"))
        self.print_button.setShortcut("Ctrl+P")  # setText replaced it with the text's (absent) mnemonic


class OtherPapers(QObject):
    """Mẫu 03 and Mẫu 06 next to the receipt: their buttons and actions, enabled by the core's answers."""

    shown = Signal(object)  # the paper's dialog, or the reason dialog
    refused = Signal()  # the dossier on screen is refused now (the window reloads it and today's list)
    failed = Signal(str)

    def __init__(self, ctx: AppContext, owner: QWidget) -> None:
        super().__init__(owner)
        self.ctx = ctx
        self.owner = owner
        self.dossier: dict[str, Any] | None = None
        self.scanning = False
        self.print_to: Path | None = None  # a file path when papers print to PDF (demo, tests)
        self.reason_dialog: RefusalDialog | None = None  # open while the reasons are asked
        self.refuse_action = self._action(self.tr("Refuse to receive (form 03)"), "Ctrl+Shift+X", self.refuse)
        self.slip_action = self._action(self.tr("Print the processing control slip (form 06)"), "Ctrl+Shift+K",
                                        self.control_slip)
        self.refuse_button = QPushButton(self.tr("Refuse… (Ctrl+Shift+X)"))
        self.refuse_button.clicked.connect(self.refuse)
        self.slip_button = QPushButton(self.tr("Control slip (Ctrl+Shift+K)"))
        self.slip_button.clicked.connect(self.control_slip)
        self.update(None, False)  # nothing to issue before a dossier is on screen

    def _action(self, text: str, shortcut: str, slot: Any) -> QAction:
        action = QAction(text, self.owner)
        action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(f"{text} ({shortcut})")
        action.triggered.connect(slot)
        self.owner.addAction(action)
        return action

    def update(self, dossier: dict[str, Any] | None, scanning: bool) -> None:
        """A refusal while the dossier is at the counter (or again, once refused); the slip once it is received."""
        self.dossier, self.scanning = dossier, scanning
        refuse = lifecycle.can_refuse(dossier, scanning=scanning) if dossier is not None else None
        slip = lifecycle.can_hand_over(dossier) if dossier is not None else None
        again = dossier is not None and lifecycle.is_refused(dossier)  # the refusal prints again
        for widget, verdict, or_else in ((self.refuse_button, refuse, again), (self.slip_button, slip, False)):
            enabled = verdict is not None and (bool(verdict) or or_else)
            widget.setEnabled(enabled)
            widget.setToolTip(verdict.message(self.ctx.lang) if verdict is not None and not enabled else "")
        self.refuse_action.setEnabled(self.refuse_button.isEnabled())
        self.slip_action.setEnabled(self.slip_button.isEnabled())

    def refuse(self) -> None:
        """Asks the reasons, then issues the refusal; a dossier already refused gets its slip again."""
        dossier = self.dossier
        if dossier is None or self.reason_dialog is not None:
            return
        if lifecycle.is_refused(dossier):
            self._issue_refusal(dossier, [])
            return
        verdict = lifecycle.can_refuse(dossier, scanning=self.scanning)
        if not verdict:
            self.failed.emit(verdict.message(self.ctx.lang))
            return
        dialog = RefusalDialog(dossier["code"], self.owner)
        self.reason_dialog = dialog

        def answered(result: int) -> None:
            self.reason_dialog = None
            if result == RefusalDialog.DialogCode.Accepted:
                self._issue_refusal(dossier, dialog.reasons())

        dialog.finished.connect(answered)
        self.shown.emit(dialog)
        dialog.open()

    def _issue_refusal(self, dossier: dict[str, Any], reasons: list[str]) -> None:
        service, dossier_id, code = self.ctx.service, int(dossier["id"]), str(dossier["code"])

        def done(paper: Finished) -> None:
            self.refused.emit()
            self._show(paper, self.tr("Refusal to receive"), self.tr(
                "Dossier %1 is refused. Print the refusal and hand it to the citizen.").replace("%1", code))

        self.ctx.runner.start(lambda task: _paper_of(dossier_id, code, service.papers.refusal_pdf(dossier_id, reasons)),
                              on_done=done, on_error=self._failed)

    def control_slip(self) -> None:
        dossier = self.dossier
        if dossier is None:
            return
        verdict = lifecycle.can_hand_over(dossier)
        if not verdict:
            self.failed.emit(verdict.message(self.ctx.lang))
            return
        service, dossier_id, code = self.ctx.service, int(dossier["id"]), str(dossier["code"])
        self.ctx.runner.start(
            lambda task: _paper_of(dossier_id, code, service.papers.control_slip_pdf(dossier_id)),
            on_done=lambda paper: self._show(paper, self.tr("Processing control slip"), self.tr(
                "Print the control slip of dossier %1: it goes with the paper originals to the unit that processes "
                "the dossier, and each hand-over is signed on it.").replace("%1", code)),
            on_error=self._failed)

    def _show(self, paper: Finished, title: str, note: str) -> None:
        dialog = PaperDialog(title, note, paper, self.ctx.runner, self.owner, print_to=self.print_to)
        self.shown.emit(dialog)
        dialog.open()

    def _failed(self, error: BaseException) -> None:
        self.failed.emit(self.ctx.error_text(error))
