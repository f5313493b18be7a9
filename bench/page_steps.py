"""Where a page's time goes in a worker: each step of the page pass timed on one warm process, as a worker runs it.

    PYTHONPATH=. .venv/bin/python bench/page_steps.py [--pages 20] [--from-png]

The bench's pages (bench/common.py `stack`: 300-dpi A4 colour, tilted up to 3°, a seal on every fifth) go through
the pipeline's own task (`app.capture.pipeline._work`) with the `standard` checks, one after the other in this
process (one core, OpenCV on one thread as in a worker). Each step is timed by wrapping the function that does it;
the first page only warms the process and is not counted. By default each page is read from the uncompressed work
copy a scanned page reaches its worker as (app.core.files.write_work_copy); ``--from-png`` reads the PNG master, as
a re-check of stored pages does; ``--one-thread`` runs Tesseract on the page's own thread instead of beside the
encoding (as before 2026-11-30). Prints seconds per page for every step and the page pass (wall time): with OCR on
its own thread the steps add up to more than the page pass (the checks of the image also run while Tesseract reads).
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import cv2
from common import machine, stack
from PIL import Image

from app.capture import pipeline
from app.checks import load_profile, runner
from app.core.files import write_work_copy
from app.imaging import pageproc, pdfa, pool
from app.imaging.ocr import OcrEngine

SPENT: dict[str, float] = collections.defaultdict(float)


def timed(owner: Any, name: str, label: str) -> None:
    """Replace ``owner.name`` by the same function that also adds its time to ``SPENT[label]``."""
    original: Callable[..., Any] = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            SPENT[label] += time.perf_counter() - start

    setattr(owner, name, wrapper)


class Inline:
    """An executor that runs each task at once, on the caller's thread."""

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_result(fn(*args))
        return future


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--from-png", action="store_true", help="decode each page's PNG master, not its work copy")
    parser.add_argument("--one-thread", action="store_true", help="OCR, then the encoding, on one thread")
    args = parser.parse_args()
    if args.one_thread:
        pageproc._reader = lambda: Inline()  # type: ignore[assignment,return-value]
    cv2.setNumThreads(1)
    pool._init_worker("vie+eng", "", True)  # this process is the worker: its engine and text-layer fonts
    for owner, name, label in [(pipeline, "load_page_pixels", "read the page"), (pageproc, "page_layout", "layout"),
                               (OcrEngine, "orientation", "OSD"), (pageproc, "rotate_pixels", "deskew"),
                               (OcrEngine, "recognize", "OCR"), (pageproc, "split", "MRC split"),
                               (runner, "look_at_page", "checks, image"), (runner, "check_page", "checks, OCR"),
                               (runner, "read_margin_numbers", "margin numbers"),
                               (pdfa, "mrc_page", "MRC page"), (pdfa, "text_layer_pdf", "text layer")]:
        timed(owner, name, label)
    work = Path(tempfile.mkdtemp(prefix="sohoa-steps-"))
    pages = stack(work / "stack", args.pages + 1)
    profile = load_profile("standard")
    sources = []
    for path in pages:
        if args.from_png:
            sources.append(path)
            continue
        with Image.open(path) as image:
            image.load()
            copy = write_work_copy(work / "copies", image, 300)
        assert copy is not None
        sources.append(copy)
    total, cpu = 0.0, 0.0
    for number, source in enumerate(sources):
        if number == 1:
            SPENT.clear()
        start, started = time.perf_counter(), time.process_time()
        pipeline._work(str(source), 0, 300, number, pageproc.PageOptions(), profile)
        total += time.perf_counter() - start if number else 0.0
        cpu += time.process_time() - started if number else 0.0
    load = os.getloadavg()
    print(machine())
    print(f"{args.pages} pages, 300 dpi colour, standard checks, MRC; read from "
          f"{'the PNG master' if args.from_png else 'the work copy'}; OCR {'then' if args.one_thread else 'beside'} "
          f"the encoding; one process; load average "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"  {'page pass':16s} {total / args.pages:.3f} s a page")
    print(f"  {'CPU, all threads':16s} {cpu / args.pages:.3f} s a page")
    for label, seconds in sorted(SPENT.items(), key=lambda item: -item[1]):
        print(f"  {label:16s} {seconds / args.pages:.3f}")
    print(f"  {'steps added up':16s} {sum(SPENT.values()) / args.pages:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
