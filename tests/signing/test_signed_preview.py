"""The signed copy's preview is the signed file as a reader shows it: the stamp at the top right of page 1 is drawn
(pdfium draws a signature's appearance only when the document's forms are loaded)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageChops

from app.imaging.pdfpreview import render_pages
from app.signing import Appearance, Pkcs12Config, fixed_pin, sign_pdf
from tests.signing.pki import PASSWORD, Pki


def top_right_ink(png: Path) -> int:
    """Dark pixels in the top right quarter of the page, where ND 30/2020 puts the stamp."""
    image = Image.open(png).convert("L")
    width, height = image.size
    corner = image.crop((width // 2, 0, width, height // 4))
    return sum(1 for value in corner.get_flattened_data() if value < 128)


def test_preview_of_a_signed_copy_shows_its_stamp(pki: Pki, pdfa: Path, tmp_path: Path) -> None:
    signed = tmp_path / "signed.pdf"
    sign_pdf(pdfa, signed, Pkcs12Config(pki.p12("signer")), fixed_pin(PASSWORD), Appearance(agency="Sở Ngoại vụ"))
    (before,) = render_pages(pdfa, tmp_path / "unsigned", dpi=80, max_pages=1)
    (after,) = render_pages(signed, tmp_path / "signed", dpi=80, max_pages=1)
    assert ImageChops.difference(Image.open(before).convert("L"), Image.open(after).convert("L")).getbbox()
    assert top_right_ink(after) > top_right_ink(before) + 200
