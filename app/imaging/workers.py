"""The station's page workers for a whole session: one set of processes (each with its Tesseract engine loaded once)
that every scan, check and build of the session shares, instead of a new set (~1.5 s to start) for each.

A worker that dies (killed, out of memory, a crash in a native library) breaks its whole process pool: every page
in flight fails with ``BrokenProcessPool``. The pool is then replaced by a new one and each of those pages is sent
once more; a page that fails a second time that way (a page that crashes the engine itself) ends in a clear error.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import threading
from collections.abc import Callable
from concurrent.futures import Future, InvalidStateError, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from app.core.errors import SohoaError
from app.imaging.pool import default_workers, ready, worker_pool

log = logging.getLogger("sohoa.workers")
T = TypeVar("T")
TRIES = 2  # a page whose worker died is sent once more, to a new pool


class WorkerCrashed(SohoaError):
    message_vi = ("Tiến trình xử lý trang bị dừng đột ngột hai lần với cùng một trang. Hãy quét lại trang đó; nếu "
                  "lỗi vẫn còn, khởi động lại máy trạm và báo quản trị viên.")
    message_en = ("The page worker stopped abruptly twice on the same page. Scan that page again; if it happens "
                  "again, restart the station and tell the administrator.")


class _Task(Future[T]):
    """A page's future that outlives the process pool it first ran in (see the module's note)."""

    def __init__(self, pool: WorkerPool, fn: Callable[..., T], args: tuple[Any, ...]) -> None:
        super().__init__()
        self._pool, self._fn, self._args = pool, fn, args
        self._inner: Future[T] | None = None
        self.tries = 0

    def start(self) -> None:
        self.tries += 1
        inner, executor = self._pool.launch(self._fn, self._args)
        self._inner = inner
        inner.add_done_callback(lambda done: self._settle(done, executor))

    def _settle(self, inner: Future[T], executor: ProcessPoolExecutor) -> None:
        if inner.cancelled():
            super().cancel()
            return
        exc = inner.exception()
        if isinstance(exc, BrokenProcessPool):
            self._pool.renew(executor)  # the next page finds live workers
            if self.tries < TRIES and not self.cancelled():
                log.warning("a page worker died (%s); the page goes to a new pool", exc)
                try:
                    self.start()
                except Exception as again:  # the pool was closed meanwhile, or cannot start
                    self._finish(None, again)
                return
            exc = WorkerCrashed(str(exc))
            exc.__cause__ = inner.exception()
        self._finish(None if exc is not None else inner.result(), exc)

    def _finish(self, result: T | None, exc: BaseException | None) -> None:
        try:
            if exc is not None:
                self.set_exception(exc)
            else:
                self.set_result(result)  # type: ignore[arg-type]
        except InvalidStateError:  # cancelled by the caller meanwhile
            pass

    def cancel(self) -> bool:
        """Cancelled only while it waits for a worker (a page being processed runs to its end)."""
        inner = self._inner
        if inner is not None and not inner.done() and not inner.cancel():
            return False
        return super().cancel()


class WorkerPool:
    """Worker processes that each own one Tesseract engine, started on first use (or by :meth:`warm_up`), shared
    by every pipeline of the session, replaced when a worker dies, stopped by :meth:`close`.

    With ``idle_seconds``, workers left without a page that long are stopped (each holds 200-450 MiB) and started
    again by the next page or :meth:`warm_up`, which a scan calls while the feeder warms up."""

    def __init__(self, languages: str = "vie+eng", tessdata: str = "", workers: int | None = None,
                 ocr: bool = True, idle_seconds: float | None = None) -> None:
        self.languages, self.tessdata, self.ocr = languages, tessdata, ocr
        self.workers = workers or default_workers()
        self.idle_seconds = idle_seconds
        self.renewals = 0  # how many times a dead worker's pool was replaced
        self.rests = 0  # how many times idle workers were stopped to give their memory back
        self._executor: ProcessPoolExecutor | None = None
        self._closed = False
        self._lock = threading.Lock()
        # Tasks submitted and not yet done, changed under ``_lock``; shared memory, so the workers see it too.
        self._in_flight = mp.get_context("spawn").RawValue("i", 0)
        self._idle_timer: threading.Timer | None = None

    @property
    def key(self) -> tuple[str, str, int, bool]:
        """What the workers were started with: a pool for other settings is another pool."""
        return self.languages, self.tessdata, self.workers, self.ocr

    def launch(self, fn: Callable[..., T], args: tuple[Any, ...]) -> tuple[Future[T], ProcessPoolExecutor]:
        """Run ``fn(*args)`` in the current processes (started now when there are none)."""
        with self._lock:
            if self._closed:
                raise RuntimeError("the worker pool is closed")
            if self._idle_timer is not None:
                self._idle_timer.cancel()
                self._idle_timer = None
            if self._executor is None:
                self._executor = self._new_executor()
            try:
                future = self._executor.submit(fn, *args)
            except BrokenProcessPool:  # a worker died while idle: nothing of this page ran yet
                self._replace(self._executor)
                assert self._executor is not None
                future = self._executor.submit(fn, *args)
            self._in_flight.value += 1
            executor = self._executor
        future.add_done_callback(self._one_done)
        return future, executor

    def _one_done(self, _future: Future[Any]) -> None:
        """A task ended: when it was the last one, the workers rest after ``idle_seconds`` without another."""
        with self._lock:
            self._in_flight.value -= 1
            if self._in_flight.value or not self.idle_seconds or self._executor is None or self._closed:
                return
            timer = threading.Timer(self.idle_seconds, self._rest, args=(self._executor,))
            timer.daemon = True
            self._idle_timer = timer
        timer.start()

    def _rest(self, executor: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._in_flight.value or self._executor is not executor or self._closed:
                return
            self._executor, self._idle_timer = None, None
            self.rests += 1
        log.info("the page workers rested after %.0f s without a page: their memory is given back",
                 self.idle_seconds or 0)
        executor.shutdown(wait=False)

    def renew(self, broken: ProcessPoolExecutor) -> None:
        """Replace ``broken`` (once, however many of its pages report it)."""
        with self._lock:
            if self._executor is broken and not self._closed:
                self._replace(broken)

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        broken.shutdown(wait=False, cancel_futures=True)  # may run in its own manager thread: never wait here
        self._executor = self._new_executor()
        self.renewals += 1

    def _new_executor(self) -> ProcessPoolExecutor:
        return worker_pool(self.languages, self.tessdata, self.workers, self.ocr,
                           self._in_flight if self.workers > 1 else None)

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        task: _Task[T] = _Task(self, fn, args)
        task.start()
        return task

    def warm_up(self, wait: bool = True) -> None:
        """Start every worker and its engine now (e.g. while the feeder warms up); ``wait``: until they are up."""
        futures = [self.submit(ready) for _ in range(self.workers)]
        for future in futures if wait else ():
            future.result()

    def pids(self) -> list[int]:
        """The process ids of the current workers (none before the first use)."""
        with self._lock:
            executor = self._executor
            processes = dict(getattr(executor, "_processes", None) or {})
        return sorted(p.pid for p in processes.values() if p.pid is not None)

    def close(self, cancel_pending: bool = True, wait: bool = True) -> None:
        """Stop the workers: pages not started are dropped when ``cancel_pending``; ``wait`` until every worker
        process has ended (a page being processed finishes first)."""
        with self._lock:
            self._closed, executor, self._executor = True, self._executor, None
            if self._idle_timer is not None:
                self._idle_timer.cancel()
        if executor is not None:
            executor.shutdown(wait=wait, cancel_futures=cancel_pending)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(cancel_pending=exc[0] is not None)

