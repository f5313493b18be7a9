"""Shared helpers for the benchmarks: sample stacks with ground truth, character error rate, timing."""

from __future__ import annotations

import re
import subprocess
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from app.samples import write_sample_stack


def stack(folder: Path, pages: int, dpi: int = 300, seed: int = 11) -> list[Path]:
    if len(list(folder.glob("page-*.png"))) == pages:
        return sorted(folder.glob("page-*.png"))
    return write_sample_stack(folder, pages=pages, dpi=dpi, seed=seed)


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
