"""The WIA driver above its COM boundary: option mapping, paging, error mapping and cancel, against a fake
built from the SDK's property IDs and HRESULTs (tests/wia_fakes.py). Nothing here needs Windows."""

from __future__ import annotations

import sys

import pytest

from scanner import errors as E
from scanner import wia_constants as W
from scanner.model import CancelToken, ColorMode, ScanOptions, Side, Source
from scanner.protocol import scan_all
from scanner.registry import driver_for
from scanner.wia import HRESULT_ERRORS, WiaDriver, map_hresult
from scanner.wia_boundary import WiaDeviceEntry, WiaHResultError
from tests.wia_fakes import FakeBackend, Paper, bmp, wia1_scanner, wia2_scanner

DEV = "wia:{6BDD1FC6-810F-11D0-BEC7-08002BE2092F}\\0001"
DEV_ID = DEV.removeprefix("wia:")


def driver(device, **kwargs) -> WiaDriver:  # type: ignore[no-untyped-def]
    backend = FakeBackend({DEV_ID: device}, **kwargs)
    return WiaDriver(lambda: backend, warmup_wait_s=0)


def scan(drv: WiaDriver, **options) -> tuple[list, E.DeviceError | None]:  # type: ignore[no-untyped-def]
    pages: list = []
    _, error = scan_all(drv, DEV, ScanOptions(**options), CancelToken(), pages.append)
    return pages, error


def sets(log, name: str) -> dict[int, int | str]:  # type: ignore[no-untyped-def]
    return {prop: value for kind, item, prop, value in log if kind == "set" and item == name}


def test_constants_are_the_sdk_values() -> None:
    assert (W.WIA_ERROR_PAPER_JAM, W.WIA_ERROR_PAPER_EMPTY, W.WIA_ERROR_BUSY) == (0x80210002, 0x80210003, 0x80210006)
    assert (W.WIA_ERROR_OFFLINE, W.WIA_ERROR_WARMING_UP, W.WIA_ERROR_COVER_OPEN) == (0x80210005, 0x80210007, 0x80210010)
    assert W.WIA_IPS_DOCUMENT_HANDLING_SELECT == 3088 and W.WIA_DPS_DOCUMENT_HANDLING_STATUS == 3087
    assert W.WIA_IPS_PAGES == 3096
    assert (W.WIA_IPS_XRES, W.WIA_IPS_YRES, W.WIA_IPA_DATATYPE) == (6147, 6148, 4103)
    assert (W.FEEDER, W.FLATBED, W.DUPLEX, W.FRONT_ONLY) == (1, 2, 4, 0x20)


@pytest.mark.parametrize(("hresult", "expected"), [
    (0x80210002, E.PaperJam), (0x80210003, E.FeederEmpty), (0x80210005, E.DeviceNotFound),
    (0x80210006, E.DeviceBusy), (0x80210007, E.WarmingUp), (0x80210010, E.CoverOpen), (0x80210016, E.CoverOpen),
    (0x80210014, E.DoubleFeed), (0x80210020, E.DoubleFeed), (0x8021000A, E.DeviceIOError),
    (0x8021000E, E.DriverCrashed), (0x80210015, E.DeviceNotFound), (0x80070005, E.AccessDenied),
    (0x800704C7, E.ScanCancelled), (-2145320958, E.PaperJam),
])
def test_hresults_map_to_typed_errors(hresult: int, expected: type[E.DeviceError]) -> None:
    err = map_hresult(WiaHResultError(hresult, "driver text"), DEV)
    assert type(err) is expected
    assert f"0x{hresult & 0xFFFFFFFF:08X}" in err.native and "driver text" in err.native
    assert err.device == DEV


def test_unknown_hresult_keeps_its_number() -> None:
    err = map_hresult(WiaHResultError(0x802100FF, "odd"))
    assert isinstance(err, E.UnknownDeviceError) and "0x802100FF" in err.native
    assert all(issubclass(cls, E.DeviceError) for cls in HRESULT_ERRORS.values())


