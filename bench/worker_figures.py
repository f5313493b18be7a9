"""What the page workers cost, for bench/pipeline_bench.py: pages per minute on the station's warm workers simplex
and duplex with blank backs (the checks' profile on every image, as the counter runs them), and the peak resident
memory of one worker on the largest page of the set."""

from __future__ import annotations

import os
import resource
import time
from functools import partial
from pathlib import Path

from PIL import Image

from app.capture.pipeline import PagePipeline
from app.checks import Profile
from app.core.files import write_page_image
from app.imaging.pool import PageInput
from app.imaging.samples import degrade
from app.imaging.workers import WorkerPool

DPI = 300
PAPER = (246, 243, 233)


def blank_backs(fronts: list[Path], folder: Path) -> list[Path]:
    """The back of every sheet: blank paper with the scanner's noise, blur and JPEG, the size of its front."""
    folder.mkdir(parents=True, exist_ok=True)
    backs = []
    for number, front in enumerate(fronts, start=1):
        with Image.open(front) as image:
            size = image.size
        path = folder / f"back-{number:03d}.png"
        if not path.exists():
            degrade(Image.new("RGB", size, PAPER), 500 + number, skew_deg=0.0, noise=14.0, blur=0.9,
                    jpeg_quality=70).save(path, dpi=(DPI, DPI), compress_level=1)
        backs.append(path)
    return backs


def images_per_minute(pool: WorkerPool, paths: list[Path], profile: Profile | None,
                      scanned: Path | None = None) -> float:
    """Every image through the warm workers, unthrottled, with the checks: images per minute. ``scanned``: the
    images are handed over as a scanner hands them (decoded beforehand, outside the clock; each page's work copy
    and its lossless master written into that folder while the workers run, as the counter does); else each worker
    decodes its page from the PNG file (a re-check of stored pages)."""
    pipeline = PagePipeline(profile=profile, pool=pool)
    images: list[Image.Image] = []
    for path in paths if scanned is not None else ():
        with Image.open(path) as image:
            image.load()
            images.append(image.copy())
    start = time.perf_counter()
    if scanned is None:
        for path in paths:
            pipeline.submit(PageInput(path, DPI))
    else:
        scanned.mkdir(parents=True, exist_ok=True)
        for number, page in enumerate(images, start=1):
            pipeline.submit_scanned(page, DPI, scanned, partial(keep_master, scanned / f"{number:04d}.png", page))
    pipeline.results()
    return len(paths) / (time.perf_counter() - start) * 60


def keep_master(path: Path, image: Image.Image) -> Path:
    write_page_image(path, image, DPI)
    return path


def worker_peak_kib(pid: int) -> int | None:
    """A worker's resident high-water mark (VmHWM) as Linux reports it; None elsewhere."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    line = next((row for row in status.splitlines() if row.startswith("VmHWM:")), None)
    return int(line.split()[1]) if line else None


def peak_rss_kib() -> int:
    """This process's resident high-water mark in KiB: VmHWM where Linux gives it (ru_maxrss would not do for a
    spawned worker: Linux carries the parent's high-water mark across the fork and exec that start it)."""
    own = worker_peak_kib(os.getpid())
    return own if own is not None else int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def largest(paths: list[Path]) -> Path:
    def pixels(path: Path) -> tuple[int, int]:
        with Image.open(path) as image:
            return image.width * image.height, path.stat().st_size

    return max(paths, key=pixels)


def peak_on_largest_page(paths: list[Path], profile: Profile | None) -> tuple[Path, int, int]:
    """One fresh worker: its peak RSS once started (engine and text-layer fonts loaded), then after the largest
    page of the set went through the whole page pass with the checks (KiB, KiB)."""
    page = largest(paths)
    with WorkerPool(workers=1) as pool:
        pool.warm_up()
        started = pool.submit(peak_rss_kib).result()
        PagePipeline(profile=profile, pool=pool).submit(PageInput(page, DPI)).result()
        after = pool.submit(peak_rss_kib).result()
    return page, started, after


def mib(kib: int | None) -> str:
    return "n/a" if kib is None else f"{kib / 1024:.0f} MiB"
