"""One page from scanner image to a ready PDF page: upright, deskewed, OCR'd, compressed.

Pure functions of the page, so they run in worker processes as pages arrive (see :mod:`app.imaging.pool`).
"""

from __future__ import annotations

import io
import math
import os
import tempfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image

from app.core.files import private_dir
from app.imaging import layout
from app.imaging import measure as imaging
from app.imaging.measure import PageImage
from app.imaging.mrc import MrcLayers, paper_only, split
from app.imaging.ocr import OcrEngine, OcrResult, joined

MIN_OSD_CONFIDENCE = 2.0  # Tesseract's OSD margin; below it the page is left as is and flagged by the checks
MIN_SKEW_DEG = 0.3
MAX_SKEW_DEG = 15.0
JPEG_QUALITY = 75
OCR_TEXT_PX = 15.0
OCR_MIN_DPI = 180
ENCODINGS = ("jpeg", "mrc")  # one JPEG per page, or mixed raster content (app.imaging.mrc)


@dataclass
class PageOptions:
    deskew: bool = True
    rotate: bool = True
    ocr: bool = True
    jpeg_quality: int = JPEG_QUALITY
    min_skew_deg: float = MIN_SKEW_DEG  # a smaller tilt is left as scanned (rotating costs sharpness)
    max_skew_deg: float = MAX_SKEW_DEG  # beyond this the estimate is not trusted: the checks flag the page
    min_osd_confidence: float = MIN_OSD_CONFIDENCE  # OSD at least this sure: the page is turned upright
    encoding: str = "mrc"  # see ENCODINGS: MRC by default (about a ninth of JPEG's bytes, docs/performance.md)
    # A page whose marks cover at most this share of the paper is blank (a duplex back): no OSD, deskew or OCR.
    # None: every page gets the full pass. The checks set it, with the contrast, from their profile.
    blank_max_ink_ratio: float | None = None
    blank_contrast: int = 48
    # The layout alone says the page is upright when its lines are level, one axis clearly wins and the ascender
    # excess reaches this margin: OSD is then skipped. None: OSD on every page (when ``rotate``).
    upright_margin: float | None = 0.12
    lean: bool = True  # False: OSD, deskew and OCR on every page whatever the layout says (the earlier pass)
    # Tesseract reads the page at the lowest resolution that keeps its median character mark this many pixels tall,
    # and not below ``ocr_min_dpi``: 13-point text is read at 180 dpi, as well as at 300 and 0.2-0.3 s sooner;
    # 8-point text at about 250 (docs/performance.md, issue 19's aims of 2026-11-30). None: at the scan's own.
    ocr_text_px: float | None = OCR_TEXT_PX
    ocr_min_dpi: int = OCR_MIN_DPI
    # 2: Tesseract reads the top and the bottom of the page on two threads at once, split at a blank row band near
    # the middle (the worker pool asks for it when the page is alone on the station: the last of a batch, or the
    # one-page paper most citizens bring). 1: one pass over the page.
    ocr_bands: int = 1


@dataclass
class ProcessedPage:
    """What the PDF builder and the checks need of one page."""

    index: int
    dpi: int
    width: int
    height: int
    mode: str
    image_bytes: bytes  # the encoded image for the PDF (JPEG for colour/grey, PNG for bilevel; empty for MRC)
    image_format: str  # "jpeg", "png" or "mrc"
    ocr: OcrResult | None
    actions: list[dict[str, Any]] = field(default_factory=list)
    orientation_confidence: float = 0.0
    skew_deg: float = 0.0
    pdf: bytes | None = None  # the finished one-page PDF (image + text layer), made in the worker
    checks: Any = None  # the page checks' result (app.checks.PageCheck) when the pipeline runs them
    mrc: MrcLayers | None = None  # the layers when the page is encoded as mixed raster content
    kept: PageImage | None = None  # the page as archived, for the checks in the same worker (never sent back)

    def archived(self) -> PageImage:
        """The page as the archive shows it (decoded JPEG/PNG, or the MRC layers composed, as pixels)."""
        if self.kept is not None:
            return self.kept
        with Image.open(io.BytesIO(self.image_bytes)) as decoded:
            decoded.load()
            return decoded.copy()

    def archived_image(self) -> Image.Image:
        """:meth:`archived` as a Pillow image."""
        page = self.archived()
        return page if isinstance(page, Image.Image) else Image.fromarray(page)


