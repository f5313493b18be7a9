"""`sohoa capture`: pages are processed while the feeder runs; a fault keeps the pages and builds nothing."""

from __future__ import annotations

import json
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from app.capture.stream import StreamingCapture
from app.imaging.manifest import Manifest
from app.imaging.pageproc import ProcessedPage
from app.imaging.pdfa import is_pdfa
from scanner import CancelToken, ScannedPage, ScanOptions, driver_for


@pytest.mark.slow
def test_capture_streams_pages_and_reports_the_timeline(cli, small_stack: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "c.pdf"
    result = cli("capture", "--device", f"sim:{small_stack}", "--ppm", "40", "--dpi", "200",
                 "--declared-pages", "2", "--out", str(out), "--json")
    assert result.returncode == 0, result.stderr
    timeline = json.loads(result.stdout)
    assert timeline["page_count"] == 2 and is_pdfa(out) == "2B"
    pages = timeline["pages"]
    assert [p["page"] for p in pages] == [1, 2]
    assert all(p["done_s"] >= p["arrived_s"] for p in pages)
    assert timeline["pdf_ready_s"] >= timeline["last_page_out_s"]
    assert timeline["signed_s"] >= timeline["pdf_ready_s"]
    verified = cli("verify", str(out), "--json")
    assert verified.returncode == 0, verified.stdout
    assert json.loads(verified.stdout)["intact"] is True
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "Độc lập - Tự do - Hạnh phúc" in text


@pytest.mark.slow
def test_capture_jam_keeps_pages_and_builds_nothing(cli, small_stack: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "c.pdf"
    keep = tmp_path / "pages"
    result = cli("capture", "--device", f"sim:{small_stack}", "--dpi", "200", "--inject-fault", "2:paper_jam",
                 "--declared-pages", "2", "--out", str(out), "--keep-pages", str(keep), "--no-sign")
    assert result.returncode == 3
    assert "Kẹt giấy" in result.stderr and not out.exists()
    manifest = Manifest.load(keep)
    assert len(manifest.pages) == 1 and manifest.error == {"code": "paper_jam", "native": "injected before page 2"}


def test_capture_opens_the_signer_while_the_feeder_warms_up_and_a_bad_one_stops_the_scan(
        cli, small_stack: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "c.pdf"
    keep = tmp_path / "pages"
    # the signer is opened on a thread once the run has begun (a token without its label is refused there); a
    # feeder at 6 pages a minute holds its first sheet for 10 s, so a scan that was not stopped would have one
    result = cli("capture", "--device", f"sim:{small_stack}", "--ppm", "6", "--dpi", "200", "--declared-pages", "2",
                 "--out", str(out), "--keep-pages", str(keep), "--pkcs11-module", "softhsm")
    assert result.returncode == 2, result.stderr
    assert "--token-label" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists() and not list(keep.glob("page-*")) and not (keep / "unsigned.pdf").exists()


def test_capture_with_the_pin_in_the_environment_refuses_a_missing_certificate_before_the_first_sheet(
        cli, small_stack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "c.pdf"
    keep = tmp_path / "pages"
    monkeypatch.setenv("SOHOA_TEST_PIN", "1234")
    result = cli("capture", "--device", f"sim:{small_stack}", "--ppm", "6", "--dpi", "200", "--declared-pages", "2",
                 "--out", str(out), "--keep-pages", str(keep), "--p12", str(tmp_path / "gone.p12"),
                 "--pin-env", "SOHOA_TEST_PIN")
    assert result.returncode == 5, result.stderr  # the key's own error, not the end of a whole scan
    assert "gone.p12" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists() and not list(keep.glob("page-*")) and not (keep / "unsigned.pdf").exists()


class GatedFeeder:
    """Delivers page 2 only once page 1 has been fully processed: proves pages are processed while scanning."""

    kind = "gated"

    def __init__(self, folder: Path, page_one_done: threading.Event) -> None:
        self.folder = folder
        self.page_one_done = page_one_done

    def scan(self, device: str, options: ScanOptions, cancel: CancelToken) -> Iterator[ScannedPage]:
        for number, path in enumerate(sorted(self.folder.glob("*.png")), start=1):
            if number == 2 and not self.page_one_done.wait(120):
                raise AssertionError("page 1 was not processed while the feeder was still running")
            image = Image.open(path)
            image.load()
            yield ScannedPage(image, 200, number)


def test_pages_are_processed_while_the_feeder_runs(small_stack: Path, tmp_path: Path) -> None:
    page_one_done = threading.Event()
    seen: list[int] = []

    def on_done(page: ProcessedPage) -> None:
        seen.append(page.index)
        if page.index == 0:
            page_one_done.set()

    capture = StreamingCapture(tmp_path / "work", tmp_path / "out.pdf", workers=1)
    result = capture.run(GatedFeeder(small_stack, page_one_done), "gated", ScanOptions(dpi=200),  # type: ignore[arg-type]
                         CancelToken(), on_page_done=on_done)
    assert result.error is None and result.pdf is not None and sorted(seen) == [0, 1]
    kinds = [(e.kind, e.page) for e in result.events]
    assert kinds.index(("page_done", 1)) < kinds.index(("page_in", 2))


@pytest.mark.slow
def test_capture_blocking_finding_is_not_signed(cli, small_stack: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    feeder = tmp_path / "feeder"
    feeder.mkdir()
    first = sorted(small_stack.glob("*.png"))[0]
    for name in ("a.png", "b.png"):  # the same sheet fed twice; the paper has 2 pages
        (feeder / name).write_bytes(first.read_bytes())
    out = tmp_path / "c.pdf"
    result = cli("capture", "--device", f"sim:{feeder}", "--dpi", "200", "--declared-pages", "2",
                 "--out", str(out), "--json")
    assert result.returncode == 1
    timeline = json.loads(result.stdout)
    codes = {f["code"] for f in timeline["checks"]["findings"]}
    assert "duplicate_page" in codes and timeline["checks"]["ok"] is False
    assert timeline["signed_s"] is None and not out.exists()


def test_checks_run_without_ocr_and_keep_the_page_options(small_stack: Path, tmp_path: Path) -> None:
    """A capture with a checks profile and OCR off still checks every page (the image checks) and builds with the
    caller's page options (JPEG, at its quality): the profile decides the automatic fixes only."""
    from app.checks import load_profile
    from app.imaging.pageproc import PageOptions

    def run(quality: int) -> tuple[object, int]:
        out = tmp_path / f"q{quality}.pdf"
        capture = StreamingCapture(tmp_path / f"work{quality}", out, workers=1, profile=load_profile("standard"),
                                   page_options=PageOptions(ocr=False, jpeg_quality=quality, encoding="jpeg"),
                                   declared_pages=2)
        result = capture.run(driver_for(f"sim:{small_stack}"), f"sim:{small_stack}", ScanOptions(dpi=200),
                             CancelToken())
        assert result.error is None and result.report is not None
        assert len(result.report.pages) == 2 and all(p.measures for p in result.report.pages)
        return result.report, out.stat().st_size

    _, small = run(30)
    _, large = run(95)
    assert small < large


def test_a_pdfa_that_fails_its_validation_is_removed_though_signed_meanwhile(small_stack: Path, tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker validates the PDF/A while this process signs it: a file that fails is removed, the signed copy
    with it, and the capture ends in the build's error."""
    import pikepdf

    import app.capture.stream as stream
    from app.imaging.pdfa import PdfBuildError

    def not_pdfa(pages: list[ProcessedPage], out: Path, meta: object, *, validate: bool = True) -> Path:
        assert validate is False  # left to the worker
        with pikepdf.new() as pdf:
            pdf.add_blank_page()
            pdf.save(out)  # no PDF/A declaration, no output intent
        return out

    signed: list[Path] = []

    def sign(unsigned: Path) -> Path:
        copy = unsigned.with_name("signed.pdf")
        copy.write_bytes(unsigned.read_bytes())
        signed.append(copy)
        return copy

    monkeypatch.setattr(stream, "build_pdfa", not_pdfa)
    out = tmp_path / "out.pdf"
    capture = StreamingCapture(tmp_path / "work", out, workers=1, finisher=sign)
    with pytest.raises(PdfBuildError):
        capture.run(driver_for(f"sim:{small_stack}"), f"sim:{small_stack}", ScanOptions(dpi=200), CancelToken())
    assert signed and not signed[0].exists() and not out.exists()
    assert sorted(p.name for p in (tmp_path / "work").glob("page-*.png"))  # the scanned pages are kept
