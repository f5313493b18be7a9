"""TWAIN scanners on Windows (``twain:<product name>``) through the TWAIN 2.x Data Source Manager.

Capabilities negotiated: ICAP_XFERMECH (memory, or native DIB), CAP_FEEDERENABLED, CAP_DUPLEXENABLED,
ICAP_PIXELTYPE, ICAP_X/YRESOLUTION, CAP_XFERCOUNT, page frame; the driver's own dialog stays hidden unless
``show_ui`` is asked for. Condition codes become the typed device errors (:mod:`scanner.twain_session`).
The session lives on its own thread (:class:`~scanner.apartment.Apartment`): a TWAIN source answers the thread
that opened the DSM. This 64-bit station sees 64-bit TWAIN drivers only; see docs/windows.md for 32-bit ones.
"""

from __future__ import annotations

import logging
import os
import queue
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from scanner import twain_constants as T
from scanner.apartment import Apartment
from scanner.errors import DeviceError, DeviceNotFound, FeederEmpty, ScanCancelled, UnsupportedOption
from scanner.file_import import convert_mode
from scanner.model import CancelToken, Capabilities, ColorMode, DeviceInfo, ScannedPage, ScanOptions, Source
from scanner.twain_dsm import WindowsDsm
from scanner.twain_session import TwainDsm, TwainSession

log = logging.getLogger("sohoa.scanner.twain")
R = TypeVar("R")

_MM_PER_INCH = 25.4
PIXEL_TYPES = {ColorMode.COLOR: T.TWPT_RGB, ColorMode.GRAY: T.TWPT_GRAY, ColorMode.BW: T.TWPT_BW}


def _windows_dsm() -> TwainDsm:
    return WindowsDsm()


def thirty_two_bit_sources(windir: str | None = None) -> list[str]:
    """TWAIN data sources installed only for 32-bit programs (``%WINDIR%\\twain_32``), which this 64-bit station
    cannot load; the self-check names them so the admin installs the vendor's 64-bit driver or uses WIA."""
    folder = Path(windir or os.environ.get("WINDIR", r"C:\Windows")) / "twain_32"
    if not folder.is_dir():
        return []
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*.ds"))


class TwainDriver:
    kind = "twain"

    def __init__(self, dsm_factory: Callable[[], TwainDsm] | None = None, transfer: str = "memory",
                 show_ui: bool = False, ready_timeout_s: float = 120.0) -> None:
        self._native = dsm_factory is None
        self._factory = dsm_factory or _windows_dsm
        self.transfer = transfer
        self.show_ui = show_ui
        self.ready_timeout_s = ready_timeout_s

    def _available(self) -> bool:
        return not self._native or sys.platform == "win32"

    def _run(self, fn: Callable[[TwainSession], R], device: str = "") -> R:
        """Open a session on a fresh TWAIN thread, run ``fn`` there, and close the session whatever happens."""
        with Apartment("sohoa-twain") as thread:
            result: R = thread.call(self._run_here, fn, device)
            return result

    def list_devices(self) -> list[DeviceInfo]:
        if not self._available():
            return []
        try:
            found = self._run(lambda s: [(i.ProductName.decode("latin-1"), i.Manufacturer.decode("latin-1"))
                                         for i in s.sources()])
        except (DeviceError, OSError) as exc:
            log.warning("TWAIN device list failed: %s", exc)
            return []
        return [DeviceInfo(f"twain:{name}", vendor, name, self.kind) for name, vendor in found]

    def capabilities(self, device: str) -> Capabilities:
        self._require(device)

        def describe(session: TwainSession) -> Capabilities:
            session.open_source(device.removeprefix("twain:"))
            sources = [Source.FLATBED]
            feeder = session.get(T.CAP_FEEDERENABLED)
            if feeder is not None:
                sources.append(Source.ADF)
                duplex = session.get(T.CAP_DUPLEX)
                if duplex is not None and int(duplex.current) != T.TWDX_NONE:
                    sources.append(Source.ADF_DUPLEX)
            pixel = session.get(T.ICAP_PIXELTYPE)
            allowed = set(pixel.values or (pixel.current,)) if pixel is not None else set(PIXEL_TYPES.values())
            modes = tuple(mode for mode, value in PIXEL_TYPES.items() if value in allowed)
            xres = session.get(T.ICAP_XRESOLUTION)
            values: tuple[int, ...] = ()
            dpi_range = None
            if xres is not None and xres.values:
                values = tuple(sorted({round(v) for v in xres.values}))
            elif xres is not None and xres.minimum is not None and xres.maximum is not None:
                dpi_range = (round(xres.minimum), round(xres.maximum))
            return Capabilities(tuple(sources), modes, values, dpi_range)

        return self._run(describe, device)

    def scan(self, device: str, options: ScanOptions, cancel: CancelToken) -> Iterator[ScannedPage]:
        """The session runs on its own thread; pages cross to the caller through a small queue as they arrive."""
        self._require(device)
        pages: queue.Queue[ScannedPage | BaseException | None] = queue.Queue(maxsize=4)
        stop = threading.Event()
        stopped = lambda: cancel.cancelled or stop.is_set()  # noqa: E731

        def deliver(item: ScannedPage | BaseException | None) -> bool:
            while not stop.is_set():
                try:
                    pages.put(item, timeout=0.2)
                    return True
                except queue.Full:
                    continue
            return False

        def pump(session: TwainSession) -> None:
            for page in self._scan(session, device, options, stopped):
                if not deliver(page):
                    return

        def produce() -> None:
            try:
                self._run_here(pump, device)
                deliver(None)
            except BaseException as exc:
                deliver(exc)

        worker = threading.Thread(target=produce, name="sohoa-twain-scan", daemon=True)
        worker.start()
        try:
            while (item := pages.get()) is not None:
                if isinstance(item, BaseException):
                    raise item
                yield item
                if cancel.cancelled:  # pages the source already sent after the cancel are not delivered
                    raise ScanCancelled(device=device)
        finally:
            stop.set()
            worker.join(30)

    def _run_here(self, fn: Callable[[TwainSession], R], device: str) -> R:
        try:
            dsm = self._factory()
        except OSError as exc:  # TWAINDSM.dll missing: no TWAIN driver was ever installed on this PC
            raise DeviceNotFound(f"TWAIN DSM unavailable: {exc}", device=device) from exc
        session = TwainSession(dsm, device)
        try:
            session.open_manager()
            return fn(session)
        finally:
            session.close()
            dsm.close()

    def _require(self, device: str) -> None:
        if not device.startswith("twain:") or not self._available():
            raise DeviceNotFound("TWAIN is available on Windows only", device=device)

    def _scan(self, session: TwainSession, device: str, options: ScanOptions,
              cancelled: Callable[[], bool]) -> Iterator[ScannedPage]:
        session.open_source(device.removeprefix("twain:"))
        feeder = options.feeder
        negotiate(session, options, self.transfer)
        if feeder:
            loaded = session.get(T.CAP_FEEDERLOADED)
            if loaded is not None and not loaded.current:
                raise FeederEmpty("CAP_FEEDERLOADED is FALSE", device=device)
        session.enable(self.show_ui)
        if not session.wait_ready(cancelled, self.ready_timeout_s):
            if feeder:
                raise FeederEmpty("the source closed before any image", device=device)
            raise ScanCancelled("the source closed before any image", device=device)
        sequence = 0
        while True:
            info = session.image_info()
            image = session.transfer_native() if self.transfer == "native" else session.transfer_memory(info)
            pending = session.end_transfer()
            sequence += 1
            dpi = round(float(info.XResolution)) or options.dpi
            side = options.side_of(sequence)
            yield ScannedPage(convert_mode(image, options.mode), dpi, sequence, side, device)
            if cancelled():
                raise ScanCancelled(device=device)
            if pending == 0 or not feeder or (options.max_pages is not None and sequence >= options.max_pages):
                return


