"""Checks, PDF/A, signature and finishing for the dossier on screen. The signer asks for the PIN through a bridge:
the worker waits while the GUI shows the PIN dialog; a wrong PIN ends the attempt (never retried)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from app.core.errors import CancelledError, SohoaError
from app.dossiers.findings import FindingView
from app.imaging.pdfpreview import render_pages
from ui.context import AppContext
from ui.workers import SignalProgress, Task


@dataclass
class PinRequest:
    """Asked from the worker thread; answered on the GUI thread with :meth:`reply`."""

    info: dict[str, Any]
    _event: threading.Event
    answer: str | None = None

    def reply(self, pin: str | None) -> None:
        self.answer = pin
        self._event.set()


class PinBridge:
    """The PIN provider handed to the signer: blocks the worker until the clerk answers (or cancels)."""

    def __init__(self, task: Task) -> None:
        self.task = task

    def __call__(self, *args: Any, **kwargs: Any) -> str:
        info = dict(kwargs)
        if args and hasattr(args[0], "__dict__"):
            info.update(vars(args[0]))
        elif args and isinstance(args[0], dict):
            info.update(args[0])
        request = PinRequest(info, threading.Event())
        self.task.emit_item(request)
        while not request._event.wait(0.1):
            if self.task.cancel_token.cancelled:
                raise CancelledError("PIN")
        if not request.answer:
            raise CancelledError("PIN")
        return request.answer


@dataclass
class Signed:
    component_id: int
    pdf: Path
    preview: QImage


@dataclass
class Finished:
    dossier_id: int
    code: str
    receipt: Path
    pages: list[QImage]


def _preview(pdf: Path) -> QImage:
    """Page 1 of the signed file as a reader shows it, stamp included."""
    return QImage(str(render_pages(pdf, pdf.parent / "preview", dpi=80, max_pages=1)[0]))


def _receipt_of(dossier_id: int, receipt: Path) -> Finished:
    """The receipt with a screen preview of its pages (printing uses the PDF itself)."""
    pages = render_pages(receipt, receipt.parent / "preview", dpi=110)
    return Finished(dossier_id, receipt.stem.removeprefix("giay-tiep-nhan-"), receipt, [QImage(str(p)) for p in pages])


class FinishController(QObject):
    findings_ready = Signal(int, object, object)  # component id, list[FindingView], {page id: number}
    checking = Signal(int)
    checked = Signal(int)  # a check run ended (its findings_ready follows at once)
    progressed = Signal(int, int, str)
    pin_requested = Signal(object)  # PinRequest
    signed = Signal(object)  # Signed
    signed_all = Signal(object)  # list[Signed]: every component the dossier had ready, one PIN
    finished = Signal(object)  # Finished
    reprinted = Signal(object)  # Finished, for a receipt issued earlier
    printed = Signal(int, int)  # dossier id, counter seconds
    failed = Signal(str)
    wrong_pin = Signal(str)

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.last_attempts_left: int | None = None

    def check(self, component_id: int) -> Task:
        service = self.ctx.service

        def work(task: Task) -> tuple[list[FindingView], dict[int, int]]:
            service.run_checks(component_id, SignalProgress(task), task.cancel_token)
            return service.component_findings(component_id)

        def done(result: tuple[list[FindingView], dict[int, int]]) -> None:
            self.checked.emit(component_id)
            self.findings_ready.emit(component_id, result[0], result[1])

        self.checking.emit(component_id)
        task = self.ctx.runner.start(work, on_done=done, on_error=self._failed)
        task.progressed.connect(self.progressed)
        return task

    def load_findings(self, component_id: int) -> Task:
        service = self.ctx.service

        def work(task: Task) -> tuple[list[FindingView], dict[int, int]]:
            return service.component_findings(component_id)

        return self.ctx.runner.start(work, on_done=lambda r: self.findings_ready.emit(component_id, r[0], r[1]),
                                     on_error=self._failed)

    def resolve(self, component_id: int, finding_id: int, action: str, reason: str = "") -> Task:
        service = self.ctx.service

        def work(task: Task) -> tuple[list[FindingView], dict[int, int]]:
            service.resolve_finding(finding_id, action, reason)
            return service.component_findings(component_id)

        return self.ctx.runner.start(work, on_done=lambda r: self.findings_ready.emit(component_id, r[0], r[1]),
                                     on_error=self._failed)

    def build_and_sign(self, component_id: int) -> Task:
        service = self.ctx.service

        def work(task: Task) -> Signed:
            service.build_pdf(component_id, SignalProgress(task), task.cancel_token)
            pdf = service.sign_component(component_id, PinBridge(task))
            return Signed(component_id, pdf, _preview(pdf))

        task = self.ctx.runner.start(work, on_done=self._signed, on_error=self._sign_failed)
        task.item.connect(self._pin_item)
        task.progressed.connect(self.progressed)
        return task

    def sign_dossier(self, dossier_id: int) -> Task:
        """Every component ready to sign, built and signed in one step with one PIN (the day's signing session)."""
        service = self.ctx.service

        def work(task: Task) -> list[Signed]:
            signed = service.sign_dossier(dossier_id, PinBridge(task), SignalProgress(task), task.cancel_token)
            return [Signed(component_id, pdf, _preview(pdf)) for component_id, pdf in signed.items()]

        def done(result: list[Signed]) -> None:
            self.last_attempts_left = None
            self.signed_all.emit(result)

        task = self.ctx.runner.start(work, on_done=done, on_error=self._sign_failed)
        task.item.connect(self._pin_item)
        task.progressed.connect(self.progressed)
        return task

    def _pin_item(self, item: object) -> None:
        if isinstance(item, PinRequest):
            if self.last_attempts_left is not None and "attempts_left" not in item.info:
                item.info["attempts_left"] = self.last_attempts_left
            self.pin_requested.emit(item)

    def _signed(self, result: Signed) -> None:
        self.last_attempts_left = None
        self.signed.emit(result)

    def _sign_failed(self, error: BaseException) -> None:
        # a refused PIN (app.signing.errors.WrongPinError, PinLockedError too) is told by what it carries: importing
        # app.signing here would load pyHanko before the window shows
        if isinstance(error, SohoaError) and hasattr(error, "attempts_left") and hasattr(error, "count_low"):
            self.last_attempts_left = error.attempts_left
            self.wrong_pin.emit(self.ctx.error_text(error))
            return
        self._failed(error)

    def finish(self, dossier_id: int, paper_only_reason: str = "") -> Task:
        service = self.ctx.service

        def work(task: Task) -> Finished:
            return _receipt_of(dossier_id, service.finish(dossier_id, paper_only_reason))

        return self.ctx.runner.start(work, on_done=self.finished.emit, on_error=self._failed)

    def reprint(self, dossier_id: int) -> Task:
        """A receipt issued earlier, again (same register number and time of issue), for today's list."""
        service = self.ctx.service
        return self.ctx.runner.start(lambda task: _receipt_of(dossier_id, service.receipt(dossier_id)),
                                     on_done=self.reprinted.emit, on_error=self._failed)

    def mark_printed(self, dossier_id: int, copies: int = 1) -> Task:
        return self.ctx.runner.start(lambda task: self.ctx.service.receipt_printed(dossier_id, copies),
                                     on_done=lambda seconds: self.printed.emit(dossier_id, seconds),
                                     on_error=self._failed)

    def _failed(self, error: BaseException) -> None:
        self.failed.emit(self.ctx.error_text(error))
