"""A fake TWAIN Data Source Manager with one or more sources, speaking DSM_Entry with the real twain.h structures
(scanner.twain_constants) and enforcing the specification's states 1-7: a triplet sent in the wrong state is recorded
as a violation and answered TWRC_FAILURE / TWCC_SEQERROR, as a real DSM would."""

from __future__ import annotations

import ctypes
import io
import struct
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from PIL import Image

from scanner import twain_constants as T


def page(colour: tuple[int, int, int] = (30, 120, 200), size: tuple[int, int] = (37, 23)) -> Image.Image:
    return Image.new("RGB", size, colour)


@dataclass
class FakeSource:
    name: str = "FUJITSU fi-7160"
    manufacturer: str = "PFU"
    sheets: list[Image.Image | int] = field(default_factory=list)  # an int is a condition code to fail with
    feeder: bool = True
    duplex: int = T.TWDX_1PASSDUPLEX
    feeder_loaded: bool | None = None  # None: follows the sheets
    resolutions: tuple[int, ...] = (100, 150, 200, 300, 400, 600)
    pixel_types: tuple[int, ...] = (T.TWPT_BW, T.TWPT_GRAY, T.TWPT_RGB)
    empty_enable: str = "closereq"  # what MSG_ENABLEDS does on an empty feeder: "closereq" or "nomedia"
    rows_per_strip: int = 5
    supported_sizes: tuple[int, ...] = ()  # ICAP_SUPPORTEDSIZES values; empty: the source only takes a frame
    caps: dict[int, int | float] = field(default_factory=dict)


