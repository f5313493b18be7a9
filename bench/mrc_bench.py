"""Pages a tenth the size: MRC against plain JPEG, and the lean page pass against the full one, in one run.

For 300-dpi colour text pages, each with a red seal over its last lines (scanner noise, blur, JPEG 70 at the
scanner; straight, so the lossless master and the archived page line up for the legibility comparison):
- bytes per page of the signed archive (PAdES, DEMO certificate, visible stamp), JPEG and MRC;
- legibility: CER of Tesseract run again on the archived page as pdfium renders it at 300 dpi, against the same
  Tesseract on the lossless master; the seal's mean hue and saturation in its region, master against archive;
- rate on the workers (2 by default) with the standard checks: the full page pass (OSD and OCR on every page, as
  before) against the lean one, simplex and duplex with blank backs;
- with ``--recode-pdf``, the same pages through the Internet Archive's archive-pdf-tools (``recode_pdf``, its own MRC
  from Tesseract's hOCR; CCITT G4 mask, as no JBIG2 encoder is packaged here; JPEG and JPEG 2000 layers). It is AGPL:
  a baseline in its own environment, never a dependency of the station:

    python3 -m venv /tmp/apt && /tmp/apt/bin/pip install archive-pdf-tools==1.5.7
    apt-get install jpegoptim libopenjp2-tools

    PYTHONPATH=. .venv/bin/python bench/mrc_bench.py [--pages 6] [--workers 2] [--recode-pdf /tmp/apt/bin/recode_pdf]
"""

from __future__ import annotations

import argparse
import colorsys
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import cer, pdf_pages_text, stack_cer
from pipeline_bench import sign_step

from app.capture.pipeline import PagePipeline
from app.checks import load_profile
from app.imaging.ocr import OcrEngine
from app.imaging.pageproc import PageOptions, ProcessedPage
from app.imaging.pdfa import build_pdfa
from app.imaging.pool import PageInput
from app.imaging.samples import PageSpec, degrade, render_page

DPI = 300
HUE_TOLERANCE_DEG = 8.0
SATURATION_TOLERANCE = 0.10
PAPER = (246, 243, 233)


