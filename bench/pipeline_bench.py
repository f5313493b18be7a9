"""Keep pace with the feeder: SoHoa's streaming pipeline against scan-then-ocrmypdf, side by side in one run.

Prints tail latency (last page out of a 30-ppm feeder → signed PDF/A ready; the workers start with the run, while
the feeder warms up, as `sohoa capture` does), sustained pages per minute on warm workers, simplex against duplex with
blank backs, the peak memory of a worker, bytes per page against `ocrmypdf -O1`, and Vietnamese character error rates
against plain `tesseract -l vie`.

    .venv/bin/python bench/pipeline_bench.py [--pages 20] [--ppm 30] [--skip-baseline] [--encoding jpeg|mrc]
                                             [--busy-core]

The baselines: ocrmypdf ``-O1`` fed the lossless pages (PNG, as SoHoa keeps its masters), and fed the same pages as
JPEG (quality 70, as the worn scanner of the stack delivered them), which ocrmypdf keeps as they are. With
``--busy-core`` another program spins on one core for the whole run (the clerk's browser beside the station).
"""

from __future__ import annotations

import argparse
import atexit
import dataclasses
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine, pdf_pages_text, stack, stack_cer, timed
from worker_figures import (
    blank_backs,
    images_per_minute,
    mib,
    peak_on_largest_page,
    peak_rss_kib,
    worker_peak_kib,
)

from app.capture.stream import StreamingCapture
from app.checks import Profile, load_profile
from app.core.config import Settings
from app.imaging.workers import WorkerPool
from app.signing import sign_pdf, station_signer
from scanner import CancelToken, ScanOptions, driver_for


def sign_step(work: Path) -> Callable[[Path], Path]:
    """Sign as the counter does, with the station's DEMO certificate (visible ND 30/2020 stamp)."""
    settings = Settings(data_dir=str(work / "station"))
    station = station_signer(settings)

    def finish(unsigned: Path) -> Path:
        signed = unsigned.with_name(unsigned.stem + "-signed.pdf")
        sign_pdf(unsigned, signed, station.config, station.demo_pin, station.appearance, None,  # type: ignore[arg-type]
                 trust_roots=station.trust_roots, ltv=False)
        return signed

    return finish


def run_sohoa(pages_dir: Path, work: Path, ppm: float | None, finisher: Callable[[Path], Path],
              profile: Profile | None, declared: int, pool: WorkerPool | None = None) -> tuple[dict[str, Any], Path]:
    """One streaming run as `sohoa capture` does it (on ``pool``'s workers when given, else on its own started with
    the run); returns its timeline and the PDF/A before signing (the OCR layer and size are compared on unsigned
    files on both sides: the visible stamp adds text to the page)."""
    out = work / f"sohoa-{ppm or 'max'}.pdf"
    device = f"sim:{pages_dir}" + (f"?ppm={ppm}" if ppm else "")
    capture = StreamingCapture(work / f"pages-{ppm or 'max'}", out, finisher=finisher, profile=profile,
                               declared_pages=declared, pool=pool)
    result = capture.run(driver_for(device), device, ScanOptions(dpi=300), CancelToken())
    assert result.pdf is not None, result.error
    if result.report is not None and not result.report.ok:
        raise SystemExit(f"the checks blocked signing: {[f.code for f in result.report.findings]}")
    assert result.moment("signed") is not None
    return result.timeline(), out


def run_baseline(pages: list[Path], work: Path, optimize: int, figures: dict[str, float],
                 finisher: Callable[[Path], Path]) -> Path:
    """What a clerk does today: scan everything, then run ocrmypdf on the batch, then sign. Returns the unsigned
    ocrmypdf output (compared with SoHoa's unsigned PDF/A)."""
    import img2pdf

    scanned = work / "scanned.pdf"
    scanned.write_bytes(img2pdf.convert([str(p) for p in pages]))
    out = work / f"ocrmypdf-O{optimize}.pdf"
    cmd = ["ocrmypdf", "-q", "-l", "vie+eng", "--output-type", "pdfa-2", "--deskew", "--rotate-pages",
           "-O", str(optimize), str(scanned), str(out)]
    with timed(f"ocrmypdf_O{optimize}_s", figures):
        subprocess.run(cmd, check=True, capture_output=True)
        finisher(out)
    return out


