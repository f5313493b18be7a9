"""The results of a dossier: added from when it is received until its result is returned, each kept as PDF/A with its
record, and sent to the province as an update of the dossier (``DanhSachGiayToKetQua``), hidden (``AnGiayTo``) until
the result is returned; returning it moves the dossier to "returned" (TrangThaiHoSo 10) and releases every result.
Each step is one transaction with its audit entry and the outbox entries it causes."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePath
from typing import Any

from sqlite_utils import Database

from app.catalog.store import Catalog
from app.core import audit
from app.core.config import Settings
from app.core.errors import ExitCode, SohoaError
from app.core.files import sha256_file
from app.core.progress import Progress
from app.core.storage import Store, now_iso
from app.dossiers.codes import result_code
from app.dossiers.lifecycle import DossierStatus, Verdict, can_add_result, can_return
from app.dossiers.store import DossierStore
from app.imaging.pdf_intake import check_submitted_pdf
from app.imaging.workers import WorkerPool
from app.outbox.adapters.dvcqg_record import RESULT_FILE_PREFIX
from app.outbox.model import OutboxFile
from app.outbox.queue import enqueue_dossier
from app.results.model import FIELDS, HIDDEN, RELEASED, ResultMeta, corrected
from app.results.pdf import result_pdfa
from app.results.scan import ScannedResult, scan_result
from app.results.seal import COPY, COPY_KIND, KEPT, SIGNED, Signer, checked, signed_name
from app.signing.appearance import Appearance
from app.signing.pin import PinProvider
from scanner import CancelToken, ScanOptions

# destinations that take later changes of a dossier as updates (the SoHoa intake API keeps the first send only)
UPDATABLE = frozenset({"dvcqg"})
RETURNED_STATUS = 10  # TrangThaiHoSo: the result was returned


class ResultRefused(SohoaError):
    """The dossier's state does not allow this now (the lifecycle's answer, in both languages)."""

    exit_code = ExitCode.BLOCKED

    @classmethod
    def of(cls, verdict: Verdict) -> ResultRefused:
        return cls(verdict.reason, message_vi=verdict.message_vi, message_en=verdict.message_en)


@dataclass
class Added:
    id: int
    dossier: str
    code: str
    name: str
    meta: ResultMeta
    pages: int
    pdfa: bool
    kept_as_is: bool
    read_by_ocr: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    queued: list[str] = field(default_factory=list)
    seal: str = ""  # how it was signed (app.results.seal); empty: kept as received

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "dossier": self.dossier, "code": self.code, "name": self.name,
                **self.meta.as_dict(), "pages": self.pages, "pdfa": self.pdfa, "kept_as_is": self.kept_as_is,
                "read_by_ocr": self.read_by_ocr, "missing": self.missing, "findings": self.findings,
                "queued": self.queued, "hidden": True, "seal": self.seal or None}


def copy_look(settings: Settings) -> Appearance:
    """The ND 30/2020 stamp of a copy from paper to electronic made at the station (app.results.seal)."""
    return replace(Appearance.from_settings(settings, visible=True), copy_kind=COPY_KIND)


def seal_look(seal: str, settings: Settings) -> Appearance | None:
    """The signature's look: none for the result itself, the ND 30/2020 stamp for a copy (app.results.seal)."""
    if seal == SIGNED:
        return Appearance(visible=False, agency=settings.station.agency_name)
    if seal == COPY:
        return copy_look(settings)
    return None


def _no_pin(*_args: object, **_kwargs: object) -> str:
    raise ResultRefused("no PIN", message_vi="Cần mã PIN của chữ ký số để ký kết quả.",
                        message_en="The signature's PIN is needed to sign the result.")


