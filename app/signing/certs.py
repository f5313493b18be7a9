"""Certificates: loading trust roots, describing a certificate for the clerk, and the checks made before signing
(validity dates, key usage, chain to the configured trust roots) with Vietnamese refusals."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from asn1crypto import pem, x509
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.errors import (
    ExpiredError,
    NotYetValidError,
    PathBuildingError,
    PathValidationError,
    RevokedError,
    ValidationError,
)

from app.core.errors import BadInputError
from app.core.storage import VN_TZ
from app.signing.errors import (
    CertificateExpiredError,
    CertificateNotYetValidError,
    CertificateRefused,
    KeyUsageError,
    RevokedCertificateError,
    UntrustedChainError,
)

SIGNING_USAGES = frozenset({"digital_signature", "non_repudiation"})


def load_certificates(path: Path) -> list[x509.Certificate]:
    """Every certificate in a PEM bundle or one DER file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadInputError(str(path), message_vi="Không đọc được tệp chứng thư số gốc tin cậy.",
                            message_en="Cannot read the trust root file.") from exc
    try:
        if pem.detect(data):
            return [x509.Certificate.load(der) for kind, _, der in pem.unarmor(data, multiple=True)
                    if kind == "CERTIFICATE"]
        cert = x509.Certificate.load(data)
        cert.native  # noqa: B018 - parse now so a bad file fails here, not deep in validation
        return [cert]
    except (ValueError, TypeError) as exc:
        raise BadInputError(str(path), message_vi="Tệp chứng thư số gốc tin cậy không hợp lệ.",
                            message_en="Invalid trust root file.") from exc


def load_trust_roots(paths: Iterable[Path | str]) -> list[x509.Certificate]:
    roots: list[x509.Certificate] = []
    for path in paths:
        roots.extend(load_certificates(Path(path)))
    return roots


def common_name(name: x509.Name) -> str:
    values = name.native
    return str(values.get("common_name") or values.get("organization_name") or name.human_friendly)


@dataclass(frozen=True)
class CertificateInfo:
    subject: str
    issuer: str
    serial: str
    not_before: datetime
    not_after: datetime
    key_usage: tuple[str, ...]
    is_ca: bool
    sha256: str

    @classmethod
    def of(cls, cert: x509.Certificate) -> CertificateInfo:
        usage = cert.key_usage_value.native if cert.key_usage_value is not None else []
        return cls(common_name(cert.subject), common_name(cert.issuer), format(cert.serial_number, "x"),
                   cert.not_valid_before.astimezone(VN_TZ), cert.not_valid_after.astimezone(VN_TZ),
                   tuple(sorted(usage)), bool(cert.ca), cert.sha256.hex())

    def can_sign(self) -> bool:
        return not self.is_ca and bool(SIGNING_USAGES & set(self.key_usage) or not self.key_usage)

    def state_at(self, moment: datetime) -> str:
        if moment < self.not_before:
            return "chưa hiệu lực"
        if moment > self.not_after:
            return "hết hạn"
        return "còn hiệu lực"


def _when(moment: datetime) -> str:
    return moment.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M")


def check_dates_and_usage(cert: x509.Certificate, moment: datetime | None = None) -> None:
    """Refuse an expired, not-yet-valid or non-signing certificate (no key needed: runs before asking the PIN)."""
    moment = moment or datetime.now(UTC)
    info = CertificateInfo.of(cert)
    if moment > info.not_after:
        raise CertificateExpiredError(f"{info.subject}: hết hạn {_when(info.not_after)}")
    if moment < info.not_before:
        raise CertificateNotYetValidError(f"{info.subject}: hiệu lực từ {_when(info.not_before)}")
    if cert.key_usage_value is not None and not SIGNING_USAGES & set(info.key_usage):
        raise KeyUsageError(f"{info.subject}: {', '.join(info.key_usage) or '-'}")


def check_chain(cert: x509.Certificate, chain: Sequence[x509.Certificate], trust_roots: Sequence[x509.Certificate],
                moment: datetime | None = None) -> None:
    """The certificate must chain to one of the trust roots (offline: revocation is checked when online)."""
    context = ValidationContext(trust_roots=list(trust_roots), other_certs=list(chain), allow_fetching=False,
                                revocation_mode="soft-fail", moment=moment)
    validator = CertificateValidator(cert, intermediate_certs=list(chain), validation_context=context)
    subject = common_name(cert.subject)
    try:
        asyncio.run(validator.async_validate_path())
    except PathBuildingError as exc:
        raise UntrustedChainError(f"{subject} ← {common_name(cert.issuer)}") from exc
    except RevokedError as exc:
        raise RevokedCertificateError(subject) from exc
    except ExpiredError as exc:
        raise CertificateExpiredError(f"{subject}: {exc}") from exc
    except NotYetValidError as exc:
        raise CertificateNotYetValidError(f"{subject}: {exc}") from exc
    except (PathValidationError, ValidationError) as exc:
        raise CertificateRefused(f"{subject}: {exc}") from exc


def presign_check(cert: x509.Certificate, chain: Sequence[x509.Certificate],
                  trust_roots: Sequence[x509.Certificate]) -> list[str]:
    """All pre-sign checks; returns warnings (Vietnamese) for what could not be checked."""
    check_dates_and_usage(cert)
    if not trust_roots:
        return ["Chưa cấu hình chứng thư số gốc tin cậy (settings.signing.trust_roots hoặc --trust): "
                "chưa kiểm tra được chuỗi chứng thực."]
    check_chain(cert, chain, trust_roots)
    return []
