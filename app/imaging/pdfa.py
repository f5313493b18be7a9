"""Assemble processed pages into one searchable PDF/A-2b: each page is its image at 100 % scale (from its dpi)
with an invisible text layer on top; pikepdf's PDF/A writer declares, repairs and validates the result."""

from __future__ import annotations

import gc
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import img2pdf
import pikepdf
from pikepdf import pdfa

from app import __version__
from app.core.errors import SohoaError
from app.core.files import atomic_write_bytes
from app.imaging.mrc import mrc_page
from app.imaging.pageproc import ProcessedPage, text_layer_pdf

PRODUCER = f"SoHoa {__version__}"


class PdfBuildError(SohoaError):
    message_vi = "Không tạo được tệp PDF/A từ các trang đã quét."
    message_en = "Could not build the PDF/A from the scanned pages."


@dataclass
class PdfMetadata:
    title: str = ""
    subject: str = ""
    author: str = ""
    keywords: str = ""
    language: str = "vi-VN"


def page_pdf(page: ProcessedPage) -> pikepdf.Pdf:
    """One page: the image (or its MRC layers) at its own dpi, plus the text layer when there is OCR."""
    if page.mrc is not None:
        image_pdf = mrc_page(page.mrc, page.dpi)
    else:
        layout = img2pdf.get_fixed_dpi_layout_fun((page.dpi, page.dpi))
        image_pdf = pikepdf.open(io.BytesIO(img2pdf.convert(page.image_bytes, layout_fun=layout)))
    if page.ocr is not None and page.ocr.words:
        text_pdf = pikepdf.open(io.BytesIO(text_layer_pdf(page.ocr, page.dpi)))
        image_pdf.pages[0].add_overlay(text_pdf.pages[0], pikepdf.Rectangle(image_pdf.pages[0].mediabox))
    return image_pdf


def page_pdf_bytes(page: ProcessedPage) -> bytes:
    """The finished one-page PDF, so workers do this work and the final assembly only concatenates."""
    single = page_pdf(page)
    buffer = io.BytesIO()
    single.save(buffer)
    single.close()
    return buffer.getvalue()


def build_pdfa(pages: Iterable[ProcessedPage], out: Path, meta: PdfMetadata | None = None, *,
               validate: bool = True) -> Path:
    """Write the PDF/A-2b durably (temp file, validate, rename); ``validate=False``: the caller validates the file
    with :func:`pdfa_problem_in` (on a worker, while it signs) before anything else reads it."""
    ordered = sorted(pages, key=lambda p: p.index)
    return assemble_pdfa([page.pdf if page.pdf is not None else page_pdf_bytes(page) for page in ordered], out, meta,
                         validate=validate)


def assemble_pdfa(page_pdfs: Sequence[bytes], out: Path, meta: PdfMetadata | None = None, *,
                  validate: bool = True) -> Path:
    """The PDF/A-2b from finished one-page PDFs, in order (no OCR here: e.g. the pages the checks already made)."""
    meta = meta or PdfMetadata()
    pdf = pikepdf.new()
    sources: list[pikepdf.Pdf] = []
    for data in page_pdfs:
        try:
            single = pikepdf.open(io.BytesIO(data))
        except pikepdf.PdfError as exc:
            raise PdfBuildError(str(exc)) from exc
        sources.append(single)
        pdf.pages.append(single.pages[0])
    if not pdf.pages:
        raise PdfBuildError("no pages")
    pdf.Root.Lang = pikepdf.String(meta.language)
    now = datetime.now().astimezone()
    with pdf.open_metadata(set_pikepdf_as_editor=False) as xmp:
        xmp["dc:title"] = meta.title or "Hồ sơ số hóa"
        if meta.author:
            xmp["dc:creator"] = [meta.author]
        if meta.subject:
            xmp["dc:description"] = meta.subject
        if meta.keywords:
            xmp["pdf:Keywords"] = meta.keywords
        xmp["pdf:Producer"] = PRODUCER
        xmp["xmp:CreatorTool"] = PRODUCER
        xmp["xmp:CreateDate"] = now.isoformat(timespec="seconds")
        xmp["xmp:ModifyDate"] = now.isoformat(timespec="seconds")
    try:
        pdfa.prepare(pdf, FLAVOUR, output_intent="sRGB")  # declares it, adds the output intent, repairs
        buffer = io.BytesIO()
        pdf.save(buffer, **_SAVE)
    finally:
        for source in sources:
            source.close()
    data = buffer.getvalue()
    problem = pdfa_problem(data) if validate else None
    if problem is not None:
        raise PdfBuildError(problem)
    atomic_write_bytes(out, data)
    return out


FLAVOUR = "2b"
_SAVE = pdfa.resolve_save_kwargs(FLAVOUR)  # what pikepdf's PDF/A writer saves with


def pdfa_problem(data: bytes) -> str | None:
    """Why ``data`` is not PDF/A-2b, or None when it is (pikepdf's validator, as its own save runs it). The
    validator records every Python warning raised while it parses a content stream, and warnings are process-wide:
    one raised meanwhile by another thread (a connection the sync worker let go, a library's deprecation) reads as
    a content-stream violation. Such a finding is checked once more, after a garbage collection; a real one is
    found again and refused."""
    for attempt in (1, 2):
        report = pdfa.validate_written(io.BytesIO(data), FLAVOUR, save_kwargs=_SAVE)
        if report.verdict == "pass":
            return None
        if attempt == 2 or not _only_caught_warnings(report):
            return str(pdfa.PdfaError(report))
        gc.collect()
    raise AssertionError("unreachable")


def pdfa_problem_in(path: str) -> str | None:
    """:func:`pdfa_problem` of a file (a worker's task: only the path crosses to it)."""
    return pdfa_problem(Path(path).read_bytes())


def _only_caught_warnings(report: pdfa.Report) -> bool:
    return bool(report.violations) and all(
        f.rule == "pikepdf:content-parse" and f.message.startswith("content stream: ") for f in report.violations)


def is_pdfa(path: Path) -> str | None:
    """The PDF/A part and conformance a file claims (e.g. "2B"), or None."""
    with pikepdf.open(path) as pdf:
        meta = pdf.open_metadata()
        part = meta.get("pdfaid:part")
        conformance = meta.get("pdfaid:conformance")
    return f"{part}{conformance}" if part else None
