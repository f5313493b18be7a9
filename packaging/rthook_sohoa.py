"""Runtime hook of the frozen station: the bundled Tesseract program and fonts are found before system ones, and a
windowed build (no console: sys.stdout/stderr are None) does not crash when a library prints."""

from __future__ import annotations

import os
import sys
from pathlib import Path

_root = getattr(sys, "_MEIPASS", "")
if _root:
    _tesseract = Path(_root) / "tesseract"
    if _tesseract.is_dir():
        os.environ["PATH"] = str(_tesseract) + os.pathsep + os.environ.get("PATH", "")
    os.environ.setdefault("SOHOA_FONTS_DIR", str(Path(_root) / "fonts"))

for _name in ("stdout", "stderr"):
    if getattr(sys, _name) is None:
        setattr(sys, _name, open(os.devnull, "w", encoding="utf-8"))  # lives as long as the process
