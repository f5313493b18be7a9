"""Measurements of one page image at a working resolution of 150 dpi: paper and ink levels, scanner borders,
marks, and content touching an edge. Vectorized numpy/OpenCV only; every length is in millimetres of paper."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image

WORK_DPI = 150
MIN_MARK_MM2 = 0.12  # smaller specks are sensor noise or dust
EDGE_LINE_SHARE = 0.25  # a thin mark along this share of an edge is the paper's shadow, not content
EDGE_LINE_MM = 1.0  # mean thickness of such a shadow, even when the sheet lies tilted

Mask = NDArray[np.bool_]
Gray = NDArray[np.uint8]
# A page as the page pass holds it: a Pillow image, or its pixels (height x width grey, height x width x 3 RGB).
# Pixels spare the copies in and out of Pillow, which keeps RGB four bytes a pixel: about 20 ms each way on a
# 300-dpi A4 colour page.
PageImage = Image.Image | NDArray[np.uint8]


@dataclass
class WorkImage:
    gray: Gray  # working-resolution grey image
    scale: float  # working pixels per original pixel
    px_per_mm: float
    color: bool  # has real colour, not grey stored as RGB
    red: Mask | None  # seal-red marks (a "dấu giáp lai" seal legitimately runs over the edge)
    paper: int  # paper brightness 0-255
    border: Mask  # scanner background around the sheet
    crop: tuple[int, int, int, int]  # the sheet inside the scanner border, in original pixels (l, t, r, b)

    @property
    def near_border(self) -> Mask:
        """The scanner border and the blurred transition from it to the sheet."""
        if not self.border.any():
            return self.border
        grown: Mask = np.asarray(cv2.dilate(self.border.astype(np.uint8), np.ones((5, 5), np.uint8)), bool)
        return grown

    def mm(self, length_mm: float) -> int:
        return max(1, round(length_mm * self.px_per_mm))


def as_pixels(image: PageImage) -> NDArray[np.uint8]:
    """The page's pixels, grey or RGB (a bilevel page as grey 0 and 255, 16-bit grey by its top byte)."""
    if isinstance(image, np.ndarray):
        return image
    if image.mode.startswith("I;16"):  # 16-bit grey scans: keep the top byte, PIL's convert would clip
        return (np.asarray(image, dtype=np.uint16) >> 8).astype(np.uint8)
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB" if image.mode in ("RGBA", "P", "CMYK", "YCbCr", "LAB", "HSV") else "L")
    return np.asarray(image, dtype=np.uint8)


def _percentile(hist: NDArray[np.int64], q: float) -> int:
    total = int(hist.sum())
    if total == 0:
        return 255
    return int(np.searchsorted(np.cumsum(hist), q * total))


def has_colour(rgb: NDArray[np.uint8]) -> bool:
    """Real colour scans carry chroma (paper tone, ink, per-channel sensor noise); grey stored as RGB has none,
    beyond a level of rounding in JPEG. Sampled at full resolution, where sensor noise is not averaged away."""
    step = max(1, round((rgb.shape[0] * rgb.shape[1] / 400_000) ** 0.5))
    sample = rgb[::step, ::step].astype(np.int16)
    spread = sample.max(axis=2) - sample.min(axis=2)
    return bool(np.count_nonzero(spread >= 3) > 0.001 * spread.size)


def grey_pixels(image: PageImage) -> Gray:
    """The page in grey: ITU-R 601 weights, as Pillow's "L" conversion (to within one level)."""
    pixels = as_pixels(image)
    return pixels if pixels.ndim == 2 else np.asarray(cv2.cvtColor(pixels, cv2.COLOR_RGB2GRAY), dtype=np.uint8)


def image_size(image: PageImage) -> tuple[int, int]:
    """Width and height in pixels."""
    return (image.shape[1], image.shape[0]) if isinstance(image, np.ndarray) else image.size


def prepare(image: PageImage, dpi: int) -> WorkImage:
    arr = as_pixels(image)
    scale = min(1.0, WORK_DPI / max(dpi, 1))
    if scale < 1.0:
        size = (max(8, round(arr.shape[1] * scale)), max(8, round(arr.shape[0] * scale)))
        small = np.asarray(cv2.resize(arr, size, interpolation=cv2.INTER_AREA), dtype=np.uint8)
    else:
        small = arr
    color = arr.ndim == 3 and has_colour(arr)
    gray = np.ascontiguousarray(cv2.cvtColor(small, cv2.COLOR_RGB2GRAY) if small.ndim == 3 else small, dtype=np.uint8)
    px_per_mm = max(dpi, 1) * scale / 25.4
    hist = np.bincount(gray.ravel(), minlength=256)
    paper = _percentile(hist, 0.8)
    red = None
    if color:
        channels = small.astype(np.int16)
        red = (channels[..., 0] - np.maximum(channels[..., 1], channels[..., 2])) > 50
    size = image_size(image)
    work = WorkImage(gray, scale, px_per_mm, color, red, paper, np.zeros(gray.shape, bool), (0, 0, *size))
    border = scanner_border(work)
    if border.any():
        inside = np.bincount(gray[~border], minlength=256)
        work.paper = _percentile(inside, 0.8)
        work.border = border
        work.crop = _crop_box(border, scale, size)
    return work


