"""WIA scanners on Windows (``wia:<device id>``): flatbed, feeder and duplex through the document-handling
properties, resolution, colour mode and page size, WIA HRESULTs mapped to the typed device errors.

All COM work runs on one single-threaded-apartment thread per operation (:class:`~scanner.apartment.Apartment`),
behind the small boundary of :mod:`scanner.wia_boundary`. Off Windows the driver lists no device.
"""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
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
from scanner.model import CancelToken, Capabilities, ColorMode, DeviceInfo, ScannedPage, ScanOptions, Source
from scanner.wia_boundary import WiaBackend, WiaDevice, WiaHResultError, WiaItem
from scanner.wia_com import ComWiaBackend, enter_apartment, leave_apartment

log = logging.getLogger("sohoa.scanner.wia")
T = TypeVar("T")

_MM_PER_INCH = 25.4

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


@dataclass
class _Layout:
    """Where a scan's properties live. WIA 2.0 trees have Flatbed and Feeder child items carrying their own
    document-handling properties; WIA 1.0 trees (and the compatibility layer) keep them on the root item."""

    scan_item: WiaItem
    handling: WiaItem
    wia2: bool


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


def find_layout(dev: WiaDevice, source: Source) -> _Layout:
    """The item to transfer from and the item holding the document-handling properties."""
    children = dev.children()
    by_category: dict[str, WiaItem] = {}
    for child in children:
        if child.has(W.WIA_IPA_ITEM_CATEGORY):
            by_category[str(child.get(W.WIA_IPA_ITEM_CATEGORY)).upper()] = child
    if W.WIA_CATEGORY_FEEDER in by_category or W.WIA_CATEGORY_FLATBED in by_category:
        wanted = W.WIA_CATEGORY_FLATBED if source is Source.FLATBED else W.WIA_CATEGORY_FEEDER
        if wanted not in by_category:
            raise UnsupportedOption(f"no {'flatbed' if source is Source.FLATBED else 'feeder'} item")
        item = by_category[wanted]
        return _Layout(item, item, wia2=True)
    if not children:
        raise DriverCrashed("the WIA device has no scan item")
    return _Layout(children[0], dev.root, wia2=False)


def _sources(handling: WiaItem, wia2_categories: set[str]) -> tuple[Source, ...]:
    if wia2_categories:
        found = []
        if W.WIA_CATEGORY_FLATBED in wia2_categories:
            found.append(Source.FLATBED)
        if W.WIA_CATEGORY_FEEDER in wia2_categories:
            found.append(Source.ADF)
            caps = int(handling.get(W.WIA_DPS_DOCUMENT_HANDLING_CAPABILITIES)) \
                if handling.has(W.WIA_DPS_DOCUMENT_HANDLING_CAPABILITIES) else 0
            if caps & W.DUP:
                found.append(Source.ADF_DUPLEX)
        return tuple(found)
    if not handling.has(W.WIA_DPS_DOCUMENT_HANDLING_CAPABILITIES):
        return (Source.FLATBED,)
    caps = int(handling.get(W.WIA_DPS_DOCUMENT_HANDLING_CAPABILITIES))
    found = [Source.FLATBED] if caps & W.FLAT else []
    if caps & W.FEED:
        found.append(Source.ADF)
        if caps & W.DUP:
            found.append(Source.ADF_DUPLEX)
    return tuple(found)


