"""Small JPEG views of a page master (a thumbnail and a screen-sized preview), made once in the scanning thread so
the counter's screen never decodes a 300-dpi master to show a page."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from app.core.files import atomic_write_bytes

THUMB_SIZE = 220
PREVIEW_SIZE = 1600


@dataclass(frozen=True)
class PageViews:
    thumb: Path
    preview: Path


def views_paths(master: Path) -> PageViews:
    folder = master.parent.parent / "views"
    return PageViews(folder / f"{master.stem}-thumb.jpg", folder / f"{master.stem}-view.jpg")


def _encode(img: Image.Image, size: int) -> bytes:
    copy = img.copy()
    copy.thumbnail((size, size), Image.Resampling.BILINEAR, reducing_gap=2.0)
    if copy.mode not in ("RGB", "L"):
        copy = copy.convert("RGB")
    buffer = io.BytesIO()
    copy.save(buffer, format="JPEG", quality=82)
    return buffer.getvalue()


def ensure_views(master: Path, image: Image.Image | None = None) -> PageViews:
    """The page's views, written next to the masters (``views/``) if missing; ``image`` spares a decode."""
    views = views_paths(master)
    if views.thumb.is_file() and views.preview.is_file():
        return views
    if image is None:
        with Image.open(master) as img:
            img.load()
            return _write(views, img)
    return _write(views, image)


def _write(views: PageViews, image: Image.Image) -> PageViews:
    preview = image.copy()
    preview.thumbnail((PREVIEW_SIZE, PREVIEW_SIZE), Image.Resampling.BILINEAR, reducing_gap=2.0)
    atomic_write_bytes(views.preview, _encode(preview, PREVIEW_SIZE))
    atomic_write_bytes(views.thumb, _encode(preview, THUMB_SIZE))
    return views
