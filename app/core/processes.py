"""Which process made something, told apart from a later process that got the same id: the process id with the
moment the process started (Linux: ``/proc/<pid>/stat``; Windows: the creation time). Where neither can be read,
the start is 0 and a process id that exists counts as the same process (the cautious answer)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

_PARENT_POLL_S = 0.5


def process_start(pid: int) -> int | None:
    """When process ``pid`` started, as the system counts it (0: unknown here); None when no such process runs."""
    if sys.platform == "win32":
        import ctypes  # only on Windows

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return None
        try:
            code = ctypes.c_ulong()
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            if code.value != 259:  # STILL_ACTIVE
                return None
            created, exited, kernel, user = (ctypes.c_ulonglong() for _ in range(4))
            if not kernel32.GetProcessTimes(handle, ctypes.byref(created), ctypes.byref(exited),
                                            ctypes.byref(kernel), ctypes.byref(user)):
                return 0
            return int(created.value)
        finally:
            kernel32.CloseHandle(handle)
    stat = Path(f"/proc/{pid}/stat")
    if Path("/proc/self/stat").is_file():
        try:
            text = stat.read_text(encoding="ascii", errors="replace")
        except OSError:
            return None
        fields = text.rpartition(")")[2].split()
        # the fields after the command's name start at the 3rd; the start time is the 22nd; a zombie is gone
        if len(fields) < 20 or fields[0] == "Z":
            return None
        return int(fields[19])
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return 0
    return 0


def this_process() -> tuple[int, int]:
    pid = os.getpid()
    return pid, process_start(pid) or 0


def running(pid: int, start: int) -> bool:
    """Whether the process that was ``pid`` started at ``start`` still runs (a start of 0: any process ``pid``)."""
    if pid == os.getpid():
        return start in (0, this_process()[1])
    now = process_start(pid)
    if now is None:
        return False
    return start == 0 or now == 0 or now == start


def end_with_parent() -> None:
    """In a child process started by :mod:`multiprocessing`: end this process soon after its parent has gone, however
    the parent ended (killed, crashed, closed from the task manager). A pool's worker waits on its task queue and
    holds that queue's other end itself, so it would never see the parent go, and would keep its memory until the
    session ends. Nothing in a child is the only copy of anything: the parent keeps every page and every queued item
    on disk. The parent is the process that started this one, also when a fork server forked it (that server lives
    as long as any of its children holds its lifeline, so it cannot be the one watched). Windows: the parent's
    process handle is signalled when it ends. POSIX: the parent's start is read twice a second (a killed parent that
    is not yet reaped counts as gone). A process that :mod:`multiprocessing` did not start is left alone."""
    import multiprocessing
    import threading
    import time

    parent = multiprocessing.parent_process()
    if parent is None:
        return
    if sys.platform == "win32":
        from multiprocessing.connection import wait

        sentinel = parent.sentinel

        def gone() -> None:
            wait([sentinel])
    else:
        pid = parent.pid or 0
        start = process_start(pid)

        def gone() -> None:
            while start is not None and running(pid, start):
                time.sleep(_PARENT_POLL_S)

    def watch() -> None:
        gone()
        os._exit(3)

    threading.Thread(target=watch, name="sohoa-parent-watch", daemon=True).start()
