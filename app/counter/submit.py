"""Finish a dossier from existing PDFs and queue it, in one transaction (the headless ``sohoa submit``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.catalog.model import EXEMPT_REASONS, Procedure
from app.catalog.store import Catalog
from app.core.config import Settings
from app.core.errors import BadInputError
from app.core.files import atomic_copy, sha256_file
from app.core.storage import Store, now_iso
from app.dossiers.intake import open_dossier
from app.dossiers.lifecycle import ComponentStatus, DossierStatus
from app.dossiers.model import Applicant
from app.dossiers.reuse import ReuseRef, ReuseStore, parse_reference
from app.dossiers.store import DossierStore
from app.imaging.pdf_intake import check_submitted_pdf
from app.outbox.model import OutboxFile
from app.outbox.queue import enqueue_dossier
from app.papers.workdays import add_working_days, station_calendar


@dataclass(frozen=True)
class ComponentFile:
    name: str
    pdf: Path
    code: str = ""


@dataclass(frozen=True)
class ExemptComponent:
    """A paper of the dossier that is not digitized (shown only, submitted online, …): listed, no file."""

    name: str
    reason: str
    code: str = ""


@dataclass(frozen=True)
class ReusedComponent:
    """A paper the data store holds, given by its reference (result code, số ký hiệu): not scanned, verified
    against the store before the dossier is sent."""

    name: str
    result_code: str
    so_ky_hieu: str
    code: str = ""


def _code_and_name(text: str) -> tuple[str, str]:
    """``"TP01:Tờ khai"`` names the catalog's component code; ``"Tờ khai"`` has none."""
    code, sep, name = text.partition(":")
    return (code.strip(), name.strip()) if sep and code.strip() and name.strip() else ("", text.strip())


def parse_component(text: str) -> ComponentFile:
    name, sep, file = text.partition("=")
    if not sep or not name.strip() or not file.strip():
        raise BadInputError(text, message_vi="Thành phần phải có dạng \"TÊN=TỆP.pdf\".",
                            message_en='A component must look like "NAME=FILE.pdf".')
    code, name = _code_and_name(name)
    return ComponentFile(name, Path(file.strip()), code)


def parse_exempt(text: str) -> ExemptComponent:
    name, sep, reason = text.partition("=")
    reason = reason.strip()
    if not sep or not name.strip() or reason not in EXEMPT_REASONS:
        raise BadInputError(text, message_vi="Thành phần không số hóa phải có dạng \"TÊN=LÝ_DO\", lý do là một "
                            f"trong: {', '.join(EXEMPT_REASONS)}.", message_en='An exempt component must look like '
                            f'"NAME=REASON", the reason one of: {", ".join(EXEMPT_REASONS)}.')
    code, name = _code_and_name(name)
    return ExemptComponent(name, reason, code)


def parse_reuse(text: str) -> ReusedComponent:
    """``"[CODE:]COMPONENT=RESULT_CODE:SO_KY_HIEU"``; COMPONENT is the catalog's code or the paper's name."""
    component, sep, reference = text.partition("=")
    if not sep or not component.strip():
        raise BadInputError(text, message_vi="Giấy tờ tái sử dụng phải có dạng \"THÀNH_PHẦN=MÃ_KẾT_QUẢ:SỐ_KÝ_HIỆU\".",
                            message_en='A reused paper must look like "COMPONENT=RESULT_CODE:SO_KY_HIEU".')
    result_code, number = parse_reference(reference)
    code, name = _code_and_name(component)
    return ReusedComponent(name, result_code, number, code)


def _in_catalog(procedure: Procedure, paper: ReusedComponent) -> ReusedComponent:
    """A component named by the catalog's code alone (or by its name) takes the catalog's name and code."""
    for comp in procedure.components:
        if paper.code == comp.code or (not paper.code and paper.name in (comp.code, comp.name)):
            return ReusedComponent(comp.name, paper.result_code, paper.so_ky_hieu, comp.code)
    return paper


def check_pdf(path: Path) -> None:
    """Refuse a PDF that is broken, cut short, encrypted or holds active content (see :mod:`app.imaging.pdf_intake`)."""
    check_submitted_pdf(path)


def submit_dossier(store: Store, settings: Settings, procedure_code: str, applicant: Applicant,
                   components: Sequence[ComponentFile], destination: str | Sequence[str], *,
                   procedure_name: str = "", exempt: Sequence[ExemptComponent] = (),
                   reuse: Sequence[ReusedComponent] = ()) -> tuple[int, str]:
    """Open a dossier (:func:`app.dossiers.intake.open_dossier`) holding copies of ``components``' PDFs, finish it and
    queue it, all in one transaction; returns (id, code). A procedure outside the station's catalog is taken as
    given (the dossier was received elsewhere). The dossier is queued once for each destination; the appointment
    is set from the procedure's processing days on the station's working-day calendar. ``reuse``: components
    replaced by papers of the citizen's data store, stored unverified (the sync verifies them before sending)."""
    if not components:
        raise BadInputError("no component", message_vi="Hồ sơ cần ít nhất một thành phần.",
                            message_en="A dossier needs at least one component.")
    for component in components:
        check_pdf(component.pdf)
    procedure = Catalog(store).find(procedure_code) or Procedure(procedure_code, procedure_name, "", 0)
    dossiers = DossierStore(store, clerk=settings.station.clerk, station=settings.station.station_id)
    with store.atomic() as db:
        opened = open_dossier(store, settings, procedure, applicant, components=())
        files = []
        for component in components:
            component_id = dossiers.add_component(opened.id, component.name, code=component.code,
                                                  must_digitize=True)
            relative = f"dossiers/{opened.id}/{component_id}/{component.pdf.name}"
            atomic_copy(component.pdf, store.path(relative))
            sha, size = sha256_file(store.path(relative)), store.path(relative).stat().st_size
            dossiers.update_component(component_id, pdf_path=relative, pdf_sha256=sha,
                                      status=ComponentStatus.IMPORTED)
            files.append(OutboxFile(component.pdf.name, Path(relative), sha, size, component=component.name))
        for paper in exempt:
            dossiers.add_component(opened.id, paper.name, code=paper.code, exempt_reason=paper.reason)
        reused = ReuseStore(dossiers)
        for item in (_in_catalog(procedure, r) for r in reuse):
            component_id = dossiers.add_component(opened.id, item.name, code=item.code, must_digitize=True)
            reused.mark(component_id, ReuseRef.shown(item.result_code, item.so_ky_hieu))
        finished = now_iso()
        received = datetime.fromisoformat(finished)
        appointment = add_working_days(received, procedure.processing_days, station_calendar(settings,
                                                                                             received.date()))
        dossiers.set_status(opened.id, DossierStatus.QUEUED, finished_at=finished,
                            appointment_at=appointment.isoformat())
        for name in [destination] if isinstance(destination, str) else dict.fromkeys(destination):
            enqueue_dossier(db, opened.id, files, name)
    return opened.id, opened.code
