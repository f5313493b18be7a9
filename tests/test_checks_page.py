"""Per-page checks: each code fires on a page that shows it and stays silent on pages that must not trigger it."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PIL import Image, ImageDraw

from app.checks import check_page
from app.checks import findings as f
from app.checks.stackgen import scanned
from app.imaging.ocr import OcrResult, Orientation, Word
from tests.checks_fixtures import DPI

PAGE_CODES = [f.BLANK_PAGE, f.CUT_OFF, f.SKEW, f.UPSIDE_DOWN, f.SIDEWAYS, f.TOO_DARK, f.TOO_LIGHT, f.LOW_RESOLUTION,
              f.NOT_COLOR]


def codes(check) -> set[str]:  # type: ignore[no-untyped-def]
    return {x.code for x in check.findings}


def test_clean_page_has_no_finding(clean: Image.Image, colour_profile) -> None:  # type: ignore[no-untyped-def]
    check = check_page(clean, DPI, 1, colour_profile)
    assert check.findings == []
    assert not check.features.is_blank and check.features.has_text
    assert len(check.features.phash) == 64
    assert check.to_dict() == {"page": 1, "findings": [], "actions": []}


@pytest.mark.parametrize("code", PAGE_CODES)
def test_planted_defect_is_found_and_nothing_unrelated(code: str, planted, colour_profile) -> None:  # type: ignore[no-untyped-def]
    image, dpi = planted(code)
    check = check_page(image, dpi, 3, colour_profile)
    found = [x for x in check.findings if x.code == code]
    assert found, check.measures
    assert found[0].page == 3 and found[0].severity in ("block", "warn")
    assert found[0].message_vi and found[0].message_en and found[0].message_vi != found[0].message_en
    allowed = {code, f.CUT_OFF} if code == f.SKEW else {code}
    assert codes(check) <= allowed, check.findings


def test_blank_back_with_show_through_is_proposed_not_removed(planted, profile) -> None:  # type: ignore[no-untyped-def]
    image, dpi = planted(f.BLANK_PAGE)
    check = check_page(image, dpi, 2, profile)
    assert check.features.is_blank and not check.removed
    assert [x.severity for x in check.findings] == ["warn"]
    removing = check_page(image, dpi, 2, replace(profile, blank_action="remove"))
    assert removing.removed and {"action": "remove_blank"} in removing.actions


def test_a_page_with_one_short_line_or_a_signature_is_not_blank(profile) -> None:  # type: ignore[no-untyped-def]
    img = Image.new("RGB", (1654, 2339), "white")
    draw = ImageDraw.Draw(img)
    draw.line([(900, 1500), (1000, 1440), (1080, 1530), (1200, 1450)], fill=(20, 30, 120), width=5)
    check = check_page(scanned(img, __import__("random").Random(3)), DPI, 1, profile)
    assert f.BLANK_PAGE not in codes(check)


def test_small_skew_is_fixed_not_flagged_unless_deskew_is_off(original, profile) -> None:  # type: ignore[no-untyped-def]
    import random

    tilted = scanned(original, random.Random(2), skew_deg=4.0)
    check = check_page(tilted, DPI, 1, profile)
    assert f.SKEW not in codes(check)
    deskew = [a for a in check.actions if a["action"] == "deskew"]
    assert deskew and abs(deskew[0]["degrees"] + 4.0) < 0.2
    strict = check_page(tilted, DPI, 1, replace(profile, auto_deskew=False))
    assert [x.value for x in strict.findings if x.code == f.SKEW] == [4.0]
    assert f.SKEW in codes(check_page(tilted, DPI, 1, profile, processed=True))


def test_sure_osd_rotates_unsure_evidence_flags(clean, profile) -> None:  # type: ignore[no-untyped-def]
    flipped = clean.rotate(180)
    sure = check_page(flipped, DPI, 1, profile, osd=Orientation(180, 12.0))
    assert f.UPSIDE_DOWN not in codes(sure)
    assert {"action": "rotate", "degrees": 180, "confidence": 12.0} in sure.actions
    unsure = check_page(flipped, DPI, 1, profile, osd=Orientation(180, 0.8))
    assert f.UPSIDE_DOWN in codes(unsure) and not any(a["action"] == "rotate" for a in unsure.actions)
    upright = check_page(clean, DPI, 1, profile, osd=Orientation(0, 15.0))
    assert not {f.UPSIDE_DOWN, f.SIDEWAYS} & codes(upright)


def test_sideways_page_direction(clean, profile) -> None:  # type: ignore[no-untyped-def]
    for turned, fix in ((90, 270), (270, 90)):
        check = check_page(clean.rotate(turned, expand=True), DPI, 1, profile)
        assert [x.value for x in check.findings if x.code == f.SIDEWAYS] == [fix]


def test_grey_is_fine_unless_colour_is_required(clean, profile, colour_profile) -> None:  # type: ignore[no-untyped-def]
    grey = clean.convert("L")
    assert f.NOT_COLOR not in codes(check_page(grey, DPI, 1, profile))
    assert f.NOT_COLOR in codes(check_page(grey.convert("RGB"), DPI, 1, colour_profile))


def test_resolution_threshold_follows_the_profile(clean, profile) -> None:  # type: ignore[no-untyped-def]
    assert f.LOW_RESOLUTION not in codes(check_page(clean, 200, 1, profile))
    found = [x for x in check_page(clean, 200, 1, replace(profile, min_dpi=300)).findings if x.code == f.LOW_RESOLUTION]
    assert found and found[0].value == 200 and "300" in found[0].message_vi


def test_scanner_border_is_cropped_not_cut_off(clean, profile) -> None:  # type: ignore[no-untyped-def]
    framed = Image.new("RGB", (clean.width + 120, clean.height + 90), (15, 15, 15))
    framed.paste(clean, (70, 40))
    check = check_page(framed, DPI, 1, profile)
    assert f.CUT_OFF not in codes(check) and f.TOO_DARK not in codes(check)
    crop = [a for a in check.actions if a["action"] == "crop_border"]
    assert crop and all(abs(a - b) <= 6 for a, b in zip(crop[0]["box"], (70, 40, 70 + clean.width, 40 + clean.height),
                                                        strict=True))


def _ocr(confidence: float, count: int = 30) -> OcrResult:
    words = [Word("Việt", confidence, (100 + 10 * i, 500, 150 + 10 * i, 540)) for i in range(count)]
    return OcrResult(text=" ".join(w.text for w in words), hocr="", words=words)


def test_low_ocr_confidence_only_on_pages_with_text(clean, planted, profile) -> None:  # type: ignore[no-untyped-def]
    assert f.LOW_OCR_CONFIDENCE in codes(check_page(clean, DPI, 1, profile, _ocr(55.0)))
    assert f.LOW_OCR_CONFIDENCE not in codes(check_page(clean, DPI, 1, profile, _ocr(93.0)))
    unread = check_page(clean, DPI, 1, profile, OcrResult("", "", []))
    assert [x.value for x in unread.findings if x.code == f.LOW_OCR_CONFIDENCE] == [0.0]
    blank, dpi = planted(f.BLANK_PAGE)
    assert f.LOW_OCR_CONFIDENCE not in codes(check_page(blank, dpi, 1, profile, OcrResult("", "", [])))


def test_check_page_result_pickles(clean, profile) -> None:  # type: ignore[no-untyped-def]
    import pickle

    check = check_page(clean, DPI, 1, profile, _ocr(90.0))
    again = pickle.loads(pickle.dumps(check))
    assert again.features == check.features and again.findings == check.findings


def test_shadow_of_a_tilted_sheet_edge_is_not_cut_off(clean, profile) -> None:  # type: ignore[no-untyped-def]
    shadowed = clean.copy()
    draw = ImageDraw.Draw(shadowed)
    draw.line([(0, 4), (shadowed.width, 34)], fill=(90, 90, 90), width=4)  # 1° across the top edge
    draw.line([(6, 0), (20, shadowed.height)], fill=(120, 120, 120), width=3)
    assert f.CUT_OFF not in codes(check_page(shadowed, DPI, 1, profile))
