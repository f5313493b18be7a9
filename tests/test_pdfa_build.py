"""The PDF/A build and pikepdf's validator: a Python warning that another thread raises while a content stream is
being checked (the validator records every warning, and warnings are process-wide) does not refuse a good file;
a content stream that is really broken still does."""

from __future__ import annotations

import io
import threading
import warnings
from pathlib import Path
from typing import Any

import img2pdf
import pikepdf
import pytest
from pikepdf.pdfa import _content
from PIL import Image

from app.imaging.pdfa import PdfBuildError, assemble_pdfa, is_pdfa, pdfa_problem_in


def page_pdf() -> bytes:
    image = io.BytesIO()
    Image.new("L", (200, 280), 255).save(image, format="PNG")
    return bytes(img2pdf.convert(image.getvalue()))


def warning_from_another_thread_once(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The first content stream checked meets a ResourceWarning raised by another thread (as a connection's
    finaliser does), the rest are checked in peace. Returns the count of streams checked."""
    real = _content.content_checker
    checked: list[int] = []

    class Checker:
        def __init__(self, inner: Any) -> None:
            self.inner = inner

        def check(self, stream: Any) -> Any:
            checked.append(1)
            if len(checked) == 1:
                other = threading.Thread(target=lambda: warnings.warn("unclosed <socket.socket fd=15>",
                                                                      ResourceWarning, stacklevel=1))
                other.start()
                other.join()
            return self.inner.check(stream)

    monkeypatch.setattr(_content, "content_checker", lambda limits: Checker(real(limits)))
    return checked


def test_a_warning_from_another_thread_does_not_refuse_a_good_file(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    checked = warning_from_another_thread_once(monkeypatch)
    out = assemble_pdfa([page_pdf(), page_pdf()], tmp_path / "ok.pdf")
    assert is_pdfa(out) == "2B" and len(checked) >= 2
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 2


def test_a_broken_content_stream_is_still_refused(tmp_path: Path) -> None:
    with pikepdf.open(io.BytesIO(page_pdf())) as single:
        single.pages[0].Contents = single.make_stream(b"q 1 0 0 1 0 0 cm (unterminated Tj Q")
        broken = io.BytesIO()
        single.save(broken)
    with pytest.raises(PdfBuildError):
        assemble_pdfa([broken.getvalue()], tmp_path / "broken.pdf")
    assert not (tmp_path / "broken.pdf").exists()


def test_a_file_written_for_later_validation_is_checked_as_the_build_checks(tmp_path: Path) -> None:
    """``validate=False`` writes the file as the build would; :func:`pdfa_problem_in` (a worker's task) passes it,
    and refuses one whose content stream is broken."""
    good = assemble_pdfa([page_pdf()], tmp_path / "good.pdf", validate=False)
    assert pdfa_problem_in(str(good)) is None and is_pdfa(good) == "2B"
    with pikepdf.open(io.BytesIO(page_pdf())) as single:
        single.pages[0].Contents = single.make_stream(b"q 1 0 0 1 0 0 cm (unterminated Tj Q")
        broken = io.BytesIO()
        single.save(broken)
    written = assemble_pdfa([broken.getvalue()], tmp_path / "broken.pdf", validate=False)
    problem = pdfa_problem_in(str(written))
    assert problem is not None and "content" in problem.lower()
