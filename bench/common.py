"""Shared helpers for the benchmarks: sample stacks with ground truth, character error rate, timing."""

from __future__ import annotations

import os
import platform
import random
import re
import subprocess
import sys
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from app.imaging.samples import PageSpec, degrade, render_page


def stack(folder: Path, pages: int, dpi: int = 300, seed: int = 11) -> list[Path]:
    """Pages as a worn office scanner delivers them: skew up to 3°, visible noise and blur, JPEG at 70."""
    if len(list(folder.glob("page-*.png"))) == pages:
        return sorted(folder.glob("page-*.png"))
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    written = []
    for number in range(1, pages + 1):
        image, truth = render_page(PageSpec(number=number, total=pages, seed=seed, dpi=dpi, seal=number % 5 == 0))
        image = degrade(image, seed * 1000 + number, skew_deg=rng.uniform(-3.0, 3.0), noise=14.0,
                        blur=0.9, jpeg_quality=70)
        path = folder / f"page-{number:03d}.png"
        image.save(path, dpi=(dpi, dpi), compress_level=1)
        path.with_suffix(".txt").write_text(truth, encoding="utf-8")
        written.append(path)
    return written


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"\s+", " ", text).strip()


def cer(truth: str, seen: str) -> float:
    """Character error rate: edit distance over the length of the truth (whitespace folded)."""
    t, s = normalize(truth), normalize(seen)
    return Levenshtein.distance(t, s) / max(1, len(t))


def pdf_pages_text(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return out.split("\f")


def stack_cer(truth_files: list[Path], texts: list[str]) -> float:
    total_chars = sum(len(normalize(t.read_text(encoding="utf-8"))) for t in truth_files)
    errors = sum(cer(t.read_text(encoding="utf-8"), s) * len(normalize(t.read_text(encoding="utf-8")))
                 for t, s in zip(truth_files, texts, strict=False))
    return errors / max(1, total_chars)


@contextmanager
def timed(label: str, into: dict[str, float]) -> Iterator[None]:
    start = time.perf_counter()
    yield
    into[label] = time.perf_counter() - start


def machine() -> str:
    """The machine a figure was taken on, for the line every bench prints first: the CPU as the system names it, its
    cores and clock, the widest vector unit, the memory, the Python."""
    model, mhz, flags = platform.processor() or platform.machine(), "", set[str]()
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as info:
            for line in info:
                key, _, value = (part.strip() for part in line.partition(":"))
                if key == "model name":
                    model = value
                elif key == "cpu MHz" and not mhz:
                    mhz = f" at {float(value):.0f} MHz"
                elif key == "flags" and not flags:
                    flags = set(value.split())
    except OSError:  # not Linux: what platform knows
        pass
    vector = next((name for flag, name in (("avx512f", "AVX-512"), ("avx2", "AVX2"), ("sse4_2", "SSE4.2"))
                   if flag in flags), "")
    memory = ""
    if hasattr(os, "sysconf") and "SC_PHYS_PAGES" in os.sysconf_names:
        memory = f"; {os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') / 2**30:.1f} GiB memory"
    return (f"machine: {model}, {os.cpu_count()} cores{mhz}{', ' + vector if vector else ''}{memory}; "
            f"{platform.system()} {platform.release()}; Python {sys.version.split()[0]}")
