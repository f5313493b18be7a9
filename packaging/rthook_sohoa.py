"""Runtime hook of the frozen station: the bundled Tesseract program and fonts are found before system ones, and a
windowed build (no console: sys.stdout/stderr are None) does not crash when a library prints."""

from __future__ import annotations

import os
import sys

_root = getattr(sys, "_MEIPASS", "")
if _root:
    _tesseract = os.path.join(_root, "tesseract")
    if os.path.isdir(_tesseract):
        os.environ["PATH"] = _tesseract + os.pathsep + os.environ.get("PATH", "")
    os.environ.setdefault("SOHOA_FONTS_DIR", os.path.join(_root, "fonts"))

for _name in ("stdout", "stderr"):
    if getattr(sys, _name) is None:
        setattr(sys, _name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - lives as long as the process
