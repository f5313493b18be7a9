"""The counter's papers besides the receipt (TT 03/2025 Annex I): refusing to receive a dossier (Mẫu 03, with the
reasons; the dossier moves to refused in the same transaction as the paper's register entry and audit record) and
the processing control slip (Mẫu 06) that goes with a received dossier's papers. The window and ``sohoa receipt``
both issue them here."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from app.core.config import Settings
from app.core.errors import BadInputError
from app.core.storage import Store
from app.counter.model import NotReady
from app.dossiers import lifecycle
from app.dossiers.lifecycle import DossierStatus
from app.dossiers.store import DossierStore
from app.papers.model import FORM_CONTROL, FORM_RECEIPT, FORM_REFUSAL, FORMS, Receipt
from app.papers.receipts import issue_control_slip, issue_receipt, issue_refusal, issue_supplement_request, render

CONTROL_SLIP_PAPER = "A4"  # its hand-over table needs the width; the receipt's paper setting is for 01-03


class CounterPapers:
    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings = settings
        self.store = store
        station = settings.station
        self.dossiers = DossierStore(store, clerk=station.clerk, station=station.station_id)

    def refuse(self, code: str, reasons: Sequence[str], *, now: datetime | None = None) -> Receipt:
        """Mẫu 03 for a dossier still at the counter, which is then refused (a terminal state); for a dossier
        already refused, the same paper again (its reasons as first recorded, ``reasons`` unused)."""
        with self.store.atomic():
            dossier = self.dossiers.by_code(code)
            refused = dossier["status"] == DossierStatus.REFUSED
            if not refused:
                verdict = lifecycle.can_refuse(dossier)
                if not verdict:
                    raise NotReady(code, message_vi=verdict.message_vi, message_en=verdict.message_en)
            receipt = issue_refusal(self.store, self.settings, code, reasons, now=now)
            if not refused:
                self.dossiers.set_status(dossier["id"], DossierStatus.REFUSED,
                                         finished_at=receipt.issued_at.isoformat())
        return receipt

    def control_slip(self, code: str, *, now: datetime | None = None) -> Receipt:
        """Mẫu 06 for a received dossier (its receipt issued); a reprint keeps its number."""
        with self.store.atomic():
            verdict = lifecycle.can_hand_over(self.dossiers.by_code(code))
            if not verdict:
                raise NotReady(code, message_vi=verdict.message_vi, message_en=verdict.message_en)
            return issue_control_slip(self.store, self.settings, code, now=now)

    def refusal_pdf(self, dossier_id: int, reasons: Sequence[str]) -> Path:
        """The window's refusal: issued, then laid out on the receipt's paper in the dossier's folder."""
        code = self.dossiers.get(dossier_id)["code"]
        out = self.store.path(f"dossiers/{dossier_id}/tu-choi-tiep-nhan-{code}.pdf")
        return render(self.refuse(code, reasons), out, self.settings.station.receipt_paper)

    def control_slip_pdf(self, dossier_id: int) -> Path:
        code = self.dossiers.get(dossier_id)["code"]
        out = self.store.path(f"dossiers/{dossier_id}/phieu-kiem-soat-{code}.pdf")
        return render(self.control_slip(code), out, CONTROL_SLIP_PAPER)


def print_form(store: Store, settings: Settings, form: str, code: str, out: Path, *, size: str | None = None,
               reasons: Sequence[str] = (), items: Sequence[str] = (), contact: str = "",
               collect_at: str = "") -> Path:
    """``sohoa receipt``: issue form ``form`` (01, 02, 03 or 06) for dossier ``code`` and write its PDF, on ``size``
    or the form's own paper (A4 for the control slip, A5 for the others). Bad input writes nothing."""
    if form not in FORMS:
        raise BadInputError(form, message_vi="Mẫu phải là 01 (giấy tiếp nhận), 02 (yêu cầu bổ sung), 03 (từ chối "
                            "tiếp nhận) hoặc 06 (phiếu kiểm soát).", message_en="The form must be 01, 02, 03 or 06.")
    papers = CounterPapers(settings, store)
    if form == FORM_RECEIPT:
        receipt = issue_receipt(store, settings, code, collect_at=collect_at)
    elif form == FORM_REFUSAL:
        receipt = papers.refuse(code, reasons)
    elif form == FORM_CONTROL:
        receipt = papers.control_slip(code)
    else:
        receipt = issue_supplement_request(store, settings, code, items, reason="; ".join(reasons), contact=contact)
    return render(receipt, out, size or (CONTROL_SLIP_PAPER if form == FORM_CONTROL else "A5"))
