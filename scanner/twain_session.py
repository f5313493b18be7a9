"""One TWAIN session, walking the specification's state machine (1 pre-session … 7 transferring) against a Data
Source Manager boundary: open the DSM, pick a source, negotiate capabilities, enable without the driver's UI,
transfer images (native DIB or buffered memory), and always step back down to state 1.

The boundary (:class:`TwainDsm`) is ``DSM_Entry`` plus the DSM's memory functions and the event pump; the real one is
:mod:`scanner.twain_dsm` (Windows), the fake one is in tests/. The structures passed through it are the real ones;
capability containers are read and written by :mod:`scanner.twain_containers`.
"""

from __future__ import annotations

import ctypes
import io
import struct
import time
from collections.abc import Callable
from typing import Any, Protocol

from PIL import Image

from scanner import twain_constants as T
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
)
from scanner.twain_containers import CapValue, encode_item, read_container

CONDITION_ERRORS: dict[int, type[DeviceError]] = {
    T.TWCC_BUMMER: UnknownDeviceError,
    T.TWCC_LOWMEMORY: UnknownDeviceError,
    T.TWCC_NODS: DeviceNotFound,
    T.TWCC_MAXCONNECTIONS: DeviceBusy,
    T.TWCC_OPERATIONERROR: DeviceIOError,
    T.TWCC_BADCAP: UnsupportedOption,
    T.TWCC_BADPROTOCOL: UnknownDeviceError,
    T.TWCC_BADVALUE: UnsupportedOption,
    T.TWCC_SEQERROR: UnknownDeviceError,
    T.TWCC_BADDEST: DeviceNotFound,
    T.TWCC_CAPUNSUPPORTED: UnsupportedOption,
    T.TWCC_CAPBADOPERATION: UnsupportedOption,
    T.TWCC_CAPSEQERROR: UnsupportedOption,
    T.TWCC_DENIED: AccessDenied,
    T.TWCC_PAPERJAM: PaperJam,
    T.TWCC_PAPERDOUBLEFEED: DoubleFeed,
    T.TWCC_CHECKDEVICEONLINE: DeviceNotFound,
    T.TWCC_INTERLOCK: CoverOpen,
    T.TWCC_DAMAGEDCORNER: PaperJam,
    T.TWCC_FOCUSERROR: UnknownDeviceError,
    T.TWCC_DOCTOOLIGHT: UnknownDeviceError,
    T.TWCC_DOCTOODARK: UnknownDeviceError,
    T.TWCC_NOMEDIA: FeederEmpty,
}
CONDITION_NAMES = {value: name for name, value in vars(T).items() if name.startswith("TWCC_")}
RETURN_NAMES = {value: name for name, value in vars(T).items() if name.startswith("TWRC_")}


def map_condition(rc: int, cc: int, what: str, device: str = "") -> DeviceError:
    """The typed error for a failed triplet: return code ``rc`` with condition code ``cc``."""
    native = f"TWAIN {what}: {RETURN_NAMES.get(rc, rc)}/{CONDITION_NAMES.get(cc, cc)}"
    if rc in (T.TWRC_BUSY, T.TWRC_SCANNERLOCKED):
        return DeviceBusy(native, device=device)
    if rc == T.TWRC_CANCEL:
        return ScanCancelled(native, device=device)
    return CONDITION_ERRORS.get(cc, UnknownDeviceError)(native, device=device)


class TwainDsm(Protocol):
    def entry(self, origin: T.TW_IDENTITY, dest: T.TW_IDENTITY | None, dg: int, dat: int, msg: int,
              data: Any) -> int:
        """DSM_Entry(pOrigin, pDest, DG, DAT, MSG, pData); ``data`` is the ctypes object pData points to."""
        ...

    def parent(self) -> int: ...

    def register_callback(self, origin: T.TW_IDENTITY, source: T.TW_IDENTITY) -> None: ...

    def next_message(self, origin: T.TW_IDENTITY, source: T.TW_IDENTITY, timeout: float) -> int | None:
        """The next TWAIN message from the source (MSG_XFERREADY, MSG_CLOSEDSREQ …), or None after ``timeout``."""
        ...

    def alloc(self, size: int) -> int: ...

    def lock(self, handle: int) -> int: ...

    def unlock(self, handle: int) -> None: ...

    def free(self, handle: int) -> None: ...

    def close(self) -> None: ...


