"""PAdES signing of a station PDF/A: B-B offline, B-T when the TSA answers, B-LT when revocation data can be
fetched too. Every signature is an incremental update (the PDF/A-2b marker stays) written atomically to a new file;
the input is never modified. When the TSA is configured but unreachable the file is signed B-B and a follow-up job
("add timestamp/LTV") is recorded for the outbox to run when the network is back (:mod:`app.signing.followup`).
"""

from __future__ import annotations

import asyncio
import io
import logging
import time
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import aiohttp
from asn1crypto import x509
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import SigFieldSpec, SigSeedSubFilter, enumerate_sig_fields
from pyhanko.sign.general import SigningError as PyHankoSigningError
from pyhanko.sign.signers import PdfSignatureMetadata, PdfSigner
from pyhanko.sign.timestamps import HTTPTimeStamper, TimestampRequestError
from pyhanko_certvalidator.errors import PathBuildingError

from app.core.files import atomic_write_bytes, sha256_bytes
from app.core.storage import VN_TZ, Store
from app.signing.appearance import Appearance, plan_stamp
from app.signing.certs import common_name, load_trust_roots
from app.signing.config import SignerConfig
from app.signing.errors import SameFileError, SigningError
from app.signing.followup import record_followup
from app.signing.inputs import metadata_agrees, page_box, read_signable
from app.signing.keys import open_key
from app.signing.pin import PinProvider
from app.signing.revisions import TSA_TIMEOUT, add_ltv, align_producer
from app.signing.source import OpenKey
from app.signing.verify import signature_timestamp

log = logging.getLogger(__name__)

T = TypeVar("T")
NETWORK_ERRORS = (TimestampRequestError, aiohttp.ClientError, asyncio.TimeoutError, OSError)


@dataclass
class SignResult:
    output: Path
    level: str  # "B-B", "B-T" or "B-LT"
    signer: str
    signed_at: datetime
    timestamp: datetime | None
    sha256: str
    field_name: str
    followup: str | None = None  # "timestamp+ltv" or "ltv" when the network part is still to be done
    followup_job: int | None = None
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


