"""PIN providers: the library never prompts, it asks a callback once per signing session.

The GUI passes a dialog, the CLI an environment variable or getpass on the terminal, tests a fixed value. A provider
that gives up raises :class:`~app.core.errors.CancelledError`. A refused PIN is reported, never asked again.
"""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass

from app.core.errors import CancelledError
from app.signing.errors import PinRequiredError


@dataclass(frozen=True)
class PinRequest:
    """What the PIN is for, and what the token already says about failed attempts (to warn before typing)."""

    kind: str  # "token" or "p12"
    label: str
    count_low: bool = False  # the token saw a wrong PIN since the last good one
    final_try: bool = False  # one more wrong PIN locks the token
    holder: str = ""  # the certificate's holder, issuer and expiry, read before the PIN (empty when unknown)
    issuer: str = ""
    expires: str = ""  # dd/mm/yyyy

    @property
    def attempts_left(self) -> int | None:
        """What the token says: 1 on the final try, else unknown (tokens do not report a count)."""
        return 1 if self.final_try else None

    def prompt_vi(self) -> str:
        what = f"token {self.label}" if self.kind == "token" else f"tệp chứng thư {self.label}"
        text = f"Nhập mã PIN của {what}: "
        if self.final_try:
            text = "CHÚ Ý: chỉ còn 1 lần thử, nhập sai token sẽ bị khóa. " + text
        elif self.count_low:
            text = "Token báo đã có lần nhập sai PIN. " + text
        return text


PinProvider = Callable[[PinRequest], str]


def fixed_pin(pin: str) -> PinProvider:
    """A PIN known in advance (tests, the demo certificate, a service account)."""

    def provide(request: PinRequest) -> str:
        return pin

    return provide


def env_pin(variable: str) -> PinProvider:
    """The PIN from an environment variable, read only when asked (so an unused variable is never required)."""

    def provide(request: PinRequest) -> str:
        value = os.environ.get(variable)
        if not value:
            raise PinRequiredError(f"${variable}", message_vi=f"Biến môi trường {variable} chưa có mã PIN.",
                                   message_en=f"The environment variable {variable} holds no PIN.")
        return value

    return provide


def terminal_pin() -> PinProvider:
    """Ask on the terminal with getpass (no echo); refuse when there is no terminal rather than hang."""

    def provide(request: PinRequest) -> str:
        if not sys.stdin.isatty():
            raise PinRequiredError("no terminal")
        try:
            value = getpass.getpass(request.prompt_vi())
        except (EOFError, KeyboardInterrupt) as exc:
            raise CancelledError("PIN") from exc
        if not value:
            raise CancelledError("PIN", message_vi="Không nhập PIN; đã hủy ký.", message_en="No PIN typed; cancelled.")
        return value

    return provide


def cli_pin(variable: str | None) -> PinProvider:
    return env_pin(variable) if variable else terminal_pin()
