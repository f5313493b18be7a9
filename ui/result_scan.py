"""Scanning a result from the station's scanner, beside choosing its file: the profile and the paper's page count, one
button to scan (F7), progress and cancel. The scan, the checks, the PDF/A and the first page's reading run in the
task runner (``DossierResults.scan``); the row only says what came back, and why a scan that cannot be added is
kept out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QProgressBar, QPushButton, QSpinBox, QWidget

from app.capture.profiles import PROFILES, profile
from app.checks import findings as checks
from ui.workers import SignalProgress, Task

if TYPE_CHECKING:
    from app.results.scan import ScannedResult
    from ui.context import AppContext

SCAN_KEY = "F7"  # free in the window (ui/shortcuts.py): F5 scans a component, F6 checks, F8 signs


class ResultScanner(QWidget):
    started = Signal()
    scanned = Signal(object)  # ScannedResult
    failed = Signal(str)
    stopped = Signal()  # after scanned or failed: the scan is over

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.task: Task | None = None
        self.pages_seen = 0  # the most pages a step of the running scan counted: the pages scanned so far
        self.profile = QComboBox()
        for item in PROFILES:
            self.profile.addItem(item.name(ctx.lang), item.key)
        self.declared = QSpinBox()
        self.declared.setRange(0, 999)
        self.declared.setSpecialValueText(self.tr("pages: not counted"))
        self.declared.setSuffix(self.tr(" pages"))
        self.declared.setToolTip(self.tr("Number of pages of the paper result, checked against the scan"))
        self.scan_button = QPushButton(self.tr("Scan the result (%1)").replace("%1", SCAN_KEY))
        self.scan_button.setShortcut(SCAN_KEY)
        self.scan_button.clicked.connect(self.scan)
        self.cancel_button = QPushButton(self.tr("Cancel scan"))
        self.cancel_button.setObjectName("Danger")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self._idle()
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
        self.pages_seen = 0
        self.progress.setFormat("%v / %m")
        self.progress.setTextVisible(True)
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

    def _idle(self) -> None:
        """No scan, or one that left nothing: an empty bar, no count (never "0 / 100")."""
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setTextVisible(False)

    def _progressed(self, done: int, total: int, _text: str) -> None:
        """The scan counts pages, then checks them; its last step (reading the record from the first page) counts
        one step, not pages: the bar keeps the pages scanned rather than going back to "0 / 1"."""
        self.pages_seen = max(self.pages_seen, done)
        if total < self.pages_seen:
            done = total = self.pages_seen
        self.progress.setRange(0, max(total, done, 1))
        self.progress.setValue(done)

    def _done(self, scanned: ScannedResult) -> None:
        self.task = None
        self._busy(False)
        self.progress.setFormat(self.tr("%v / %m pages"))
        self.progress.setRange(0, max(scanned.pages, 1))
        self.progress.setValue(scanned.pages)
        self.scanned.emit(scanned)
        self.stopped.emit()

    def _failed(self, error: BaseException) -> None:
        self.task = None
        self._busy(False)
        self._idle()
        self.failed.emit(self.ctx.error_text(error))
        self.stopped.emit()

    def blocked_text(self, scanned: ScannedResult) -> str:
        """Why a scanned result cannot be added, in the clerk's language: the finding (or the feeder's stop) that
        blocks it, and what the clerk can do."""
        key = "message_vi" if self.ctx.lang == "vi" else "message_en"
        blocking = scanned.blocking
        if blocking:
            return (self.tr("The scanned result is not added: the check blocks it. %1 What to do: %2 Or choose the "
                            "result's PDF file instead.")
                    .replace("%2", self._remedy(str(blocking[0].get("code"))))
                    .replace("%1", " ".join(str(f[key]).strip() for f in blocking)))
        if scanned.error is not None:
            return (self.tr("The scanned result is not added: the feeder stopped. %1 What to do: take out the sheets "
                            "left in the feeder, put the whole result back in order and scan it again (%2).")
                    .replace("%2", SCAN_KEY).replace("%1", str(scanned.error[key]).strip()))
        return ""

    def _remedy(self, code: str) -> str:
        if code in (checks.PAGE_COUNT_MISMATCH, checks.MISSING_PAGE):
            text = self.tr("count the sheets of the paper result: put a sheet left out back in the feeder, or "
                           "correct the page count if it was typed wrong, then scan again (%1).")
        elif code in (checks.OUT_OF_ORDER, checks.DUPLICATE_PAGE):
            text = self.tr("put the sheets back in order, each sheet once, then scan again (%1).")
        elif code == checks.BLANK_PAGE:
            text = self.tr("take the blank sheet out of the stack, then scan again (%1).")
        elif code in (checks.CUT_OFF, checks.SKEW, checks.UPSIDE_DOWN, checks.SIDEWAYS):
            text = self.tr("put the sheets straight and the right way up in the feeder, then scan again (%1).")
        elif code in (checks.TOO_DARK, checks.TOO_LIGHT, checks.LOW_RESOLUTION, checks.NOT_COLOR,
                      checks.LOW_OCR_CONFIDENCE):
            text = self.tr("choose a scan profile that suits the paper (colour, a higher resolution), then scan "
                           "again (%1).")
        else:
            text = self.tr("fix the paper, then scan again (%1).")
        return text.replace("%1", SCAN_KEY)
