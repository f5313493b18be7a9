"""A USB QR reader is a keyboard: the chip ID card's QR text arrives as keystrokes ending in Enter, in whatever field
has the focus. The card's text starts with the twelve digits of the personal ID and a '|': when that '|' follows
twelve digits typed into the same field, the field gets back what it held before them, every key up to Enter is
taken (no field sees it), and Enter hands the whole text to the form instead of submitting it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

ID_DIGITS = 12
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class CardWedge(QObject):
    """Watches the keys sent to ``form``'s fields (call :meth:`watch` once they exist); emits ``read`` with the QR
    text when Enter ends a burst shaped like a card's."""

    read = Signal(str)

    def __init__(self, form: QWidget) -> None:
        super().__init__(form)
        self.form = form
        self.typed: list[tuple[str, QWidget, str]] = []  # (character, field, the field's text before it)
        self.burst: list[str] | None = None  # the card's text so far, while a burst is being taken

    def watch(self, *extra: QWidget) -> None:
        for widget in (*self.form.findChildren(QWidget), *extra):
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        focus = self.form.focusWidget()
        if watched is not focus and not (isinstance(watched, QWidget) and watched.isWindow()):
            return False  # the same key passing on to a parent, or another window's key
        if self.burst is not None:
            return self._take(event)
        text = event.text()
        if text == "|" and focus is not None and self._starts_burst(focus):
            return True
        if len(text) == 1 and text.isprintable():
            self.typed = [*self.typed[1 - ID_DIGITS:], (text, focus, focus.text() if isinstance(focus, QLineEdit)
                                                     else "")] if focus is not None else []
        else:
            self.typed = []
        return False

    def _starts_burst(self, focus: QWidget) -> bool:
        run = self.typed[-ID_DIGITS:]
        if len(run) < ID_DIGITS or any(not ch.isdigit() or field is not focus for ch, field, _ in run):
            return False
        if isinstance(focus, QLineEdit):
            focus.setText(run[0][2])  # the twelve digits leave the field: the card fills it
        self.burst = [ch for ch, _, _ in run] + ["|"]
        self.typed = []
        return True

    def _take(self, event: QKeyEvent) -> bool:
        assert self.burst is not None
        if event.key() in ENTER_KEYS:
            text, self.burst = "".join(self.burst), None
            self.read.emit(text)
        elif event.key() == Qt.Key.Key_Escape:
            self.burst = None  # the clerk stops it: the partial text is dropped
        elif event.text():
            self.burst.append(event.text())
        return True
