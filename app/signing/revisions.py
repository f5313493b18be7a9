"""The revisions a signature and its follow-up both append: Info aligned with the XMP (PDF/A), validation data
for long-term validation (LTV), and how long a timestamp server may take. Below :mod:`app.signing.pades` and
:mod:`app.signing.followup`, so that the follow-up reuses them without importing the signer."""

from __future__ import annotations

import io
from collections.abc import Sequence

from asn1crypto import x509
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.metadata.model import VENDOR
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation.dss import async_add_validation_info
from pyhanko_certvalidator import ValidationContext

TSA_TIMEOUT = 10  # seconds; a counter must not hang on a dead network


def align_producer(writer: IncrementalPdfFileWriter) -> None:
    """pyHanko appends itself to the Info Producer but writes only its own name to the XMP: make Info say exactly
    that beforehand, so both agree after the update (PDF/A requires Info and XMP to match)."""
    trailer = writer.prev.trailer_view
    if "/Info" not in trailer:
        return
    ref = trailer.raw_get("/Info")
    info = ref.get_object() if isinstance(ref, generic.IndirectObject) else ref  # type: ignore[no-untyped-call]
    info["/Producer"] = generic.TextStringObject(VENDOR)
    if isinstance(ref, generic.IndirectObject):
        writer.mark_update(ref)



async def add_ltv(signed: bytes, trust_roots: Sequence[x509.Certificate], chain: Sequence[x509.Certificate],
                  which: str = "signature") -> bytes:
    """A new revision with the certificates and revocation data of the last signature (with its timestamp), or of
    the last document timestamp (``which="timestamp"``). Revocation data is required where the certificates
    point to it (hard-fail): an unreachable CRL/OCSP server raises instead of silently embedding nothing."""
    reader = PdfFileReader(io.BytesIO(signed))
    targets = reader.embedded_regular_signatures if which == "signature" else reader.embedded_timestamp_signatures
    context = ValidationContext(trust_roots=list(trust_roots), other_certs=list(chain), allow_fetching=True,
                                revocation_mode="hard-fail")
    try:
        out = await async_add_validation_info(targets[-1], context, output=io.BytesIO())
    finally:
        await context.aclose()  # type: ignore[no-untyped-call]
    return bytes(out.getvalue())
