"""A power cut mid-scan: kill -9 the scanning process; every page it had written is complete and listed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.core.files import sha256_file
from app.core.storage import Store
from app.dossiers.model import NewDossier
from app.dossiers.store import DossierStore
from app.imaging.manifest import Manifest
from tests.conftest import ROOT

SCAN_INTO_STORE = """
import sys
from pathlib import Path
from app.dossiers.store import DossierStore
from app.core.storage import Store
from scanner import CancelToken, ScanOptions, driver_for, scan_all
store = DossierStore(Store(Path(sys.argv[1])))
component = int(sys.argv[2])
store.begin_scan(component)
device = sys.argv[3]
scan_all(driver_for(device), device, ScanOptions(dpi=200), CancelToken(),
         lambda p: (store.add_page(component, p.image, p.dpi), print("page", p.sequence, flush=True)))
"""


def _feeder(tmp_path: Path, small_stack: Path, copies: int) -> Path:
    folder = tmp_path / "feeder"
    folder.mkdir()
    source = sorted(small_stack.glob("*.png"))
    for i in range(copies):
        (folder / f"{i:03d}.png").write_bytes(source[i % len(source)].read_bytes())
    return folder


def _wait_for(predicate, timeout: float = 120) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "the scan did not progress"
        time.sleep(0.05)


@pytest.mark.slow
def test_killed_cli_scan_leaves_a_consistent_manifest(tmp_path: Path, small_stack: Path) -> None:
    feeder = _feeder(tmp_path, small_stack, 12)
    out = tmp_path / "scan"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "cli", "scan", "--device", f"sim:{feeder}", "--ppm", "240",
                             "--dpi", "200", "--out", str(out)], env=env, stderr=subprocess.DEVNULL)

    def pages_listed() -> int:
        try:
            return len(json.loads((out / "manifest.json").read_text())["pages"])
        except (OSError, ValueError):
            return 0

    _wait_for(lambda: pages_listed() >= 3)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    manifest = Manifest.load(out)  # verifies every listed file against its checksum
    assert 3 <= len(manifest.pages) < 12


@pytest.mark.slow
def test_killed_scan_into_the_station_is_recovered(tmp_path: Path, small_stack: Path,
                                                    isolated_station: Path) -> None:
    feeder = _feeder(tmp_path, small_stack, 12)
    station = DossierStore(Store(isolated_station))
    dossier = station.create("C-1", NewDossier("1.000948", "Trần Thị B"))
    component = station.add_component(dossier, "Tờ khai", declared_pages=12)
    station.store.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", SCAN_INTO_STORE, str(isolated_station), str(component),
                             f"sim:{feeder}?ppm=240"], env=env, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    for _ in range(4):
        assert proc.stdout.readline().startswith("page")
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    reopened = DossierStore(Store(isolated_station))
    interrupted = reopened.recover()
    assert [c["id"] for c in interrupted] == [component]
    pages = reopened.pages(component)
    assert len(pages) >= 4
    assert [p.seq for p in pages] == list(range(1, len(pages) + 1))
    for page in pages:
        assert sha256_file(reopened.page_path(page)) == page.sha256
