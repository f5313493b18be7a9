"""An ID-1 card (85.60 × 53.98 mm, ISO/IEC 7810) found on a flatbed scan: anywhere on the glass, turned any way,
on whatever the lid or the room shows around it. Each card found is cut out, straightened and kept at the scan's
resolution (so it prints at its real size), and turned upright when its QR code shows which way is up. QR codes are
decoded with zxing-cpp on the card, and on the whole scan when no card outline is found."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PIL import Image

from app.core.lazy import LazyModule

if TYPE_CHECKING:
    import cv2
    import numpy as np
    import zxingcpp
else:  # OpenCV, NumPy and zxing-cpp load when a card is first read, not with the new-dossier form
    cv2, np, zxingcpp = LazyModule("cv2"), LazyModule("numpy"), LazyModule("zxingcpp")

CARD_MM = (85.60, 53.98)
CARD_ASPECT = CARD_MM[0] / CARD_MM[1]
WORK_DPI = 60  # the outline is looked for on a small copy: a card is still ~200 px long, the search takes ms
SIZE_TOLERANCE = 0.15  # the outline's sides within ±15 % of the card's at the scan's stated resolution
ASPECT_TOLERANCE = 0.10  # when the stated resolution is wrong (a photo, a re-saved file): the shape alone
MIN_FILL = 0.88  # the outline fills its rectangle (rounded corners, a little noise); a blob of texture does not


@dataclass(frozen=True)
class QrCode:
    text: str
    center: tuple[float, float]  # in the pixels of the image it was read from


@dataclass(frozen=True)
class CardImage:
    """One card cut from a scan: straightened, landscape, upright when its QR told; ``corners`` on the scan."""

    image: Image.Image
    dpi: int
    corners: tuple[tuple[float, float], ...]
    qr: str | None

    @property
    def aspect(self) -> float:
        return self.image.width / self.image.height


@dataclass(frozen=True)
class GlassReading:
    """What one scan of the glass holds: the cards found and the first card QR text (on a card, else anywhere)."""

    cards: tuple[CardImage, ...]
    qr: str | None


def read_qr(image: Image.Image | np.ndarray) -> list[QrCode]:
    """Every QR code zxing-cpp reads in ``image`` (any turn, light on dark too)."""
    array = np.asarray(image.convert("L")) if isinstance(image, Image.Image) else image
    found = []
    qr_only = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    for code in zxingcpp.read_barcodes(np.ascontiguousarray(array), formats=qr_only):
        if not code.valid or not code.text:
            continue
        pos = code.position
        points = (pos.top_left, pos.top_right, pos.bottom_right, pos.bottom_left)
        found.append(QrCode(code.text, (sum(p.x for p in points) / 4, sum(p.y for p in points) / 4)))
    return found


def _masks(image: np.ndarray) -> list[np.ndarray]:
    """Binary maps in which a card's outline may close: brighter or more colourful than a dark or textured lid,
    darker than a white one, and its edges (a light card on a light lid shows only its border)."""
    gray = cv2.GaussianBlur(cv2.cvtColor(image, cv2.COLOR_RGB2GRAY), (5, 5), 0)
    saturation = cv2.GaussianBlur(cv2.cvtColor(image, cv2.COLOR_RGB2HSV)[:, :, 1], (5, 5), 0)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5))
    _, bright = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    _, colourful = cv2.threshold(saturation, 60, 255, cv2.THRESH_BINARY)
    card = cv2.morphologyEx(cv2.morphologyEx(cv2.bitwise_or(bright, colourful), cv2.MORPH_OPEN, kernel),
                            cv2.MORPH_CLOSE, kernel)
    dark = cv2.morphologyEx(255 - bright, cv2.MORPH_OPEN, kernel)
    edges = cv2.dilate(cv2.Canny(gray, 30, 90), np.ones((3, 3), np.uint8))
    return [card, dark, edges]


def _fits(width: float, height: float, expected: tuple[float, float] | None) -> float | None:
    """How far a rectangle is from a card (0 is a perfect card), or None when it is none."""
    long, short = max(width, height), min(width, height)
    if short <= 0:
        return None
    if expected is not None:
        error = max(abs(long / expected[0] - 1), abs(short / expected[1] - 1))
        return error if error <= SIZE_TOLERANCE else None
    error = abs(long / short / CARD_ASPECT - 1)
    return error if error <= ASPECT_TOLERANCE else None


Rect = Any  # OpenCV's rotated rectangle: ((centre x, y), (width, height), angle)


def _outlines(image: np.ndarray, expected: tuple[float, float] | None, min_area: float) -> list[tuple[float, Rect]]:
    found: list[tuple[float, Rect]] = []
    for mask in _masks(image):
        contours, _ = cv2.findContours(mask, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
        for contour in contours:
            area = cv2.contourArea(contour)
            if area < min_area:
                continue
            rect = cv2.minAreaRect(contour)
            (_cx, _cy), (w, h), _angle = rect
            error = _fits(w, h, expected)
            if error is not None and area / (w * h) >= MIN_FILL:
                found.append((error, rect))
    return sorted(found, key=lambda item: item[0])


def _overlaps(a: np.ndarray, b: np.ndarray) -> bool:
    inter, _ = cv2.intersectConvexConvex(a.astype(np.float32), b.astype(np.float32))
    return bool(inter > 0.2 * min(cv2.contourArea(a), cv2.contourArea(b)))


def find_outlines(image: Image.Image, dpi: int, limit: int = 2) -> list[np.ndarray]:
    """The corners (4×2, scan pixels) of up to ``limit`` card outlines on the scan, best first."""
    scale = min(1.0, WORK_DPI / dpi)
    rgb = np.asarray(image.convert("RGB"))
    small = cv2.resize(rgb, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else rgb
    work_dpi = dpi * scale
    expected = (CARD_MM[0] / 25.4 * work_dpi, CARD_MM[1] / 25.4 * work_dpi)
    candidates = _outlines(small, expected, 0.5 * expected[0] * expected[1])
    if not candidates:  # the stated resolution may be wrong: a card-shaped outline of some size
        candidates = _outlines(small, None, 0.01 * small.shape[0] * small.shape[1])
    chosen: list[np.ndarray] = []
    for _error, rect in candidates:
        box = cv2.boxPoints(rect) / scale
        if not any(_overlaps(box, other) for other in chosen):
            chosen.append(box)
        if len(chosen) == limit:
            break
    return chosen


def _ordered(box: np.ndarray) -> np.ndarray:
    """The corners clockwise on the page (y down), starting where a long side starts."""
    pts = box.astype(np.float32)
    x, y = pts[:, 0], pts[:, 1]
    if 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) < 0:
        pts = pts[::-1].copy()  # counter-clockwise: reversed, or the cut would be a mirror image
    if np.linalg.norm(pts[1] - pts[0]) < np.linalg.norm(pts[2] - pts[1]):
        pts = np.roll(pts, -1, axis=0)
    return pts


def cut_card(image: Image.Image, box: np.ndarray, dpi: int) -> CardImage:
    """The card inside ``box``, straightened to a landscape image at the scan's resolution (the card's own, when the
    scan states one the card's size belies), its QR (if any) decoded and used to turn it upright (the chip ID card's
    QR sits in its top-right quarter)."""
    pts = _ordered(box)
    width = round(float(np.linalg.norm(pts[1] - pts[0])))
    height = round(float(np.linalg.norm(pts[2] - pts[1])))
    if abs(width / (CARD_MM[0] / 25.4 * dpi) - 1) > SIZE_TOLERANCE:
        dpi = round(width / (CARD_MM[0] / 25.4))  # the file states a wrong resolution: the card's own size tells
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], np.float32)
    matrix = cv2.getPerspectiveTransform(pts, target)
    source = np.asarray(image.convert("RGB"))
    flat = cv2.warpPerspective(source, matrix, (width, height), flags=cv2.INTER_CUBIC,
                               borderMode=cv2.BORDER_REPLICATE)
    codes = read_qr(flat)
    if codes and codes[0].center[0] < width / 2:
        flat = cv2.rotate(flat, cv2.ROTATE_180)
    card = Image.fromarray(flat)
    card.info["dpi"] = (dpi, dpi)
    return CardImage(card, dpi, tuple((float(px), float(py)) for px, py in pts), codes[0].text if codes else None)


def read_glass(image: Image.Image, dpi: int, limit: int = 2) -> GlassReading:
    """The cards on one scan of the glass and the QR text: from a card, else from anywhere on the scan."""
    cards = tuple(cut_card(image, box, dpi) for box in find_outlines(image, dpi, limit))
    text = next((c.qr for c in cards if c.qr), None)
    if text is None:
        codes = read_qr(image)
        text = codes[0].text if codes else None
    return GlassReading(cards, text)
