"""Separator sheets: a QR that says "next document" (optionally the result type and the dossier it belongs to) and a
patch-T style bar a person sees at a glance in the stack. Only the QR is read; the bars are for the eye."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.core.errors import BadInputError
from app.core.files import atomic_write_bytes
from app.papers.forms import FONT, QrCode, register_fonts

PREFIX = "SOHOA-SEP/1"
NEXT = "NEXT"
TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,79}")
# patch-code look: two wide bars (5.1 mm) and two narrow ones (2 mm), three 2 mm spaces (Kodak's patch geometry)
PATCH_BARS = (5.1, 2.0, 2.0, 5.1)
PATCH_SPACE = 2.0
QR_SIZE = 70 * mm
MAX_SHEETS = 500


@dataclass(frozen=True)
class Separator:
    """What a separator sheet carries: "next document", and optionally the result type and the dossier code."""

    result_type: str = ""
    dossier: str = ""

    def text(self) -> str:
        parts = [PREFIX, NEXT]
        if self.result_type:
            parts.append(f"KQ={self.result_type}")
        if self.dossier:
            parts.append(f"HS={self.dossier}")
        return " ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        return {"result_type": self.result_type or None, "dossier": self.dossier or None}


def checked(value: str, what_vi: str, what_en: str) -> str:
    value = value.strip()
    if value and not TOKEN.fullmatch(value):
        raise BadInputError(value, message_vi=f"{what_vi} «{value}» không hợp lệ (chỉ chữ, số, dấu chấm, gạch).",
                            message_en=f"Invalid {what_en} “{value}” (letters, digits, dots and dashes only).")
    return value


def make_separator(result_type: str = "", dossier: str = "") -> Separator:
    return Separator(checked(result_type, "Mã kết quả", "result type code"),
                     checked(dossier, "Mã hồ sơ", "dossier code"))


def parse(text: str) -> Separator | None:
    """The separator a QR's text names, or None when it is any other QR (a receipt's, a decision's own)."""
    parts = text.strip().split()
    if len(parts) < 2 or parts[0] != PREFIX or parts[1] != NEXT:
        return None
    fields: dict[str, str] = {}
    for part in parts[2:]:
        key, sep, value = part.partition("=")
        if sep and key in ("KQ", "HS") and TOKEN.fullmatch(value):
            fields[key] = value
    return Separator(fields.get("KQ", ""), fields.get("HS", ""))


def _patch(canvas: Canvas, x: float, y: float, height: float) -> None:
    for width in PATCH_BARS:
        canvas.rect(x, y, width * mm, height, stroke=0, fill=1)
        x += (width + PATCH_SPACE) * mm


def _sheet(canvas: Canvas, separator: Separator) -> None:
    width, height = A4
    canvas.setFillColor(colors.black)
    patch_width = (sum(PATCH_BARS) + PATCH_SPACE * (len(PATCH_BARS) - 1)) * mm
    for y in (height - 60 * mm, 15 * mm):  # at both ends: whichever edge the feeder takes first
        _patch(canvas, (width - patch_width) / 2, y, 45 * mm)
    canvas.setFont(f"{FONT}-Bold", 22)
    canvas.drawCentredString(width / 2, height - 75 * mm, "TỜ PHÂN CÁCH — TÀI LIỆU TIẾP THEO")
    canvas.setFont(FONT, 13)
    canvas.drawCentredString(width / 2, height - 83 * mm, "Separator sheet — next document (not part of any document)")
    qr = QrCode(separator.text(), QR_SIZE)
    qr.drawOn(canvas, (width - QR_SIZE) / 2, height / 2 - QR_SIZE / 2 - 12 * mm)
    canvas.setFont(FONT, 14)
    lines = [f"Loại kết quả: {separator.result_type}" if separator.result_type else "",
             f"Mã hồ sơ: {separator.dossier}" if separator.dossier else ""]
    y = height / 2 - QR_SIZE / 2 - 22 * mm
    for line in filter(None, lines):
        canvas.drawCentredString(width / 2, y, line)
        y -= 7 * mm


def separator_pdf(out: Path, sheets: Sequence[Separator]) -> Path:
    """A PDF of separator sheets (A4, one a page), written atomically."""
    if not 1 <= len(sheets) <= MAX_SHEETS:
        raise BadInputError(f"{len(sheets)} sheets", message_vi=f"Số tờ phân cách phải từ 1 đến {MAX_SHEETS}.",
                            message_en=f"The number of separator sheets must be 1 to {MAX_SHEETS}.")
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle("Tờ phân cách tài liệu / separator sheets")
    canvas.setCreator("SoHoa")
    for separator in sheets:
        _sheet(canvas, separator)
        canvas.showPage()
    canvas.save()
    atomic_write_bytes(out, buffer.getvalue())
    return out
