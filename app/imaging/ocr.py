"""Tesseract, in-process through tesserocr: one engine per worker, reused for every page.

tesserocr is 2-5x faster per page than the ``tesseract`` command that OCRmyPDF runs (no process start, no image
files in between; see docs/performance.md). The engine also gives what the checks need and OCRmyPDF does not expose:
per-word confidence and boxes, orientation and skew.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from app.core.errors import MissingDependencyError

TESSDATA_CANDIDATES = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "C:/Program Files/Tesseract-OCR/tessdata",
)

HOCR_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="vi" lang="vi">'
    '<head><title></title><meta http-equiv="Content-Type" content="text/html;charset=utf-8"/>'
    '<meta name="ocr-system" content="tesseract"/></head><body>'
)


_PAGE_OPEN = re.compile(r"<div class='ocr_page'[^>]*>")
_BBOX = re.compile(r"bbox (\d+) (\d+) (\d+) (\d+)")
_PAGE_CLOSE = "</div>\n</body></html>"


def _page_open(width: int, height: int, dpi: int) -> str:
    return (f"<div class='ocr_page' id='page_1' title='image \"unknown\"; bbox 0 0 {width} {height}; ppageno 0; "
            f"scan_res {dpi} {dpi}'>")


def joined(bands: list[OcrResult]) -> OcrResult:
    """One page's result from the results of its bands, top to bottom (each read with ``band``)."""
    found = [band for band in bands if band.words]
    if not found:
        return OcrResult(text="", hocr="", words=[], dpi=bands[0].dpi if bands else 0)
    if len(found) == 1:
        return found[0]
    first = found[0].hocr
    head = first[:_PAGE_OPEN.search(first).end()]  # type: ignore[union-attr]  # every band's hOCR has its page
    inner = [band.hocr[_PAGE_OPEN.search(band.hocr).end():band.hocr.rindex(_PAGE_CLOSE)]  # type: ignore[union-attr]
             for band in found]
    return OcrResult(text="".join(band.text for band in found), hocr=head + "".join(inner) + _PAGE_CLOSE,
                     words=[word for band in found for word in band.words], dpi=found[0].dpi)


class TesseractMissing(MissingDependencyError):
    message_vi = "Thiếu dữ liệu nhận dạng chữ (Tesseract tiếng Việt/tiếng Anh). Liên hệ quản trị viên để cài đặt."
    message_en = "Tesseract language data (Vietnamese/English) is missing. Ask the administrator to install it."


def find_tessdata(explicit: str = "", languages: str = "vie+eng") -> Path:
    """The folder holding ``<lang>.traineddata`` for every language asked for."""
    wanted = [lang for lang in languages.split("+") if lang]
    candidates = [explicit, os.environ.get("TESSDATA_PREFIX", ""), *TESSDATA_CANDIDATES]
    frozen_root = getattr(sys, "_MEIPASS", "")  # the installer's bundle carries its own language data
    if frozen_root:
        candidates.insert(0, str(Path(frozen_root) / "tessdata"))
    for candidate in candidates:
        if candidate and all((Path(candidate) / f"{lang}.traineddata").is_file() for lang in wanted):
            return Path(candidate)
    raise TesseractMissing(f"{'+'.join(wanted)} not found in {', '.join(c for c in candidates if c)}")


def probe() -> dict[str, object]:
    """What the self-check reports: the engine version and the languages found."""
    import tesserocr

    info: dict[str, object] = {"tesserocr": tesserocr.tesseract_version().splitlines()[0],
                               "cli": shutil.which("tesseract") or ""}
    try:
        folder = find_tessdata(languages="vie+eng+osd")
        info["tessdata"] = str(folder)
        info["languages"] = sorted(p.stem for p in folder.glob("*.traineddata"))
    except TesseractMissing as exc:
        info["error"] = str(exc)
    return info


@dataclass
class Word:
    text: str
    confidence: float
    box: tuple[int, int, int, int]  # left, top, right, bottom in pixels


@dataclass
class OcrResult:
    text: str
    hocr: str
    words: list[Word] = field(default_factory=list)
    dpi: int = 0  # the resolution Tesseract read at, which the hOCR's pixels are in (0: the page's own)

    @property
    def mean_confidence(self) -> float | None:
        """Mean word confidence (0-100) weighted by word length; None when the page has no words."""
        scored = [(w.confidence, len(w.text)) for w in self.words if w.text.strip()]
        total = sum(n for _, n in scored)
        return sum(c * n for c, n in scored) / total if total else None


@dataclass
class Orientation:
    rotate: int  # degrees clockwise to make the page upright: 0, 90, 180, 270
    confidence: float


