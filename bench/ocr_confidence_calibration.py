"""Calibrates the low_ocr_confidence threshold on Vietnamese pages: Tesseract's mean word confidence against the
character accuracy it really reached, over pages degraded from clean to unreadable.

    .venv/bin/python bench/ocr_confidence_calibration.py --pages 4
"""

from __future__ import annotations

import argparse
import random
import time

from rapidfuzz.distance import Levenshtein

from app.checks.page import ocr_confidence
from app.checks.stackgen import scanned
from app.imaging.ocr import OcrEngine
from app.imaging.pageproc import PageOptions, process_page
from app.imaging.samples import PageSpec, render_page

LEVELS = (  # blur sigma (px at 300 dpi), noise sigma, JPEG quality
    (0.6, 5, 85), (1.5, 10, 75), (2.5, 20, 50), (3.5, 30, 25), (4.5, 40, 12), (5.5, 45, 10), (7.0, 50, 8),
)


def accuracy(truth: str, text: str) -> float:
    a, b = " ".join(truth.split()), " ".join(text.split())
    return 1.0 - Levenshtein.normalized_distance(a, b)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=4)
    parser.add_argument("--dpi", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(7)
    print(f"{'blur':>5s} {'noise':>5s} {'jpeg':>4s} {'confidence':>10s} {'accuracy':>8s}")
    started = time.monotonic()
    with OcrEngine() as engine:
        for blur, noise, quality in LEVELS:
            for page in range(args.pages):
                spec = PageSpec(number=page + 1, total=args.pages, seed=page + 11, dpi=args.dpi)
                clean, truth = render_page(spec)
                img = scanned(clean, rng, blur=blur * args.dpi / 300, noise=noise, jpeg_quality=quality)
                done = process_page(engine, img, args.dpi, page, PageOptions())
                assert done.ocr is not None
                confidence, words = ocr_confidence(done.ocr)
                print(f"{blur:5.1f} {noise:5d} {quality:4d} {confidence or 0:10.1f} "
                      f"{100 * accuracy(truth, done.ocr.text):7.1f}%  ({words} words)", flush=True)
    print(f"{time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
