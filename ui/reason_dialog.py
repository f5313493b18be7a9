"""A written reason the core keeps in the audit trail: accepting a finding, or finishing a dossier whose papers
were received on paper only. OK only once the reason says something."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from app.dossiers.findings import MIN_REASON


class ReasonDialog(QDialog):
    """The texts come from the subclass (:meth:`say`), so each is translated where it is written."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.installEventFilter(self)
        self.ok = QPushButton()
        self.ok.setObjectName("Primary")
        self.ok.setShortcut("Ctrl+Return")
        self.ok.setEnabled(False)
        cancel = QPushButton(self.tr("Cancel (Esc)"))
        self.reason.textChanged.connect(lambda: self.ok.setEnabled(len(self.text()) >= MIN_REASON))
        self.ok.clicked.connect(self.accept)
        cancel.clicked.connect(self.reject)
        self.label = QLabel()
        self.label.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.ok)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.reason)
        layout.addLayout(buttons)
        self.resize(460, 220)

    def say(self, title: str, text: str, placeholder: str, ok_text: str) -> None:
        self.setWindowTitle(title)
        self.label.setText(text)
        self.reason.setPlaceholderText(placeholder)
        self.ok.setText(ok_text)

    def text(self) -> str:
        return self.reason.toPlainText().strip()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+Enter in the reason is OK: the text box would otherwise take it as a new line (its shortcut
        override keeps the button's shortcut from firing)."""
        if (watched is self.reason and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            if self.ok.isEnabled():
                self.ok.click()
            return True
        return super().eventFilter(watched, event)


class AcceptDialog(ReasonDialog):
    """Accepting a finding needs a written reason (kept in the audit trail)."""

    def __init__(self, finding_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.say(self.tr("Accept with a reason"), finding_text,
                 self.tr("Why is this acceptable? e.g. the paper original has a blank page"),
                 self.tr("Accept (Ctrl+Enter)"))


class PaperOnlyDialog(ReasonDialog):
    """Finishing with submitted papers left unscanned: the clerk says why they are received on paper only."""

    def __init__(self, names: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.say(self.tr("Received on paper only"),
                 self.tr("Not scanned: %1. The receipt will list them as received on paper. Why are they not "
                         "digitized?").replace("%1", names),
                 self.tr("e.g. the citizen only shows the paper; the scanner is out of order"),
                 self.tr("Finish (Ctrl+Enter)"))

    def ask(self, on_reason: Callable[[str], None], on_cancel: Callable[[], None]) -> None:
        """Open; ``on_reason(text)`` once the clerk gives the reason, else ``on_cancel()``."""
        self.finished.connect(lambda result: on_reason(self.text()) if result == QDialog.DialogCode.Accepted
                              else on_cancel())
        self.open()


class RefusalDialog(ReasonDialog):
    """Refusing to receive a dossier (Mẫu 03): the reasons, one a line, printed on the refusal and kept in the audit
    trail."""

    def __init__(self, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.say(self.tr("Refuse to receive"),
                 self.tr("Why is dossier %1 not received? Write each reason on its own line: they are printed on the "
                         "refusal (form 03) and kept in the audit trail.").replace("%1", code),
                 self.tr("e.g. the procedure is not handled by this agency"),
                 self.tr("Refuse and print (Ctrl+Enter)"))

    def reasons(self) -> list[str]:
        return [line.strip() for line in self.text().splitlines() if line.strip()]
