"""The signing token watched all day: every few seconds, while a token's signing session is open, a worker asks the
counter service whether its slot still holds the token; a token pulled out of its reader closes the session at once,
and the clerk is told then, not at the next signature. The status bar shows whether the signing key is open."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from app.signing.state import SessionState
from ui.context import AppContext


class TokenWatch(QObject):
    """Polls ``service.signing_watch``: in the task runner while a token's session is open (one question at a time),
    at once otherwise; ``changed`` gets each new state, ``message`` the sentence for the status line when the
    session was closed under the clerk."""

    changed = Signal(str)
    message = Signal(str)

    def __init__(self, ctx: AppContext, interval_ms: int = 3000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.state = SessionState.CLOSED
        self._asking = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def poll(self) -> None:
        """One look at the session. Only an open token's session is asked in a worker (its slot's presence, the
        one PKCS#11 call); no key or a certificate file is answered here at once, with no worker and no PKCS#11."""
        if self._asking or not self.ctx.ready:
            return
        service = self.ctx.service
        if not service.signing_token_open():
            self._answered(service.signing_watch(ask_token=False))
            return
        self._asking = True
        self.ctx.runner.start(lambda _task: service.signing_watch(), on_done=self._answered,
                              on_error=lambda _e: self._answered(SessionState.CLOSED))

    def _answered(self, state: SessionState) -> None:
        self._asking = False
        state = SessionState(state)
        if state is SessionState.REMOVED:
            self.message.emit(self.tr("The signing token was removed: the signing session is closed. Put the token "
                                      "back; the next signature asks for the PIN."))
        elif state is SessionState.EXPIRED:
            self.message.emit(self.tr("No signature for a while: the signing token was logged out. The next "
                                      "signature asks for the PIN."))
        now = SessionState.OPEN if state is SessionState.OPEN else SessionState.CLOSED
        if now is not self.state:
            self.state = now
            self.changed.emit(str(now))


class TokenStatus(QLabel):
    """Status bar: "Signing: logged in" while the signing session is open (a token or a certificate file), nothing
    otherwise."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Chip")
        self.show_state(str(SessionState.CLOSED))

    def show_state(self, state: str) -> None:
        logged_in = SessionState(state) is SessionState.OPEN
        self.setText(self.tr("Signing: logged in") if logged_in else "")
        self.setToolTip(self.tr("The signing key is open: signatures need no PIN until the token is removed, the "
                                "station is locked (Ctrl+L) or no signature is made for a while.") if logged_in
                        else "")
        self.setProperty("state", "online")  # the chip's green
        self.style().unpolish(self)
        self.style().polish(self)
        self.setVisible(logged_in)
