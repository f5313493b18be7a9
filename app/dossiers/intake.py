"""Opening a dossier at the counter, the one way the window, ``sohoa intake``, ``sohoa submit`` and the demo
do it: the applicant checked, the procedure from the catalog, a fresh dossier code, the dossier, its components (the
catalog's, in its order, or those the clerk chose) and the audit entry, in one transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from app.catalog.model import CatalogComponent, Procedure, check_procedure_code
from app.catalog.store import Catalog
from app.core.config import Settings
from app.core.errors import BadInputError, NotFoundError
from app.core.storage import Store
from app.dossiers import queue
from app.dossiers.codes import DossierCodes
from app.dossiers.model import Applicant, NewDossier
from app.dossiers.store import DossierStore

CODE_ATTEMPTS = 5  # another process may take the same sequence number; each attempt takes a fresh one


@dataclass(frozen=True)
class OpenedDossier:
    id: int
    code: str
    procedure_code: str
    components: tuple[int, ...]  # component ids, in order


def find_procedure(store: Store, procedure_code: str) -> Procedure:
    """The procedure as the station's catalog holds it; a clear error when it is not there."""
    code = check_procedure_code(procedure_code.strip())
    found = Catalog(store).find(code)
    if found is None:
        raise NotFoundError(code, message_vi=f"Không có thủ tục {code} trong danh mục.",
                            message_en=f"Procedure {code} is not in the catalog.")
    return found


def check_applicant(applicant: Applicant) -> None:
    """The counter's rule for a new applicant (the window and the demo); imports of finished dossiers skip it."""
    problems = applicant.problems()
    if problems:
        field_name, vi, en = problems[0]
        raise BadInputError(field_name, message_vi=vi, message_en=en)


def open_dossier(store: Store, settings: Settings, procedure: Procedure | str, applicant: Applicant,
                 components: Sequence[CatalogComponent] | None = None, *, extra: Sequence[str] = (),
                 clerk: str = "", now: datetime | None = None, ticket: str = "") -> OpenedDossier:
    """Register a new dossier for ``procedure`` (a code must be in the station's catalog). ``components``: the
    catalog components the clerk chose (default: all of them); ``extra``: names of papers outside the catalog;
    ``ticket``: the citizen's queue ticket, with the station's latest call (:mod:`app.dossiers.queue`).
    Inside a caller's transaction it joins it, so the caller can add to the dossier atomically."""
    if isinstance(procedure, str):
        procedure = find_procedure(store, procedure)
    chosen = [*(procedure.components if components is None else components),
              *(CatalogComponent(code="", name=name.strip()) for name in extra if name.strip())]
    dossiers = DossierStore(store, clerk=clerk or settings.station.clerk, station=settings.station.station_id)
    for attempt in range(CODE_ATTEMPTS):
        try:
            with store.atomic():
                code = DossierCodes(store, settings).next_code(now)
                dossier_id = dossiers.create(code, NewDossier.of(procedure.code, procedure.name, applicant))
                ids = tuple(dossiers.add_component(dossier_id, c.name, code=c.code, category=c.category,
                                                   declared_pages=c.expected_pages, must_digitize=c.must_digitize,
                                                   exempt_reason=c.exempt_reason, copies=c.copies)
                            for c in chosen)
                queue.attach(store.db, dossier_id, ticket, settings.station.station_id)
            return OpenedDossier(dossier_id, code, procedure.code, ids)
        except sqlite3.IntegrityError:
            if attempt == CODE_ATTEMPTS - 1:  # another process took the same sequence number each time
                raise
    raise AssertionError("unreachable")
