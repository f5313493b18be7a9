"""Checks, PDF/A, signature and finishing for the dossier on screen. The signer asks for the PIN through a bridge:
the worker waits while the GUI shows the PIN dialog; a wrong PIN ends the attempt (never retried)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from app.core.errors import CancelledError
from app.dossiers.findings import FindingView
from app.imaging.pdfpreview import render_pages
from app.signing.errors import WrongPinError
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
    receipt: Path
    pages: list[QImage]


class FinishController(QObject):
    findings_ready = Signal(int, object, object)  # component id, list[FindingView], {page id: number}
    checking = Signal(int)
    checked = Signal(int)  # a check run ended (its findings_ready follows at once)
    progressed = Signal(int, int, str)
    pin_requested = Signal(object)  # PinRequest
    signed = Signal(object)  # Signed
    finished = Signal(object)  # Finished
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
            preview = render_pages(pdf, pdf.parent / "preview", dpi=80, max_pages=1)[0]
            return Signed(component_id, pdf, QImage(str(preview)))

        task = self.ctx.runner.start(work, on_done=self._signed, on_error=self._sign_failed)
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
        if isinstance(error, WrongPinError):  # PinLockedError too (attempts_left 0)
            self.last_attempts_left = error.attempts_left
            self.wrong_pin.emit(self.ctx.error_text(error))
            return
        self._failed(error)

    def finish(self, dossier_id: int, paper_only_reason: str = "") -> Task:
        service = self.ctx.service

        def work(task: Task) -> Finished:
            receipt = service.finish(dossier_id, paper_only_reason)
            pages = render_pages(receipt, receipt.parent / "preview", dpi=110)
            return Finished(dossier_id, receipt, [QImage(str(p)) for p in pages])

        return self.ctx.runner.start(work, on_done=self.finished.emit, on_error=self._failed)

    def mark_printed(self, dossier_id: int) -> Task:
        return self.ctx.runner.start(lambda task: self.ctx.service.receipt_printed(dossier_id),
                                     on_done=lambda seconds: self.printed.emit(dossier_id, seconds),
                                     on_error=self._failed)

    def _failed(self, error: BaseException) -> None:
        self.failed.emit(self.ctx.error_text(error))
