"""The worker pool: processes that each own one Tesseract engine for their whole life, and what they share with the
parent (the engine of this process, decoding a page from its file, a cancel-aware wait). A page crosses to a worker as
a file path, so only a few bytes cross the process boundary on the way in."""

from __future__ import annotations

import multiprocessing as mp
import os
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from PIL import Image

from app.core.errors import CancelledError
from app.imaging.ocr import OcrEngine
from app.imaging.pageproc import preload_text_layer
from scanner.file_pages import load_page
from scanner.model import CancelToken

T = TypeVar("T")
_ENGINE: OcrEngine | None = None


def _init_worker(languages: str, tessdata: str, ocr: bool) -> None:
    global _ENGINE
    import cv2  # the worker's own: one thread each, as the workers already fill the cores

    cv2.setNumThreads(1)
    _ENGINE = OcrEngine(languages, tessdata) if ocr else None
    if ocr:
        preload_text_layer()


def ready() -> bool:
    """A task that only proves the worker (and its engine) has started."""
    return True


def worker_engine() -> OcrEngine | None:
    """The Tesseract engine of this worker process (None in the parent, or when the pool runs without OCR)."""
    return _ENGINE


def load_page_image(path: str, frame: int) -> Image.Image:
    """One page image from a file, decoded in the worker so only the path crosses the process boundary; only that
    page is decoded, through the import's allow-list of formats and its size limits."""
    return load_page(Path(path), frame)[0]


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