def describe(dev: WiaDevice) -> Capabilities:
    """Sources, modes, resolutions and bed size as the device reports them."""
    children = dev.children()
    categories = {str(c.get(W.WIA_IPA_ITEM_CATEGORY)).upper() for c in children if c.has(W.WIA_IPA_ITEM_CATEGORY)}
    wia2 = bool(categories & {W.WIA_CATEGORY_FEEDER, W.WIA_CATEGORY_FLATBED})
    if wia2:
        feeders = [c for c in children if c.has(W.WIA_IPA_ITEM_CATEGORY)
                   and str(c.get(W.WIA_IPA_ITEM_CATEGORY)).upper() == W.WIA_CATEGORY_FEEDER]
        handling = item = feeders[0] if feeders else children[0]
    else:
        handling, item = dev.root, (children[0] if children else dev.root)
    modes: list[ColorMode] = []
    datatypes = item.constraint(W.WIA_IPA_DATATYPE)
    for mode, datatype in ((ColorMode.COLOR, W.WIA_DATA_COLOR), (ColorMode.GRAY, W.WIA_DATA_GRAYSCALE),
                           (ColorMode.BW, W.WIA_DATA_THRESHOLD)):
        if datatypes is None or datatypes.allows(datatype):
            modes.append(mode)
    xres = item.constraint(W.WIA_IPS_XRES)
    dpi_values: tuple[int, ...] = ()
    dpi_range: tuple[int, int] | None = None
    if xres is not None and xres.values:
        dpi_values = tuple(sorted(xres.values))
    elif xres is not None and xres.minimum is not None and xres.maximum is not None:
        dpi_range = (xres.minimum, xres.maximum)
    width = height = None
    if dev.root.has(W.WIA_DPS_HORIZONTAL_BED_SIZE) and dev.root.has(W.WIA_DPS_VERTICAL_BED_SIZE):
        width = int(dev.root.get(W.WIA_DPS_HORIZONTAL_BED_SIZE)) * _MM_PER_INCH / 1000
        height = int(dev.root.get(W.WIA_DPS_VERTICAL_BED_SIZE)) * _MM_PER_INCH / 1000
    return Capabilities(sources=_sources(handling, categories if wia2 else set()), modes=tuple(modes),
                        dpi_values=dpi_values, dpi_range=dpi_range,
                        max_width_mm=round(width, 1) if width else None,
                        max_height_mm=round(height, 1) if height else None)


def _set_checked(item: WiaItem, prop_id: int, value: int, what: str) -> None:
    constraint = item.constraint(prop_id)
    if constraint is not None and not constraint.allows(value):
        raise UnsupportedOption(f"{what}={value} not in {constraint}")
    item.set(prop_id, value)


def _set_if_present(item: WiaItem, prop_id: int, value: int) -> None:
    if item.has(prop_id):
        constraint = item.constraint(prop_id)
        if constraint is None or constraint.allows(value):
            item.set(prop_id, value)


def configure(dev: WiaDevice, options: ScanOptions) -> _Layout:
    """Select the source and write resolution, colour mode and page size; refuse what the device cannot do."""
    layout = find_layout(dev, options.source)
    handling, item = layout.handling, layout.scan_item
    feeder, duplex = options.feeder, options.duplex
    if handling.has(W.WIA_DPS_DOCUMENT_HANDLING_CAPABILITIES):
        caps = int(handling.get(W.WIA_DPS_DOCUMENT_HANDLING_CAPABILITIES))
        if feeder and not layout.wia2 and not caps & W.FEED:
            raise UnsupportedOption("the scanner has no document feeder")
        if not feeder and not layout.wia2 and not caps & W.FLAT:
            raise UnsupportedOption("the scanner has no flatbed")
        if duplex and not caps & W.DUP:
            raise UnsupportedOption("the feeder cannot scan both sides")
    elif feeder and not layout.wia2:
        raise UnsupportedOption("the scanner has no document feeder")
    if handling.has(W.WIA_DPS_DOCUMENT_HANDLING_SELECT):
        if layout.wia2:
            select = W.DUPLEX if duplex else W.FRONT_ONLY
        else:
            select = (W.FEEDER | (W.DUPLEX if duplex else 0)) if feeder else W.FLATBED
        handling.set(W.WIA_DPS_DOCUMENT_HANDLING_SELECT, select)
    if feeder:
        _set_if_present(handling, W.WIA_IPS_PAGES, 1)
    intent, datatype, depth = {
        ColorMode.COLOR: (W.WIA_INTENT_IMAGE_TYPE_COLOR, W.WIA_DATA_COLOR, 24),
        ColorMode.GRAY: (W.WIA_INTENT_IMAGE_TYPE_GRAYSCALE, W.WIA_DATA_GRAYSCALE, 8),
        ColorMode.BW: (W.WIA_INTENT_IMAGE_TYPE_TEXT, W.WIA_DATA_THRESHOLD, 1),
    }[options.mode]
    _set_if_present(item, W.WIA_IPS_CUR_INTENT, intent)  # first: drivers reset the other properties from it
    _set_checked(item, W.WIA_IPA_DATATYPE, datatype, "datatype")
    _set_if_present(item, W.WIA_IPA_DEPTH, depth)
    _set_checked(item, W.WIA_IPS_XRES, options.dpi, "dpi")
    _set_checked(item, W.WIA_IPS_YRES, options.dpi, "dpi")
    _set_page_size(layout, options)
    return layout


