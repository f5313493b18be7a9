"""Scanner drivers behind one protocol. Imports neither Qt nor the app core."""

from __future__ import annotations

from scanner.errors import DeviceError
from scanner.model import CancelToken, Capabilities, ColorMode, DeviceInfo, ScannedPage, ScanOptions, Side, Source
from scanner.protocol import ScanDriver, scan_all
from scanner.registry import driver_for, list_all_devices

__all__ = [
    "CancelToken", "Capabilities", "ColorMode", "DeviceError", "DeviceInfo", "ScanDriver", "ScanOptions",
    "ScannedPage", "Side", "Source", "driver_for", "list_all_devices", "scan_all",
]
