"""TWAIN capability containers: the items of TW_ONEVALUE, TW_RANGE and TW_ENUMERATION (FIX32, signed and 16-bit
values) decoded to numbers and encoded back, and a filled container read as a :class:`CapValue`.

Pure data mapping over the real structures of :mod:`scanner.twain_constants`; the session
(:mod:`scanner.twain_session`) owns the memory handles around them.
"""

from __future__ import annotations

import ctypes
import struct

from scanner import twain_constants as T


def _signed(value: int, item_type: int) -> int:
    if item_type == T.TWTY_INT16:
        return value - 0x10000 if value & 0x8000 else value
    if item_type == T.TWTY_INT32:
        return value - 0x100000000 if value & 0x80000000 else value
    return value


def _fix32_bits(value: int) -> float:
    whole = value & 0xFFFF
    whole = whole - 0x10000 if whole & 0x8000 else whole
    return whole + (value >> 16) / 65536


def decode_item(raw: int, item_type: int) -> float | int:
    """A container item as a number; 16-bit items occupy the low half of a one-value's 32-bit ``Item``."""
    if item_type == T.TWTY_FIX32:
        return _fix32_bits(raw)
    return _signed(raw & 0xFFFF if T.ITEM_SIZES.get(item_type) == 2 else raw, item_type)


def encode_item(value: float | int, item_type: int) -> int:
    if item_type == T.TWTY_FIX32:
        fix = T.TW_FIX32.of(float(value))
        return (int(fix.Whole) & 0xFFFF) | (int(fix.Frac) << 16)
    return int(value) & (0xFFFF if T.ITEM_SIZES.get(item_type) == 2 else 0xFFFFFFFF)


class CapValue:
    """What MSG_GET returned for one capability: the current value and the allowed ones."""

    def __init__(self, current: float | int, values: tuple[float | int, ...] = (),
                 minimum: float | int | None = None, maximum: float | int | None = None) -> None:
        self.current, self.values, self.minimum, self.maximum = current, values, minimum, maximum


def read_container(con_type: int, address: int) -> CapValue | None:
    """A capability container the source filled at ``address`` (one-value, range or enumeration) as a CapValue;
    None for container types we do not read."""
    if con_type == T.TWON_ONEVALUE:
        one = T.TW_ONEVALUE.from_address(address)
        return CapValue(decode_item(int(one.Item), int(one.ItemType)))
    if con_type == T.TWON_RANGE:
        rng = T.TW_RANGE.from_address(address)
        kind = int(rng.ItemType)
        return CapValue(decode_item(int(rng.CurrentValue), kind), (), decode_item(int(rng.MinValue), kind),
                        decode_item(int(rng.MaxValue), kind))
    if con_type == T.TWON_ENUMERATION:
        enum = T.TW_ENUMERATION.from_address(address)
        kind, count = int(enum.ItemType), min(int(enum.NumItems), 4096)
        size = T.ITEM_SIZES.get(kind)
        if size is None:
            return None
        start = address + ctypes.sizeof(T.TW_ENUMERATION)
        raw = ctypes.string_at(start, size * count)
        fmt = "<H" if size == 2 else "<I"
        values = tuple(decode_item(struct.unpack_from(fmt, raw, i * size)[0], kind) for i in range(count))
        current = values[int(enum.CurrentIndex)] if 0 <= int(enum.CurrentIndex) < count else values[0]
        return CapValue(current, values)
    return None
