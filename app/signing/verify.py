"""Verification of any signed PDF: integrity, signer, time, trust, and whether the file changed after signing.

Offline by design (the counter may have no network): trust comes from the given roots, revocation data from what
the file embeds. Appending only signatures, timestamps or validation data is not a modification.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from asn1crypto import cms, x509
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import DiffResult, ModificationLevel
from pyhanko.sign.validation import (
    ModificationInfo,
    SignatureCoverageLevel,
    async_validate_pdf_signature,
    async_validate_pdf_timestamp,
)
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.errors import PathBuildingError

from app.core.errors import BadInputError
from app.core.storage import VN_TZ
from app.signing.certs import SIGNING_USAGES, common_name, load_trust_roots
from app.signing.errors import EncryptedPdfError, NotPdfError, NotSignedError


class _ExpectedPathFailure(logging.Filter):
    """pyHanko logs a chain that reaches no trusted root at WARNING with a traceback; here it is an expected
    answer, reported in the result (trusted: no) and by ``sohoa verify`` in one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], PathBuildingError))


logging.getLogger("pyhanko.sign.validation.generic_cms").addFilter(_ExpectedPathFailure())


def signature_timestamp(signer_info: cms.SignerInfo) -> datetime | None:
    """The TSA time of a signature's timestamp token, if it has one."""
    attrs = signer_info["unsigned_attrs"]
    if attrs.native is None:
        return None
    for attr in attrs:
        if attr["type"].native == "signature_time_stamp_token":
            for token in attr["values"]:
                gen_time: datetime = token["content"]["encap_content_info"]["content"].parsed["gen_time"].native
                return gen_time.astimezone(VN_TZ)
    return None


@dataclass
class SignatureReport:
    field_name: str
    kind: str  # "signature" or "document_timestamp"
    signer: str
    issuer: str
    signed_at: str | None
    timestamp: str | None
    intact: bool
    valid: bool
    trusted: bool
    modified_after_signing: bool
    level: str
    problems: list[str] = field(default_factory=list)


@dataclass
class VerifyResult:
    path: str
    valid: bool
    intact: bool
    trusted: bool
    signer: str | None
    signed_at: str | None  # the signer's claimed time (what the stamp shows)
    modified_after_signing: bool
    level: str | None
    timestamp: str | None = None  # the TSA's time, when the signature or a later document timestamp has one
    signatures: list[SignatureReport] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(VN_TZ).isoformat(timespec="seconds") if moment else None


def _modified_after(status: ModificationInfo, later_fields: set[str]) -> bool:
    """Anything after this signature other than later signatures, timestamps and validation data."""
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return False
    level = status.modification_level
    if level in (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES):
        return False
    if level == ModificationLevel.FORM_FILLING and isinstance(status.diff_result, DiffResult):
        return not set(status.diff_result.changed_form_fields) <= later_fields
    return True


def _dss_revision(reader: PdfFileReader) -> int | None:
    """The revision that last changed the document security store (validation data), if there is one."""
    if "/DSS" not in reader.root:
        return None
    ref = reader.root.raw_get("/DSS")
    if isinstance(ref, generic.IndirectObject):
        return int(reader.xrefs.get_last_change(ref.reference))
    return int(reader.xrefs.total_revisions) - 1


async def _verify(reader: PdfFileReader, context: ValidationContext, path: Path) -> VerifyResult:
    signatures = list(reader.embedded_signatures)
    if not signatures:
        raise NotSignedError(path.name)
    dss_revision = _dss_revision(reader)
    timestamps = [s for s in signatures if s.sig_object_type == "/DocTimeStamp"]
    reports: list[SignatureReport] = []
    usage = KeyUsageConstraints(key_usage=set(SIGNING_USAGES), match_all_key_usages=False)
    for index, sig in enumerate(signatures):
        later = {s.field_name for s in signatures[index + 1:]}
        problems: list[str] = []
        if sig.sig_object_type == "/DocTimeStamp":
            ts_status = await async_validate_pdf_timestamp(sig, validation_context=context)
            reports.append(SignatureReport(
                sig.field_name, "document_timestamp", common_name(ts_status.signing_cert.subject),
                common_name(ts_status.signing_cert.issuer), _iso(ts_status.timestamp), _iso(ts_status.timestamp),
                ts_status.intact, ts_status.valid, ts_status.trusted,
                _modified_after(ts_status, later), "DocTimeStamp"))
            continue
        status = await async_validate_pdf_signature(sig, signer_validation_context=context,
                                                    ts_validation_context=context, key_usage_settings=usage)
        tst = signature_timestamp(sig.signer_info)
        ts_ok = status.timestamp_validity is None or (status.timestamp_validity.intact and
                                                      status.timestamp_validity.valid and
                                                      status.timestamp_validity.trusted)
        if not ts_ok:
            problems.append("timestamp not valid or not trusted")
        if status.trust_problem_indic is not None:
            problems.append(str(status.trust_problem_indic))
        later_ts = [t.signed_revision for t in timestamps if t.signed_revision > sig.signed_revision]
        level = "B-T" if tst or later_ts else "B-B"
        if level == "B-T" and dss_revision is not None and dss_revision > sig.signed_revision:
            level = "B-LTA" if any(rev > dss_revision for rev in later_ts) else "B-LT"
        modified = _modified_after(status, later) or status.docmdp_ok is False
        reports.append(SignatureReport(
            sig.field_name, "signature", common_name(status.signing_cert.subject),
            common_name(status.signing_cert.issuer), _iso(status.signer_reported_dt), _iso(tst),
            status.intact, status.valid, status.trusted and ts_ok, modified, level, problems))
    regular = [r for r in reports if r.kind == "signature"] or reports
    intact = all(r.intact and r.valid for r in reports)
    trusted = all(r.trusted for r in reports)
    modified = any(r.modified_after_signing for r in reports)
    first = regular[0]
    later_stamp = next((r.timestamp for r in reports if r.kind == "document_timestamp"), None)
    return VerifyResult(str(path), intact and trusted and not modified, intact, trusted, first.signer,
                        first.signed_at, modified, first.level, first.timestamp or later_stamp, reports)


def verify_pdf(path: Path, trust_roots: Sequence[Path | str | x509.Certificate] = ()) -> VerifyResult:
    """Verify every signature and document timestamp of a PDF against the given trust roots."""
    roots = [r for r in trust_roots if isinstance(r, x509.Certificate)]
    roots += load_trust_roots(r for r in trust_roots if not isinstance(r, x509.Certificate))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadInputError(f"{path}: {exc}", message_vi="Không đọc được tệp cần kiểm tra.",
                            message_en="Cannot read the file to verify.") from exc
    if b"%PDF-" not in data[:1024]:
        raise NotPdfError(path.name)
    try:
        reader = PdfFileReader(io.BytesIO(data))
        if reader.encrypted:
            raise EncryptedPdfError(path.name)
    except PdfError as exc:
        raise NotPdfError(f"{path.name}: {exc}") from exc
    context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")

    async def run() -> VerifyResult:
        try:
            return await _verify(reader, context, path)
        finally:
            await context.aclose()  # type: ignore[no-untyped-call]

    try:
        return asyncio.run(run())
    except PdfError as exc:
        raise NotPdfError(f"{path.name}: {exc}") from exc
