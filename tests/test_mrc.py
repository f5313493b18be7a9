"""Mixed raster content: the page stays valid PDF/A-2b, its text layer still reads, a red seal stays red; and a
blank back skips OSD and OCR."""

from __future__ import annotations

import colorsys
import io
import subprocess
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

from app.checks.profiles import STANDARD, BadProfile, profile_from_dict
from app.checks.runner import process_and_check
from app.imaging.ocr import OcrEngine
from app.imaging.pageproc import PageOptions, ProcessedPage, process_page
from app.imaging.pdfa import assemble_pdfa, build_pdfa, is_pdfa, page_pdf_bytes
from app.imaging.samples import PageSpec, degrade, render_page

DPI = 200
PAPER = (246, 243, 233)


@pytest.fixture(scope="module")
def engine():  # type: ignore[no-untyped-def]
    with OcrEngine("vie+eng") as eng:
        yield eng


@pytest.fixture(scope="module")
def sealed() -> Image.Image:
    image, _ = render_page(PageSpec(number=1, total=1, seed=5, dpi=DPI, seal=True, seal_over_text=True))
    return degrade(image, 2, skew_deg=0.0, jpeg_quality=None)


def seal_box(image: Image.Image) -> tuple[int, int, int, int]:
    arr = np.asarray(image.convert("RGB")).astype(int)
    red = (arr[..., 0] - np.maximum(arr[..., 1], arr[..., 2])) > 80
    ys, xs = np.nonzero(red)
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


