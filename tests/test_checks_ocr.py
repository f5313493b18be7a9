"""The checks with the real Tesseract engine, as the station runs them: OCR once per page, then judged."""

from __future__ import annotations

import random

import pytest
from PIL import Image

from app.checks import check_image, check_set
from app.checks import findings as f
from app.checks.stackgen import clean_page, scanned
from app.imaging.ocr import OcrEngine
from tests.checks_fixtures import DPI


@pytest.fixture(scope="module")
def engine():  # type: ignore[no-untyped-def]
    with OcrEngine() as eng:
        yield eng


def test_clean_page_reads_well_and_its_printed_number(engine, clean: Image.Image, profile) -> None:  # type: ignore[no-untyped-def]
    check = check_image(engine, clean, DPI, 1, profile)
    assert f.LOW_OCR_CONFIDENCE not in {x.code for x in check.findings}, check.measures
    assert check.measures["ocr_confidence"] >= 90
    assert (check.features.printed_number, check.features.printed_total) == (2, 3)
    assert "CỘNG HÒA" in check.features.text


def test_heavily_degraded_page_has_low_ocr_confidence(engine, planted, profile) -> None:  # type: ignore[no-untyped-def]
    image, dpi = planted(f.LOW_OCR_CONFIDENCE)
    check = check_image(engine, image, dpi, 1, profile)
    found = [x for x in check.findings if x.code == f.LOW_OCR_CONFIDENCE]
    assert found and found[0].value < profile.min_ocr_confidence and found[0].severity == "warn"


def test_sure_upside_down_page_is_turned_and_not_flagged(engine, clean, profile) -> None:  # type: ignore[no-untyped-def]
    check = check_image(engine, clean.rotate(180), DPI, 1, profile)
    assert check.actions[0]["action"] == "rotate" and check.actions[0]["degrees"] == 180
    assert not {x.code for x in check.findings} & {f.UPSIDE_DOWN, f.SIDEWAYS}
    assert check.features.printed_number == 2


@pytest.mark.slow
def test_margin_numbers_in_nd30_and_dash_styles_find_a_missing_page(engine, profile) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(4)
    for style in ("nd30", "dash"):
        pages = [scanned(clean_page(n, 4, 9, DPI, style), rng) for n in (1, 2, 4)]
        checks = [check_image(engine, img, DPI, i, profile) for i, img in enumerate(pages, start=1)]
        numbers = [c.features.printed_number for c in checks]
        assert numbers == ([None, 2, 4] if style == "nd30" else [1, 2, 4])
        missing = [(x.page, x.value) for x in check_set(checks, 4, profile) if x.code == f.MISSING_PAGE]
        assert missing == [(2, 3)]


def test_tilted_page_is_levelled_before_ocr(engine, original, profile) -> None:  # type: ignore[no-untyped-def]
    tilted = scanned(original, random.Random(1), skew_deg=3.7)
    check = check_image(engine, tilted, DPI, 1, profile)
    assert check.actions[0] == {"action": "deskew", "degrees": -3.7}
    assert f.SKEW not in {x.code for x in check.findings} and abs(check.measures["skew"]) <= profile.max_skew_deg
