"""The applicant's ID card at the counter: the cards cut from the glass become the pages of the component the
catalog marks as the copy of the card, at their real size, through the same import as any scanned page."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from app.capture.idcard import write_sides
from app.catalog.model import CatalogComponent
from app.core.errors import SohoaError
from app.counter.model import ScanOutcome
from app.dossiers.model import Applicant
from app.imaging.cardscan import CardImage
from scanner import CancelToken, ScanOptions
from scanner.model import ColorMode

if TYPE_CHECKING:  # the service loads OCR, signing and the pipeline; the new-dossier form imports this module
    from app.counter.service import CounterService

log = logging.getLogger("sohoa.idcard")


def card_component(service: CounterService, dossier_id: int) -> int | None:
    """The dossier's component that is the copy of the ID card (marked so in the catalog), if it has one."""
    dossier = service.dossier(dossier_id)
    try:
        codes = {c.code for c in service.procedure(dossier["procedure_code"]).components if c.id_card}
    except SohoaError:  # a procedure received elsewhere, no longer in the catalog: no component is marked
        return None
    return next((c["id"] for c in service.components(dossier_id) if c["code"] in codes and c["code"]), None)


def keep_card_copy(service: CounterService, dossier_id: int, sides: Sequence[CardImage],
                   cancel: CancelToken | None = None) -> ScanOutcome | None:
    """The cut cards as the pages of the dossier's ID-card component (None when it has none or nothing was cut).
    Each page keeps the scan's dpi, so the PDF shows the card at 100 %."""
    component = card_component(service, dossier_id)
    if component is None or not sides or not service.can_scan(component):
        return None
    with tempfile.TemporaryDirectory(prefix="cccd-", dir=service.settings.data_path) as folder:
        write_sides(sides, Path(folder))
        options = ScanOptions(dpi=sides[0].dpi, mode=ColorMode.COLOR)
        return service.scan_component(component, f"file:{folder}", options, cancel=cancel)


def open_with_card(service: CounterService, procedure_code: str, applicant: Applicant,
                   components: list[CatalogComponent] | None, extra: list[str],
                   sides: Sequence[CardImage], ticket: str = "") -> int:
    """The new dossier, then the card cut from the glass as its ID-card copy. The dossier stands whatever befalls
    the copy (it is logged, and the clerk can still scan that component), so the form never creates it twice."""
    dossier_id = service.new_dossier(procedure_code, applicant, components, extra, ticket)
    try:
        outcome = keep_card_copy(service, dossier_id, sides)
    except SohoaError as error:
        log.warning("the ID card copy of dossier %d was not kept: %s", dossier_id, error)
    else:
        if outcome is not None and outcome.error is not None:
            log.warning("the ID card copy of dossier %d: %s", dossier_id, outcome.error)
    return dossier_id
