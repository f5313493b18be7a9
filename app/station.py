"""Embedded defaults that make a fresh station usable with nothing configured: the simulated feeder loaded with
generated sample pages (when no scanner is set), the sample catalog, the DEMO signing certificate and the reference
receiver on 127.0.0.1. Each piece comes from its own module; this only decides when the defaults apply."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.config import Settings
from app.demo import ensure_demo_feeder
from scanner import list_all_devices

log = logging.getLogger("sohoa.station")

DEMO_PPM = 40


@dataclass
class StationSetup:
    device: str
    devices: list[tuple[str, str]] = field(default_factory=list)  # (name, label) for the picker
    notes: list[str] = field(default_factory=list)
    receiver: Any = None  # the reference receiver handle when this station started one


def demo_device(settings: Settings) -> str:
    return f"sim:{ensure_demo_feeder(settings)}?ppm={DEMO_PPM}"


def list_devices(settings: Settings, with_sane: bool = True) -> list[tuple[str, str]]:
    feeder = ensure_demo_feeder(settings)
    kinds = ("sane", "wia", "twain") if with_sane else ()
    found = []
    for info in list_all_devices([feeder], kinds=kinds):
        if info.kind == "file":
            continue
        name = f"sim:{feeder}?ppm={DEMO_PPM}" if info.kind == "sim" else info.name
        label = ("Khay nạp mô phỏng (trang mẫu) / simulated feeder" if info.kind == "sim"
                 else f"{info.vendor} {info.model} ({info.name})")
        found.append((name, label))
    return found


def prepare(settings: Settings, *, with_sane: bool = True, start_receiver: bool = True) -> StationSetup:
    """Everything the counter needs before the first dossier; safe to run again."""
    setup = StationSetup(device=settings.scan.device or demo_device(settings))
    setup.devices = list_devices(settings, with_sane)
    if settings.scan.device and settings.scan.device not in {n for n, _ in setup.devices}:
        setup.devices.insert(0, (settings.scan.device, settings.scan.device))
    setup.notes.extend(_optional_defaults(settings, setup, start_receiver))
    return setup


def _optional_defaults(settings: Settings, setup: StationSetup, start_receiver: bool) -> list[str]:
    notes: list[str] = []
    import importlib

    for module, function, note in (
        ("app.catalog", "ensure_sample_catalog", "sample catalog"),
        ("app.signing", "ensure_demo_certificate", "DEMO certificate"),
    ):
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError:
            continue
        fn = getattr(mod, function, None)
        if fn is not None:
            fn(settings)
            notes.append(note)
    if start_receiver and not settings.sync.server:
        try:
            receiver = importlib.import_module("app.receiver")
        except ModuleNotFoundError:
            return notes
        setup.receiver = receiver.start_embedded(Path(settings.data_path) / "receiver")
        notes.append("reference receiver")
    return notes
