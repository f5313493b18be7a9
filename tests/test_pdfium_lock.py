"""pdfium is not thread-safe (two previews rendered at once crashed a test process): the station renders previews in
its window's workers and prints on the GUI thread, so every use of pdfium holds one lock and waits for it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from app.imaging.pdfpreview import PDFIUM_LOCK, page_sizes, render_images, render_pages
from app.results.decisions import decision_pdf, make_decision, render_pdf


@pytest.mark.parametrize("use", ["render_pages", "render_images", "page_sizes", "render_pdf"])
def test_each_use_of_pdfium_waits_for_the_lock(tmp_path: Path, use: str) -> None:
    data = decision_pdf(make_decision(4))
    pdf = tmp_path / "quyet-dinh.pdf"
    pdf.write_bytes(data)
    uses: dict[str, Callable[[], object]] = {
        "render_pages": lambda: render_pages(pdf, tmp_path, dpi=30, max_pages=1),
        "render_images": lambda: list(render_images(pdf, 30)),
        "page_sizes": lambda: page_sizes(pdf),
        "render_pdf": lambda: render_pdf(data, dpi=30),
    }
    done = threading.Event()

    def run() -> None:
        uses[use]()
        done.set()

    with PDFIUM_LOCK:  # another preview is rendering
        worker = threading.Thread(target=run)
        worker.start()
        assert not done.wait(0.5)
    assert done.wait(30)
    worker.join()
