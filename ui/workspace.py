"""One dossier at the counter: its components (checklist), the scanning panel, the findings, and the way to sign
and finish. Owns the two workflow controllers; each widget only renders."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.counter.model import ScanOutcome, counter_end, elapsed_seconds
from app.dossiers import lifecycle
from app.dossiers.findings import FindingView
from ui import labels
from ui.component_item import component_item, component_list
from ui.context import AppContext
from ui.findings_panel import FindingsPanel
from ui.finish_controller import FinishController, Finished, PinRequest, Signed
from ui.other_papers import OtherPapers
from ui.reason_dialog import PaperOnlyDialog
from ui.reuse_panel import ReusePanel
from ui.scan_controller import ScanController
from ui.scan_panel import ScanPanel
from ui.sign_dialogs import PinDialog, ReceiptDialog, SignedDialog
from ui.style import hint_label

TARGET_SECONDS = 15 * 60


class DossierWorkspace(QWidget):
    dossier_changed = Signal()
    receipt_shown = Signal(object)  # ReceiptDialog
    dialog_shown = Signal(object)  # any dialog, for screenshots

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dossier: dict[str, Any] | None = None
        self.component_rows: list[dict[str, Any]] = []
        self.scans = ScanController(ctx, self)
        self.finishing = FinishController(ctx, self)
        self.papers = OtherPapers(ctx, self)  # Mẫu 03 (refusal) and Mẫu 06 (control slip), next to the receipt
        self.print_to: Any = None  # a file path when receipts print to PDF (demo, tests)
        self._just_checked: int | None = None
        self.check_after_scan = True  # the checks start as soon as a scan ends (F6 runs them by hand)
        self.paper_only_dialog: PaperOnlyDialog | None = None  # open while F10 asks why papers stay on paper

        self.title = QLabel()
        self.title.setObjectName("PageTitle")
        self.subtitle = hint_label()
        self.timer = QLabel("00:00")
        self.timer.setObjectName("Timer")
        self.timer.setToolTip(self.tr("Time at the counter since the dossier was created (target: 15 minutes)"))
        self.components = component_list()
        self.components.currentRowChanged.connect(self._component_selected)
        self.scan_panel = ScanPanel(ctx, self.scans)
        self.findings = FindingsPanel(ctx)
        self.reuse = ReusePanel(ctx, self)
        self.findings.setMinimumWidth(250)
        self.sign_button = QPushButton(self.tr("Build PDF/A and sign (F8)"))
        self.sign_button.setObjectName("Primary")
        self.finish_button = QPushButton(self.tr("Finish and print receipt (F10)"))
        self.finish_button.setObjectName("Primary")
        self.step = hint_label()
        self.sign_action = self._action(self.tr("Build PDF/A and sign"), "F8", self.sign_current)
        self.sign_all_action = self._action(self.tr("Sign the whole dossier"), "Shift+F8", self.sign_dossier)
        self.finish_action = self._action(self.tr("Finish and print receipt"), "F10", self.finish_dossier)
        self.next_component = self._action(self.tr("Next component"), "Ctrl+PgDown", lambda: self._step(1))
        self.prev_component = self._action(self.tr("Previous component"), "Ctrl+PgUp", lambda: self._step(-1))
        self.sign_button.clicked.connect(self.sign_current)
        self.finish_button.clicked.connect(self.finish_dossier)

        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        head.addLayout(titles, 1)
        head.addWidget(QLabel(self.tr("Counter time:")))
        head.addWidget(self.timer)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(self.tr("Components"))
        heading.setToolTip(self.tr("Previous / next component: Ctrl+PgUp / Ctrl+PgDown"))
        heading.setObjectName("PageTitle")
        left_layout.addWidget(heading)
        left_layout.addWidget(self.components, 1)
        left_layout.addWidget(self.reuse)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.scan_panel)
        splitter.addWidget(self.findings)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([230, 840, 270])
        bottom = QHBoxLayout()
        bottom.addWidget(self.step, 1)
        for button in (self.papers.refuse_button, self.papers.slip_button, self.sign_button, self.finish_button):
            bottom.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addLayout(head)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

        self.scan_panel.scan_done.connect(self._scan_done)
        self.reuse.changed.connect(self.reload)
        self.scan_panel.pages_changed.connect(self._pages_changed)
        self.findings.page_selected.connect(self.scan_panel.select_page)
        self.findings.rescan_requested.connect(self._rescan_page)
        self.findings.remove_requested.connect(lambda fid: self._resolve(fid, "remove", ""))
        self.findings.insert_requested.connect(self.scan_panel.insert_after)
        self.findings.accept_requested.connect(lambda fid, reason: self._resolve(fid, "accept", reason))
        self.findings.recheck_requested.connect(self.check_current)
        self.finishing.findings_ready.connect(self._findings_ready)
        self.finishing.checking.connect(self._checking)
        self.finishing.checked.connect(self._checked)
        self.finishing.progressed.connect(self._progress_text)
        self.finishing.pin_requested.connect(self._ask_pin)
        self.finishing.signed.connect(self._signed)
        self.finishing.signed_all.connect(self._signed_all)
        self.finishing.wrong_pin.connect(self._wrong_pin)
        self.finishing.finished.connect(self._finished)
        self.finishing.reprinted.connect(self.show_receipt)
        self.finishing.printed.connect(self._printed)
        self.finishing.failed.connect(self._failed)
        self.papers.refused.connect(self.dossier_changed)
        self.papers.refused.connect(self.reload)
        self.papers.failed.connect(self._failed)
        self.papers.shown.connect(self.dialog_shown)
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self._tick)
        self.ticker.start()

    def _action(self, text: str, shortcut: str, slot: Any) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(f"{text} ({shortcut})")
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    # -- loading ----------------------------------------------------------------------------------------------
    def open_dossier(self, dossier_id: int) -> None:
        service = self.ctx.service
        self.ctx.runner.start(lambda task: (service.dossier(dossier_id), service.components(dossier_id)),
                              on_done=self._loaded,
                              on_error=lambda e: self._failed(self.ctx.error_text(e)))

    def reload(self) -> None:
        if self.dossier is not None:
            self.open_dossier(self.dossier["id"])

    def _loaded(self, result: tuple[dict[str, Any], list[dict[str, Any]]]) -> None:
        dossier, components = result
        first_load = self.dossier is None or self.dossier["id"] != dossier["id"]
        self.dossier = dossier
        self.component_rows = components
        self.findings.set_editable(lifecycle.is_open(dossier))  # finished or refused: its findings shown only
        self.title.setText(self.tr("Dossier %1").replace("%1", dossier["code"]))
        procedure = " — ".join(x for x in (dossier["procedure_code"], dossier["procedure_name"]) if x)
        self.subtitle.setText(f"{dossier['applicant_name']} · {dossier['applicant_id']} · {procedure}")
        row = self.components.currentRow()
        self.components.blockSignals(True)
        self.components.clear()
        for comp in components:
            self.components.addItem(component_item(comp))
        if first_load or not 0 <= row < len(components):
            scannable = [i for i, c in enumerate(components) if not c["exempt_reason"]]
            must = [i for i in scannable if not lifecycle.component_ready(components[i])]
            row = (must or scannable or [0])[0]
        self.components.setCurrentRow(row)
        self.components.blockSignals(False)
        if first_load:
            self.reuse.set_dossier(dossier)
            self._component_selected(row)
        else:  # the same dossier reloaded (finished, refused…): what its panels offer now
            self.scan_panel.refresh(self.current_component(), dossier)
            self.reuse.set_component(self.current_component(), dossier)
        self._tick()
        self._update_buttons()

    def current_component(self) -> dict[str, Any] | None:
        row = self.components.currentRow()
        return self.component_rows[row] if 0 <= row < len(self.component_rows) else None

    def _component_selected(self, _row: int) -> None:
        comp = self.current_component()
        self.reuse.set_component(comp, self.dossier)
        self.scan_panel.set_component(comp, self.dossier)
        if comp is not None:
            self.finishing.load_findings(comp["id"])
        self._update_buttons()

    def _step(self, delta: int) -> None:
        row = self.components.currentRow() + delta
        if 0 <= row < self.components.count():
            self.components.setCurrentRow(row)

    # -- scanning and findings ------------------------------------------------------------------------------
    def _scan_done(self, outcome: ScanOutcome) -> None:
        comp = self.current_component()
        if comp is not None and outcome.pages and self.check_after_scan:
            self.check_current()
        self.reload()

    def _pages_changed(self, component_id: int) -> None:
        self.finishing.load_findings(component_id)
        self.reload()

    def check_current(self) -> None:
        comp = self.current_component()
        if comp is not None and not comp["exempt_reason"]:
            saving = self.scan_panel.save_declared()  # F6 right after typing a count checks against that count
            if saving is None:
                self.finishing.check(comp["id"])
            else:
                saving.succeeded.connect(lambda _r: self.finishing.check(comp["id"]))

    def _findings_ready(self, component_id: int, findings: list[FindingView], numbers: dict[int, int]) -> None:
        comp = self.current_component()
        if comp is not None and comp["id"] == component_id:
            checked = lifecycle.shows_checks(comp) or bool(findings) or self._just_checked == component_id
            self.findings.show_findings(findings, numbers, checked)
            verdict = lifecycle.can_sign(comp, blocking=any(f.open and f.blocking for f in findings))
            if verdict.reason == "blocking":
                self.step.setText(verdict.message(self.ctx.lang))
            elif verdict or self._just_checked == component_id:
                self.step.setText(self.tr("Nothing blocks: build the PDF/A and sign (F8)."))
            self.scan_panel.mark_pages({f.page_id: f.severity for f in reversed(findings)
                                        if f.open and f.page_id is not None}, checked=checked)
            self._update_buttons()

    def _checking(self, component_id: int) -> None:
        self.findings.clear(self.tr("Checking the pages (image quality, blank pages, duplicates, page count, "
                                    "OCR)…"))

    def _checked(self, component_id: int) -> None:
        self._just_checked = component_id
        self.scan_panel.status.setText(self.tr("Pages checked. Select a finding on the right to see its page."))
        self.reload()

    def _resolve(self, finding_id: int, action: str, reason: str) -> None:
        comp = self.current_component()
        if comp is not None:
            task = self.finishing.resolve(comp["id"], finding_id, action, reason)
            if action == "remove":
                task.succeeded.connect(lambda _r: self._after_page_removed(comp["id"]))

    def _after_page_removed(self, component_id: int) -> None:
        self.scans.load_pages(component_id)
        self.reload()

    def _rescan_page(self, page_id: int) -> None:
        self.scan_panel.select_page(page_id)
        self.scan_panel.rescan_selected()

    def _progress_text(self, done: int, total: int, text: str) -> None:
        self.step.setText(f"{text} {done}/{total}" if total else text)

    # -- signing and finishing ------------------------------------------------------------------------------
    def sign_current(self) -> None:
        comp = self.current_component()
        if comp is None:
            return
        verdict = lifecycle.can_sign(comp, blocking=any(f.open and f.blocking for f in self.findings.findings))
        if not verdict:
            self.step.setText(verdict.message(self.ctx.lang))
            return
        self.sign_button.setEnabled(False)
        self.step.setText(self.tr("Building the PDF/A (OCR) and signing…"))
        self.finishing.build_and_sign(comp["id"])

    def sign_dossier(self) -> None:
        if self.dossier is None or self.scans.scanning:
            return
        self.sign_button.setEnabled(False)
        self.step.setText(self.tr("Building the PDF/A (OCR) of every checked component, then signing them all…"))
        self.finishing.sign_dossier(self.dossier["id"])

    def _signed_all(self, signed: list[Signed]) -> None:
        if not signed:
            self.step.setText(self.tr("No component is ready to sign: check the pages first (F6)."))
            self._update_buttons()
            return
        names = {c["id"]: c["name"] for c in self.component_rows}
        self.step.setText(self.tr("Signed. Scan the next component, or finish the dossier (F10)."))
        dialog = SignedDialog("; ".join(names.get(s.component_id, "") for s in signed), signed[0].pdf,
                              [s.preview for s in signed], self)
        self.dialog_shown.emit(dialog)
        dialog.open()
        self.reload()

    def _ask_pin(self, request: PinRequest) -> None:
        dialog = PinDialog(request.info, self)
        self.dialog_shown.emit(dialog)
        request.reply(dialog.value() if dialog.exec() == PinDialog.DialogCode.Accepted else None)

    def _wrong_pin(self, text: str) -> None:
        self.step.setText(text)
        self._update_buttons()
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Wrong PIN"), text, parent=self)
        box.addButton(self.tr("OK"), QMessageBox.ButtonRole.AcceptRole)
        self.dialog_shown.emit(box)
        box.open()

    def _signed(self, signed: Signed) -> None:
        comp = next((c for c in self.component_rows if c["id"] == signed.component_id), None)
        self.step.setText(self.tr("Signed. Scan the next component, or finish the dossier (F10)."))
        dialog = SignedDialog(comp["name"] if comp else "", signed.pdf, signed.preview, self)
        self.dialog_shown.emit(dialog)
        dialog.open()
        self.reload()

    def finish_dossier(self) -> None:
        """F10. Papers submitted but left unscanned are finished only with the clerk's reason (the core keeps it in
        the audit trail and the receipt lists them as received on paper)."""
        if self.dossier is None:
            return
        verdict = self._finish_verdict()
        if verdict is not None and verdict.needs_reason and self.paper_only_dialog is None:
            names = ", ".join(c["name"] for c in lifecycle.paper_only(self.component_rows))
            self.paper_only_dialog = dialog = PaperOnlyDialog(names, self)
            dialog.finished.connect(lambda _result: setattr(self, "paper_only_dialog", None))
            self.dialog_shown.emit(dialog)
            dialog.ask(self._finish, lambda: self.step.setText(verdict.message(self.ctx.lang)))
        elif verdict is not None:  # too early: F10 says why rather than doing nothing
            self._finish("") if verdict else self.step.setText(verdict.message(self.ctx.lang))

    def _finish(self, reason: str) -> None:
        if self.dossier is None:
            return
        self.finish_button.setEnabled(False)
        self.step.setText(self.tr("Finishing: queuing the dossier and preparing the receipt…"))
        self.finishing.finish(self.dossier["id"], reason)

    def _finished(self, result: Finished) -> None:
        self.dossier_changed.emit()
        self.show_receipt(result)
        self.reload()

    def show_receipt(self, result: Finished) -> ReceiptDialog:
        """The receipt's preview with its print button; a print (first or again) is recorded for the report."""
        dialog = ReceiptDialog(result.code, result.receipt, result.pages, self.ctx.runner, self, print_to=self.print_to)
        dialog.accepted.connect(lambda: dialog.printed and self.finishing.mark_printed(result.dossier_id,
                                                                                        dialog.copies))
        self.receipt_shown.emit(dialog)
        self.dialog_shown.emit(dialog)
        dialog.open()
        return dialog

    def _printed(self, _dossier_id: int, seconds: int) -> None:
        self.step.setText(self.tr("Receipt printed. Counter time: %1.").replace("%1", labels.duration(seconds)))
        self.dossier_changed.emit()
        self.reload()

    def _failed(self, text: str) -> None:
        self.step.setText(text)
        if self.findings.summary.text().endswith("…"):
            self.findings.clear(text)
        self._update_buttons()

    # -- state ------------------------------------------------------------------------------------------------
    def _tick(self) -> None:
        if self.dossier is None:
            return
        seconds = elapsed_seconds(self.dossier["created_at"], counter_end(self.dossier))
        self.timer.setText(labels.duration(seconds))
        over = seconds > TARGET_SECONDS
        if self.timer.property("over") != over:
            self.timer.setProperty("over", over)
            self.timer.style().unpolish(self.timer)
            self.timer.style().polish(self.timer)

    def _update_buttons(self) -> None:
        comp = self.current_component()
        blocking = any(f.open and f.blocking for f in self.findings.findings)
        can_sign = comp is not None and bool(lifecycle.can_sign(comp, blocking=blocking))
        self.sign_button.setEnabled(can_sign)
        self.sign_action.setEnabled(can_sign)
        finish = self._finish_verdict()
        askable = finish is not None and (bool(finish) or finish.needs_reason)  # F10 asks the reason
        self.finish_button.setEnabled(askable)
        self.finish_action.setEnabled(self.dossier is not None and lifecycle.is_open(self.dossier))
        self.finish_button.setToolTip(finish.message(self.ctx.lang) if finish is not None and not finish else "")
        self.papers.update(self.dossier, self.scans.scanning)

    def _finish_verdict(self) -> lifecycle.Verdict | None:
        if self.dossier is None:
            return None
        return lifecycle.can_finish(self.dossier, self.component_rows, scanning=self.scans.scanning)
