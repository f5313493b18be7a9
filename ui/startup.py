"""Start-up: the work that follows the first paint (:class:`AfterFirstPaint`), and its timing for
bench/startup_bench.py: with ``SOHOA_STARTUP_PROBE=<file>`` the window writes, as JSON, the wall-clock times of its
first paint, of today's list filled and of the station ready, then quits once ready."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget


class AfterFirstPaint(QObject):
    """Runs ``then`` once ``window`` has painted for the first time (or after ``at_most_ms``, should no paint come):
    the workers that read today's list and load the counter service import seconds of libraries, and while they
    hold the interpreter the window would paint late."""

    def __init__(self, app: QApplication, window: QWidget, then: Callable[[], None], at_most_ms: int = 1000) -> None:
        super().__init__(window)
        self.app, self.window, self.then = app, window, then
        self.done = False
        app.installEventFilter(self)
        QTimer.singleShot(at_most_ms, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.done and event.type() == QEvent.Type.Paint and isinstance(watched, QWidget) \
                and watched.window() is self.window:
            QTimer.singleShot(0, self._run)  # after this paint has reached the screen
        return False

    def _run(self) -> None:
        if self.done:
            return
        self.done = True
        self.app.removeEventFilter(self)
        self.then()


class StartupProbe(QObject):
    def __init__(self, app: QApplication, window: Any, out: Path) -> None:
        super().__init__(window)
        self.window = window
        self.out = out
        self.marks: dict[str, float] = {}
        app.installEventFilter(self)
        window.list_page.filled.connect(lambda: self.mark("list"))
        window.station_ready.connect(self._ready)

    @classmethod
    def from_environment(cls, app: QApplication, window: Any) -> StartupProbe | None:
        out = os.environ.get("SOHOA_STARTUP_PROBE")
        return cls(app, window, Path(out)) if out else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and "paint" not in self.marks and isinstance(watched, QWidget) \
                and watched.window() is self.window:
            self.mark("paint")
        return False

    def mark(self, name: str) -> None:
        self.marks.setdefault(name, time.time())

    def _ready(self) -> None:
        self.mark("ready")
        QTimer.singleShot(0, self.window.close)

    def write(self) -> None:
        self.out.write_text(json.dumps(self.marks), encoding="utf-8")
