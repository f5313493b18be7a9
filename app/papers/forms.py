"""The machinery of the papers the station prints (TT 03/2025 Annex I forms): an embedded Vietnamese-capable serif
font, the state header, a QR code at the top left (TCVN 7322 = ISO/IEC 18004), paragraphs, tables and signature
blocks, on A5 or A4 through reportlab."""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import segno
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.core.errors import BadInputError, MissingDependencyError
from app.core.files import atomic_write_bytes

FONT = "SoHoaSerif"
PAGE_SIZES = {"A5": A5, "A4": A4}
_FACES = ("Regular", "Bold", "Italic", "BoldItalic")
_WINDOWS_TIMES = {"Regular": "times.ttf", "Bold": "timesbd.ttf", "Italic": "timesi.ttf", "BoldItalic": "timesbi.ttf"}
_DEJAVU = {"Regular": "", "Bold": "-Bold", "Italic": "-Italic", "BoldItalic": "-BoldItalic"}
_lock = threading.Lock()


def font_candidates() -> list[dict[str, Path]]:
    """Times-compatible serif faces with Vietnamese glyphs, best first: Liberation Serif, Times New Roman, DejaVu."""
    found = []
    for folder in ("/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation"):
        found.append({f: Path(folder) / f"LiberationSerif-{f}.ttf" for f in _FACES})
    windir = Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts"
    found.append({f: windir / name for f, name in _WINDOWS_TIMES.items()})
    found.append({f: Path("/usr/share/fonts/truetype/dejavu") / f"DejaVuSerif{s}.ttf" for f, s in _DEJAVU.items()})
    return found


def register_fonts() -> None:
    """Embed the first complete serif family found (once per process)."""
    with _lock:
        if FONT in pdfmetrics.getRegisteredFontNames():
            return
        for family in font_candidates():
            if all(p.is_file() for p in family.values()):
                names = {face: FONT if face == "Regular" else f"{FONT}-{face}" for face in _FACES}
                for face, path in family.items():
                    pdfmetrics.registerFont(TTFont(names[face], str(path)))
                pdfmetrics.registerFontFamily(FONT, normal=names["Regular"], bold=names["Bold"],
                                              italic=names["Italic"], boldItalic=names["BoldItalic"])
                return
        raise MissingDependencyError(
            "Liberation Serif / Times New Roman / DejaVu Serif",
            message_vi="Không tìm thấy phông chữ có dấu tiếng Việt (Liberation Serif hoặc Times New Roman) để in giấy.",
            message_en="No Vietnamese-capable serif font (Liberation Serif or Times New Roman) to print with.")


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    center: ParagraphStyle
    right: ParagraphStyle
    title: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    size: float


def styles(page_size: str) -> Styles:
    size = 9.5 if page_size == "A5" else 12.5
    body = ParagraphStyle("body", fontName=FONT, fontSize=size, leading=size * 1.22, alignment=TA_JUSTIFY,
                          spaceAfter=size * 0.2)
    return Styles(
        body=body,
        center=ParagraphStyle("center", parent=body, alignment=TA_CENTER, spaceAfter=0),
        right=ParagraphStyle("right", parent=body, alignment=TA_RIGHT),
        title=ParagraphStyle("title", parent=body, fontName=f"{FONT}-Bold", fontSize=size + 2,
                             leading=(size + 2) * 1.25, alignment=TA_CENTER, spaceBefore=size * 0.3, spaceAfter=0),
        small=ParagraphStyle("small", parent=body, fontSize=size - 1.5, leading=(size - 1.5) * 1.25,
                             alignment=TA_LEFT, spaceAfter=0),
        cell=ParagraphStyle("cell", parent=body, alignment=TA_LEFT, spaceAfter=0),
        size=size,
    )


