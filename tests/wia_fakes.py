"""A fake of the WIA COM boundary (scanner.wia_boundary) built from the SDK's constants: items with property IDs
and their valid values, a feeder holding sheets, and transfers that return BMP bytes or fail with real HRESULTs."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from PIL import Image

from scanner import wia_constants as W
from scanner.wia_boundary import Constraint, WiaDeviceEntry, WiaHResultError


def bmp(colour: tuple[int, int, int] = (200, 30, 30), size: tuple[int, int] = (40, 56)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="BMP")
    return buffer.getvalue()


@dataclass
class Paper:
    """What the next transfers produce: BMP bytes for a sheet side, an int for an HRESULT to raise."""

    outcomes: list[bytes | int] = field(default_factory=list)
    transfers: int = 0

    def next(self) -> bytes:
        self.transfers += 1
        if not self.outcomes:
            raise WiaHResultError(W.WIA_ERROR_PAPER_EMPTY, "no more paper")
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, int):
            raise WiaHResultError(outcome, "injected")
        return outcome


class FakeItem:
    def __init__(self, name: str, props: dict[int, int | str | Callable[[], int]] | None = None,
                 constraints: dict[int, Constraint] | None = None, paper: Paper | None = None,
                 log: list[tuple[str, str, int, int | str]] | None = None) -> None:
        self.name = name
        self.props: dict[int, int | str | Callable[[], int]] = dict(props or {})
        self.constraints = dict(constraints or {})
        self.paper = paper
        self.log = log if log is not None else []
        self.threads: set[str] = set()
        self.fail_set: dict[int, int] = {}

    def _seen(self) -> None:
        self.threads.add(threading.current_thread().name)

    def has(self, prop_id: int) -> bool:
        self._seen()
        return prop_id in self.props

    def get(self, prop_id: int) -> int | str:
        self._seen()
        if prop_id not in self.props:
            raise WiaHResultError(W.E_INVALIDARG, f"no property {prop_id}")
        value = self.props[prop_id]
        return value() if callable(value) else value

    def set(self, prop_id: int, value: int) -> None:
        self._seen()
        if prop_id in self.fail_set:
            raise WiaHResultError(self.fail_set[prop_id], f"set {prop_id}")
        if prop_id not in self.props:
            raise WiaHResultError(W.E_INVALIDARG, f"no property {prop_id}")
        constraint = self.constraints.get(prop_id)
        if constraint is not None and not constraint.allows(value):
            raise WiaHResultError(W.E_INVALIDARG, f"{prop_id}={value}")
        self.props[prop_id] = value
        self.log.append(("set", self.name, prop_id, value))

    def constraint(self, prop_id: int) -> Constraint | None:
        self._seen()
        return self.constraints.get(prop_id)

    def transfer(self, format_id: str) -> bytes:
        self._seen()
        assert format_id == W.WIA_IMG_FMT_BMP
        if self.paper is None:
            raise WiaHResultError(W.WIA_ERROR_INVALID_COMMAND, "not a scan item")
        self.log.append(("transfer", self.name, 0, 0))
        return self.paper.next()


class FakeDevice:
    def __init__(self, root: FakeItem, children: list[FakeItem]) -> None:
        self.root = root
        self._children = children
        self.closed = False

    def children(self) -> list[FakeItem]:
        return list(self._children)

    def close(self) -> None:
        self.closed = True


class FakeBackend:
    def __init__(self, devices: dict[str, FakeDevice], entries: list[WiaDeviceEntry] | None = None,
                 connect_error: int | None = None) -> None:
        self._devices = devices
        self._entries = entries
        self.connect_error = connect_error

    def devices(self) -> list[WiaDeviceEntry]:
        if self._entries is not None:
            return self._entries
        return [WiaDeviceEntry(i, f"Fake {i}", "Fake", W.SCANNER_DEVICE_TYPE) for i in self._devices]

    def connect(self, device_id: str) -> FakeDevice:
        if self.connect_error is not None:
            raise WiaHResultError(self.connect_error, "connect")
        if device_id not in self._devices:
            raise WiaHResultError(W.WIA_S_NO_DEVICE_AVAILABLE, device_id)
        return self._devices[device_id]


Log = list[tuple[str, str, int, int | str]]
SCAN_ITEM_PROPS: dict[int, int | str | Callable[[], int]] = {
    W.WIA_IPS_CUR_INTENT: 0, W.WIA_IPA_DATATYPE: W.WIA_DATA_COLOR, W.WIA_IPA_DEPTH: 24,
    W.WIA_IPS_XRES: 100, W.WIA_IPS_YRES: 100, W.WIA_IPS_XPOS: 0, W.WIA_IPS_YPOS: 0,
    W.WIA_IPS_XEXTENT: 850, W.WIA_IPS_YEXTENT: 1100,
}
SCAN_ITEM_CONSTRAINTS = {
    W.WIA_IPS_XRES: Constraint(values=(100, 150, 200, 300, 600)),
    W.WIA_IPS_YRES: Constraint(values=(100, 150, 200, 300, 600)),
    W.WIA_IPA_DATATYPE: Constraint(values=(W.WIA_DATA_THRESHOLD, W.WIA_DATA_GRAYSCALE, W.WIA_DATA_COLOR)),
    W.WIA_IPS_XEXTENT: Constraint(minimum=1, maximum=2550),
    W.WIA_IPS_YEXTENT: Constraint(minimum=1, maximum=4200),
}


def wia1_scanner(paper: Paper, capabilities: int = W.FEED | W.FLAT | W.DUP,
                 status: Callable[[Paper], int] | None = None) -> tuple[FakeDevice, Log]:
    """A WIA 1.0-style tree: document handling on the root, one scan item (what the compatibility layer shows)."""
    log: Log = []

    def feeder_status() -> int:
        if status is not None:
            return status(paper)
        return (W.FEED_READY if paper.outcomes else 0) | W.FLAT_READY

    root = FakeItem("root", {
        W.WIA_DPS_DOCUMENT_HANDLING_CAPABILITIES: capabilities,
        W.WIA_DPS_DOCUMENT_HANDLING_STATUS: feeder_status,
        W.WIA_DPS_DOCUMENT_HANDLING_SELECT: W.FLATBED,
        W.WIA_DPS_PAGES: 1, W.WIA_IPS_PAGE_SIZE: W.WIA_PAGE_LETTER, W.WIA_IPS_PAGE_WIDTH: 8500,
        W.WIA_IPS_PAGE_HEIGHT: 11000, W.WIA_DPS_HORIZONTAL_BED_SIZE: 8500, W.WIA_DPS_VERTICAL_BED_SIZE: 11700,
    }, log=log)
    item = FakeItem("Top", SCAN_ITEM_PROPS, SCAN_ITEM_CONSTRAINTS, paper=paper, log=log)
    return FakeDevice(root, [item]), log


def wia2_scanner(feeder_paper: Paper, flatbed_paper: Paper, duplex: bool = True) -> tuple[FakeDevice, Log]:
    """A WIA 2.0 tree: Flatbed and Feeder child items, each with its own properties (WIA_IPA_ITEM_CATEGORY)."""
    log: Log = []
    root = FakeItem("root", {W.WIA_DPS_HORIZONTAL_BED_SIZE: 8500, W.WIA_DPS_VERTICAL_BED_SIZE: 11700}, log=log)
    flatbed = FakeItem("Flatbed", {**SCAN_ITEM_PROPS, W.WIA_IPA_ITEM_CATEGORY: W.WIA_CATEGORY_FLATBED.lower()},
                       SCAN_ITEM_CONSTRAINTS, paper=flatbed_paper, log=log)
    feeder = FakeItem("Feeder", {
        **SCAN_ITEM_PROPS, W.WIA_IPA_ITEM_CATEGORY: W.WIA_CATEGORY_FEEDER,
        W.WIA_DPS_DOCUMENT_HANDLING_CAPABILITIES: W.FEED | (W.DUP if duplex else 0),
        W.WIA_DPS_DOCUMENT_HANDLING_STATUS: lambda: W.FEED_READY if feeder_paper.outcomes else 0,
        W.WIA_IPS_DOCUMENT_HANDLING_SELECT: W.FRONT_ONLY, W.WIA_IPS_PAGES: 0,
        W.WIA_IPS_PAGE_SIZE: W.WIA_PAGE_A4, W.WIA_IPS_PAGE_WIDTH: 8267, W.WIA_IPS_PAGE_HEIGHT: 11692,
    }, SCAN_ITEM_CONSTRAINTS, paper=feeder_paper, log=log)
    return FakeDevice(root, [flatbed, feeder]), log