class FakeDsm:
    def __init__(self, *sources: FakeSource) -> None:
        self.sources = list(sources) or [FakeSource()]
        self.state = 1
        self.log: list[tuple[int, int, int]] = []
        self.violations: list[str] = []
        self.messages: deque[int] = deque()
        self.memory: dict[int, ctypes.Array[ctypes.c_char]] = {}
        self.open: FakeSource | None = None
        self.cc = T.TWCC_SUCCESS
        self.enum_index = 0
        self.layout: tuple[float, float] | None = None
        self.show_ui: bool | None = None
        self.transferred = 0
        self._strip_row = 0
        self._current: Image.Image | None = None
        self.closed = False
        self.callback_registered = False

    # --- memory (DSM_MemAllocate / Lock / Unlock / Free) ---

    def alloc(self, size: int) -> int:
        buffer = ctypes.create_string_buffer(size)
        handle = ctypes.addressof(buffer)
        self.memory[handle] = buffer
        return handle

    def lock(self, handle: int) -> int:
        assert handle in self.memory, "lock of an unknown handle"
        return handle

    def unlock(self, handle: int) -> None:
        assert handle in self.memory, "unlock of an unknown handle"

    def free(self, handle: int) -> None:
        assert self.memory.pop(handle, None) is not None, "double free"

    def parent(self) -> int:
        return 0

    def register_callback(self, origin: T.TW_IDENTITY, source: T.TW_IDENTITY) -> None:
        self.callback_registered = True

    def next_message(self, origin: T.TW_IDENTITY, source: T.TW_IDENTITY, timeout: float) -> int | None:
        if not self.messages:
            return None
        message = self.messages.popleft()
        if message == T.MSG_XFERREADY:
            self.state = 6  # the source moves to state 6 as it posts MSG_XFERREADY
        return message

    def close(self) -> None:
        self.closed = True

    # --- DSM_Entry ---

    def _need(self, *states: int) -> bool:
        if self.state in states:
            return True
        self.violations.append(f"triplet {self.log[-1]} in state {self.state}")
        self.cc = T.TWCC_SEQERROR
        return False

    def _fail(self, cc: int) -> int:
        self.cc = cc
        return T.TWRC_FAILURE

    def entry(self, origin: T.TW_IDENTITY, dest: T.TW_IDENTITY | None, dg: int, dat: int, msg: int,
              data: Any) -> int:
        self.log.append((dg, dat, msg))
        if dat == T.DAT_STATUS:
            data.ConditionCode, self.cc = self.cc, T.TWCC_SUCCESS
            return T.TWRC_SUCCESS
        handler = getattr(self, f"_dat_{dat:04x}", None)
        if handler is None:
            return self._fail(T.TWCC_BADPROTOCOL)
        rc: int = handler(msg, data)
        return rc

    def _dat_0004(self, msg: int, data: Any) -> int:  # DAT_PARENT
        if msg == T.MSG_OPENDSM and self._need(1, 2):
            self.state = 3
            return T.TWRC_SUCCESS
        if msg == T.MSG_CLOSEDSM and self._need(3):
            self.state = 1
            return T.TWRC_SUCCESS
        return T.TWRC_FAILURE

    def _fill_identity(self, ident: T.TW_IDENTITY, index: int) -> None:
        source = self.sources[index]
        ident.Id = index + 1
        ident.ProductName = source.name.encode()
        ident.Manufacturer = source.manufacturer.encode()
        ident.SupportedGroups = T.DG_CONTROL | T.DG_IMAGE | T.DF_DS2
        ident.ProtocolMajor, ident.ProtocolMinor = 2, 3

    def _dat_0003(self, msg: int, data: Any) -> int:  # DAT_IDENTITY
        if msg in (T.MSG_GETFIRST, T.MSG_GETNEXT):
            if not self._need(3, 4, 5, 6, 7):
                return T.TWRC_FAILURE
            self.enum_index = 0 if msg == T.MSG_GETFIRST else self.enum_index + 1
            if self.enum_index >= len(self.sources):
                return T.TWRC_ENDOFLIST
            self._fill_identity(data, self.enum_index)
            return T.TWRC_SUCCESS
        if msg == T.MSG_OPENDS:
            if not self._need(3):
                return T.TWRC_FAILURE
            for index, source in enumerate(self.sources):
                if source.name.encode() == data.ProductName:
                    self._fill_identity(data, index)
                    self.open, self.state = source, 4
                    return T.TWRC_SUCCESS
            return self._fail(T.TWCC_NODS)
        if msg == T.MSG_CLOSEDS and self._need(4):
            self.open, self.state = None, 3
            return T.TWRC_SUCCESS
        return T.TWRC_FAILURE

    # capabilities: (container, item type, current, allowed values)
    def _cap(self, cap: int) -> tuple[int, int, float | int, tuple[float | int, ...]] | None:
        source = self.open
        assert source is not None
        loaded = bool(source.sheets) if source.feeder_loaded is None else source.feeder_loaded
        table: dict[int, tuple[int, int, float | int, tuple[float | int, ...]]] = {
            T.ICAP_XFERMECH: (T.TWON_ENUMERATION, T.TWTY_UINT16, T.TWSX_NATIVE, (T.TWSX_NATIVE, T.TWSX_MEMORY)),
            T.ICAP_PIXELTYPE: (T.TWON_ENUMERATION, T.TWTY_UINT16, T.TWPT_RGB, source.pixel_types),
            T.ICAP_XRESOLUTION: (T.TWON_ENUMERATION, T.TWTY_FIX32, 200, source.resolutions),
            T.ICAP_YRESOLUTION: (T.TWON_ENUMERATION, T.TWTY_FIX32, 200, source.resolutions),
            T.ICAP_UNITS: (T.TWON_ONEVALUE, T.TWTY_UINT16, T.TWUN_INCHES, ()),
            T.ICAP_COMPRESSION: (T.TWON_ONEVALUE, T.TWTY_UINT16, T.TWCP_NONE, ()),
            T.CAP_XFERCOUNT: (T.TWON_ONEVALUE, T.TWTY_INT16, -1, ()),
            T.CAP_INDICATORS: (T.TWON_ONEVALUE, T.TWTY_BOOL, 1, ()),
        }
        if source.supported_sizes:
            table[T.ICAP_SUPPORTEDSIZES] = (T.TWON_ENUMERATION, T.TWTY_UINT16, T.TWSS_NONE, source.supported_sizes)
        if source.feeder:
            table[T.CAP_FEEDERENABLED] = (T.TWON_ONEVALUE, T.TWTY_BOOL, 0, ())
            table[T.CAP_FEEDERLOADED] = (T.TWON_ONEVALUE, T.TWTY_BOOL, int(loaded), ())
            table[T.CAP_AUTOFEED] = (T.TWON_ONEVALUE, T.TWTY_BOOL, 1, ())
            table[T.CAP_DUPLEX] = (T.TWON_ONEVALUE, T.TWTY_UINT16, source.duplex, ())
            if source.duplex != T.TWDX_NONE:
                table[T.CAP_DUPLEXENABLED] = (T.TWON_ONEVALUE, T.TWTY_BOOL, 0, ())
        found = table.get(cap)
        if found is not None and cap in source.caps:
            found = (found[0], found[1], source.caps[cap], found[3])
        return found

    def _dat_0001(self, msg: int, data: Any) -> int:  # DAT_CAPABILITY
        if not self._need(4):
            return T.TWRC_FAILURE
        cap = self._cap(int(data.Cap))
        if cap is None:
            return self._fail(T.TWCC_CAPUNSUPPORTED)
        container, item_type, current, values = cap
        if msg == T.MSG_GET:
            if container == T.TWON_ENUMERATION:
                size = T.ITEM_SIZES[item_type]
                handle = self.alloc(ctypes.sizeof(T.TW_ENUMERATION) + size * len(values))
                enum = T.TW_ENUMERATION.from_address(handle)
                enum.ItemType, enum.NumItems = item_type, len(values)
                enum.CurrentIndex = enum.DefaultIndex = values.index(current) if current in values else 0
                fmt = "<H" if size == 2 else "<I"
                raw = b"".join(struct.pack(fmt, self._encode(v, item_type)) for v in values)
                ctypes.memmove(handle + ctypes.sizeof(T.TW_ENUMERATION), raw, len(raw))
            else:
                handle = self.alloc(ctypes.sizeof(T.TW_ONEVALUE))
                one = T.TW_ONEVALUE.from_address(handle)
                one.ItemType, one.Item = item_type, self._encode(current, item_type)
            data.ConType, data.hContainer = container, handle
            return T.TWRC_SUCCESS
        if msg == T.MSG_SET:
            if int(data.ConType) != T.TWON_ONEVALUE or int(data.hContainer or 0) not in self.memory:
                return self._fail(T.TWCC_BADVALUE)
            one = T.TW_ONEVALUE.from_address(int(data.hContainer))
            from scanner.twain_containers import decode_item

            value = decode_item(int(one.Item), int(one.ItemType))
            if values and value not in values:
                return self._fail(T.TWCC_BADVALUE)
            self.open.caps[int(data.Cap)] = value  # type: ignore[union-attr]
            return T.TWRC_SUCCESS
        return self._fail(T.TWCC_CAPBADOPERATION)

    @staticmethod
    def _encode(value: float | int, item_type: int) -> int:
        from scanner.twain_containers import encode_item

        return encode_item(value, item_type)

    def _dat_0102(self, msg: int, data: Any) -> int:  # DAT_IMAGELAYOUT
        if msg == T.MSG_SET and self._need(4):
            self.layout = (float(data.Frame.Right), float(data.Frame.Bottom))
            return T.TWRC_SUCCESS
        return T.TWRC_FAILURE

    def _feeding(self) -> bool:
        source = self.open
        assert source is not None
        return bool(source.caps.get(T.CAP_FEEDERENABLED, 0)) and source.feeder

    def _dat_0009(self, msg: int, data: Any) -> int:  # DAT_USERINTERFACE
        source = self.open
        if msg == T.MSG_ENABLEDS and self._need(4):
            assert source is not None
            self.show_ui = bool(data.ShowUI)
            if not source.sheets:
                if source.empty_enable == "nomedia":
                    return self._fail(T.TWCC_NOMEDIA)
                self.state = 5
                self.messages.append(T.MSG_CLOSEDSREQ)
                return T.TWRC_SUCCESS
            self.state = 5
            self.messages.append(T.MSG_XFERREADY)
            return T.TWRC_SUCCESS
        if msg == T.MSG_DISABLEDS and self._need(5):
            self.state = 4
            return T.TWRC_SUCCESS
        return T.TWRC_FAILURE

    def _next_sheet(self) -> Image.Image | int:
        assert self.open is not None and self.open.sheets
        return self.open.sheets[0]

    def _dat_0101(self, msg: int, data: Any) -> int:  # DAT_IMAGEINFO
        if not self._need(6):
            return T.TWRC_FAILURE
        self._current = None
        sheet = self._next_sheet()
        image = sheet if isinstance(sheet, Image.Image) else page()
        mode = {T.TWPT_RGB: "RGB", T.TWPT_GRAY: "L", T.TWPT_BW: "1"}[int(self.open.caps.get(  # type: ignore[union-attr]
            T.ICAP_PIXELTYPE, T.TWPT_RGB))]
        self._current = image.convert(mode)
        dpi = float(self.open.caps.get(T.ICAP_XRESOLUTION, 200))  # type: ignore[union-attr]
        data.XResolution = T.TW_FIX32.of(dpi)
        data.YResolution = T.TW_FIX32.of(dpi)
        data.ImageWidth, data.ImageLength = self._current.size
        data.BitsPerPixel = {"RGB": 24, "L": 8, "1": 1}[mode]
        data.SamplesPerPixel = 3 if mode == "RGB" else 1
        data.PixelType = int(self.open.caps.get(T.ICAP_PIXELTYPE, T.TWPT_RGB))  # type: ignore[union-attr]
        self._strip_row = 0
        return T.TWRC_SUCCESS

    def _dat_0006(self, msg: int, data: Any) -> int:  # DAT_SETUPMEMXFER
        if not self._need(4, 5, 6):
            return T.TWRC_FAILURE
        assert self._current is not None
        stride = self._stride()
        data.MinBufSize, data.MaxBufSize = stride, stride * 100
        data.Preferred = stride * self.open.rows_per_strip  # type: ignore[union-attr]
        return T.TWRC_SUCCESS

    def _stride(self) -> int:
        assert self._current is not None
        bits = {"RGB": 24, "L": 8, "1": 1}[self._current.mode]
        return ((self._current.width * bits + 31) // 32) * 4  # rows padded to 4 bytes, like many sources

    def _sheet_error(self) -> int | None:
        sheet = self._next_sheet()
        if isinstance(sheet, int):
            self.open.sheets.pop(0)  # type: ignore[union-attr]
            return self._fail(sheet)
        return None

    def _dat_0103(self, msg: int, data: Any) -> int:  # DAT_IMAGEMEMXFER
        if not self._need(6, 7):
            return T.TWRC_FAILURE
        if (failed := self._sheet_error()) is not None:
            self.state = 6
            return failed
        assert self._current is not None
        self.state = 7
        image, stride = self._current, self._stride()
        rows = min(int(data.Memory.Length) // stride, image.height - self._strip_row)
        raw = image.tobytes()
        row_bytes = len(raw) // image.height
        first = self._strip_row * row_bytes
        block = b"".join(raw[first + r * row_bytes:first + (r + 1) * row_bytes].ljust(stride, b"\0")
                         for r in range(rows))
        ctypes.memmove(int(data.Memory.TheMem), block, len(block))
        data.Compression, data.BytesPerRow, data.Columns = T.TWCP_NONE, stride, image.width
        data.Rows, data.XOffset, data.YOffset, data.BytesWritten = rows, 0, self._strip_row, len(block)
        self._strip_row += rows
        return T.TWRC_XFERDONE if self._strip_row >= image.height else T.TWRC_SUCCESS

    def _dat_0104(self, msg: int, data: Any) -> int:  # DAT_IMAGENATIVEXFER
        if not self._need(6):
            return T.TWRC_FAILURE
        if (failed := self._sheet_error()) is not None:
            return failed
        assert self._current is not None
        buffer = io.BytesIO()
        self._current.save(buffer, format="BMP")
        dib = buffer.getvalue()[14:]
        handle = self.alloc(len(dib))
        ctypes.memmove(handle, dib, len(dib))
        data.value = handle
        self.state = 7
        return T.TWRC_XFERDONE

    def _dat_0005(self, msg: int, data: Any) -> int:  # DAT_PENDINGXFERS
        source = self.open
        assert source is not None
        if msg == T.MSG_ENDXFER and self._need(7):
            source.sheets.pop(0)
            self.transferred += 1
            more = bool(source.sheets) and self._feeding()
            data.Count = len(source.sheets) if more else 0
            self.state = 6 if more else 5
            if not more:
                self.messages.append(T.MSG_CLOSEDSREQ)
            return T.TWRC_SUCCESS
        if msg == T.MSG_RESET and self._need(6):
            data.Count = 0
            self.state = 5
            return T.TWRC_SUCCESS
        return T.TWRC_FAILURE
