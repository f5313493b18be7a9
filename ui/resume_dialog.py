"""On start, the dossiers left open at the counter (the window was closed or the power went before they were
finished): Enter opens the one selected, with its pages and checks as they were; Esc leaves them in today's list."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ui.buttons import ok_cancel_row

if TYPE_CHECKING:  # the counter model loads the scanner package
    from app.counter.model import Unfinished


class ResumeDialog(QDialog):
    def __init__(self, unfinished: list[Unfinished], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Dossiers left open"))
        self.unfinished = unfinished
        label = QLabel(self.tr("These dossiers were not finished when the station last closed. Their pages and "
                               "checks are kept. Continue one now?"))
        label.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)  # a procedure's name is long: all of it shows, no sideways scrolling
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for item in unfinished:
            self.list.addItem(QListWidgetItem(self.describe(item)))
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.list, 1)
        layout.addLayout(ok_cancel_row(self, self.tr("Continue (Enter)"), self.tr("Later (Esc)")))
        self.resize(620, 300)

    def describe(self, item: Unfinished) -> str:
        when = datetime.fromisoformat(item.created_at).strftime("%H:%M %d/%m")
        line = " · ".join(part for part in (when, item.code, item.applicant, item.procedure_name) if part)
        for name, kept in item.interrupted:
            line += "\n    " + self.tr("Scan of “%1” stopped: %2 page(s) kept").replace("%1", name).replace(
                "%2", str(kept))
        return line

    def chosen(self) -> int | None:
        row = self.list.currentRow()
        return self.unfinished[row].id if 0 <= row < len(self.unfinished) else None
