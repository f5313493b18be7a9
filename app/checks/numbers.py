"""Printed page numbers read from the OCR words in a page's header or footer: "Trang 2/5", "Page 2 of 5", "- 2 -",
"2/5", and the bare number centred in the top margin that ND 30/2020 prescribes from the second page on."""

from __future__ import annotations

import re
from collections.abc import Sequence

import cv2
import numpy as np
from PIL import Image

from app.imaging.ocr import OcrEngine, Word

MARGIN_SHARE = 0.15  # header and footer: this share of the page height from the top and from the bottom
MIN_DIGIT_CONFIDENCE = 50.0
MAX_NUMBER = 999
MAX_LINE_MM = (2.0, 12.0)  # a page number line is this tall
MAX_MARGIN_LINES = 4
PAD = 40

_DASHES = "-–—‒−_~"
_WITH_TOTAL = (
    re.compile(r"\b(?:trang|tr\.|page|p\.)\s*(\d{1,3})\s*(?:/|trên|tren|của|cua|of)\s*(\d{1,3})\b"),
    re.compile(r"^[\s\-–—]*(\d{1,3})\s*/\s*(\d{1,3})[\s\-–—]*$"),
)
_WITHOUT_TOTAL = (
    re.compile(r"\b(?:trang|page)\s*(?:số\s*)?(\d{1,3})\b(?!\s*/)"),
    re.compile(rf"^\s*[{_DASHES}]+\s*(\d{{1,3}})\s*[{_DASHES}]+\s*$"),
)
_BARE = re.compile(r"^\s*(\d{1,3})\s*$")


def _lines(words: Sequence[Word]) -> list[list[Word]]:
    """Words grouped into lines by the overlap of their vertical extents, each line left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.box[1] + w.box[3]) / 2):
        centre = (word.box[1] + word.box[3]) / 2
        if lines:
            last = lines[-1]
            top, bottom = min(w.box[1] for w in last), max(w.box[3] for w in last)
            if top <= centre <= bottom:
                last.append(word)
                continue
        lines.append([word])
    return [sorted(line, key=lambda w: w.box[0]) for line in lines]


def _digits_confident(line: Sequence[Word]) -> bool:
    return all(w.confidence >= MIN_DIGIT_CONFIDENCE for w in line if any(c.isdigit() for c in w.text))


def parse_line(text: str, centred_in_header: bool = False) -> tuple[int, int | None] | None:
    """The (number, total) a header or footer line states, or None."""
    line = " ".join(text.lower().split())
    for pattern in _WITH_TOTAL:
        match = pattern.search(line)
        if match:
            number, total = int(match.group(1)), int(match.group(2))
            if 1 <= number <= total <= MAX_NUMBER:
                return number, total
    for pattern in _WITHOUT_TOTAL:
        match = pattern.search(line)
        if match and 1 <= int(match.group(1)) <= MAX_NUMBER:
            return int(match.group(1)), None
    match = _BARE.match(line)
    if centred_in_header and match and 1 <= int(match.group(1)) <= MAX_NUMBER:
        return int(match.group(1)), None
    return None


def printed_number(words: Sequence[Word], width: int, height: int) -> tuple[int | None, int | None]:
    """The page number printed in the header or footer, with its total when stated; (None, None) when absent."""
    words_in_margins = [w for w in words if w.text.strip() and (
        w.box[3] <= height * MARGIN_SHARE or w.box[1] >= height * (1 - MARGIN_SHARE))]
    if not words_in_margins:
        return None, None
    best: tuple[int, int | None] | None = None
    for line in _lines(words_in_margins):
        if not _digits_confident(line):
            continue
        left, right = min(w.box[0] for w in line), max(w.box[2] for w in line)
        centred = abs((left + right) / 2 - width / 2) < 0.15 * width and line[0].box[3] <= height * MARGIN_SHARE
        found = parse_line(" ".join(w.text for w in line), centred)
        if found and (best is None or (best[1] is None and found[1] is not None)):
            best = found
    return best if best else (None, None)


def _overlaps(box: tuple[int, int, int, int], words: Sequence[Word]) -> bool:
    return any(w.box[0] < box[2] and box[0] < w.box[2] and w.box[1] < box[3] and box[1] < w.box[3] for w in words)


def unread_margin_lines(gray: Image.Image, dpi: int, words: Sequence[Word]) -> list[tuple[int, int, int, int]]:
    """Boxes of short text lines in the header and footer that the page OCR returned no word for."""
    arr = np.asarray(gray, dtype=np.uint8)
    height = arr.shape[0]
    mm = dpi / 25.4
    paper = int(np.percentile(arr[:: 8, :: 8], 80))
    boxes: list[tuple[int, int, int, int]] = []
    band = int(height * MARGIN_SHARE)
    for top in (0, height - band):
        strip = arr[top: top + band] < paper - 60
        strip[:, : int(5 * mm)] = False
        strip[:, -int(5 * mm):] = False
        rows = strip.sum(axis=1) > 0
        edges = np.diff(np.concatenate([[0], rows.astype(np.int8), [0]]))
        for start, end in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True):
            if not MAX_LINE_MM[0] * mm <= end - start <= MAX_LINE_MM[1] * mm:
                continue
            cols = np.flatnonzero(strip[start:end].any(axis=0))
            pad = int(2 * mm)
            box = (max(0, int(cols[0]) - pad), max(0, top + int(start) - pad),
                   min(arr.shape[1], int(cols[-1]) + pad), min(height, top + int(end) + pad))
            if box[2] - box[0] <= 60 * mm and not _overlaps(box, words):
                boxes.append(box)
    return boxes[:MAX_MARGIN_LINES]


def _binary(crop: np.ndarray, smooth: bool) -> Image.Image:
    if smooth:
        crop = cv2.GaussianBlur(crop, (3, 3), 0)
    _, binary = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)  # Tesseract's own fails here
    return Image.fromarray(np.pad(np.asarray(binary, dtype=np.uint8), PAD, constant_values=255))


def read_margin_numbers(engine: OcrEngine, gray: Image.Image, dpi: int, words: Sequence[Word]) -> list[Word]:
    """Words of the margin lines the page OCR skipped, in page coordinates. Each line is read twice, sharp and
    smoothed, and kept only when both readings state the same number: Tesseract misreads a lone digit now and then
    ("- 2 -" as "-7-") with high confidence, rarely the same way twice."""
    found: list[Word] = []
    for box in unread_margin_lines(gray, dpi, words):
        crop = np.asarray(gray.crop(box), dtype=np.uint8)
        first = engine.read_line(_binary(crop, False), dpi)
        stated = parse_line(" ".join(w.text for w in first), True)
        if stated is None or parse_line(" ".join(w.text for w in engine.read_line(_binary(crop, True), dpi)),
                                        True) != stated:
            continue
        dx, dy = box[0] - PAD, box[1] - PAD
        found += [Word(w.text, w.confidence, (w.box[0] + dx, w.box[1] + dy, w.box[2] + dx, w.box[3] + dy))
                  for w in first]
    return found
