"""The outbox seen from the counter: the status bar follows the destination going offline and back, a dossier
finished while offline waits in the queue and is sent when the receiver returns."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest

from app.counter.station import StationSetup
from tests.counter_fixtures import APPLICANT, PROCEDURE

pytestmark = pytest.mark.gui


def _finished_dossier(service, feeder: Path) -> str:  # type: ignore[no-untyped-def]
    from scanner import ScanOptions

    dossier = service.new_dossier(PROCEDURE, APPLICANT, [])
    comp = service.add_component(dossier, "Quyết định cử đi công tác", must_digitize=True, declared_pages=1)
    service.scan_component(comp, f"sim:{feeder}", ScanOptions(dpi=100, max_pages=1))
    service.findings.replace_open(comp, [])
    service.dossiers.update_component(comp, status="checked")  # as app.checks leaves it with no finding
    service.build_pdf(comp)
    service.sign_component(comp, lambda *_: "")
    receipt = service.finish(dossier)
    assert receipt.is_file()
    return str(service.dossier(dossier)["code"])


def test_outbox_goes_offline_and_back(window, qtbot, tmp_path: Path, fast_feeder: Path) -> None:  # type: ignore[no-untyped-def]
    from app.receiver import start_receiver_process

    url, stop = start_receiver_process(tmp_path / "receiver")
    try:
        device = window.ctx.defaults.device
        window.start(StationSetup(device=device, devices=window.ctx.defaults.devices, server=url))
        chip = window.outbox_status.chip
        qtbot.waitUntil(lambda: chip.property("state") == "online", timeout=30000)
        stop()
        window.sync_worker.wake()
        qtbot.waitUntil(lambda: chip.property("state") == "offline", timeout=30000)
        assert chip.text() == "Mất kết nối"

        code = _finished_dossier(window.ctx.service, fast_feeder)
        window.refresh_counts()
        qtbot.waitUntil(lambda: "chờ gửi 1" in window.outbox_status.counts.text(), timeout=30000)
        window.show_outbox()
        table = window.outbox.table
        qtbot.waitUntil(lambda: table.rowCount() == 1, timeout=10000)
        assert table.item(0, 0).text() == code and table.item(0, 1).text() == "Chờ gửi"

        url, stop = start_receiver_process(tmp_path / "receiver", urlparse(url).port or 0)
        window.sync_worker.wake()
        qtbot.waitUntil(lambda: chip.property("state") == "online"
                        and "đã gửi 1" in window.outbox_status.counts.text(), timeout=60000)
        window.outbox.refresh()
        qtbot.waitUntil(lambda: table.rowCount() == 1 and table.item(0, 1).text() == "Đã gửi", timeout=10000)
        import httpx

        received = httpx.get(f"{url}/api/v1/dossiers", timeout=10).json()
        assert [d["code"] for d in received] == [code] and received[0]["committed"]
    finally:
        stop()
