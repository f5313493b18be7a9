"""Pages flow through orientation, deskew and OCR in worker processes as they arrive (bounded by the number of
workers), then one PDF/A is assembled as soon as the last page is done.

Each worker process owns one Tesseract engine for its whole life; a page crosses to it as a file path, so only a
few bytes cross the process boundary on the way in.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PIL import Image

from app.errors import CancelledError
from app.ocr import OcrEngine
from app.pageproc import PageOptions, ProcessedPage, preload_text_layer, process_page
from app.pdfa import PdfMetadata, build_pdfa, page_pdf_bytes
from app.progress import NullProgress, Progress
from scanner.file_import import load_file
from scanner.model import CancelToken

if TYPE_CHECKING:
    from app.checks.profiles import Profile

T = TypeVar("T")
_ENGINE: OcrEngine | None = None


def _init_worker(languages: str, tessdata: str, ocr: bool) -> None:
    global _ENGINE
    _ENGINE = OcrEngine(languages, tessdata) if ocr else None
    if ocr:
        preload_text_layer()


def _ready() -> bool:
    return True


def worker_engine() -> OcrEngine | None:
    """The Tesseract engine of this worker process (None in the parent, or when the pool runs without OCR)."""
    return _ENGINE


def load_page_image(path: str, frame: int) -> Image.Image:
    """One page image from a file, decoded in the worker so only the path crosses the process boundary."""
    if frame == 0 and not path.lower().endswith((".pdf", ".tif", ".tiff")):
        with Image.open(path) as img:
            img.load()
            return img.copy()
    return load_file(Path(path))[frame][0]


def _work(path: str, frame: int, dpi: int, index: int, options: PageOptions,
          profile: Profile | None = None) -> ProcessedPage:
    image = load_page_image(path, frame)
    if profile is not None:
        from app.checks.runner import process_and_check  # the checks use this module's pool: import late

        page, check = process_and_check(_ENGINE, image, dpi, index + 1, profile, options)
        page.checks = check
    else:
        page = process_page(_ENGINE, image, dpi, index, options)
    page.pdf = page_pdf_bytes(page)
    return page


def default_workers(reserve_for_gui: bool = False) -> int:
    cores = os.cpu_count() or 1
    return max(1, cores - (1 if reserve_for_gui else 0))


def worker_pool(languages: str = "vie+eng", tessdata: str = "", workers: int | None = None,
                ocr: bool = True) -> ProcessPoolExecutor:
    """Worker processes that each own one Tesseract engine (see :func:`worker_engine`) for their whole life."""
    return ProcessPoolExecutor(
        max_workers=workers or default_workers(),
        mp_context=mp.get_context("spawn"),
        initializer=_init_worker,
        initargs=(languages, tessdata, ocr),
    )


@dataclass
class PageInput:
    path: Path
    dpi: int
    frame: int = 0  # page within a multi-page file


def wait_for(future: Future[T], cancel: CancelToken | None = None) -> T:
    """The future's result, looking at ``cancel`` ten times a second (raises CancelledError when it is set)."""
    while True:
        if future.done():
            return future.result()  # finished work is kept even when the clerk has just cancelled
        if cancel is not None and cancel.cancelled:
            raise CancelledError()
        try:
            return future.result(timeout=0.1)
        except TimeoutError:
            continue


class PagePipeline:
    """Submit pages one at a time; collect processed pages in order; build the PDF/A."""

    def __init__(self, languages: str = "vie+eng", tessdata: str = "", workers: int | None = None,
                 options: PageOptions | None = None, profile: Profile | None = None) -> None:
        self.options = options or PageOptions()
        self.profile = profile  # when set, every page is also checked (one OCR pass for both)
        self.workers = workers or default_workers()
        self._pool = worker_pool(languages, tessdata, self.workers, self.options.ocr)
        self._futures: list[Future[ProcessedPage]] = []

    def warm_up(self) -> None:
        """Start every worker and its Tesseract engine now, before the first sheet leaves the feeder."""
        for future in [self._pool.submit(_ready) for _ in range(self.workers)]:
            future.result()

    def submit(self, page: PageInput, on_done: Callable[[ProcessedPage], None] | None = None,
               index: int | None = None) -> Future[ProcessedPage]:
        """Queue a page; ``index`` is its place in the component (0-based; default: the order of submission)."""
        index = len(self._futures) if index is None else index
        future = self._pool.submit(_work, str(page.path), page.frame, page.dpi, index, self.options, self.profile)
        if on_done is not None:
            future.add_done_callback(lambda f: f.exception() is None and on_done(f.result()))
        self._futures.append(future)
        return future

    def results(self, cancel: CancelToken | None = None, progress: Progress | None = None) -> list[ProcessedPage]:
        progress = progress or NullProgress()
        done: list[ProcessedPage] = []
        for future in self._futures:
            try:
                done.append(wait_for(future, cancel))
            except CancelledError:
                self.close(cancel_pending=True)
                raise
            progress.advance(1, f"trang {len(done)}")
        return done

    def close(self, cancel_pending: bool = False) -> None:
        self._pool.shutdown(wait=not cancel_pending, cancel_futures=cancel_pending)

    def __enter__(self) -> PagePipeline:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(cancel_pending=exc[0] is not None)


def build_component(pages: Iterable[PageInput], out: Path, *, languages: str = "vie+eng", tessdata: str = "",
                    workers: int | None = None, options: PageOptions | None = None,
                    meta: PdfMetadata | None = None, progress: Progress | None = None,
                    cancel: CancelToken | None = None) -> list[ProcessedPage]:
    """The whole build of one component: every page processed in parallel, then one PDF/A-2b."""
    progress = progress or NullProgress()
    page_list = list(pages)
    progress.start(len(page_list), "Nhận dạng và xử lý trang")
    with PagePipeline(languages, tessdata, workers, options) as pipeline:
        for page in page_list:
            pipeline.submit(page)
        processed = pipeline.results(cancel, progress)
    progress.finish()
    build_pdfa(processed, out, meta)
    return processed
