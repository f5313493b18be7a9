"""A page alone on the station (the last of a batch, the one-page paper most citizens bring) is read in two bands on
two threads at once; the bands are cut between lines, and the page reads and places its words as in one pass."""

from __future__ import annotations

import time

import pytest
from PIL import Image, ImageDraw
from rapidfuzz.distance import Levenshtein

from app.imaging.ocr import OcrEngine
from app.imaging.pageproc import PageOptions, band_cut, process_page
from app.imaging.pdfa import page_pdf_bytes
from app.imaging.pool import alone
from app.imaging.samples import PageSpec, degrade, render_page
from app.imaging.workers import WorkerPool
from tests.test_ocr_resolution import matched, pdf_words

DPI = 300


@pytest.fixture(scope="module")
def page() -> tuple[Image.Image, str]:
    image, truth = render_page(PageSpec(number=2, total=3, seed=8, dpi=DPI, seal=True))
    return degrade(image, 3, skew_deg=0.0, noise=8.0, blur=0.6, jpeg_quality=None), truth


def test_the_cut_lies_between_two_lines_near_the_middle(page) -> None:  # type: ignore[no-untyped-def]
    image = page[0]
    gray = image.convert("L")
    cut = band_cut(gray, DPI)
    assert cut is not None and image.height / 3 <= cut <= 2 * image.height / 3
    rows = gray.crop((0, cut - 10, image.width, cut + 10))
    assert rows.getextrema()[0] > 150  # no ink within a millimetre of it

    covered = image.copy()  # a photo across the whole middle: no blank row to cut at
    ImageDraw.Draw(covered).rectangle((0, image.height // 4, image.width, 3 * image.height // 4), fill=(90, 80, 70))
    assert band_cut(covered.convert("L"), DPI) is None


def test_two_bands_read_the_page_as_one_pass_does(page) -> None:  # type: ignore[no-untyped-def]
    image, truth = page
    with OcrEngine("vie+eng") as engine:
        one = process_page(engine, image, DPI, 0)
        two = process_page(engine, image, DPI, 0, PageOptions(ocr_bands=2))
    assert one.ocr is not None and two.ocr is not None
    assert Levenshtein.normalized_distance(" ".join(truth.split()), " ".join(two.ocr.text.split())) < 0.01
    assert len(two.ocr.words) == len(one.ocr.words)
    gaps = matched(two.ocr.words, one.ocr.words)
    assert len(gaps) > 25 and max(gaps) <= 2  # the bottom band's words are placed on the page, not on the band
    placed = matched(pdf_words(page_pdf_bytes(two), DPI), pdf_words(page_pdf_bytes(one), DPI))
    assert len(placed) > 25 and max(placed) <= 2
    assert two.ocr.hocr.count("class='ocr_page'") == 1  # one page in the text layer, with both bands' lines


def test_a_worker_knows_when_its_page_is_alone() -> None:
    with WorkerPool(workers=2, ocr=False) as pool:
        assert pool.submit(alone).result() is True
        sleeping = pool.submit(time.sleep, 1.0)
        assert pool.submit(alone).result() is False  # another page is still being read
        sleeping.result()
        assert pool.submit(alone).result() is True
    with WorkerPool(workers=1, ocr=False) as single:
        assert single.submit(alone).result() is False  # one core: nothing to share the page with
