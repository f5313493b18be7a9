"""Reading the applicant from the chip ID card instead of the keyboard: the card scanned on the flatbed (the station's
scanner, one pass a side) or taken from an image or PDF file (refused whole when it cannot be trusted), found on the
glass, cut out at the scan's resolution and its QR text read into an :class:`~app.dossiers.idcard.IdCard`."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from app.core.errors import ExitCode, SohoaError
from app.dossiers.idcard import IdCard, NotAnIdCard, parse_card
from app.imaging.cardscan import CardImage, read_glass
from scanner import CancelToken, ScanOptions, driver_for
from scanner.errors import ScanCancelled
from scanner.file_pages import load_page, probe_path
from scanner.model import ColorMode, Source

log = logging.getLogger("sohoa.idcard")

MAX_FILE_PAGES = 4  # a card's scan or photocopy is one or two pages; a longer file is not read past these
MARGIN_MM = 5.0  # white around a card made a page: wider than the checks' 3-mm cut-off zone


class NoCardFound(SohoaError):
    exit_code = ExitCode.BLOCKED
    message_vi = "Không tìm thấy mã QR của thẻ căn cước; đặt mặt có mã QR xuống kính máy quét rồi quét lại."
    message_en = "No ID card QR code was found; lay the side with the QR code on the scanner glass and scan again."


@dataclass(frozen=True)
class CardReading:
    """The card the QR states (None when no card's QR was read), the first QR text read (a card's or not) and every
    card cut from the glass, in scan order."""

    card: IdCard | None
    qr: str | None
    sides: tuple[CardImage, ...]

    def require(self) -> IdCard:
        if self.card is None:
            raise NoCardFound(f"mã QR khác / another QR code: {self.qr[:40]!r}" if self.qr else "")
        return self.card


def read_images(images: Iterable[tuple[Image.Image, int]]) -> CardReading:
    """Each image (with its dpi) read as one scan of the glass; the first QR that is a card's fills the record."""
    card: IdCard | None = None
    first: str | None = None
    sides: list[CardImage] = []
    for image, dpi in images:
        glass = read_glass(image, dpi)
        sides.extend(glass.cards)
        for text in [c.qr for c in glass.cards if c.qr] + ([glass.qr] if glass.qr else []):
            first = first or text
            if card is None:
                try:
                    card = parse_card(text)
                except NotAnIdCard:
                    log.info("a QR code that is not an ID card's: %d characters", len(text))
    return CardReading(card, first, tuple(sides))


def combine(readings: Iterable[CardReading]) -> CardReading:
    """Several passes or files as one reading: the first card's record, every side in order."""
    readings = list(readings)
    card = next((r.card for r in readings if r.card is not None), None)
    first = next((r.qr for r in readings if r.qr), None)
    return CardReading(card, first, tuple(side for r in readings for side in r.sides))


def read_file(path: Path) -> CardReading:
    """The card in an image or PDF file (its first pages), the file validated whole first (a bad file raises
    :class:`scanner.errors.BadInput`, nothing read)."""
    pages = probe_path(path)[:MAX_FILE_PAGES]
    return read_images(load_page(page.path, page.frame) for page in pages)


def flatbed_options(dpi: int = 300) -> ScanOptions:
    """One colour pass of the glass: the card's picture is kept, and 300 dpi reads its QR with room to spare."""
    return ScanOptions(source=Source.FLATBED, dpi=dpi, mode=ColorMode.COLOR, max_pages=1)


def scan_glass(device: str, options: ScanOptions, cancel: CancelToken | None = None) -> list[tuple[Image.Image, int]]:
    """One pass of the glass on ``device`` (cancel stops it; a device error is raised as the driver raised it)."""
    cancel = cancel or CancelToken()
    images = [(page.image, page.dpi) for page in driver_for(device).scan(device, options, cancel)]
    if cancel.cancelled:
        raise ScanCancelled(device=device)
    return images


def on_paper(side: CardImage) -> Image.Image:
    """The card on a white margin, as a photocopy leaves it: the card's print reaches its edges, which the page
    checks would otherwise take for a page cut off. Same dpi, so the card keeps its real size."""
    margin = round(MARGIN_MM / 25.4 * side.dpi)
    paper = Image.new("RGB", (side.image.width + 2 * margin, side.image.height + 2 * margin), "white")
    paper.paste(side.image.convert("RGB"), (margin, margin))
    return paper


def write_sides(sides: Sequence[CardImage], folder: Path) -> list[Path]:
    """The cut cards as PNG files that keep their dpi, so a page made of one prints at the card's real size."""
    paths = []
    for number, side in enumerate(sides, start=1):
        path = folder / f"the-can-cuoc-{number}.png"
        on_paper(side).save(path, dpi=(side.dpi, side.dpi))
        paths.append(path)
    return paths