def p(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph from plain text (escaped) with ``**bold**`` spans."""
    parts = escape(text).split("**")
    return Paragraph("".join(f"<b>{s}</b>" if i % 2 else s for i, s in enumerate(parts)), style)


class QrCode(Flowable):  # type: ignore[misc]
    """A QR symbol drawn as vector modules (sharp at any printer resolution), quiet zone included."""

    def __init__(self, text: str, size: float) -> None:
        super().__init__()
        self.qr = segno.make(text, error="m", micro=False)
        self.text = text
        self.width = self.height = size

    def draw(self) -> None:
        rows = list(self.qr.matrix_iter(border=4))
        module = self.width / len(rows)
        canvas = self.canv
        canvas.setFillColor(colors.black)
        for y, row in enumerate(rows):
            for x, dark in enumerate(row):
                if dark:
                    canvas.rect(x * module, self.height - (y + 1) * module, module, module, stroke=0, fill=1)


def state_header(agency: str, unit: str, st: Styles, width: float, qr_text: str = "") -> Table:
    """The QR code at the top left, then the agency and receiving unit, then the national title and motto
    (ND 30/2020 layout)."""
    title = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    qr = 20 * mm if st.size < 12 else 25 * mm
    rest = width - (qr + 2 * mm if qr_text else 0)
    widths = [rest * 0.38, rest * 0.62]
    size = min(st.size, st.size * (widths[1] - 4) / pdfmetrics.stringWidth(title, f"{FONT}-Bold", st.size))
    motto = ParagraphStyle("motto", parent=st.center, fontSize=size, leading=size * 1.22)
    left = [p(agency.upper(), st.center), p(f"**{unit.upper()}**", st.center), p("———", st.center)]
    right = [p(f"**{title}**", motto), p("**Độc lập - Tự do - Hạnh phúc**", motto), p("———————", st.center)]
    cells: list[Any] = [left, right]
    if qr_text:
        cells.insert(0, QrCode(qr_text, qr))
        widths.insert(0, qr + 2 * mm)
    table = Table([cells], colWidths=widths)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0)]))
    return table


def grid(header: Sequence[str], rows: Sequence[Sequence[Any]], widths: Sequence[float], st: Styles) -> Table:
    """A ruled table: a bold header row, then text cells (the second column left-aligned) or ready flowables."""
    cells = [[p(f"**{h}**", st.center) for h in header]]
    cells += [[p(c, st.center if i != 1 else st.cell) if isinstance(c, str) else c for i, c in enumerate(row)]
              for row in rows]
    table = Table(cells, colWidths=list(widths), repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    return table


def signatures(blocks: Sequence[tuple[str, str]], st: Styles, width: float) -> Table:
    """Signature blocks side by side: title, "(Ký và ghi rõ họ tên)", room to sign, the printed name; a block
    with no title leaves its column empty."""
    cells = [[p(f"**{title.upper()}**", st.center), Paragraph("<i>(Ký và ghi rõ họ tên)</i>", st.center),
              Spacer(1, st.size * 3.6), p(f"**{name}**" if name else "", st.center)] if title else []
             for title, name in blocks]
    table = Table([cells], colWidths=[width / len(blocks)] * len(blocks))
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def date_line(when: datetime, place: str = "") -> str:
    stamp = f"ngày {when.day:02d} tháng {when.month:02d} năm {when.year}"
    return f"<i>{escape(place)}, {stamp}</i>" if place else f"<i>{stamp[0].upper()}{stamp[1:]}</i>"


class FormPage:
    """Frame geometry and styles for one printed form; ``render`` writes the PDF atomically."""

    def __init__(self, page_size: str = "A5") -> None:
        if page_size not in PAGE_SIZES:
            raise BadInputError(page_size, message_vi="Khổ giấy phải là A5 hoặc A4.",
                                message_en="Paper size must be A5 or A4.")
        register_fonts()
        self.page_size = page_size
        self.size = PAGE_SIZES[page_size]
        self.margins = (12 * mm, 10 * mm) if page_size == "A5" else (20 * mm, 15 * mm)
        self.width = self.size[0] - self.margins[0] * 1.75
        self.styles = styles(page_size)

    def render(self, out: Path, story: list[Flowable], *, title: str, subject: str = "") -> Path:
        buffer = io.BytesIO()
        left, top = self.margins
        doc = SimpleDocTemplate(buffer, pagesize=self.size, leftMargin=left, rightMargin=left * 0.75,
                                topMargin=top, bottomMargin=top, title=title, subject=subject,
                                author="SoHoa", creator="SoHoa", initialFontName=FONT)
        doc.build(story)
        atomic_write_bytes(out, buffer.getvalue())
        return out
