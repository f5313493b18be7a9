"""`sohoa build`: page images or a manifest to a searchable PDF/A-2b, text readable back with diacritics."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from app.imaging.pdfa import is_pdfa


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.slow
def test_build_folder_to_pdfa_with_vietnamese_text(cli, sample_stack: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out.pdf"
    result = cli("build", str(sample_stack), "--out", str(out), "--lang", "vie+eng")
    assert result.returncode == 0, result.stderr
    assert is_pdfa(out) == "2B"
    text = pdftotext(out)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 3
        width_pt = float(pdf.pages[0].mediabox[2])
    assert abs(width_pt - 595.3) < 2  # A4 at 100 % scale from the page's own dpi
    info = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True, check=True).stdout
    assert " rgb " in info  # colour kept


@pytest.mark.slow
def test_build_from_manifest_and_upside_down_page(cli, small_stack: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    scan = tmp_path / "scan"
    flipped = tmp_path / "feeder"
    flipped.mkdir()
    for i, page in enumerate(sorted(small_stack.glob("*.png"))):
        img = Image.open(page)
        (img.rotate(180) if i == 1 else img).save(flipped / page.name, dpi=(200, 200))
    result = cli("scan", "--device", f"sim:{flipped}", "--dpi", "200", "--out", str(scan))
    assert result.returncode == 0, result.stderr
    out = tmp_path / "m.pdf"
    result = cli("build", str(scan / "manifest.json"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    pages = pdftotext(out).split("\f")
    assert "CỘNG HÒA" in pages[1]  # the upside-down sheet was turned upright before OCR


def test_build_refuses_a_tampered_manifest(cli, small_stack: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    scan = tmp_path / "scan"
    assert cli("scan", "--device", f"sim:{small_stack}", "--dpi", "200", "--out", str(scan)).returncode == 0
    manifest = json.loads((scan / "manifest.json").read_text())
    manifest["pages"][0]["sha256"] = "0" * 64
    (scan / "manifest.json").write_text(json.dumps(manifest))
    out = tmp_path / "x.pdf"
    result = cli("build", str(scan), "--out", str(out))
    assert result.returncode == 2
    assert "manifest" in result.stderr and not out.exists()


def test_build_refuses_a_broken_image_and_writes_nothing(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "pages"
    folder.mkdir()
    Image.new("RGB", (200, 200), "white").save(folder / "a.png")
    (folder / "b.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    out = tmp_path / "x.pdf"
    result = cli("build", str(folder), "--out", str(out))
    assert result.returncode == 3 or result.returncode == 2
    assert "từ chối" in result.stderr and not out.exists()
