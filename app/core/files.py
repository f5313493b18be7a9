"""Durable file writes: temp file + fsync + rename, so a crash never leaves a half-written file in place. What the
station writes holds applicants' data: files are 0600 and folders 0700 on POSIX (readable only by the station's
account)."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from PIL import Image


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":
        return  # directories cannot be opened for fsync on Windows; NTFS journals the rename
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def private_dir(folder: Path) -> Path:
    """Create ``folder`` and its missing parents as 0700 (pathlib gives parents the default mode)."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    for step in reversed(missing):
        step.mkdir(mode=PRIVATE_DIR, exist_ok=True)
    return folder


def make_private(path: Path) -> None:
    """Tighten an existing file (0600) or folder (0700), e.g. one made by an older version; no-op on Windows."""
    if os.name != "nt" and path.exists():
        path.chmod(PRIVATE_DIR if path.is_dir() else PRIVATE_FILE)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    private_dir(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")  # mkstemp makes it 0600
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(path)
        _fsync_dir(path.parent)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_copy(src: Path, dst: Path) -> None:
    atomic_write_bytes(dst, src.read_bytes())


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def encode_page_png(image: Image.Image, dpi: int) -> bytes:
    """Lossless master of a page as PNG, deflate level 1. A colour or grey page goes through OpenCV's libpng with
    every row filtered against the one above ("Up"): about half of Pillow's time on a 300-dpi scan (Pillow tries
    every filter on every row) for no more bytes (docs/performance.md). Bilevel, palette and alpha pages go through
    Pillow. Either way the file carries its dpi."""
    if image.mode not in ("RGB", "L"):
        import io

        buffer = io.BytesIO()
        image.save(buffer, format="PNG", dpi=(dpi, dpi), compress_level=1)
        return buffer.getvalue()
    import cv2  # the scanning side's own: loaded with the first page, not with the window
    import numpy as np

    pixels = np.asarray(image)
    if image.mode == "RGB":
        pixels = cv2.cvtColor(pixels, cv2.COLOR_RGB2BGR)
    ok, encoded = cv2.imencode(".png", pixels, [cv2.IMWRITE_PNG_COMPRESSION, 1,
                                                cv2.IMWRITE_PNG_FILTER, cv2.IMWRITE_PNG_FILTER_UP])
    if not ok:
        raise OSError("PNG encoding failed")
    return with_png_dpi(encoded.tobytes(), dpi)


def with_png_dpi(png: bytes, dpi: int) -> bytes:
    """``png`` with a pHYs chunk saying ``dpi`` (in pixels per metre, as Pillow writes it) right after its header
    chunk, unless it already has one."""
    header_end = 8 + 8 + 13 + 4  # signature, then IHDR: length, type, 13 bytes of data, CRC
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR" or b"pHYs" in png[header_end:header_end + 8]:
        return png
    import struct
    import zlib

    per_metre = int(dpi / 0.0254 + 0.5)
    body = b"pHYs" + struct.pack(">IIB", per_metre, per_metre, 1)
    chunk = struct.pack(">I", len(body) - 4) + body + struct.pack(">I", zlib.crc32(body))
    return png[:header_end] + chunk + png[header_end:]


def write_page_image(path: Path, image: Image.Image, dpi: int) -> tuple[str, int]:
    """Write a page master durably; returns its sha256 and size."""
    data = encode_page_png(image, dpi)
    atomic_write_bytes(path, data)
    return sha256_bytes(data), len(data)


WORK_COPY_SUFFIX = ".work.tiff"


def write_work_copy(folder: Path, image: Image.Image, dpi: int) -> Path | None:
    """An uncompressed copy of a page just scanned (a hidden file in ``folder``), for a page worker to read in a few
    milliseconds instead of decoding the PNG master (about 0.2 s of a worker's time at 300 dpi). The caller removes
    it once the page is done; :func:`clean_partial_files` removes any that a crash left. None when it cannot be
    written (a full disk): the worker then reads the master."""
    path: Path | None = None
    try:
        private_dir(folder)
        fd, name = tempfile.mkstemp(dir=folder, prefix=".", suffix=WORK_COPY_SUFFIX)  # 0600
        path = Path(name)
        with os.fdopen(fd, "wb") as handle:
            image.save(handle, format="TIFF", dpi=(dpi, dpi))  # no compression: written and read at memory speed
    except OSError:
        if path is not None:
            path.unlink(missing_ok=True)
        return None
    return path


def clean_partial_files(folder: Path) -> int:
    """Remove temp files left by a crash mid-write, and pages' work copies; returns how many."""
    if not folder.exists():
        return 0
    removed = 0
    for leftover in [*folder.rglob(".*.part"), *folder.rglob(f".*{WORK_COPY_SUFFIX}")]:
        leftover.unlink(missing_ok=True)
        removed += 1
    return removed
