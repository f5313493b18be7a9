"""A component's pages against the paper original's count, as a bar: "0 / 4 trang" before the scan, the pages as they
leave the feeder, then the pages kept — a page deleted, removed by a finding or brought back by undo moves it too."""

from __future__ import annotations

from PySide6.QtWidgets import QProgressBar, QWidget


class PageProgress(QProgressBar):
    def __init__(self, text_format: str, parent: QWidget | None = None) -> None:
        """``text_format`` comes translated by the caller (``%v`` the pages, ``%m`` the count)."""
        super().__init__(parent)
        self.setFormat(text_format)
        self.show_count(0, 1)

    def show_count(self, pages: int, declared: int) -> None:
        """``pages`` of the paper's ``declared`` count (never fewer than the pages themselves)."""
        self.setRange(0, max(declared, pages, 1))
        self.setValue(pages)

    def progressed(self, done: int, total: int, _text: str = "") -> None:
        """The scan's own report while the feeder runs."""
        self.show_count(done, total)
