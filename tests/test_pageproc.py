"""The per-page work of the pipeline: turn upright, level the lines, OCR, encode. Deskew no longer needs Tesseract's
layout pass (app.imaging.layout.text_skew measures it), so it also runs when OCR is off."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from PIL import Image
from rapidfuzz.distance import Levenshtein

from app.checks import findings, load_profile, runner
from app.checks.runner import process_and_check
from app.imaging.layout import text_skew
from app.imaging.ocr import OcrEngine
from app.imaging.pageproc import PageOptions, process_page, rotate_about_centre, turn_pixels
from app.imaging.samples import PageSpec, degrade, render_page

DPI = 200


@pytest.fixture(scope="module")
def original() -> tuple[Image.Image, str]:
    return render_page(PageSpec(number=1, total=1, seed=3, dpi=DPI))


def tilted(original: tuple[Image.Image, str], degrees: float) -> Image.Image:
    return degrade(original[0], 4, skew_deg=degrees, jpeg_quality=None)


@pytest.mark.parametrize("degrees,mode", [(2.5, "RGB"), (-1.2, "RGB"), (1.8, "L"), (2.0, "1")])
def test_a_tilted_page_is_levelled_without_ocr(original, degrees: float, mode: str) -> None:  # type: ignore[no-untyped-def]
    page = tilted(original, degrees).convert(mode)
    measured = text_skew(page, DPI)
    assert measured is not None and abs(abs(measured) - abs(degrees)) < 0.2

    done = process_page(None, page, DPI, 0, PageOptions(ocr=False))
    deskew = [a for a in done.actions if a["action"] == "deskew"]
    assert len(deskew) == 1 and abs(deskew[0]["degrees"] - measured) < 0.01
    left = text_skew(done.archived_image(), DPI)
    assert left is not None and abs(left) < 0.3
    assert (done.width, done.height) == page.size  # levelled in place: the sheet keeps its size
    if mode == "1":  # worked on as grey, archived bilevel again
        assert done.image_format == "png" and done.archived_image().mode == "1"


def test_a_straight_page_is_left_as_scanned(original) -> None:  # type: ignore[no-untyped-def]
    done = process_page(None, tilted(original, 0.1), DPI, 0, PageOptions(ocr=False))
    assert not [a for a in done.actions if a["action"] == "deskew"]


def test_deskew_off_and_beyond_the_limit_leave_the_page(original) -> None:  # type: ignore[no-untyped-def]
    page = tilted(original, 3.0)
    off = process_page(None, page, DPI, 0, PageOptions(ocr=False, deskew=False))
    limited = process_page(None, page, DPI, 0, PageOptions(ocr=False, max_skew_deg=2.0))
    assert not off.actions and not limited.actions
    assert abs(abs(limited.skew_deg) - 3.0) < 0.2  # measured and reported, for the checks to flag


def test_a_blank_sheet_has_no_skew() -> None:
    blank = Image.new("RGB", (1654, 2339), (246, 243, 233))
    assert text_skew(blank, DPI) is None
    assert not process_page(None, blank, DPI, 0, PageOptions(ocr=False)).actions


def test_ocr_of_a_tilted_upside_down_page_reads_the_text(original) -> None:  # type: ignore[no-untyped-def]
    page = tilted(original, 2.0).rotate(180)
    with OcrEngine("vie+eng") as engine:
        done = process_page(engine, page, DPI, 0)
    assert [a["action"] for a in done.actions] == ["rotate", "deskew"]
    assert done.ocr is not None
    truth, seen = " ".join(original[1].split()), " ".join(done.ocr.text.split())
    assert Levenshtein.normalized_distance(truth, seen) < 0.02


class CountingEngine:
    """A real engine that counts every call the page pass makes to it (OSD, OCR, margin numbers…)."""

    def __init__(self, engine: OcrEngine) -> None:
        self.engine = engine
        self.calls: list[str] = []

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        method = getattr(self.engine, name)

        def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
            self.calls.append(name)
            return method(*args, **kwargs)

        return counted


def test_a_blank_back_costs_no_osd_and_no_ocr_and_is_still_reported(original) -> None:  # type: ignore[no-untyped-def]
    """Duplex backs: the standard checks find the noisy blank back blank from the layout alone, so the engine is
    never called for it (OSD or OCR would cost as much as on a text page); the checks still flag it."""
    profile = load_profile("standard")
    back = degrade(Image.new("RGB", original[0].size, (246, 243, 233)), 7, skew_deg=0.0, noise=14.0, blur=0.9,
                   jpeg_quality=70)
    with OcrEngine("vie+eng") as real:
        engine = CountingEngine(real)
        done, check = process_and_check(engine, back, DPI, 2, profile)  # type: ignore[arg-type]
        assert engine.calls == [] and done.ocr is None
        assert [a["action"] for a in done.actions] == ["skip_blank"]
        assert findings.BLANK_PAGE in {f.code for f in check.findings}

        front = tilted(original, 1.0)
        done, _ = process_and_check(engine, front, DPI, 1, profile)  # type: ignore[arg-type]
        assert "recognize" in engine.calls and done.ocr is not None and len(done.ocr.words) > 20
        assert "orientation" not in engine.calls  # upright by its layout: no OSD either


def test_the_page_is_looked_at_while_tesseract_reads_it(original, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The checks that need no OCR run on the encoded page while Tesseract reads: the engine here waits for that
    look before it reads (10 s at most), so a look made after the reading would leave it waiting in vain."""
    profile = load_profile("standard")
    looked = threading.Event()
    look = runner.look_at_page

    def look_then_open(*args, **kwargs):  # type: ignore[no-untyped-def]
        found = look(*args, **kwargs)
        looked.set()
        return found

    monkeypatch.setattr(runner, "look_at_page", look_then_open)
    with OcrEngine("vie+eng") as real:
        in_time: list[bool] = []

        class Gated(CountingEngine):
            def recognize(self, *args, **kwargs):  # type: ignore[no-untyped-def]
                in_time.append(looked.wait(10))
                return self.engine.recognize(*args, **kwargs)

        done, check = process_and_check(Gated(real), tilted(original, 1.5), DPI, 1, profile)  # type: ignore[arg-type]
    assert in_time == [True]
    assert done.ocr is not None and len(done.ocr.words) >= check.measures["ocr_words"] > 20
    assert check.features.text and check.features.phash and not check.features.is_blank
    assert [a["action"] for a in done.actions] == ["deskew"] and abs(check.measures["skew"]) < 0.3


