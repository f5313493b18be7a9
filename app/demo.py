"""The embedded demo: what a fresh station shows with no scanner, no certificate and no server configured.

Generated sample pages feed a simulated feeder; the flow runs as at the counter and reports each step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.config import Settings
from app.samples import write_sample_stack

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
