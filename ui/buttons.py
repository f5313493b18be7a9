"""The row that ends the station's own dialogs: Cancel, then the primary action (the default button, Enter)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton


def ok_cancel_row(dialog: QDialog, ok_text: str, cancel_text: str) -> QHBoxLayout:
    """Texts come translated by the caller, in its own context, so each dialog keeps its words."""
    ok = QPushButton(ok_text)
    ok.setObjectName("Primary")
    ok.setDefault(True)
    ok.clicked.connect(dialog.accept)
    cancel = QPushButton(cancel_text)
    cancel.clicked.connect(dialog.reject)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(cancel)
    row.addWidget(ok)
    return row