def as_jpeg(pages: list[Path], folder: Path) -> list[Path]:
    """The pages as the scanner's own JPEG (quality 70, the stack's own degradation), for the second baseline."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for page in pages:
        target = folder / (page.stem + ".jpg")
        with Image.open(page) as image:
            image.convert("RGB").save(target, quality=70, dpi=(300, 300))
        out.append(target)
    return out


def busy_core() -> subprocess.Popen[bytes]:
    """Another program keeping one core busy (a plain loop in its own process) until :func:`stop` or the bench's
    exit, whatever ends it."""
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    atexit.register(stop, spinner)
    return spinner


def stop(spinner: subprocess.Popen[bytes] | None) -> None:
    if spinner is not None and spinner.poll() is None:
        spinner.kill()
        spinner.wait()


def plain_tesseract_texts(pages: list[Path]) -> list[str]:
    return [subprocess.run(["tesseract", str(p), "-", "-l", "vie"], capture_output=True, text=True,
                           check=True).stdout for p in pages]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--ppm", type=float, default=30.0)
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--profile", default="standard",
                        help="checks profile run on every page as the station does; 'none' for OCR and build only")
    parser.add_argument("--encoding", choices=("", "jpeg", "mrc"), default="",
                        help="page encoding (default: the profile's, MRC unless it says otherwise)")
    parser.add_argument("--busy-core", action="store_true",
                        help="keep one core busy with another program during the whole run")
    args = parser.parse_args()
    profile = None if args.profile == "none" else load_profile(args.profile)
    if profile is not None and args.encoding:
        profile = dataclasses.replace(profile, page_encoding=args.encoding)
    spinner = busy_core() if args.busy_core else None
    if shutil.which("ocrmypdf") is None:
        ocrmypdf_bin = Path(sys.executable).parent / "ocrmypdf"
        if ocrmypdf_bin.exists():
            os.environ["PATH"] = f"{ocrmypdf_bin.parent}:{os.environ['PATH']}"
    work = Path(tempfile.mkdtemp(prefix="sohoa-bench-"))
    pages_dir = work / "stack"
    pages = stack(pages_dir, args.pages)
    truths = [p.with_suffix(".txt") for p in pages]
    finisher = sign_step(work)
    print(f"{args.pages} pages, 300 dpi colour, {args.ppm:g}-ppm simulated feeder; checks profile "
          f"{args.profile}; page encoding {(profile.page_encoding if profile else '') or 'mrc (default)'}; signed "
          f"with the DEMO certificate{'; one core kept busy by another program' if spinner else ''}")

    load = os.getloadavg()
    print(machine())
    print(f"load average at start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores")
    paced, paced_pdf = run_sohoa(pages_dir, work, args.ppm, finisher, profile, args.pages)
    tail = paced["tail_latency_s"]
    print(f"SoHoa tail latency (last page out → signed PDF/A ready): {tail:.2f} s")
    arrived = max(p["arrived_s"] for p in paced["pages"])
    print(f"  from the last sheet's arrival (before its lossless master is written; its worker starts at once): "
          f"{paced['signed_s'] - arrived:.2f} s")
    last_done = max(p["done_s"] for p in paced["pages"])
    print(f"  of which: last page out → every page processed {last_done - paced['last_page_out_s']:.2f} s; "
          f"→ PDF/A assembled {paced['pdf_ready_s'] - last_done:.2f} s; → signed "
          f"{paced['signed_s'] - paced['pdf_ready_s']:.2f} s")
    feeder_s = args.pages * 60 / args.ppm
    print(f"SoHoa from the start of the run (workers not yet started) to the signed file, minus the feeder's own "
          f"{feeder_s:.0f} s: {paced['signed_s'] - feeder_s:.2f} s (the last sheet left the simulated feeder at "
          f"{arrived:.2f} s; \"last page out\" above is once its master was written, at "
          f"{paced['last_page_out_s']:.2f} s)")

    with WorkerPool() as pool:  # the station's workers, warm, as the counter keeps them for its session
        pool.warm_up()
        t0 = time.perf_counter()
        flat, _flat_pdf = run_sohoa(pages_dir, work, None, finisher, profile, args.pages, pool)
        flat_total = time.perf_counter() - t0
        end = flat["signed_s"] or flat["pdf_ready_s"]
        print(f"SoHoa sustained rate (feeder unthrottled, warm workers): {args.pages / end * 60:.1f} pages/min "
              f"({end:.1f} s for {args.pages} pages; {flat_total:.1f} s to the signed file)")
        peaks = ", ".join(mib(worker_peak_kib(pid)) for pid in pool.pids())
        print(f"peak RSS of each of the {pool.workers} workers after those {args.pages} pages: {peaks}")
        sheets = [p for pair in zip(pages, blank_backs(pages, work / "backs"), strict=True) for p in pair]
        simplex = images_per_minute(pool, pages, profile)
        duplex = images_per_minute(pool, sheets, profile)
        print(f"page pass on warm workers from the PNG files (checks included, no PDF build): simplex "
              f"{simplex:.1f} pages/min; duplex with blank backs {duplex:.1f} images/min ({duplex / simplex:.2f}x)")
        simplex = images_per_minute(pool, pages, profile, work / "scanned-simplex")
        duplex = images_per_minute(pool, sheets, profile, work / "scanned-duplex")
        print(f"page pass as a scanner hands the pages over (in memory; work copy and lossless master written "
              f"meanwhile): simplex {simplex:.1f} pages/min; duplex with blank backs {duplex:.1f} images/min "
              f"({duplex / simplex:.2f}x)")
    page, started, after = peak_on_largest_page(pages, profile)
    print(f"peak RSS of one worker: {mib(started)} once started, {mib(after)} after the largest page "
          f"({page.name}); this process {mib(peak_rss_kib())}")

    sohoa_bytes = paced_pdf.stat().st_size / args.pages
    sohoa_cer = stack_cer(truths, pdf_pages_text(paced_pdf))
    print(f"SoHoa size: {sohoa_bytes / 1024:.0f} KiB/page; CER {sohoa_cer * 100:.2f} %")

    plain_cer = stack_cer(truths, plain_tesseract_texts(pages))
    print(f"plain `tesseract -l vie` CER: {plain_cer * 100:.2f} %  → SoHoa/plain = "
          f"{sohoa_cer / max(plain_cer, 1e-9):.2f}")

    if args.skip_baseline:
        stop(spinner)
        return 0
    for fed, inputs in (("PNG", pages), ("JPEG q70", as_jpeg(pages, work / "jpeg"))):
        figures: dict[str, float] = {}
        base_pdf = run_baseline(inputs, work, 1, figures, finisher)
        baseline_tail = figures["ocrmypdf_O1_s"]
        base_bytes = base_pdf.stat().st_size / args.pages
        base_cer = stack_cer(truths, pdf_pages_text(base_pdf))
        print(f"ocrmypdf fed {fed} pages, -l vie+eng --output-type pdfa-2 --deskew --rotate-pages -O1, then signing: "
              f"{baseline_tail:.1f} s after the last page; {base_bytes / 1024:.0f} KiB/page; "
              f"CER {base_cer * 100:.2f} %")
        print(f"  tail latency ratio (ocrmypdf / SoHoa): {baseline_tail / max(tail, 1e-9):.1f}x; size ratio (SoHoa / "
              f"ocrmypdf): {sohoa_bytes / base_bytes:.2f}; CER difference: {(sohoa_cer - base_cer) * 100:+.2f} points")
    stop(spinner)
    load = os.getloadavg()
    print(f"load average at end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
