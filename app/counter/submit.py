"""Finish a dossier from existing PDFs and queue it, in one transaction (the headless ``sohoa submit``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app.catalog.model import Procedure
from app.catalog.store import Catalog
from app.core.config import Settings
from app.core.errors import BadInputError
from app.core.files import atomic_copy, sha256_file
from app.core.storage import Store, now_iso
from app.dossiers.intake import open_dossier
from app.dossiers.lifecycle import ComponentStatus, DossierStatus
from app.dossiers.model import Applicant
from app.dossiers.store import DossierStore
from app.imaging.pdf_intake import check_submitted_pdf
from app.outbox.model import OutboxFile
from app.outbox.queue import enqueue_dossier


@dataclass(frozen=True)
class ComponentFile:
    name: str
    pdf: Path


def parse_component(text: str) -> ComponentFile:
    name, sep, file = text.partition("=")
    if not sep or not name.strip() or not file.strip():
        raise BadInputError(text, message_vi="Thành phần phải có dạng \"TÊN=TỆP.pdf\".",
                            message_en='A component must look like "NAME=FILE.pdf".')
    return ComponentFile(name.strip(), Path(file.strip()))


def check_pdf(path: Path) -> None:
    """Refuse a PDF that is broken, cut short, encrypted or holds active content (see :mod:`app.imaging.pdf_intake`)."""
    check_submitted_pdf(path)


def submit_dossier(store: Store, settings: Settings, procedure_code: str, applicant: Applicant,
                   components: Sequence[ComponentFile], destination: str, *,
                   procedure_name: str = "") -> tuple[int, str]:
    """Open a dossier (:func:`app.dossiers.intake.open_dossier`) holding copies of ``components``' PDFs, finish it and
    queue it, all in one transaction; returns (id, code). A procedure outside the station's catalog is taken as
    given (the dossier was received elsewhere)."""
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
            component_id = dossiers.add_component(opened.id, component.name, must_digitize=True)
            relative = f"dossiers/{opened.id}/{component_id}/{component.pdf.name}"
            atomic_copy(component.pdf, store.path(relative))
            sha, size = sha256_file(store.path(relative)), store.path(relative).stat().st_size
            dossiers.update_component(component_id, pdf_path=relative, pdf_sha256=sha,
                                      status=ComponentStatus.IMPORTED)
            files.append(OutboxFile(component.pdf.name, Path(relative), sha, size, component=component.name))
        dossiers.set_status(opened.id, DossierStatus.QUEUED, finished_at=now_iso())
        enqueue_dossier(db, opened.id, files, destination)
    return opened.id, opened.code
