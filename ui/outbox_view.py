"""The outbox: what waits to be sent, what was sent and what needs attention, with retry and cancel; plus the
status-bar chip that always shows whether the station is online."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.outbox.model import State
from ui import labels
from ui.context import AppContext


class OutboxStatusBridge(QObject):
    """The sync worker reports from its own thread; this signal carries it to the GUI thread."""

    status = Signal(object)

    def report(self, status: Mapping[str, Any]) -> None:
        self.status.emit(dict(status))


class OutboxStatus(QWidget):
    """Status bar: online/offline chip and queued · sent · needs-attention counts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chip = QLabel()
        self.chip.setObjectName("Chip")
        self.counts = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("Outbox:")))
        layout.addWidget(self.chip)
        layout.addWidget(self.counts)
        self.show_status({})

    def show_status(self, status: Mapping[str, Any]) -> None:
        online = status.get("online")
        state = "unknown" if online is None else ("online" if online else "offline")
        text = {"online": self.tr("Online"), "offline": self.tr("Offline"), "unknown": self.tr("Not connected")}
        self.chip.setText(text[state])
        self.chip.setProperty("state", state)
        self.chip.style().unpolish(self.chip)
        self.chip.style().polish(self.chip)
        self.counts.setText(self.tr("queued %1 · sent %2 · needs attention %3")
                            .replace("%1", str(status.get(State.QUEUED, 0)))
                            .replace("%2", str(status.get(State.SENT, 0)))
                            .replace("%3", str(status.get(State.NEEDS_ATTENTION, 0))))
        self.setToolTip(str(status.get("message_vi") or status.get("message_en") or ""))


class OutboxView(QWidget):
    back_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.entries: list[Mapping[str, Any]] = []
        title = QLabel(self.tr("Outbox: dossiers sent to the one-stop-shop system"))
        title.setObjectName("PageTitle")
        self.hint = QLabel(self.tr("Entries are sent automatically when the network is available."))
        self.hint.setObjectName("Hint")
        self.hint.setWordWrap(True)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels([self.tr("Dossier code"), self.tr("State"), self.tr("Attempts"),
                                              self.tr("Last error"), self.tr("Queued at"), self.tr("Sent at")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.retry = QPushButton(self.tr("Retry now (Ctrl+T)"))
        self.retry.setShortcut("Ctrl+T")
        self.cancel = QPushButton(self.tr("Cancel sending"))
        self.cancel.setObjectName("Danger")
        refresh = QPushButton(self.tr("Refresh (F5)"))
        refresh.setShortcut("F5")
        back = QPushButton(self.tr("Back (Esc)"))
        back.setShortcut("Esc")
        self.retry.clicked.connect(lambda: self._act("retry"))
        self.cancel.clicked.connect(lambda: self._act("cancel"))
        refresh.clicked.connect(self.refresh)
        back.clicked.connect(self.back_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(refresh)
        buttons.addWidget(self.cancel)
        buttons.addWidget(self.retry)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def refresh(self) -> None:
        self.ctx.runner.start(lambda task: self.ctx.service.outbox.entries(), on_done=self.show_entries,
                              on_error=lambda e: self.hint.setText(self.ctx.error_text(e)))

    def show_entries(self, entries: list[Mapping[str, Any]]) -> None:
        self.entries = entries
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            error = entry.get("last_error_vi" if self.ctx.lang == "vi" else "last_error_en") or ""
            values = [str(entry.get("code", "")), labels.outbox_state(str(entry.get("state"))),
                      str(entry.get("attempts", 0)), str(error),
                      labels.timestamp(entry.get("created_at")), labels.timestamp(entry.get("sent_at"))]
            for col, text in enumerate(values):
                cell = QTableWidgetItem(str(text))
                if entry.get("state") == State.NEEDS_ATTENTION:
                    cell.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(row, col, cell)

    def _act(self, what: str) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.entries):
            return
        code = str(self.entries[row]["code"])
        service = self.ctx.service
        fn = service.outbox.retry if what == "retry" else service.outbox.cancel
        self.ctx.runner.start(lambda task: fn(code), on_done=lambda _r: self.refresh(),
                              on_error=lambda e: self.hint.setText(self.ctx.error_text(e)))
