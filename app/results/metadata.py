"""A result's record pre-read from its first page by OCR, for the clerk to confirm: the number ("Số: 123/QĐ-UBND"),
the date ("…, ngày 12 tháng 5 năm 2021"), the issuing agency (the header block at the top left), the summary (the
lines after the document type) and the signer (the name under the signature block, on the last page when the first
has none). Words are regrouped into lines by position, so the two header columns never run together."""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PIL import Image

from app.core.vietnamese import nfc
from app.imaging.ocr import OcrEngine, Word
from app.results.model import ResultMeta
from scanner.file_pages import load_page, probe_file

MAX_DPI = 300
DOC_TYPES = ("QUYẾT ĐỊNH", "GIẤY PHÉP", "GIẤY CHỨNG NHẬN", "GIẤY XÁC NHẬN", "THÔNG BÁO", "CHỨNG CHỈ", "GIẤY ĐĂNG KÝ",
             "CÔNG VĂN", "VĂN BẢN", "CHỨNG THƯ", "GIẤY BIÊN NHẬN", "NGHỊ QUYẾT", "CHỈ THỊ", "KẾT LUẬN")
ISSUER_HEADS = ("SỞ ", "PHÒNG ", "BAN ", "CỤC ", "CHI CỤC ", "TRUNG TÂM ", "VĂN PHÒNG ", "THANH TRA ", "BỘ CHỈ HUY ",
                "CÔNG AN ", "TỔNG CỤC ", "VỤ ")
NUMBER = re.compile(r"\bS[ốỐôo0-9]\s*[:;.,]?\s*([0-9]{1,6}\s*/\s*[0-9A-Za-zĐđ][0-9A-Za-zĐđ\-/. ]*)")
DATE = re.compile(r"ng[àa]y\s+(\d{1,2})\s+th[áa]ng\s+(\d{1,2})\s+n[ăa]m\s+(\d{4})", re.IGNORECASE)
NAME_WORD = re.compile(r"[A-ZÀ-ỸĐ][a-zà-ỹđ]+")


@dataclass
class Line:
    text: str
    left: int
    top: int
    right: int
    bottom: int
    confidence: float = 0.0

    @property
    def center(self) -> float:
        return (self.left + self.right) / 2

    @property
    def height(self) -> int:
        return self.bottom - self.top


def lines_of(words: Sequence[Word]) -> list[Line]:
    """Words regrouped into lines: rows by vertical overlap, a row cut where the gap is wider than ~3 letters."""
    words = sorted((w for w in words if w.text.strip()), key=lambda w: (w.box[1] + w.box[3]) / 2)
    rows: list[list[Word]] = []
    for word in words:
        middle = (word.box[1] + word.box[3]) / 2
        if rows:
            last = rows[-1]
            top = statistics.median(w.box[1] for w in last)
            bottom = statistics.median(w.box[3] for w in last)
            if top <= middle <= bottom:
                last.append(word)
                continue
        rows.append([word])
    lines: list[Line] = []
    for row in rows:
        row.sort(key=lambda w: w.box[0])
        height = statistics.median(w.box[3] - w.box[1] for w in row)
        part = [row[0]]
        for word in row[1:]:
            if word.box[0] - part[-1].box[2] > 3 * height:
                lines.append(_line(part))
                part = []
            part.append(word)
        lines.append(_line(part))
    return lines  # row by row from the top, each row left to right


def _confidence(words: Sequence[Word]) -> float:
    return min((w.confidence for w in words), default=0.0)


def _line(words: list[Word]) -> Line:
    return Line(nfc(" ".join(w.text for w in words)), min(w.box[0] for w in words), min(w.box[1] for w in words),
                max(w.box[2] for w in words), max(w.box[3] for w in words), _confidence(words))


def _upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _rule(text: str) -> bool:
    return not any(c.isalnum() for c in text)


SYMBOL_FIXES = {"QD": "QĐ", "ND": "NĐ", "HD": "HĐ", "GCN": "GCN"}  # document-type abbreviations OCR reads bare


def _symbol(found: str) -> str:
    """``123/QĐ-UBND`` without spaces; the document-type abbreviation spelled as ND 30/2020 has it."""
    text = re.sub(r"\s+", "", found).rstrip(".-/")
    number, _, symbol = text.partition("/")
    head, dash, rest = symbol.partition("-")
    return f"{number}/{SYMBOL_FIXES.get(head, head)}{dash}{rest}"


def number(lines: Sequence[Line], height: int) -> tuple[str, Line | None]:
    for line in lines:
        if line.top > height * 0.35:
            break
        found = NUMBER.search(line.text)
        if found:
            return _symbol(found.group(1)), line
    return "", None


def issued_on(lines: Sequence[Line], height: int) -> str:
    for line in lines:
        if line.top > height * 0.35:
            break
        found = DATE.search(line.text)
        if found:
            try:
                return date(int(found[3]), int(found[2]), int(found[1])).isoformat()
            except ValueError:
                return ""
    return ""


def agency_lines(lines: Sequence[Line], width: int, below: Line | None, height: int) -> list[Line]:
    """The header block at the top left, above the number: the issuing agency (after its parent, if printed)."""
    limit = below.top if below is not None else height * 0.2
    block = [ln for ln in lines if ln.bottom <= limit and ln.center < width * 0.45 and not _rule(ln.text)
             and _upper(ln.text)]
    for n, line in enumerate(block):
        if n and line.text.startswith(ISSUER_HEADS):
            return block[n:]
    return block


