"""The text of the chip ID card's QR code (thẻ Căn cước công dân gắn chip, thẻ Căn cước):
``ID|old ID|Name|DOB ddmmyyyy|Sex|Address|Issue date ddmmyyyy``, read into a typed record. What the ID's own
structure says against the card's other fields is a warning: the card is read as it is, never refused for it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.core.errors import BadInputError
from app.core.vietnamese import fold
from app.dossiers.identity import FEMALE, MALE, IdProblem, id_problems
from app.dossiers.model import Applicant

FIELDS = 7  # newer cards may add fields after the issue date; they are ignored
_TWELVE = re.compile(r"\d{12}")
_DATE = re.compile(r"\d{8}")
_SEXES = {"nam": MALE, "nu": FEMALE, "male": MALE, "female": FEMALE}


class NotAnIdCard(BadInputError):
    message_vi = "Nội dung mã QR không phải của thẻ căn cước (cần: số định danh|số CMND cũ|họ tên|ngày sinh|...)."
    message_en = "The QR text is not an ID card's (expected: ID|old ID|name|date of birth|...)."


def _date(text: str, what: str) -> date:
    text = text.strip()
    if not _DATE.fullmatch(text):
        raise NotAnIdCard(f"{what}: {text!r}")
    try:
        return date(int(text[4:]), int(text[2:4]), int(text[:2]))
    except ValueError as exc:
        raise NotAnIdCard(f"{what}: {text!r}") from exc


@dataclass(frozen=True)
class IdCard:
    """What the card's QR states: dates as dates, sex as the model's values (``nam``, ``nu`` or empty)."""

    personal_id: str
    old_id: str
    name: str
    birth: date
    sex: str
    address: str
    issued: date | None

    def as_json(self) -> dict[str, Any]:
        return {"id": self.personal_id, "old_id": self.old_id, "name": self.name, "dob": self.birth.isoformat(),
                "sex": self.sex, "address": self.address,
                "issued": self.issued.isoformat() if self.issued else None}

    def applicant(self, phone: str = "", email: str = "") -> Applicant:
        return Applicant(self.name, self.personal_id, phone, self.address, email, birth_date=self.birth.isoformat(),
                         sex=self.sex)

    def warnings(self, today: date | None = None) -> list[IdProblem]:
        """Where the ID's structure (province, century and sex digit, birth year) disagrees with the card, or names
        no province: all shown to the clerk, none stops the reading."""
        return id_problems(self.personal_id, birth=self.birth, sex=self.sex, today=today)


def looks_like_card(text: str) -> bool:
    """Whether ``text`` has the card's shape (twelve digits, then the fields): a keyboard-wedge reader's burst."""
    parts = text.strip().split("|")
    return len(parts) >= FIELDS and bool(_TWELVE.fullmatch(parts[0].strip()))


def parse_card(text: str) -> IdCard:
    """The card from its QR text; :class:`NotAnIdCard` when the text is not a card's."""
    parts = [p.strip() for p in text.strip().strip("\x00").split("|")]
    if len(parts) < FIELDS:
        raise NotAnIdCard(f"{len(parts)} trường / fields")
    personal_id, old_id, name, born, sex, address, issued = parts[:FIELDS]
    if not _TWELVE.fullmatch(personal_id):
        raise NotAnIdCard(f"ID: {personal_id!r}")
    if not name:
        raise NotAnIdCard("họ tên trống / no name")
    return IdCard(personal_id, old_id, " ".join(name.split()), _date(born, "ngày sinh / date of birth"),
                  _SEXES.get(fold(sex), ""), " ".join(address.split()),
                  _date(issued, "ngày cấp / issue date") if issued else None)
