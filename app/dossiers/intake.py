"""Opening a dossier at the counter: a fresh dossier code, the procedure from the catalog, and its components with
their must-digitize class and exemptions, in the order the catalog lists them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.catalog.model import check_procedure_code
from app.catalog.store import Catalog
from app.core.config import Settings
from app.core.storage import Store
from app.dossiers.codes import DossierCodes
from app.dossiers.store import DossierStore, NewDossier


@dataclass(frozen=True)
class Applicant:
    name: str
    id_number: str = ""
    phone: str = ""
    address: str = ""
    email: str = ""


@dataclass(frozen=True)
class OpenedDossier:
    id: int
    code: str
    procedure_code: str
    components: int


def open_dossier(store: Store, settings: Settings, procedure_code: str, applicant: Applicant, *,
                 clerk: str = "", now: datetime | None = None, with_components: bool = True) -> OpenedDossier:
    """Register a new dossier for ``procedure_code`` (must be in the station's catalog) in one transaction."""
    procedure = Catalog(store).get(check_procedure_code(procedure_code))
    dossiers = DossierStore(store, clerk=clerk or settings.station.clerk, station=settings.station.station_id)
    with store.atomic():
        code = DossierCodes(store, settings).next_code(now)
        dossier_id = dossiers.create(code, NewDossier(
            procedure_code=procedure.code, procedure_name=procedure.name, applicant_name=applicant.name,
            applicant_id=applicant.id_number, applicant_phone=applicant.phone, applicant_address=applicant.address,
            applicant_email=applicant.email))
        components = procedure.components if with_components else ()
        for comp in components:
            dossiers.add_component(dossier_id, comp.name, code=comp.code, category=comp.category,
                                   declared_pages=comp.expected_pages, must_digitize=comp.must_digitize,
                                   exempt_reason=comp.exempt_reason)
    return OpenedDossier(dossier_id, code, procedure.code, len(components))
