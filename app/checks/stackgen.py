"""Labelled test stacks for the checks: generated pages (app.imaging.samples) degraded like a scanner, with one
defect planted per stack and the findings it must produce written beside the pages (``labels.json``)."""

from __future__ import annotations

import json
import multiprocessing as mp
import random
from collections.abc import Callable, Collection
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from app.checks import findings as f
from app.core.processes import end_with_parent
from app.imaging.samples import PageSpec, _font, degrade, render_page

PAGE_DEFECTS = (f.BLANK_PAGE, f.CUT_OFF, f.SKEW, f.UPSIDE_DOWN, f.SIDEWAYS, f.TOO_DARK, f.TOO_LIGHT,
                f.LOW_RESOLUTION, f.NOT_COLOR, f.LOW_OCR_CONFIDENCE)
SET_DEFECTS = (f.DUPLICATE_PAGE, f.MISSING_PAGE, f.OUT_OF_ORDER, f.PAGE_COUNT_MISMATCH)
NUMBER_STYLES = ("trang", "nd30", "dash", "none")
TONES = ((246, 243, 233), (250, 249, 245), (240, 238, 228), (244, 244, 244))


@dataclass
class Expected:
    code: str
    pages: list[int | None]  # a finding of this code on any of these pages counts (None: the set)


@dataclass
class StackLabels:
    name: str
    dpi: int
    declared_pages: int
    defect: str  # "clean" or the planted code
    expected: list[Expected] = field(default_factory=list)
    defect_pages: list[int] = field(default_factory=list)  # pages where other codes may legitimately show


def _number_page(img: Image.Image, spec: PageSpec, style: str) -> Image.Image:
    """Add the printed page number in one of the styles Vietnamese papers use."""
    if style in ("trang", "none") or (style == "nd30" and spec.number == 1):
        return img
    draw = ImageDraw.Draw(img)
    mm = spec.dpi / 25.4
    font = _font(round(4.6 * mm))
    label = str(spec.number) if style == "nd30" else f"- {spec.number} -"
    width = draw.textlength(label, font=font)
    y = 10 * mm if style == "nd30" else img.height - 18 * mm
    draw.text(((img.width - width) / 2, y), label, fill="black", font=font)
    return img


def clean_page(number: int, total: int, seed: int, dpi: int, style: str) -> Image.Image:
    spec = PageSpec(number=number, total=total, seed=seed, dpi=dpi, page_label=style == "trang",
                    paragraphs=random.Random(seed * 31 + number).randint(3, 7), seal=number == total)
    return _number_page(render_page(spec)[0], spec, style)


def scanned(img: Image.Image, rng: random.Random, **overrides: object) -> Image.Image:
    """A scanner's look with varied paper, noise, blur, JPEG and a small skew."""
    params: dict[str, object] = {"noise": rng.uniform(2.0, 8.0), "blur": rng.uniform(0.3, 1.0),
                                 "tone": TONES[rng.randrange(len(TONES))], "skew_deg": rng.uniform(-0.6, 0.6),
                                 "jpeg_quality": rng.choice((None, 70, 85, 92))}
    params.update(overrides)
    out = degrade(img, rng.randrange(1 << 30), **params)  # type: ignore[arg-type]
    noise = np.random.default_rng(rng.randrange(1 << 30)).standard_normal((out.height, out.width, 3), np.float32)
    sensor = np.asarray(out.convert("RGB"), np.float32) + noise * rng.uniform(0.8, 2.0)  # per channel, as CCD/CIS
    return Image.fromarray(np.clip(sensor, 0, 255).astype(np.uint8))


def _shift(img: Image.Image, rng: random.Random, dpi: int) -> Image.Image:
    """A sheet shifted in the feeder: the content runs over one edge of the scan, partly visible."""
    mm = dpi / 25.4
    ink = np.asarray(img.convert("L")) < 128
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    edge = rng.choice(("left", "right", "top", "bottom"))
    over = rng.uniform(2, 12) * mm if edge in ("left", "right") else rng.uniform(1, 3) * mm  # lines are ~5 mm tall
    dx, dy = {"left": (-(cols[0] + over), 0), "right": (img.width - cols[-1] + over, 0),
              "top": (0, -(rows[0] + over)), "bottom": (0, img.height - rows[-1] + over)}[edge]
    out = Image.new("RGB", img.size, "white")
    out.paste(img, (round(dx), round(dy)))
    return out


def _bleed_through(size: tuple[int, int], rng: random.Random, dpi: int, seed: int) -> Image.Image:
    """The back of a one-sided sheet: the front's text mirrored, diffused by the paper, faint."""
    front = clean_page(1, 1, seed, dpi, "trang").transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    front = front.resize(size).filter(ImageFilter.GaussianBlur(rng.uniform(1.0, 2.5) * dpi / 300))
    strength = rng.uniform(0.04, 0.14)
    arr = 255.0 - (255.0 - np.asarray(front.convert("L"), dtype=np.float32)) * strength
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)).convert("RGB")


