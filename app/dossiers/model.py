"""What a dossier is made of at the counter: the applicant (one definition, for the window, the CLI and the
demo), the fields of a new dossier, and a stored page."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.dossiers.identity import FEMALE, MALE, IdProblem, id_problems

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
    birth_date: str = ""  # ISO date, optional: checked against the personal ID
    sex: str = ""  # "nam", "nu" or empty

    def birth(self) -> date | None:
        try:
            return date.fromisoformat(self.birth_date.strip()) if self.birth_date.strip() else None
        except ValueError:
            return None

    def _id_problems(self) -> list[IdProblem]:
        return id_problems(self.personal_id, birth=self.birth(), sex=self.sex)

    def problems(self) -> list[tuple[str, str, str]]:
        """(field, message_vi, message_en) for each invalid field; empty when the applicant can be saved."""
        found = []
        if len(self.name.strip()) < 2:
            found.append(("name", "Nhập họ và tên người nộp.", "Enter the applicant's full name."))
        found += [("personal_id", p.message_vi, p.message_en) for p in self._id_problems() if p.blocking]
        if self.birth_date.strip() and self.birth() is None:
            found.append(("birth_date", "Ngày sinh không hợp lệ (năm-tháng-ngày).",
                          "Invalid date of birth (year-month-day)."))
        if self.sex not in ("", MALE, FEMALE):
            found.append(("sex", "Giới tính không hợp lệ.", "Invalid sex."))
        if self.phone.strip() and not PHONE.match(self.phone.strip()):
            found.append(("phone", "Số điện thoại không hợp lệ.", "Invalid phone number."))
        return found

    def warnings(self) -> list[tuple[str, str, str]]:
        """(field, message_vi, message_en) for what disagrees without being impossible: the personal ID against
        the date of birth and sex typed (the clerk checks the paper; the dossier can still be saved)."""
        return [("personal_id", p.message_vi, p.message_en) for p in self._id_problems() if not p.blocking]


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
    applicant_dob: str = ""
    applicant_sex: str = ""

    @classmethod
    def of(cls, procedure_code: str, procedure_name: str, applicant: Applicant) -> NewDossier:
        return cls(procedure_code=procedure_code, procedure_name=procedure_name, applicant_name=applicant.name.strip(),
                   applicant_id=applicant.personal_id.strip(), applicant_phone=applicant.phone.strip(),
                   applicant_address=applicant.address.strip(), applicant_email=applicant.email.strip(),
                   applicant_dob=applicant.birth_date.strip(), applicant_sex=applicant.sex)
