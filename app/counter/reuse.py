"""Reuse before scanning, at the counter: ask the citizen's data store which of the procedure's components exist
already as valid electronic papers, mark one reused (nothing scanned), take a reference the citizen shows when
the store cannot be asked, open the stored file to compare, and verify shown references once the network is back
(the outbox's sync worker runs :class:`ReuseFollowups` before sending)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from app.core import audit
from app.core.config import Settings
from app.core.errors import BadInputError
from app.core.files import atomic_write_bytes
from app.core.storage import Store
from app.dossiers.intake import find_procedure
from app.dossiers.reuse import ReuseRef, ReuseStore
from app.dossiers.store import DossierStore
from app.lookups.gateway import kho_source, kho_url
from app.lookups.matching import ComponentPapers, per_component
from app.lookups.model import KhoPaper, KhoSource, LookupUnavailable
from app.lookups.trail import record_lookup
from app.outbox.queue import refresh_snapshot

log = logging.getLogger("sohoa.counter")
KhoFactory = Callable[[], KhoSource]


def _ids(papers: Sequence[KhoPaper]) -> list[dict[str, str]]:
    return [{"MaKetQua": p.result_code, "SoKyHieu": p.so_ky_hieu} for p in papers]


def _same(ref: ReuseRef, paper: KhoPaper) -> bool:
    """The store's paper is the one the citizen showed: the same result code and number, where given."""
    return ((not ref.result_code or ref.result_code == paper.result_code)
            and (not ref.so_ky_hieu or ref.so_ky_hieu.casefold() == paper.so_ky_hieu.casefold()))


