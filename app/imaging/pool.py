"""The worker pool: processes that each own one Tesseract engine for their whole life, and what they share with the
parent (the engine of this process, decoding a page from its file, a cancel-aware wait). A page crosses to a worker as
a file path, so only a few bytes cross the process boundary on the way in."""

from __future__ import annotations

import multiprocessing as mp
import os
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from PIL import Image

from app.core.errors import CancelledError
from app.core.files import WORK_COPY_SUFFIX, read_work_pixels
from app.core.processes import end_with_parent
from app.imaging.measure import PageImage
from app.imaging.ocr import OcrEngine
from app.imaging.pageproc import preload_text_layer, second_engine
from scanner.file_pages import load_page
from scanner.model import CancelToken

T = TypeVar("T")
_ENGINE: OcrEngine | None = None
_IN_FLIGHT: Any = None  # the pool's count of tasks submitted and not yet done, shared with its workers


def _init_worker(languages: str, tessdata: str, ocr: bool, in_flight: Any = None) -> None:
    global _ENGINE, _IN_FLIGHT
    end_with_parent()
    import cv2  # the worker's own: one thread each, as the workers already fill the cores

    cv2.setNumThreads(1)
    _ENGINE = OcrEngine(languages, tessdata) if ocr else None
    _IN_FLIGHT = in_flight
    if ocr:
        preload_text_layer()
        if in_flight is not None:
            second_engine(_ENGINE)  # type: ignore[arg-type]  # started now, not on the first page alone


def alone() -> bool:
    """This worker's task is the only one in flight on a station of several cores: the other cores are idle."""
    return _IN_FLIGHT is not None and (os.cpu_count() or 1) > 1 and _IN_FLIGHT.value <= 1


def ready() -> bool:
    """A task that only proves the worker (and its engine) has started."""
    return True


def worker_engine() -> OcrEngine | None:
    """The Tesseract engine of this worker process (None in the parent, or when the pool runs without OCR)."""
    return _ENGINE


def load_page_image(path: str, frame: int) -> Image.Image:
    """One page image from a file, decoded in the worker so only the path crosses the process boundary; only that
    page is decoded, through the import's allow-list of formats and its size limits. A page's work copy (the
    station's own, just written) is read as it is."""
    page = load_page_pixels(path, frame)
    return page if isinstance(page, Image.Image) else Image.fromarray(page)


def load_page_pixels(path: str, frame: int) -> PageImage:
    """:func:`load_page_image` for the page pass: a grey or colour work copy comes as its pixels
    (:func:`app.core.files.read_work_pixels`)."""
    if path.endswith(WORK_COPY_SUFFIX):
        return read_work_pixels(Path(path))[0]
    return load_page(Path(path), frame)[0]


def default_workers(reserve_for_gui: bool = False) -> int:
    cores = os.cpu_count() or 1
    return max(1, cores - (1 if reserve_for_gui else 0))


def worker_pool(languages: str = "vie+eng", tessdata: str = "", workers: int | None = None,
                ocr: bool = True, in_flight: Any = None) -> ProcessPoolExecutor:
    """Worker processes that each own one Tesseract engine (see :func:`worker_engine`) for their whole life;
    ``in_flight`` (a ``multiprocessing.Value``): the count of tasks in flight, kept by the parent, for :func:`alone`;
    the workers then also start a second engine each, to read a page alone in two bands at once."""
    return ProcessPoolExecutor(
        max_workers=workers or default_workers(),
        mp_context=mp.get_context("spawn"),
        initializer=_init_worker,
        initargs=(languages, tessdata, ocr, in_flight),
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
