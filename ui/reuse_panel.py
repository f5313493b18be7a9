"""The citizen's data store in the dossier's checklist: what the store holds for the selected component ("Có trong
kho": name, number, agency, validity), one key to reuse it (nothing scanned), the stored file opened to compare with
the paper in hand, and a reference the citizen shows when the store cannot be asked (kept unverified)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.dossiers import lifecycle
from app.dossiers.lifecycle import ComponentStatus
from app.dossiers.reuse import ReuseRef, Verification
from app.lookups.matching import ComponentPapers
from app.lookups.model import KhoPaper
from ui.buttons import ok_cancel_row
from ui.context import AppContext

if TYPE_CHECKING:  # the desk comes with the counter service, loaded after the window's first paint
    from app.counter.reuse import ReuseDesk


class ShownReferenceDialog(QDialog):
    """The reference on the paper the citizen shows: its result code and number (either may be left empty)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Reuse a paper the citizen shows"))
        self.result_code = QLineEdit()
        self.result_code.setPlaceholderText("KQ.G15.000034")
        self.number = QLineEdit()
        self.number.setPlaceholderText("123/QĐ-UBND")
        form = QFormLayout()
        form.addRow(self.tr("Result code:"), self.result_code)
        form.addRow(self.tr("Number (số ký hiệu):"), self.number)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Kept as unverified; checked against the data store when the network is "
                                        "back.")))
        layout.addLayout(form)
        layout.addLayout(ok_cancel_row(self, self.tr("Reuse"), self.tr("Cancel")))


