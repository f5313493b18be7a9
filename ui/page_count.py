"""The paper original's page count, as the clerk types or spins it."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QSpinBox, QWidget


class PageCountBox(QSpinBox):
    """Saving the count sends a checked component back to be checked, so ``settled`` fires once the clerk stops
    typing or spinning (a moment later, or on leaving the field), not on every step."""

    settled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(1, 999)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(700)
        self._timer.timeout.connect(self.settled)
        self.valueChanged.connect(lambda _value: self._timer.start())
        self.editingFinished.connect(self.settled)

    def show_count(self, count: int) -> None:
        """Show a component's count: showing it is not changing it."""
        self.blockSignals(True)
        self.setValue(count)
        self.blockSignals(False)
        self._timer.stop()

    def taken(self) -> int:
        """The count as it is now, for a save that happens before the pause would have settled it."""
        self._timer.stop()
        return self.value()
