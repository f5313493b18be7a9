"""Mixed raster content (MRC) for one page: a bilevel text mask at scan resolution (CCITT G4), a low-resolution
background and text-colour layer (JPEG), and the regions that must stay continuous-tone (a red seal, a colour or
grey photo, a coloured signature) kept as patches at scan resolution.

Why these pieces: Pillow writes G4 through libtiff (as one TIFF strip, lifted out) and PDF decodes it natively;
JBIG2 would be smaller but no encoder is packaged here. The layers are drawn by :func:`mrc_page` with pikepdf:
background, then the colour patches, then the text colour through the mask (explicit masking, allowed in PDF/A-2).
A blank page (a duplex back) is its background alone (:func:`paper_only`): no mask, no text colour, no patches.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np
import pikepdf
from numpy.typing import NDArray
from PIL import Image, TiffImagePlugin

BACKGROUND_SCALE = 3  # 300 dpi -> 100 dpi: paper tone and shading only
FOREGROUND_SCALE = 6  # the text's colour changes slowly across a page
BACKGROUND_QUALITY = 40
FOREGROUND_QUALITY = 40
PATCH_QUALITY = 70
MASK_LIFT = 30  # grey levels above Otsu's threshold still drawn as ink (see text_mask)
MIN_SATURATION = 70  # HSV 0-255: black ink and paper tone stay below, seal red and ink blue above
MIN_REGION_MM = 6.0  # a coloured region smaller than this (a stray mark) is drawn as text
REGION_PAD_MM = 1.5
# A grey photo (a photocopied ID card, a portrait): mid-grey tones, neither paper nor ink, over a wide area. Text
# has mid-grey only along its strokes' edges (about a tenth of a text block at 300 dpi); a photo has them over much
# of its surface.
TONE_MARGIN = 40  # levels away from the paper and from the ink that count as mid-grey
MIN_TONE_SHARE = 0.35  # share of mid-grey pixels around a point (a window of TONE_WINDOW_MM) inside a photo
TONE_WINDOW_MM = 4.0
MIN_TONE_REGION_MM = 10.0  # both sides: a photo, not a heavy title or a thick rule


@dataclass
class Patch:
    """A continuous-tone region kept at scan resolution: its box (left, top, right, bottom) in pixels and JPEG."""

    box: tuple[int, int, int, int]
    jpeg: bytes


@dataclass
class MrcLayers:
    width: int
    height: int
    mask_g4: bytes  # CCITT G4 (K=-1), one strip; text pixels black. Empty on a blank page: no text to draw
    background: bytes  # JPEG, the page without its text, at 1/BACKGROUND_SCALE
    background_size: tuple[int, int]
    foreground: bytes  # JPEG, the colour of the text, at 1/FOREGROUND_SCALE (empty with the mask)
    foreground_size: tuple[int, int]
    patches: list[Patch] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.mask_g4) + len(self.background) + len(self.foreground) + sum(len(p.jpeg) for p in self.patches)


def colour_regions(small: NDArray[np.uint8], step: int, dpi: int,
                   shape: tuple[int, int]) -> list[tuple[int, int, int, int]]:
    """Boxes (full-resolution pixels, padded) of saturated regions big enough to be a seal, a photo or a signature
    in colour, found on the page reduced ``step`` times (``shape``: the full page's height and width)."""
    hsv = cv2.cvtColor(small, cv2.COLOR_RGB2HSV)
    coloured = ((hsv[..., 1] >= MIN_SATURATION) & (hsv[..., 2] >= 60)).astype(np.uint8)
    px_per_mm = dpi / 25.4 / step
    grow = max(1, round(2 * px_per_mm))
    grown = np.asarray(cv2.dilate(coloured, np.ones((grow, grow), np.uint8)), dtype=np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(grown, connectivity=8)
    boxes: list[tuple[int, int, int, int]] = []
    pad = round(REGION_PAD_MM * dpi / 25.4)
    for i in range(1, count):
        x, y, w, h, _area = (int(v) for v in stats[i])
        if max(w, h) < MIN_REGION_MM * px_per_mm:
            continue
        boxes.append((max(0, x * step - pad), max(0, y * step - pad),
                      min(shape[1], (x + w) * step + pad), min(shape[0], (y + h) * step + pad)))
    return merge_boxes(boxes)


def tone_regions(gray: NDArray[np.uint8], paper: float, step: int, dpi: int) -> list[tuple[int, int, int, int]]:
    """Boxes (full-resolution pixels, padded) of continuous-tone grey regions (a photo printed or photocopied in
    grey), which a text mask would threshold into black blots: where mid-grey pixels cover at least
    ``MIN_TONE_SHARE`` of the surroundings over at least ``MIN_TONE_REGION_MM`` each way."""
    height, width = gray.shape
    ink = float(np.percentile(gray[:: 8, :: 8], 1))
    if paper - ink < 3 * TONE_MARGIN:
        return []  # no paper-to-ink range to speak of (a blank or flat page)
    # strictly between ink + margin and paper - margin, as whole grey levels (one pass instead of five)
    middle = cv2.inRange(gray, math.floor(ink + TONE_MARGIN) + 1, math.ceil(paper - TONE_MARGIN) - 1)
    size = (max(1, width // step), max(1, height // step))
    share = _reduce(middle, size, step).astype(np.float32) / 255
    px_per_mm = dpi / 25.4 / step
    window = max(3, round(TONE_WINDOW_MM * px_per_mm))
    dense = (cv2.blur(share, (window, window)) >= MIN_TONE_SHARE).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(dense, connectivity=8)
    pad = round(REGION_PAD_MM * dpi / 25.4)
    boxes: list[tuple[int, int, int, int]] = []
    for i in range(1, count):
        x, y, w, h, _area = (int(v) for v in stats[i])
        if min(w, h) < MIN_TONE_REGION_MM * px_per_mm:
            continue
        boxes.append((max(0, x * step - pad), max(0, y * step - pad),
                      min(width, (x + w) * step + pad), min(height, (y + h) * step + pad)))
    return boxes


def merge_boxes(boxes: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Overlapping boxes as one (a seal's rings, a signature across a seal), so no pixel is drawn twice."""
    merged = list(boxes)
    changed = True
    while changed:
        changed = False
        for i in range(len(merged)):
            for j in range(i + 1, len(merged)):
                a, b = merged[i], merged[j]
                if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]:
                    merged[i] = (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
                    del merged[j]
                    changed = True
                    break
            if changed:
                break
    return merged


def text_mask(gray: NDArray[np.uint8]) -> tuple[NDArray[np.bool_], float]:
    """Ink at scan resolution, and the paper's level. The threshold is Otsu's level lifted by ``MASK_LIFT``: Otsu
    splits a text page between ink and paper, and the soft edges of thin strokes and diacritics lie above it (on the
    bench's pages, lifting it 30 levels took the re-read CER of the composed page from 0.54 % to 0.17 %, for 7 % more
    bytes); never nearer than 40 levels to the paper, so a blank back stays empty."""
    level, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    paper = float(np.percentile(gray[:: 8, :: 8], 90))
    return gray < min(level + MASK_LIFT, paper - 40), paper


def _fill(image: NDArray[Any], weight: NDArray[Any], kernel: int, fallback: NDArray[Any]) -> NDArray[np.float32]:
    """Normalized convolution: each pixel becomes the weighted mean of its neighbourhood (holes filled smoothly).
    OpenCV's per-element operations: a third of the time of NumPy's broadcasting on a 100-dpi page."""
    channels = image.shape[2]
    num = cv2.blur(cv2.multiply(image, cv2.merge([weight] * channels)), (kernel, kernel))
    den = cv2.blur(weight, (kernel, kernel))
    filled = np.asarray(cv2.divide(num, cv2.merge([np.maximum(den, 1e-3)] * channels)), dtype=np.float32)
    filled[den <= 1e-3] = fallback
    return filled


def _reduce(array: NDArray[Any], size: tuple[int, int], factor: int) -> NDArray[np.uint8]:
    """Area average by a whole factor (OpenCV's fast path; the last few rows and columns are left out). OpenCV reads
    the part kept in place: copying it to contiguous memory first gave the same pixels 10-20 % later."""
    kept = array[: size[1] * factor, : size[0] * factor]
    return np.asarray(cv2.resize(kept, size, interpolation=cv2.INTER_AREA), dtype=np.uint8)


def _jpeg(array: NDArray[np.uint8], quality: int) -> bytes:
    """JPEG with Huffman tables fitted to the image (``optimize``): at q40 the standard tables double the
    background layer (9.4 -> 19.4 KiB a page on the bench's pages), for about 3 ms saved."""
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format="JPEG", quality=quality, optimize=True, subsampling=2)
    return buffer.getvalue()


def _g4(mask: NDArray[np.bool_]) -> bytes:
    """The mask as one CCITT G4 strip (what PDF's CCITTFaxDecode takes), from Pillow's TIFF writer (libtiff)
    asked for a single strip. img2pdf's transcoder does the same after copying the image once more."""
    bilevel = Image.fromarray(~mask)  # a bool array is a mode "1" image; white where there is no ink
    buffer = io.BytesIO()
    bilevel.save(buffer, format="TIFF", compression="group4", strip_size=(mask.shape[1] + 7) // 8 * mask.shape[0])
    buffer.seek(0)
    with TiffImagePlugin.TiffImageFile(buffer) as tiff:
        offsets, counts = tiff.tag_v2[TiffImagePlugin.STRIPOFFSETS], tiff.tag_v2[TiffImagePlugin.STRIPBYTECOUNTS]
    if len(offsets) != 1:
        raise ValueError(f"G4 mask written as {len(offsets)} strips")
    return buffer.getbuffer()[offsets[0]: offsets[0] + counts[0]].tobytes()


def _reduced(pixels: NDArray[np.uint8]) -> tuple[NDArray[np.uint8], NDArray[np.uint8]]:
    """The page's RGB pixels (a grey page made RGB), and the page reduced to the background layer's resolution."""
    rgb = pixels if pixels.ndim == 3 else np.asarray(cv2.cvtColor(pixels, cv2.COLOR_GRAY2RGB), dtype=np.uint8)
    height, width = rgb.shape[:2]
    size = (max(1, width // BACKGROUND_SCALE), max(1, height // BACKGROUND_SCALE))
    return rgb, _reduce(rgb, size, BACKGROUND_SCALE)


def split(pixels: NDArray[np.uint8], dpi: int) -> tuple[MrcLayers, NDArray[np.uint8]]:
    """The page's layers from its pixels (grey or RGB), and the page as a reader will see it (composed back, for the
    checks to judge)."""
    rgb, reduced = _reduced(pixels)
    gray = pixels if pixels.ndim == 2 else np.asarray(cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY), dtype=np.uint8)
    height, width = gray.shape
    bg_size = (reduced.shape[1], reduced.shape[0])
    mask, paper_level = text_mask(gray)
    boxes = merge_boxes(colour_regions(reduced, BACKGROUND_SCALE, dpi, (height, width))
                        + tone_regions(gray, paper_level, BACKGROUND_SCALE, dpi))
    for left, top, right, bottom in boxes:
        mask[top:bottom, left:right] = False
    ink = mask.view(np.uint8)
    paper = np.median(rgb[:: 16, :: 16].reshape(-1, 3), axis=0).astype(np.float32)

    small = reduced.astype(np.float32)
    near_ink = _reduce(cv2.dilate(ink, np.ones((3, 3), np.uint8)) * 255, bg_size, BACKGROUND_SCALE)
    free = (near_ink < 5).view(np.uint8)
    background = np.asarray(_fill(small, free.astype(np.float32), 9, paper).clip(0, 255), dtype=np.uint8)
    cv2.copyTo(reduced, free, background)  # away from the text the page as it is, the fill only under it

    fg_size = (max(1, width // FOREGROUND_SCALE), max(1, height // FOREGROUND_SCALE))
    summed = _reduce(cv2.copyTo(rgb, ink), fg_size, FOREGROUND_SCALE).astype(np.float32)
    share = _reduce(ink * 255, fg_size, FOREGROUND_SCALE).astype(np.float32)
    local = np.asarray(summed * 255 / np.maximum(share, 1)[..., None], dtype=np.float32)
    dark = np.zeros(3, np.float32)
    foreground = np.asarray(_fill(local, (share > 0).astype(np.float32), 5, dark).clip(0, 255), dtype=np.uint8)

    patches = [Patch(box, _jpeg(np.ascontiguousarray(rgb[box[1]:box[3], box[0]:box[2]]), PATCH_QUALITY))
               for box in boxes]
    layers = MrcLayers(width, height, _g4(mask), _jpeg(background, BACKGROUND_QUALITY), bg_size,
                       _jpeg(foreground, FOREGROUND_QUALITY), fg_size, patches)
    return layers, compose(layers, ink, background, foreground, rgb)


def paper_only(pixels: NDArray[np.uint8]) -> tuple[MrcLayers, NDArray[np.uint8]]:
    """A blank page's layers (a duplex back): the background alone, as :func:`split` reduces it, with no text mask,
    no text colour and no patches; and the page as a reader will see it. No search for ink or regions: the page's
    layout already found none."""
    rgb, background = _reduced(pixels)
    height, width = rgb.shape[:2]
    layers = MrcLayers(width, height, b"", _jpeg(background, BACKGROUND_QUALITY),
                       (background.shape[1], background.shape[0]), b"", (0, 0))
    return layers, compose(layers, None, background, None, rgb)


def compose(layers: MrcLayers, ink: NDArray[np.uint8] | None, background: NDArray[np.uint8],
            foreground: NDArray[np.uint8] | None, rgb: NDArray[np.uint8]) -> NDArray[np.uint8]:
    """The page as drawn from its layers (the layers before JPEG: close enough for the checks); ``ink`` and
    ``foreground`` None when the page has no text layer to draw."""
    size = (layers.width, layers.height)
    page = cv2.resize(background, size, interpolation=cv2.INTER_LINEAR)
    if ink is not None and foreground is not None:
        cv2.copyTo(cv2.resize(foreground, size, interpolation=cv2.INTER_NEAREST), ink, page)
    for patch in layers.patches:
        left, top, right, bottom = patch.box
        page[top:bottom, left:right] = rgb[top:bottom, left:right]
    return np.asarray(page, dtype=np.uint8)


def _image(pdf: pikepdf.Pdf, data: bytes, size: tuple[int, int]) -> pikepdf.Stream:
    return pikepdf.Stream(pdf, data, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image, Width=size[0],
                          Height=size[1], ColorSpace=pikepdf.Name.DeviceRGB, BitsPerComponent=8,
                          Filter=pikepdf.Name.DCTDecode)


def mrc_page(layers: MrcLayers, dpi: int) -> pikepdf.Pdf:
    """A one-page PDF drawing the layers at the page's size (``dpi`` gives 100 % scale)."""
    pdf = pikepdf.new()
    scale = 72.0 / dpi
    w, h = layers.width * scale, layers.height * scale
    xobjects = {"/Bg": _image(pdf, layers.background, layers.background_size)}
    ops = [f"q {w:.4f} 0 0 {h:.4f} 0 0 cm /Bg Do Q"]
    for n, patch in enumerate(layers.patches):
        left, top, right, bottom = patch.box
        name = f"/P{n}"
        xobjects[name] = _image(pdf, patch.jpeg, (right - left, bottom - top))
        ops.append(f"q {(right - left) * scale:.4f} 0 0 {(bottom - top) * scale:.4f} "
                   f"{left * scale:.4f} {(layers.height - bottom) * scale:.4f} cm {name} Do Q")
    if layers.mask_g4:
        mask = pikepdf.Stream(pdf, layers.mask_g4, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Image,
                              Width=layers.width, Height=layers.height, ImageMask=True, BitsPerComponent=1,
                              Filter=pikepdf.Name.CCITTFaxDecode,
                              DecodeParms=pikepdf.Dictionary(K=-1, Columns=layers.width, Rows=layers.height,
                                                             BlackIs1=True))
        foreground = _image(pdf, layers.foreground, layers.foreground_size)
        foreground.Mask = mask
        xobjects["/Fg"] = foreground
        ops.append(f"q {w:.4f} 0 0 {h:.4f} 0 0 cm /Fg Do Q")
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, w, h],
                              Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(xobjects)),
                              Contents=pikepdf.Stream(pdf, "\n".join(ops).encode()))
    pdf.pages.append(pikepdf.Page(page))
    return pdf