def scanner_border(work: WorkImage) -> Mask:
    """Dark scanner background around the sheet: wide dark regions connected to the image frame."""
    gray = work.gray
    limit = min(90, int(work.paper * 0.45))
    ring = np.concatenate([gray[:2].ravel(), gray[-2:].ravel(), gray[:, :2].ravel(), gray[:, -2:].ravel()])
    if np.count_nonzero(ring < limit) < 0.03 * ring.size:
        return np.zeros(gray.shape, bool)
    dark = (gray < limit).astype(np.uint8)
    k = work.mm(3.0) | 1
    opened = cv2.morphologyEx(dark, cv2.MORPH_OPEN, np.ones((k, k), np.uint8))
    _, labels, stats, _ = cv2.connectedComponentsWithStats(opened, connectivity=4)
    h, w = gray.shape
    x, y, bw, bh = stats[:, 0], stats[:, 1], stats[:, 2], stats[:, 3]
    touching = (x == 0) | (y == 0) | (x + bw == w) | (y + bh == h)
    touching[0] = False
    if not touching.any():
        return np.zeros(gray.shape, bool)
    result: Mask = touching[labels]
    return result


def _crop_box(border: Mask, scale: float, size: tuple[int, int]) -> tuple[int, int, int, int]:
    rows = np.flatnonzero((~border).mean(axis=1) > 0.5)
    cols = np.flatnonzero((~border).mean(axis=0) > 0.5)
    if rows.size == 0 or cols.size == 0:
        return (0, 0, *size)
    left, right = cols[0] / scale, (cols[-1] + 1) / scale
    top, bottom = rows[0] / scale, (rows[-1] + 1) / scale
    return (max(0, int(left)), max(0, int(top)), min(size[0], round(right)), min(size[1], round(bottom)))


@dataclass
class Marks:
    """Connected marks darker than a threshold, with the paper's edge shadows removed."""

    labels: NDArray[np.int32]
    stats: NDArray[np.int32]
    keep: NDArray[np.bool_]  # per label

    @property
    def area(self) -> int:
        return int(self.stats[self.keep, cv2.CC_STAT_AREA].sum())

    @property
    def count(self) -> int:
        return int(np.count_nonzero(self.keep))

    def mask(self) -> Mask:
        result: Mask = self.keep[self.labels]
        return result


def marks(work: WorkImage, below_paper: int) -> Marks:
    mask = (work.gray < work.paper - below_paper) & ~work.near_border
    _, found, table, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    labels, stats = np.asarray(found, dtype=np.int32), np.asarray(table, dtype=np.int32)
    left, top, right, bottom = (round(v * work.scale) for v in work.crop)
    w, h = right - left, bottom - top
    x, y, bw, bh, area = (stats[:, i] for i in range(5))
    keep = area >= MIN_MARK_MM2 * work.px_per_mm ** 2
    zone, thin = work.mm(3.0), work.mm(EDGE_LINE_MM)
    near = (x < left + zone) | (y < top + zone) | (x + bw > right - zone) | (y + bh > bottom - zone)
    length = np.maximum(bw, bh)
    along = ((bw >= EDGE_LINE_SHARE * w) | (bh >= EDGE_LINE_SHARE * h)) & (area <= thin * length)
    keep &= ~(near & along)
    keep[0] = False
    return Marks(labels, stats, keep)


def text_contrast(work: WorkImage, loose: int = 30) -> int | None:
    """How much darker than the paper the darkest content is (5th percentile of the marks); None when no marks."""
    region = work.gray[(work.gray < work.paper - loose) & ~work.near_border]
    if region.size < 20 * work.px_per_mm ** 2:
        return None
    return int(work.paper - _percentile(np.bincount(region, minlength=256), 0.05))


def edge_contact(work: WorkImage, ink: Marks, zone_mm: float) -> dict[str, float]:
    """For each edge of the sheet, the length (mm) along it that content reaches within ``zone_mm``; red seal
    marks do not count at the left and right edges, where a "dấu giáp lai" seal is stamped over the edge."""
    mask = ink.mask()
    zone = work.mm(zone_mm)
    frame = np.zeros(mask.shape, np.uint8)
    frame[:zone], frame[-zone:], frame[:, :zone], frame[:, -zone:] = 1, 1, 1, 1
    if work.border.any():
        k = 2 * zone + 1
        frame |= np.asarray(cv2.dilate(work.border.astype(np.uint8), np.ones((k, k), np.uint8)), dtype=np.uint8)
    ys, xs = np.nonzero(mask & frame.astype(bool))
    result = {"left": 0.0, "right": 0.0, "top": 0.0, "bottom": 0.0}
    if ys.size == 0:
        return result
    left, top, right, bottom = (round(v * work.scale) for v in work.crop)
    distance = np.stack([xs - left, right - 1 - xs, ys - top, bottom - 1 - ys])
    nearest = np.argmin(distance, axis=0)
    seal = work.red[ys, xs] if work.red is not None else np.zeros(ys.shape, bool)
    for index, edge in enumerate(("left", "right", "top", "bottom")):
        chosen = (nearest == index) & ~seal if index < 2 else nearest == index
        along = ys[chosen] if index < 2 else xs[chosen]
        result[edge] = np.unique(along).size / work.px_per_mm
    return result


def crop_content(work: WorkImage) -> Gray:
    left, top, right, bottom = (round(v * work.scale) for v in work.crop)
    return work.gray[top:bottom, left:right]
