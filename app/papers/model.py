"""What one paper for the applicant says (:class:`Receipt`), below its issuing (:mod:`app.papers.receipts`) and
its layout (:mod:`app.papers.layout`), which both read it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

FORM_RECEIPT = "01"
FORM_SUPPLEMENT = "02"
FORM_REFUSAL = "03"
FORM_CONTROL = "06"
DOCUMENT_NAMES = {FORM_RECEIPT: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
                  FORM_SUPPLEMENT: "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
                  FORM_REFUSAL: "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
                  FORM_CONTROL: "Phiếu kiểm soát quá trình giải quyết hồ sơ"}
FORMS = tuple(DOCUMENT_NAMES)


@dataclass(frozen=True)
class PaperLine:
    name: str
    copies: int
    note: str = ""


@dataclass(frozen=True)
class Receipt:
    """Everything printed on one form, so it can be rendered again identically."""

    form: str
    agency_name: str
    receiving_unit: str
    dossier_code: str
    procedure_code: str
    procedure_name: str
    applicant_name: str
    applicant_id: str
    applicant_address: str
    applicant_phone: str
    applicant_email: str
    components: tuple[PaperLine, ...]
    processing_days: int | None
    received_at: datetime
    appointment_at: datetime | None
    collect_at: str
    register_book: str
    register_number: int
    clerk: str
    issued_at: datetime
    system: str
    items: tuple[str, ...] = ()  # Mẫu 02: what to add or correct
    reason: str = ""
    contact: str = ""
    reasons: tuple[str, ...] = ()  # Mẫu 03: why the dossier is refused
    receipt_ref: str = ""  # Mẫu 06: the receipt (Mẫu 01) it goes with, "number, book"

    @property
    def document_name(self) -> str:
        return DOCUMENT_NAMES[self.form]

    def qr_text(self) -> str:
        """What the QR holds (TT 01/2023): dossier, procedure, applicant's ID, document, system, time, appointment."""
        lines = [f"MaHoSo: {self.dossier_code}", f"MaTTHC: {self.procedure_code}",
                 f"SoGiayToTuyThan: {self.applicant_id}", f"TenGiayTo: {self.document_name}",
                 f"HeThong: {self.system}", f"ThoiGian: {self.issued_at.isoformat()}"]
        if self.appointment_at is not None and self.form == FORM_RECEIPT:
            lines.append(f"NgayHenTra: {self.appointment_at.isoformat()}")
        return "\n".join(lines)
