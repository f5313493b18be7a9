"""SANE driver bridge: runs :mod:`scanner.sane_backend` in a worker process.

A SANE backend is native code that can crash; NAPS2 runs it out of process for the same reason. Pages cross
the process boundary as raw pixels; a crash of the worker ends the batch with ``DriverCrashed`` and keeps the
pages delivered before it.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from collections.abc import Iterator
from multiprocessing.connection import Connection
from typing import Any

from PIL import Image

from scanner import sane_backend
from scanner.errors import DeviceError, DriverCrashed, ScanCancelled, error_from_code
from scanner.model import CancelToken, Capabilities, DeviceInfo, ScannedPage, ScanOptions, Side

_LIST_TIMEOUT_S = 30.0


def _send_error(conn: Connection, err: BaseException) -> None:
    if isinstance(err, DeviceError):
        conn.send(("error", err.code, err.native))
    else:
        conn.send(("error", "unknown", f"{type(err).__name__}: {err}"))


def _worker(conn: Connection, request: tuple[Any, ...], cancel_event: Any) -> None:
    command = request[0]
    try:
        if command == "list":
            conn.send(("devices", [d.as_dict() for d in sane_backend.list_devices()]))
        elif command == "caps":
            conn.send(("caps", sane_backend.capabilities(request[1])))
        elif command == "scan":
            _, device, options = request
            token = _SharedFlagToken(cancel_event)
            for page in sane_backend.scan(device, options, token):
                img = page.image
                conn.send(("page", page.sequence, page.side.value, page.dpi, img.mode, img.size, img.tobytes()))
            conn.send(("done",))
    except BaseException as exc:
        _send_error(conn, exc)
    finally:
        conn.close()


class _SharedFlagToken(CancelToken):
    """A CancelToken backed by a shared byte the parent sets. Not a multiprocessing Event: setting one whose
    waiter has exited blocks forever in Condition.notify."""

    def __init__(self, flag: Any) -> None:
        super().__init__()
        self._flag = flag

    @property
    def cancelled(self) -> bool:
        return bool(self._flag.value)

    def cancel(self) -> None:
        self._flag.value = 1

    def wait(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while not self.cancelled:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            time.sleep(min(0.02, remaining))
        return True


class SaneDriver:
    kind = "sane"

    def __init__(self) -> None:
        self._ctx = mp.get_context("spawn")

    def _start(self, request: tuple[Any, ...]) -> tuple[Any, Connection, Any]:
        parent, child = self._ctx.Pipe(duplex=False)
        cancel_event = self._ctx.RawValue("b", 0)
        proc = self._ctx.Process(target=_worker, args=(child, request, cancel_event), daemon=True,
                                 name=f"sohoa-sane-{request[0]}")
        proc.start()
        child.close()
        return proc, parent, cancel_event

    def _one_answer(self, request: tuple[Any, ...], timeout: float) -> Any:
        proc, conn, _ = self._start(request)
        try:
            if not conn.poll(timeout):
                proc.kill()
                raise DeviceError("SANE did not answer in time")
            message = conn.recv()
        except EOFError as exc:
            raise DriverCrashed(f"exit code {proc.exitcode}") from exc
        finally:
            conn.close()
            proc.join(5)
        if message[0] == "error":
            raise error_from_code(message[1], message[2])
        return message[1]

    def list_devices(self) -> list[DeviceInfo]:
        try:
            found = self._one_answer(("list",), _LIST_TIMEOUT_S)
        except DeviceError:
            return []
        return [DeviceInfo(**d) for d in found]

    def capabilities(self, device: str) -> Capabilities:
        caps: Capabilities = self._one_answer(("caps", device), _LIST_TIMEOUT_S)
        return caps

    def scan(self, device: str, options: ScanOptions, cancel: CancelToken) -> Iterator[ScannedPage]:
        proc, conn, cancel_event = self._start(("scan", device, options))
        try:
            while True:
                if cancel.cancelled:
                    cancel_event.value = 1
                if not conn.poll(0.05):
                    if not proc.is_alive() and not conn.poll(0):
                        raise DriverCrashed(f"exit code {proc.exitcode}", device=device)
                    continue
                try:
                    message = conn.recv()
                except EOFError as exc:
                    proc.join(2)
                    raise DriverCrashed(f"exit code {proc.exitcode}", device=device) from exc
                kind = message[0]
                if kind == "page":
                    _, seq, side, dpi, mode, size, data = message
                    yield ScannedPage(Image.frombytes(mode, size, data), dpi, seq, Side(side), device)
                elif kind == "done":
                    return
                else:
                    err = error_from_code(message[1], message[2], device)
                    if cancel.cancelled and not isinstance(err, ScanCancelled):
                        raise ScanCancelled(err.native, device=device) from err
                    raise err
        finally:
            cancel_event.value = 1
            conn.close()
            proc.join(5)
            if proc.is_alive():
                proc.kill()
                proc.join(2)


def sane_config_hint() -> str | None:
    """The SANE configuration folder in use, for the self-check and the devices list."""
    return os.environ.get("SANE_CONFIG_DIR")

