"""A result's PDF as it is kept and sent: refused unless whole, unencrypted and inert (the intake's checks), then
PDF/A-2b with a text layer built from its pages like a scanned component, each page checked (blank, cut off, skew…).
A PDF that already is PDF/A, or carries a signature (the authority's), is kept byte for byte: rebuilding it would
drop the signature that makes it the result."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

from app.capture.pipeline import PagePipeline
from app.checks.findings import Finding
from app.checks.profiles import STANDARD, Profile
from app.core.files import atomic_copy
from app.imaging.pdf_intake import check_submitted_pdf
from app.imaging.pdfa import PdfMetadata, build_pdfa, is_pdfa
from app.imaging.pool import PageInput
from scanner.file_pages import probe_file


@dataclass
class ResultPdf:
    pages: int
    pdfa: bool
    kept_as_is: bool  # PDF/A or signed already: the original bytes
    findings: list[Finding] = field(default_factory=list)


def signed(path: Path) -> bool:
    """The PDF holds a filled signature field."""
    with pikepdf.open(path) as pdf:
        form = pdf.Root.get("/AcroForm")
        fields = form.get("/Fields") if isinstance(form, pikepdf.Dictionary) else None
        return isinstance(fields, pikepdf.Array) and any(
            isinstance(f, pikepdf.Dictionary) and f.get("/FT") == pikepdf.Name.Sig and "/V" in f for f in fields)


def result_pdfa(src: Path, out: Path, *, title: str = "", languages: str = "vie+eng", profile: Profile = STANDARD,
                workers: int = 1) -> ResultPdf:
    """Write the result's PDF to ``out`` (atomically) and say what it is."""
    pages = check_submitted_pdf(src)
    claimed = is_pdfa(src)
    if claimed or signed(src):
        atomic_copy(src, out)
        return ResultPdf(pages, bool(claimed), True)
    inputs = [PageInput(p.path, p.dpi, p.frame) for p in probe_file(src)]
    with PagePipeline(languages, workers=workers, profile=profile) as pipeline:
        for page in inputs:
            pipeline.submit(page)
        processed = pipeline.results()
    build_pdfa(processed, out, PdfMetadata(title=title))
    return ResultPdf(len(processed), True, False,
                     [f for p in processed if p.checks is not None for f in p.checks.findings])
