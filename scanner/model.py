"""Plain data exchanged between drivers and the rest of the station."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from enum import StrEnum

from PIL import Image


class Source(StrEnum):
    FLATBED = "flatbed"
    ADF = "adf"
    ADF_DUPLEX = "adf-duplex"


class ColorMode(StrEnum):
    COLOR = "color"
    GRAY = "gray"
    BW = "bw"


class Side(StrEnum):
    FRONT = "front"
    BACK = "back"


@dataclass(frozen=True)
class DeviceInfo:
    name: str  # full station name, e.g. "sane:test:0", "sim:/path", "file:/path"
    vendor: str
    model: str
    kind: str  # "sane", "sim", "file", "wia", "twain"

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "vendor": self.vendor, "model": self.model, "kind": self.kind}


@dataclass(frozen=True)
class Capabilities:
    sources: tuple[Source, ...]
    modes: tuple[ColorMode, ...]
    dpi_values: tuple[int, ...] = ()  # discrete list, or empty when a range is given
    dpi_range: tuple[int, int] | None = None
    max_width_mm: float | None = None
    max_height_mm: float | None = None

    def supports_dpi(self, dpi: int) -> bool:
        if self.dpi_values:
            return dpi in self.dpi_values
        if self.dpi_range:
            return self.dpi_range[0] <= dpi <= self.dpi_range[1]
        return True

    def as_dict(self) -> dict[str, object]:
        return {
            "sources": [s.value for s in self.sources],
            "modes": [m.value for m in self.modes],
            "dpi_values": list(self.dpi_values),
            "dpi_range": list(self.dpi_range) if self.dpi_range else None,
            "max_width_mm": self.max_width_mm,
            "max_height_mm": self.max_height_mm,
        }


@dataclass(frozen=True)
class FaultInjection:
    """Make a driver fail with ``status`` (a device-error code) before delivering page ``before_page``.

    Used by the simulated feeder and the SANE test backend for training, demos and tests.
    """

    before_page: int
    status: str

    @classmethod
    def parse(cls, text: str) -> FaultInjection:
        """Parse ``"N:code"``, e.g. ``"4:paper_jam"``."""
        page, _, status = text.partition(":")
        if not page.isdigit() or not status:
            raise ValueError(f"fault must look like 4:paper_jam, got {text!r}")
        return cls(int(page), status.strip())


@dataclass(frozen=True)
class ScanOptions:
    source: Source = Source.ADF
    dpi: int = 300
    mode: ColorMode = ColorMode.COLOR
    max_pages: int | None = None
    page_width_mm: float = 210.0  # A4
    page_height_mm: float = 297.0
    fault: FaultInjection | None = None

    @property
    def feeder(self) -> bool:
        return self.source is not Source.FLATBED

    @property
    def duplex(self) -> bool:
        return self.source is Source.ADF_DUPLEX

    @property
    def is_a4(self) -> bool:
        return abs(self.page_width_mm - 210) < 1 and abs(self.page_height_mm - 297) < 1

    def side_of(self, sequence: int) -> Side:
        """The side of the sheet the ``sequence``-th image (from 1) shows: duplex feeders alternate front, back."""
        return Side.BACK if self.duplex and sequence % 2 == 0 else Side.FRONT


@dataclass
class ScannedPage:
    """One image as it left the scanner, numbered in scan order from 1."""

    image: Image.Image
    dpi: int
    sequence: int
    side: Side = Side.FRONT
    source_name: str = ""


class CancelToken:
    """Thread-safe cancel flag shared by the caller and the driver."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def wait(self, timeout: float) -> bool:
        return self._event.wait(timeout)
