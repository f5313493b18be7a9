"""A result scanned from the station's scanner: a jam keeps the pages before it and says so; a feeder that gives no
page leaves nothing behind."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from app.capture.profiles import profile
from app.core.config import load_settings
from app.core.storage import Store
from app.results.decisions import write_decision
from app.results.scan import SCANS, scan_result
from scanner.errors import DeviceError


def test_a_jam_keeps_the_pages_before_it(isolated_station: Path, tmp_path: Path) -> None:
    decision, _ = write_decision(tmp_path / "feeder", 8, dpi=200, pages=2)
    settings = load_settings()
    store = Store(settings.data_path)
    scanned = scan_result(store, settings, f"sim:{tmp_path / 'feeder'}?fault=2:paper_jam", profile("plain").options(),
                          declared=2)
    assert scanned.pages == 1 and scanned.error is not None and scanned.error["code"] == "paper_jam"
    assert scanned.meta.so_ky_hieu == decision.fields()["so_ky_hieu"]  # read from the page kept
    assert "page_count_mismatch" in [f["code"] for f in scanned.findings] and not scanned.ok  # 1 of 2 pages
    with pikepdf.open(scanned.pdf) as pdf:
        assert len(pdf.pages) == 1
    scanned.findings = []
    assert not scanned.ok  # the jam alone keeps it out: sheets may be left in the feeder
    scanned.discard()
    assert list(store.path(SCANS).iterdir()) == []


def test_no_page_leaves_nothing(isolated_station: Path, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    settings = load_settings()
    store = Store(settings.data_path)
    with pytest.raises(DeviceError):
        scan_result(store, settings, f"sim:{tmp_path / 'empty'}", profile("plain").options())
    assert list(store.path(SCANS).iterdir()) == []
