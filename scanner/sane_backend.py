"""SANE through python-sane. Runs inside the worker process (see :mod:`scanner.sane_driver`): a crashing
backend then cannot take the station down."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

from scanner.errors import (
    AccessDenied,
    CoverOpen,
    DeviceBusy,
    DeviceError,
    DeviceIOError,
    DeviceNotFound,
    FeederEmpty,
    PaperJam,
    ScanCancelled,
    TransportLocked,
    UnknownDeviceError,
    UnsupportedOption,
    WarmingUp,
)
from scanner.faults import SANE_STATUS_FOR_CODE
from scanner.model import CancelToken, Capabilities, ColorMode, DeviceInfo, ScannedPage, ScanOptions, Source

# python-sane raises one class with sane_strstatus() text only; map the text of every SANE status to our types
# (sane-backends' sanei/sanei_strstatus; the cancel text in both spellings its versions used).
_MESSAGES: dict[str, type[DeviceError]] = {
    "operation not supported": UnsupportedOption,  # SANE_STATUS_UNSUPPORTED
    "operation was canceled": ScanCancelled,  # SANE_STATUS_CANCELLED
    "operation was cancelled": ScanCancelled,
    "device busy": DeviceBusy,  # SANE_STATUS_DEVICE_BUSY
    "invalid argument": UnknownDeviceError,  # SANE_STATUS_INVAL: the driver refused a value while reading
    "end of file reached": DeviceIOError,  # SANE_STATUS_EOF before the image ended
    "scanner returned no data": DeviceIOError,  # python-sane's own text for an empty read
    "document feeder jammed": PaperJam,  # SANE_STATUS_JAMMED
    "document feeder out of documents": FeederEmpty,  # SANE_STATUS_NO_DOCS
    "scanner cover is open": CoverOpen,  # SANE_STATUS_COVER_OPEN
    "error during device i/o": DeviceIOError,  # SANE_STATUS_IO_ERROR
    "out of memory": DeviceIOError,  # SANE_STATUS_NO_MEM
    "access to resource has been denied": AccessDenied,  # SANE_STATUS_ACCESS_DENIED
    "lamp not ready, please retry": WarmingUp,  # SANE_STATUS_WARMING_UP
    "scanner mechanism locked for transport": TransportLocked,  # SANE_STATUS_HW_LOCKED
}


def map_sane_error(exc: BaseException, device: str = "") -> DeviceError:
    text = str(exc.args[0] if exc.args else exc)
    return _MESSAGES.get(text.strip().lower(), UnknownDeviceError)(text, device=device)


_initialized = False


def _sane() -> Any:
    global _initialized
    import sane

    if not _initialized:
        sane.init()
        _initialized = True
    return sane


def list_devices() -> list[DeviceInfo]:
    sane = _sane()
    return [DeviceInfo(f"sane:{name}", vendor, model, "sane") for name, vendor, model, _type in sane.get_devices()]


def _options(dev: Any) -> dict[str, tuple[Any, ...]]:
    return {opt[1]: opt for opt in dev.get_options() if opt[1]}


def _matches(want: Source | ColorMode, s: str) -> bool:
    if want is Source.FLATBED:
        return "flatbed" in s or "normal" in s
    if want is Source.ADF:
        return ("adf" in s or "feeder" in s or "automatic" in s) and "duplex" not in s and "back" not in s
    if want is Source.ADF_DUPLEX:
        return "duplex" in s
    if want is ColorMode.COLOR:
        return "color" in s or "colour" in s
    if want is ColorMode.GRAY:
        return "gray" in s or "grey" in s
    return "lineart" in s or "binary" in s or "black" in s or "halftone" in s


def _pick(choices: list[str], want: Source | ColorMode) -> str | None:
    """The backend's own name for a source or mode (backends name them differently)."""
    return next((c for c in choices if _matches(want, c.lower())), None)


def _open(device: str) -> Any:
    sane = _sane()
    name = device.removeprefix("sane:")
    try:
        return sane.open(name)
    except Exception as exc:
        err = map_sane_error(exc, device)
        if isinstance(err, UnknownDeviceError):
            raise DeviceNotFound(str(exc), device=device) from exc
        raise err from exc


