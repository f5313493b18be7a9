"""WIA properties: where a scan's document-handling properties live (WIA 1.0 root or WIA 2.0 child items), the
device's capabilities read from them, the scan options written to them, and the feeder status flags as typed errors.

Pure property mapping over :mod:`scanner.wia_boundary`; the driver (:mod:`scanner.wia`) runs it on its COM thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from scanner import wia_constants as W
from scanner.errors import CoverOpen, DeviceError, DoubleFeed, DriverCrashed, FeederEmpty, PaperJam, UnsupportedOption
from scanner.model import Capabilities, ColorMode, ScanOptions, Source
from scanner.wia_boundary import WiaDevice, WiaItem

_MM_PER_INCH = 25.4


@dataclass
class Layout:
    """Where a scan's properties live. WIA 2.0 trees have Flatbed and Feeder child items carrying their own
    document-handling properties; WIA 1.0 trees (and the compatibility layer) keep them on the root item."""

    scan_item: WiaItem
    handling: WiaItem
    wia2: bool


def find_layout(dev: WiaDevice, source: Source) -> Layout:
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
        return Layout(item, item, wia2=True)
    if not children:
        raise DriverCrashed("the WIA device has no scan item")
    return Layout(children[0], dev.root, wia2=False)


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


def configure(dev: WiaDevice, options: ScanOptions) -> Layout:
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


def _set_page_size(layout: Layout, options: ScanOptions) -> None:
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