class ReuseDesk:
    def __init__(self, settings: Settings, store: Store, kho: KhoFactory | None = None) -> None:
        self.settings = settings
        self.store = store
        self.dossiers = DossierStore(store, clerk=settings.station.clerk, station=settings.station.station_id)
        self.reuse = ReuseStore(self.dossiers)
        self._kho = kho or (lambda: kho_source(settings))
        self._given = kho is not None

    @property
    def configured(self) -> bool:
        """Whether a data store is configured at all (else only references the citizen shows can be taken)."""
        return self._given or bool(kho_url(self.settings))

    def _lookup(self, owner_id: str, name: str, procedure_code: str, wanted: Sequence[tuple[str, str]] = (),
                dossier_code: str | None = None) -> list[KhoPaper]:
        """One lookup, always in the audit trail, answered or not."""
        station = self.settings.station
        source = self._kho()
        try:
            papers = source.find(owner_id, name, procedure_code, wanted)
        except LookupUnavailable as exc:
            record_lookup(self.store, audit.Action.KHO_LOOKUP, clerk=station.clerk, station=station.station_id,
                          personal_id=owner_id, answer={"error": "unavailable", "detail": exc.detail[:200]},
                          dossier_code=dossier_code, procedure=procedure_code)
            raise
        finally:
            source.close()
        record_lookup(self.store, audit.Action.KHO_LOOKUP, clerk=station.clerk, station=station.station_id,
                      personal_id=owner_id, answer={"found": len(papers), "papers": _ids(papers)},
                      dossier_code=dossier_code, procedure=procedure_code, wanted=[list(w) for w in wanted])
        return papers

    def find(self, applicant_id: str, procedure_code: str, applicant_name: str = "") -> list[ComponentPapers]:
        """``sohoa reuse find``: per component of the catalog's procedure, the papers found for the applicant."""
        if not applicant_id.strip().isdigit() or len(applicant_id.strip()) not in (9, 12):
            raise BadInputError(applicant_id, message_vi="Số định danh phải có 12 chữ số (hoặc 9 chữ số CMND cũ).",
                                message_en="The personal ID must have 12 digits (or 9 for an old ID card).")
        procedure = find_procedure(self.store, procedure_code)
        papers = self._lookup(applicant_id.strip(), applicant_name, procedure.code)
        return per_component([{"code": c.code, "name": c.name} for c in procedure.components], papers)

    def find_for_dossier(self, dossier_id: int) -> list[ComponentPapers]:
        """The dossier's components that can still be reused (nothing scanned), each with the papers found."""
        dossier = self.dossiers.get(dossier_id)
        papers = self._lookup(dossier["applicant_id"] or "", dossier["applicant_name"] or "",
                              dossier["procedure_code"], dossier_code=dossier["code"])
        components = [c for c in self.dossiers.components(dossier_id) if not c["exempt_reason"]]
        return per_component(components, papers)

    def mark(self, component_id: int, paper: KhoPaper) -> ReuseRef:
        ref = ReuseRef.from_paper(paper)
        self.reuse.mark(component_id, ref)
        return ref

    def mark_shown(self, component_id: int, result_code: str, so_ky_hieu: str, name: str = "") -> ReuseRef:
        """A reference the citizen shows: stored unverified, checked against the store when it can be reached."""
        ref = ReuseRef.shown(result_code, so_ky_hieu, name)
        self.reuse.mark(component_id, ref)
        return ref

    def undo(self, component_id: int) -> None:
        self.reuse.undo(component_id)

    def references(self, dossier_id: int) -> dict[int, ReuseRef]:
        return self.reuse.of_dossier(dossier_id)

    def fetch(self, dossier_id: int, paper: KhoPaper) -> Path:
        """The stored file of ``paper`` (``GetGiayToByUrl``), kept under the dossier's folder so the clerk can open
        it next to the paper in hand; the fetch is in the audit trail like the lookup."""
        if not paper.files:
            raise BadInputError(paper.so_ky_hieu, message_vi="Giấy tờ này không có tệp đính kèm trong kho.",
                                message_en="This paper has no file in the data store.")
        dossier = self.dossiers.get(dossier_id)
        source = self._kho()
        try:
            name, data = source.fetch(paper.agency, paper.files[0].url)
        finally:
            source.close()
        station = self.settings.station
        record_lookup(self.store, audit.Action.KHO_LOOKUP, clerk=station.clerk, station=station.station_id,
                      personal_id=dossier["applicant_id"] or "", dossier_code=dossier["code"],
                      answer={"file": paper.files[0].url, "bytes": len(data)})
        safe = Path(name).name or "giay-to.pdf"
        out = self.store.path(f"dossiers/{dossier_id}/kho/{paper.result_code or 'kq'}-{safe}")
        atomic_write_bytes(out, data)
        return out

    def verify_pending(self) -> int:
        """Check every unverified reference against the data store; returns how many were settled. Stops at the
        first lookup the store cannot answer (the others would wait out the same timeout)."""
        settled = 0
        for item in self.reuse.pending():
            ref: ReuseRef = item["ref"]
            try:
                papers = self._lookup(item["applicant_id"] or "", item["applicant_name"] or "",
                                      item["procedure_code"], [(ref.result_code, ref.so_ky_hieu)], item["code"])
            except LookupUnavailable:
                break
            found = next((p for p in papers if _same(ref, p)), None)
            with self.store.atomic() as db:
                self.reuse.settle(int(item["component_id"]), found)
                refresh_snapshot(db, int(item["dossier_id"]))
            settled += 1
        return settled

    def unverified(self, dossier_id: int) -> bool:
        return any(r.verification == "unverified" for r in self.reuse.of_dossier(dossier_id).values())


class ReuseFollowups:
    """The outbox's ``FollowupRunner`` for shown references: verified before the dossier leaves; a dossier waits
    while one of its references is still unverified."""

    def __init__(self, desk: ReuseDesk) -> None:
        self.desk = desk

    def run_pending(self) -> int:
        try:
            return self.desk.verify_pending()
        except Exception:  # the store's problem must not keep the other dossiers waiting
            log.exception("reuse verification")
            return 0

    def blocks(self, dossier_id: int) -> bool:
        return self.desk.unverified(dossier_id)


def reuse_rows(found: Sequence[ComponentPapers]) -> list[Mapping[str, Any]]:
    return [c.as_dict() for c in found]
