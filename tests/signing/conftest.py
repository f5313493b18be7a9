"""Real signing components for the signing tests: a station PDF/A and an NSS database for poppler's pdfsig. The
test PKI (CA, RFC 3161 TSA, CRL served on loopback) and the session's SoftHSM2 token are suite-wide fixtures in
tests/signing_fixtures.py (one token per process: the counter-day tests sign with it too)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.signing.pki import Pki
from tests.signing_fixtures import PkiServer, SoftHsm, _run

__all__ = ["PkiServer", "SoftHsm", "pdfsig"]  # PkiServer and SoftHsm: the signing tests import them from here


@pytest.fixture(scope="session")
def pdfa_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A two-page station PDF/A-2b (rendered Vietnamese pages, no OCR: signing does not care)."""
    from app.imaging.pageproc import PageOptions, process_page
    from app.imaging.pdfa import build_pdfa
    from app.imaging.samples import PageSpec, render_page

    pages = []
    for number in (1, 2):
        image, _ = render_page(PageSpec(number=number, total=2, dpi=100, seed=4))
        pages.append(process_page(None, image, 100, number - 1, PageOptions(ocr=False)))
    return build_pdfa(pages, tmp_path_factory.mktemp("pdfa") / "component.pdf")


@pytest.fixture
def pdfa(tmp_path: Path, pdfa_source: Path) -> Path:
    copy = tmp_path / "in.pdf"
    shutil.copyfile(pdfa_source, copy)
    return copy


@pytest.fixture(scope="session")
def nssdb(tmp_path_factory: pytest.TempPathFactory, pki: Pki) -> Path:
    folder = tmp_path_factory.mktemp("nss")
    _run("certutil", "-N", "-d", f"sql:{folder}", "--empty-password")
    _run("certutil", "-A", "-d", f"sql:{folder}", "-n", "ca", "-t", "C,C,C", "-i", str(pki.ca_pem))
    return folder


def pdfsig(path: Path, nssdb: Path) -> str:
    """poppler's independent verdict (never with -no-ocsp: poppler 22.12 then reports an unknown issue)."""
    result = subprocess.run(["pdfsig", "-nssdir", f"sql:{nssdb}", str(path)], capture_output=True, text=True,
                            timeout=60)
    return result.stdout + result.stderr