def background_colour(img: PageImage) -> tuple[int, ...] | int:
    """The paper colour (median of the border), used to fill corners uncovered by a rotation."""
    arr = np.asarray(img)
    border = np.concatenate([arr[:8].reshape(-1, *arr.shape[2:]), arr[-8:].reshape(-1, *arr.shape[2:])])
    median = np.median(border, axis=0)
    if np.ndim(median) == 0:
        return int(median)
    return tuple(int(v) for v in median)


def rotate_about_centre(image: Image.Image, degrees: float, fill: tuple[int, ...] | int) -> Image.Image:
    """The page turned ``degrees`` counter-clockwise about its centre, the same size, the uncovered corners filled
    with ``fill``. OpenCV, bilinear (see :func:`rotate_pixels`); Pillow's bicubic rotate for other modes."""
    if image.mode not in ("RGB", "L"):
        return image.rotate(degrees, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=fill)
    return Image.fromarray(rotate_pixels(np.asarray(image), degrees, fill), image.mode)


def rotate_pixels(pixels: NDArray[np.uint8], degrees: float, fill: tuple[int, ...] | int) -> NDArray[np.uint8]:
    """:func:`rotate_about_centre` of a page's pixels (grey or RGB). OpenCV, bilinear: 0.09 s on a 300-dpi A4
    colour page against 0.22 s bicubic, and Tesseract reads the turned page as well (docs/performance.md); Pillow's
    bicubic rotate took ten times OpenCV's."""
    height, width = pixels.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2 - 0.5, height / 2 - 0.5), degrees, 1.0)
    border = fill if isinstance(fill, tuple) else (fill,)
    return np.asarray(cv2.warpAffine(pixels, matrix, (width, height), flags=cv2.INTER_LINEAR,
                                     borderMode=cv2.BORDER_CONSTANT, borderValue=border), dtype=np.uint8)


_QUARTER_TURNS = {90: cv2.ROTATE_90_COUNTERCLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_CLOCKWISE}


def turn_pixels(pixels: NDArray[np.uint8], degrees: int) -> NDArray[np.uint8]:
    """The page turned a quarter, half or three-quarter turn counter-clockwise (as Pillow's ``rotate(degrees,
    expand=True)``), pixel for pixel."""
    return np.asarray(cv2.rotate(pixels, _QUARTER_TURNS[degrees % 360]), dtype=np.uint8)


def encode_for_pdf(img: Image.Image, quality: int) -> tuple[bytes, str]:
    buffer = io.BytesIO()
    if img.mode == "1":
        img.save(buffer, format="PNG", optimize=False)
        return buffer.getvalue(), "png"
    if img.mode not in ("RGB", "L"):
        img = img.convert("RGB")
    img.save(buffer, format="JPEG", quality=quality, optimize=False, subsampling=2 if img.mode == "RGB" else 0)
    return buffer.getvalue(), "jpeg"


@dataclass
class PageLayout:
    """What one look at the page's marks says (the same measures as the checks)."""

    blank: bool
    skew: float | None  # None when the page shows no text lines
    upright: bool  # the layout alone is sure the page is upright
    text_mm: float | None = None  # the median height of the character marks (layout.text_height_mm)


LAYOUT_CONTRAST = 60  # levels below the paper that count as a mark for the lines' layout


