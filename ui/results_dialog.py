"""The results of a received dossier: choose the result's PDF or scan it, confirm its record (pre-read by OCR from its
first page while the clerk looks), add it (hidden from the citizen until returned), and return the result. The work
runs in the task runner; the core's verdicts decide what is enabled."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.catalog.model import Procedure
from app.catalog.store import Catalog
from app.core.errors import SohoaError
from app.dossiers.lifecycle import can_add_result, can_return
from app.results.model import FIELDS, RELEASED, ResultMeta, meta_from_input
from app.results.seal import COPY, KEPT, SIGNED
from ui.finish_controller import PinBridge, PinRequest
from ui.result_scan import ResultScanner
from ui.sign_dialogs import PinDialog

if TYPE_CHECKING:
    from app.results.scan import ScannedResult
    from ui.context import AppContext


class ResultsDialog(QDialog):
    def __init__(self, ctx: AppContext, dossier_code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.code = dossier_code
        self.path: Path | None = None
        self.scanned: ScannedResult | None = None  # the result scanned here, until it is added
        self.setWindowTitle(self.tr("Results of dossier %1").replace("%1", dossier_code))
        self.kind = QComboBox()
        self.file_label = QLabel(self.tr("No file chosen"))
        self.choose_button = QPushButton(self.tr("Choose the result's PDF…"))
        self.choose_button.clicked.connect(self._pick)
        self.fields = {name: QLineEdit() for name in FIELDS}
        self.fields["ngay_ban_hanh"].setPlaceholderText(self.tr("DD/MM/YYYY"))
        self.valid_until = QLineEdit()
        self.valid_until.setPlaceholderText(self.tr("DD/MM/YYYY"))
        self.permanent = QCheckBox(self.tr("&Permanent"))
        self.permanent.toggled.connect(lambda on: self.valid_until.setEnabled(not on))
        form = QFormLayout()
        form.addRow(self.tr("Result type"), self.kind)
        file_row = QHBoxLayout()
        file_row.addWidget(self.choose_button)
        file_row.addWidget(self.file_label, 1)
        form.addRow(self.tr("File"), file_row)
        self.scanner = ResultScanner(ctx)
        self.scanner.started.connect(self._scanning)
        self.scanner.scanned.connect(self._scanned)
        self.scanner.failed.connect(self._failed)
        self.scanner.stopped.connect(lambda: self.choose_button.setEnabled(True))
        form.addRow(self.tr("Or scan it"), self.scanner)
        labels = {"so_ky_hieu": self.tr("Number and symbol"), "ngay_ban_hanh": self.tr("Date issued"),
                  "co_quan": self.tr("Issuing agency"), "nguoi_ky": self.tr("Signed by"),
                  "trich_yeu": self.tr("Summary")}
        for name in FIELDS:
            form.addRow(labels[name], self.fields[name])
        valid_row = QHBoxLayout()
        valid_row.addWidget(self.valid_until, 1)
        valid_row.addWidget(self.permanent)
        form.addRow(self.tr("Valid until"), valid_row)
        self.seal = QComboBox()
        self.seal.addItem(self.tr("Keep as received (already signed, or signed elsewhere)"), KEPT)
        self.seal.addItem(self.tr("Sign as the result with the station's certificate"), SIGNED)
        self.seal.addItem(self.tr("Stamp as a copy made at the counter (ND 30/2020)"), COPY)
        form.addRow(self.tr("Signature"), self.seal)
        self.added = QListWidget()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.add_button = QPushButton(self.tr("Add result (Ctrl+Enter)"))
        self.add_button.setObjectName("Primary")
        self.add_button.setShortcut("Ctrl+Return")
        self.add_button.clicked.connect(self.add)
        self.return_button = QPushButton(self.tr("Return the result to the citizen"))
        self.return_button.clicked.connect(self.give_back)
        for button in (self.add_button, self.return_button):
            button.setEnabled(False)  # until the dossier's state is read
        close = QPushButton(self.tr("Close (Esc)"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.return_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        buttons.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Results added (hidden from the citizen until returned)")))
        layout.addWidget(self.added)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(620, 560)
        self.refresh()

    # -- what the dossier allows ------------------------------------------------------------------------------
    def refresh(self) -> None:
        """The dossier's results and the core's verdicts, read in a worker (the station's database)."""
        service, store, code = self.ctx.service, self.ctx.store, self.code

        def read(_task: object) -> tuple[dict[str, Any], list[dict[str, Any]], Procedure | None]:
            dossier = service.dossiers.by_code(code)
            return dossier, service.results.results(dossier["id"]), Catalog(store).find(dossier["procedure_code"] or "")

        self.ctx.runner.start(read, on_done=self._show,
                              on_error=lambda e: self.status.setText(self.ctx.error_text(e)))

    def _show(self, read: tuple[dict[str, Any], list[dict[str, Any]], Procedure | None]) -> None:
        dossier, results, procedure = read
        if self.kind.count() == 0:
            for result in procedure.results if procedure else ():
                self.kind.addItem(f"{result.code} — {result.name}", result.code)
            if self.kind.count() == 0:
                self.kind.setEditable(True)  # a procedure outside the catalog: the clerk types the code
        self.added.clear()
        released = self.tr("returned to the citizen")
        hidden = self.tr("hidden")
        for row in results:
            self.added.addItem(f"{row['code']}  {row['so_ky_hieu'] or '—'}  {row['pdf_name']}  "
                               f"({released if row['status'] == RELEASED else hidden})")
        adding, returning = can_add_result(dossier), can_return(dossier, len(results))
        usable = self.path is not None and not self.scanner.scanning and (self.scanned is None or self.scanned.ok)
        self.add_button.setEnabled(bool(adding) and usable)
        self.return_button.setEnabled(bool(returning))
        for source in (self.choose_button, self.scanner.scan_button):  # no file to take, no scan to make in vain
            source.setEnabled(bool(adding) and not self.scanner.scanning)
        if not adding:
            self.status.setText(adding.message(self.ctx.lang))

    # -- the file and its record ------------------------------------------------------------------------------
    def _pick(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("The result's PDF"), "", self.tr("PDF files (*.pdf)"))
        if name:
            self.choose(Path(name))

    def choose(self, path: Path) -> None:
        """The clerk chose ``path``: read its record from the first page in the background."""
        self._forget_scan()
        self.path = path
        self.file_label.setText(path.name)
        self.fields["so_ky_hieu"].setFocus()  # the next step is checking the fields; Ctrl+Enter adds from there
        self.status.setText(self.tr("Reading the first page…"))
        self.refresh()
        reader = self.ctx.service.results.reader
        if reader is not None:
            self.ctx.runner.start(lambda _task: reader(path), on_done=self._read,
                                  on_error=lambda e: self.status.setText(self.ctx.error_text(e)))

    def _read(self, meta: ResultMeta) -> None:
        filled = []
        for name in FIELDS:
            value = getattr(meta, name)
            if value and not self.fields[name].text().strip():
                shown = value
                if name == "ngay_ban_hanh":
                    year, month, day = value.split("-")
                    shown = f"{day}/{month}/{year}"
                self.fields[name].setText(shown)
                self.fields[name].setCursorPosition(0)  # a long summary shows its beginning, not its end
                filled.append(name)
        self.status.setText(self.tr("Read from the first page: check the fields before adding.") if filled
                            else self.tr("Nothing could be read from the first page: type the fields."))

    def _forget_scan(self) -> None:
        if self.scanned is not None:
            self.scanned.discard()
            self.scanned = None

    def _scanning(self) -> None:
        self._forget_scan()
        self.path = None
        self.choose_button.setEnabled(False)  # the scan's file would replace the one chosen meanwhile
        self.file_label.setText(self.tr("Scanning…"))
        self.status.setText(self.tr("Scanning the result: each page is checked as it arrives (Cancel scan stops)."))
        self.add_button.setEnabled(False)

    def _scanned(self, scanned: ScannedResult) -> None:
        """The scan is checked, made PDF/A and its first page read: the clerk confirms the fields."""
        if not self.isVisible():  # closed while the last step ran
            scanned.discard()
            return
        self.scanned, self.path = scanned, scanned.pdf
        self.file_label.setText(self.tr("Scanned: %1 pages (PDF/A)").replace("%1", str(scanned.pages)))
        self._read(scanned.meta)
        self.fields["so_ky_hieu"].setFocus()
        key = "message_vi" if self.ctx.lang == "vi" else "message_en"
        if not scanned.ok:  # which finding blocks and what to do, rather than fields to check
            self.status.setText(self.scanner.blocked_text(scanned))
        elif scanned.findings:  # warnings only
            self.status.setText("\n".join([self.status.text(), *(str(f[key]) for f in scanned.findings)]))
        self.refresh()

    def done(self, result: int) -> None:
        """Closing stops a scan still running and leaves no scanned file behind."""
        self.scanner.cancel()
        self._forget_scan()
        super().done(result)

    def typed(self) -> ResultMeta:
        text = {name: self.fields[name].text() for name in FIELDS}
        return meta_from_input(so_ky_hieu=text["so_ky_hieu"], ngay=text["ngay_ban_hanh"], co_quan=text["co_quan"],
                               nguoi_ky=text["nguoi_ky"], trich_yeu=text["trich_yeu"],
                               hieu_luc_den="" if self.permanent.isChecked() else self.valid_until.text(),
                               vinh_vien=self.permanent.isChecked())

    # -- the verbs --------------------------------------------------------------------------------------------
    def add(self) -> None:
        if self.path is None:
            return
        try:
            meta = self.typed()
        except SohoaError as exc:  # a date that does not exist: the core's sentence
            self.status.setText(self.ctx.error_text(exc))
            return
        path, kind = self.path, str(self.kind.currentData() or self.kind.currentText()).strip()
        seal, results, code = str(self.seal.currentData()), self.ctx.service.results, self.code
        self.add_button.setEnabled(False)
        self.status.setText(self.tr("Adding the result (PDF/A, checks)…") if seal == KEPT
                            else self.tr("Adding and signing the result…"))
        task = self.ctx.runner.start(lambda task: results.add(code, kind, path, meta, seal=seal, pin=PinBridge(task)),
                                     on_done=self._added, on_error=self._failed)
        task.item.connect(self._ask_pin)

    def _ask_pin(self, request: object) -> None:
        """The signer asks for the PIN from the worker: the same dialog as for the components."""
        if isinstance(request, PinRequest):
            dialog = PinDialog(request.info, self)
            request.reply(dialog.value() if dialog.exec() == PinDialog.DialogCode.Accepted else None)

    def _added(self, _added: Any) -> None:
        self._forget_scan()
        self.path = None
        self.file_label.setText(self.tr("No file chosen"))
        for edit in (*self.fields.values(), self.valid_until):
            edit.clear()
        self.status.setText(self.tr("Result added; the citizen sees it once the result is returned."))
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        self.status.setText(self.ctx.error_text(error))
        self.refresh()

    def give_back(self) -> None:
        self.return_button.setEnabled(False)
        self.ctx.runner.start(lambda _task: self.ctx.service.results.give_back(self.code),
                              on_done=lambda _r: self._returned(), on_error=self._failed)

    def _returned(self) -> None:
        self.refresh()
        self.status.setText(self.tr("The result was returned to the citizen and released to their data store."))
