"""A result's record as the citizen's data store keeps it (../shared/INTEGRATION.md): number and symbol, date issued,
issuing agency, signer, summary, validity (until a date, or permanent). Dates typed by a clerk are read in the
Vietnamese order (DD/MM/YYYY) or as ISO dates."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from typing import Any

from app.core.errors import BadInputError

FIELDS = ("so_ky_hieu", "ngay_ban_hanh", "co_quan", "nguoi_ky", "trich_yeu")
LABELS_VI = {"so_ky_hieu": "số ký hiệu", "ngay_ban_hanh": "ngày ban hành", "co_quan": "cơ quan ban hành",
             "nguoi_ky": "người ký", "trich_yeu": "trích yếu", "hieu_luc_den": "hiệu lực đến"}
MAX_TEXT = 500
HIDDEN, RELEASED = "hidden", "released"  # a dossier's result: hidden from the citizen until the result is returned


@dataclass(frozen=True)
class ResultMeta:
    so_ky_hieu: str = ""
    ngay_ban_hanh: str = ""  # ISO date
    co_quan: str = ""
    nguoi_ky: str = ""
    trich_yeu: str = ""
    hieu_luc_den: str = ""  # ISO date; empty when permanent or unknown
    vinh_vien: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def missing(self) -> list[str]:
        return [name for name in FIELDS if not getattr(self, name)]

    def merged(self, read: ResultMeta) -> ResultMeta:
        """These fields, each empty one filled from ``read`` (what OCR pre-read)."""
        return replace(self, **{f.name: getattr(read, f.name) for f in fields(self)
                                if f.name in FIELDS and not getattr(self, f.name)})


def parse_date(text: str, field: str) -> str:
    """``YYYY-MM-DD`` or ``DD/MM/YYYY`` (also with dashes or dots) as an ISO date; a clear refusal otherwise."""
    text = text.strip()
    if not text:
        return ""
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    vn = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3])).isoformat()
        if vn:
            return date(int(vn[3]), int(vn[2]), int(vn[1])).isoformat()
    except ValueError:
        pass
    raise BadInputError(text, message_vi=f"Ngày không hợp lệ ở trường {LABELS_VI.get(field, field)}: «{text}» "
                        "(ghi DD/MM/YYYY hoặc YYYY-MM-DD).",
                        message_en=f"Invalid date for {field}: “{text}” (write DD/MM/YYYY or YYYY-MM-DD).")


def clean_text(text: str, field: str) -> str:
    text = " ".join(text.split())
    if len(text) > MAX_TEXT or any(ord(c) < 32 for c in text):
        raise BadInputError(field, message_vi=f"Trường {LABELS_VI.get(field, field)} quá dài hoặc có ký tự điều khiển.",
                            message_en=f"The field {field} is too long or holds control characters.")
    return text


def meta_from_input(*, so_ky_hieu: str | None = None, ngay: str | None = None, co_quan: str | None = None,
                    nguoi_ky: str | None = None, trich_yeu: str | None = None, hieu_luc_den: str | None = None,
                    vinh_vien: bool = False) -> ResultMeta:
    """What the clerk typed, checked (None: not given)."""
    meta = ResultMeta(clean_text(so_ky_hieu or "", "so_ky_hieu"), parse_date(ngay or "", "ngay_ban_hanh"),
                      clean_text(co_quan or "", "co_quan"), clean_text(nguoi_ky or "", "nguoi_ky"),
                      clean_text(trich_yeu or "", "trich_yeu"), parse_date(hieu_luc_den or "", "hieu_luc_den"),
                      vinh_vien)
    if meta.hieu_luc_den and meta.ngay_ban_hanh and meta.hieu_luc_den < meta.ngay_ban_hanh:
        raise BadInputError(meta.hieu_luc_den, message_vi="Ngày hết hiệu lực trước ngày ban hành.",
                            message_en="The validity ends before the date issued.")
    return meta


def corrected(read: ResultMeta, final: ResultMeta) -> list[str]:
    """The fields OCR pre-read that the clerk changed (for the report of corrections)."""
    return [name for name in FIELDS if getattr(read, name) and getattr(read, name) != getattr(final, name)]
