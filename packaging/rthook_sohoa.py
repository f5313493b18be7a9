"""Runtime hook of the frozen station: the bundled Tesseract program and fonts are found before system ones."""

from __future__ import annotations

import os
import sys

_root = getattr(sys, "_MEIPASS", "")
if _root:
    _tesseract = os.path.join(_root, "tesseract")
    if os.path.isdir(_tesseract):
        os.environ["PATH"] = _tesseract + os.pathsep + os.environ.get("PATH", "")
    os.environ.setdefault("SOHOA_FONTS_DIR", os.path.join(_root, "fonts"))
