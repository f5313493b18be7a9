"""What a dossier is made of at the counter: the applicant (one definition, for the window, the CLI and the
demo), the fields of a new dossier, and a stored page."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

PERSONAL_ID = re.compile(r"^\d{12}$")
PHONE = re.compile(r"^\+?[0-9 .-]{8,15}$")


@dataclass(frozen=True)
class Applicant:
    """Who submits the dossier (người nộp hồ sơ)."""

    name: str
    personal_id: str = ""
    phone: str = ""
    address: str = ""
    email: str = ""

    def problems(self) -> list[tuple[str, str, str]]:
        """(field, message_vi, message_en) for each invalid field; empty when the applicant can be saved."""
        found = []
        if len(self.name.strip()) < 2:
            found.append(("name", "Nhập họ và tên người nộp.", "Enter the applicant's full name."))
        if not PERSONAL_ID.match(self.personal_id.strip()):
            found.append(("personal_id", "Số định danh cá nhân phải gồm đúng 12 chữ số.",
                          "The personal ID number must be exactly 12 digits."))
        if self.phone.strip() and not PHONE.match(self.phone.strip()):
            found.append(("phone", "Số điện thoại không hợp lệ.", "Invalid phone number."))
        return found


@dataclass
class PageRecord:
    id: int
    component_id: int
    position: float
    seq: int
    file: str
    sha256: str
    dpi: int
    width: int
    height: int
    mode: str
    side: str
    status: str
    actions: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> PageRecord:
        return cls(
            id=row["id"], component_id=row["component_id"], position=row["position"], seq=row["seq"],
            file=row["file"], sha256=row["sha256"], dpi=row["dpi"], width=row["width"], height=row["height"],
            mode=row["mode"], side=row["side"] or "front", status=row["status"],
            actions=json.loads(row["actions"] or "[]"),
        )


@dataclass
class NewDossier:
    procedure_code: str
    applicant_name: str
    applicant_id: str = ""
    procedure_name: str = ""
    applicant_phone: str = ""
    applicant_address: str = ""
    applicant_email: str = ""
    appointment_at: str = ""

    @classmethod
    def of(cls, procedure_code: str, procedure_name: str, applicant: Applicant) -> NewDossier:
        return cls(procedure_code=procedure_code, procedure_name=procedure_name, applicant_name=applicant.name.strip(),
                   applicant_id=applicant.personal_id.strip(), applicant_phone=applicant.phone.strip(),
                   applicant_address=applicant.address.strip(), applicant_email=applicant.email.strip())
