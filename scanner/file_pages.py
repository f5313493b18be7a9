"""The pages a file holds, found without trusting it, and one page decoded at a time.

:func:`probe_file` walks a file whole (JPEG, PNG, TIFF through Pillow with an allow-list of formats, so no
PostScript ever reaches Ghostscript; PDF through pikepdf and pdfium) and refuses it before any page is used: too many
pages, a page too large or too small, a page that does not decode. Memory stays at about one page whatever the
file holds. :func:`load_page` then decodes page N alone, in whichever process works on it.
"""

from __future__ import annotations

import math
import struct
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from scanner.errors import BadInput

IMAGE_FORMATS = ("JPEG", "PNG", "TIFF")  # Image.open tries only these: no EPS, no Ghostscript
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff"}
PDF_SUFFIXES = {".pdf"}
MAX_PIXELS = 50_000_000  # an A3 page at 600 dpi is 35 MP; one page's decoding stays well under 1 GB
MIN_SIDE = 32  # pixels; smaller is no paper page, and the deskew and OCR steps need some room
MAX_PAGES = 500  # per file
DEFAULT_DPI = 300
PDF_RENDER_DPI = 300
DPI_RANGE = (50, 1200)

# What Pillow's and pdfium's parsers raise on hostile bytes (a TIFF whose next IFD points past the end raises TypeError,
# a corrupt frame KeyError or IndexError): each means "this file cannot be read", never a bug of ours.
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, TypeError, KeyError, IndexError, EOFError, struct.error,
                  ZeroDivisionError, OverflowError, Image.DecompressionBombError, Image.DecompressionBombWarning)


class BadImageFile(BadInput):
    message_vi = "Tệp ảnh bị hỏng, không đầy đủ hoặc quá lớn; tệp đã bị từ chối và dữ liệu đã lưu không bị ảnh hưởng."
    message_en = "The image file is corrupt, truncated or too large; it was refused and stored data is untouched."


class BadPdfFile(BadInput):
    message_vi = "Tệp PDF bị hỏng hoặc có mật khẩu; tệp đã bị từ chối và dữ liệu đã lưu không bị ảnh hưởng."
    message_en = "The PDF is broken or password-protected; it was refused and stored data is untouched."


class PageTooLarge(BadInput):
    message_vi = (f"Trang quá lớn (tối đa {MAX_PIXELS // 1_000_000} triệu điểm ảnh, như khổ A3 ở 600 dpi); "
                  "hãy quét lại ở độ phân giải thấp hơn. Tệp đã bị từ chối.")
    message_en = (f"A page is too large (at most {MAX_PIXELS // 1_000_000} megapixels, e.g. A3 at 600 dpi); "
                  "scan it again at a lower resolution. The file was refused.")


class PageTooSmall(BadInput):
    message_vi = f"Trang quá nhỏ (dưới {MIN_SIDE} điểm ảnh mỗi cạnh), không phải trang giấy. Tệp đã bị từ chối."
    message_en = f"A page is too small (under {MIN_SIDE} pixels a side) to be a paper page. The file was refused."


class TooManyPages(BadInput):
    message_vi = f"Tệp có quá nhiều trang (tối đa {MAX_PAGES} trang một tệp); hãy tách tệp. Tệp đã bị từ chối."
    message_en = f"The file has too many pages (at most {MAX_PAGES} per file); split it. The file was refused."


class UnsupportedFile(BadInput):
    message_vi = "Chỉ nhận tệp JPEG, PNG, TIFF hoặc PDF; tệp đã bị từ chối."
    message_en = "Only JPEG, PNG, TIFF or PDF files are accepted; the file was refused."


class NotReadableFile(BadInput):
    message_vi = "Không phải tệp đọc được (không tồn tại, là thư mục hoặc liên kết hỏng)."
    message_en = "Not a readable file (missing, a folder, or a broken link)."


class NoPages(BadInput):
    message_vi = "Không có tệp trang nào (JPEG, PNG, TIFF, PDF) để nhập."
    message_en = "No page files (JPEG, PNG, TIFF, PDF) to import."