def test_off_windows_the_real_driver_lists_nothing_and_loads_no_com() -> None:
    if sys.platform == "win32":
        pytest.skip("checks the non-Windows behaviour")
    assert WiaDriver().list_devices() == []
    assert "comtypes" not in sys.modules
    with pytest.raises(E.DeviceNotFound):
        WiaDriver().capabilities(DEV)
    assert driver_for(DEV).kind == "wia"


def test_lists_scanners_only() -> None:
    device, _ = wia1_scanner(Paper())
    entries = [WiaDeviceEntry(DEV_ID, "fi-7160", "Fujitsu", W.SCANNER_DEVICE_TYPE),
               WiaDeviceEntry("cam", "Camera", "X", 2)]
    found = driver(device, entries=entries).list_devices()
    assert [(d.name, d.vendor, d.model, d.kind) for d in found] == [(DEV, "Fujitsu", "fi-7160", "wia")]


def test_feeder_batch_maps_options_and_ends_cleanly_when_empty() -> None:
    paper = Paper([bmp(), bmp(), bmp()])
    device, log = wia1_scanner(paper)
    pages, error = scan(driver(device), source=Source.ADF, dpi=300, mode=ColorMode.GRAY)
    assert error is None and [p.sequence for p in pages] == [1, 2, 3]
    assert all(p.image.mode == "L" and p.dpi == 300 and p.side is Side.FRONT for p in pages)
    root, item = sets(log, "root"), sets(log, "Top")
    assert root[W.WIA_DPS_DOCUMENT_HANDLING_SELECT] == W.FEEDER and root[W.WIA_DPS_PAGES] == 1
    assert item[W.WIA_IPS_XRES] == item[W.WIA_IPS_YRES] == 300
    assert item[W.WIA_IPA_DATATYPE] == W.WIA_DATA_GRAYSCALE and item[W.WIA_IPA_DEPTH] == 8
    order = [prop for kind, name, prop, _ in log if kind == "set" and name == "Top"]
    assert order.index(W.WIA_IPS_CUR_INTENT) < order.index(W.WIA_IPA_DATATYPE) < order.index(W.WIA_IPS_XRES)
    assert paper.transfers == 3  # the empty feeder is seen from the status flags, not from a failed transfer
    assert device.closed


def test_driver_without_status_property_ends_on_paper_empty_hresult() -> None:
    paper = Paper([bmp(), bmp()])
    device, _ = wia1_scanner(paper)
    del device.root.props[W.WIA_DPS_DOCUMENT_HANDLING_STATUS]
    pages, error = scan(driver(device), source=Source.ADF)
    assert error is None and len(pages) == 2 and paper.transfers == 3


def test_duplex_sets_duplex_and_alternates_sides() -> None:
    device, log = wia1_scanner(Paper([bmp(), bmp(), bmp(), bmp()]))
    pages, error = scan(driver(device), source=Source.ADF_DUPLEX)
    assert error is None
    assert sets(log, "root")[W.WIA_DPS_DOCUMENT_HANDLING_SELECT] == W.FEEDER | W.DUPLEX
    assert [p.side for p in pages] == [Side.FRONT, Side.BACK, Side.FRONT, Side.BACK]


def test_flatbed_takes_one_image() -> None:
    paper = Paper([bmp(), bmp()])
    device, log = wia1_scanner(paper)
    pages, error = scan(driver(device), source=Source.FLATBED, mode=ColorMode.BW, dpi=200)
    assert error is None and len(pages) == 1 and pages[0].image.mode == "1"
    assert sets(log, "root")[W.WIA_DPS_DOCUMENT_HANDLING_SELECT] == W.FLATBED
    assert sets(log, "Top")[W.WIA_IPA_DATATYPE] == W.WIA_DATA_THRESHOLD


def test_empty_feeder_at_start_is_feeder_empty() -> None:
    device, _ = wia1_scanner(Paper([]))
    pages, error = scan(driver(device), source=Source.ADF)
    assert pages == [] and isinstance(error, E.FeederEmpty)


