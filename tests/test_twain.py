"""The TWAIN driver above DSM_Entry: capability negotiation, the state machine, native and memory transfers,
condition-code mapping and cancel, against a fake DSM using the real twain.h structures (tests/twain_fakes.py)."""

from __future__ import annotations

import ctypes
import sys

import pytest
from PIL import Image

from scanner import errors as E
from scanner import twain_constants as T
from scanner.model import CancelToken, ColorMode, ScanOptions, Side, Source
from scanner.protocol import scan_all
from scanner.twain import TwainDriver, thirty_two_bit_sources
from scanner.twain_containers import decode_item, encode_item
from scanner.twain_session import CONDITION_ERRORS, dib_to_image, map_condition
from tests.twain_fakes import FakeDsm, FakeSource, page

DEV = "twain:FUJITSU fi-7160"


def run(fake: FakeSource, transfer: str = "memory", cancel: CancelToken | None = None,
        on_page=None, **options) -> tuple[FakeDsm, list, E.DeviceError | None]:  # type: ignore[no-untyped-def]
    dsm = FakeDsm(fake)
    drv = TwainDriver(lambda: dsm, transfer=transfer, ready_timeout_s=5)
    pages: list = []

    def keep(p) -> None:  # type: ignore[no-untyped-def]
        pages.append(p)
        if on_page:
            on_page(p)

    _, error = scan_all(drv, DEV, ScanOptions(**options), cancel or CancelToken(), keep)
    return dsm, pages, error


def assert_clean(dsm: FakeDsm) -> None:
    """Every session walks back to state 1, breaks no state rule and frees every container."""
    assert dsm.violations == []
    assert dsm.state == 1 and dsm.closed
    assert dsm.memory == {}


def test_structures_have_the_twain_h_layout() -> None:
    assert ctypes.sizeof(T.TW_IDENTITY) == 156 and ctypes.sizeof(T.TW_VERSION) == 42
    assert ctypes.sizeof(T.TW_ONEVALUE) == 6 and ctypes.sizeof(T.TW_STATUS) == 4
    assert ctypes.sizeof(T.TW_IMAGEINFO) == 42 and ctypes.sizeof(T.TW_PENDINGXFERS) == 6
    assert ctypes.sizeof(T.TW_ENUMERATION) == 14 and ctypes.sizeof(T.TW_RANGE) == 22
    assert (T.TWCC_PAPERJAM, T.TWCC_PAPERDOUBLEFEED, T.TWCC_DENIED, T.TWCC_BUMMER) == (20, 21, 16, 1)
    assert (T.ICAP_XRESOLUTION, T.CAP_FEEDERENABLED, T.CAP_DUPLEXENABLED, T.ICAP_PIXELTYPE) == (
        0x1118, 0x1002, 0x1013, 0x0101)


def test_fix32_round_trip() -> None:
    for value in (300, 200.5, 1200, 0.25):
        assert decode_item(encode_item(value, T.TWTY_FIX32), T.TWTY_FIX32) == value
    assert decode_item(encode_item(-1, T.TWTY_INT16), T.TWTY_INT16) == -1


@pytest.mark.parametrize(("cc", "expected"), [
    (T.TWCC_PAPERJAM, E.PaperJam), (T.TWCC_PAPERDOUBLEFEED, E.DoubleFeed), (T.TWCC_DENIED, E.AccessDenied),
    (T.TWCC_BUMMER, E.UnknownDeviceError), (T.TWCC_NOMEDIA, E.FeederEmpty), (T.TWCC_INTERLOCK, E.CoverOpen),
    (T.TWCC_CHECKDEVICEONLINE, E.DeviceNotFound), (T.TWCC_MAXCONNECTIONS, E.DeviceBusy),
    (T.TWCC_CAPUNSUPPORTED, E.UnsupportedOption), (T.TWCC_OPERATIONERROR, E.DeviceIOError), (999, E.UnknownDeviceError),
])
def test_condition_codes_map_to_typed_errors(cc: int, expected: type[E.DeviceError]) -> None:
    err = map_condition(T.TWRC_FAILURE, cc, "DAT_IMAGEMEMXFER", DEV)
    assert type(err) is expected and "DAT_IMAGEMEMXFER" in err.native and err.device == DEV
    assert isinstance(map_condition(T.TWRC_BUSY, 0, "x"), E.DeviceBusy)
    assert all(issubclass(cls, E.DeviceError) for cls in CONDITION_ERRORS.values())