@dataclass(frozen=True)
class FilePage:
    """Page ``frame`` of ``path``: its size in pixels once decoded, and its resolution."""

    path: Path
    frame: int
    width: int
    height: int
    dpi: int


def _check_size(path: Path, frame: int, width: int, height: int) -> None:
    where = f"{path.name}, trang {frame + 1}: {width}x{height}"
    if width * height > MAX_PIXELS:
        raise PageTooLarge(where)
    if min(width, height) < MIN_SIDE:
        raise PageTooSmall(where)


def _image_dpi(img: Image.Image) -> int:
    info = img.info.get("dpi")
    try:
        value = float(info[0]) if isinstance(info, tuple) and info else 0.0
    except (TypeError, ValueError):
        return DEFAULT_DPI
    if math.isfinite(value) and DPI_RANGE[0] <= value <= DPI_RANGE[1]:
        return round(value)
    return DEFAULT_DPI


def readable_file(path: Path) -> Path:
    """``path`` if it is a regular file (following a link that resolves), else :class:`NotReadableFile`."""
    if not path.is_file():
        raise NotReadableFile(str(path))
    return path


def input_files(path: Path) -> list[Path]:
    """The files a path names: itself, or a folder's JPEG, PNG, TIFF and PDF entries in name order. An entry named
    like a page that is not a readable file (a folder, a broken link) refuses the folder."""
    if path.is_dir() and path.suffix.lower() in IMAGE_SUFFIXES | PDF_SUFFIXES:
        raise NotReadableFile(str(path))  # a folder named like a page is a mistake, not a folder of pages
    if path.is_dir():
        entries = sorted(p for p in path.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES | PDF_SUFFIXES)
        return [readable_file(p) for p in entries]
    return [readable_file(path)]


@contextmanager
def _open_image(path: Path) -> Iterator[Image.Image]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "Corrupt EXIF data" and the like: the page decodes or is refused
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(path, formats=IMAGE_FORMATS) as img:
            yield img


def _probe_image(path: Path) -> list[FilePage]:
    pages: list[FilePage] = []
    try:
        with _open_image(path) as img:
            count = getattr(img, "n_frames", 1)
            if not isinstance(count, int) or count < 1:
                raise BadImageFile(f"{path.name}: no image")
            if count > MAX_PAGES:
                raise TooManyPages(f"{path.name}: {count}")
            for frame in range(count):
                img.seek(frame)
                _check_size(path, frame, img.width, img.height)
                img.load()  # one frame decoded at a time, then dropped: a corrupt page refuses the whole file
                pages.append(FilePage(path, frame, img.width, img.height, _image_dpi(img)))
    except BadInput:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PageTooLarge(f"{path.name}: {exc}") from exc
    except _DECODE_ERRORS as exc:
        raise BadImageFile(f"{path.name}: {exc}") from exc
    return pages


def _check_pdf_structure(path: Path) -> int:
    import pikepdf  # heavy; only when a PDF is imported

    try:
        with pikepdf.open(path) as pdf:
            if pdf.is_encrypted:  # an owner password alone opens it, but encrypted PDFs are refused all the same
                raise BadPdfFile(f"{path.name}: encrypted")
            count = len(pdf.pages)
            if count > MAX_PAGES:
                raise TooManyPages(f"{path.name}: {count}")
            for page in pdf.pages:
                box = [float(v) for v in page.mediabox]
                if len(box) != 4 or not all(math.isfinite(v) for v in box):
                    raise BadPdfFile(f"{path.name}: bad MediaBox")
    except BadInput:
        raise
    except pikepdf.PasswordError as exc:
        raise BadPdfFile(f"{path.name}: encrypted") from exc
    except (pikepdf.PdfError, *_DECODE_ERRORS) as exc:
        raise BadPdfFile(f"{path.name}: {exc}") from exc
    if count == 0:
        raise BadPdfFile(f"{path.name}: 0 pages")
    return count


