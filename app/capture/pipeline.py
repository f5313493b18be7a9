"""Pages flow through orientation, deskew and OCR in worker processes as they arrive (bounded by the number of
workers), then one PDF/A is assembled as soon as the last page is done. With a checks profile, each worker also checks
its page, from the same OCR pass.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import replace
from pathlib import Path

from PIL import Image

from app.checks.profiles import Profile
from app.checks.runner import process_and_check
from app.core.errors import CancelledError
from app.core.files import write_work_copy
from app.core.progress import NullProgress, Progress
from app.imaging.pageproc import PageOptions, ProcessedPage, process_page
from app.imaging.pdfa import PdfMetadata, build_pdfa, page_pdf_bytes
from app.imaging.pool import PageInput, alone, load_page_pixels, wait_for, worker_engine
from app.imaging.workers import WorkerPool
from scanner.model import CancelToken

__all__ = ["PageInput", "PagePipeline", "build_component", "wait_for"]


def _work(path: str, frame: int, dpi: int, index: int, options: PageOptions,
          profile: Profile | None = None) -> ProcessedPage:
    image = load_page_pixels(path, frame)
    if alone():  # the other cores are idle: Tesseract reads the page in two bands at once
        options = replace(options, ocr_bands=2)
    if profile is not None:
        page, check = process_and_check(worker_engine(), image, dpi, index + 1, profile, options)
        page.checks = check
    else:
        page = process_page(worker_engine(), image, dpi, index, options)
    page.kept = None  # the composed MRC image stays in the worker
    page.pdf = page_pdf_bytes(page)
    return page


class PagePipeline:
    """Submit pages one at a time; collect processed pages in order; build the PDF/A. The pages run on ``pool``
    when given (the station's workers, shared by its scans and checks, left running on close) or on workers of its
    own, stopped on close."""

    def __init__(self, languages: str = "vie+eng", tessdata: str = "", workers: int | None = None,
                 options: PageOptions | None = None, profile: Profile | None = None,
                 pool: WorkerPool | None = None) -> None:
        self.options = options or PageOptions()
        self.profile = profile  # when set, every page is also checked (one OCR pass for both)
        self._own_pool = pool is None
        self.pool = pool or WorkerPool(languages, tessdata, workers, self.options.ocr)
        self.workers = self.pool.workers
        self._futures: list[Future[ProcessedPage]] = []

    def warm_up(self) -> None:
        """Start every worker and its Tesseract engine now, before the first sheet leaves the feeder."""
        self.pool.warm_up()

    def submit(self, page: PageInput, on_done: Callable[[ProcessedPage], None] | None = None,
               index: int | None = None) -> Future[ProcessedPage]:
        """Queue a page; ``index`` is its place in the component (0-based; default: the order of submission)."""
        index = len(self._futures) if index is None else index
        future = self.pool.submit(_work, str(page.path), page.frame, page.dpi, index, self.options, self.profile)
        if on_done is not None:
            future.add_done_callback(lambda f: f.exception() is None and on_done(f.result()))
        self._futures.append(future)
        return future

    def submit_scanned(self, image: Image.Image, dpi: int, folder: Path, keep_master: Callable[[], Path],
                       on_done: Callable[[ProcessedPage], None] | None = None,
                       index: int | None = None) -> Future[ProcessedPage]:
        """A page just scanned: its worker starts at once on an uncompressed copy of ``image`` (written in
        ``folder``, removed once the page is done) while ``keep_master`` writes the lossless master and returns its
        path. When no copy can be written, the master is written first and the worker decodes it; when the master
        cannot be written, the page is taken back."""
        copy = write_work_copy(folder, image, dpi)
        if copy is None:
            return self.submit(PageInput(keep_master(), dpi), on_done, index)
        future = self.submit(PageInput(copy, dpi), on_done, index)
        future.add_done_callback(lambda _done: copy.unlink(missing_ok=True))
        try:
            keep_master()
        except BaseException:  # the page is not kept (a full disk): its worker need not finish it
            future.cancel()  # dropped if not started yet; else it ends and is forgotten
            self._futures.remove(future)
            raise
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
        """Stop its own workers (a shared pool keeps running); ``cancel_pending``: its pages not started are
        dropped."""
        if self._own_pool:
            self.pool.close(cancel_pending=cancel_pending, wait=not cancel_pending)
        elif cancel_pending:
            for future in self._futures:
                future.cancel()

    def __enter__(self) -> PagePipeline:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(cancel_pending=exc[0] is not None)


def build_component(pages: Iterable[PageInput], out: Path, *, languages: str = "vie+eng", tessdata: str = "",
                    workers: int | None = None, options: PageOptions | None = None,
                    meta: PdfMetadata | None = None, progress: Progress | None = None,
                    cancel: CancelToken | None = None, pool: WorkerPool | None = None) -> list[ProcessedPage]:
    """The whole build of one component: every page processed in parallel (on ``pool`` when given), then one
    PDF/A-2b."""
    progress = progress or NullProgress()
    page_list = list(pages)
    progress.start(len(page_list), "Nhận dạng và xử lý trang")
    with PagePipeline(languages, tessdata, workers, options, pool=pool) as pipeline:
        for page in page_list:
            pipeline.submit(page)
        processed = pipeline.results(cancel, progress)
    progress.finish()
    build_pdfa(processed, out, meta)
    return processed
