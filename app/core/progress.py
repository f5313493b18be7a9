"""Progress is a protocol the core reports; the CLI shows it as a text bar, the GUI as a progress bar."""

from __future__ import annotations

import sys
import time
from typing import Protocol, TextIO


class Progress(Protocol):
    def start(self, total: int | None, label: str) -> None: ...

    def advance(self, count: int = 1, detail: str = "") -> None: ...

    def finish(self, detail: str = "") -> None: ...


class NullProgress:
    def start(self, total: int | None, label: str) -> None:
        pass

    def advance(self, count: int = 1, detail: str = "") -> None:
        pass

    def finish(self, detail: str = "") -> None:
        pass


class TextProgress:
    """A one-line bar on a terminal, one line per step when not a terminal (logs, CI)."""

    def __init__(self, stream: TextIO | None = None, width: int = 28) -> None:
        self.stream = stream or sys.stderr
        self.width = width
        self.total: int | None = None
        self.done = 0
        self.label = ""
        self.started = 0.0
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())

    def start(self, total: int | None, label: str) -> None:
        self.total, self.done, self.label, self.started = total, 0, label, time.monotonic()
        self._draw("")

    def advance(self, count: int = 1, detail: str = "") -> None:
        self.done += count
        self._draw(detail)

    def finish(self, detail: str = "") -> None:
        elapsed = time.monotonic() - self.started
        end = "\n" if self.tty else ""
        self.stream.write(f"{end}{self.label}: xong ({self.done}) trong {elapsed:.1f} s {detail}\n")
        self.stream.flush()

    def _draw(self, detail: str) -> None:
        if self.total:
            filled = int(self.width * self.done / self.total)
            bar = "#" * filled + "-" * (self.width - filled)
            text = f"{self.label} [{bar}] {self.done}/{self.total} {detail}"
        else:
            text = f"{self.label} {self.done} {detail}"
        if self.tty:
            self.stream.write("\r" + text[:120].ljust(120))
        else:
            self.stream.write(text.rstrip() + "\n")
        self.stream.flush()
