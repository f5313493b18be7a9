"""Embedded defaults that make a fresh station usable with nothing configured: the simulated feeder loaded with
generated sample pages (when no scanner is set), the sample catalog, the DEMO signing certificate and the reference
receiver on 127.0.0.1. Each piece comes from its own module; this only decides when the defaults apply."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from app.catalog.files import SAMPLE_CATALOG
from app.catalog.store import Catalog
from app.core.config import Settings
from app.core.storage import Store
from app.counter.demo import ensure_demo_feeder
from app.counter.model import Unfinished, unfinished_dossiers
from app.outbox.embedded import embedded_receiver
from app.results.scan import clean_scan_folders
from app.signing.demo import ensure_demo_signer
from scanner import list_all_devices

log = logging.getLogger("sohoa.station")

DEMO_PPM = 40


SIMULATED_FEEDER = "Khay nạp mô phỏng (trang mẫu)"
NOTES = {  # what start-up did, in one language at a time: the window shows the clerk's, the CLI both
    "sample_catalog": ("Đã nạp danh mục thủ tục mẫu", "Sample catalog of procedures loaded"),
    "demo_certificate": ("Chứng thư DEMO (không có giá trị pháp lý)", "DEMO certificate (no legal value)"),
    "reference_receiver": ("Máy nhận hồ sơ mẫu: {detail}", "Reference receiver: {detail}"),
}


@dataclass
class StationSetup:
    device: str
    devices: list[tuple[str, str]] = field(default_factory=list)  # (name, label) for the picker
    notes: list[tuple[str, str]] = field(default_factory=list)  # (code in NOTES, detail)
    server: str = ""  # where the outbox sends: the settings' server, or the embedded receiver's URL
    stop_receiver: Callable[[], None] | None = None
    other_destinations_only: bool = False  # sync.destinations does not name the SoHoa intake (e.g. only dvcqg)
    unfinished: list[Unfinished] = field(default_factory=list)  # dossiers left open: the window offers to resume

    @property
    def sync(self) -> bool:
        """A sync worker has somewhere to send: the SoHoa server, or destinations that need none."""
        return bool(self.server) or self.other_destinations_only

    def note_texts(self, lang: str) -> list[str]:
        """The notes in one language ("vi" or "en")."""
        column = 1 if lang == "en" else 0
        return [NOTES[code][column].format(detail=detail) for code, detail in self.notes]


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
        label = (SIMULATED_FEEDER if info.kind == "sim"
                 else f"{info.vendor} {info.model} ({info.name})")
        found.append((name, label))
    return found


def prepare(settings: Settings, store: Store, *, with_sane: bool = True, start_receiver: bool = True) -> StationSetup:
    """Everything the counter needs before the first dossier; safe to run again."""
    clean_scan_folders(store)  # result scans a crash left behind (those of a station still running stay)
    setup = StationSetup(device=settings.scan.device or demo_device(settings), unfinished=unfinished_dossiers(store.db))
    setup.devices = list_devices(settings, with_sane)
    if settings.scan.device and settings.scan.device not in {n for n, _ in setup.devices}:
        setup.devices.insert(0, (settings.scan.device, settings.scan.device))
    if load_sample_catalog(store):
        setup.notes.append(("sample_catalog", ""))
    _demo_certificate(settings, setup)
    setup.server = settings.sync.server
    uses_intake = "sohoa" in settings.sync.targets
    if not setup.server and start_receiver and uses_intake:
        _embedded_receiver(settings, setup)
    setup.other_destinations_only = not uses_intake
    return setup


def load_sample_catalog(store: Store) -> bool:
    """An empty catalog gets the sample procedures of a provincial Department of Foreign Affairs."""
    catalog = Catalog(store)
    if catalog.count():
        return False
    catalog.import_file(SAMPLE_CATALOG)
    return True


def _demo_certificate(settings: Settings, setup: StationSetup) -> None:
    if settings.signing.method != "demo":
        return
    ensure_demo_signer(settings)
    setup.notes.append(("demo_certificate", ""))


def _embedded_receiver(settings: Settings, setup: StationSetup) -> None:
    """No server configured: the reference receiver runs on 127.0.0.1 so the outbox has somewhere to send."""
    url, stop = embedded_receiver(settings)
    setup.server, setup.stop_receiver = url, stop
    setup.notes.append(("reference_receiver", url))