def app_identity() -> T.TW_IDENTITY:
    ident = T.TW_IDENTITY()
    ident.Version.MajorNum, ident.Version.MinorNum = 0, 1
    ident.Version.Language, ident.Version.Country = 113, 84  # TWLG_VIETNAMESE, TWCY_VIETNAM
    ident.Version.Info = b"SoHoa"
    ident.ProtocolMajor, ident.ProtocolMinor = T.TWON_PROTOCOLMAJOR, T.TWON_PROTOCOLMINOR
    ident.SupportedGroups = T.DG_CONTROL | T.DG_IMAGE | T.DF_APP2
    ident.Manufacturer, ident.ProductFamily, ident.ProductName = b"SoHoa", b"SoHoa", b"SoHoa"
    return ident


class TwainSession:
    """The state machine of one session; every call must come from the thread that created it."""

    def __init__(self, dsm: TwainDsm, device: str = "") -> None:
        self.dsm = dsm
        self.device = device
        self.app = app_identity()
        self.source: T.TW_IDENTITY | None = None
        self.state = 1

    # --- basic calls ---

    def call(self, dg: int, dat: int, msg: int, data: Any, dest: T.TW_IDENTITY | None = None) -> int:
        return self.dsm.entry(self.app, dest, dg, dat, msg, data)

    def condition(self, to_source: bool = True) -> int:
        status = T.TW_STATUS()
        self.call(T.DG_CONTROL, T.DAT_STATUS, T.MSG_GET, status, self.source if to_source else None)
        return int(status.ConditionCode)

    def fail(self, rc: int, what: str, to_source: bool = True) -> DeviceError:
        return map_condition(rc, self.condition(to_source), what, self.device)

    # --- states 1-4 ---

    def open_manager(self) -> None:
        parent = ctypes.c_void_p(self.dsm.parent() or None)
        rc = self.call(T.DG_CONTROL, T.DAT_PARENT, T.MSG_OPENDSM, parent)
        if rc != T.TWRC_SUCCESS:
            raise DeviceNotFound(f"TWAIN DSM refused to open: {RETURN_NAMES.get(rc, rc)}", device=self.device)
        self.state = 3

    def sources(self) -> list[T.TW_IDENTITY]:
        found: list[T.TW_IDENTITY] = []
        ident = T.TW_IDENTITY()
        rc = self.call(T.DG_CONTROL, T.DAT_IDENTITY, T.MSG_GETFIRST, ident)
        while rc == T.TWRC_SUCCESS and len(found) < 256:
            found.append(ident)
            ident = T.TW_IDENTITY()
            rc = self.call(T.DG_CONTROL, T.DAT_IDENTITY, T.MSG_GETNEXT, ident)
        return found

    def open_source(self, product_name: str) -> None:
        for ident in self.sources():
            if ident.ProductName.decode("latin-1") == product_name:
                break
        else:
            raise DeviceNotFound(f"no TWAIN source named {product_name!r}", device=self.device)
        rc = self.call(T.DG_CONTROL, T.DAT_IDENTITY, T.MSG_OPENDS, ident)
        if rc != T.TWRC_SUCCESS:
            raise self.fail(rc, "MSG_OPENDS", to_source=False)
        self.source = ident
        self.state = 4
        if ident.SupportedGroups & T.DF_DS2:
            self.dsm.register_callback(self.app, ident)

    # --- capabilities (state 4) ---

    def get(self, cap: int) -> CapValue | None:
        """MSG_GET of one capability, or None when the source does not support it."""
        capability = T.TW_CAPABILITY(cap, 0xFFFF, None)  # ConType TWON_DONTCARE16: the source allocates
        rc = self.call(T.DG_CONTROL, T.DAT_CAPABILITY, T.MSG_GET, capability, self.source)
        if rc != T.TWRC_SUCCESS:
            self.condition()
            return None
        handle = int(capability.hContainer or 0)
        if not handle:
            return None
        try:
            return read_container(int(capability.ConType), self.dsm.lock(handle))
        finally:
            self.dsm.unlock(handle)
            self.dsm.free(handle)

    def set(self, cap: int, item_type: int, value: float | int, required: bool, what: str = "") -> bool:
        """MSG_SET with a one-value container; an unsupported required capability is an UnsupportedOption."""
        handle = self.dsm.alloc(ctypes.sizeof(T.TW_ONEVALUE))
        try:
            one = T.TW_ONEVALUE.from_address(self.dsm.lock(handle))
            one.ItemType, one.Item = item_type, encode_item(value, item_type)
            self.dsm.unlock(handle)
            capability = T.TW_CAPABILITY(cap, T.TWON_ONEVALUE, handle)
            rc = self.call(T.DG_CONTROL, T.DAT_CAPABILITY, T.MSG_SET, capability, self.source)
        finally:
            self.dsm.free(handle)
        if rc in (T.TWRC_SUCCESS, T.TWRC_CHECKSTATUS):
            return True
        cc = self.condition()
        if required:
            raise map_condition(rc, cc if cc else T.TWCC_BADVALUE, f"set {what or hex(cap)}={value}", self.device)
        return False

    def set_layout(self, width_in: float, height_in: float) -> None:
        layout = T.TW_IMAGELAYOUT()
        layout.Frame.Right, layout.Frame.Bottom = T.TW_FIX32.of(width_in), T.TW_FIX32.of(height_in)
        layout.DocumentNumber = layout.PageNumber = layout.FrameNumber = 0xFFFFFFFF
        rc = self.call(T.DG_IMAGE, T.DAT_IMAGELAYOUT, T.MSG_SET, layout, self.source)
        if rc not in (T.TWRC_SUCCESS, T.TWRC_CHECKSTATUS):
            self.condition()

    # --- states 5-7 ---

    def enable(self, show_ui: bool) -> None:
        ui = T.TW_USERINTERFACE(int(show_ui), 0, self.dsm.parent() or None)
        rc = self.call(T.DG_CONTROL, T.DAT_USERINTERFACE, T.MSG_ENABLEDS, ui, self.source)
        if rc not in (T.TWRC_SUCCESS, T.TWRC_CHECKSTATUS):
            raise self.fail(rc, "MSG_ENABLEDS")
        self.state = 5

    def wait_ready(self, cancelled: Callable[[], bool], timeout: float) -> bool:
        """True at MSG_XFERREADY (state 6); False when the source asks to close before any image."""
        deadline = time.monotonic() + timeout
        while not cancelled():
            if time.monotonic() > deadline:
                raise DeviceIOError("TWAIN source sent no image in time", device=self.device)
            assert self.source is not None
            message = self.dsm.next_message(self.app, self.source, 0.2)
            if message == T.MSG_XFERREADY:
                self.state = 6
                return True
            if message in (T.MSG_CLOSEDSREQ, T.MSG_CLOSEDSOK):
                return False
        raise ScanCancelled(device=self.device)

    def image_info(self) -> T.TW_IMAGEINFO:
        info = T.TW_IMAGEINFO()
        rc = self.call(T.DG_IMAGE, T.DAT_IMAGEINFO, T.MSG_GET, info, self.source)
        if rc != T.TWRC_SUCCESS:
            raise self.fail(rc, "DAT_IMAGEINFO")
        return info

    def transfer_native(self) -> Image.Image:
        handle = ctypes.c_void_p()
        self.state = 7
        rc = self.call(T.DG_IMAGE, T.DAT_IMAGENATIVEXFER, T.MSG_GET, handle, self.source)
        if rc != T.TWRC_XFERDONE:
            self.state = 6
            raise self.fail(rc, "DAT_IMAGENATIVEXFER")
        dib_handle = int(handle.value or 0)
        try:
            address = self.dsm.lock(dib_handle)
            return dib_to_image(ctypes.string_at(address, dib_size_at(address)))
        finally:
            self.dsm.unlock(dib_handle)
            self.dsm.free(dib_handle)

    def transfer_memory(self, info: T.TW_IMAGEINFO) -> Image.Image:
        setup = T.TW_SETUPMEMXFER()
        rc = self.call(T.DG_CONTROL, T.DAT_SETUPMEMXFER, T.MSG_GET, setup, self.source)
        if rc != T.TWRC_SUCCESS:
            raise self.fail(rc, "DAT_SETUPMEMXFER")
        size = max(int(setup.Preferred) or int(setup.MaxBufSize) or 65536, int(setup.MinBufSize), 1024)
        buffer = ctypes.create_string_buffer(size)
        width, bpp = int(info.ImageWidth), int(info.BitsPerPixel)
        row_bytes = (width * bpp + 7) // 8
        rows: dict[int, bytes] = {}
        self.state = 7
        for _ in range(1_000_000):
            block = T.TW_IMAGEMEMXFER(0xFFFF, *(0xFFFFFFFF,) * 6)
            block.Memory = T.TW_MEMORY(T.TWMF_APPOWNS | T.TWMF_POINTER, size, ctypes.addressof(buffer))
            rc = self.call(T.DG_IMAGE, T.DAT_IMAGEMEMXFER, T.MSG_GET, block, self.source)
            if rc not in (T.TWRC_SUCCESS, T.TWRC_XFERDONE):
                self.state = 6
                raise self.fail(rc, "DAT_IMAGEMEMXFER")
            stride, y0 = int(block.BytesPerRow), int(block.YOffset)
            if int(block.Columns) != width or int(block.XOffset) != 0:
                raise UnsupportedOption("tiled TWAIN memory transfer", device=self.device)
            raw = buffer.raw  # a copy of the whole buffer each time it is read: once per block, not per row
            for r in range(int(block.Rows)):
                rows[y0 + r] = raw[r * stride:r * stride + row_bytes]
            if rc == T.TWRC_XFERDONE:
                break
        height = int(info.ImageLength) if int(info.ImageLength) > 0 else len(rows)
        data = b"".join(rows.get(y, b"\xff" * row_bytes) for y in range(height))
        mode = {1: "1", 8: "L", 24: "RGB"}.get(bpp)
        if mode is None:
            raise UnsupportedOption(f"{bpp} bits per pixel", device=self.device)
        return Image.frombytes(mode, (width, height), data)

    def end_transfer(self) -> int:
        """MSG_ENDXFER: the number of images still pending (0xFFFF when the source does not know)."""
        pending = T.TW_PENDINGXFERS()
        rc = self.call(T.DG_CONTROL, T.DAT_PENDINGXFERS, T.MSG_ENDXFER, pending, self.source)
        if rc != T.TWRC_SUCCESS:
            raise self.fail(rc, "MSG_ENDXFER")
        self.state = 6 if pending.Count else 5
        return int(pending.Count)

    def close(self) -> None:
        """Back to state 1 from wherever the session is; each step is attempted even if an earlier one failed."""
        if self.state >= 6:
            self.call(T.DG_CONTROL, T.DAT_PENDINGXFERS, T.MSG_RESET, T.TW_PENDINGXFERS(), self.source)
            self.state = 5
        if self.state == 5:
            ui = T.TW_USERINTERFACE(0, 0, self.dsm.parent() or None)
            self.call(T.DG_CONTROL, T.DAT_USERINTERFACE, T.MSG_DISABLEDS, ui, self.source)
            self.state = 4
        if self.state == 4 and self.source is not None:
            self.call(T.DG_CONTROL, T.DAT_IDENTITY, T.MSG_CLOSEDS, self.source)
            self.source = None
            self.state = 3
        if self.state == 3:
            self.call(T.DG_CONTROL, T.DAT_PARENT, T.MSG_CLOSEDSM, ctypes.c_void_p(self.dsm.parent() or None))
            self.state = 1