def test_off_windows_the_real_driver_lists_nothing() -> None:
    if sys.platform == "win32":
        pytest.skip("checks the non-Windows behaviour")
    assert TwainDriver().list_devices() == []
    with pytest.raises(E.DeviceNotFound):
        next(iter(TwainDriver().scan(DEV, ScanOptions(), CancelToken())))


def test_lists_sources() -> None:
    dsm = FakeDsm(FakeSource(), FakeSource(name="Canon DR-C225", manufacturer="Canon"))
    found = TwainDriver(lambda: dsm).list_devices()
    assert [(d.name, d.vendor, d.kind) for d in found] == [(DEV, "PFU", "twain"),
                                                          ("twain:Canon DR-C225", "Canon", "twain")]
    assert_clean(dsm)


@pytest.mark.parametrize("transfer", ["memory", "native"])
@pytest.mark.parametrize(("mode", "pil_mode"), [(ColorMode.COLOR, "RGB"), (ColorMode.GRAY, "L"), (ColorMode.BW, "1")])
def test_feeder_batch_negotiates_and_transfers(transfer: str, mode: ColorMode, pil_mode: str) -> None:
    colours = [(200, 20, 20), (20, 200, 20), (20, 20, 200)]
    source = FakeSource(sheets=[page(c) for c in colours])
    dsm, pages, error = run(source, transfer, source=Source.ADF, dpi=300, mode=mode)
    assert error is None and [p.sequence for p in pages] == [1, 2, 3]
    assert all(p.image.mode == pil_mode and p.image.size == (37, 23) and p.dpi == 300 for p in pages)
    if mode is ColorMode.COLOR:
        assert [p.image.getpixel((5, 5)) for p in pages] == colours
    caps = source.caps
    assert caps[T.CAP_FEEDERENABLED] == 1 and caps[T.CAP_DUPLEXENABLED] == 0 and caps[T.CAP_INDICATORS] == 0
    assert caps[T.ICAP_XRESOLUTION] == caps[T.ICAP_YRESOLUTION] == 300
    assert caps[T.ICAP_XFERMECH] == (T.TWSX_MEMORY if transfer == "memory" else T.TWSX_NATIVE)
    assert dsm.show_ui is False and dsm.callback_registered
    assert_clean(dsm)


def test_memory_transfer_reassembles_padded_strips() -> None:
    image = Image.linear_gradient("L").resize((301, 29)).convert("RGB")
    source = FakeSource(sheets=[image], rows_per_strip=4)
    dsm, pages, error = run(source, source=Source.ADF)
    assert error is None and list(pages[0].image.get_flattened_data()) == list(image.get_flattened_data())
    assert sum(1 for t in dsm.log if t[1] == T.DAT_IMAGEMEMXFER) == 8  # 29 rows in strips of 4


def test_duplex_alternates_sides_and_flatbed_takes_one() -> None:
    source = FakeSource(sheets=[page(), page(), page(), page()])
    dsm, pages, error = run(source, source=Source.ADF_DUPLEX)
    assert error is None and [p.side for p in pages] == [Side.FRONT, Side.BACK] * 2
    assert source.caps[T.CAP_DUPLEXENABLED] == 1
    assert_clean(dsm)
    source = FakeSource(sheets=[page(), page()])
    dsm, pages, error = run(source, source=Source.FLATBED)
    assert error is None and len(pages) == 1 and source.caps[T.CAP_FEEDERENABLED] == 0
    assert_clean(dsm)


def test_a4_uses_supported_sizes_else_the_frame() -> None:
    source = FakeSource(sheets=[page()])
    dsm, _, _ = run(source, source=Source.ADF)
    assert dsm.layout is not None  # ICAP_SUPPORTEDSIZES unsupported by this source: the frame is set instead
    assert dsm.layout == pytest.approx((210 / 25.4, 297 / 25.4), abs=1e-3)
    sized = FakeSource(sheets=[page()], supported_sizes=(T.TWSS_NONE, T.TWSS_A4))
    dsm, _, _ = run(sized, source=Source.ADF)
    assert sized.caps[T.ICAP_SUPPORTEDSIZES] == T.TWSS_A4 and dsm.layout is None


def test_empty_feeder() -> None:
    dsm, pages, error = run(FakeSource(sheets=[]), source=Source.ADF)
    assert pages == [] and isinstance(error, E.FeederEmpty) and "CAP_FEEDERLOADED" in error.native
    assert_clean(dsm)
    for how in ("closereq", "nomedia"):
        dsm, pages, error = run(FakeSource(sheets=[], feeder_loaded=True, empty_enable=how), source=Source.ADF)
        assert pages == [] and isinstance(error, E.FeederEmpty)
        assert_clean(dsm)