class _PdfSignerAt(PdfSigner):
    """pyHanko's signer with the signing time fixed, so the visible text and the CMS signing time agree."""

    def __init__(self, *args: object, when: datetime, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._when = when

    def init_signing_session(self, pdf_out, existing_fields_only=False):  # type: ignore[no-untyped-def]
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        session.system_time = self._when
        return session


def _field_name(reader: PdfFileReader) -> str:
    taken = {name for name, _, _ in enumerate_sig_fields(reader)}
    n = 1
    while f"SoHoa-{n}" in taken:
        n += 1
    return f"SoHoa-{n}"


async def _probe_tsa(timestamper: HTTPTimeStamper) -> str | None:
    """None when the TSA answered (its reply is cached for size estimation), else why not."""
    try:
        await timestamper.async_dummy_response("sha256")
    except NETWORK_ERRORS as exc:
        return f"{type(exc).__name__}: {exc}"
    except (ValueError, PyHankoSigningError) as exc:
        return f"TSA: {exc}"
    return None


@dataclass
class _Outcome:
    data: bytes = field(repr=False)  # Python 3.11's asyncio.run reprs the main task's result when restoring SIGINT
    level: str
    followup: str | None
    warnings: list[str]
    field_name: str


async def _sign_async(key: OpenKey, data: bytes, appearance: Appearance, when: datetime, tsa_url: str | None,
                      trust_roots: Sequence[x509.Certificate], ltv: bool) -> _Outcome:
    warnings: list[str] = []
    timestamper = HTTPTimeStamper(tsa_url, timeout=TSA_TIMEOUT) if tsa_url else None
    followup: str | None = None
    if timestamper is not None:
        why = await _probe_tsa(timestamper)
        if why is not None:
            log.warning("TSA %s unreachable: %s", tsa_url, why)
            warnings.append("Không kết nối được máy chủ dấu thời gian: đã ký B-B, "
                            "sẽ bổ sung dấu thời gian khi có mạng.")
            timestamper, followup = None, "timestamp+ltv"
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    align_producer(writer)
    name = _field_name(writer.prev)
    signer_name = common_name(key.certificate.subject)
    if appearance.visible:
        plan = plan_stamp(appearance, appearance.text(signer_name, when), page_box(writer.prev))
        spec = SigFieldSpec(name, on_page=0, box=plan.box)
        style = plan.style
    else:
        spec, style = SigFieldSpec(name, on_page=0), None
    meta = PdfSignatureMetadata(field_name=name, subfilter=SigSeedSubFilter.PADES, md_algorithm="sha256",
                                name=signer_name, location=appearance.agency or None)
    pdf_signer = _PdfSignerAt(meta, key.signer, timestamper=timestamper, stamp_style=style, new_field_spec=spec,
                              when=when)
    out = await pdf_signer.async_sign_pdf(writer, output=io.BytesIO())
    signed = bytes(out.getvalue())
    if timestamper is None:
        return _Outcome(signed, "B-B", followup, warnings, name)
    if not ltv:
        return _Outcome(signed, "B-T", None, warnings, name)
    if not trust_roots:
        warnings.append("Chưa cấu hình chứng thư số gốc tin cậy: không nhúng được dữ liệu kiểm tra dài hạn (B-LT).")
        return _Outcome(signed, "B-T", None, warnings, name)
    try:
        return _Outcome(await add_ltv(signed, trust_roots, key.chain), "B-LT", None, warnings, name)
    except PathBuildingError as exc:
        log.warning("LTV: no path to a trust root: %s", exc)
        warnings.append("Chuỗi chứng thực của chữ ký hoặc của dấu thời gian không về gốc tin cậy đã cấu hình: "
                        "chưa nhúng dữ liệu kiểm tra dài hạn (B-LT).")
        return _Outcome(signed, "B-T", None, warnings, name)
    except Exception as exc:  # revocation servers unreachable or answering badly: retried by the follow-up job
        log.warning("LTV failed: %s: %s", type(exc).__name__, exc)
        warnings.append("Chưa lấy được dữ liệu thu hồi chứng thư: đã ký B-T, sẽ bổ sung B-LT khi có mạng.")
        return _Outcome(signed, "B-T", "ltv", warnings, name)


def _run(coro: Coroutine[Any, Any, T]) -> T:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    coro.close()
    raise SigningError("called from an event loop", message_vi="Lỗi chương trình: ký số bị gọi trong vòng lặp sự "
                       "kiện.", message_en="Program error: signing called on an event loop thread.")


def sign_with_key(key: OpenKey, src: Path, dst: Path, appearance: Appearance | None = None,
                  tsa_url: str | None = None, *, trust_roots: Sequence[x509.Certificate] = (),
                  store: Store | None = None, ltv: bool = True, component_id: int | None = None) -> SignResult:
    """Sign one file with an open key (use inside ``open_key`` to sign a whole dossier with one PIN)."""
    if src.resolve() == dst.resolve():
        raise SameFileError(str(dst))
    return _sign_data(key, read_signable(src), dst, appearance or Appearance(), tsa_url, trust_roots, store, ltv,
                      component_id)


def _sign_data(key: OpenKey, data: bytes, dst: Path, appearance: Appearance, tsa_url: str | None,
               trust_roots: Sequence[x509.Certificate], store: Store | None, ltv: bool,
               component_id: int | None) -> SignResult:
    started = time.perf_counter()
    when = datetime.now(VN_TZ).replace(microsecond=0)
    try:
        outcome = _run(_sign_async(key, data, appearance, when, tsa_url, trust_roots, ltv))
        if not metadata_agrees(outcome.data):
            log.info("Info/XMP dates straddled a second; signing again")
            outcome = _run(_sign_async(key, data, appearance, when, tsa_url, trust_roots, ltv))
    except (PyHankoSigningError, PdfError) as exc:
        raise SigningError(f"{type(exc).__name__}: {exc}") from exc
    atomic_write_bytes(dst, outcome.data)
    result = SignResult(dst, outcome.level, common_name(key.certificate.subject), when, None,
                        sha256_bytes(outcome.data), outcome.field_name, outcome.followup, None,
                        [*key.warnings, *outcome.warnings])
    if outcome.level != "B-B":
        signature = PdfFileReader(io.BytesIO(outcome.data)).embedded_regular_signatures[-1]
        result.timestamp = signature_timestamp(signature.signer_info)
    if outcome.followup and store is not None and tsa_url:
        result.followup_job = record_followup(store, dst, outcome.followup, tsa_url, component_id=component_id)
    result.seconds = time.perf_counter() - started
    return result


def sign_pdf(src: Path, dst: Path, signer: SignerConfig, pin: PinProvider, appearance: Appearance | None = None,
             tsa_url: str | None = None, *, trust_roots: Sequence[Path | str] = (), store: Store | None = None,
             ltv: bool = True, component_id: int | None = None) -> SignResult:
    """Check the input, open the key (certificate checks, then the PIN once), sign, close the key."""
    if src.resolve() == dst.resolve():
        raise SameFileError(str(dst))
    data = read_signable(src)
    roots = load_trust_roots(trust_roots)
    with open_key(signer, pin, roots) as key:
        return _sign_data(key, data, dst, appearance or Appearance(), tsa_url, roots, store, ltv, component_id)