def test_the_deskew_turns_the_page_as_pillow_would_and_fills_the_corners_with_paper() -> None:
    page, _ = render_page(PageSpec(number=1, total=1, seed=3, dpi=150))
    tilted = degrade(page, 4, skew_deg=2.0, jpeg_quality=None)
    paper = (240, 238, 228)
    for image in (tilted, tilted.convert("L")):
        fill = paper if image.mode == "RGB" else 238
        expected = np.asarray(image.rotate(-2.0, resample=Image.Resampling.BILINEAR, expand=False,
                                           fillcolor=fill)).astype(int)
        turned = rotate_about_centre(image, -2.0, fill)
        assert turned.mode == image.mode and turned.size == image.size
        got = np.asarray(turned).astype(int)
        assert np.abs(got - expected).mean() < 1.5  # the same turn, not a mirror or the other way
        assert np.array_equal(got[0, 0], np.asarray(fill)) and np.array_equal(got[-1, -1], np.asarray(fill))
        assert np.abs(got - np.asarray(image).astype(int)).mean() > 5  # and it did turn


@pytest.mark.parametrize("mode", ["RGB", "L"])
def test_the_page_pass_makes_the_same_page_from_pixels_as_from_a_pillow_image(original, mode: str) -> None:  # type: ignore[no-untyped-def]
    page = tilted(original, 1.5).convert(mode)
    from_image = process_page(None, page, DPI, 0, PageOptions(ocr=False))
    from_pixels = process_page(None, np.asarray(page), DPI, 0, PageOptions(ocr=False))  # as a work copy comes
    assert from_image.actions == from_pixels.actions and from_image.mrc is not None and from_pixels.mrc is not None
    assert from_image.mrc.mask_g4 == from_pixels.mrc.mask_g4
    assert from_image.mrc.background == from_pixels.mrc.background
    assert np.array_equal(np.asarray(from_image.archived_image()), np.asarray(from_pixels.archived_image()))


@pytest.mark.parametrize("degrees", [90, 180, 270])
def test_a_quarter_turn_of_the_pixels_is_pillows(degrees: int) -> None:
    page = Image.fromarray(np.arange(6 * 4 * 3, dtype=np.uint8).reshape(4, 6, 3))
    expected = np.asarray(page.rotate(degrees, expand=True))
    assert np.array_equal(turn_pixels(np.asarray(page), degrees), expected)


def test_a_16_bit_grey_page_is_archived_by_its_top_byte_not_clipped_white(original) -> None:  # type: ignore[no-untyped-def]
    grey = np.asarray(tilted(original, 0.0).convert("L"))
    deep = Image.fromarray(grey.astype(np.uint16) * 257)  # a 16-bit scan of the same page (mode I;16)
    done = process_page(None, deep, DPI, 0, PageOptions(ocr=False))
    kept = np.asarray(done.archived_image().convert("L")).astype(int)
    assert np.abs(kept - grey.astype(int)).mean() < 8  # the page as scanned, not a white sheet (Pillow's L clips)
