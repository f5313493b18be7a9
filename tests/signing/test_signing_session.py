"""A day's signing session on a real PKCS#11 token (SoftHSM2): one PIN for many signatures, the PIN request names
the holder, issuer and expiry, and the session ends when the token is removed (simulated at the PKCS#11 boundary),
when the station is locked, or after the idle time; a wrong PIN is never tried again."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from pkcs11.exceptions import DeviceRemoved
from pyhanko.sign.pkcs11 import PKCS11Signer

from app.signing import Appearance, PinRequest, Pkcs11Config, Pkcs12Config, load_trust_roots, verify_pdf
from app.signing import token as token_module
from app.signing.errors import TokenRemovedError, WrongPinError
from app.signing.session import SigningSession
from app.signing.state import SessionState
from tests.signing.conftest import SoftHsm
from tests.signing.pki import PASSWORD, Pki


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
        removed.setattr(token_module, "present_slots", lambda lib: [])  # C_GetSlotList(token_present): nothing
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
        removed.setattr(token_module, "present_slots", lambda lib: [])  # C_GetSlotList(token_present): nothing
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


def test_the_watch_asks_only_whether_the_tokens_slot_is_there_and_logs_nothing(
        session: SigningSession, softhsm: SoftHsm, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    """While a token's session is open, each look is one slot list (C_GetSlotList with token_present): no token
    info read, no session opened, no log line; the token's label is not looked for either."""
    session.key(Recorder(softhsm.pin))
    assert session.token_open
    asked: list[int] = []
    real = token_module.present_slots

    def counted(lib: object) -> list[object]:
        asked.append(1)
        return list(real(lib))

    def never(*args: object) -> object:
        raise AssertionError("the watch read the tokens' info")

    monkeypatch.setattr(token_module, "present_slots", counted)
    monkeypatch.setattr(token_module, "tokens", never)
    monkeypatch.setattr(token_module, "find_token", never)
    caplog.clear()
    with caplog.at_level(logging.DEBUG):
        assert [session.watch() for _ in range(5)] == [SessionState.OPEN] * 5
    assert len(asked) == 5
    assert [r.getMessage() for r in caplog.records if r.name.startswith("app.")] == []


def test_no_key_and_a_certificate_file_are_never_asked_about_a_token(
        session: SigningSession, softhsm: SoftHsm, pki: Pki, monkeypatch: pytest.MonkeyPatch) -> None:
    """No key open, a PKCS#12 file's key, or the window's own thread (``ask_token=False``): answered without
    PKCS#11."""

    def never(lib: object) -> list[object]:
        raise AssertionError("PKCS#11 was asked")

    session.key(Recorder(softhsm.pin))
    monkeypatch.setattr(token_module, "present_slots", never)
    assert session.watch(ask_token=False) is SessionState.OPEN  # a token's session, not asked on this thread
    session.close()
    assert not session.token_open and session.watch() is SessionState.CLOSED
    file_session = SigningSession(Pkcs12Config(pki.p12("signer")), load_trust_roots([pki.ca_pem]), idle_minutes=10,
                                  clock=Clock())
    file_session.key(Recorder(PASSWORD))
    assert file_session.is_open and not file_session.token_open
    assert file_session.watch() is SessionState.OPEN and file_session.watch(ask_token=False) is SessionState.OPEN
    file_session.clock.now += 11 * 60  # type: ignore[attr-defined]
    assert file_session.watch(ask_token=False) is SessionState.EXPIRED and not file_session.is_open
