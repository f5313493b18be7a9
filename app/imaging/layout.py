"""Text-line geometry without OCR: skew by projection profiles, sideways pages by comparing the two axes, and
upside-down pages by the asymmetry of Latin (and Vietnamese) lines: ascenders and diacritics above the x-height
band far outweigh descenders below it."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image

from app.imaging import measure as imaging
from app.imaging.measure import Marks, WorkImage

MAX_POINTS = 20_000
COARSE_POINTS = 6_000
COARSE = np.arange(-45.0, 135.0, 1.5)
CHAR_MIN_MM, CHAR_MAX_MM = 0.6, 8.0
LINE_WINDOW_MM = 12.0

Points = NDArray[np.float64]


@dataclass
class Layout:
    angle: float  # PIL Image.rotate() degrees (counter-clockwise) that make the lines level, near 0 or near 90
    confidence: float  # peak energy over median energy across angles; text pages score well above 1.3
    axis_ratio: float  # best energy across the other axis over best energy along the found one (< 1)
    rotation: int  # PIL Image.rotate() degrees (0, 90, 180, 270) that make the page upright
    asymmetry: float  # ascender/diacritic excess, > 0 when upright after ``rotation``
    lines: int

    @property
    def skew(self) -> float:
        """The angle of the lines off level, in degrees counter-clockwise to fix."""
        return float(((self.angle + 45.0) % 90.0) - 45.0)

    @property
    def has_text(self) -> bool:
        return self.confidence >= 1.3 and self.lines >= 3


def character_points(work: WorkImage, ink: Marks, rng_seed: int = 0) -> Points:
    """Coordinates (x, y) of ink pixels that belong to character-sized marks, at most ``MAX_POINTS``."""
    stats = ink.stats
    lo, hi = CHAR_MIN_MM * work.px_per_mm, CHAR_MAX_MM * work.px_per_mm
    size = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    keep = ink.keep & (size >= lo) & (size <= hi)
    ys, xs = np.nonzero(keep[ink.labels])
    if ys.size > MAX_POINTS:
        pick = np.random.default_rng(rng_seed).choice(ys.size, MAX_POINTS, replace=False)
        ys, xs = ys[pick], xs[pick]
    return np.stack([xs, ys]).astype(np.float64)


def text_height_mm(work: WorkImage, ink: Marks, sideways: bool = False) -> float | None:
    """The median height of the character-sized marks across the lines (``sideways``: the lines run down the
    image), in millimetres of paper: between the x-height and the capital height of the body text, 2.4 mm for
    13-point Times and 1.5 mm for 8-point. None without such marks."""
    stats = ink.stats
    lo, hi = CHAR_MIN_MM * work.px_per_mm, CHAR_MAX_MM * work.px_per_mm
    size = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    heights = stats[ink.keep & (size >= lo) & (size <= hi), cv2.CC_STAT_WIDTH if sideways else cv2.CC_STAT_HEIGHT]
    return float(np.median(heights)) / work.px_per_mm if heights.size else None


def _energies(points: Points, angles_deg: NDArray[np.float64]) -> NDArray[np.float64]:
    """Projection-profile energy (sum of squared bin counts) along each angle, all at once."""
    rad = np.radians(angles_deg).astype(np.float32)[:, None]
    xs, ys = points[0].astype(np.float32), points[1].astype(np.float32)
    proj = ys[None, :] * np.cos(rad) - xs[None, :] * np.sin(rad)
    bins = (proj - proj.min(axis=1, keepdims=True)).astype(np.int32)
    width = int(bins.max()) + 1
    flat = bins + (np.arange(len(angles_deg)) * width)[:, None]
    counts = np.bincount(flat.ravel(), minlength=width * len(angles_deg)).reshape(len(angles_deg), width)
    counts = counts.astype(np.float64)
    energy: NDArray[np.float64] = (counts * counts).sum(axis=1)
    return energy


def _refine(points: Points, centre: float) -> float:
    best = centre
    for span, step in ((1.5, 0.25), (0.25, 0.05)):
        angles = np.arange(best - span, best + span + step / 2, step)
        best = float(angles[int(np.argmax(_energies(points, angles)))])
    return best


def _profile_asymmetry(points: Points, angle: float, px_per_mm: float) -> tuple[float, int]:
    """(above - below) / (above + below) around the x-height bands of the lines, "down" being the projection at
    ``angle``; each band is where the profile reaches 40 % of its maximum within a line pitch."""
    rad = np.radians(angle)
    proj = points[1] * np.cos(rad) - points[0] * np.sin(rad)
    bins = np.floor(proj - proj.min()).astype(np.int64)
    profile = np.convolve(np.bincount(bins).astype(np.float64), np.ones(3) / 3, mode="same")
    if profile.size < 8:
        return 0.0, 0
    window = max(5, round(LINE_WINDOW_MM * px_per_mm)) | 1
    local_max = np.asarray(cv2.dilate(profile[None, :].astype(np.float32), np.ones((1, window), np.uint8))).ravel()
    core = (profile >= 0.4 * local_max) & (local_max >= 0.1 * profile.max())
    edges = np.diff(np.concatenate([[0], core.astype(np.int8), [0]]))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    if starts.size == 0:
        return 0.0, 0
    heights = np.ceil((ends - starts) * 0.8).astype(np.int64)
    cumulative = np.concatenate([[0.0], np.cumsum(profile)])
    lo = np.clip(starts - heights, 0, profile.size)
    hi = np.clip(ends + heights, 0, profile.size)
    above = cumulative[starts] - cumulative[lo]
    below = cumulative[hi] - cumulative[ends]
    total = float(above.sum() + below.sum())
    return (float(above.sum() - below.sum()) / total if total else 0.0), int(starts.size)


def analyse(points: Points, px_per_mm: float) -> Layout:
    if points.shape[1] < 200:
        return Layout(0.0, 1.0, 1.0, 0, 0.0, 0)
    energy = _energies(points[:, :: max(1, points.shape[1] // COARSE_POINTS)], COARSE)
    index = int(np.argmax(energy))
    coarse = float(COARSE[index])
    confidence = float(energy[index] / max(np.median(energy), 1.0))
    vertical = coarse >= 45.0
    other = energy[(COARSE >= 45.0) != vertical]
    axis_ratio = float(other.max() / energy[index]) if other.size else 1.0
    angle = _refine(points, coarse)
    asymmetry, lines = _profile_asymmetry(points, angle, px_per_mm)
    if vertical:
        rotation = 90 if asymmetry >= 0 else 270
    else:
        rotation = 0 if asymmetry >= 0 else 180
    return Layout(angle, confidence, axis_ratio, rotation, abs(asymmetry), lines)


def text_skew(image: Image.Image, dpi: int) -> float | None:
    """Degrees counter-clockwise that level the text lines (any multiple of 90° apart from that), or None when the
    page shows no text lines. ~0.07 s on a 300-dpi A4 page, where Tesseract's layout analysis takes ~0.25 s."""
    work = imaging.prepare(image, dpi)
    lines = analyse(character_points(work, imaging.marks(work, 60)), work.px_per_mm)
    return lines.skew if lines.has_text else None
