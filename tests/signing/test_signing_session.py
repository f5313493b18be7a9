"""A day's signing session on a real PKCS#11 token (SoftHSM2): one PIN for many signatures, the PIN request names
the holder, issuer and expiry, and the session ends when the token is removed (simulated at the PKCS#11 boundary),
when the station is locked, or after the idle time; a wrong PIN is never tried again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pkcs11.exceptions import DeviceRemoved
from pyhanko.sign.pkcs11 import PKCS11Signer

from app.signing import Appearance, PinRequest, Pkcs11Config, verify_pdf
from app.signing import token as token_module
from app.signing.errors import TokenRemovedError, WrongPinError
from app.signing.session import SigningSession
from app.signing.state import SessionState
from tests.signing.conftest import SoftHsm
from tests.signing.pki import Pki


class Recorder:
    def __init__(self, pin: str) -> None:
        self.pin = pin
        self.requests: list[PinRequest] = []

    def __call__(self, request: PinRequest) -> str:
        self.requests.append(request)
        return self.pin


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def session(softhsm: SoftHsm, pki: Pki) -> Iterator[SigningSession]:
    from app.signing.certs import load_trust_roots

    made = SigningSession(Pkcs11Config(softhsm.module, softhsm.label), load_trust_roots([pki.ca_pem]),
                          idle_minutes=10, clock=Clock())
    yield made
    made.close()


def sign(session: SigningSession, pdfa: Path, out: Path, pin: Recorder) -> None:
    session.sign(pdfa, out, pin, Appearance(visible=False))


def test_one_pin_for_a_whole_dossier_and_the_request_names_the_certificate(
        session: SigningSession, softhsm: SoftHsm, pki: Pki, pdfa: Path, tmp_path: Path) -> None:
    pin = Recorder(softhsm.pin)
    for n in range(3):
        sign(session, pdfa, tmp_path / f"c{n}.pdf", pin)
    assert len(pin.requests) == 1 and session.logins == 1 and session.is_open
    request = pin.requests[0]
    assert (request.holder, request.issuer) == ("Nguyễn Văn Ký", "CA Kiểm thử SoHoa")
    assert len(request.expires) == 10 and request.expires[2] == "/"
    assert all(verify_pdf(tmp_path / f"c{n}.pdf", [pki.ca_pem]).valid for n in range(3))


def test_locking_the_station_logs_out(session: SigningSession, softhsm: SoftHsm, pdfa: Path, tmp_path: Path) -> None:
    pin = Recorder(softhsm.pin)
    sign(session, pdfa, tmp_path / "a.pdf", pin)
    session.lock()
    assert not session.is_open
    sign(session, pdfa, tmp_path / "b.pdf", pin)
    assert len(pin.requests) == 2


def test_idle_time_closes_the_session(session: SigningSession, softhsm: SoftHsm, pdfa: Path, tmp_path: Path) -> None:
    pin = Recorder(softhsm.pin)
    sign(session, pdfa, tmp_path / "a.pdf", pin)
    session.clock.now += 9 * 60  # type: ignore[attr-defined]
    sign(session, pdfa, tmp_path / "b.pdf", pin)
    assert len(pin.requests) == 1  # within the idle time, and each signature restarts it
    session.clock.now += 10 * 60  # type: ignore[attr-defined]
    assert session.expire_if_idle() and not session.is_open
    sign(session, pdfa, tmp_path / "c.pdf", pin)
    assert len(pin.requests) == 2


def test_token_removed_between_signatures_ends_the_session(session: SigningSession, softhsm: SoftHsm, pdfa: Path,
                                                           tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pin = Recorder(softhsm.pin)
    sign(session, pdfa, tmp_path / "a.pdf", pin)
    with monkeypatch.context() as removed:
        removed.setattr(token_module, "tokens", lambda lib: [])  # C_GetSlotList(token_present) lists nothing
        with pytest.raises(TokenRemovedError):
            sign(session, pdfa, tmp_path / "b.pdf", pin)
    assert not session.is_open and not (tmp_path / "b.pdf").exists()
    sign(session, pdfa, tmp_path / "b.pdf", pin)  # plugged in again: one more PIN
    assert len(pin.requests) == 2


def test_the_watch_sees_a_token_removed_between_signatures_at_once(session: SigningSession, softhsm: SoftHsm,
                                                                  pdfa: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The window polls the session: removal closes it when it happens (logged out, the key let go), says so once,
    and the next signature asks the PIN again; idle time is told apart."""
    pin = Recorder(softhsm.pin)
    assert session.watch() is SessionState.CLOSED
    sign(session, pdfa, tmp_path / "a.pdf", pin)
    assert session.watch() is SessionState.OPEN
    with monkeypatch.context() as removed:
        removed.setattr(token_module, "tokens", lambda lib: [])  # C_GetSlotList(token_present) lists nothing
        assert session.watch() is SessionState.REMOVED
        assert not session.is_open
        assert session.watch() is SessionState.CLOSED  # said once
    sign(session, pdfa, tmp_path / "b.pdf", pin)  # plugged in again: one more PIN
    assert len(pin.requests) == 2 and session.watch() is SessionState.OPEN
    session.clock.now += 11 * 60  # type: ignore[attr-defined]
    assert session.watch() is SessionState.EXPIRED and not session.is_open


def test_token_removed_while_signing_ends_the_session(session: SigningSession, softhsm: SoftHsm, pdfa: Path,
                                                      tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pin = Recorder(softhsm.pin)
    sign(session, pdfa, tmp_path / "a.pdf", pin)

    async def pulled_out(self: PKCS11Signer, data: bytes, digest_algorithm: str, dry_run: bool = False) -> bytes:
        raise DeviceRemoved()

    with monkeypatch.context() as removed:
        removed.setattr(PKCS11Signer, "async_sign_raw", pulled_out)
        with pytest.raises(TokenRemovedError):
            sign(session, pdfa, tmp_path / "b.pdf", pin)
    assert not session.is_open and not (tmp_path / "b.pdf").exists()


def test_wrong_pin_is_not_retried_and_leaves_the_session_closed(session: SigningSession, softhsm: SoftHsm,
                                                                 pdfa: Path, tmp_path: Path) -> None:
    wrong = Recorder("0000")
    with pytest.raises(WrongPinError):
        sign(session, pdfa, tmp_path / "a.pdf", wrong)
    assert len(wrong.requests) == 1 and not session.is_open and session.logins == 0
    good = Recorder(softhsm.pin)
    sign(session, pdfa, tmp_path / "a.pdf", good)  # resets the token's counter for the other tests
    assert good.requests[0].count_low
