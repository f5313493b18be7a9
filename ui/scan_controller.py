"""The scanning workflow for one component: every call runs on the task runner and comes back as a signal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from app.capture.profiles import ScanProfile
from app.counter.model import ScanOutcome
from app.dossiers.model import PageRecord
from app.imaging.views import PageViews
from ui.context import AppContext
from ui.workers import SignalProgress, Task


@dataclass
class PageThumb:
    page: PageRecord
    thumb: QImage
    preview_path: str


def _thumb(page: PageRecord, views: PageViews) -> PageThumb:
    """Runs in the worker: QImage (unlike QPixmap) may be made off the GUI thread."""
    return PageThumb(page, QImage(str(views.thumb)), str(views.preview))


class ScanController(QObject):
    scan_started = Signal()
    page_arrived = Signal(object)  # PageThumb
    page_checked = Signal(int, object)  # page id, its page findings (dicts), while the feeder still runs
    progressed = Signal(int, int, str)
    scan_finished = Signal(object)  # ScanOutcome
    pages_loaded = Signal(int, object)  # component id, list[PageThumb]
    preview_ready = Signal(int, QImage)
    changed = Signal(int)  # component id whose pages changed
    failed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.scan_task: Task | None = None
        self.undoable: dict[int, bool] = {}  # component id → something to undo, as of its last page load

    @property
    def scanning(self) -> bool:
        return self.scan_task is not None

    def scan(self, component_id: int, device: str, profile: ScanProfile, declared: int | None,
             insert_at: int | None = None, replace: bool = False) -> Task:
        service = self.ctx.service

        def work(task: Task) -> ScanOutcome:
            return service.scan_component(
                component_id, device, profile.options(), declared_pages=declared, cancel=task.cancel_token,
                progress=SignalProgress(task), insert_at=insert_at, replace=replace,
                on_page=lambda page, views: task.emit_item(_thumb(page, views)),
                on_checked=lambda page, findings: self.page_checked.emit(page.id, findings))

        task = self.ctx.runner.start(work, on_done=self._scan_done, on_error=self._scan_failed)
        task.item.connect(self.page_arrived)
        task.progressed.connect(self.progressed)
        self.scan_task = task
        self.scan_started.emit()
        return task

    def cancel(self) -> None:
        if self.scan_task is not None:
            self.scan_task.cancel()

    def _scan_done(self, outcome: ScanOutcome) -> None:
        self.scan_task = None
        self.scan_finished.emit(outcome)

    def _scan_failed(self, error: BaseException) -> None:
        self.scan_task = None
        self.failed.emit(self.ctx.error_text(error))
        self.scan_finished.emit(ScanOutcome())

    def load_pages(self, component_id: int) -> Task:
        service = self.ctx.service

        def work(task: Task) -> tuple[list[PageThumb], bool]:
            return [_thumb(page, views) for page, views in service.page_list(component_id)], \
                service.can_undo(component_id)

        def done(result: tuple[list[PageThumb], bool]) -> None:
            self.undoable[component_id] = result[1]
            self.pages_loaded.emit(component_id, result[0])

        return self.ctx.runner.start(work, on_done=done, on_error=self._failed)

    def load_preview(self, page_id: int, path: str) -> None:
        self.ctx.runner.start(lambda task: QImage(path), on_done=lambda img: self.preview_ready.emit(page_id, img))

    def _page_op(self, component_id: int, fn: Any) -> Task:
        def done(_result: object) -> None:
            self.changed.emit(component_id)

        return self.ctx.runner.start(lambda task: fn(), on_done=done, on_error=self._failed)

    def rotate(self, component_id: int, page_id: int, degrees: int) -> Task:
        return self._page_op(component_id, lambda: self.ctx.service.rotate_page(page_id, degrees))

    def delete(self, component_id: int, page_id: int) -> Task:
        return self._page_op(component_id, lambda: self.ctx.service.delete_page(page_id))

    def move(self, component_id: int, page_id: int, index: int) -> Task:
        return self._page_op(component_id, lambda: self.ctx.service.move_page(page_id, index))

    def set_declared(self, component_id: int, declared: int) -> Task:
        return self._page_op(component_id, lambda: self.ctx.service.set_declared_pages(component_id, declared))

    def undo(self, component_id: int) -> Task:
        return self._page_op(component_id, lambda: self.ctx.service.undo(component_id))

    def rescan(self, component_id: int, page_id: int, device: str, profile: ScanProfile) -> Task:
        service = self.ctx.service

        def work(task: Task) -> object:
            return service.rescan_page(page_id, device, profile.options(), task.cancel_token)

        return self._page_op_task(component_id, work)

    def _page_op_task(self, component_id: int, work: Any) -> Task:
        return self.ctx.runner.start(work, on_done=lambda _r: self.changed.emit(component_id), on_error=self._failed)

    def _failed(self, error: BaseException) -> None:
        self.failed.emit(self.ctx.error_text(error))
