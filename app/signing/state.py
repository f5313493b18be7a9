"""The day's signing session as the window shows it; light, so the window can import it before its first paint."""

from __future__ import annotations

from enum import StrEnum


class SessionState(StrEnum):
    """What the window shows of the day's signing session, polled every few seconds."""

    CLOSED = "closed"  # no key open: the next signature asks the PIN
    OPEN = "open"  # logged in: signatures go through without a PIN
    REMOVED = "removed"  # the token was pulled out just now: the session was closed
    EXPIRED = "expired"  # idle too long just now: the session was closed
