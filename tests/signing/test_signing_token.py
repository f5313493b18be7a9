"""Signing on a real PKCS#11 token (SoftHSM2): certificates read without the PIN, one login, wrong PIN reported
with the token's own state and never retried, the token listed by ``sohoa certs``."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from pkcs11 import TokenFlag

from app.signing import Appearance, PinRequest, Pkcs11Config, sign_pdf, verify_pdf
from app.signing.errors import KeyNotFoundError, PinLockedError, TokenModuleError, TokenNotFoundError, WrongPinError
from app.signing.token import list_tokens, wrong_pin_error
from tests.signing.conftest import SoftHsm, pdfsig
from tests.signing.pki import Pki


class Recorder:
    """A PIN provider that remembers each request, to prove the library asks once and never retries."""

    def __init__(self, pin: str) -> None:
        self.pin = pin
        self.requests: list[PinRequest] = []

    def __call__(self, request: PinRequest) -> str:
        self.requests.append(request)
        return self.pin


def test_token_signature_valid_for_pyhanko_and_pdfsig(softhsm: SoftHsm, pki: Pki, pdfa: Path, tmp_path: Path,
                                                      nssdb: Path) -> None:
    out = tmp_path / "token.pdf"
    pin = Recorder(softhsm.pin)
    result = sign_pdf(pdfa, out, Pkcs11Config(softhsm.module, softhsm.label), pin, Appearance(visible=False),
                      trust_roots=[pki.ca_pem])
    assert len(pin.requests) == 1 and pin.requests[0].kind == "token" and pin.requests[0].label == softhsm.label
    assert result.signer == "Nguyễn Văn Ký"
    report = verify_pdf(out, [pki.ca_pem])
    assert report.valid and report.intact and report.trusted
    poppler = pdfsig(out, nssdb)
    assert "Signature is Valid" in poppler and "Certificate is Trusted" in poppler


def test_token_visible_with_key_label(softhsm: SoftHsm, pki: Pki, pdfa: Path, tmp_path: Path) -> None:
    out = tmp_path / "token-visible.pdf"
    sign_pdf(pdfa, out, Pkcs11Config(softhsm.module, softhsm.label, key_label="signer"), Recorder(softhsm.pin),
             Appearance(agency="UBND xã Hòa Tiến"), trust_roots=[pki.ca_pem])
    assert verify_pdf(out, [pki.ca_pem]).valid


def test_wrong_pin_is_reported_with_token_state_and_not_retried(softhsm: SoftHsm, pki: Pki, pdfa: Path,
                                                               tmp_path: Path) -> None:
    before = hashlib.sha256(pdfa.read_bytes()).hexdigest()
    out = tmp_path / "never.pdf"
    pin = Recorder("0000")
    with pytest.raises(WrongPinError) as caught:
        sign_pdf(pdfa, out, Pkcs11Config(softhsm.module, softhsm.label), pin, trust_roots=[pki.ca_pem])
    assert len(pin.requests) == 1  # asked once, tried once
    assert caught.value.count_low  # SoftHSM2 raises CKF_USER_PIN_COUNT_LOW after a wrong PIN
    message = caught.value.user_message()
    assert "Mã PIN không đúng" in message and "Không tự động thử lại" in message
    assert not out.exists() and hashlib.sha256(pdfa.read_bytes()).hexdigest() == before
    retry = Recorder(softhsm.pin)
    sign_pdf(pdfa, out, Pkcs11Config(softhsm.module, softhsm.label), retry, trust_roots=[pki.ca_pem])
    assert retry.requests[0].count_low  # the next dialog can warn before the clerk types


def test_pin_flags_map_to_attempts_left() -> None:
    final = wrong_pin_error(TokenFlag.USER_PIN_COUNT_LOW | TokenFlag.USER_PIN_FINAL_TRY)
    assert final.attempts_left == 1 and "Chỉ còn 1 lần thử" in final.user_message()
    locked = wrong_pin_error(TokenFlag.USER_PIN_LOCKED)
    assert isinstance(locked, PinLockedError) and locked.attempts_left == 0
    assert "bị khóa" in locked.user_message()
    plain = wrong_pin_error(TokenFlag.LOGIN_REQUIRED)
    assert plain.attempts_left is None and not plain.count_low


def test_missing_token_module_and_key_are_typed_errors(softhsm: SoftHsm, pdfa: Path, tmp_path: Path) -> None:
    with pytest.raises(TokenNotFoundError) as caught:
        sign_pdf(pdfa, tmp_path / "o.pdf", Pkcs11Config(softhsm.module, "no-such-token"), Recorder("1"))
    assert softhsm.label in caught.value.detail  # lists the tokens that are there
    with pytest.raises(TokenModuleError):
        sign_pdf(pdfa, tmp_path / "o.pdf", Pkcs11Config("/nonexistent/libnothing.so", "x"), Recorder("1"))
    with pytest.raises(KeyNotFoundError):
        sign_pdf(pdfa, tmp_path / "o.pdf", Pkcs11Config(softhsm.module, softhsm.label, key_label="nope"),
                 Recorder(softhsm.pin))


def test_list_tokens_reads_certificates_without_pin(softhsm: SoftHsm) -> None:
    token = next(t for t in list_tokens(softhsm.module) if t.label == softhsm.label)
    labels = {c.label: c.info for c in token.certificates}
    assert labels["signer"].subject == "Nguyễn Văn Ký" and labels["signer"].can_sign()
    assert labels["ca"].is_ca and not labels["ca"].can_sign()


def test_cli_sign_with_token_and_certs(cli, softhsm: SoftHsm, pki: Pki, pdfa: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "cli-token.pdf"
    env = {"SOFTHSM2_CONF": str(softhsm.conf), "TOKEN_PIN": softhsm.pin}
    result = cli("sign", str(pdfa), "--out", str(out), "--pkcs11-module", softhsm.module, "--token-label",
                 softhsm.label, "--key-label", "signer", "--pin-env", "TOKEN_PIN", "--invisible", "--trust",
                 str(pki.ca_pem), env=env)
    assert result.returncode == 0, result.stderr
    assert cli("verify", str(out), "--trust", str(pki.ca_pem)).returncode == 0
    wrong = cli("sign", str(pdfa), "--out", str(tmp_path / "w.pdf"), "--pkcs11-module", "softhsm", "--token-label",
                softhsm.label, "--pin-env", "TOKEN_PIN", env={**env, "TOKEN_PIN": "9999"})
    assert wrong.returncode == 5 and "Mã PIN không đúng" in wrong.stderr
    listed = cli("certs", "--pkcs11-module", softhsm.module, env=env)
    assert listed.returncode == 0, listed.stderr
    assert f"Token '{softhsm.label}'" in listed.stdout and "Nguyễn Văn Ký" in listed.stdout
    assert "ký được" in listed.stdout


def test_list_certificates_over_installed_drivers(softhsm: SoftHsm) -> None:
    from app.signing import list_certificates

    everywhere = list_certificates()
    assert any(t.label == softhsm.label for t in everywhere)
    assert all(t.label for t in everywhere)  # blank slots of software tokens are not listed
    assert [t.label for t in list_certificates("softhsm")] == [t.label for t in list_certificates(softhsm.module)]
