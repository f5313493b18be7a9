"""Tesseract reads a page of ordinary print at a reduced resolution (its layout pass costs by the pixel) and small
print at nearly the scan's own; the words, their boxes and the PDF's invisible text still sit where the page shows
them."""

from __future__ import annotations

import re
import subprocess
from html import unescape

import pytest
from PIL import Image
from rapidfuzz.distance import Levenshtein

from app.imaging.ocr import OcrEngine, Word
from app.imaging.pageproc import OCR_MIN_DPI, PageOptions, ocr_resolution, page_layout, process_page
from app.imaging.pdfa import page_pdf_bytes
from app.imaging.samples import PageSpec, degrade, render_page

DPI = 300


def scanned(points: float) -> tuple[Image.Image, str]:
    """An A4 page at 300 dpi whose body text is ``points`` tall (the samples set 13-point text; a page drawn for a
    lower resolution on a larger sheet holds smaller print at the same pixel count)."""
    k = points / 13
    image, truth = render_page(PageSpec(number=1, total=1, seed=5, dpi=round(DPI * k), width_mm=210 / k,
                                        height_mm=297 / k))
    return degrade(image, 9, skew_deg=0.0, noise=6.0, blur=0.6, jpeg_quality=None), truth


@pytest.fixture(scope="module")
def engine():  # type: ignore[no-untyped-def]
    with OcrEngine("vie+eng") as found:
        yield found


def text_mm(image: Image.Image) -> float:
    seen = page_layout(image.convert("L"), DPI, PageOptions())
    assert seen.text_mm is not None
    return seen.text_mm


def test_the_reading_resolution_follows_the_size_of_the_print() -> None:
    body, small = text_mm(scanned(13)[0]), text_mm(scanned(8)[0])
    assert 2.1 < body < 2.7 and 1.3 < small < 1.8
    options = PageOptions()
    assert ocr_resolution(DPI, body, options) == OCR_MIN_DPI
    assert 230 <= ocr_resolution(DPI, small, options) <= DPI  # small print keeps most of its pixels
    assert ocr_resolution(DPI, 0.8, options) == DPI  # never above the scan's own
    assert ocr_resolution(DPI, None, options) == DPI  # no text measured: read as scanned
    assert ocr_resolution(150, body, options) == 150  # a low-resolution scan is never reduced further
    assert ocr_resolution(DPI, body, PageOptions(ocr_text_px=None)) == DPI


def matched(a: list[Word], b: list[Word]) -> list[float]:
    """For words read the same in both lists (each text once in each), how far apart their boxes are in pixels."""
    once = {w.text: w for w in b if sum(v.text == w.text for v in b) == 1}
    gaps: list[float] = []
    for word in a:
        other = once.get(word.text)
        if other is not None and sum(v.text == word.text for v in a) == 1 and len(word.text) >= 4:
            gaps.append(max(abs(p - q) for p, q in zip(word.box, other.box, strict=True)))
    return gaps


def pdf_words(pdf: bytes, dpi: int) -> list[Word]:
    html = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    words = []
    for x0, y0, x1, y1, text in re.findall(rb'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                                           rb"(.*?)</word>", html):
        box = tuple(round(float(v) * dpi / 72) for v in (x0, y0, x1, y1))
        words.append(Word(unescape(text.decode()), 0.0, box))  # type: ignore[arg-type]
    return words


def test_ordinary_print_is_read_reduced_and_its_words_stay_in_place(engine) -> None:  # type: ignore[no-untyped-def]
    image, truth = scanned(13)
    full = process_page(engine, image, DPI, 0, PageOptions(ocr_text_px=None))
    done = process_page(engine, image, DPI, 0)
    assert full.ocr is not None and full.ocr.dpi == DPI
    assert done.ocr is not None and done.ocr.dpi == OCR_MIN_DPI
    assert Levenshtein.normalized_distance(" ".join(truth.split()), " ".join(done.ocr.text.split())) < 0.01

    gaps = matched(done.ocr.words, full.ocr.words)
    assert len(gaps) > 25
    assert sorted(gaps)[len(gaps) // 2] <= 2  # boxes in the page's own 300-dpi pixels, not the reduced copy's

    # The invisible text of the PDF page lies where the page read at full resolution puts it.
    placed = matched(pdf_words(page_pdf_bytes(done), DPI), pdf_words(page_pdf_bytes(full), DPI))
    assert len(placed) > 25
    assert sorted(placed)[len(placed) // 2] <= 3


def test_small_print_is_read_at_nearly_the_scans_resolution(engine) -> None:  # type: ignore[no-untyped-def]
    image, truth = scanned(8)
    done = process_page(engine, image, DPI, 0)
    assert done.ocr is not None and done.ocr.dpi >= 230
    assert Levenshtein.normalized_distance(" ".join(truth.split()), " ".join(done.ocr.text.split())) < 0.01


def test_a_sideways_page_is_measured_across_its_lines() -> None:
    image = scanned(13)[0]
    upright, sideways = text_mm(image), text_mm(image.rotate(90, expand=True))
    assert abs(sideways - upright) < 0.15