def sealed_stack(folder: Path, pages: int, seed: int = 19) -> list[tuple[Path, Path, tuple[int, int, int, int]]]:
    """(page PNG, ground truth, seal box) for each page."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for number in range(1, pages + 1):
        clean, truth = render_page(PageSpec(number=number, total=pages, seed=seed, dpi=DPI, seal=True,
                                            seal_over_text=True))
        arr = np.asarray(clean).astype(int)
        ys, xs = np.nonzero((arr[..., 0] - np.maximum(arr[..., 1], arr[..., 2])) > 80)
        box = (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)
        image = degrade(clean, seed * 1000 + number, skew_deg=0.0, noise=14.0, blur=0.9, jpeg_quality=70)
        path = folder / f"page-{number:03d}.png"
        image.save(path, dpi=(DPI, DPI), compress_level=1)
        path.with_suffix(".txt").write_text(truth, encoding="utf-8")
        out.append((path, path.with_suffix(".txt"), box))
    return out


def blank_back(folder: Path, number: int) -> Path:
    path = folder / f"back-{number:03d}.png"
    degrade(Image.new("RGB", (2480, 3508), PAPER), 500 + number, skew_deg=0.0, noise=14.0, blur=0.9,
            jpeg_quality=70).save(path, dpi=(DPI, DPI), compress_level=1)
    return path


def seal_colour(image: Image.Image, box: tuple[int, int, int, int]) -> tuple[float, float]:
    """Mean hue (degrees, circular) and saturation (0-1) of the red ink pixels inside the seal's box."""
    arr = np.asarray(image.convert("RGB").crop(box)).reshape(-1, 3) / 255.0
    ink = arr[(arr[:, 0] - np.maximum(arr[:, 1], arr[:, 2])) > 0.2]
    hsv = np.array([colorsys.rgb_to_hsv(*p) for p in ink[:: max(1, len(ink) // 3000)]])
    return float(np.degrees(np.angle(np.mean(np.exp(2j * np.pi * hsv[:, 0]))))), float(hsv[:, 1].mean())


def run(paths: list[Path], workers: int, encoding: str, lean: bool) -> tuple[list[ProcessedPage], float]:
    """Every page through the pipeline with the standard checks, feeder unthrottled; seconds after warm-up."""
    profile = replace(load_profile("standard"), page_encoding=encoding)
    options = PageOptions(encoding=encoding, lean=lean)
    with PagePipeline(workers=workers, options=options, profile=profile) as pipeline:
        pipeline.warm_up()
        start = time.perf_counter()
        for path in paths:
            pipeline.submit(PageInput(path, DPI))
        done = pipeline.results()
        return done, time.perf_counter() - start


def recode_baseline(recode_pdf: Path, paths: list[Path], work: Path, image_format: str) -> tuple[float, Path]:
    """archive-pdf-tools on the same pages: Tesseract's hOCR of the stack (``vie+eng``), then ``recode_pdf`` with a
    CCITT G4 mask and ``image_format`` layers. Returns the seconds both took and the PDF (not PDF/A)."""
    listing = work / "recode-pages.txt"
    listing.write_text("\n".join(str(p) for p in paths) + "\n", encoding="utf-8")
    out = work / f"recode-{image_format}.pdf"
    start = time.perf_counter()
    subprocess.run(["tesseract", str(listing), str(work / "recode"), "-l", "vie+eng", "hocr"], check=True,
                   capture_output=True)
    implementation = ["-J", "openjpeg"] if image_format == "jpeg2000" else []
    subprocess.run([str(recode_pdf), "-I", str(paths[0].parent / "page-*.png"), "-T", str(work / "recode.hocr"),
                    "-D", str(DPI), "--mask-compression", "ccitt", "--mrc-image-format", image_format,
                    *implementation, "-o", str(out)], check=True, capture_output=True)
    return time.perf_counter() - start, out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=6)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--recode-pdf", type=Path, default=None, metavar="PATH",
                        help="archive-pdf-tools' recode_pdf, run on the same pages as a baseline")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sohoa-mrc-bench-"))
    pages = sealed_stack(work / "stack", args.pages)
    paths = [p for p, _, _ in pages]
    truths = [t for _, t, _ in pages]
    sign = sign_step(work)
    load = os.getloadavg()
    print(f"{args.pages} pages, {DPI} dpi colour, red seal over the last lines; {args.workers} workers; "
          f"standard checks; load average at start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores")

    rates: dict[str, float] = {}
    built: dict[str, Path] = {}
    for label, encoding, lean in (("jpeg, full pass", "jpeg", False), ("jpeg, lean pass", "jpeg", True),
                                  ("mrc, lean pass", "mrc", True)):
        processed, seconds = run(paths, args.workers, encoding, lean)
        rates[label] = len(paths) / seconds * 60
        out = build_pdfa(processed, work / f"{encoding}-{lean}.pdf")
        signed = sign(out)
        built[label] = out
        size = signed.stat().st_size / len(paths)
        print(f"{label:16s} {rates[label]:5.1f} pages/min; signed archive {size / 1024:6.1f} KiB/page "
              f"(unsigned {out.stat().st_size / len(paths) / 1024:.1f}); text layer CER "
              f"{stack_cer(truths, pdf_pages_text(out)) * 100:.2f} %")
    print(f"rate ratio lean/full (jpeg): {rates['jpeg, lean pass'] / rates['jpeg, full pass']:.2f}x; "
          f"mrc/jpeg (lean): {rates['mrc, lean pass'] / rates['jpeg, lean pass']:.2f}x")
    if args.recode_pdf is not None:
        mrc_size = sign(built["mrc, lean pass"]).stat().st_size
        for label, fmt in (("recode_pdf, jpeg", "jpeg"), ("recode_pdf, jpeg2000", "jpeg2000")):
            seconds, out = recode_baseline(args.recode_pdf, paths, work, fmt)
            built[label] = out
            size = sign(out).stat().st_size
            print(f"{label:20s} {len(paths) / seconds * 60:5.1f} pages/min (Tesseract hOCR on one process, then "
                  f"recode_pdf); signed archive {size / len(paths) / 1024:6.1f} KiB/page (unsigned "
                  f"{out.stat().st_size / len(paths) / 1024:.1f}); text layer CER "
                  f"{stack_cer(truths, pdf_pages_text(out)) * 100:.2f} %; SoHoa MRC / this = {mrc_size / size:.2f}")

    backs = [blank_back(work / "stack", n) for n in range(1, args.pages + 1)]
    duplex = [p for pair in zip(paths, backs, strict=True) for p in pair]
    duplex_rates = {}
    for label, lean in (("full pass", False), ("lean pass", True)):
        _, seconds = run(duplex, args.workers, "jpeg", lean)
        duplex_rates[label] = len(duplex) / seconds * 60
        print(f"duplex, blank backs, {label}: {duplex_rates[label]:5.1f} images/min")
    print(f"duplex ratio lean/full: {duplex_rates['lean pass'] / duplex_rates['full pass']:.2f}x")

    with OcrEngine("vie+eng") as engine:
        master_text, master_seal = [], []
        for path, _, box in pages:
            with Image.open(path) as image:
                master_text.append(engine.recognize(image.convert("L"), DPI).text)
                master_seal.append(seal_colour(image, box))
        master_cer = stack_cer(truths, master_text)
        print(f"lossless master: Tesseract CER {master_cer * 100:.2f} %")
        for label in [k for k in built if k != "jpeg, full pass"]:
            texts, worst_hue, worst_sat = [], 0.0, 0.0
            with pdfium.PdfDocument(built[label]) as pdf:
                for n, (_, _, box) in enumerate(pages):
                    shown = pdf[n].render(scale=DPI / 72).to_pil()
                    texts.append(engine.recognize(shown.convert("L"), DPI).text)
                    hue, sat = seal_colour(shown, box)
                    worst_hue = max(worst_hue, abs(hue - master_seal[n][0]))
                    worst_sat = max(worst_sat, abs(sat - master_seal[n][1]))
            archived = stack_cer(truths, texts)
            ok = worst_hue <= HUE_TOLERANCE_DEG and worst_sat <= SATURATION_TOLERANCE
            print(f"{label:20s} re-OCR CER {archived * 100:.2f} % ({(archived - master_cer) * 100:+.2f} points vs "
                  f"master); seal hue off by ≤ {worst_hue:.1f}°, saturation by ≤ {worst_sat:.3f} "
                  f"(tolerance {HUE_TOLERANCE_DEG:g}°, {SATURATION_TOLERANCE:g}): {'red' if ok else 'NOT RED'}")
        worst_page = max(cer(t.read_text(encoding="utf-8"), s) for t, s in zip(truths, master_text, strict=True))
        print(f"(worst master page CER {worst_page * 100:.2f} %)")
    load = os.getloadavg()
    print(f"load average at end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
