"""File import driver: ``file:<path>`` reads JPEG, PNG, TIFF (multi-page) and PDF as if they were scanned.

A file is validated whole before its first page is delivered, so a corrupt file is refused, not half-read.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from PIL import Image

from scanner.errors import ScanCancelled
from scanner.file_pages import (
    IMAGE_SUFFIXES,
    PDF_SUFFIXES,
    BadImageFile,
    BadPdfFile,
    FilePage,
    input_files,
    load_page,
    probe_file,
    probe_path,
)
from scanner.model import CancelToken, Capabilities, ColorMode, DeviceInfo, ScannedPage, ScanOptions, Source

__all__ = ["IMAGE_SUFFIXES", "PDF_SUFFIXES", "BadImageFile", "BadPdfFile", "FileImportDriver", "convert_mode",
           "load_file"]


def load_file(path: Path) -> list[tuple[Image.Image, int]]:
    """Every page of a file decoded (the file validated whole first); for tests and small files only: the import
    itself decodes one page at a time."""
    return [load_page(page.path, page.frame) for page in probe_file(path)]


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
        return input_files(path)

    def scan(self, device: str, options: ScanOptions, cancel: CancelToken) -> Iterator[ScannedPage]:
        # every file is walked whole before the first page leaves, so a bad file is refused before anything is kept
        pages: list[FilePage] = probe_path(Path(device.removeprefix("file:")))
        for number, page in enumerate(pages, start=1):
            if cancel.cancelled:
                raise ScanCancelled(device=device)
            if options.max_pages is not None and number > options.max_pages:
                return
            image, dpi = load_page(page.path, page.frame)
            yield ScannedPage(convert_mode(image, options.mode), dpi, number, source_name=page.path.name)
