"""Finish a dossier from existing PDFs and queue it, in one transaction (the headless ``sohoa submit``).
The dossier code comes from the station's collision-free allocator (:mod:`app.dossiers.codes`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app.core.config import Settings
from app.core.errors import BadInputError
from app.core.files import atomic_copy, sha256_file
from app.core.storage import Store, now_iso
from app.dossiers.codes import next_dossier_code
from app.dossiers.store import DossierStore, NewDossier
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
    try:
        with path.open("rb") as handle:
            head = handle.read(5)
    except OSError as exc:
        raise BadInputError(str(path), message_vi=f"Không đọc được tệp {path.name}.",
                            message_en=f"Cannot read file {path.name}.") from exc
    if head != b"%PDF-":
        raise BadInputError(str(path), message_vi=f"Tệp {path.name} không phải PDF.",
                            message_en=f"File {path.name} is not a PDF.")


def submit_dossier(store: Store, settings: Settings, new: NewDossier, components: Sequence[ComponentFile],
                   destination: str) -> tuple[int, str]:
    """Create a finished dossier holding copies of ``components``' PDFs and queue it; returns (id, code)."""
    if not components:
        raise BadInputError("no component", message_vi="Hồ sơ cần ít nhất một thành phần.",
                            message_en="A dossier needs at least one component.")
    for component in components:
        check_pdf(component.pdf)
    dossiers = DossierStore(store, clerk=settings.station.clerk, station=settings.station.station_id)
    for attempt in range(5):
        try:
            return _submit_once(store, dossiers, settings, new, components, destination)
        except sqlite3.IntegrityError:
            if attempt == 4:  # another process took the same sequence number each time
                raise
    raise AssertionError("unreachable")


def _submit_once(store: Store, dossiers: DossierStore, settings: Settings, new: NewDossier,
                 components: Sequence[ComponentFile], destination: str) -> tuple[int, str]:
    with store.atomic() as db:
        code = next_dossier_code(store, settings)
        dossier_id = dossiers.create(code, new)
        files = []
        for component in components:
            component_id = dossiers.add_component(dossier_id, component.name, must_digitize=True)
            relative = f"dossiers/{dossier_id}/{component_id}/{component.pdf.name}"
            atomic_copy(component.pdf, store.path(relative))
            sha, size = sha256_file(store.path(relative)), store.path(relative).stat().st_size
            dossiers.update_component(component_id, pdf_path=relative, pdf_sha256=sha, status="done")
            files.append(OutboxFile(component.pdf.name, Path(relative), sha, size, component=component.name))
        db.table("dossiers").update(dossier_id, {"status": "finished", "finished_at": now_iso()})
        enqueue_dossier(db, dossier_id, files, destination)
    return dossier_id, code