def test_paper_empty_on_first_transfer_is_feeder_empty() -> None:
    device, _ = wia1_scanner(Paper([W.WIA_ERROR_PAPER_EMPTY]), status=lambda p: W.FEED_READY)
    pages, error = scan(driver(device), source=Source.ADF)
    assert pages == [] and isinstance(error, E.FeederEmpty)


@pytest.mark.parametrize(("hresult", "expected"), [
    (W.WIA_ERROR_PAPER_JAM, E.PaperJam), (W.WIA_ERROR_COVER_OPEN, E.CoverOpen),
    (W.WIA_ERROR_MULTI_FEED, E.DoubleFeed), (W.WIA_ERROR_OFFLINE, E.DeviceNotFound),
])
def test_error_mid_batch_keeps_earlier_pages(hresult: int, expected: type[E.DeviceError]) -> None:
    device, _ = wia1_scanner(Paper([bmp(), bmp(), hresult, bmp()]))
    pages, error = scan(driver(device), source=Source.ADF)
    assert len(pages) == 2 and type(error) is expected and error.device == DEV


def test_jam_flag_in_status_stops_before_transfer() -> None:
    paper = Paper([bmp(), bmp()])
    device, _ = wia1_scanner(paper, status=lambda p: W.FEED_READY | (W.PAPER_JAM if p.transfers else 0))
    pages, error = scan(driver(device), source=Source.ADF)
    assert len(pages) == 1 and isinstance(error, E.PaperJam) and paper.transfers == 1


def test_warming_up_is_waited_out_then_scans() -> None:
    device, _ = wia1_scanner(Paper([W.WIA_ERROR_WARMING_UP, W.WIA_ERROR_WARMING_UP, bmp()]),
                             status=lambda p: W.FEED_READY if p.transfers < 3 else 0)
    pages, error = scan(driver(device), source=Source.ADF)
    assert error is None and len(pages) == 1


def test_warming_up_for_too_long_is_warming_up() -> None:
    device, _ = wia1_scanner(Paper([W.WIA_ERROR_WARMING_UP] * 10), status=lambda p: W.FEED_READY)
    drv = driver(device)
    drv.warmup_retries = 2
    pages, error = scan(drv, source=Source.ADF)
    assert pages == [] and isinstance(error, E.WarmingUp)


def test_busy_or_offline_on_connect() -> None:
    device, _ = wia1_scanner(Paper([bmp()]))
    _, error = scan(driver(device, connect_error=W.WIA_ERROR_BUSY), source=Source.ADF)
    assert isinstance(error, E.DeviceBusy)
    _, error = scan(driver(device, connect_error=W.WIA_ERROR_OFFLINE), source=Source.ADF)
    assert isinstance(error, E.DeviceNotFound)


def test_refuses_what_the_device_cannot_do() -> None:
    device, _ = wia1_scanner(Paper([bmp()]), capabilities=W.FEED | W.FLAT)
    _, error = scan(driver(device), source=Source.ADF_DUPLEX)
    assert isinstance(error, E.UnsupportedOption)
    _, error = scan(driver(device), source=Source.ADF, dpi=250)
    assert isinstance(error, E.UnsupportedOption) and "250" in error.native
    flatbed_only, _ = wia1_scanner(Paper([bmp()]), capabilities=W.FLAT)
    _, error = scan(driver(flatbed_only), source=Source.ADF)
    assert isinstance(error, E.UnsupportedOption)


def test_page_size_a4_and_custom() -> None:
    device, log = wia1_scanner(Paper([bmp()]))
    scan(driver(device), source=Source.ADF, dpi=300)
    root, item = sets(log, "root"), sets(log, "Top")
    assert root[W.WIA_IPS_PAGE_SIZE] == W.WIA_PAGE_A4
    assert (item[W.WIA_IPS_XEXTENT], item[W.WIA_IPS_YEXTENT]) == (2480, 3508)
    device, log = wia1_scanner(Paper([bmp()]))
    scan(driver(device), source=Source.ADF, dpi=600, page_width_mm=100, page_height_mm=400)
    root, item = sets(log, "root"), sets(log, "Top")
    assert root[W.WIA_IPS_PAGE_SIZE] == W.WIA_PAGE_CUSTOM
    assert (root[W.WIA_IPS_PAGE_WIDTH], root[W.WIA_IPS_PAGE_HEIGHT]) == (3937, 15748)
    assert (item[W.WIA_IPS_XEXTENT], item[W.WIA_IPS_YEXTENT]) == (2362, 4200)  # clamped to the item's maximum


