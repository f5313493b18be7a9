"""A signing session for the working day: the key is opened (the token logged in, the PIN asked) once, and stays
open until the token is removed, the clerk locks the station, or no signature was made for ``idle_minutes``.
A refused PIN leaves the session closed and is never tried again; the next signature asks once more."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from pathlib import Path

from asn1crypto import x509
from pkcs11.exceptions import (
    DeviceError,
    DeviceRemoved,
    PKCS11Error,
    SessionClosed,
    SessionHandleInvalid,
    TokenNotPresent,
    UserNotLoggedIn,
)

from app.core.storage import Store
from app.signing.appearance import Appearance
from app.signing.config import Pkcs11Config, SignerConfig
from app.signing.errors import SigningError, TokenRemovedError
from app.signing.keys import open_key
from app.signing.pades import SignResult, sign_with_key
from app.signing.pin import PinProvider
from app.signing.source import OpenKey
from app.signing.state import SessionState
from app.signing.token import load_module, token_present

log = logging.getLogger(__name__)

GONE = (DeviceRemoved, TokenNotPresent, SessionClosed, SessionHandleInvalid, UserNotLoggedIn, DeviceError)


def _token_gone(error: BaseException) -> bool:
    """The token (or its session) went away under the signature: pyHanko may wrap the PKCS#11 error."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, GONE):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class SigningSession:
    """One open key shared by the signatures of the day; one signature at a time (the token signs serially)."""

    def __init__(self, config: SignerConfig, trust_roots: Sequence[x509.Certificate] = (), *,
                 idle_minutes: float = 30, clock: Callable[[], float] = time.monotonic) -> None:
        self.config = config
        self.trust_roots = list(trust_roots)
        self.idle_seconds = max(0.0, idle_minutes) * 60
        self.clock = clock
        self._lock = threading.RLock()
        self._stack: ExitStack | None = None
        self._key: OpenKey | None = None
        self._last_used = 0.0
        self.logins = 0  # how many times the PIN was asked and accepted (tests, the log)

    @property
    def is_open(self) -> bool:
        with self._lock:
            return self._key is not None

    def key(self, pin: PinProvider) -> OpenKey:
        """The open key, opening it (one PIN) when the session is closed, idle too long, or its token is gone."""
        with self._lock:
            self.expire_if_idle()
            if self._key is not None and not self._present():
                self.close("token removed")
                raise TokenRemovedError(self.config.describe())
            if self._key is None:
                stack = ExitStack()
                try:
                    self._key = stack.enter_context(open_key(self.config, pin, self.trust_roots))
                except BaseException:
                    stack.close()
                    raise
                self._stack = stack
                self.logins += 1
                log.info("signing session opened (%s)", self.config.describe())
            self._last_used = self.clock()
            return self._key

    def sign(self, src: Path, dst: Path, pin: PinProvider, appearance: Appearance | None = None,
             tsa_url: str | None = None, *, store: Store | None = None, ltv: bool = True,
             component_id: int | None = None) -> SignResult:
        with self._lock:
            key = self.key(pin)
            try:
                result = sign_with_key(key, src, dst, appearance, tsa_url, trust_roots=self.trust_roots,
                                       store=store, ltv=ltv, component_id=component_id)
            except Exception as exc:
                if _token_gone(exc):
                    self.close("token removed while signing")
                    raise TokenRemovedError(f"{type(exc).__name__}: {exc}") from exc
                raise
            self._last_used = self.clock()
            return result

    def expire_if_idle(self) -> bool:
        """Close the session when no signature was made for the idle time; True when it was closed now."""
        with self._lock:
            if self._key is not None and self.clock() - self._last_used >= self.idle_seconds:
                self.close("idle")
                return True
            return False

    @property
    def token_open(self) -> bool:
        """Whether a token's key is open: the only session whose watch asks PKCS#11. Read without the lock (one
        attribute), so the window's own thread may ask it while a signature holds the lock."""
        key = self._key
        return key is not None and key.slot is not None

    def watch(self, *, ask_token: bool = True) -> SessionState:
        """Polled by the window: a token pulled out of its reader closes the session at once (not at the next
        signature), and the answer says so once. A signature in progress is left alone (the token is busy).
        Only an open token's session asks PKCS#11 (its slot's presence, nothing opened, nothing logged); with
        ``ask_token=False`` (the window's own thread) such a session is said open without asking."""
        if not self._lock.acquire(blocking=False):
            return SessionState.OPEN
        try:
            if self._key is None:
                return SessionState.CLOSED
            if self._key.slot is not None and not ask_token:
                return SessionState.OPEN
            if self.expire_if_idle():
                return SessionState.EXPIRED
            if not self._present():
                self.close("token removed")
                return SessionState.REMOVED
            return SessionState.OPEN
        finally:
            self._lock.release()

    def lock(self) -> None:
        """The clerk locked the station: log out of the token now."""
        self.close("station locked")

    def close(self, why: str = "closed") -> None:
        with self._lock:
            stack, self._stack, self._key = self._stack, None, None
            if stack is not None:
                log.info("signing session closed: %s", why)
                try:
                    stack.close()
                except PKCS11Error as exc:  # logging out of a token that is gone fails; the session is over anyway
                    log.info("closing the token session: %s", exc)

    def _present(self) -> bool:
        """For a token's key, whether its slot still holds a token (a file key is always there)."""
        slot = None if self._key is None else self._key.slot
        if slot is None or not isinstance(self.config, Pkcs11Config):
            return True
        try:
            return token_present(load_module(self.config.module), slot)
        except (SigningError, PKCS11Error):
            return False
