"""One thread that owns a native API's objects: COM's single-threaded apartment for WIA, the TWAIN session.

WIA objects created in a single-threaded apartment may only be called from that thread, and a TWAIN data source
talks to the thread that opened the Data Source Manager. Every call to such an API is therefore sent to this thread
and waited for; the caller's thread (GUI worker, CLI) never touches the native objects.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

T = TypeVar("T")

_Job = tuple[Callable[..., Any], tuple[Any, ...], "Future[Any]"]


class Apartment:
    """A thread running submitted calls in order; ``enter``/``leave`` run on it first and last (CoInitialize…)."""

    def __init__(self, name: str, enter: Callable[[], None] | None = None,
                 leave: Callable[[], None] | None = None) -> None:
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._enter = enter
        self._leave = leave
        self._started: Future[None] = Future()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()
        self._started.result()

    def _run(self) -> None:
        try:
            if self._enter is not None:
                self._enter()
        except BaseException as exc:
            self._started.set_exception(exc)
            return
        self._started.set_result(None)
        try:
            while (job := self._jobs.get()) is not None:
                fn, args, future = job
                if not future.set_running_or_notify_cancel():
                    continue
                try:
                    future.set_result(fn(*args))
                except BaseException as exc:
                    future.set_exception(exc)
        finally:
            if self._leave is not None:
                self._leave()

    @property
    def thread(self) -> threading.Thread:
        return self._thread

    def call(self, fn: Callable[..., T], *args: Any) -> T:
        """Run ``fn(*args)`` on the apartment thread and return its result (or raise its exception here)."""
        if threading.current_thread() is self._thread:
            return fn(*args)
        if not self._thread.is_alive():
            raise RuntimeError(f"{self._thread.name} has stopped")
        future: Future[T] = Future()
        self._jobs.put((fn, args, future))
        return future.result()

    def close(self, timeout: float = 10.0) -> None:
        if self._thread.is_alive():
            self._jobs.put(None)
            if threading.current_thread() is not self._thread:
                self._thread.join(timeout)

    def __enter__(self) -> Apartment:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
