"""Pages for the checks tests: one clean 200-dpi page rendered once, and its planted variants."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from PIL import Image

from app.checks import Profile, load_profile
from app.checks.stackgen import clean_page, plant_page, scanned

DPI = 200


@pytest.fixture(scope="session")
def original() -> Image.Image:
    return clean_page(2, 3, seed=5, dpi=DPI, style="trang")


@pytest.fixture(scope="session")
def clean(original: Image.Image) -> Image.Image:
    return scanned(original, random.Random(1), skew_deg=0.3)


@pytest.fixture(scope="session")
def planted(original: Image.Image):  # type: ignore[no-untyped-def]
    cache: dict[str, tuple[Image.Image, int]] = {}

    def make(code: str) -> tuple[Image.Image, int]:
        if code not in cache:
            cache[code] = plant_page(code, original, random.Random(7), DPI, seed=5)
        return cache[code]

    return make


@pytest.fixture
def profile() -> Profile:
    return load_profile("standard")


@pytest.fixture
def colour_profile() -> Profile:
    return replace(load_profile("standard"), require_color=True)