def _set_page_size(layout: _Layout, options: ScanOptions) -> None:
    item, handling = layout.scan_item, layout.handling
    width_milli_in = round(options.page_width_mm / _MM_PER_INCH * 1000)
    height_milli_in = round(options.page_height_mm / _MM_PER_INCH * 1000)
    sizer = handling if handling.has(W.WIA_IPS_PAGE_SIZE) else item
    if sizer.has(W.WIA_IPS_PAGE_SIZE):
        constraint = sizer.constraint(W.WIA_IPS_PAGE_SIZE)
        if options.is_a4 and (constraint is None or constraint.allows(W.WIA_PAGE_A4)):
            sizer.set(W.WIA_IPS_PAGE_SIZE, W.WIA_PAGE_A4)
        elif constraint is None or constraint.allows(W.WIA_PAGE_CUSTOM):
            sizer.set(W.WIA_IPS_PAGE_SIZE, W.WIA_PAGE_CUSTOM)
            _set_if_present(sizer, W.WIA_IPS_PAGE_WIDTH, width_milli_in)
            _set_if_present(sizer, W.WIA_IPS_PAGE_HEIGHT, height_milli_in)
    _set_if_present(item, W.WIA_IPS_XPOS, 0)
    _set_if_present(item, W.WIA_IPS_YPOS, 0)
    for prop_id, milli_in in ((W.WIA_IPS_XEXTENT, width_milli_in), (W.WIA_IPS_YEXTENT, height_milli_in)):
        if item.has(prop_id):
            pixels = round(milli_in * options.dpi / 1000)
            constraint = item.constraint(prop_id)
            if constraint is not None and constraint.maximum is not None:
                pixels = min(pixels, constraint.maximum)
            item.set(prop_id, pixels)


def feeder_state(handling: WiaItem, device: str = "") -> DeviceError | None:
    """The feeder's problem before a transfer (empty, jammed, cover open, double feed), from its status flags."""
    if not handling.has(W.WIA_DPS_DOCUMENT_HANDLING_STATUS):
        return None
    status = int(handling.get(W.WIA_DPS_DOCUMENT_HANDLING_STATUS))
    if status & W.PAPER_JAM:
        return PaperJam("WIA_DPS_DOCUMENT_HANDLING_STATUS: PAPER_JAM", device=device)
    if status & (W.FLAT_COVER_UP | W.PATH_COVER_UP):
        return CoverOpen("WIA_DPS_DOCUMENT_HANDLING_STATUS: cover up", device=device)
    if status & W.MULTIPLE_FEED:
        return DoubleFeed("WIA_DPS_DOCUMENT_HANDLING_STATUS: MULTIPLE_FEED", device=device)
    if not status & W.FEED_READY:
        return FeederEmpty("WIA_DPS_DOCUMENT_HANDLING_STATUS: feeder not ready", device=device)
    return None


def decode(data: bytes, mode: ColorMode) -> Image.Image:
    """The transferred file (BMP) as an image in the requested mode."""
    try:
        with Image.open(io.BytesIO(data)) as img:
            img.load()
            image = img.copy()
    except (OSError, ValueError) as exc:
        raise DriverCrashed(f"unreadable image from WIA: {exc}") from exc
    return convert_mode(image, mode)
