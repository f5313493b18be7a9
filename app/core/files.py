"""Durable file writes: temp file + fsync + rename, so a crash never leaves a half-written file in place. What the
station writes holds applicants' data: files are 0600 and folders 0700 on POSIX (readable only by the station's
account)."""

from __future__ import annotations

import hashlib
import os
import struct
import tempfile
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray


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
    """Lossless master of a page as PNG. An 8-bit colour or grey page has every row filtered against the one above
    ("Up") and deflated at level 1 by Intel's ISA-L: about a fifth of zlib's time at level 1 for the same bytes on a
    300-dpi scan (docs/performance.md), since the scanning side pays it for every image the feeder hands over.
    Bilevel, palette and alpha pages go through Pillow. Either way the file carries its dpi."""
    if image.mode not in ("RGB", "L"):
        import io

        buffer = io.BytesIO()
        image.save(buffer, format="PNG", dpi=(dpi, dpi), compress_level=1)
        return buffer.getvalue()
    import numpy as np
    from isal import isal_zlib  # the scanning side's own: loaded with the first page, not with the window

    pixels = np.asarray(image)
    height, width = image.height, image.width
    rows = pixels.reshape(height, -1)
    deflate = isal_zlib.compressobj(1)
    idat: list[bytes] = []
    for top in range(0, height, _PNG_BLOCK_ROWS):  # a block at a time: no second copy of the page in memory
        block = rows[top:top + _PNG_BLOCK_ROWS]
        filtered = np.empty((block.shape[0], block.shape[1] + 1), np.uint8)
        filtered[:, 0] = 2  # PNG filter type 2, "Up": each byte less the one above it
        np.subtract(block[1:], block[:-1], out=filtered[1:, 1:])
        if top == 0:
            filtered[0, 0] = 0  # the first row has none above it: stored as it is
            filtered[0, 1:] = block[0]
        else:
            np.subtract(block[0], rows[top - 1], out=filtered[0, 1:])
        idat.append(deflate.compress(filtered))
    idat.append(deflate.flush())
    header = struct.pack(">IIBBBBB", width, height, 8, 2 if image.mode == "RGB" else 0, 0, 0, 0)
    per_metre = int(dpi / 0.0254 + 0.5)
    return b"".join([_PNG_SIGNATURE, _png_chunk(b"IHDR", header),
                     _png_chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
                     *(_png_chunk(b"IDAT", data) for data in idat if data),
                     _png_chunk(b"IEND", b"")])


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_BLOCK_ROWS = 256


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(body, zlib.crc32(kind)))


def write_page_image(path: Path, image: Image.Image, dpi: int) -> tuple[str, int]:
    """Write a page master durably; returns its sha256 and size."""
    data = encode_page_png(image, dpi)
    atomic_write_bytes(path, data)
    return sha256_bytes(data), len(data)


WORK_COPY_SUFFIX = ".work"
_WORK_COPY_MAGIC = b"SoHoa work copy\x01"
_WORK_COPY_HEADER = len(_WORK_COPY_MAGIC) + 8 + 3 * 4  # the magic, the mode (8 bytes), width, height, dpi


def write_work_copy(folder: Path, image: Image.Image, dpi: int) -> Path | None:
    """An uncompressed copy of a page just scanned (a hidden file in ``folder``), for a page worker to read in a few
    milliseconds instead of decoding the PNG master (about 0.2 s of a worker's time at 300 dpi): the image's own
    pixels after a short header (:func:`read_work_copy`). The caller removes it once the page is done;
    :func:`clean_partial_files` removes any that a crash left. None when it cannot be written (a full disk): the
    worker then reads the master (as for a mode without a copy here)."""
    if image.mode not in _WORK_COPY_MODES:
        return None
    path: Path | None = None
    try:
        private_dir(folder)
        fd, name = tempfile.mkstemp(dir=folder, prefix=".", suffix=WORK_COPY_SUFFIX)  # 0600
        path = Path(name)
        with os.fdopen(fd, "wb") as handle:
            handle.write(_WORK_COPY_MAGIC + struct.pack(">8sIII", image.mode.encode("ascii"), image.width,
                                                        image.height, dpi))
            handle.write(image.tobytes())
    except OSError:
        if path is not None:
            path.unlink(missing_ok=True)
        return None
    return path


def read_work_copy(path: Path) -> tuple[Image.Image, int]:
    """The page and its dpi from :func:`write_work_copy`'s file: a seventh of the time Pillow takes to read the same
    pixels as an uncompressed TIFF. A file that is not one, or not whole, raises ValueError."""
    pixels, mode, size, dpi = _read_work_copy(path)
    return Image.frombytes(mode, size, pixels.data), dpi


def read_work_pixels(path: Path) -> tuple[Image.Image | NDArray[np.uint8], int]:
    """As :func:`read_work_copy`, but a grey or colour page comes as its pixels (height x width [x 3]), as the page
    pass works on them: on a 300-dpi colour page 3-4 ms, where making it a Pillow image (which stores RGB four bytes
    a pixel) took 14 ms in bench/page_steps.py and up to 44 ms in a process of its own."""
    pixels, mode, size, dpi = _read_work_copy(path)
    if mode == "L":
        return pixels.reshape(size[1], size[0]), dpi
    if mode == "RGB":
        return pixels.reshape(size[1], size[0], 3), dpi
    return Image.frombytes(mode, size, pixels.data), dpi


def _read_work_copy(path: Path) -> tuple[NDArray[np.uint8], str, tuple[int, int], int]:
    with path.open("rb") as handle:
        header = handle.read(_WORK_COPY_HEADER)
        if len(header) != _WORK_COPY_HEADER or not header.startswith(_WORK_COPY_MAGIC):
            raise ValueError(f"{path.name}: not a work copy")
        raw_mode, width, height, dpi = struct.unpack(">8sIII", header[len(_WORK_COPY_MAGIC):])
        mode = raw_mode.rstrip(b"\0").decode("ascii")
        if mode not in _WORK_COPY_MODES or not width or not height:
            raise ValueError(f"{path.name}: a work copy of mode {mode!r}, {width}x{height}")
        expected = len(Image.new(mode, (width, 1)).tobytes()) * height
        if os.fstat(handle.fileno()).st_size != _WORK_COPY_HEADER + expected:
            raise ValueError(f"{path.name}: a work copy cut short")
        import numpy as np

        return np.fromfile(handle, np.uint8, count=expected), mode, (width, height), dpi


_WORK_COPY_MODES = ("1", "L", "RGB", "RGBA", "CMYK", "I;16", "I", "F")  # a palette would need its palette


def clean_partial_files(folder: Path) -> int:
    """Remove temp files left by a crash mid-write, and pages' work copies; returns how many."""
    if not folder.exists():
        return 0
    removed = 0
    for leftover in [*folder.rglob(".*.part"), *folder.rglob(f".*{WORK_COPY_SUFFIX}")]:
        leftover.unlink(missing_ok=True)
        removed += 1
    return removed
