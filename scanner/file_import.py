"""File import driver: ``file:<path>`` reads JPEG, PNG, TIFF (multi-page) and PDF as if they were scanned.

A file is validated whole before its first page is delivered, so a corrupt file is refused, not half-read.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

from PIL import Image, ImageSequence

from scanner.errors import BadInput, DeviceNotFound, ScanCancelled
from scanner.model import CancelToken, Capabilities, ColorMode, DeviceInfo, ScannedPage, ScanOptions, Source

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff"}
PDF_SUFFIXES = {".pdf"}
MAX_PIXELS = 120_000_000  # A3 at 1200 dpi is ~ 70 MP; anything larger is a decompression bomb
MAX_PDF_PAGES = 2000
DEFAULT_DPI = 300
PDF_RENDER_DPI = 300


class BadImageFile(BadInput):
    message_vi = "Tệp ảnh bị hỏng, không đầy đủ hoặc quá lớn; tệp đã bị từ chối và dữ liệu đã lưu không bị ảnh hưởng."
    message_en = "The image file is corrupt, truncated or too large; it was refused and stored data is untouched."


class BadPdfFile(BadInput):
    message_vi = "Tệp PDF bị hỏng hoặc có mật khẩu; tệp đã bị từ chối và dữ liệu đã lưu không bị ảnh hưởng."
    message_en = "The PDF is broken or password-protected; it was refused and stored data is untouched."


def _image_dpi(img: Image.Image) -> int:
    info = img.info.get("dpi")
    if isinstance(info, tuple) and info and float(info[0]) >= 10:
        return round(float(info[0]))
    return DEFAULT_DPI


def load_images(path: Path) -> list[tuple[Image.Image, int]]:
    """Decode every frame of an image file fully, or raise :class:`BadImageFile`."""
    frames: list[tuple[Image.Image, int]] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                if img.width * img.height > MAX_PIXELS:
                    raise BadImageFile(f"{path.name}: {img.width}x{img.height} pixels exceeds the limit")
                for frame in ImageSequence.Iterator(img):
                    if frame.width * frame.height > MAX_PIXELS:
                        raise BadImageFile(f"{path.name}: frame too large")
                    frame.load()
                    copy = frame.copy()
                    copy.info = dict(frame.info)
                    frames.append((copy, _image_dpi(frame)))
    except BadImageFile:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise BadImageFile(f"{path.name}: {exc}") from exc
    if not frames:
        raise BadImageFile(f"{path.name}: no image")
    return frames


def _check_pdf(path: Path) -> int:
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            count = len(pdf.pages)
            for page in pdf.pages:
                _ = page.mediabox
    except pikepdf.PasswordError as exc:
        raise BadPdfFile(f"{path.name}: encrypted") from exc
    except (pikepdf.PdfError, OSError, ValueError, KeyError) as exc:
        raise BadPdfFile(f"{path.name}: {exc}") from exc
    if count == 0 or count > MAX_PDF_PAGES:
        raise BadPdfFile(f"{path.name}: {count} pages")
    return count


def _pdf_page_dpi(page: object, width_pt: float) -> int:
    """The dpi of the largest image on a page, so scanned PDFs are rendered at their own resolution."""
    best = 0
    for obj in page.get_objects(max_depth=2):  # type: ignore[attr-defined]
        if obj.type == 3:  # FPDF_PAGEOBJ_IMAGE
            try:
                px_w, _ = obj.get_px_size()
                left, _, right, _ = obj.get_bounds()
            except Exception:
                continue
            if right - left > width_pt * 0.5:
                best = max(best, round(px_w / ((right - left) / 72.0)))
    return best if 72 <= best <= 1200 else PDF_RENDER_DPI


def load_pdf(path: Path) -> list[tuple[Image.Image, int]]:
    """Render every page of a PDF at its own dpi, or raise :class:`BadPdfFile`."""
    import pypdfium2 as pdfium

    _check_pdf(path)
    pages: list[tuple[Image.Image, int]] = []
    try:
        doc = pdfium.PdfDocument(str(path))
        try:
            for index in range(len(doc)):
                page = doc[index]
                width_pt, height_pt = page.get_size()
                dpi = _pdf_page_dpi(page, width_pt)
                if (width_pt / 72 * dpi) * (height_pt / 72 * dpi) > MAX_PIXELS:
                    raise BadPdfFile(f"{path.name}: page {index + 1} too large")
                bitmap = page.render(scale=dpi / 72.0)
                pages.append((bitmap.to_pil().convert("RGB"), dpi))
        finally:
            doc.close()
    except BadPdfFile:
        raise
    except (pdfium.PdfiumError, OSError, ValueError) as exc:
        raise BadPdfFile(f"{path.name}: {exc}") from exc
    return pages


def load_file(path: Path) -> list[tuple[Image.Image, int]]:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise DeviceNotFound(str(path))
    if suffix in PDF_SUFFIXES:
        return load_pdf(path)
    if suffix in IMAGE_SUFFIXES:
        return load_images(path)
    raise BadImageFile(f"{path.name}: unsupported file type")


def convert_mode(img: Image.Image, mode: ColorMode) -> Image.Image:
    target = {ColorMode.COLOR: "RGB", ColorMode.GRAY: "L", ColorMode.BW: "1"}[mode]
    if img.mode == target:
        return img
    if target == "1":
        return img.convert("L").point(lambda v: 255 if v > 160 else 0).convert("1")
    return img.convert(target)


class FileImportDriver:
    """Imports files; the device name is the file (or folder of files, taken in name order)."""

    kind = "file"

    def list_devices(self) -> list[DeviceInfo]:
        return [DeviceInfo("file:<path>", "SoHoa", "Nhập từ tệp (JPEG, PNG, TIFF, PDF)", self.kind)]

    def capabilities(self, device: str) -> Capabilities:
        return Capabilities(sources=(Source.ADF,), modes=tuple(ColorMode), dpi_range=(72, 1200))

    @staticmethod
    def files(path: Path) -> list[Path]:
        if path.is_dir():
            return sorted(p for p in path.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES | PDF_SUFFIXES)
        return [path]

    def scan(self, device: str, options: ScanOptions, cancel: CancelToken) -> Iterator[ScannedPage]:
        path = Path(device.removeprefix("file:"))
        if not path.exists():
            raise DeviceNotFound(str(path), device=device)
        loaded: list[tuple[Image.Image, int, str]] = []
        for file in self.files(path):
            loaded.extend((img, dpi, file.name) for img, dpi in load_file(file))
        for number, (img, dpi, name) in enumerate(loaded, start=1):
            if cancel.cancelled:
                raise ScanCancelled(device=device)
            if options.max_pages is not None and number > options.max_pages:
                return
            yield ScannedPage(convert_mode(img, options.mode), dpi, number, source_name=name)