def capabilities(device: str) -> Capabilities:
    dev = _open(device)
    try:
        opts = _options(dev)
        source_choices = list(opts["source"][8]) if "source" in opts else []
        sources = tuple(s for s in Source if _pick(source_choices, s)) or (Source.FLATBED,)
        mode_choices = list(opts["mode"][8]) if "mode" in opts else []
        modes = tuple(m for m in ColorMode if _pick(mode_choices, m))
        if ColorMode.BW not in modes and "depth" in opts and 1 in list(opts["depth"][8] or []):
            modes = (*modes, ColorMode.BW)
        constraint = opts["resolution"][8] if "resolution" in opts else None
        dpi_values: tuple[int, ...] = ()
        dpi_range = None
        if isinstance(constraint, tuple):
            dpi_range = (int(constraint[0]), int(constraint[1]))
        elif isinstance(constraint, list):
            dpi_values = tuple(int(v) for v in constraint)
        max_w = float(opts["br-x"][8][1]) if "br-x" in opts and isinstance(opts["br-x"][8], tuple) else None
        max_h = float(opts["br-y"][8][1]) if "br-y" in opts and isinstance(opts["br-y"][8], tuple) else None
        return Capabilities(sources, modes or (ColorMode.COLOR,), dpi_values, dpi_range, max_w, max_h)
    finally:
        dev.close()


def _set(dev: Any, name: str, value: Any) -> None:
    try:
        setattr(dev, name.replace("-", "_"), value)
    except Exception as exc:
        raise UnsupportedOption(f"{name}={value!r}: {exc}") from exc


def _configure(dev: Any, device: str, options: ScanOptions) -> None:
    opts = _options(dev)
    if "read-return-value" in opts:
        _set(dev, "read-return-value", "Default")  # option values persist across open/close in one sane.init()
    if "source" in opts:
        choice = _pick(list(opts["source"][8]), options.source)
        if choice is None:
            raise UnsupportedOption(f"source {options.source.value}", device=device)
        _set(dev, "source", choice)
    elif options.source is not Source.FLATBED:
        raise UnsupportedOption(f"source {options.source.value}", device=device)
    if "mode" in opts:
        choice = _pick(list(opts["mode"][8]), options.mode)
        if choice is None and options.mode is ColorMode.BW:
            choice = _pick(list(opts["mode"][8]), ColorMode.GRAY)
            if "depth" in opts:
                _set(dev, "depth", 1)
        elif "depth" in opts:
            _set(dev, "depth", 8)
        if choice is None:
            raise UnsupportedOption(f"mode {options.mode.value}", device=device)
        _set(dev, "mode", choice)
    if "resolution" in opts:
        _set(dev, "resolution", options.dpi)
    for corner, size in (("br-x", options.page_width_mm), ("br-y", options.page_height_mm)):
        if corner in opts:
            constraint = opts[corner][8]
            limit = float(constraint[1]) if isinstance(constraint, tuple) else size
            _set(dev, "tl-x" if corner == "br-x" else "tl-y", 0.0)
            _set(dev, corner, min(size, limit))


def scan(device: str, options: ScanOptions, cancel: CancelToken) -> Iterator[ScannedPage]:
    dev = _open(device)
    stop_watch = threading.Event()

    def watch() -> None:  # cancel from another thread: python-sane then returns a truncated image, no error
        while not stop_watch.is_set():
            if cancel.wait(0.05):
                _safe_cancel(dev)
                return

    watcher = threading.Thread(target=watch, name="sane-cancel", daemon=True)
    watcher.start()
    try:
        _configure(dev, device, options)
        has_fault_option = "read-return-value" in _options(dev)
        feeder = options.feeder
        number = 0
        while True:
            number += 1
            if options.max_pages is not None and number > options.max_pages:
                return
            if options.fault is not None and options.fault.before_page == number:
                if not has_fault_option:
                    raise UnsupportedOption("fault injection needs the SANE test backend", device=device)
                status = SANE_STATUS_FOR_CODE.get(options.fault.status)
                if status is None:
                    raise UnsupportedOption(f"fault {options.fault.status} has no SANE status", device=device)
                _set(dev, "read-return-value", status)
            if cancel.cancelled:
                raise ScanCancelled(device=device)
            try:
                dev.start()
                image = dev.snap()
            except Exception as exc:
                _safe_cancel(dev)
                err = map_sane_error(exc, device)
                if cancel.cancelled:
                    raise ScanCancelled(device=device) from exc
                if isinstance(err, FeederEmpty) and feeder and number > 1:
                    return  # the feeder ran out after the last sheet: a clean end of batch
                raise err from exc
            if cancel.cancelled:
                raise ScanCancelled(device=device)
            side = options.side_of(number)
            yield ScannedPage(image, options.dpi, number, side, device)
            if not feeder:
                return
    finally:
        stop_watch.set()
        _safe_cancel(dev)
        dev.close()


def _safe_cancel(dev: Any) -> None:
    try:
        dev.cancel()
    except Exception:
        pass