def page_layout(gray: PageImage, dpi: int, options: PageOptions) -> PageLayout:
    """Blank, skew and orientation from one work image: ~0.07 s on a 300-dpi A4 page, where OSD takes ~0.25 s.
    The marks at the layout's own contrast come first: when the blank contrast is no stricter and they already
    cover more than a blank page's share, the page has text to read, and the marks at the blank contrast (a
    second labelling, 0.02 s) are counted only for a page that may be blank. This decides only whether the page
    is read; the checks' blank finding is counted apart, on the archived page."""
    work = imaging.prepare(gray, dpi)
    ink = imaging.marks(work, LAYOUT_CONTRAST)
    if options.blank_max_ink_ratio is not None and options.lean:
        paper_area = max(1, int(np.count_nonzero(~work.border)))
        if options.blank_contrast > LAYOUT_CONTRAST or ink.area / paper_area <= options.blank_max_ink_ratio:
            content = imaging.marks(work, options.blank_contrast)
            if content.area / paper_area <= options.blank_max_ink_ratio:
                return PageLayout(True, None, False)
    lines = layout.analyse(layout.character_points(work, ink), work.px_per_mm)
    if not lines.has_text:
        return PageLayout(False, None, False, layout.text_height_mm(work, ink))
    text_mm = layout.text_height_mm(work, ink, sideways=lines.angle >= 45.0)
    upright = (options.lean and options.upright_margin is not None and lines.rotation == 0 and lines.axis_ratio <= 0.85
               and lines.asymmetry >= options.upright_margin)
    return PageLayout(False, lines.skew, upright, text_mm)


def ocr_resolution(dpi: int, text_mm: float | None, options: PageOptions) -> int:
    """The resolution Tesseract reads the page at (see ``PageOptions.ocr_text_px``)."""
    if options.ocr_text_px is None or not text_mm or dpi <= options.ocr_min_dpi:
        return dpi
    wanted = math.ceil(options.ocr_text_px / text_mm * 25.4)
    return min(dpi, max(options.ocr_min_dpi, wanted))


def process_page(engine: OcrEngine | None, image: PageImage, dpi: int, index: int,
                 options: PageOptions | None = None,
                 meanwhile: Callable[[ProcessedPage], None] | None = None) -> ProcessedPage:
    """The page as it goes into the PDF/A. ``meanwhile`` gets the encoded page (its OCR not yet set) while
    Tesseract may still be reading it. The page is worked on as its pixels (grey or RGB) from start to end."""
    options = options or PageOptions()
    actions: list[dict[str, Any]] = []
    bilevel = isinstance(image, Image.Image) and image.mode == "1"  # worked on as grey, made bilevel again
    pixels = imaging.as_pixels(image)
    gray = imaging.grey_pixels(pixels)
    confidence, skew = 0.0, 0.0
    seen = page_layout(gray, dpi, options)
    if seen.blank:
        actions.append({"action": "skip_blank"})
    if engine is not None and options.rotate and not seen.blank and not seen.upright:
        found = engine.orientation(Image.fromarray(gray), dpi)
        confidence = found.confidence
        if found.rotate and found.confidence >= options.min_osd_confidence:
            pixels, gray = turn_pixels(pixels, found.rotate), turn_pixels(gray, found.rotate)
            actions.append({"action": "rotate", "degrees": found.rotate, "confidence": round(found.confidence, 1)})
    turn = 0.0
    if options.deskew and seen.skew is not None:
        skew = seen.skew  # a quarter or half turn leaves the angle of the lines off level as it was
        if options.min_skew_deg <= abs(skew) <= options.max_skew_deg:
            turn = skew  # the grey copy first, for Tesseract to start on; the page itself while it reads
            gray = rotate_pixels(gray, skew, background_colour(gray))
            actions.append({"action": "deskew", "degrees": round(skew, 2)})
    # Tesseract reads the page on the worker's second thread while this one encodes it: both let go of the GIL,
    # so a page alone on the station (the last of a batch, a one-page paper) has both cores.
    reading: list[Future[OcrResult]] = []
    if engine is not None and options.ocr and not seen.blank:
        read_dpi = ocr_resolution(dpi, seen.text_mm, options)
        cut = band_cut(gray, dpi) if options.ocr_bands > 1 else None
        page = Image.fromarray(gray)
        if cut is None:
            reading = [_reader().submit(engine.recognize, page, dpi, read_dpi)]
        else:
            reading = [_reader().submit(engine.recognize, page, dpi, read_dpi, (0, cut)),
                       _reader().submit(second_engine(engine).recognize, page, dpi, read_dpi, (cut, page.height))]
    try:
        if turn:
            pixels = gray if pixels.ndim == 2 else rotate_pixels(pixels, turn, background_colour(pixels))
        height, width = pixels.shape[:2]
        if options.encoding == "mrc" and not bilevel:
            layers, kept = paper_only(pixels) if seen.blank else split(pixels, dpi)
            done = ProcessedPage(index, dpi, width, height, "RGB", b"", "mrc", None, actions, confidence, skew,
                                 mrc=layers, kept=kept)
        else:
            encoded = Image.fromarray(pixels)
            if bilevel:
                encoded = encoded.convert("1", dither=Image.Dither.NONE)
            data, fmt = encode_for_pdf(encoded, options.jpeg_quality)
            done = ProcessedPage(index, dpi, width, height, encoded.mode, data, fmt, None, actions, confidence, skew)
        if meanwhile is not None:
            meanwhile(done)
    finally:
        ocr = joined([band.result() for band in reading]) if reading else None  # the engines are free again
    done.ocr = ocr
    return done