def _scale_tone(img: Image.Image, dark: bool, rng: random.Random) -> Image.Image:
    arr = np.asarray(img, dtype=np.float32)
    if dark:
        arr = arr * rng.uniform(0.3, 0.5)
    else:
        arr = 255.0 - (255.0 - arr) * rng.uniform(0.28, 0.38)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def plant_page(code: str, img: Image.Image, rng: random.Random, dpi: int, seed: int) -> tuple[Image.Image, int]:
    """One page showing ``code``; returns the image and the dpi it is stored at."""
    plants: dict[str, Callable[[], Image.Image]] = {
        f.BLANK_PAGE: lambda: scanned(_bleed_through(img.size, rng, dpi, seed), rng),
        f.CUT_OFF: lambda: scanned(_shift(img, rng, dpi), rng),
        f.SKEW: lambda: scanned(img, rng, skew_deg=rng.choice((-1, 1)) * rng.uniform(17, 30)),
        f.UPSIDE_DOWN: lambda: scanned(img, rng).rotate(180),
        f.SIDEWAYS: lambda: scanned(img, rng).rotate(rng.choice((90, 270)), expand=True),
        f.TOO_DARK: lambda: _scale_tone(scanned(img, rng), True, rng),
        f.TOO_LIGHT: lambda: _scale_tone(scanned(img, rng), False, rng),
        f.NOT_COLOR: lambda: scanned(img, rng).convert("L"),
        f.LOW_OCR_CONFIDENCE: lambda: scanned(img, rng, blur=rng.uniform(5.0, 6.5) * dpi / 300,
                                              noise=rng.uniform(40, 50), jpeg_quality=rng.choice((8, 10))),
    }
    if code == f.LOW_RESOLUTION:
        low = rng.choice((100, 120, 150))
        return scanned(img.resize((img.width * low // dpi, img.height * low // dpi), Image.Resampling.LANCZOS),
                       rng), low
    return plants[code](), dpi


def write_stack(folder: Path, defect: str, seed: int, *, dpi: int = 300, pages: int = 4,
                style: str | None = None) -> StackLabels:
    """Write one stack of page images and its ``labels.json``; ``defect`` is a code or "clean"."""
    rng = random.Random(seed)
    style = style or (NUMBER_STYLES[seed % 3] if defect in (f.MISSING_PAGE, f.OUT_OF_ORDER)
                      else NUMBER_STYLES[seed % len(NUMBER_STYLES)])
    originals = [clean_page(n, pages, seed, dpi, style) for n in range(1, pages + 1)]
    images: list[tuple[Image.Image, int]] = [(scanned(img, rng), dpi) for img in originals]
    labels = StackLabels(folder.name, dpi, pages, defect)
    target = rng.randrange(1, pages) if pages > 1 else 0
    if defect == f.BLANK_PAGE:  # the back of a one-sided sheet, scanned in duplex: not a page of the original
        images.insert(target + 1, plant_page(defect, originals[target], rng, dpi, seed))
        labels.defect_pages = [target + 2]
        labels.expected += [Expected(defect, [target + 2]), Expected(f.PAGE_COUNT_MISMATCH, [None])]
    elif defect in PAGE_DEFECTS:
        images[target] = plant_page(defect, originals[target], rng, dpi, seed)
        labels.defect_pages = [target + 1]
        labels.expected.append(Expected(defect, [target + 1]))
    elif defect == f.DUPLICATE_PAGE:
        again = scanned(originals[target], rng)
        images.insert(target + 1, (again, dpi))
        labels.expected += [Expected(defect, [target + 2]), Expected(f.PAGE_COUNT_MISMATCH, [None])]
        labels.defect_pages = [target + 1, target + 2]
    elif defect == f.MISSING_PAGE:
        target = rng.randrange(1, pages - 1)  # a middle page: numbers without a total cannot show a lost last one
        del images[target]
        labels.expected += [Expected(defect, [target, target + 1]), Expected(f.PAGE_COUNT_MISMATCH, [None])]
        labels.defect_pages = [target, target + 1]
    elif defect == f.OUT_OF_ORDER:
        target = rng.randrange(1 if style == "nd30" else 0, pages - 1)
        images[target], images[target + 1] = images[target + 1], images[target]
        labels.expected.append(Expected(defect, [target + 1, target + 2]))
        labels.defect_pages = [target + 1, target + 2]
    elif defect == f.PAGE_COUNT_MISMATCH:
        labels.declared_pages = pages + rng.choice((-2, -1, 1, 2))
        labels.expected.append(Expected(defect, [None]))
    folder.mkdir(parents=True, exist_ok=True)
    for number, (img, page_dpi) in enumerate(images, start=1):
        img.save(folder / f"page-{number:03d}.jpg", dpi=(page_dpi, page_dpi), quality=92)
    (folder / "labels.json").write_text(json.dumps(asdict(labels), ensure_ascii=False, indent=2), encoding="utf-8")
    return labels


def read_labels(folder: Path) -> StackLabels:
    raw = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    raw["expected"] = [Expected(**e) for e in raw["expected"]]
    return StackLabels(**raw)


def write_suite(root: Path, per_defect: int, clean: int, *, dpi: int = 300, seed: int = 1,
                workers: int | None = None, codes: Collection[str] = PAGE_DEFECTS + SET_DEFECTS) -> list[Path]:
    """``per_defect`` stacks for each code in ``codes`` plus ``clean`` stacks without any defect."""
    kinds = ("clean",) * clean + tuple(c for c in PAGE_DEFECTS + SET_DEFECTS for _ in range(per_defect))
    folders = [root / f"{index:04d}-{defect}" for index, defect in enumerate(kinds)]
    todo = [(folder, defect, seed * 100_003 + index)
            for index, (folder, defect) in enumerate(zip(folders, kinds, strict=True))
            if defect in codes or defect == "clean"]
    folders = [folder for folder, _, _ in todo]
    todo = [job for job in todo if not (job[0] / "labels.json").is_file()]
    if todo:
        with ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn"),
                                 initializer=end_with_parent) as pool:
            for future in [pool.submit(write_stack, folder, defect, s, dpi=dpi) for folder, defect, s in todo]:
                future.result()
    return folders
