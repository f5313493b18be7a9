"""Generated pages through OCR: repeated wording under different printed numbers is no re-fed sheet (issue 14),
while the same sheet scanned twice still is."""

from __future__ import annotations

import random

import pytest
from PIL import Image, ImageDraw

from app.checks import check_set, load_profile
from app.checks import findings as f
from app.checks.runner import check_image
from app.checks.stackgen import scanned
from app.imaging.ocr import OcrEngine
from app.imaging.samples import PageSpec, _font, render_page

DPI = 200


def form_page(number: int, total: int) -> Image.Image:
    """The same form text (seed and body of page 1) under the printed number ``number``/``total``."""
    spec = PageSpec(number=1, total=total, seed=3, dpi=DPI, page_label=False, paragraphs=5)
    img = render_page(spec)[0]
    draw, mm = ImageDraw.Draw(img), DPI / 25.4
    label, font = f"Trang {number}/{total}", _font(round(4.6 * mm))
    draw.text(((img.width - draw.textlength(label, font=font)) / 2, img.height - 18 * mm), label, fill="black",
              font=font)
    return scanned(img, random.Random(number), skew_deg=0.2)


@pytest.fixture(scope="module")
def engine():  # type: ignore[no-untyped-def]
    with OcrEngine() as eng:
        yield eng


@pytest.mark.slow
def test_repeated_form_pages_are_not_duplicates_a_refed_sheet_is(engine) -> None:  # type: ignore[no-untyped-def]
    profile = load_profile("standard")
    first, second = form_page(1, 2), form_page(2, 2)
    checks = [check_image(engine, img, DPI, n, profile) for n, img in enumerate((first, second), start=1)]
    assert [c.features.printed_number for c in checks] == [1, 2]
    assert [x for x in check_set(checks, 2, profile) if x.code == f.DUPLICATE_PAGE] == []
    again = check_image(engine, scanned(form_page(1, 2), random.Random(9), skew_deg=0.1), DPI, 3, profile)
    refed = check_set([*checks, again], 3, profile)
    assert [(x.page, x.value) for x in refed if x.code == f.DUPLICATE_PAGE] == [(3, 1)]
