"""Injected faults: each documented code reaches the clerk with its own message through each driver that can
inject it, and a fault that is unknown, cannot be injected or would never happen is refused before scanning."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from scanner import CancelToken, ScanOptions, Source, scan_all
from scanner.errors import (
    ERROR_TYPES,
    AccessDenied,
    CoverOpen,
    DeviceBusy,
    DeviceError,
    DeviceIOError,
    FeederEmpty,
    PaperJam,
    ScanCancelled,
    TransportLocked,
    UnknownDeviceError,
    UnsupportedOption,
    WarmingUp,
)
from scanner.faults import SANE_STATUS_FOR_CODE, FaultRefused, check_fault, parse_fault
from scanner.model import FaultInjection
from scanner.sane_backend import map_sane_error
from scanner.sane_driver import SaneDriver
from scanner.simulated import SimulatedFeeder

# sane_strstatus() of each SANE status, as python-sane raises it, and the type the clerk's message comes from
SANE_STATUS_TEXTS = [
    ("Operation not supported", UnsupportedOption), ("Operation was canceled", ScanCancelled),
    ("Operation was cancelled", ScanCancelled), ("Device busy", DeviceBusy), ("Invalid argument", UnknownDeviceError),
    ("End of file reached", DeviceIOError), ("Document feeder jammed", PaperJam),
    ("Document feeder out of documents", FeederEmpty), ("Scanner cover is open", CoverOpen),
    ("Error during device I/O", DeviceIOError), ("Out of memory", DeviceIOError),
    ("Access to resource has been denied", AccessDenied), ("Lamp not ready, please retry", WarmingUp),
    ("Scanner mechanism locked for transport", TransportLocked), ("Unknown SANE status code 99", UnknownDeviceError),
]


@pytest.mark.parametrize(("text", "error_type"), SANE_STATUS_TEXTS)
def test_every_sane_status_has_its_typed_error(text: str, error_type: type[DeviceError]) -> None:
    error = map_sane_error(RuntimeError(text), "sane:x")
    assert type(error) is error_type and error.native == text and error.user_message("vi") == error_type.message_vi


def test_every_code_has_its_own_vietnamese_sentence() -> None:
    sentences = [cls.message_vi for cls in ERROR_TYPES.values()]
    assert len(set(sentences)) == len(sentences) and all(s.endswith(".") for s in sentences)


@pytest.mark.parametrize("code", list(SANE_STATUS_FOR_CODE))
def test_each_code_the_sane_test_backend_injects_keeps_its_own_type(code: str) -> None:
    before = 1 if code == "feeder_empty" else 2  # an empty feeder after the first sheet is the batch's end
    options = ScanOptions(source=Source.ADF, dpi=75, fault=FaultInjection(before, code))
    count, error = scan_all(SaneDriver(), "sane:test:0", options, CancelToken(), lambda page: None)
    assert type(error) is ERROR_TYPES[code] and count == before - 1


@pytest.fixture
def two_pages(tmp_path: Path) -> Path:
    folder = tmp_path / "feeder"
    folder.mkdir()
    for n in (1, 2):
        Image.new("L", (100, 140), 255).save(folder / f"p{n}.png", dpi=(100, 100))
    return folder


@pytest.mark.parametrize("code", list(ERROR_TYPES))
def test_the_simulated_feeder_injects_every_code(two_pages: Path, code: str) -> None:
    options = ScanOptions(source=Source.ADF, dpi=100, fault=FaultInjection(2, code))
    count, error = scan_all(SimulatedFeeder(), f"sim:{two_pages}", options, CancelToken(), lambda page: None)
    assert type(error) is ERROR_TYPES[code] and count == 1


@pytest.mark.parametrize(("text", "said"), [
    ("abc", "phải có dạng N:MÃ"), ("4:", "phải có dạng N:MÃ"), ("-1:paper_jam", "phải có dạng N:MÃ"),
    ("0:paper_jam", "từ 1 trở lên"), ("4:coffee", "Không có mã lỗi máy quét 'coffee'"),
])
def test_malformed_faults_are_refused(text: str, said: str) -> None:
    with pytest.raises(FaultRefused) as refused:
        parse_fault(text)
    assert said in refused.value.message_vi


@pytest.mark.parametrize(("device", "source", "fault", "said"), [
    ("sane:test:0", Source.ADF, "11:paper_jam", "tối đa 10 trang"),
    ("sane:test:0", Source.ADF, "2:double_feed", "không giả lập được lỗi 'double_feed'"),
    ("sim:FEEDER", Source.ADF, "3:paper_jam", "tối đa 2 trang"),
    ("sim:FEEDER", Source.FLATBED, "2:paper_jam", "tối đa 1 trang"),
    ("file:/tmp/a.pdf", Source.ADF, "1:paper_jam", "Chỉ khay nạp mô phỏng"),
    ("sane:epson2:libusb:001:004", Source.ADF, "1:paper_jam", "Chỉ khay nạp mô phỏng"),
])
def test_faults_that_cannot_happen_are_refused(two_pages: Path, device: str, source: Source, fault: str,
                                               said: str) -> None:
    with pytest.raises(FaultRefused) as refused:
        check_fault(parse_fault(fault), device.replace("FEEDER", str(two_pages)), source)
    assert said in refused.value.message_vi


def test_faults_that_can_happen_pass(two_pages: Path) -> None:
    check_fault(parse_fault("10:paper_jam"), "sane:test:0", Source.ADF)
    check_fault(parse_fault("20:unknown"), "sane:test:0", Source.ADF_DUPLEX)
    check_fault(parse_fault("2:double_feed"), f"sim:{two_pages}", Source.ADF)
    with pytest.raises(FaultRefused, match="at most 3 pages"):
        check_fault(parse_fault("4:paper_jam"), "sane:test:0", Source.ADF, max_pages=3)


@pytest.mark.parametrize(("fault", "said"), [
    ("4:coffee", "Không có mã lỗi máy quét 'coffee'"), ("11:paper_jam", "tối đa 10 trang"),
    ("2:driver_crashed", "không giả lập được lỗi 'driver_crashed'"), ("x", "phải có dạng N:MÃ"),
])
def test_scan_refuses_a_fault_up_front(cli, tmp_path: Path, fault: str, said: str) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "scan"
    result = cli("scan", "--device", "sane:test:0", "--dpi", "75", "--inject-fault", fault, "--out", str(out))
    assert result.returncode == 2 and said in result.stderr and "Traceback" not in result.stderr
    assert not out.exists(), "nothing written"


def test_a_bad_fault_in_a_simulated_device_name_is_refused(cli, two_pages: Path,  # type: ignore[no-untyped-def]
                                                           tmp_path: Path) -> None:
    result = cli("scan", "--device", f"sim:{two_pages}?fault=9:paper_jam", "--out", str(tmp_path / "s"))
    assert result.returncode == 2 and "tối đa 2 trang" in result.stderr and not (tmp_path / "s").exists()
