"""Failure injection for training, demos and tests (``--inject-fault N:CODE``, ``sim:FOLDER?fault=N:CODE``): which
device-error codes each driver can be made to raise, and a check that refuses, before anything is scanned, a code
that is unknown or that the driver cannot raise, or a page that never comes.

The simulated feeder raises any code's own typed error. The SANE ``test`` backend fails through its
``read-return-value`` option, so only the codes that have a SANE status can be injected there; each then reaches the
clerk through :func:`scanner.sane_backend.map_sane_error` with its own message, never as "option not supported".
"""

from __future__ import annotations

from pathlib import Path

from scanner.errors import ERROR_TYPES
from scanner.file_pages import IMAGE_SUFFIXES
from scanner.model import FaultInjection, Source

# What the SANE test backend's ``read-return-value`` option calls each code it can inject.
SANE_STATUS_FOR_CODE = {
    "paper_jam": "SANE_STATUS_JAMMED",
    "cover_open": "SANE_STATUS_COVER_OPEN",
    "feeder_empty": "SANE_STATUS_NO_DOCS",
    "io_error": "SANE_STATUS_IO_ERROR",
    "busy": "SANE_STATUS_DEVICE_BUSY",
    "access_denied": "SANE_STATUS_ACCESS_DENIED",
    "cancelled": "SANE_STATUS_CANCELLED",
    "unsupported_option": "SANE_STATUS_UNSUPPORTED",
    "unknown": "SANE_STATUS_INVAL",
}
SANE_TEST_SHEETS = 10  # the test backend's document feeder empties after ten sheets


class FaultRefused(ValueError):
    """Why an injected fault cannot happen, in both languages (the CLI turns it into exit code 2)."""

    def __init__(self, message_vi: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_vi = message_vi
        self.message_en = message_en


def injectable_codes(device: str) -> tuple[str, ...]:
    """The codes ``device``'s driver can be made to raise (none for a real scanner or a file)."""
    if device.startswith("sim:"):
        return tuple(ERROR_TYPES)
    if device.removeprefix("sane:").startswith("test"):
        return tuple(SANE_STATUS_FOR_CODE)
    return ()


def parse_fault(text: str) -> FaultInjection:
    """``"N:code"`` with N a page number from 1 and a documented device-error code."""
    page, _, code = text.partition(":")
    code = code.strip()
    if not page.strip().isdigit() or not code:
        raise FaultRefused(f"Lỗi giả lập phải có dạng N:MÃ, ví dụ 4:paper_jam (nhận được {text!r}).",
                           f"A fault must look like N:CODE, e.g. 4:paper_jam (got {text!r}).")
    if code not in ERROR_TYPES:
        known = ", ".join(ERROR_TYPES)
        raise FaultRefused(f"Không có mã lỗi máy quét '{code}'. Các mã: {known}.",
                           f"No scanner error code '{code}'. The codes: {known}.")
    if int(page) < 1:
        raise FaultRefused("Trang bị lỗi giả lập phải từ 1 trở lên.", "The faulty page must be 1 or more.")
    return FaultInjection(int(page), code)


def feeder_pages(device: str, source: Source, folder_pages: int | None = None) -> int | None:
    """How many pages the device can deliver in one batch, where that is known (None: not known)."""
    if device.startswith("sim:") and folder_pages is not None:
        return min(folder_pages, 1) if source is Source.FLATBED else folder_pages
    if device.removeprefix("sane:").startswith("test") and source is not Source.FLATBED:
        return SANE_TEST_SHEETS * (2 if source is Source.ADF_DUPLEX else 1)
    return None


def sim_folder_pages(device: str) -> int | None:
    """The number of page images in a simulated feeder's folder (None when it is not a folder)."""
    folder = Path(device.removeprefix("sim:").partition("?")[0])
    if not folder.is_dir():
        return None
    return sum(1 for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)


def check_fault(fault: FaultInjection, device: str, source: Source, *, max_pages: int | None = None) -> None:
    """Refuse a fault ``device`` cannot raise, or one before a page the batch never reaches."""
    folder_pages = sim_folder_pages(device) if device.startswith("sim:") else None
    codes = injectable_codes(device)
    if not codes:
        raise FaultRefused("Chỉ khay nạp mô phỏng (sim:) và trình điều khiển thử SANE (sane:test) giả lập được lỗi.",
                           "Only the simulated feeder (sim:) and the SANE test backend (sane:test) can inject faults.")
    if fault.status not in codes:
        raise FaultRefused(f"Trình điều khiển thử SANE không giả lập được lỗi '{fault.status}'. Dùng một trong: "
                           f"{', '.join(codes)}; hoặc khay nạp mô phỏng (sim:).",
                           f"The SANE test backend cannot inject '{fault.status}'. Use one of: {', '.join(codes)}; "
                           "or the simulated feeder (sim:).")
    limits = [n for n in (max_pages, feeder_pages(device, source, folder_pages)) if n is not None]
    if limits and fault.before_page > min(limits):
        raise FaultRefused(f"Lỗi giả lập trước trang {fault.before_page} sẽ không xảy ra: lần quét này chỉ có tối "
                           f"đa {min(limits)} trang.",
                           f"A fault before page {fault.before_page} would never happen: this scan has at most "
                           f"{min(limits)} pages.")
