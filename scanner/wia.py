"""WIA scanners on Windows (``wia:<device id>``): the driver's listing, scan loop and transfers, WIA HRESULTs mapped
to the typed device errors. Flatbed, feeder, duplex, resolution, colour mode and page size are written through the
document-handling properties in :mod:`scanner.wia_properties`.

All COM work runs on one single-threaded-apartment thread per operation (:class:`~scanner.apartment.Apartment`),
behind the small boundary of :mod:`scanner.wia_boundary`. Off Windows the driver lists no device.
"""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from PIL import Image

from scanner import wia_constants as W
from scanner.apartment import Apartment
from scanner.errors import (
    AccessDenied,
    CoverOpen,
    DeviceBusy,
    DeviceError,
    DeviceIOError,
    DeviceNotFound,
    DoubleFeed,
    DriverCrashed,
    FeederEmpty,
    PaperJam,
    ScanCancelled,
    UnknownDeviceError,
    UnsupportedOption,
    WarmingUp,
)
from scanner.file_import import convert_mode
from scanner.model import CancelToken, Capabilities, ColorMode, DeviceInfo, ScannedPage, ScanOptions
from scanner.wia_boundary import WiaBackend, WiaDevice, WiaHResultError, WiaItem
from scanner.wia_com import ComWiaBackend, enter_apartment, leave_apartment
from scanner.wia_properties import configure, describe, feeder_state

log = logging.getLogger("sohoa.scanner.wia")
T = TypeVar("T")

HRESULT_ERRORS: dict[int, type[DeviceError]] = {
    W.WIA_ERROR_GENERAL_ERROR: UnknownDeviceError,
    W.WIA_ERROR_PAPER_JAM: PaperJam,
    W.WIA_ERROR_PAPER_EMPTY: FeederEmpty,
    W.WIA_ERROR_PAPER_PROBLEM: PaperJam,
    W.WIA_ERROR_OFFLINE: DeviceNotFound,
    W.WIA_ERROR_BUSY: DeviceBusy,
    W.WIA_ERROR_WARMING_UP: WarmingUp,
    W.WIA_ERROR_USER_INTERVENTION: DeviceNotFound,
    W.WIA_ERROR_ITEM_DELETED: DeviceNotFound,
    W.WIA_ERROR_DEVICE_COMMUNICATION: DeviceIOError,
    W.WIA_ERROR_INVALID_COMMAND: UnsupportedOption,
    W.WIA_ERROR_INCORRECT_HARDWARE_SETTING: UnsupportedOption,
    W.WIA_ERROR_DEVICE_LOCKED: DeviceBusy,
    W.WIA_ERROR_EXCEPTION_IN_DRIVER: DriverCrashed,
    W.WIA_ERROR_INVALID_DRIVER_RESPONSE: DriverCrashed,
    W.WIA_ERROR_COVER_OPEN: CoverOpen,
    W.WIA_ERROR_LAMP_OFF: UnknownDeviceError,
    W.WIA_ERROR_MULTI_FEED: DoubleFeed,
    W.WIA_S_NO_DEVICE_AVAILABLE: DeviceNotFound,
    W.E_ACCESSDENIED: AccessDenied,
    W.E_INVALIDARG: UnsupportedOption,
    W.E_NOTIMPL: UnsupportedOption,
    W.HRESULT_ERROR_CANCELLED: ScanCancelled,
}
HRESULT_ERRORS.update({table: HRESULT_ERRORS[header] for header, table in W.HEADER_VS_TABLE.items()})


def map_hresult(err: WiaHResultError, device: str = "") -> DeviceError:
    """The typed device error for a failed WIA call; unknown codes keep their number and text."""
    cls = HRESULT_ERRORS.get(err.hresult, UnknownDeviceError)
    return cls(f"WIA 0x{err.hresult:08X} {err.text}".strip(), device=device)


def _com_backend() -> WiaBackend:
    return ComWiaBackend()


def _com_enter() -> None:
    enter_apartment()


def _com_leave() -> None:
    leave_apartment()


