"""The embedded demo: what a fresh station shows with no scanner, no certificate and no server configured.

Generated sample pages feed a simulated feeder; the flow runs as at the counter and reports each step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.core.config import Settings
from app.imaging.samples import PageSpec, degrade, render_page, write_sample_stack

Step = Callable[[str], None]


def demo_root(settings: Settings) -> Path:
    return settings.data_path / "demo"


def ensure_sample_feeder(settings: Settings, pages: int = 4) -> Path:
    """A folder of generated Vietnamese pages for the simulated feeder (made once, then reused)."""
    folder = demo_root(settings) / "feeder"
    if len(list(folder.glob("page-*.png"))) != pages:
        for old in folder.glob("page-*"):
            old.unlink()
        write_sample_stack(folder, pages=pages, dpi=300, seed=2026)
    return folder


@dataclass
class DemoReport:
    steps: list[str] = field(default_factory=list)
    dossier_code: str = ""
    pdf: Path | None = None


DEMO_DECLARED_PAGES = 3


def ensure_demo_feeder(settings: Settings) -> Path:
    """The demo's feeder: a 3-page paper original fed as 5 images — sheet 2 fed twice (a duplicate) and a blank
    back side with faint bleed-through — so the checks have something to find."""
    from PIL import Image, ImageFilter

    folder = demo_root(settings) / "feeder-checks"
    if len(list(folder.glob("img-*.png"))) == 5:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("img-*"):
        old.unlink()
    sheets = [render_page(PageSpec(number=n, total=3, seed=2026, dpi=300, seal=n == 3))[0] for n in (1, 2, 3)]
    blank = Image.new("RGB", sheets[0].size, "white")
    ghost = sheets[0].transpose(Image.Transpose.FLIP_LEFT_RIGHT).filter(ImageFilter.GaussianBlur(6))
    blank = Image.blend(blank, ghost, 0.04)
    stack = [degrade(sheets[0], 1), blank, degrade(sheets[1], 2), degrade(sheets[1], 3, skew_deg=0.3),
             degrade(sheets[2], 4)]
    stack[1] = degrade(stack[1], 5)
    for number, image in enumerate(stack, start=1):
        image.save(folder / f"img-{number:03d}.png", dpi=(300, 300), compress_level=1)
    return folder
