"""A backlog record's first page as a small picture, for the clerk who confirms its record beside it: rendered from the
document's PDF/A (a record on disk means its PDF is whole)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from app.imaging.pdfpreview import render_pages

PREVIEW_DPI = 80


def first_page_png(folder: Path, record: dict[str, Any], dpi: int = PREVIEW_DPI) -> bytes | None:
    """PNG bytes of the record's first page, or None when its PDF is not there."""
    pdf = folder / "documents" / Path(str(record.get("pdf") or "")).name  # a name, never a path out of the batch
    if not pdf.is_file():
        return None
    with tempfile.TemporaryDirectory(prefix="sohoa-preview-") as out:
        pages = render_pages(pdf, Path(out), dpi=dpi, max_pages=1)
        return pages[0].read_bytes() if pages else None
