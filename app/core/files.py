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
    """Lossless master of a page. Compression level 1: ~5x faster than the default for ~10 % more bytes."""
    import io

    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(dpi, dpi), compress_level=1)
    return buffer.getvalue()


def write_page_image(path: Path, image: Image.Image, dpi: int) -> tuple[str, int]:
    """Write a page master durably; returns its sha256 and size."""
    data = encode_page_png(image, dpi)
    atomic_write_bytes(path, data)
    return sha256_bytes(data), len(data)


def clean_partial_files(folder: Path) -> int:
    """Remove temp files left by a crash mid-write; returns how many."""
    if not folder.exists():
        return 0
    removed = 0
    for leftover in folder.rglob(".*.part"):
        leftover.unlink(missing_ok=True)
        removed += 1
    return removed
