"""The SANE driver against the real SANE ``test`` backend, run in its worker process."""

from __future__ import annotations

import pytest

from scanner import CancelToken, ScanOptions, Source, scan_all
from scanner.errors import (
    AccessDenied,
    CoverOpen,
    DeviceBusy,
    DeviceIOError,
    DeviceNotFound,
    FeederEmpty,
    PaperJam,
    ScanCancelled,
)
from scanner.model import ColorMode, FaultInjection, ScannedPage
from scanner.sane_driver import SaneDriver


def test_lists_the_test_backend() -> None:
    names = [d.name for d in SaneDriver().list_devices()]
    assert "sane:test:0" in names


def test_capabilities_of_the_test_backend() -> None:
    caps = SaneDriver().capabilities("sane:test:0")
    assert Source.FLATBED in caps.sources and Source.ADF in caps.sources
    assert Source.ADF_DUPLEX not in caps.sources  # the test backend has no duplex source
    assert caps.supports_dpi(300) and not caps.supports_dpi(5000)
    assert ColorMode.COLOR in caps.modes and ColorMode.GRAY in caps.modes


def test_adf_scans_ten_pages_then_stops_cleanly() -> None:
    pages: list[ScannedPage] = []
    count, error = scan_all(SaneDriver(), "sane:test:0", ScanOptions(source=Source.ADF, dpi=150),
                            CancelToken(), pages.append)
    assert error is None
    assert count == 10
    assert [p.sequence for p in pages] == list(range(1, 11))
    # A4 clipped to the backend's 200 mm maximum, at 150 dpi
    assert pages[0].image.size == (round(200 / 25.4 * 150), round(200 / 25.4 * 150))
    assert pages[0].image.mode == "RGB"


def test_flatbed_gives_one_grey_page() -> None:
    pages: list[ScannedPage] = []
    count, error = scan_all(SaneDriver(), "sane:test:0",
                            ScanOptions(source=Source.FLATBED, dpi=100, mode=ColorMode.GRAY), CancelToken(),
                            pages.append)
    assert (count, error) == (1, None)
    assert pages[0].image.mode == "L"


@pytest.mark.parametrize(
    ("code", "error_type"),
    [
        ("paper_jam", PaperJam),
        ("cover_open", CoverOpen),
        ("io_error", DeviceIOError),
        ("busy", DeviceBusy),
        ("access_denied", AccessDenied),
    ],
)
def test_injected_fault_keeps_the_pages_before_it(code: str, error_type: type[Exception]) -> None:
    pages: list[ScannedPage] = []
    options = ScanOptions(source=Source.ADF, dpi=75, fault=FaultInjection(4, code))
    count, error = scan_all(SaneDriver(), "sane:test:0", options, CancelToken(), pages.append)
    assert isinstance(error, error_type)
    assert count == 3 and len(pages) == 3
    assert error.message_vi and error.message_en


def test_empty_feeder_at_the_start_is_an_error() -> None:
    options = ScanOptions(source=Source.ADF, dpi=75, fault=FaultInjection(1, "feeder_empty"))
    count, error = scan_all(SaneDriver(), "sane:test:0", options, CancelToken(), lambda p: None)
    assert count == 0 and isinstance(error, FeederEmpty)


def test_option_values_do_not_leak_into_the_next_scan() -> None:
    options = ScanOptions(source=Source.ADF, dpi=75, fault=FaultInjection(1, "paper_jam"))
    _, error = scan_all(SaneDriver(), "sane:test:0", options, CancelToken(), lambda p: None)
    assert isinstance(error, PaperJam)
    count, error = scan_all(SaneDriver(), "sane:test:0", ScanOptions(source=Source.ADF, dpi=75, max_pages=2),
                            CancelToken(), lambda p: None)
    assert (count, error) == (2, None)


def test_cancel_mid_batch_keeps_delivered_pages() -> None:
    cancel = CancelToken()
    pages: list[ScannedPage] = []

    def on_page(page: ScannedPage) -> None:
        pages.append(page)
        if len(pages) == 2:
            cancel.cancel()

    count, error = scan_all(SaneDriver(), "sane:test:0", ScanOptions(source=Source.ADF, dpi=75), cancel, on_page)
    assert isinstance(error, ScanCancelled)
    assert 2 <= count < 10 and all(p.image.size[0] > 0 for p in pages)


def test_unknown_device_is_not_found() -> None:
    with pytest.raises(DeviceNotFound):
        list(SaneDriver().scan("sane:nonexistent:9", ScanOptions(), CancelToken()))
