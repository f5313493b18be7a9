"""One interface for the signing key, two implementations: a PKCS#12 file here, a PKCS#11 token in
:mod:`app.signing.token`. ``open_key`` is the context manager that owns the key (and the token session):
it runs the pre-sign checks, asks the PIN provider once, and closes everything on the way out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field

from asn1crypto import pkcs12 as asn1_pkcs12
from asn1crypto import x509
from pyhanko.sign.signers import Signer, SimpleSigner
from pyhanko_certvalidator.registry import SimpleCertificateStore

from app.signing.certs import CertificateInfo, presign_check
from app.signing.config import Pkcs11Config, Pkcs12Config, SignerConfig
from app.signing.errors import KeyNotFoundError, SigningError, WrongPinError
from app.signing.pin import PinProvider, PinRequest


@dataclass
class OpenKey:
    """A key ready to sign: pyHanko's signer, its certificate and the chain to embed."""

    signer: Signer
    certificate: x509.Certificate
    chain: list[x509.Certificate]
    source: str
    warnings: list[str] = field(default_factory=list)

    @property
    def info(self) -> CertificateInfo:
        return CertificateInfo.of(self.certificate)


class KeySource(ABC):
    """Where a signing key lives. ``open`` checks the certificate, asks the PIN once and yields an OpenKey."""

    @abstractmethod
    def describe(self) -> str: ...

    @abstractmethod
    def open(self, pin: PinProvider, trust_roots: Sequence[x509.Certificate]) -> AbstractContextManager[OpenKey]:
        ...


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
            signer = SimpleSigner.load_pkcs12_data(data, [], passphrase=password.encode("utf-8"))
        except ValueError as exc:
            raise WrongPinError(self.config.path.name) from exc
        except (TypeError, AttributeError) as exc:  # a PKCS#12 file holding no key or no certificate
            raise KeyNotFoundError(self.config.path.name) from exc
        certificate = signer.signing_cert
        chain = [c for c in signer.cert_registry if c != certificate]
        warnings = presign_check(certificate, chain, trust_roots)
        _register(signer, trust_roots)
        yield OpenKey(signer, certificate, chain, self.describe(), warnings)


def _register(signer: Signer, extra: Sequence[x509.Certificate]) -> None:
    """Embed the path up to the trust root so verifiers without the intermediates can build it."""
    registry = signer.cert_registry
    if isinstance(registry, SimpleCertificateStore):
        registry.register_multiple(extra)


def key_source(config: SignerConfig) -> KeySource:
    if isinstance(config, Pkcs12Config):
        return Pkcs12Source(config)
    if isinstance(config, Pkcs11Config):
        from app.signing.token import Pkcs11Source

        return Pkcs11Source(config)
    raise SigningError(f"unknown signer {config!r}")


def open_key(config: SignerConfig, pin: PinProvider,
             trust_roots: Sequence[x509.Certificate] = ()) -> AbstractContextManager[OpenKey]:
    """``with open_key(cfg, pin, roots) as key:`` — checked, unlocked, closed on exit (sign many files inside)."""
    return key_source(config).open(pin, trust_roots)
