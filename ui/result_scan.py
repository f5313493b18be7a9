"""Scanning a result from the station's scanner, beside choosing its file: the profile and the paper's page count, one
button to scan, progress and cancel. The scan, the checks, the PDF/A and the first page's reading run in the task
runner (``DossierResults.scan``); the row only says what came back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QProgressBar, QPushButton, QSpinBox, QWidget

from app.capture.profiles import PROFILES, profile
from ui.workers import SignalProgress, Task

if TYPE_CHECKING:
    from app.results.scan import ScannedResult
    from ui.context import AppContext


class ResultScanner(QWidget):
    started = Signal()
    scanned = Signal(object)  # ScannedResult
    failed = Signal(str)
    stopped = Signal()  # after scanned or failed: the scan is over

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.task: Task | None = None
        self.profile = QComboBox()
        for item in PROFILES:
            self.profile.addItem(item.name(ctx.lang), item.key)
        self.declared = QSpinBox()
        self.declared.setRange(0, 999)
        self.declared.setSpecialValueText(self.tr("pages: not counted"))
        self.declared.setSuffix(self.tr(" pages"))
        self.declared.setToolTip(self.tr("Number of pages of the paper result, checked against the scan"))
        self.scan_button = QPushButton(self.tr("Scan the result"))
        self.scan_button.clicked.connect(self.scan)
        self.cancel_button = QPushButton(self.tr("Cancel scan"))
        self.cancel_button.setObjectName("Danger")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.progress.setFormat("%v / %m")
        self.progress.setValue(0)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.profile, self.declared, self.scan_button, self.cancel_button):
            row.addWidget(widget)
        row.addWidget(self.progress, 1)

    @property
    def scanning(self) -> bool:
        return self.task is not None

    def scan(self) -> None:
        device = self.ctx.defaults.device
        if self.task is not None:
            return
        if not device:
            self.failed.emit(self.tr("No scanner is set for this station (Settings)."))
            return
        results = self.ctx.service.results
        options = profile(str(self.profile.currentData())).options()
        declared = self.declared.value() or None

        def work(task: Task) -> ScannedResult:
            return results.scan(device, options, declared=declared, cancel=task.cancel_token,
                                progress=SignalProgress(task))

        self.task = self.ctx.runner.start(work, on_done=self._done, on_error=self._failed)
        self.task.progressed.connect(self._progressed)
        self.progress.setRange(0, declared or 0)  # busy until the count is known
        self._busy(True)
        self.started.emit()

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _busy(self, busy: bool) -> None:
        for widget in (self.profile, self.declared, self.scan_button):
            widget.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)

    def _progressed(self, done: int, total: int, _text: str) -> None:
        self.progress.setRange(0, max(total, done, 1))
        self.progress.setValue(done)

    def _done(self, scanned: ScannedResult) -> None:
        self.task = None
        self._busy(False)
        self.scanned.emit(scanned)
        self.stopped.emit()

    def _failed(self, error: BaseException) -> None:
        self.task = None
        self._busy(False)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.failed.emit(self.ctx.error_text(error))
        self.stopped.emit()
