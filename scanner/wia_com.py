"""The real WIA boundary on Windows: the WIA Automation Library 2.0 (wiaaut.dll, ProgID ``WIA.DeviceManager``)
through comtypes' late-bound IDispatch. Imported only on Windows, on the driver's single-threaded-apartment thread.

Why the Automation Library: it is WIA's COM API with a registered type library, present on every Windows since
Vista, and it drives WIA 2.0 drivers (their Flatbed/Feeder child items and WIA_IPS_* properties are visible through
it), so comtypes needs no hand-written vtables or PROPVARIANT marshalling that could not be exercised here.
Nothing in this module has run on real hardware yet (see docs/windows.md).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from scanner.wia_boundary import Constraint, WiaDevice, WiaDeviceEntry, WiaHResultError, WiaItem
from scanner.wia_constants import WIA_S_NO_DEVICE_AVAILABLE

# WiaSubType (WIA Automation Library): how Property.SubType describes valid values.
_RANGE_SUBTYPE = 1
_LIST_SUBTYPE = 2


def enter_apartment() -> None:
    """Make the calling thread a single-threaded apartment (comtypes initialises COM on import, STA by default)."""
    import comtypes

    comtypes.CoInitializeEx(comtypes.COINIT_APARTMENTTHREADED)


def leave_apartment() -> None:
    import comtypes

    comtypes.CoUninitialize()


def _hresult(exc: BaseException) -> WiaHResultError:
    hresult = getattr(exc, "hresult", None)
    if hresult is None and exc.args and isinstance(exc.args[0], int):
        hresult = exc.args[0]
    text = str(exc.args[1]) if len(exc.args) > 1 else str(exc)
    return WiaHResultError(int(hresult if hresult is not None else 0x80004005), text)


def _guard(fn: Any, *args: Any) -> Any:
    from comtypes import COMError

    try:
        return fn(*args)
    except COMError as exc:
        raise _hresult(exc) from exc


class ComItem:
    """A WIA Automation ``Item`` (or the ``Device`` for the root): properties by ID, one-image transfers."""

    def __init__(self, obj: Any, name: str) -> None:
        self._obj = obj
        self.name = name

    def _prop(self, prop_id: int) -> Any:
        return _guard(self._obj.Properties.Item, str(prop_id))

    def has(self, prop_id: int) -> bool:
        return bool(_guard(self._obj.Properties.Exists, str(prop_id)))

    def get(self, prop_id: int) -> int | str:
        value = _guard(lambda: self._prop(prop_id).Value)
        return value if isinstance(value, int | str) else str(value)

    def set(self, prop_id: int, value: int) -> None:
        prop = self._prop(prop_id)
        _guard(setattr, prop, "Value", value)

    def constraint(self, prop_id: int) -> Constraint | None:
        if not self.has(prop_id):
            return None
        prop = self._prop(prop_id)
        subtype = int(_guard(lambda: prop.SubType))
        if subtype == _RANGE_SUBTYPE:
            return Constraint(minimum=int(prop.SubTypeMin), maximum=int(prop.SubTypeMax),
                              step=max(1, int(prop.SubTypeStep)))
        if subtype == _LIST_SUBTYPE:
            values = prop.SubTypeValues
            return Constraint(values=tuple(int(values.Item(i)) for i in range(1, int(values.Count) + 1)))
        return None

    def transfer(self, format_id: str) -> bytes:
        image_file = _guard(self._obj.Transfer, format_id)
        folder = tempfile.mkdtemp(prefix="sohoa-wia-")
        path = Path(folder) / "page.bmp"
        try:
            _guard(image_file.SaveFile, str(path))
            return path.read_bytes()
        finally:
            if path.exists():
                path.unlink()
            Path(folder).rmdir()


class ComDevice:
    def __init__(self, device: Any) -> None:
        self._device = device
        self.root: WiaItem = ComItem(device, "root")

    def children(self) -> list[WiaItem]:
        items = _guard(lambda: self._device.Items)
        return [ComItem(items.Item(i), f"item{i}") for i in range(1, int(items.Count) + 1)]

    def close(self) -> None:
        self._device = None  # the Automation Library has no Disconnect: releasing the object closes the session


class ComWiaBackend:
    def __init__(self) -> None:
        import comtypes.client

        self._manager = _guard(lambda: comtypes.client.CreateObject("WIA.DeviceManager", dynamic=True))

    def devices(self) -> list[WiaDeviceEntry]:
        infos = _guard(lambda: self._manager.DeviceInfos)
        found: list[WiaDeviceEntry] = []
        for i in range(1, int(infos.Count) + 1):
            info = infos.Item(i)
            props = info.Properties
            name = str(props.Item("Name").Value) if props.Exists("Name") else str(info.DeviceID)
            vendor = str(props.Item("Manufacturer").Value) if props.Exists("Manufacturer") else ""
            found.append(WiaDeviceEntry(str(info.DeviceID), name, vendor, int(info.Type)))
        return found

    def connect(self, device_id: str) -> WiaDevice:
        infos = _guard(lambda: self._manager.DeviceInfos)
        for i in range(1, int(infos.Count) + 1):
            info = infos.Item(i)
            if str(info.DeviceID) == device_id:
                return ComDevice(_guard(info.Connect))
        raise WiaHResultError(WIA_S_NO_DEVICE_AVAILABLE, f"no WIA device {device_id}")
