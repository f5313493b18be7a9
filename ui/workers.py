"""Long work off the GUI thread: a :class:`Task` runs one callable on a QThreadPool and reports back through
signals only; its callbacks always run on the GUI thread (the Task object lives there)."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from scanner import CancelToken

log = logging.getLogger("sohoa.ui")


class Task(QObject):
    """One piece of background work. ``fn(task)`` runs in a pool thread and may call ``task.report(...)`` and
    ``task.emit_item(...)``; ``succeeded``/``failed`` then ``finished`` are emitted on the GUI thread."""

    _progress = Signal(int, int, str)
    _item = Signal(object)
    _done = Signal(object)
    _error = Signal(object)
    progressed = Signal(int, int, str)
    item = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()

    def __init__(self, fn: Callable[[Task], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.fn = fn
        self.cancel_token = CancelToken()
        self.total = 0
        self.done_count = 0
        self.label = ""
        self._progress.connect(self._on_progress)
        self._item.connect(self._on_item)
        self._done.connect(self._on_done)
        self._error.connect(self._on_error)

    # -- called from the worker thread ------------------------------------------------------------------------
    def report(self, done: int, total: int, text: str = "") -> None:
        self._progress.emit(done, total, text)

    def emit_item(self, value: object) -> None:
        self._item.emit(value)

    def cancel(self) -> None:
        self.cancel_token.cancel()

    # -- delivered on the GUI thread --------------------------------------------------------------------------
    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, text: str) -> None:
        if self._delivering():
            self.progressed.emit(done, total, text)

    @Slot(object)
    def _on_item(self, value: object) -> None:
        if self._delivering():
            self.item.emit(value)

    def _delivering(self) -> bool:
        """Results reach their receivers only while the runner is open: after the window closed, a late result
        must not call into widgets that are gone."""
        return not getattr(self.parent(), "closed", False)

    @Slot(object)
    def _on_done(self, result: object) -> None:
        if self._delivering():
            self.succeeded.emit(result)
        self.finished.emit()

    @Slot(object)
    def _on_error(self, error: object) -> None:
        if self._delivering():
            self.failed.emit(error)
        self.finished.emit()


class _Runner(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task = task
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.task.fn(self.task)
        except BaseException as exc:
            if not hasattr(exc, "user_message"):
                log.error("background task failed\n%s", "".join(traceback.format_exception(exc)))
            self.task._error.emit(exc)
        else:
            self.task._done.emit(result)


class SignalProgress:
    """:class:`app.core.progress.Progress` for a task: the core's progress reports become the task's signal."""

    def __init__(self, task: Task) -> None:
        self.task = task

    def start(self, total: int | None, label: str) -> None:
        self.task.total, self.task.done_count, self.task.label = total or 0, 0, label
        self.task.report(0, self.task.total, label)

    def advance(self, count: int = 1, detail: str = "") -> None:
        self.task.done_count += count
        self.task.report(self.task.done_count, self.task.total, detail)

    def finish(self, detail: str = "") -> None:
        done = self.task.done_count
        self.task.report(done, max(self.task.total, done), detail)


class Runner(QObject):
    """Starts tasks on its own pool and keeps them alive until they finish."""

    def __init__(self, threads: int = 4, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self._running: set[Task] = set()
        self.closed = False

    def start(self, fn: Callable[[Task], Any], on_done: Callable[[Any], None] | None = None,
              on_error: Callable[[BaseException], None] | None = None) -> Task:
        task = Task(fn, self)
        if self.closed:
            return task  # the window is closing: nothing new starts, and nothing will be delivered
        if on_done is not None:
            task.succeeded.connect(on_done)
        if on_error is not None:
            task.failed.connect(on_error)
        self._running.add(task)
        task.finished.connect(lambda: self._forget(task))
        self.pool.start(_Runner(task))
        return task

    def _forget(self, task: Task) -> None:
        self._running.discard(task)
        task.deleteLater()

    def busy(self) -> bool:
        return bool(self._running)

    def close(self, msecs: int = 30000) -> None:
        """Stop delivering results (the window is closing), cancel what can be cancelled, wait for the rest."""
        self.closed = True
        for task in list(self._running):
            task.cancel()
        self.pool.waitForDone(msecs)
