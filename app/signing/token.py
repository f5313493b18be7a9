"""The PKCS#11 token: find it by label, read its certificates without a PIN, log in once, map the token's PIN
flags (CKF_USER_PIN_COUNT_LOW / FINAL_TRY / LOCKED) to typed errors. A refused PIN is never tried again here."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pkcs11
from asn1crypto import x509
from pkcs11 import Attribute, ObjectClass, TokenFlag
from pkcs11.exceptions import PinIncorrect, PinInvalid, PinLenRange, PinLocked, PKCS11Error
from pyhanko.sign.pkcs11 import PKCS11Signer

from app.core.config import Settings
from app.signing.certs import CertificateInfo, presign_check
from app.signing.config import Pkcs11Config, installed_modules, resolve_module
from app.signing.errors import (
    KeyNotFoundError,
    PinLockedError,
    SigningError,
    TokenModuleError,
    TokenNotFoundError,
    WrongPinError,
)
from app.signing.pin import PinProvider, PinRequest
from app.signing.source import KeySource, OpenKey

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TokenCertificate:
    label: str
    key_id: bytes
    certificate: x509.Certificate

    @property
    def info(self) -> CertificateInfo:
        return CertificateInfo.of(self.certificate)


@dataclass
class TokenInfo:
    module: str
    label: str
    manufacturer: str
    model: str
    serial: str
    pin_state: str
    certificates: list[TokenCertificate] = field(default_factory=list)


def wrong_pin_error(flags: int, detail: str = "") -> WrongPinError:
    """The error for a refused PIN from the token's flags read right after the refusal."""
    flags = TokenFlag(flags)
    if flags & TokenFlag.USER_PIN_LOCKED:
        return PinLockedError(detail)
    if flags & TokenFlag.USER_PIN_FINAL_TRY:
        return WrongPinError(detail, attempts_left=1, count_low=True)
    return WrongPinError(detail, count_low=bool(flags & TokenFlag.USER_PIN_COUNT_LOW))


def pin_state(flags: int) -> str:
    flags = TokenFlag(flags)
    if flags & TokenFlag.USER_PIN_LOCKED:
        return "PIN đã bị khóa"
    if flags & TokenFlag.USER_PIN_FINAL_TRY:
        return "còn 1 lần thử PIN"
    if flags & TokenFlag.USER_PIN_COUNT_LOW:
        return "đã có lần nhập sai PIN"
    return "bình thường"


def load_module(module: str) -> Any:
    try:
        return pkcs11.lib(module)
    except (PKCS11Error, OSError, RuntimeError) as exc:
        raise TokenModuleError(f"{module}: {exc}") from exc


def present_slots(lib: Any) -> list[pkcs11.Slot]:
    """The slots holding a token now: C_GetSlotList with token_present (python-pkcs11 adds C_GetSlotInfo on each).
    Nothing is opened and no token is asked for its info: the cheapest question PKCS#11 has for "still there?"."""
    return list(lib.get_slots(token_present=True))


def token_present(lib: Any, slot_id: int) -> bool:
    """Whether the slot a key was opened from still holds a token (the token watch's one question)."""
    return any(slot.slot_id == slot_id for slot in present_slots(lib))


def tokens(lib: Any) -> list[pkcs11.Token]:
    """Tokens present now, re-read each call (flags change after a wrong PIN)."""
    found = []
    for slot in present_slots(lib):
        try:
            found.append(slot.get_token())
        except PKCS11Error as exc:
            log.info("slot %s: %s", slot, exc)
    return found


def find_token(lib: Any, label: str) -> pkcs11.Token:
    present = tokens(lib)
    for token in present:
        if token.label.strip() == label.strip():
            return token
    labels = ", ".join(repr(t.label.strip()) for t in present) or "không có token nào"
    raise TokenNotFoundError(f"{label!r}; có: {labels}")


def token_certificates(token: pkcs11.Token) -> list[TokenCertificate]:
    """Certificates are public objects: read them without logging in (before the PIN is asked)."""
    found: list[TokenCertificate] = []
    with token.open() as session:
        for obj in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}):
            try:
                cert = x509.Certificate.load(obj[Attribute.VALUE])
                cert.native  # noqa: B018 - fail here on a malformed object, not later
            except (ValueError, TypeError, PKCS11Error) as exc:
                log.info("unreadable certificate object on token: %s", exc)
                continue
            found.append(TokenCertificate(str(obj[Attribute.LABEL]), bytes(obj[Attribute.ID] or b""), cert))
    return found


