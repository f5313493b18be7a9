"""The one protocol every scanner driver implements (after NAPS2's IScanDriver)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Protocol

from scanner.errors import DeviceError
from scanner.model import CancelToken, Capabilities, DeviceInfo, ScannedPage, ScanOptions


class ScanDriver(Protocol):
    """A source of page images.

    ``scan`` yields pages one by one as they leave the device. A failure after some pages raises a
    :class:`~scanner.errors.DeviceError` from the iterator: the pages yielded before it stay valid.
    An empty feeder at the start raises ``FeederEmpty``; running out after at least one page ends the
    iteration normally.
    """

    kind: str

    def list_devices(self) -> list[DeviceInfo]: ...

    def capabilities(self, device: str) -> Capabilities: ...

    def scan(self, device: str, options: ScanOptions, cancel: CancelToken) -> Iterator[ScannedPage]: ...


PageCallback = Callable[[ScannedPage], None]


def scan_all(
    driver: ScanDriver,
    device: str,
    options: ScanOptions,
    cancel: CancelToken,
    on_page: PageCallback,
) -> tuple[int, DeviceError | None]:
    """Run a scan, handing each page to ``on_page`` as it arrives.

    Returns the number of pages delivered and the device error that ended the batch early, if any,
    so a caller can keep the pages before a jam and still report it.
    """
    count = 0
    try:
        for page in driver.scan(device, options, cancel):
            on_page(page)
            count += 1
    except DeviceError as err:
        return count, err
    return count, None
