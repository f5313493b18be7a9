"""Simulated feeder ``sim:<folder>``: feeds a folder's images in name order, like an ADF.

Options in the device name's query (``sim:/pages?ppm=30&fault=4:paper_jam``) or as constructor arguments:
pages per minute (a real scanner's pace: page N is handed over N intervals after the start, its image read from
disk beforehand, so reading the simulation's files does not make the pages late), duplex pairs (images 1-2 are the
front and back of sheet 1), and a fault injected before page N. Used for training, demos and tests.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs

from PIL import Image

from scanner.errors import DeviceNotFound, FeederEmpty, ScanCancelled, UnsupportedOption, error_from_code
from scanner.faults import FaultRefused, parse_fault
from scanner.file_import import convert_mode
from scanner.file_pages import IMAGE_SUFFIXES, load_page
from scanner.model import (
    CancelToken,
    Capabilities,
    ColorMode,
    DeviceInfo,
    FaultInjection,
    ScannedPage,
    ScanOptions,
    Source,
)


def parse_sim_device(device: str) -> tuple[Path, dict[str, str]]:
    """Split ``sim:<folder>[?k=v&...]`` into the folder and its options."""
    body = device.removeprefix("sim:")
    folder, _, query = body.partition("?")
    options = {k: v[-1] for k, v in parse_qs(query).items()}
    return Path(folder), options


class SimulatedFeeder:
    kind = "sim"

    def __init__(self, ppm: float | None = None, fault: FaultInjection | None = None,
                 folders: list[Path] | None = None) -> None:
        self.ppm = ppm
        self.fault = fault
        self.folders = folders or []

    def list_devices(self) -> list[DeviceInfo]:
        return [DeviceInfo(f"sim:{folder}", "SoHoa", "Khay nạp mô phỏng", self.kind) for folder in self.folders]

    def capabilities(self, device: str) -> Capabilities:
        return Capabilities(
            sources=(Source.ADF, Source.ADF_DUPLEX, Source.FLATBED),
            modes=(ColorMode.COLOR, ColorMode.GRAY, ColorMode.BW),
            dpi_values=(150, 200, 300, 400, 600),
        )

    def scan(self, device: str, options: ScanOptions, cancel: CancelToken) -> Iterator[ScannedPage]:
        folder, query = parse_sim_device(device)
        if not folder.is_dir():
            raise DeviceNotFound(str(folder), device=device)
        ppm = float(query["ppm"]) if "ppm" in query else self.ppm
        try:
            fault = parse_fault(query["fault"]) if "fault" in query else (options.fault or self.fault)
        except FaultRefused as exc:
            raise UnsupportedOption(exc.message_en, device=device) from exc
        files = sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        if options.source is Source.FLATBED:
            files = files[:1]
        if not files:
            raise FeederEmpty("no pages in the simulated feeder", device=device)
        interval = 60.0 / ppm if ppm else 0.0
        started = time.monotonic()
        for number, path in enumerate(files, start=1):
            if options.max_pages is not None and number > options.max_pages:
                return
            if fault is not None and fault.before_page == number:
                raise error_from_code(fault.status, f"injected before page {number}", device)
            image, dpi = load_page(path, 0)  # read from disk before the page is due: a scanner's time is its own
            image = convert_mode(_rescale(image, dpi, options.dpi), options.mode)
            if interval:
                delay = started + interval * number - time.monotonic()
                if delay > 0 and cancel.wait(delay):
                    raise ScanCancelled(device=device)
            if cancel.cancelled:
                raise ScanCancelled(device=device)
            yield ScannedPage(image, options.dpi, number, options.side_of(number), path.name)


def _rescale(image: Image.Image, have_dpi: int, want_dpi: int) -> Image.Image:
    if have_dpi == want_dpi:
        return image
    factor = want_dpi / have_dpi
    size = (max(1, round(image.width * factor)), max(1, round(image.height * factor)))
    return image.resize(size, Image.Resampling.LANCZOS if factor < 1 else Image.Resampling.BICUBIC)
