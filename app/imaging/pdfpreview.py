"""PDF pages as PNG images (pdfium), for the signed-copy preview and for printing the receipt on any printer."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from app.core.files import atomic_write_bytes


def render_pages(pdf: Path, out_dir: Path, *, dpi: int = 110, max_pages: int | None = None) -> list[Path]:
    """Render each page at ``dpi`` into ``out_dir`` (``<stem>-p1.png``…); returns the files in page order."""
    import io

    document = pdfium.PdfDocument(str(pdf))
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