def test_wia2_tree_uses_the_feeder_and_flatbed_items() -> None:
    feeder_paper, flatbed_paper = Paper([bmp(), bmp()]), Paper([bmp()])
    device, log = wia2_scanner(feeder_paper, flatbed_paper)
    pages, error = scan(driver(device), source=Source.ADF_DUPLEX)
    assert error is None and len(pages) == 2 and flatbed_paper.transfers == 0
    feeder = sets(log, "Feeder")
    assert feeder[W.WIA_IPS_DOCUMENT_HANDLING_SELECT] == W.DUPLEX and feeder[W.WIA_IPS_PAGES] == 1
    pages, error = scan(driver(device), source=Source.FLATBED)
    assert error is None and len(pages) == 1 and flatbed_paper.transfers == 1
    no_duplex, _ = wia2_scanner(Paper([bmp()]), Paper([bmp()]), duplex=False)
    _, error = scan(driver(no_duplex), source=Source.ADF_DUPLEX)
    assert isinstance(error, E.UnsupportedOption)


def test_capabilities_from_constraints() -> None:
    device, _ = wia1_scanner(Paper())
    caps = driver(device).capabilities(DEV)
    assert caps.sources == (Source.FLATBED, Source.ADF, Source.ADF_DUPLEX)
    assert caps.modes == (ColorMode.COLOR, ColorMode.GRAY, ColorMode.BW)
    assert caps.dpi_values == (100, 150, 200, 300, 600)
    assert caps.max_width_mm == 215.9 and caps.max_height_mm == 297.2
    device2, _ = wia2_scanner(Paper(), Paper(), duplex=False)
    assert driver(device2).capabilities(DEV).sources == (Source.FLATBED, Source.ADF)


def test_cancel_between_pages_stops_transfers() -> None:
    paper = Paper([bmp(), bmp(), bmp()])
    device, _ = wia1_scanner(paper)
    cancel = CancelToken()
    pages: list = []

    def keep(page) -> None:  # type: ignore[no-untyped-def]
        pages.append(page)
        cancel.cancel()

    _, error = scan_all(driver(device), DEV, ScanOptions(source=Source.ADF), cancel, keep)
    assert len(pages) == 1 and isinstance(error, E.ScanCancelled) and paper.transfers == 1
    assert device.closed


def test_max_pages_stops_early() -> None:
    paper = Paper([bmp(), bmp(), bmp()])
    device, _ = wia1_scanner(paper)
    pages, error = scan(driver(device), source=Source.ADF, max_pages=2)
    assert error is None and len(pages) == 2 and paper.transfers == 2


def test_every_com_call_runs_on_the_apartment_thread() -> None:
    entered: list[str] = []
    import threading

    device, _ = wia1_scanner(Paper([bmp(), bmp()]))
    backend = FakeBackend({DEV_ID: device})
    drv = WiaDriver(lambda: backend, enter=lambda: entered.append(threading.current_thread().name),
                    leave=lambda: entered.append("left"))
    pages, error = scan(drv, source=Source.ADF)
    assert error is None and len(pages) == 2
    assert entered == ["sohoa-wia-sta", "left"]
    for item in (device.root, *device.children()):
        assert item.threads == {"sohoa-wia-sta"}


def test_a_com_failure_while_reading_capabilities_is_typed() -> None:
    device, _ = wia1_scanner(Paper())

    def busy() -> int:
        raise WiaHResultError(W.WIA_ERROR_BUSY, "busy")

    device.root.props[W.WIA_DPS_HORIZONTAL_BED_SIZE] = busy
    with pytest.raises(E.DeviceBusy):
        driver(device).capabilities(DEV)
