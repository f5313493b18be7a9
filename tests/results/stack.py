"""A generated feeder stack of decisions with separator sheets, as an archive clerk's run would give it."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from app.checks.stackgen import scanned
from app.results.decisions import Decision, decision_pdf, make_decision, render_pdf
from app.results.separator import Separator, separator_pdf

DPI = 150


@dataclass
class Stack:
    folder: Path
    decisions: list[Decision] = field(default_factory=list)
    pages: list[Path] = field(default_factory=list)


def sheet(tmp: Path, separator: Separator) -> Image.Image:
    separator_pdf(tmp / "sheet.pdf", [separator])
    return render_pdf((tmp / "sheet.pdf").read_bytes(), DPI)[0]


def blank() -> Image.Image:
    return Image.new("RGB", (round(210 / 25.4 * DPI), round(297 / 25.4 * DPI)), (250, 249, 245))


def write_stack(folder: Path, plan: list[object], seed: int = 1) -> Stack:
    """``plan``: decisions as their page count (int), separators (Separator, or ("rot180", Separator)), "blank"."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    stack = Stack(folder)
    images: list[Image.Image] = []
    for n, item in enumerate(plan):
        if isinstance(item, int):
            decision = make_decision(seed * 100 + n)
            stack.decisions.append(decision)
            images += render_pdf(decision_pdf(decision, item), DPI)
        elif isinstance(item, Separator):
            images.append(scanned(sheet(folder, item), rng))  # a scanner's look where the detection works
        elif isinstance(item, tuple):
            images.append(scanned(sheet(folder, item[1]).rotate(180), rng))
        elif item == "blank":
            images.append(scanned(blank(), rng))
    (folder / "sheet.pdf").unlink(missing_ok=True)
    for n, image in enumerate(images, start=1):
        path = folder / f"page-{n:03d}.png"
        image.save(path, dpi=(DPI, DPI))
        stack.pages.append(path)
    return stack
