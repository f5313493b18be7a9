"""The demo certificate for a fresh station (``settings.signing.method == "demo"``): a DEMO CA and a signer
PKCS#12 generated on first use in the data folder, labelled "DEMO — không có giá trị pháp lý" in their subjects,
the PKCS#12 password kept in the OS keyring. Without a keyring backend (a headless Linux box) the password goes to
a file readable only by the user next to the PKCS#12: acceptable for a certificate with no legal value.
"""

from __future__ import annotations

import logging
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import keyring
import keyring.errors
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from app.core.config import Settings
from app.core.files import atomic_write_bytes
from app.signing.config import Pkcs12Config
from app.signing.pin import PinProvider, fixed_pin

log = logging.getLogger(__name__)

DEMO_LABEL = "DEMO — không có giá trị pháp lý"
KEYRING_SERVICE = "SoHoa"
KEYRING_USER = "demo-signer-p12"
RENEW_BEFORE = timedelta(days=30)


@dataclass(frozen=True)
class DemoSigner:
    config: Pkcs12Config
    ca_path: Path
    password: str

    def pin(self) -> PinProvider:
        return fixed_pin(self.password)


def demo_folder(settings: Settings) -> Path:
    return settings.data_path / "signing" / "demo"


def _fit(text: str, limit: int = 64) -> str:
    """X.520 names hold at most 64 bytes here: cut on a character boundary."""
    while len(text.encode("utf-8")) > limit:
        text = text[:-1]
    return text.strip() or "SoHoa"


def _name(common: str, organization: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, _fit(organization)),
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, DEMO_LABEL),
        x509.NameAttribute(NameOID.COMMON_NAME, _fit(common)),
    ])


def _usage(*, sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(digital_signature=sign, content_commitment=sign, key_encipherment=False,
                         data_encipherment=False, key_agreement=False, key_cert_sign=not sign, crl_sign=not sign,
                         encipher_only=False, decipher_only=False)


def generate(folder: Path, agency: str, password: str) -> tuple[Path, Path]:
    """A DEMO CA (10 years) and a signer under it (3 years); returns (p12, ca.pem)."""
    now = datetime.now(UTC) - timedelta(minutes=5)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = _name("SoHoa DEMO CA", agency)
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now).not_valid_after(now + timedelta(days=3650))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(_usage(sign=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (x509.CertificateBuilder().subject_name(_name(DEMO_LABEL, agency))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + timedelta(days=3 * 365))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_usage(sign=True), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    p12 = pkcs12.serialize_key_and_certificates(b"demo-signer", key, cert, [ca],
                                                serialization.BestAvailableEncryption(password.encode("utf-8")))
    ca_path, p12_path = folder / "demo-ca.pem", folder / "demo-signer.p12"
    atomic_write_bytes(ca_path, ca.public_bytes(serialization.Encoding.PEM))
    atomic_write_bytes(p12_path, p12)
    return p12_path, ca_path


def _store_password(folder: Path, password: str) -> None:
    try:
        keyring.set_password(KEYRING_SERVICE, KEYRING_USER, password)
        (folder / "demo-signer.pin").unlink(missing_ok=True)
    except keyring.errors.KeyringError as exc:
        log.warning("no keyring (%s): demo PIN kept in a private file", exc)
        path = folder / "demo-signer.pin"
        atomic_write_bytes(path, password.encode("utf-8"))
        if os.name != "nt":
            path.chmod(0o600)


def _load_password(folder: Path) -> str | None:
    try:
        stored = keyring.get_password(KEYRING_SERVICE, KEYRING_USER)
    except keyring.errors.KeyringError:
        stored = None
    if stored:
        return stored
    path = folder / "demo-signer.pin"
    return path.read_text(encoding="utf-8").strip() if path.exists() else None


def _usable(p12_path: Path, password: str) -> bool:
    try:
        _, cert, _ = pkcs12.load_key_and_certificates(p12_path.read_bytes(), password.encode("utf-8"))
    except (OSError, ValueError):
        return False
    return cert is not None and cert.not_valid_after_utc - RENEW_BEFORE > datetime.now(UTC)


def ensure_demo_signer(settings: Settings) -> DemoSigner:
    """The demo signer, generated on first use (or again when lost or about to expire)."""
    folder = demo_folder(settings)
    p12_path, ca_path = folder / "demo-signer.p12", folder / "demo-ca.pem"
    password = _load_password(folder)
    if password and ca_path.exists() and _usable(p12_path, password):
        return DemoSigner(Pkcs12Config(p12_path), ca_path, password)
    password = secrets.token_urlsafe(18)
    folder.mkdir(parents=True, exist_ok=True)
    generate(folder, settings.station.agency_name, password)
    _store_password(folder, password)
    log.info("demo signing certificate generated in %s", folder)
    return DemoSigner(Pkcs12Config(p12_path), ca_path, password)
