"""Follow-up jobs for signatures made offline: "timestamp+ltv" (a B-B signature gets an RFC 3161 document
timestamp, then validation data) or "ltv" (a B-T signature gets validation data). Recorded in the station DB when
signing; the outbox sync worker calls :func:`pending_followups` and :func:`run_followup` when the network is back.

Each run only appends incremental revisions to the signed file (written atomically), so the recorded bytes stay a
prefix of the file: that prefix is checked before any work, and a file replaced by something else is not touched.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from asn1crypto import x509
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.signers import PdfTimeStamper
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko_certvalidator.errors import PathBuildingError
from sqlite_utils import Database

from app.core.files import atomic_write_bytes, sha256_bytes
from app.core.storage import Store, now_iso
from app.signing.certs import load_trust_roots
from app.signing.inputs import metadata_agrees
from app.signing.revisions import TSA_TIMEOUT, add_ltv, align_producer

log = logging.getLogger(__name__)

KINDS = ("timestamp+ltv", "ltv")
RETRY_FIRST_S, RETRY_CAP_S = 30.0, 1800.0  # offline: the next try after 30 s, 1 min, 2 min, … at most 30 min
MAX_AGE = timedelta(days=7)  # still not done a week after signing: marked failed and shown to the admin


@dataclass(frozen=True)
class FollowupJob:
    id: int
    kind: str
    pdf_path: Path
    component_id: int | None
    tsa_url: str
    status: str  # "pending", "done", "failed"
    attempts: int
    last_error: str
    sha256: str
    size: int
    level: str
    created_at: str
    updated_at: str
    done_at: str

    @classmethod
    def of(cls, row: dict[str, Any]) -> FollowupJob:
        return cls(row["id"], row["kind"], Path(row["pdf_path"]), row["component_id"], row["tsa_url"] or "",
                   row["status"], row["attempts"] or 0, row["last_error"] or "", row["sha256"] or "",
                   row["size"] or 0, row["level"] or "", row["created_at"], row["updated_at"] or "",
                   row["done_at"] or "")


def record_followup(store: Store, pdf: Path, kind: str, tsa_url: str, *, component_id: int | None = None) -> int:
    if kind not in KINDS:
        raise ValueError(kind)
    data = pdf.read_bytes()
    now = now_iso()
    with store.atomic() as db:
        table = db.table("signing_jobs")
        table.insert({"kind": kind, "pdf_path": str(pdf.resolve()), "component_id": component_id, "tsa_url": tsa_url,
                      "status": "pending", "attempts": 0, "sha256": sha256_bytes(data), "size": len(data),
                      "level": "B-B" if kind == "timestamp+ltv" else "B-T", "created_at": now, "updated_at": now})
        return int(table.last_pk)  # type: ignore[arg-type]


def get_followup(store: Store, job_id: int) -> FollowupJob:
    return FollowupJob.of(store.db.table("signing_jobs").get(job_id))


def pending_followups(store: Store) -> list[FollowupJob]:
    rows = store.db.query("select * from signing_jobs where status = 'pending' order by id")
    return [FollowupJob.of(row) for row in rows]


def due(job: FollowupJob, now: datetime | None = None) -> bool:
    """Whether a pending job should be tried now: at once the first time, then with a doubling wait after each
    failed try (a station offline for a day tries a few dozen times, not every few seconds)."""
    if job.attempts == 0 or not job.updated_at:
        return True
    wait = min(RETRY_CAP_S, RETRY_FIRST_S * 2 ** (job.attempts - 1))
    return (now or datetime.now(UTC)) >= datetime.fromisoformat(job.updated_at) + timedelta(seconds=wait)


async def add_document_timestamp(data: bytes, tsa_url: str) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    align_producer(writer)
    stamper = PdfTimeStamper(HTTPTimeStamper(tsa_url, timeout=TSA_TIMEOUT))
    out = await stamper.async_timestamp_pdf(writer, "sha256", output=io.BytesIO())
    return bytes(out.getvalue())


async def _ltv_all(data: bytes, roots: Sequence[x509.Certificate]) -> bytes:
    """Validation data for the last signature and, when there is one after it, the last document timestamp."""
    data = await add_ltv(data, roots, (), which="signature")
    if PdfFileReader(io.BytesIO(data)).embedded_timestamp_signatures:
        data = await add_ltv(data, roots, (), which="timestamp")
    return data


def _extend(job: FollowupJob, data: bytes, tsa_url: str, roots: Sequence[x509.Certificate]) -> tuple[bytes, str]:
    level = job.level
    if job.kind == "timestamp+ltv":
        data = asyncio.run(add_document_timestamp(data, tsa_url))
        level = "B-T"
    if roots:
        try:
            data = asyncio.run(_ltv_all(data, roots))
            level = "B-LT"
        except PathBuildingError as exc:
            log.warning("follow-up %s: no path to a trust root: %s", job.id, exc)
    return data, level


def _update(store: Store, job: FollowupJob, **values: Any) -> FollowupJob:
    with store.atomic() as db:
        db.table("signing_jobs").update(job.id, {**values, "updated_at": now_iso()})
    return get_followup(store, job.id)


OnDone = Callable[[Database, FollowupJob, str, int], None]


def run_followup(store: Store, job_id: int, *, tsa_url: str | None = None,
                 trust_roots: Sequence[Path | str] = (), on_done: OnDone | None = None) -> FollowupJob:
    """Do the job now. Offline: stays pending (attempts + 1, last_error). Returns the job as it is after the run.

    ``on_done(db, job, new_sha256, new_size)`` runs inside the transaction that marks the job done, so whoever
    recorded the file's checksum (the outbox) changes it together with the job."""
    job = get_followup(store, job_id)
    if job.status != "pending":
        return job
    try:
        data = job.pdf_path.read_bytes()
    except OSError as exc:
        return _update(store, job, status="failed", last_error=f"file: {exc}")
    if len(data) < job.size or sha256_bytes(data[:job.size]) != job.sha256:
        return _update(store, job, status="failed", last_error="the signed file was replaced; not touched")
    url = tsa_url or job.tsa_url
    roots = load_trust_roots(trust_roots)
    if job.kind == "ltv" and not roots:
        return _update(store, job, status="failed", last_error="no trust roots configured: cannot embed LTV data")
    try:
        extended, level = _extend(job, data, url, roots)
        if not metadata_agrees(extended):
            extended, level = _extend(job, data, url, roots)
    except Exception as exc:  # offline, TSA or revocation server down: retried later (see due), for MAX_AGE
        log.warning("follow-up %s not done: %s: %s", job.id, type(exc).__name__, exc)
        too_old = datetime.now(UTC) - datetime.fromisoformat(job.created_at) > MAX_AGE
        return _update(store, job, attempts=job.attempts + 1, last_error=f"{type(exc).__name__}: {exc}",
                       status="failed" if too_old else "pending")
    new_sha = sha256_bytes(extended)
    with store.atomic() as db:
        db.table("signing_jobs").update(job.id, {"status": "done", "level": level, "attempts": job.attempts + 1,
                                                 "last_error": "", "updated_at": now_iso(), "done_at": now_iso()})
        if job.component_id is not None:
            db.execute("update components set pdf_sha256 = ? where id = ? and pdf_sha256 = ?",
                       [new_sha, job.component_id, job.sha256])
        if on_done is not None:
            on_done(db, job, new_sha, len(extended))  # may refuse (raise): then neither the file nor a row changes
        atomic_write_bytes(job.pdf_path, extended)  # last: a crash before the commit re-runs the job on this file
    return get_followup(store, job.id)