def select_certificate(certs: Sequence[TokenCertificate], config: Pkcs11Config) -> TokenCertificate:
    wanted = config.cert_label or config.key_label
    if wanted:
        matches = [c for c in certs if c.label == wanted]
    else:
        matches = [c for c in certs if c.info.can_sign()]
    if len(matches) == 1:
        return matches[0]
    labels = ", ".join(repr(c.label) for c in certs) or "không có chứng thư nào"
    if not matches:
        raise KeyNotFoundError(f"{wanted or 'chứng thư ký'}; trên token có: {labels}")
    raise KeyNotFoundError(f"nhiều chứng thư ký ({labels})", message_vi="Token có nhiều chứng thư số: chọn một bằng "
                           "nhãn khóa (--key-label).", message_en="The token holds several certificates: choose one "
                           "with --key-label.")


class Pkcs11Source(KeySource):
    def __init__(self, config: Pkcs11Config) -> None:
        self.config = config

    def describe(self) -> str:
        return self.config.describe()

    @contextmanager
    def open(self, pin: PinProvider, trust_roots: Sequence[x509.Certificate]) -> Iterator[OpenKey]:
        lib = load_module(self.config.module)
        token = find_token(lib, self.config.token_label)
        if token.flags & TokenFlag.USER_PIN_LOCKED:
            raise PinLockedError(self.config.token_label)
        certs = token_certificates(token)
        chosen = select_certificate(certs, self.config)
        chain = [c.certificate for c in certs if c is not chosen and c.info.is_ca]
        warnings = presign_check(chosen.certificate, chain, trust_roots)
        info = chosen.info
        request = PinRequest("token", self.config.token_label, bool(token.flags & TokenFlag.USER_PIN_COUNT_LOW),
                             bool(token.flags & TokenFlag.USER_PIN_FINAL_TRY), holder=info.subject,
                             issuer=info.issuer, expires=info.not_after.strftime("%d/%m/%Y"))
        user_pin = pin(request)
        try:
            session = token.open(user_pin=user_pin)
        except (PinIncorrect, PinInvalid, PinLenRange) as exc:
            raise wrong_pin_error(find_token(lib, self.config.token_label).flags, self.config.token_label) from exc
        except PinLocked as exc:
            raise PinLockedError(self.config.token_label) from exc
        except PKCS11Error as exc:
            raise SigningError(f"{type(exc).__name__}: {exc}", message_vi="Token từ chối đăng nhập.",
                               message_en="The token refused the login.") from exc
        try:
            signer = PKCS11Signer(session, signing_cert=chosen.certificate, ca_chain=[*chain, *trust_roots],
                                  key_label=self.config.key_label or None,
                                  key_id=None if self.config.key_label else (chosen.key_id or None),
                                  other_certs_to_pull=())
            try:
                signer.signing_cert  # noqa: B018 - loads the key handle now: a missing key fails before signing
            except PKCS11Error as exc:
                raise KeyNotFoundError(str(exc)) from exc
            yield OpenKey(signer, chosen.certificate, chain, self.describe(), warnings, slot=token.slot.slot_id)
        finally:
            session.close()


def list_tokens(module: str) -> list[TokenInfo]:
    """Every initialised token on a module with its certificates (no PIN needed)."""
    lib = load_module(module)
    result = []
    for token in tokens(lib):
        if not token.flags & TokenFlag.TOKEN_INITIALIZED:
            continue  # an empty slot of a software token, or a blank card
        try:
            certs = token_certificates(token)
        except PKCS11Error as exc:
            log.info("token %s: %s", token.label, exc)
            certs = []
        result.append(TokenInfo(module, token.label.strip(), token.manufacturer_id.strip(), token.model.strip(),
                                token.serial.decode("ascii", "replace").strip(), pin_state(token.flags), certs))
    return result


def list_certificates(module: str | None = None, settings: Settings | None = None) -> list[TokenInfo]:
    """Tokens and their certificates on one module, or on every token driver installed on this workstation."""
    if module is not None:
        return list_tokens(resolve_module(module, settings))
    found: list[TokenInfo] = []
    for _, path in installed_modules(settings):
        try:
            found.extend(list_tokens(str(path)))
        except TokenModuleError as exc:
            log.info("skipping %s: %s", path, exc)
    return found