class WiaDriver:
    kind = "wia"

    def __init__(self, backend_factory: Callable[[], WiaBackend] | None = None,
                 enter: Callable[[], None] | None = None, leave: Callable[[], None] | None = None,
                 warmup_retries: int = 6, warmup_wait_s: float = 5.0) -> None:
        self._native = backend_factory is None
        self._factory = backend_factory or _com_backend
        self._enter = enter if enter is not None or not self._native else _com_enter
        self._leave = leave if leave is not None or not self._native else _com_leave
        self.warmup_retries = warmup_retries
        self.warmup_wait_s = warmup_wait_s

    def _available(self) -> bool:
        return not self._native or sys.platform == "win32"

    def _apartment(self) -> Apartment:
        return Apartment("sohoa-wia-sta", self._enter, self._leave)

    # --- protocol ---

    def list_devices(self) -> list[DeviceInfo]:
        if not self._available():
            return []
        try:
            with self._apartment() as sta:
                entries = sta.call(lambda: self._factory().devices())
        except (WiaHResultError, OSError, ImportError) as exc:
            log.warning("WIA device list failed: %s", exc)
            return []
        return [DeviceInfo(f"wia:{e.device_id}", e.vendor, e.name, self.kind)
                for e in entries if e.device_type == W.SCANNER_DEVICE_TYPE]

    def capabilities(self, device: str) -> Capabilities:
        self._require(device)
        with self._apartment() as sta:
            return self._call(sta, device, self._capabilities_on_sta, device)

    def scan(self, device: str, options: ScanOptions, cancel: CancelToken) -> Iterator[ScannedPage]:
        self._require(device)
        sta = self._apartment()
        try:
            dev = self._call(sta, device, self._connect, device)
            try:
                yield from self._scan(sta, dev, device, options, cancel)
            finally:
                try:
                    sta.call(dev.close)
                except WiaHResultError as err:
                    log.warning("closing the WIA device failed: %s", err)
        finally:
            sta.close()

    # --- internals ---

    def _require(self, device: str) -> None:
        if not device.startswith("wia:") or not self._available():
            raise DeviceNotFound("WIA is available on Windows only", device=device)

    def _call(self, sta: Apartment, device: str, fn: Callable[..., T], *args: Any) -> T:
        try:
            return sta.call(fn, *args)
        except WiaHResultError as err:
            raise map_hresult(err, device) from err

    def _connect(self, device: str) -> WiaDevice:
        return self._factory().connect(device.removeprefix("wia:"))

    def _capabilities_on_sta(self, device: str) -> Capabilities:
        """Runs through :meth:`_call`: a COM failure while connecting or reading properties becomes a typed error."""
        dev = self._connect(device)
        try:
            return describe(dev)
        finally:
            dev.close()

    def _scan(self, sta: Apartment, dev: WiaDevice, device: str, options: ScanOptions,
              cancel: CancelToken) -> Iterator[ScannedPage]:
        layout = self._call(sta, device, configure, dev, options)
        feeder = options.feeder
        sequence = 0
        while True:
            if cancel.cancelled:
                raise ScanCancelled(device=device)
            if options.max_pages is not None and sequence >= options.max_pages:
                return
            if feeder:
                state = self._call(sta, device, feeder_state, layout.handling, device)
                if state is not None:
                    if sequence and isinstance(state, FeederEmpty):
                        return
                    raise state
            data = self._transfer(sta, layout.scan_item, device, cancel)
            if data is None:
                if sequence == 0:
                    raise FeederEmpty("WIA_ERROR_PAPER_EMPTY before the first page", device=device)
                return
            sequence += 1
            image = decode(data, options.mode)
            side = options.side_of(sequence)
            yield ScannedPage(image, options.dpi, sequence, side, device)
            if not feeder:
                return

    def _transfer(self, sta: Apartment, item: WiaItem, device: str, cancel: CancelToken) -> bytes | None:
        """One image, or None when the feeder ran out; waits out a warming lamp a bounded number of times."""
        for attempt in range(self.warmup_retries + 1):
            try:
                data: bytes = sta.call(item.transfer, W.WIA_IMG_FMT_BMP)
                return data
            except WiaHResultError as err:
                if err.hresult in (W.WIA_ERROR_PAPER_EMPTY, W.WIA_STATUS_END_OF_MEDIA):
                    return None
                if err.hresult == W.WIA_ERROR_WARMING_UP and attempt < self.warmup_retries:
                    log.info("scanner warming up, waiting %.1f s", self.warmup_wait_s)
                    if cancel.wait(self.warmup_wait_s):
                        raise ScanCancelled(device=device) from err
                    continue
                mapped = map_hresult(err, device)
                if cancel.cancelled and not isinstance(mapped, ScanCancelled):
                    raise ScanCancelled(mapped.native, device=device) from err
                raise mapped from err
        raise WarmingUp("still warming up", device=device)


def decode(data: bytes, mode: ColorMode) -> Image.Image:
    """The transferred file (BMP) as an image in the requested mode."""
    try:
        with Image.open(io.BytesIO(data)) as img:
            img.load()
            image = img.copy()
    except (OSError, ValueError) as exc:
        raise DriverCrashed(f"unreadable image from WIA: {exc}") from exc
    return convert_mode(image, mode)