@pytest.mark.parametrize("transfer", ["memory", "native"])
@pytest.mark.parametrize(("cc", "expected"), [(T.TWCC_PAPERJAM, E.PaperJam), (T.TWCC_PAPERDOUBLEFEED, E.DoubleFeed)])
def test_jam_mid_batch_keeps_earlier_pages(transfer: str, cc: int, expected: type[E.DeviceError]) -> None:
    dsm, pages, error = run(FakeSource(sheets=[page(), page(), cc, page()]), transfer, source=Source.ADF)
    assert len(pages) == 2 and type(error) is expected
    assert_clean(dsm)


def test_unsupported_options_are_refused_before_enabling() -> None:
    dsm, _, error = run(FakeSource(sheets=[page()]), source=Source.ADF, dpi=250)
    assert isinstance(error, E.UnsupportedOption) and "ICAP_XRESOLUTION" in error.native
    assert not any(t[1] == T.DAT_USERINTERFACE and t[2] == T.MSG_ENABLEDS for t in dsm.log)
    assert_clean(dsm)
    _, _, error = run(FakeSource(sheets=[page()], duplex=T.TWDX_NONE), source=Source.ADF_DUPLEX)
    assert isinstance(error, E.UnsupportedOption)
    _, _, error = run(FakeSource(sheets=[page()], feeder=False), source=Source.ADF)
    assert isinstance(error, E.UnsupportedOption)
    _, _, error = run(FakeSource(sheets=[page()], pixel_types=(T.TWPT_BW,)), source=Source.ADF)
    assert isinstance(error, E.UnsupportedOption)


def test_unknown_source_is_not_found() -> None:
    dsm = FakeDsm(FakeSource())
    with pytest.raises(E.DeviceNotFound):
        list(TwainDriver(lambda: dsm).scan("twain:Nope", ScanOptions(), CancelToken()))
    assert_clean(dsm)


def test_cancel_after_a_page_resets_pending_transfers() -> None:
    cancel = CancelToken()
    source = FakeSource(sheets=[page() for _ in range(12)])  # more than the page queue holds: the source waits
    dsm, pages, error = run(source, cancel=cancel, on_page=lambda p: cancel.cancel(), source=Source.ADF)
    assert isinstance(error, E.ScanCancelled) and len(pages) == 1
    assert dsm.transferred < 12  # the session noticed the cancel before the source ran out
    assert (T.DG_CONTROL, T.DAT_PENDINGXFERS, T.MSG_RESET) in dsm.log
    assert_clean(dsm)


def test_max_pages() -> None:
    source = FakeSource(sheets=[page(), page(), page()])
    dsm, pages, error = run(source, source=Source.ADF, max_pages=2)
    assert error is None and len(pages) == 2 and source.caps[T.CAP_XFERCOUNT] == 2
    assert_clean(dsm)


def test_capabilities() -> None:
    dsm = FakeDsm(FakeSource(resolutions=(150, 300, 600), pixel_types=(T.TWPT_GRAY, T.TWPT_RGB)))
    caps = TwainDriver(lambda: dsm).capabilities(DEV)
    assert caps.sources == (Source.FLATBED, Source.ADF, Source.ADF_DUPLEX)
    assert caps.modes == (ColorMode.COLOR, ColorMode.GRAY) and caps.dpi_values == (150, 300, 600)
    assert_clean(dsm)


def test_dib_to_image_reads_bottom_up_bitmaps() -> None:
    import io

    image = Image.linear_gradient("L").resize((13, 7)).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="BMP")
    assert list(dib_to_image(buffer.getvalue()[14:]).get_flattened_data()) == list(image.get_flattened_data())


def test_finds_32_bit_only_sources(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert thirty_two_bit_sources(str(tmp_path)) == []
    (tmp_path / "twain_32" / "fujitsu").mkdir(parents=True)
    (tmp_path / "twain_32" / "fujitsu" / "fjtwain.ds").write_bytes(b"")
    assert thirty_two_bit_sources(str(tmp_path)) == ["fujitsu/fjtwain.ds"]


def test_missing_dsm_is_device_not_found() -> None:
    def no_dsm() -> FakeDsm:
        raise OSError("TWAINDSM.dll not found")

    drv = TwainDriver(no_dsm)
    assert drv.list_devices() == []
    with pytest.raises(E.DeviceNotFound):
        list(drv.scan(DEV, ScanOptions(), CancelToken()))