def negotiate(session: TwainSession, options: ScanOptions, transfer: str) -> None:
    """Capabilities in the order the specification asks: mechanism and source first, then image settings."""
    feeder, duplex = options.feeder, options.duplex
    mech = T.TWSX_NATIVE if transfer == "native" else T.TWSX_MEMORY
    session.set(T.ICAP_XFERMECH, T.TWTY_UINT16, mech, required=True, what="ICAP_XFERMECH")
    if session.get(T.CAP_FEEDERENABLED) is not None:
        session.set(T.CAP_FEEDERENABLED, T.TWTY_BOOL, int(feeder), required=True, what="CAP_FEEDERENABLED")
        if feeder:
            session.set(T.CAP_AUTOFEED, T.TWTY_BOOL, 1, required=False)
    elif feeder:
        raise UnsupportedOption("the scanner has no document feeder", device=session.device)
    if duplex:
        support = session.get(T.CAP_DUPLEX)
        if support is None or int(support.current) == T.TWDX_NONE:
            raise UnsupportedOption("the feeder cannot scan both sides", device=session.device)
    if session.get(T.CAP_DUPLEXENABLED) is not None:
        session.set(T.CAP_DUPLEXENABLED, T.TWTY_BOOL, int(duplex), required=duplex, what="CAP_DUPLEXENABLED")
    session.set(T.CAP_INDICATORS, T.TWTY_BOOL, 0, required=False)
    if mech == T.TWSX_MEMORY:
        session.set(T.ICAP_COMPRESSION, T.TWTY_UINT16, T.TWCP_NONE, required=False)
    session.set(T.ICAP_PIXELTYPE, T.TWTY_UINT16, PIXEL_TYPES[options.mode], required=True, what="ICAP_PIXELTYPE")
    session.set(T.ICAP_UNITS, T.TWTY_UINT16, T.TWUN_INCHES, required=False)
    session.set(T.ICAP_XRESOLUTION, T.TWTY_FIX32, options.dpi, required=True, what="ICAP_XRESOLUTION")
    session.set(T.ICAP_YRESOLUTION, T.TWTY_FIX32, options.dpi, required=True, what="ICAP_YRESOLUTION")
    if not (options.is_a4 and session.set(T.ICAP_SUPPORTEDSIZES, T.TWTY_UINT16, T.TWSS_A4, required=False)):
        session.set_layout(options.page_width_mm / _MM_PER_INCH, options.page_height_mm / _MM_PER_INCH)
    count = options.max_pages if feeder and options.max_pages else (-1 if feeder else 1)
    session.set(T.CAP_XFERCOUNT, T.TWTY_INT16, count, required=False)


