"""The real TWAIN boundary on Windows: TWAINDSM.dll (the TWAIN Working Group's 2.x Data Source Manager, installed
with every current scanner driver) through ctypes, a hidden window as the parent, and the Win32 message pump that
TWAIN sources use to announce MSG_XFERREADY / MSG_CLOSEDSREQ.

Why ctypes and not pytwain: the boundary is one C function plus memory and message helpers, so the state machine
above it (scanner.twain_session) stays ours and is tested against a fake DSM with the same structures; pytwain
keeps the state machine and its window handling inside, where no fake can reach. Not yet run on real hardware.
"""

from __future__ import annotations

import collections
import ctypes
import sys
from typing import Any

from scanner import twain_constants as T

GHND = 0x0042  # GMEM_MOVEABLE | GMEM_ZEROINIT: what DSM_MemAllocate does on Windows
PM_REMOVE = 0x0001
QS_ALLINPUT = 0x04FF


class TW_CALLBACK(T._Packed):
    _fields_ = [("CallBackProc", T.TW_MEMREF), ("RefCon", T.TW_UINT32), ("Message", T.TW_INT16)]


class WindowsDsm:
    """DSM_Entry and friends for one session; create and use it on a single thread."""

    _entry: Any
    _hwnd: int | None
    _callback: Any

    def __init__(self, library: str = "TWAINDSM.dll") -> None:
        if sys.platform != "win32":
            raise OSError("the TWAIN DSM exists on Windows only")
        from ctypes import wintypes

        self._wintypes = wintypes
        dsm: Any = ctypes.WinDLL(library)  # type: ignore[attr-defined]
        self._entry = dsm.DSM_Entry
        self._entry.argtypes = [ctypes.POINTER(T.TW_IDENTITY), ctypes.POINTER(T.TW_IDENTITY), T.TW_UINT32,
                                T.TW_UINT16, T.TW_UINT16, ctypes.c_void_p]
        self._entry.restype = T.TW_UINT16
        self._kernel32: Any = ctypes.WinDLL("kernel32")  # type: ignore[attr-defined]
        self._user32: Any = ctypes.WinDLL("user32")  # type: ignore[attr-defined]
        self._kernel32.GlobalAlloc.restype = ctypes.c_void_p
        self._kernel32.GlobalAlloc.argtypes = [ctypes.c_uint, ctypes.c_size_t]
        self._kernel32.GlobalLock.restype = ctypes.c_void_p
        self._kernel32.GlobalLock.argtypes = [ctypes.c_void_p]
        self._kernel32.GlobalUnlock.argtypes = [ctypes.c_void_p]
        self._kernel32.GlobalFree.argtypes = [ctypes.c_void_p]
        self._user32.CreateWindowExW.restype = ctypes.c_void_p
        self._user32.CreateWindowExW.argtypes = [wintypes.DWORD, wintypes.LPCWSTR, wintypes.LPCWSTR, wintypes.DWORD,
                                                 ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                                                 ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
        self._user32.DestroyWindow.argtypes = [ctypes.c_void_p]
        self._hwnd = self._user32.CreateWindowExW(0, "STATIC", "SoHoa TWAIN", 0, 0, 0, 0, 0, None, None, None, None)
        self._messages: collections.deque[int] = collections.deque()
        proto = ctypes.WINFUNCTYPE(  # type: ignore[attr-defined]
            T.TW_UINT16, ctypes.POINTER(T.TW_IDENTITY), ctypes.POINTER(T.TW_IDENTITY), T.TW_UINT32, T.TW_UINT16,
            T.TW_UINT16, ctypes.c_void_p)
        self._callback = proto(self._on_callback)

    def _on_callback(self, origin: Any, dest: Any, dg: int, dat: int, msg: int, data: Any) -> int:
        if msg:
            self._messages.append(int(msg))
        return T.TWRC_SUCCESS

    def entry(self, origin: T.TW_IDENTITY, dest: T.TW_IDENTITY | None, dg: int, dat: int, msg: int,
              data: Any) -> int:
        pointer = ctypes.cast(ctypes.byref(data), ctypes.c_void_p) if data is not None else None
        return int(self._entry(ctypes.byref(origin), ctypes.byref(dest) if dest is not None else None,
                               dg, dat, msg, pointer))

    def parent(self) -> int:
        return int(self._hwnd or 0)

    def register_callback(self, origin: T.TW_IDENTITY, source: T.TW_IDENTITY) -> None:
        callback = TW_CALLBACK(ctypes.cast(self._callback, ctypes.c_void_p), 0, 0)
        self.entry(origin, source, T.DG_CONTROL, T.DAT_CALLBACK, T.MSG_REGISTER_CALLBACK, callback)

    def next_message(self, origin: T.TW_IDENTITY, source: T.TW_IDENTITY, timeout: float) -> int | None:
        """Pump this thread's window messages through MSG_PROCESSEVENT until the source says something."""
        msg = self._wintypes.MSG()
        self._user32.MsgWaitForMultipleObjects(0, None, False, int(timeout * 1000), QS_ALLINPUT)
        while self._user32.PeekMessageW(ctypes.byref(msg), None, 0, 0, PM_REMOVE):
            event = T.TW_EVENT(ctypes.cast(ctypes.byref(msg), ctypes.c_void_p), 0)
            rc = self.entry(origin, source, T.DG_CONTROL, T.DAT_EVENT, T.MSG_PROCESSEVENT, event)
            if rc == T.TWRC_DSEVENT:
                if event.TWMessage:
                    self._messages.append(int(event.TWMessage))
            else:
                self._user32.TranslateMessage(ctypes.byref(msg))
                self._user32.DispatchMessageW(ctypes.byref(msg))
        return self._messages.popleft() if self._messages else None

    def alloc(self, size: int) -> int:
        handle = self._kernel32.GlobalAlloc(GHND, size)
        if not handle:
            raise MemoryError("GlobalAlloc failed")
        return int(handle)

    def lock(self, handle: int) -> int:
        return int(self._kernel32.GlobalLock(handle) or 0)

    def unlock(self, handle: int) -> None:
        self._kernel32.GlobalUnlock(handle)

    def free(self, handle: int) -> None:
        self._kernel32.GlobalFree(handle)

    def close(self) -> None:
        if self._hwnd:
            self._user32.DestroyWindow(self._hwnd)
            self._hwnd = None