def _safe(name: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", PurePath(name).stem).strip("-.")[:60] or "ket-qua"
    return f"{stem}.pdf"


def snapshot(row: dict[str, Any]) -> dict[str, Any]:
    """A result as an update carries it (dvcqg_record.RESULT reads these keys)."""
    return {"id": row["id"], "code": row["code"], "name": row["name"], "pdf_name": row["pdf_name"],
            **{k: row[k] for k in (*FIELDS, "hieu_luc_den")}, "vinh_vien": bool(row["vinh_vien"]),
            "status": row["status"]}


class DossierResults:
    """The verbs on a dossier's results; ``reader`` pre-reads a result's metadata from its PDF (OCR), ``signer``
    signs with the station's certificate (:mod:`app.results.seal`), ``workers`` gives the station's page workers a
    result scan shares with the components' (none: each scan starts its own)."""

    def __init__(self, store: Store, settings: Settings,
                 reader: Callable[[Path], ResultMeta] | None = None, signer: Signer | None = None,
                 workers: Callable[[], WorkerPool] | None = None) -> None:
        self.store = store
        self.settings = settings
        self.reader = reader
        self.signer = signer
        self.workers = workers  # the station's page workers for the session (none: a scan starts its own)
        self.dossiers = DossierStore(store, clerk=settings.station.clerk, station=settings.station.station_id)

    def results(self, dossier_id: int) -> list[dict[str, Any]]:
        return list(self.store.db.table("results").rows_where("dossier_id = ?", [dossier_id], order_by="id"))

    def result_type(self, dossier: dict[str, Any], wanted: str) -> tuple[str, str]:
        procedure = Catalog(self.store).find(dossier["procedure_code"] or "")
        types = {r.code: r.name for r in procedure.results} if procedure else {}
        code = result_code(list(types), wanted)
        return code, types.get(code, "")

    def ready(self, dossier_code: str, result_type: str) -> tuple[str, str]:
        """Refuse now what :meth:`add` would refuse of the dossier and the result type (before a scan runs); the
        result type's code and name."""
        dossier = self.dossiers.by_code(dossier_code)
        verdict = can_add_result(dossier)
        if not verdict:
            raise ResultRefused.of(verdict)
        return self.result_type(dossier, result_type)

    def add(self, dossier_code: str, result_type: str, pdf: Path, meta: ResultMeta, *,
            languages: str = "vie+eng", seal: str = KEPT, pin: PinProvider | None = None,
            also: Callable[[Database, int], None] | None = None) -> Added:
        """Keep the result as PDF/A (``seal``: then signed as the result or stamped as a copy, the PIN asked through
        ``pin`` when the key needs one), hidden from the citizen, and send the dossier's update. ``also(db,
        result_id)`` runs in the same transaction (a backlog record marks itself queued)."""
        dossier = self.dossiers.by_code(dossier_code)
        verdict = can_add_result(dossier)
        if not verdict:
            raise ResultRefused.of(verdict)
        code, name = self.result_type(dossier, result_type)
        look = seal_look(checked(seal), self.settings)  # a bad seal is refused before any work
        if look is not None and self.signer is None:
            raise ResultRefused("no signer", message_vi="Máy trạm này chưa có chữ ký số để ký kết quả.",
                                message_en="This station has no signature to sign the result with.")
        check_submitted_pdf(pdf)  # before anything reads it
        read = self.reader(pdf) if self.reader is not None and meta.missing() else ResultMeta()
        final = meta.merged(read)
        stamp = now_iso().replace(":", "").replace("-", "")[:15]
        relative = f"dossiers/{dossier['id']}/results/{stamp}-{_safe(pdf.name)}"
        built = result_pdfa(pdf, self.store.path(relative), title=f"{name or code} {final.so_ky_hieu}".strip(),
                            languages=languages)
        if look is not None and self.signer is not None:
            sealed = signed_name(relative)
            self.signer(self.store.path(relative), self.store.path(sealed), pin or _no_pin, look)
            relative = sealed
        from_ocr = [k for k in FIELDS if not getattr(meta, k) and getattr(final, k)]
        target = self.store.path(relative)
        sha = sha256_file(target)
        with self.store.atomic() as db:
            table = db.table("results")
            table.insert({
                "dossier_id": dossier["id"], "code": code, "name": name, **final.as_dict(),
                "vinh_vien": int(final.vinh_vien), "pdf_path": relative, "pdf_name": _safe(pdf.name),
                "pdf_sha256": sha, "pdf_size": target.stat().st_size, "pages": built.pages,
                "pdfa": int(built.pdfa), "status": HIDDEN,
                "ocr_fields": json.dumps(read.as_dict(), ensure_ascii=False),
                "corrected": json.dumps(corrected(read, final)), "clerk": self.settings.station.clerk,
                "station": self.settings.station.station_id, "created_at": now_iso(),
            })
            result_id = int(table.last_pk)  # type: ignore[arg-type]
            audit.record(db, audit.Action.RESULT_ADDED, clerk=self.settings.station.clerk,
                         station=self.settings.station.station_id, dossier_code=dossier_code,
                         details={"result": result_id, "code": code, "so_ky_hieu": final.so_ky_hieu,
                                  "sha256": sha, "read_by_ocr": from_ocr, "seal": seal or None})
            queued = self.send_update(db, dossier["id"])
            if also is not None:
                also(db, result_id)
        return Added(result_id, dossier_code, code, name, final, built.pages, built.pdfa, built.kept_as_is,
                     from_ocr, final.missing(), [f.to_dict() for f in built.findings], queued, seal)

    def scan(self, device: str, options: ScanOptions, *, declared: int | None = None,
             cancel: CancelToken | None = None, progress: Progress | None = None) -> ScannedResult:
        """A result scanned from the station's scanner, checked, made PDF/A and pre-read, ready for :meth:`add`."""
        return scan_result(self.store, self.settings, device, options, declared=declared, cancel=cancel,
                           progress=progress, pool=self.workers() if self.workers is not None else None)

    def give_back(self, dossier_code: str, *, electronic_only: bool = False) -> dict[str, Any]:
        """Return the result to the citizen: the dossier becomes "returned", its results are released."""
        dossier = self.dossiers.by_code(dossier_code)
        results = self.results(dossier["id"])
        verdict = can_return(dossier, len(results))
        if not verdict:
            raise ResultRefused.of(verdict)
        mode = "electronic" if electronic_only else "paper"
        now = now_iso()
        with self.store.atomic() as db:
            self.dossiers.set_status(dossier["id"], DossierStatus.RETURNED, returned_at=now, return_mode=mode)
            db.execute("update results set status = ?, released_at = ? where dossier_id = ?",
                       [RELEASED, now, dossier["id"]])
            audit.record(db, audit.Action.RESULT_RETURNED, clerk=self.settings.station.clerk,
                         station=self.settings.station.station_id, dossier_code=dossier_code,
                         details={"mode": mode, "results": [r["id"] for r in results],
                                  "appointment_at": dossier["appointment_at"]})
            queued = self.send_update(db, dossier["id"], status_code=RETURNED_STATUS)
        return {"dossier": dossier_code, "status": DossierStatus.RETURNED.value, "returned_at": now,
                "mode": mode, "results": [r["id"] for r in results], "appointment_at": dossier["appointment_at"],
                "queued": queued}

    def send_update(self, db: Database, dossier_id: int, status_code: int | None = None,
                    only: frozenset[str] | None = None) -> list[str]:
        """An update of the dossier to every destination that took it and takes updates: its files as first sent,
        and every result with its file, in the caller's transaction (``only``: to these destinations)."""
        rows = list(db.table("results").rows_where("dossier_id = ?", [dossier_id], order_by="id"))
        extra: dict[str, Any] = {"results": [snapshot(r) for r in rows]}
        if status_code is not None:
            extra["status_code"] = status_code
        queued = []
        for (destination,) in db.execute("select distinct destination from outbox_entries where dossier_id = ? "
                                         "order by destination", [dossier_id]).fetchall():
            if destination not in UPDATABLE or (only is not None and destination not in only):
                continue
            files = self._first_files(db, dossier_id, destination)
            files += [OutboxFile(r["pdf_name"], Path(r["pdf_path"]), r["pdf_sha256"], r["pdf_size"],
                                 component=f"{RESULT_FILE_PREFIX}{r['id']}") for r in rows]
            enqueue_dossier(db, dossier_id, files, destination, update=True, extra=extra)
            queued.append(destination)
        return queued

    @staticmethod
    def _first_files(db: Database, dossier_id: int, destination: str) -> list[OutboxFile]:
        rows = db.execute("select f.name, f.path, f.sha256, f.size, f.component, f.media_type from outbox_files f "
                          "join outbox_entries e on e.id = f.entry_id where e.dossier_id = ? and e.destination = ? "
                          "and e.revision = 0 order by f.position", [dossier_id, destination]).fetchall()
        return [OutboxFile(name, Path(path), sha, size, component or "", media or "application/pdf")
                for name, path, sha, size, component, media in rows]

