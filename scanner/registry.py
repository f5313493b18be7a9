"""From a station device name (``sane:test:0``, ``sim:<folder>``, ``file:<path>``, ``wia:…``, ``twain:…``) to
its driver. A plain mapping of prefixes to factories: no global mutable registry."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from scanner.errors import DeviceNotFound
from scanner.file_import import FileImportDriver
from scanner.model import DeviceInfo
from scanner.protocol import ScanDriver
from scanner.simulated import SimulatedFeeder

# prefix -> "module:Class"; imported lazily so Windows-only drivers cost nothing elsewhere.
DRIVERS: dict[str, str] = {
    "sane": "scanner.sane_driver:SaneDriver",
    "sim": "scanner.simulated:SimulatedFeeder",
    "file": "scanner.file_import:FileImportDriver",
    "wia": "scanner.wia:WiaDriver",
    "twain": "scanner.twain:TwainDriver",
}


def _factory(prefix: str) -> Callable[[], ScanDriver]:
    module_name, _, attr = DRIVERS[prefix].partition(":")
    factory: Callable[[], ScanDriver] = getattr(importlib.import_module(module_name), attr)
    return factory


def driver_for(device: str) -> ScanDriver:
    prefix, sep, _ = device.partition(":")
    if not sep or prefix not in DRIVERS:
        raise DeviceNotFound(f"unknown device name {device!r} (expected sane:…, sim:…, file:…)", device=device)
    try:
        return _factory(prefix)()
    except ImportError as exc:
        raise DeviceNotFound(f"driver {prefix} unavailable: {exc}", device=device) from exc


def list_all_devices(sim_folders: list[Path] | None = None,
                     kinds: tuple[str, ...] = ("sane", "wia", "twain")) -> list[DeviceInfo]:
    """Every device the station can use now: real scanners first, then simulated feeders and file import."""
    found: list[DeviceInfo] = []
    for prefix in kinds:
        try:
            driver = _factory(prefix)()
        except (ImportError, OSError, AttributeError):
            continue  # not on this platform
        found.extend(driver.list_devices())
    found.extend(SimulatedFeeder(folders=sim_folders or []).list_devices())
    found.extend(FileImportDriver().list_devices())
    return found
