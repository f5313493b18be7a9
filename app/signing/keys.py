"""The signing key's two implementations of :mod:`app.signing.source`: a PKCS#12 file here, a PKCS#11 token in
:mod:`app.signing.token`. ``open_key`` is the context manager that owns the key (and the token session):
it runs the pre-sign checks, asks the PIN provider once, and closes everything on the way out."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from asn1crypto import keys, x509
from asn1crypto import pkcs12 as asn1_pkcs12
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, pkcs12
from pyhanko.sign.signers import SimpleSigner
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from app.signing.certs import presign_check
from app.signing.config import Pkcs11Config, Pkcs12Config, SignerConfig
from app.signing.errors import KeyNotFoundError, SigningError, WrongPinError
from app.signing.pin import PinProvider, PinRequest
from app.signing.source import KeySource, OpenKey
from app.signing.token import Pkcs11Source


class Pkcs12Source(KeySource):
    def __init__(self, config: Pkcs12Config) -> None:
        self.config = config

    def describe(self) -> str:
        return self.config.describe()

    def _read(self) -> bytes:
        try:
            data = self.config.path.read_bytes()
            asn1_pkcs12.Pfx.load(data).native  # noqa: B018 - tells "not a PKCS#12 file" from "wrong password"
        except OSError as exc:
            raise KeyNotFoundError(str(self.config.path), message_vi="Không đọc được tệp chứng thư số (.p12/.pfx).",
                                   message_en="Cannot read the certificate file (.p12/.pfx).") from exc
        except (ValueError, TypeError) as exc:
            raise KeyNotFoundError(str(self.config.path), message_vi="Tệp chứng thư số không đúng định dạng PKCS#12.",
                                   message_en="The certificate file is not PKCS#12.") from exc
        return data

    @contextmanager
    def open(self, pin: PinProvider, trust_roots: Sequence[x509.Certificate]) -> Iterator[OpenKey]:
        data = self._read()
        password = pin(PinRequest("p12", self.config.path.name))
        try:
            key, cert, others = pkcs12.load_key_and_certificates(data, password.encode("utf-8"))
        except ValueError as exc:
            raise WrongPinError(self.config.path.name) from exc
        if key is None or cert is None:
            raise KeyNotFoundError(self.config.path.name)
        certificate = x509.Certificate.load(cert.public_bytes(Encoding.DER))
        chain = [x509.Certificate.load(c.public_bytes(Encoding.DER)) for c in others]
        warnings = presign_check(certificate, chain, trust_roots)
        registry = SimpleCertificateStore()  # type: ignore[no-untyped-call]
        registry.register_multiple([*chain, *trust_roots])
        signer = _FileSigner(key, signing_cert=certificate, signing_key=keys.PrivateKeyInfo.load(
            key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())), cert_registry=registry)
        yield OpenKey(signer, certificate, chain, self.describe(), warnings)


class _FileSigner(SimpleSigner):
    """pyHanko's SimpleSigner re-parses and re-validates the private key for every signature, including the dummy
    one used to size the signature field (~60 ms each for RSA): keep the parsed key, size RSA signatures directly."""

    def __init__(self, key: PrivateKeyTypes, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._key = key

    async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run: bool = False) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        if isinstance(self._key, rsa.RSAPrivateKey) and mechanism.signature_algo == "rsassa_pkcs1v15":
            if dry_run:
                return bytes(self._key.key_size // 8)
            return self._key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
        return self.sign_raw(data, digest_algorithm)


def key_source(config: SignerConfig) -> KeySource:
    if isinstance(config, Pkcs12Config):
        return Pkcs12Source(config)
    if isinstance(config, Pkcs11Config):
        return Pkcs11Source(config)
    raise SigningError(f"unknown signer {config!r}")


def open_key(config: SignerConfig, pin: PinProvider,
             trust_roots: Sequence[x509.Certificate] = ()) -> AbstractContextManager[OpenKey]:
    """``with open_key(cfg, pin, roots) as key:`` — checked, unlocked, closed on exit (sign many files inside)."""
    return key_source(config).open(pin, trust_roots)