BAND_BLANK_ROWS_MM = 2.0  # a cut between two bands lies in a run of blank rows at least this tall


def band_cut(gray: PageImage, dpi: int) -> int | None:
    """The row to cut the page at for reading it in two bands: the middle of the tallest run of blank rows in the
    middle third of the page (between two lines of text, so no line or block is cut), or None when there is none
    (a photo or a table across the middle)."""
    step = 4
    rows = np.asarray(gray)[::step, ::step]
    paper = int(np.percentile(rows, 90))
    blank = (rows < paper - 60).sum(axis=1) <= 1
    lo, hi = len(blank) // 3, 2 * len(blank) // 3
    edges = np.diff(np.concatenate([[0], blank[lo:hi].astype(np.int8), [0]]))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    if starts.size == 0:
        return None
    longest = int(np.argmax(ends - starts))
    if (ends[longest] - starts[longest]) * step < BAND_BLANK_ROWS_MM * dpi / 25.4:
        return None
    return int(lo + (starts[longest] + ends[longest]) // 2) * step


_READER: ThreadPoolExecutor | None = None
_SECOND: OcrEngine | None = None


def _reader() -> ThreadPoolExecutor:
    """The threads of this process that run Tesseract beside the page's encoding: one per engine."""
    global _READER
    if _READER is None:
        _READER = ThreadPoolExecutor(2, thread_name_prefix="sohoa-ocr")
    return _READER


def second_engine(engine: OcrEngine) -> OcrEngine:
    """This process's second engine (same languages), for a page's second band: a worker of a pool of several
    starts it with its first (app.imaging.pool), else it starts on first use."""
    global _SECOND
    if _SECOND is None:
        _SECOND = OcrEngine(engine.languages, str(engine.tessdata))
    return _SECOND


def text_layer_pdf(ocr: OcrResult, dpi: int) -> bytes:
    """An invisible text layer for one page, drawn by OCRmyPDF's own hOCR renderer (embeds a glyph font). The
    hOCR's pixels are those Tesseract read: at ``ocr.dpi`` when it read the page at a lower resolution."""
    dpi = ocr.dpi or dpi
    from ocrmypdf.fpdf_renderer import Fpdf2PdfRenderer
    from ocrmypdf.hocrtransform.hocr_parser import HocrParser

    with tempfile.TemporaryDirectory(prefix="sohoa-hocr-") as tmp:
        hocr_path = Path(tmp) / "page.hocr"
        hocr_path.write_text(ocr.hocr, encoding="utf-8")
        page = HocrParser(hocr_path).parse()
        out = Path(tmp) / "text.pdf"
        Fpdf2PdfRenderer(page=page, dpi=dpi, multi_font_manager=_font_manager(), invisible_text=True).render(out)
        return out.read_bytes()


_FONTS: Any = None


def preload_text_layer() -> None:
    """Load the text-layer renderer and its glyph fonts now (a worker does it at start, not on its first page)."""
    from ocrmypdf.fpdf_renderer import Fpdf2PdfRenderer  # noqa: F401
    from ocrmypdf.hocrtransform.hocr_parser import HocrParser  # noqa: F401

    _font_manager()


# What the text layer's glyphs are cut to from OCRmyPDF's NotoSans, once (see text_layer_fonts): every character
# Tesseract's vie+eng models can write (Latin, Vietnamese, their diacritics, Greek, punctuation, currency, arrows,
# maths, shapes). fpdf2 then subsets 1,276 glyphs for each page instead of 4,688: 0.06-0.08 s a page instead of 0.12,
# the same text. A character outside falls back as before (a system font, else OCRmyPDF's glyphless one). The cut
# keeps NotoSans's widths but no outlines: the layer is never drawn, so a page carries 5 KiB less (6 % of it), fpdf2
# writes it 0.02 s sooner, and the PDF/A validator has no glyph outlines to decode (docs/performance.md).
TEXT_LAYER_RANGES = ((0x20, 0x24F), (0x300, 0x3FF), (0x1E00, 0x1EFF), (0x2000, 0x206F), (0x20A0, 0x20CF),
                     (0x2100, 0x214F), (0x2190, 0x21FF), (0x2200, 0x22FF), (0x2460, 0x24FF), (0x25A0, 0x25FF),
                     (0xFB00, 0xFB06))


def _font_manager() -> Any:
    global _FONTS
    if _FONTS is None:
        from ocrmypdf.font import MultiFontManager

        _FONTS = MultiFontManager(text_layer_fonts())
    return _FONTS


def text_layer_fonts() -> Path:
    """The text layer's font folder: NotoSans cut to ``TEXT_LAYER_RANGES`` and OCRmyPDF's glyphless fallback, made once
    in the station account's cache (one folder per OCRmyPDF version and ranges) and reused by every worker after.
    When the cache cannot be written, a folder of this process's own, removed when it ends."""
    import hashlib
    import shutil

    import ocrmypdf

    key = hashlib.sha256(repr((ocrmypdf.__version__, TEXT_LAYER_RANGES, "no outlines")).encode()).hexdigest()[:16]
    base = os.environ.get("LOCALAPPDATA") or os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    folder = Path(base) / "sohoa" / "text-layer-fonts" / key
    if all((folder / name).is_file() for name in ("NotoSans-Regular.ttf", "Occulta.ttf")):
        return folder
    try:
        _cut_fonts(private_dir(folder))
    except OSError:
        import multiprocessing.util

        folder = Path(tempfile.mkdtemp(prefix="sohoa-fonts-"))  # 0700
        multiprocessing.util.Finalize(None, shutil.rmtree, args=(folder,), kwargs={"ignore_errors": True},
                                      exitpriority=0)  # a worker process ends without running atexit
        _cut_fonts(folder)
    return folder


def _cut_fonts(folder: Path) -> None:
    import shutil

    import ocrmypdf
    from fontTools import subset
    from fontTools.ttLib.tables._g_l_y_f import Glyph

    data = Path(ocrmypdf.__file__).parent / "data"
    options = subset.Options()
    options.layout_features, options.hinting, options.name_IDs = [], False, ["*"]
    font = subset.load_font(str(data / "NotoSans-Regular.ttf"), options)
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=[c for low, high in TEXT_LAYER_RANGES for c in range(low, high + 1)])
    cutter.subset(font)
    glyphs = font["glyf"]
    for name in glyphs.keys():
        glyphs[name] = Glyph()  # no contours; hmtx keeps the advance widths the words are fitted with
    for name in ("Occulta.ttf", "NotoSans-Regular.ttf"):  # each written whole, then renamed: workers start at once
        fd, part = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".part")
        os.close(fd)
        if name == "Occulta.ttf":
            shutil.copyfile(data / name, part)
        else:
            subset.save_font(font, part, options)
        Path(part).replace(folder / name)
