"""PDF pages as images (pdfium) as a reader shows them, form widgets and signature stamps included: PNG files for
the signed-copy preview, images at the printer's resolution for printing the receipt."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image

from app.core.files import atomic_write_bytes

if TYPE_CHECKING:  # pdfium loads on the first preview: the window imports this module before its first paint
    import pypdfium2 as pdfium

# pdfium is not thread-safe (pypdfium2 says so; two previews rendered at once crashed the process): every use of it
# in the station's process holds this lock, the window's workers and its GUI thread alike
PDFIUM_LOCK = threading.RLock()


def _open(pdf: Path) -> pdfium.PdfDocument:
    """The document with its forms loaded: without them pdfium draws no widget, so a signature's visible stamp
    would be missing from the preview of a signed copy."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    document.init_forms()
    return document


def render_pages(pdf: Path, out_dir: Path, *, dpi: int = 110, max_pages: int | None = None) -> list[Path]:
    """Render each page at ``dpi`` into ``out_dir`` (``<stem>-p1.png``…); returns the files in page order."""
    with PDFIUM_LOCK:
        return _render_pages(pdf, out_dir, dpi, max_pages)


def _render_pages(pdf: Path, out_dir: Path, dpi: int, max_pages: int | None) -> list[Path]:
    import io

    document = _open(pdf)
    try:
        count = len(document) if max_pages is None else min(max_pages, len(document))
        written = []
        for index in range(count):
            page = document[index]
            try:
                image = page.render(scale=dpi / 72).to_pil()
            finally:
                page.close()
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", dpi=(dpi, dpi))
            path = out_dir / f"{pdf.stem}-p{index + 1}.png"
            atomic_write_bytes(path, buffer.getvalue())
            written.append(path)
        return written
    finally:
        document.close()


def render_images(pdf: Path, dpi: float) -> Iterator[tuple[Image.Image, float, float]]:
    """Each page rendered at ``dpi`` (the printer's resolution) with its own size in points, for printing the PDF
    itself rather than a screen preview of it."""
    with PDFIUM_LOCK:
        document = _open(pdf)
        try:
            for index in range(len(document)):
                page = document[index]
                try:
                    width, height = page.get_size()
                    yield page.render(scale=dpi / 72).to_pil().convert("RGB"), width, height
                finally:
                    page.close()
        finally:
            document.close()


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    """Every page's width and height in points."""
    with PDFIUM_LOCK:
        document = _open(pdf)
        try:
            return [document.get_page_size(index) for index in range(len(document))]
        finally:
            document.close()