_BITMAPINFOHEADER = struct.Struct("<IiiHHIIiiII")


def dib_size_at(address: int) -> int:
    """Total size of a packed DIB (header, colour table, pixels) at ``address``."""
    header = _BITMAPINFOHEADER.unpack(ctypes.string_at(address, _BITMAPINFOHEADER.size))
    return _dib_size(header)


def _dib_size(header: tuple[int, ...]) -> int:
    size, width, height, _, bits, _, image_size, _, _, colours, _ = header
    palette = colours or (1 << bits if bits <= 8 else 0)
    stride = ((width * bits + 31) // 32) * 4
    return int(size + palette * 4 + (image_size or stride * abs(height)))


def dib_to_image(dib: bytes) -> Image.Image:
    """A packed DIB (what DAT_IMAGENATIVEXFER hands over on Windows) as an image: add the BMP file header."""
    header = _BITMAPINFOHEADER.unpack_from(dib)
    palette = header[9] or (1 << header[4] if header[4] <= 8 else 0)
    offset = 14 + header[0] + palette * 4
    bmp = b"BM" + struct.pack("<IHHI", 14 + len(dib), 0, 0, offset) + dib
    try:
        with Image.open(io.BytesIO(bmp)) as img:
            img.load()
            return img.copy()
    except (OSError, ValueError) as exc:
        raise DriverCrashed(f"unreadable native TWAIN image: {exc}") from exc
