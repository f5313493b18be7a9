"""The COM boundary of the WIA driver: the few operations the driver needs, as plain Python.

:mod:`scanner.wia_com` implements it with comtypes on Windows; tests implement it with a fake built from the same
constants. Everything above it (option mapping, paging, error mapping, cancel) is in :mod:`scanner.wia` and is
tested on every platform.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class WiaHResultError(Exception):
    """A failed WIA/COM call, with its HRESULT as an unsigned 32-bit number."""

    def __init__(self, hresult: int, text: str = "") -> None:
        self.hresult = hresult & 0xFFFFFFFF
        self.text = text
        super().__init__(f"HRESULT 0x{self.hresult:08X}{': ' + text if text else ''}")


@dataclass(frozen=True)
class WiaDeviceEntry:
    device_id: str  # WIA_DIP_DEV_ID, e.g. "{6BDD1FC6-810F-11D0-BEC7-08002BE2092F}\\0001"
    name: str
    vendor: str
    device_type: int  # WiaDeviceType: 1 scanner, 2 camera, 3 video


@dataclass(frozen=True)
class Constraint:
    """A property's valid values: a list, or a range min..max by step (WIA_PROP_LIST / WIA_PROP_RANGE)."""

    values: tuple[int, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    step: int = 1

    def allows(self, value: int) -> bool:
        if self.values:
            return value in self.values
        if self.minimum is not None and value < self.minimum:
            return False
        if self.maximum is not None and value > self.maximum:
            return False
        base = self.minimum or 0
        return self.step <= 1 or (value - base) % self.step == 0


class WiaItem(Protocol):
    """A WIA item (the root item is the device itself)."""

    name: str

    def has(self, prop_id: int) -> bool: ...

    def get(self, prop_id: int) -> int | str: ...

    def set(self, prop_id: int, value: int) -> None: ...

    def constraint(self, prop_id: int) -> Constraint | None: ...

    def transfer(self, format_id: str) -> bytes:
        """Acquire one image in ``format_id`` (a WiaImgFmt GUID) and return the encoded file bytes."""
        ...


class WiaDevice(Protocol):
    root: WiaItem

    def children(self) -> list[WiaItem]: ...

    def close(self) -> None: ...


class WiaBackend(Protocol):
    def devices(self) -> list[WiaDeviceEntry]: ...

    def connect(self, device_id: str) -> WiaDevice: ...
