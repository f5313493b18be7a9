"""Is this scanned page a separator sheet, or blank? The QR is looked for on a copy downscaled to about 100 dpi (the
printed QR's modules are still ~9 pixels wide there, and the look takes milliseconds); a sheet fed upside down or
turned is found too. Only a QR that names a separator counts: a result's own QR never splits it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import zxingcpp
from PIL import Image

from app.checks.profiles import Profile
from app.imaging import measure
from app.results.separator import Separator, parse

QR = zxingcpp.barcode_formats_from_str("QRCode")
DETECT_DPI = 100
RETRY_DPI = 150


@dataclass(frozen=True)
class Found:
    separator: Separator
    rotated: int  # degrees the sheet was turned when scanned (0, 90, 180, 270), as the QR's corners show


def _gray(image: Image.Image, dpi: int, target: int) -> Image.Image:
    gray = image.convert("L")
    if dpi > target:
        gray = gray.resize((max(1, gray.width * target // dpi), max(1, gray.height * target // dpi)),
                           Image.Resampling.BOX)
    return gray


def _read(gray: Image.Image) -> Found | None:
    for barcode in zxingcpp.read_barcodes(gray, formats=QR, try_rotate=True):
        separator = parse(barcode.text)
        if separator is not None:
            return Found(separator, int(barcode.orientation) % 360)
    return None


def find_separator(image: Image.Image, dpi: int) -> Found | None:
    """The separator this page is, or None. A second, finer look only when the coarse one saw no QR at all."""
    found = _read(_gray(image, dpi, DETECT_DPI))
    if found is None and dpi > DETECT_DPI:
        found = _read(_gray(image, dpi, RETRY_DPI))
    return found


def is_blank(image: Image.Image, dpi: int, profile: Profile) -> bool:
    """The checks' own blank test: marks that stand out from the paper cover almost nothing of the sheet."""
    work = measure.prepare(image, dpi)
    content = measure.marks(work, profile.blank_contrast)
    paper_area = max(1, int(np.count_nonzero(~work.border)))
    return content.area / paper_area <= profile.blank_max_ink_ratio