class OcrEngine:
    """A Tesseract instance for one thread. Not thread-safe: give each worker its own."""

    def __init__(self, languages: str = "vie+eng", tessdata: str = "") -> None:
        import tesserocr

        self.languages = languages
        self.tessdata = find_tessdata(tessdata, languages)
        self._tesserocr = tesserocr
        self._api = tesserocr.PyTessBaseAPI(path=str(self.tessdata), lang=languages)
        self._osd = None
        if (self.tessdata / "osd.traineddata").is_file():
            self._osd = tesserocr.PyTessBaseAPI(path=str(self.tessdata), lang="osd",
                                                psm=tesserocr.PSM.OSD_ONLY)

    def close(self) -> None:
        self._api.End()
        if self._osd is not None:
            self._osd.End()

    def __enter__(self) -> OcrEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def orientation(self, gray: Image.Image, dpi: int) -> Orientation:
        """Upright rotation from Tesseract's OSD (on a 200-dpi copy: as sure, and faster). The skew comes from the
        projection profiles of app.imaging.layout.text_skew, several times cheaper than Tesseract's layout pass."""
        if self._osd is None:
            return Orientation(0, 0.0)
        small = gray if dpi <= 200 else gray.resize((gray.width * 200 // dpi, gray.height * 200 // dpi))
        self._osd.SetImage(small)
        self._osd.SetSourceResolution(min(dpi, 200))
        try:
            result = self._osd.DetectOrientationScript()
        except RuntimeError:
            result = None
        if not result:
            return Orientation(0, 0.0)
        return Orientation(int(result["orient_deg"]) % 360, float(result["orient_conf"]))

    def recognize(self, gray: Image.Image, dpi: int, read_dpi: int | None = None,
                  band: tuple[int, int] | None = None) -> OcrResult:
        """The page's words, their boxes in the page's own pixels. With ``read_dpi`` below ``dpi`` Tesseract reads a
        reduced copy (its layout pass costs by the pixel; its line recogniser scales every line to one height
        anyway), and the hOCR is in that copy's pixels: ``OcrResult.dpi`` says which. ``band``: only the rows from
        its top to its bottom (page pixels), for :func:`joined` to put together with the page's other bands."""
        tesserocr = self._tesserocr
        api = self._api
        read_dpi = read_dpi if read_dpi and read_dpi < dpi else dpi
        if read_dpi != dpi:
            gray = gray.resize((round(gray.width * read_dpi / dpi), round(gray.height * read_dpi / dpi)),
                               Image.Resampling.BILINEAR)
        width, height = gray.size
        offset = 0  # the band's first row, in the pixels read
        if band is not None:  # a crop: Tesseract's own SetRectangle read the top of a page as noise
            offset, bottom = (round(row * read_dpi / dpi) for row in band)
            gray = gray.crop((0, offset, width, bottom))
        api.SetPageSegMode(tesserocr.PSM.AUTO)
        api.SetImage(gray)
        api.SetSourceResolution(read_dpi)
        api.Recognize()
        words = self._words()
        if not words:
            return OcrResult(text="", hocr="", words=[], dpi=read_dpi)
        scale = dpi / read_dpi
        for word in words:
            left, top, right, bottom = word.box
            word.box = (math.floor(left * scale), math.floor((top + offset) * scale), math.ceil(right * scale),
                        math.ceil((bottom + offset) * scale))
        text = api.GetUTF8Text()
        page = api.GetHOCRText(offset)  # the page number in its ids tells one band's from another's
        if band is not None:  # placed on the whole page
            page = _BBOX.sub(lambda m: f"bbox {m[1]} {int(m[2]) + offset} {m[3]} {int(m[4]) + offset}", page)
            page = _PAGE_OPEN.sub(_page_open(width, height, read_dpi), page, count=1)
        return OcrResult(text=text, hocr=HOCR_HEAD + page + "</body></html>", words=words, dpi=read_dpi)

    def read_line(self, gray: Image.Image, dpi: int) -> list[Word]:
        """The words of one isolated short line (a page number in a margin), which the page layout analysis of
        :meth:`recognize` tends to drop as noise. A word holding digits gets the confidence of its least sure
        digit: the marks around a page number ("-1-") drag Tesseract's word confidence down."""
        api = self._api
        tesserocr = self._tesserocr
        api.SetPageSegMode(tesserocr.PSM.SINGLE_LINE)
        try:
            api.SetImage(gray)
            api.SetSourceResolution(dpi)
            api.Recognize()
            words = self._words()
            iterator = api.GetIterator()
            digits: list[tuple[tuple[int, int, int, int], float]] = []
            for symbol in tesserocr.iterate_level(iterator, tesserocr.RIL.SYMBOL) if iterator is not None else ():
                try:
                    text = symbol.GetUTF8Text(tesserocr.RIL.SYMBOL) or ""
                except RuntimeError:  # tesserocr raises on an empty symbol instead of returning ""
                    continue
                box = symbol.BoundingBox(tesserocr.RIL.SYMBOL)
                if text.isdigit() and box:
                    digits.append((tuple(box), float(symbol.Confidence(tesserocr.RIL.SYMBOL))))
        finally:
            api.SetPageSegMode(tesserocr.PSM.AUTO)
        for word in words:
            inside = [c for b, c in digits if word.box[0] <= b[0] and b[2] <= word.box[2]]
            if inside and any(ch.isdigit() for ch in word.text):
                word.confidence = min(inside)
        return words

    def _words(self) -> list[Word]:
        tesserocr = self._tesserocr
        words: list[Word] = []
        iterator = self._api.GetIterator()
        level = tesserocr.RIL.WORD
        for word in tesserocr.iterate_level(iterator, level) if iterator is not None else ():
            try:
                text = word.GetUTF8Text(level)
            except RuntimeError:  # tesserocr raises on an empty page instead of returning ""
                continue
            if not text:
                continue
            box = word.BoundingBox(level)
            words.append(Word(text, float(word.Confidence(level)), tuple(box) if box else (0, 0, 0, 0)))
        return words