def red_hue_saturation(image: Image.Image, box: tuple[int, int, int, int]) -> tuple[float, float]:
    """Mean hue (degrees, from red) and saturation of the seal's ink pixels in ``box``."""
    arr = np.asarray(image.convert("RGB").crop(box)).reshape(-1, 3) / 255.0
    ink = arr[(arr[:, 0] - np.maximum(arr[:, 1], arr[:, 2])) > 0.2]
    hsv = np.array([colorsys.rgb_to_hsv(*p) for p in ink[:: max(1, len(ink) // 2000)]])
    hue = np.degrees(np.angle(np.mean(np.exp(2j * np.pi * hsv[:, 0]))))
    return float(hue), float(hsv[:, 1].mean())


def test_an_mrc_page_is_pdfa_reads_and_keeps_its_seal_red(tmp_path: Path, engine, sealed) -> None:  # type: ignore[no-untyped-def]
    done = process_page(engine, sealed, DPI, 0, PageOptions(encoding="mrc"))
    assert done.image_format == "mrc" and done.mrc is not None and done.mrc.patches
    out = build_pdfa([done], tmp_path / "mrc.pdf")
    assert is_pdfa(out) == "2B"
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    for word in ("CỘNG", "HÒA", "Độc", "lập", "Trang"):
        assert word in text
    with pdfium.PdfDocument(out) as pdf:
        shown = pdf[0].render(scale=DPI / 72).to_pil()
    box = seal_box(sealed)
    hue, saturation = red_hue_saturation(sealed, box)
    hue_kept, saturation_kept = red_hue_saturation(shown, box)
    assert abs(hue_kept - hue) <= 8 and abs(saturation_kept - saturation) <= 0.1
    grey = np.asarray(shown.convert("L")).astype(int)
    assert abs(grey.shape[1] - sealed.width) <= 1 and abs(grey.shape[0] - sealed.height) <= 1


def test_the_pdf_shows_the_page_the_checks_judge(sealed) -> None:  # type: ignore[no-untyped-def]
    done = process_page(None, sealed, DPI, 0, PageOptions(ocr=False))
    kept = np.asarray(done.archived_image().convert("L")).astype(int)
    with pdfium.PdfDocument(page_pdf_bytes(done)) as pdf:
        shown = np.asarray(pdf[0].render(scale=DPI / 72).to_pil().convert("L")).astype(int)
    height, width = min(kept.shape[0], shown.shape[0]), min(kept.shape[1], shown.shape[1])
    kept, shown = kept[:height, :width], shown[:height, :width]
    assert np.abs(kept - shown).mean() < 5
    ink_kept, ink_shown = kept < 128, shown < 128  # the text as the mask draws it, where the checks saw it
    assert (ink_kept & ink_shown).sum() / (ink_kept | ink_shown).sum() > 0.7


def test_mrc_is_much_smaller_than_jpeg(sealed) -> None:  # type: ignore[no-untyped-def]
    jpeg = process_page(None, sealed, DPI, 0, PageOptions(ocr=False, encoding="jpeg"))
    mrc = process_page(None, sealed, DPI, 0, PageOptions(ocr=False))  # MRC is the default
    assert jpeg.image_format == "jpeg" and mrc.image_format == "mrc"
    assert mrc.mrc is not None and mrc.mrc.size < len(jpeg.image_bytes) / 3


def test_the_checks_judge_the_mrc_page_and_it_crosses_back_without_its_image(engine, sealed) -> None:  # type: ignore[no-untyped-def]
    profile = STANDARD.__class__(page_encoding="mrc")
    done, check = process_and_check(engine, sealed, DPI, 1, profile)
    assert isinstance(done, ProcessedPage) and done.kept is None and done.mrc is not None
    assert not check.features.is_blank and check.features.has_text


def grey_photo(width: int, height: int, seed: int = 7) -> Image.Image:
    """A portrait-like grey photo: smooth shading from dark to light with fine grain, as a photocopied ID photo."""
    rng = np.random.default_rng(seed)
    ys, xs = np.mgrid[0:height, 0:width]
    face = np.exp(-(((xs - width / 2) / (width / 3)) ** 2 + ((ys - height / 2.4) / (height / 4)) ** 2))
    shade = 70 + 120 * face + 30 * np.sin(xs / 23.0) * np.cos(ys / 31.0) + rng.normal(0, 6, (height, width))
    return Image.fromarray(shade.clip(0, 255).astype(np.uint8)).convert("RGB")


def test_a_grey_photo_stays_continuous_tone_and_text_pages_have_none(sealed) -> None:  # type: ignore[no-untyped-def]
    page = sealed.copy()
    photo = grey_photo(round(30 / 25.4 * DPI), round(40 / 25.4 * DPI))
    at = (page.width - photo.width - 120, 140)
    page.paste(photo, at)
    photo_box = (at[0], at[1], at[0] + photo.width, at[1] + photo.height)

    kept = process_page(None, page, DPI, 0, PageOptions(ocr=False, encoding="mrc"))
    assert kept.mrc is not None
    covering = [p.box for p in kept.mrc.patches if p.box[0] <= photo_box[0] and p.box[1] <= photo_box[1]
                and p.box[2] >= photo_box[2] and p.box[3] >= photo_box[3]]
    assert covering, [p.box for p in kept.mrc.patches]
    patch = next(p for p in kept.mrc.patches if p.box == covering[0])
    with Image.open(io.BytesIO(patch.jpeg)) as shown:
        inner = np.asarray(shown.convert("L")).astype(int)
    original = np.asarray(page.convert("L").crop(covering[0])).astype(int)
    assert np.abs(inner - original).mean() < 6  # shades kept, not thresholded to black and white

    plain = process_page(None, sealed, DPI, 0, PageOptions(ocr=False, encoding="mrc"))
    assert plain.mrc is not None and len(plain.mrc.patches) == 1  # the seal alone: text is no photo


def _counting(engine, calls: list[str]) -> type:  # type: ignore[no-untyped-def]
    """An OCR engine that notes each OSD and OCR call before passing it on."""

    class Counting:
        def orientation(self, *args: object) -> object:
            calls.append("osd")
            return engine.orientation(*args)

        def recognize(self, *args: object) -> object:
            calls.append("ocr")
            return engine.recognize(*args)

    return Counting


def test_a_blank_back_skips_osd_and_ocr(engine) -> None:  # type: ignore[no-untyped-def]
    blank = degrade(Image.new("RGB", (1654, 2339), PAPER), 3, skew_deg=0.0, jpeg_quality=None)
    calls: list[str] = []
    Counting = _counting(engine, calls)

    done, check = process_and_check(Counting(), blank, DPI, 1, STANDARD)  # type: ignore[arg-type]
    assert calls == [] and done.ocr is None
    assert {"action": "skip_blank"} in done.actions and check.features.is_blank


def test_a_blank_back_is_its_paper_alone_and_still_pdfa(tmp_path: Path) -> None:
    blank = degrade(Image.new("RGB", (1654, 2339), PAPER), 3, skew_deg=0.0, noise=14.0, blur=0.9, jpeg_quality=70)
    options = PageOptions(ocr=False, blank_max_ink_ratio=STANDARD.blank_max_ink_ratio,
                          blank_contrast=STANDARD.blank_contrast)

    done = process_page(None, blank, DPI, 0, options)
    assert {"action": "skip_blank"} in done.actions and done.mrc is not None
    assert done.mrc.mask_g4 == b"" and done.mrc.foreground == b"" and not done.mrc.patches
    assert done.mrc.size < 20_000
    out = assemble_pdfa([page_pdf_bytes(done)], tmp_path / "blank.pdf")  # raises unless valid PDF/A-2b
    assert is_pdfa(out) == "2B"
    with pdfium.PdfDocument(out) as pdf:
        shown = np.asarray(pdf[0].render(scale=DPI / 72).to_pil().convert("RGB")).astype(int)
    kept = np.asarray(done.archived_image().convert("RGB")).astype(int)
    assert kept.shape[:2] == (blank.height, blank.width)
    tone = np.median(np.asarray(blank).reshape(-1, 3), axis=0)
    for seen in (kept, shown):
        assert np.abs(np.median(seen.reshape(-1, 3), axis=0) - tone).max() <= 3
        assert np.abs(seen - tone).max(axis=2).mean() < 4  # paper throughout: no blots, no dark mask

    texty = process_page(None, blank, DPI, 0, PageOptions(ocr=False))  # not asked to spot blank pages: full split
    assert texty.mrc is not None and texty.mrc.mask_g4


def test_an_upright_page_needs_no_osd(engine, sealed) -> None:  # type: ignore[no-untyped-def]
    calls: list[str] = []
    Counting = _counting(engine, calls)

    done = process_page(Counting(), sealed, DPI, 0, PageOptions())  # type: ignore[arg-type]
    assert calls == ["ocr"] and done.ocr is not None
    turned = process_page(Counting(), sealed.rotate(180, expand=True), DPI, 0, PageOptions(ocr=False))  # type: ignore[arg-type]
    assert calls == ["ocr", "osd"] and [a["action"] for a in turned.actions] == ["rotate"]


def test_a_profile_chooses_the_page_encoding() -> None:
    assert profile_from_dict({"page_encoding": "mrc"}).page_encoding == "mrc"
    assert STANDARD.page_encoding == ""  # the page options decide: MRC unless a profile asks for JPEG
    assert PageOptions().encoding == "mrc"
    assert profile_from_dict({"page_encoding": "jpeg"}).page_encoding == "jpeg"
    with pytest.raises(BadProfile):
        profile_from_dict({"page_encoding": "djvu"})