class ReusePanel(QWidget):
    changed = Signal()  # a component was reused or taken back: the checklist reloads
    file_opened = Signal(object)  # the stored file's local path

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.open_externally = True  # tests keep the viewer closed
        self.found: dict[int, ComponentPapers] = {}
        self.dossier: dict[str, Any] | None = None
        self.component: dict[str, Any] | None = None
        self.shown_dialog: ShownReferenceDialog | None = None
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName("Hint")
        self.lookup_button = QPushButton(self.tr("Look up in the data store (Ctrl+K)"))
        self.reuse_button = QPushButton(self.tr("Reuse, do not scan (Ctrl+U)"))
        self.open_button = QPushButton(self.tr("Open the stored file"))
        self.shown_button = QPushButton(self.tr("Reference shown by the citizen…"))
        self.undo_button = QPushButton(self.tr("Take the reuse back"))
        self.reuse_action = self._action(self.tr("Reuse the paper from the data store"), "Ctrl+U", self.reuse_current)
        self.lookup_action = self._action(self.tr("Look up in the data store"), "Ctrl+K", self.lookup)
        self.lookup_button.clicked.connect(self.lookup)
        self.reuse_button.clicked.connect(self.reuse_current)
        self.open_button.clicked.connect(self.open_file)
        self.shown_button.clicked.connect(self.ask_reference)
        self.undo_button.clicked.connect(self.undo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        heading = QLabel(self.tr("Data store (Kho)"))
        heading.setObjectName("PageTitle")
        layout.addWidget(heading)
        layout.addWidget(self.status)
        for button in (self.lookup_button, self.reuse_button, self.open_button, self.shown_button, self.undo_button):
            layout.addWidget(button)
        self._render()

    @property
    def desk(self) -> ReuseDesk:
        return self.ctx.service.reuse  # a dossier opens only once the counter service is there

    def _configured(self) -> bool:
        return self.ctx.ready and self.desk.configured

    def _action(self, text: str, shortcut: str, slot: Any) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _papers(self) -> list[KhoPaper]:
        found = self.found.get(self.component["id"]) if self.component else None
        return list(found.papers) if found else []

    # -- what the window tells the panel ----------------------------------------------------------------------
    def set_dossier(self, dossier: dict[str, Any]) -> None:
        """A dossier opened: ask the store at once (before anything is scanned) when one is configured."""
        self.dossier, self.found = dossier, {}
        if self._configured() and lifecycle.is_open(dossier):
            self.lookup()
        self._render()

    def set_component(self, comp: dict[str, Any] | None, dossier: dict[str, Any] | None) -> None:
        self.component, self.dossier = comp, dossier
        self._render()

    # -- actions ----------------------------------------------------------------------------------------------
    def lookup(self) -> None:
        if self.dossier is None:
            return
        dossier_id = self.dossier["id"]
        self.status.setText(self.tr("Asking the data store…"))
        self.ctx.runner.start(lambda task: self.desk.find_for_dossier(dossier_id), on_done=self._looked_up,
                              on_error=self._failed)

    def _looked_up(self, found: list[ComponentPapers]) -> None:
        self.found = {c.component_id: c for c in found if c.component_id is not None}
        self._render()

    def reuse_current(self) -> None:
        papers = self._papers()
        if not papers or self.component is None or not self._can_reuse():
            return
        component_id, paper = self.component["id"], papers[0]
        self._change(component_id, lambda: self.desk.mark(component_id, paper))

    def _change(self, component_id: int, change: Any) -> None:
        """Run ``change`` on a worker, then show the component as it now is and let the checklist reload."""
        def run(task: Any) -> dict[str, Any]:
            change()
            return self.desk.dossiers.component(component_id)

        self.ctx.runner.start(run, on_done=self._changed, on_error=self._failed)

    def _changed(self, comp: dict[str, Any]) -> None:
        if self.component is not None and self.component["id"] == comp["id"]:
            self.component = comp
        self._render()
        self.changed.emit()

    def ask_reference(self) -> None:
        if self.component is None or not self._can_reuse():
            return
        dialog = ShownReferenceDialog(self)
        self.shown_dialog = dialog
        component_id = self.component["id"]

        def answered(result: int) -> None:
            self.shown_dialog = None
            if result == QDialog.DialogCode.Accepted:
                code, number = dialog.result_code.text(), dialog.number.text()
                self._change(component_id, lambda: self.desk.mark_shown(component_id, code, number))

        dialog.finished.connect(answered)
        dialog.open()

    def undo(self) -> None:
        if self.component is None:
            return
        component_id = self.component["id"]
        self._change(component_id, lambda: self.desk.undo(component_id))

    def open_file(self) -> None:
        papers = self._papers()
        if not papers or self.dossier is None:
            return
        dossier_id, paper = self.dossier["id"], papers[0]
        self.ctx.runner.start(lambda task: self.desk.fetch(dossier_id, paper), on_done=self._fetched,
                              on_error=self._failed)

    def _fetched(self, path: Path) -> None:
        self.file_opened.emit(path)
        if self.open_externally:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _failed(self, error: BaseException) -> None:
        self.status.setText(self.ctx.error_text(error))
        self._render(keep_status=True)

    # -- rendering --------------------------------------------------------------------------------------------
    def _can_reuse(self) -> bool:
        return bool(self.component and self.dossier and lifecycle.can_reuse(self.component, self.dossier))

    def _reference_text(self, ref: ReuseRef) -> str:
        verified = self.tr("verified") if ref.verification == Verification.VERIFIED else (
            self.tr("unverified") if ref.verification == Verification.UNVERIFIED else self.tr("not in the store"))
        return self.tr("Reused: %1 · %2 · %3 (%4)").replace("%1", ref.name or ref.result_code).replace(
            "%2", ref.so_ky_hieu).replace("%3", ref.agency).replace("%4", verified)

    def _paper_text(self, paper: KhoPaper) -> str:
        until = paper.valid_until or self.tr("no expiry")
        return self.tr("In the data store: %1 · No. %2 · %3 · valid until %4").replace("%1", paper.name).replace(
            "%2", paper.so_ky_hieu).replace("%3", paper.agency).replace("%4", until)

    def _show_reference(self, component_id: int) -> None:
        """The stored reference of a reused component, read in a worker; shown if that component is still the one."""
        reuse = self.desk.reuse

        def shown(ref: ReuseRef | None) -> None:
            if ref is not None and self.component is not None and self.component["id"] == component_id:
                self.status.setText(self._reference_text(ref))

        self.ctx.runner.start(lambda _task: reuse.of(component_id), on_done=shown, on_error=self._failed)

    def _render(self, keep_status: bool = False) -> None:
        comp, papers = self.component, self._papers()
        reused = comp is not None and ComponentStatus(comp["status"]) == ComponentStatus.REUSED
        open_dossier = self.dossier is not None and lifecycle.is_open(self.dossier)
        if not keep_status:
            if reused and comp is not None:
                self.status.setText("")
                self._show_reference(comp["id"])
            elif papers:
                self.status.setText(self._paper_text(papers[0]))
            elif comp is not None and comp["id"] in self.found:
                self.status.setText(self.tr("Not in the data store."))
            else:
                self.status.setText("" if self._configured() else self.tr("No data store is configured."))
        for button in (self.lookup_button, self.reuse_button, self.open_button):  # no store: what still applies
            button.setVisible(self._configured())
        self.lookup_button.setEnabled(self._configured() and open_dossier)
        self.reuse_button.setEnabled(bool(papers) and self._can_reuse())
        self.open_button.setEnabled(bool(papers and papers[0].files))
        self.shown_button.setEnabled(self._can_reuse())
        self.undo_button.setEnabled(reused and open_dossier)
