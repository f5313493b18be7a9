"""The checks' findings for the component on screen: blocking ones first; selecting one shows its page; the clerk
resolves each by rescanning, removing the page (a blank, a duplicate), inserting a missing sheet after the page it
names, or accepting it with a reason."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.dossiers.findings import FindingView
from ui import labels
from ui.context import AppContext
from ui.reason_dialog import AcceptDialog
from ui.style import AMBER, GREEN, RED


class FindingsPanel(QWidget):
    page_selected = Signal(int)
    rescan_requested = Signal(int)  # page id
    remove_requested = Signal(int)  # finding id
    insert_requested = Signal(int, bool)  # the page after which a sheet is missing, from a file (else scanned)
    accept_requested = Signal(int, str)  # finding id, reason
    recheck_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.findings: list[FindingView] = []
        self.page_numbers: dict[int, int] = {}
        self.editable = True  # the dossier is at the counter: findings can be acted on
        title = QLabel(self.tr("Check results"))
        title.setObjectName("PageTitle")
        self.summary = QLabel(self.tr("Not checked yet."))
        self.summary.setObjectName("Hint")
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.currentRowChanged.connect(self._selected)
        self.rescan = QPushButton(self.tr("Rescan page (Ctrl+Shift+R)"))
        self.remove = QPushButton(self.tr("Remove page (Ctrl+Shift+Del)"))
        self.remove.setShortcut("Ctrl+Shift+Del")
        self.insert = QPushButton(self.tr("Scan the missing sheet after this page (Ctrl+Shift+I)"))
        self.insert.setShortcut("Ctrl+Shift+I")
        self.insert_file = QPushButton(self.tr("Insert the missing page from a file…"))
        self.insert.clicked.connect(lambda: self._insert(False))
        self.insert_file.clicked.connect(lambda: self._insert(True))
        self.accept_button = QPushButton(self.tr("Accept with reason… (Ctrl+Shift+A)"))
        self.accept_button.setShortcut("Ctrl+Shift+A")
        self.recheck = QPushButton(self.tr("Check again (F6)"))
        self.recheck.setShortcut("F6")
        self.rescan.clicked.connect(self._rescan)
        self.remove.clicked.connect(self._remove)
        self.accept_button.clicked.connect(self._accept)
        self.recheck.clicked.connect(self.recheck_requested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        for button in (self.rescan, self.remove, self.insert, self.insert_file, self.accept_button, self.recheck):
            layout.addWidget(button)
        self._update_buttons()

    def set_editable(self, editable: bool) -> None:
        """Whether the dossier is still at the counter: a finished or refused one shows its findings only."""
        self.editable = editable
        self.recheck.setEnabled(editable)
        self._update_buttons()

    def show_findings(self, findings: list[FindingView], page_numbers: dict[int, int], checked: bool = True) -> None:
        self.findings = findings
        self.page_numbers = page_numbers
        self.list.blockSignals(True)
        self.list.clear()
        for finding in findings:
            self.list.addItem(self._item(finding))
        self.list.blockSignals(False)
        blocking = sum(1 for f in findings if f.blocking and f.open)
        warnings = sum(1 for f in findings if not f.blocking and f.open)
        if not findings and not checked:
            self.summary.setText(self.tr("Not checked yet: the pages are checked after each scan (F6 to check now)."))
        elif not findings:
            self.summary.setText(self.tr("No problem found. The component can be signed."))
        elif blocking:
            self.summary.setText(self.tr("%1 blocking and %2 warning(s) open: resolve the blocking ones to sign.")
                                 .replace("%1", str(blocking)).replace("%2", str(warnings)))
        else:
            self.summary.setText(self.tr("Nothing blocks. %1 warning(s) open.").replace("%1", str(warnings)))
        first_open = next((i for i, f in enumerate(findings) if f.open), -1)
        if first_open >= 0:
            self.list.setCurrentRow(first_open)
        self._update_buttons()

    def clear(self, text: str = "") -> None:
        self.findings = []
        self.list.clear()
        self.summary.setText(text or self.tr("Not checked yet."))
        self._update_buttons()

    def _item(self, finding: FindingView) -> QListWidgetItem:
        page = self.page_numbers.get(finding.page_id or -1)
        if page:
            where = self.tr("Page %1").replace("%1", str(page))
        elif finding.page_id is not None:
            where = self.tr("Page removed")
        else:
            where = self.tr("Whole component")
        head = f"{labels.severity(finding.severity)} · {where}"
        state = "" if finding.open else " · " + self._resolution(finding)
        item = QListWidgetItem(f"{head}{state}\n{finding.message(self.ctx.lang)}")
        colour = RED if finding.blocking else AMBER
        if not finding.open:
            colour = GREEN
        item.setForeground(QBrush(QColor(colour)))
        if finding.reason:
            item.setToolTip(self.tr("Reason: %1").replace("%1", finding.reason))
        return item

    def _resolution(self, finding: FindingView) -> str:
        names = {"accepted": self.tr("accepted"), "rescanned": self.tr("rescanned"), "removed": self.tr("page removed"),
                 "fixed": self.tr("fixed")}
        return names.get(finding.resolution, finding.resolution)

    def current(self) -> FindingView | None:
        row = self.list.currentRow()
        return self.findings[row] if 0 <= row < len(self.findings) else None

    def _selected(self, _row: int) -> None:
        finding = self.current()
        if finding is not None and finding.page_id is not None:
            self.page_selected.emit(finding.page_id)
        self._update_buttons()

    def _update_buttons(self) -> None:
        finding = self.current()
        usable = finding is not None and finding.open and self.editable
        on_page = usable and finding is not None and finding.page_id in self.page_numbers
        gap = on_page and finding is not None and finding.gap_after  # the page it names is a good one
        self.rescan.setEnabled(on_page and not gap)
        self.remove.setEnabled(on_page and not gap)
        for button in (self.insert, self.insert_file):
            button.setEnabled(gap)
            button.setVisible(gap)
        self.accept_button.setEnabled(usable)

    def _rescan(self) -> None:
        finding = self.current()
        if finding is not None and finding.page_id is not None:
            self.rescan_requested.emit(finding.page_id)

    def _insert(self, from_file: bool) -> None:
        finding = self.current()
        if finding is not None and finding.page_id is not None and finding.gap_after:
            self.insert_requested.emit(finding.page_id, from_file)

    def _remove(self) -> None:
        finding = self.current()
        if finding is not None and not finding.gap_after:
            self.remove_requested.emit(finding.id)

    def _accept(self) -> None:
        finding = self.current()
        if finding is None:
            return
        dialog = AcceptDialog(finding.message(self.ctx.lang), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.accept_requested.emit(finding.id, dialog.text())
