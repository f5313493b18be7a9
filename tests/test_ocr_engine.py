"""The Tesseract wrapper on pages that hold no text: speckles in a margin must not crash a check or a capture."""

from __future__ import annotations

import numpy as np
from PIL import Image

from app.checks.numbers import printed_number
from app.imaging.ocr import OcrEngine


def test_read_line_on_speckle_noise_returns_quietly() -> None:
    speckles = (np.random.default_rng(0).random((60, 900)) > 0.93).astype(np.uint8) * 255
    with OcrEngine() as engine:
        words = engine.read_line(Image.fromarray(255 - speckles), 300)
        assert all(0 <= w.confidence <= 100 for w in words)
        assert printed_number(words, 900, 60) == (None, None)  # speckles are never read as a page number
        blank = engine.recognize(Image.new("L", (600, 800), 255), 300)
        assert blank.words == [] and blank.mean_confidence is None
