"""The Tesseract wrapper on pages that hold no text: speckles in a margin must not crash a check or a capture."""

from __future__ import annotations

import numpy as np
from PIL import Image

from app.ocr import OcrEngine


def test_read_line_on_speckle_noise_returns_quietly() -> None:
    speckles = (np.random.default_rng(0).random((60, 900)) > 0.93).astype(np.uint8) * 255
    with OcrEngine() as engine:
        words = engine.read_line(Image.fromarray(255 - speckles), 300)
        assert all(not any(ch.isdigit() for ch in w.text) or w.confidence >= 0 for w in words)
        blank = engine.recognize(Image.new("L", (600, 800), 255), 300)
        assert blank.words == [] and blank.mean_confidence is None