def summary_lines(lines: Sequence[Line], width: int) -> list[Line]:
    """The lines right after the document type, up to the next upper-case line, a "Căn cứ" or a wide gap."""
    for n, line in enumerate(lines):
        if line.text.upper().rstrip(":").strip() in DOC_TYPES and abs(line.center - width / 2) < width * 0.15:
            found: list[Line] = []
            previous = line
            for nxt in lines[n + 1:]:
                if (_upper(nxt.text) or nxt.text.startswith("Căn cứ") or _rule(nxt.text)
                        or nxt.top - previous.bottom > 1.5 * max(previous.height, 1)):
                    break
                found.append(nxt)
                previous = nxt
            return found
    return []


def _name(text: str) -> str:
    words = text.strip(" .,").split()
    ok = 2 <= len(words) <= 6 and not _upper(text) and all(NAME_WORD.fullmatch(w) for w in words)
    return " ".join(words) if ok else ""


def signer_line(lines: Sequence[Line], width: int, height: int) -> Line | None:
    """The lowest name in the right half of the lower page: two to six capitalised words, not upper case."""
    for line in reversed(lines):
        if line.top < height * 0.3:
            break
        if line.center > width * 0.5 and _name(line.text):
            return line
    return None


@dataclass
class Page:
    """One page read: its lines, and the grey image they come from (to read a line again on its own)."""

    engine: OcrEngine
    gray: Image.Image
    dpi: int
    lines: list[Line]

    @property
    def width(self) -> int:
        return self.gray.width

    @property
    def height(self) -> int:
        return self.gray.height

    def again(self, line: Line, *, trust: bool = False) -> str:
        """A line read again alone: the page pass often drops a bold line's diacritics, a single line keeps them.
        The surer of the two readings wins (its least sure word decides) unless ``trust`` (the caller checks the
        shape of what it gets); the rule under a header is left out."""
        side, pad = max(4, line.height // 2), max(2, line.height // 6)
        crop = self.gray.crop((max(0, line.left - side), max(0, line.top - pad), min(self.width, line.right + side),
                               min(self.height, line.bottom + pad)))
        words = [w for w in self.engine.read_line(crop, self.dpi) if w.text.strip()]
        if not words or (not trust and _confidence(words) < line.confidence):
            return line.text
        return nfc(" ".join(w.text for w in words))


def read_lines(engine: OcrEngine, image: Image.Image, dpi: int) -> Page:
    gray = image.convert("L")
    if dpi > MAX_DPI:
        gray = gray.resize((gray.width * MAX_DPI // dpi, gray.height * MAX_DPI // dpi))
        dpi = MAX_DPI
    return Page(engine, gray, dpi, lines_of(engine.recognize(gray, dpi).words))


def _signer(page: Page) -> str:
    line = signer_line(page.lines, page.width, page.height)
    return "" if line is None else _name(page.again(line, trust=True)) or _name(line.text)


def read_page(engine: OcrEngine, image: Image.Image, dpi: int, last: Image.Image | None = None) -> ResultMeta:
    """The fields found on a result's first page (and its signer on ``last`` when the first has none)."""
    page = read_lines(engine, image, dpi)
    so, at = number(page.lines, page.height)
    if at is not None:
        again = NUMBER.search(page.again(at, trust=True))
        so = _symbol(again.group(1)) if again else so
    name = _signer(page)
    if not name and last is not None:
        name = _signer(read_lines(engine, last, dpi))
    issuer = " ".join(page.again(ln) for ln in agency_lines(page.lines, page.width, at, page.height))
    about = " ".join(page.again(ln) for ln in summary_lines(page.lines, page.width))
    return ResultMeta(so, issued_on(page.lines, page.height), _trim(issuer), name, _trim(about))


def _trim(text: str) -> str:
    """Specks read as punctuation at either end of a line (a rule's tail, a dot of dust)."""
    return re.sub(r"^[^\w(]+|[^\w)]+$", "", text)


class MetadataReader:
    """One Tesseract engine reused for many results (not thread-safe: one reader a thread)."""

    def __init__(self, languages: str = "vie+eng") -> None:
        self.languages = languages
        self._engine: OcrEngine | None = None

    @property
    def engine(self) -> OcrEngine:
        if self._engine is None:
            self._engine = OcrEngine(self.languages)
        return self._engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.close()
            self._engine = None

    def page(self, image: Image.Image, dpi: int, last: Image.Image | None = None) -> ResultMeta:
        return read_page(self.engine, image, dpi, last)

    def pdf(self, path: Path) -> ResultMeta:
        """A result PDF's fields (its first page, and its last for the signer), through the import's checks."""
        pages = probe_file(path)
        first, dpi = load_page(path, pages[0].frame)
        last = load_page(path, pages[-1].frame)[0] if len(pages) > 1 else None
        return self.page(first, dpi, last)


def read_result_pdf(path: Path, languages: str = "vie+eng") -> ResultMeta:
    """A result PDF's fields with an engine of its own (for a worker thread that reads one file)."""
    reader = MetadataReader(languages)
    try:
        return reader.pdf(path)
    finally:
        reader.close()