def _pdf_page_dpi(page: object, width_pt: float) -> int:
    """The dpi of the largest image on a page, so scanned PDFs are rendered at their own resolution."""
    best = 0
    for obj in page.get_objects(max_depth=2):  # type: ignore[attr-defined]
        if obj.type == 3:  # FPDF_PAGEOBJ_IMAGE
            try:
                px_w, _ = obj.get_px_size()
                left, _, right, _ = obj.get_bounds()
            except Exception:  # pdfium reports a broken image object in many ways; its dpi is then not used
                continue
            if right - left > width_pt * 0.5:
                best = max(best, round(px_w / ((right - left) / 72.0)))
    return best if 72 <= best <= 1200 else PDF_RENDER_DPI


def _pdf_page(path: Path, doc: object, frame: int) -> tuple[object, FilePage]:
    page = doc[frame]  # type: ignore[index]
    width_pt, height_pt = page.get_size()
    if not (math.isfinite(width_pt) and math.isfinite(height_pt)) or width_pt <= 0 or height_pt <= 0:
        raise BadPdfFile(f"{path.name}, trang {frame + 1}: size {width_pt}x{height_pt}")
    dpi = _pdf_page_dpi(page, width_pt)
    width, height = round(width_pt / 72 * dpi), round(height_pt / 72 * dpi)
    _check_size(path, frame, width, height)
    return page, FilePage(path, frame, width, height, dpi)


def _probe_pdf(path: Path) -> list[FilePage]:
    import pypdfium2 as pdfium  # heavy; only when a PDF is imported

    count = _check_pdf_structure(path)
    try:
        doc = pdfium.PdfDocument(str(path))
        try:
            if len(doc) != count:
                raise BadPdfFile(f"{path.name}: {len(doc)} != {count} pages")
            return [_pdf_page(path, doc, frame)[1] for frame in range(count)]
        finally:
            doc.close()
    except BadInput:
        raise
    except (pdfium.PdfiumError, *_DECODE_ERRORS) as exc:
        raise BadPdfFile(f"{path.name}: {exc}") from exc


def probe_file(path: Path) -> list[FilePage]:
    """Every page of one file, the file validated whole (refused with a :class:`BadInput` naming why)."""
    readable_file(path)
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        return _probe_pdf(path)
    if suffix in IMAGE_SUFFIXES:
        return _probe_image(path)
    raise UnsupportedFile(path.name)


def probe_path(path: Path) -> list[FilePage]:
    """Every page a file or folder holds, in order, each file validated whole (see :func:`input_files`)."""
    pages = [page for file in input_files(path) for page in probe_file(file)]
    if not pages:
        raise NoPages(str(path))
    return pages


def load_page(path: Path, frame: int = 0) -> tuple[Image.Image, int]:
    """Decode page ``frame`` of a file alone (sizes checked again: the file may have changed since it was probed)."""
    readable_file(path)
    if path.suffix.lower() in PDF_SUFFIXES:
        return _load_pdf_page(path, frame)
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        raise UnsupportedFile(path.name)
    try:
        with _open_image(path) as img:
            img.seek(frame)
            _check_size(path, frame, img.width, img.height)
            img.load()
            copy = img.copy()
            copy.info = dict(img.info)
            return copy, _image_dpi(img)
    except BadInput:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PageTooLarge(f"{path.name}: {exc}") from exc
    except _DECODE_ERRORS as exc:
        raise BadImageFile(f"{path.name}: {exc}") from exc


def _load_pdf_page(path: Path, frame: int) -> tuple[Image.Image, int]:
    import pypdfium2 as pdfium  # heavy; only when a PDF is imported

    try:
        doc = pdfium.PdfDocument(str(path))
        try:
            page, info = _pdf_page(path, doc, frame)
            bitmap = page.render(scale=info.dpi / 72.0)  # type: ignore[attr-defined]
            return bitmap.to_pil().convert("RGB"), info.dpi
        finally:
            doc.close()
    except BadInput:
        raise
    except (pdfium.PdfiumError, *_DECODE_ERRORS) as exc:
        raise BadPdfFile(f"{path.name}: {exc}") from exc
