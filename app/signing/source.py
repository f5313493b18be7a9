"""Where a signing key lives, as one interface (:class:`KeySource`) and what opening it gives (:class:`OpenKey`).
The file and token implementations (:mod:`app.signing.keys`, :mod:`app.signing.token`) both build on it."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field

from asn1crypto import x509
from pyhanko.sign.signers import Signer

from app.signing.certs import CertificateInfo
from app.signing.pin import PinProvider


@dataclass
class OpenKey:
    """A key ready to sign: pyHanko's signer, its certificate and the chain to embed; for a token's key, the PKCS#11
    slot it was opened from (what the token watch asks about; None for a file key)."""

    signer: Signer
    certificate: x509.Certificate
    chain: list[x509.Certificate]
    source: str
    warnings: list[str] = field(default_factory=list)
    slot: int | None = None

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
